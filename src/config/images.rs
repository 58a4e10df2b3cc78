//! `[images]`: the widths, formats and qualities of published picture variants.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    widths: Option<Spanned<Vec<Spanned<i64>>>>,
    portrait_widths: Option<Spanned<Vec<Spanned<i64>>>>,
    formats: Option<Vec<Spanned<String>>>,
    quality: Option<RawQuality>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuality {
    avif: Option<Spanned<i64>>,
    webp: Option<Spanned<i64>>,
    jpeg: Option<Spanned<i64>>,
}

/// A modern format offered in a `<source>` before the original's fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Modern {
    Avif,
    Webp,
}

/// How pictures are published (`[images]` in config.toml).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImagesConfig {
    /// Variant widths, ascending; none is wider than its source.
    pub(crate) widths: Vec<u32>,
    /// The widths of authors' square photos, ascending: a byline shows
    /// them a few dozen pixels wide, an author page a few hundred.
    pub(crate) portrait_widths: Vec<u32>,
    /// The `<source>` formats, best first; the original format is always the fallback.
    pub(crate) formats: Vec<Modern>,
    pub(crate) avif_quality: u8,
    pub(crate) webp_quality: u8,
    pub(crate) jpeg_quality: u8,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 800, 1200, 1600, 2000],
            portrait_widths: vec![96, 192, 400],
            formats: vec![Modern::Avif, Modern::Webp],
            avif_quality: 60,
            webp_quality: 75,
            jpeg_quality: 80,
        }
    }
}

pub(super) fn resolve(
    raw: RawImages,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> ImagesConfig {
    let d = ImagesConfig::default();
    let widths = match raw.widths {
        None => d.widths,
        Some(list) => checked_widths("widths", list, fail).unwrap_or(d.widths),
    };
    let portrait_widths = match raw.portrait_widths {
        None => d.portrait_widths,
        Some(list) => checked_widths("portrait_widths", list, fail).unwrap_or(d.portrait_widths),
    };
    let formats = match raw.formats {
        None => d.formats,
        Some(list) => list.into_iter().filter_map(|f| format(f, fail)).collect(),
    };
    let q = raw.quality.unwrap_or_default();
    ImagesConfig {
        widths,
        portrait_widths,
        formats,
        avif_quality: quality("avif", q.avif, d.avif_quality, fail),
        webp_quality: quality("webp", q.webp, d.webp_quality, fail),
        jpeg_quality: quality("jpeg", q.jpeg, d.jpeg_quality, fail),
    }
}

fn checked_widths(
    key: &str,
    list: Spanned<Vec<Spanned<i64>>>,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> Option<Vec<u32>> {
    let span = list.span();
    let list = list.into_inner();
    let written = list.len();
    let mut out = Vec::new();
    for w in list {
        match *w.get_ref() {
            n @ 16..=10_000 => out.push(n as u32),
            n => {
                let m = format!("`images.{key}` are pixel widths from 16 to 10000, not {n}");
                fail(Some(w.span()), m);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    if out.is_empty() {
        // A list of bad widths has its errors already.
        if written == 0 {
            let m = format!("`images.{key}` needs at least one width");
            fail(Some(span), m);
        }
        return None;
    }
    Some(out)
}

fn format(
    f: Spanned<String>,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> Option<Modern> {
    match f.get_ref().as_str() {
        "avif" => Some(Modern::Avif),
        "webp" => Some(Modern::Webp),
        other => {
            let m = format!(
                "`images.formats` lists \"avif\" and \"webp\" (the original format is always published), not `{}`",
                other.escape_debug()
            );
            fail(Some(f.span()), m);
            None
        }
    }
}

fn quality(
    key: &str,
    value: Option<Spanned<i64>>,
    default: u8,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> u8 {
    match value.map(|v| (v.span(), v.into_inner())) {
        None => default,
        Some((_, n @ 1..=100)) => n as u8,
        Some((span, n)) => {
            fail(
                Some(span),
                format!("`images.quality.{key}` must be from 1 to 100, not {n}"),
            );
            default
        }
    }
}
