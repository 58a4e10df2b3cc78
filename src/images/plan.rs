//! What is published of a picture: the variants' sizes, crops and names.

use crate::config::{ImagesConfig, Modern};
use crate::content::image::Focus;

/// Bumped when encoding changes, so cached variants and URLs change with it.
const ENCODER_VERSION: u32 = 1;

/// Google's minimum width for article images in Discover and rich results.
pub(crate) const GOOGLE_WIDTH: u32 = 1200;

/// An encoded file's format; its number is part of a variant's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Format {
    Avif = 1,
    Webp = 2,
    Jpeg = 3,
    Png = 4,
}

impl Format {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    fn of(m: Modern) -> Format {
        match m {
            Modern::Avif => Format::Avif,
            Modern::Webp => Format::Webp,
        }
    }
}

/// A part of the source, in its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rect {
    pub(crate) x: u32,
    pub(crate) y: u32,
    pub(crate) w: u32,
    pub(crate) h: u32,
}

impl Rect {
    /// The largest `rw:rh` part of a `w`×`h` source whose centre is nearest `focus`.
    pub(crate) fn crop(w: u32, h: u32, (rw, rh): (u32, u32), focus: Focus) -> Rect {
        let (w64, h64) = (u64::from(w), u64::from(h));
        let (cw, ch) = if w64 * u64::from(rh) <= h64 * u64::from(rw) {
            (w64, (w64 * u64::from(rh) / u64::from(rw)).max(1))
        } else {
            ((h64 * u64::from(rw) / u64::from(rh)).max(1), h64)
        };
        let place = |size: u64, part: u64, f: f64| {
            let start = (f * size as f64 - part as f64 / 2.0).round().max(0.0) as u64;
            start.min(size - part) as u32
        };
        let [fx, fy] = focus.0;
        Rect {
            x: place(w64, cw, fx),
            y: place(h64, ch, fy),
            w: cw as u32,
            h: ch as u32,
        }
    }
}

/// One published file of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Its path under the output folder.
    pub(crate) rel_path: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) format: Format,
    /// Names it in the cache and in its URL: a BLAKE3 hash of the source's
    /// bytes and everything below, the same on every machine.
    pub(crate) key: u128,
    pub(crate) rect: Rect,
    /// The BLAKE3 hash of the source's bytes it is made from.
    pub(crate) source: [u8; 32],
}

/// A picture's variants at every width, in each format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Set {
    pub(crate) variants: Vec<Variant>,
    /// The fallback format (the source's: JPEG, or PNG).
    pub(crate) original: Format,
}

impl Set {
    /// The variants of format `f`, narrowest first.
    pub(crate) fn of(&self, f: Format) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == f)
    }

    /// The `<img src>`: the widest original no wider than Google's width,
    /// else the narrowest.
    pub(crate) fn fallback(&self) -> &Variant {
        let mut originals = self.of(self.original);
        let first = originals.next().expect("a set has an original");
        originals
            .filter(|v| v.width <= GOOGLE_WIDTH)
            .last()
            .unwrap_or(first)
    }
}

/// What a variant is made from, for its key and name.
pub(crate) struct Source<'a> {
    pub(crate) stem: &'a str,
    pub(crate) hash: [u8; 32],
    pub(crate) original: Format,
}

impl Source<'_> {
    /// The set of `rect` at the configured widths (never wider than `rect`,
    /// which is added when narrower than the widest), in every format.
    pub(crate) fn set(&self, rect: Rect, config: &ImagesConfig) -> Set {
        self.set_at(rect, &config.widths, config)
    }

    /// [`Source::set`] at the widths `at` instead of the configured ones.
    pub(crate) fn set_at(&self, rect: Rect, at: &[u32], config: &ImagesConfig) -> Set {
        let widest = at.last().copied().unwrap_or(rect.w);
        let mut widths: Vec<u32> = at.iter().copied().filter(|&w| w <= rect.w).collect();
        if rect.w < widest && widths.last() != Some(&rect.w) {
            widths.push(rect.w);
        }
        let formats = config.formats.iter().map(|&m| Format::of(m));
        let formats: Vec<Format> = formats.chain([self.original]).collect();
        let variants = formats
            .iter()
            .flat_map(|&f| {
                widths
                    .iter()
                    .map(move |&w| self.variant(rect, w, f, config))
            })
            .collect();
        Set {
            variants,
            original: self.original,
        }
    }

    /// One file of `rect`, `width` wide, in format `f`.
    pub(crate) fn variant(
        &self,
        rect: Rect,
        width: u32,
        f: Format,
        config: &ImagesConfig,
    ) -> Variant {
        let height = ((u64::from(width) * u64::from(rect.h) + u64::from(rect.w) / 2)
            / u64::from(rect.w))
        .max(1) as u32;
        let quality = match f {
            Format::Avif => config.avif_quality,
            Format::Webp => config.webp_quality,
            Format::Jpeg => config.jpeg_quality,
            Format::Png => 0,
        };
        let made = (rect, (width, height), f, quality);
        let key = variant_key(ENCODERS, &self.hash, made);
        Variant {
            rel_path: format!("img/{}-{width}-{:016x}.{}", self.stem, key >> 64, f.ext()),
            width,
            height,
            format: f,
            key,
            rect,
            source: self.hash,
        }
    }
}

/// The decoders and encoders, by crate and version (build.rs): with how
/// they are set, what else decides a variant's bytes.
const ENCODERS: &str = env!("DATELINE_ENCODERS");

/// What a variant is made as: its crop, size, format and quality.
type Made = (Rect, (u32, u32), Format, u8);

/// The key of a variant: every input that makes it, in a fixed byte order
/// (lengths before text), so a name is the same on every platform.
fn variant_key(encoders: &str, source: &[u8; 32], (r, (w, h), f, quality): Made) -> u128 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&ENCODER_VERSION.to_le_bytes());
    hasher.update(&(encoders.len() as u64).to_le_bytes());
    hasher.update(encoders.as_bytes());
    hasher.update(&[super::encode::AVIF_SPEED]);
    hasher.update(b"lanczos3");
    hasher.update(source);
    for n in [r.x, r.y, r.w, r.h, w, h] {
        hasher.update(&n.to_le_bytes());
    }
    hasher.update(&[f as u8, quality]);
    let digest = hasher.finalize();
    let mut first = [0; 16];
    first.copy_from_slice(&digest.as_bytes()[..16]);
    u128::from_be_bytes(first)
}

/// A file name's stem, reduced to the characters every URL and file system keeps.
pub(crate) fn stem(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let s: String = stem
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .take(60)
        .collect();
    if s.is_empty() { "image".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crops_keep_the_focus_inside_the_source() {
        let r = Rect::crop(4000, 2667, (16, 9), Focus::CENTRE);
        assert_eq!((r.w, r.h, r.x), (4000, 2250, 0));
        assert_eq!(r.y, 209);
        let r = Rect::crop(4000, 2667, (1, 1), Focus([0.0, 0.5]));
        assert_eq!((r.x, r.y, r.w, r.h), (0, 0, 2667, 2667));
        let r = Rect::crop(4000, 2667, (1, 1), Focus([1.0, 0.5]));
        assert_eq!(r.x, 4000 - 2667);
    }

    #[test]
    fn widths_are_never_upscaled() {
        let c = ImagesConfig::default();
        let s = Source {
            stem: "x",
            hash: [1; 32],
            original: Format::Jpeg,
        };
        let set = s.set(
            Rect {
                x: 0,
                y: 0,
                w: 1000,
                h: 500,
            },
            &c,
        );
        let w: Vec<u32> = set.of(Format::Jpeg).map(|v| v.width).collect();
        assert_eq!(w, [480, 800, 1000]);
        assert_eq!(set.fallback().width, 1000);
        assert_eq!(set.variants.len(), 9);
    }

    #[test]
    fn a_variant_is_named_alike_everywhere_and_anew_when_anything_that_makes_it_changes_encoders_too()
     {
        let c = ImagesConfig::default();
        let s = Source {
            stem: "ferry",
            hash: *blake3::hash(b"the source's bytes").as_bytes(),
            original: Format::Jpeg,
        };
        let rect = Rect {
            x: 0,
            y: 10,
            w: 1600,
            h: 900,
        };
        let v = s.variant(rect, 800, Format::Avif, &c);
        // Fixed bytes in a fixed order: a key is the same on any platform
        // (this one computed apart, with Python's blake3), and another
        // encoder's version gives another.
        let made = (rect, (800, 450), Format::Avif, 60);
        let key = variant_key("image 0.25.10", &s.hash, made);
        assert_eq!(format!("{key:032x}"), "c1a9471e4f8248229101addb8c729d9a");
        assert_ne!(variant_key("image 0.25.11", &s.hash, made), key);
        assert_eq!(v.key, variant_key(ENCODERS, &s.hash, made));
        assert_eq!(
            v.rel_path,
            format!("img/ferry-800-{:016x}.avif", v.key >> 64)
        );
        assert!(
            ENCODERS.contains("ravif ") && ENCODERS.contains("image "),
            "{ENCODERS}"
        );
        let other_bytes = Source {
            hash: *blake3::hash(b"other bytes").as_bytes(),
            ..s
        };
        let mut lower = c.clone();
        lower.avif_quality -= 1;
        let moved = Rect { y: 11, ..rect };
        let others = [
            other_bytes.variant(rect, 800, Format::Avif, &c),
            s.variant(rect, 800, Format::Avif, &lower),
            s.variant(moved, 800, Format::Avif, &c),
            s.variant(rect, 800, Format::Webp, &c),
        ];
        for o in &others {
            assert_ne!(o.key, v.key);
            assert_ne!(o.rel_path, v.rel_path);
        }
    }
}
