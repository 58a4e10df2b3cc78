//! Decodes a source once and encodes the variants the cache lacks.

use std::path::Path;

use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder};
use rayon::prelude::*;

use super::plan::{Format, Rect, Variant};
use crate::config::ImagesConfig;

/// AVIF speed 9 of 10: rav1e's default (6) takes several seconds for one
/// 2000-pixel picture; 9 takes 1.7 s for files half the size of speed 10's
/// (`examples/encode_timing.rs`), so a newsroom's pictures encode in
/// seconds, in the debug builds tests and CI run too.
pub(crate) const AVIF_SPEED: u8 = 9;

/// Each variant of `todo` encoded from the source at `path`, in parallel;
/// each encoder runs on one thread, so the result does not depend on the
/// number of cores.
pub(crate) fn variants(
    path: &Path,
    todo: &[&Variant],
    config: &ImagesConfig,
) -> Result<Vec<(u128, Vec<u8>)>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Encoded from the bytes the variants' keys were made from, or not at
    // all: a picture saved again meanwhile would fill the cache with
    // another picture's variants under these keys.
    let read = *blake3::hash(&bytes).as_bytes();
    if todo.iter().any(|v| v.source != read) {
        return Err(format!(
            "{} changed while the build was reading it: build again",
            path.display()
        ));
    }
    let source = decode_bytes(path, bytes)?;
    // One resize for every format of a size.
    let mut sizes: Vec<(Rect, u32, u32)> =
        todo.iter().map(|v| (v.rect, v.width, v.height)).collect();
    sizes.sort_unstable_by_key(|&(r, w, h)| (r.x, r.y, r.w, r.h, w, h));
    sizes.dedup();
    let done: Vec<Vec<(u128, Vec<u8>)>> = sizes
        .par_iter()
        .map(|&(rect, w, h)| {
            let scaled = scale(&source, rect, w, h);
            todo.iter()
                .filter(|v| (v.rect, v.width, v.height) == (rect, w, h))
                .map(|v| Ok((v.key, encode(&scaled, v.format, config)?)))
                .collect::<Result<Vec<_>, String>>()
        })
        .collect::<Result<_, String>>()?;
    Ok(done.into_iter().flatten().collect())
}

/// The picture at `path`, upright as its EXIF orientation says.
pub(crate) fn decode(path: &Path) -> Result<DynamicImage, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    decode_bytes(path, bytes)
}

/// [`decode`] of the bytes read from `path`.
fn decode_bytes(path: &Path, bytes: Vec<u8>) -> Result<DynamicImage, String> {
    use image::ImageDecoder;
    let corrupt = |e: image::ImageError| format!("{} is corrupt: {e}", path.display());
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .into_decoder()
        .map_err(corrupt)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// `rect` of `source`, resized to `w`×`h`.
fn scale(source: &DynamicImage, rect: Rect, w: u32, h: u32) -> DynamicImage {
    let part = source.crop_imm(rect.x, rect.y, rect.w, rect.h);
    if (rect.w, rect.h) == (w, h) {
        return part;
    }
    part.resize_exact(w, h, FilterType::Lanczos3)
}

fn encode(img: &DynamicImage, f: Format, config: &ImagesConfig) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let alpha = img.color().has_alpha() && f != Format::Jpeg;
    let (w, h) = (img.width(), img.height());
    let pixels = match alpha {
        true => img.to_rgba8().into_raw(),
        false => img.to_rgb8().into_raw(),
    };
    let color = match alpha {
        true => image::ExtendedColorType::Rgba8,
        false => image::ExtendedColorType::Rgb8,
    };
    let result = match f {
        Format::Jpeg => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, config.jpeg_quality)
                .write_image(&pixels, w, h, color)
        }
        Format::Png => {
            image::codecs::png::PngEncoder::new(&mut out).write_image(&pixels, w, h, color)
        }
        Format::Avif => avif(img, config.avif_quality).map(|b| out = b),
        Format::Webp => {
            let layout = if alpha {
                webp::PixelLayout::Rgba
            } else {
                webp::PixelLayout::Rgb
            };
            let encoded =
                webp::Encoder::new(&pixels, layout, w, h).encode(f32::from(config.webp_quality));
            out.extend_from_slice(&encoded);
            Ok(())
        }
    };
    result.map_err(|e| format!("cannot encode a {} variant: {e}", f.ext()))?;
    Ok(out)
}

/// An AVIF file: 8-bit colour, alpha only when a pixel is not opaque.
fn avif(img: &DynamicImage, quality: u8) -> image::ImageResult<Vec<u8>> {
    let rgba = img.to_rgba8();
    let (w, h) = (rgba.width() as usize, rgba.height() as usize);
    let pixels: Vec<ravif::RGBA8> = rgba
        .pixels()
        .map(|p| ravif::RGBA8::new(p[0], p[1], p[2], p[3]))
        .collect();
    let encoded = ravif::Encoder::new()
        .with_quality(f32::from(quality))
        .with_alpha_quality(f32::from(quality))
        .with_speed(AVIF_SPEED)
        .with_bit_depth(ravif::BitDepth::Eight)
        .with_num_threads(Some(1))
        .encode_rgba(ravif::Img::new(&pixels, w, h));
    encoded.map(|e| e.avif_file).map_err(|e| {
        let e = image::error::EncodingError::new(image::ImageFormat::Avif.into(), e);
        image::ImageError::Encoding(e)
    })
}
