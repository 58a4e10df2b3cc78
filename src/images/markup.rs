//! What a `<picture>` element lists of a set of variants: made once per
//! picture when it is planned, since pages show a picture many times (its
//! article, every list and "also read" entry naming the article).

use serde::Serialize;

use super::plan::{Format, Set};

/// The widest variant a card or list picture lists: a card is at most the
/// phone's width, about 1200 pixels on a phone of 3 device pixels per CSS pixel.
pub(crate) const SMALL_WIDTH: u32 = 1200;

/// A picture's variants, for `partials/picture.html` and the cards of lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PictureView {
    /// The fallback `<img>`: the original format, near 1200 pixels wide.
    pub(crate) src: String,
    /// The fallback's size: the true ratio of every variant.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// `url 480w, url 800w, ...` in the original format.
    pub(crate) srcset: String,
    /// The modern formats, best first: `type` (`image/avif`) and `srcset`.
    pub(crate) sources: Vec<SourceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SourceView {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) srcset: String,
}

impl PictureView {
    /// The variants of `set` no wider than `max` (the narrowest at least),
    /// the fallback the widest of them in the original format; URLs under
    /// the site's `root` path.
    pub(crate) fn new(root: &str, set: &Set, max: u32) -> Self {
        let url = |rel: &str| crate::paths::url_in(root, rel);
        let narrowest = set.of(set.original).next().map_or(0, |v| v.width);
        let max = max.max(narrowest);
        let srcset = |f| {
            let list: Vec<String> = set
                .of(f)
                .filter(|v| v.width <= max)
                .map(|v| format!("{} {}w", url(&v.rel_path), v.width))
                .collect();
            list.join(", ")
        };
        let mut formats: Vec<Format> = Vec::new();
        for v in &set.variants {
            if v.format != set.original && !formats.contains(&v.format) {
                formats.push(v.format);
            }
        }
        let fallback = set.fallback();
        let fallback = match set.of(set.original).filter(|v| v.width <= max).last() {
            Some(v) if v.width < fallback.width => v,
            _ => fallback,
        };
        PictureView {
            src: url(&fallback.rel_path),
            width: fallback.width,
            height: fallback.height,
            srcset: srcset(set.original),
            sources: formats
                .into_iter()
                .map(|f| SourceView {
                    kind: f.mime(),
                    srcset: srcset(f),
                })
                .collect(),
        }
    }
}

/// A [`PictureView`] as the template value every page showing the picture
/// shares: made once, so a page's variables clone it (Tera passes a value
/// through) instead of serialising its lists of variants again for each use.
/// Its digest is made with it, for the build cache's digests of the values
/// holding it (see `render::record`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PictureValue {
    value: tera::Value,
    digest: u128,
}

impl PictureValue {
    fn new(view: &PictureView) -> Self {
        let value = tera::Value::from_serializable(view);
        let digest = crate::render::record::digest(&value);
        PictureValue { value, digest }
    }

    pub(crate) fn digest(&self) -> u128 {
        self.digest
    }
}

impl Serialize for PictureValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// What pages list of each set of a picture.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Markup {
    /// The whole picture (pictures in the body).
    pub(crate) full: Option<PictureValue>,
    /// The 16:9 crop at every width (lead images).
    pub(crate) wide: Option<PictureValue>,
    /// The 16:9 crop up to [`SMALL_WIDTH`] (cards and lists).
    pub(crate) small: Option<PictureValue>,
    /// The square crop (authors' photos).
    pub(crate) square: Option<PictureValue>,
}

impl Markup {
    pub(crate) fn new(
        root: &str,
        full: Option<&Set>,
        wide: Option<&Set>,
        square: Option<&Set>,
    ) -> Self {
        let value = |s: &Set, max| PictureValue::new(&PictureView::new(root, s, max));
        Markup {
            full: full.map(|s| value(s, u32::MAX)),
            wide: wide.map(|s| value(s, u32::MAX)),
            small: wide.map(|s| value(s, SMALL_WIDTH)),
            square: square.map(|s| value(s, u32::MAX)),
        }
    }
}
