//! What a source image is, read from its header before anything is decoded.

use std::io::Cursor;
use std::path::Path;

use super::plan::Format;

/// Pictures larger than this are refused before decoding: a 100-megapixel
/// RGBA image takes 400 MB, which a build on a small machine cannot spare.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// A source image, as its bytes and header say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Probe {
    pub(crate) kind: Kind,
    /// Its bytes' BLAKE3 hash: variants are named by it, so they change
    /// when it does, and no other file's bytes can be made to give it.
    pub(crate) hash: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Kind {
    /// JPEG or PNG: decoded and published as variants.
    Raster {
        width: u32,
        height: u32,
        original: Format,
    },
    /// SVG, GIF and other formats published as they are, with their size when known.
    Plain {
        width: Option<u32>,
        height: Option<u32>,
    },
}

/// Reads `path` (whole, to hash it) and its header.
pub(crate) fn probe(path: &Path) -> Result<Probe, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let hash = *blake3::hash(&bytes).as_bytes();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = match ext.as_str() {
        "jpg" | "jpeg" => raster(&bytes, path, Format::Jpeg)?,
        "png" => raster(&bytes, path, Format::Png)?,
        "svg" => {
            let (width, height) = super::svg::size(&String::from_utf8_lossy(&bytes));
            Kind::Plain { width, height }
        }
        _ => plain(&bytes),
    };
    Ok(Probe { kind, hash })
}

/// A JPEG or PNG, checked to be one and not too large to decode.
fn raster(bytes: &[u8], path: &Path, expected: Format) -> Result<Kind, String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let original = match reader.format() {
        Some(image::ImageFormat::Jpeg) => Format::Jpeg,
        Some(image::ImageFormat::Png) => Format::Png,
        _ => {
            let what = if expected == Format::Jpeg {
                "JPEG"
            } else {
                "PNG"
            };
            return Err(format!(
                "{} is not a {what} image (corrupt, or another format under this name)",
                path.display()
            ));
        }
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("{} is corrupt: {e}", path.display()))?;
    // A camera's EXIF orientation turns the picture a quarter: pages show it upright.
    let (width, height) = match quarter_turned(bytes) {
        true => (height, width),
        false => (width, height),
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "{} is {width}×{height}, {} megapixels: over the limit of {} megapixels; scale it down before publishing",
            path.display(),
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    if width == 0 || height == 0 {
        return Err(format!("{} has no pixels", path.display()));
    }
    Ok(Kind::Raster {
        width,
        height,
        original,
    })
}

/// Whether the picture's EXIF orientation turns it by 90 or 270 degrees.
fn quarter_turned(bytes: &[u8]) -> bool {
    use image::ImageDecoder;
    use image::metadata::Orientation as O;
    let reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format();
    let orientation = reader
        .ok()
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.orientation().ok());
    matches!(
        orientation,
        Some(O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH)
    )
}

/// Another format (GIF, WebP, ...): its size when its header tells it.
fn plain(bytes: &[u8]) -> Kind {
    let size = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok());
    Kind::Plain {
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
    }
}
