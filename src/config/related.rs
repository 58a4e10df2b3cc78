//! `[related]`: how the computed "also read" list is made.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRelated {
    count: Option<Spanned<i64>>,
    include_newer: Option<bool>,
    half_life_days: Option<Spanned<f64>>,
    weights: Option<RawWeights>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    category: Option<Spanned<f64>>,
    tags: Option<Spanned<f64>>,
    authors: Option<Spanned<f64>>,
    text: Option<Spanned<f64>>,
}

/// How the computed "also read" list is made (`[related]` in config.toml).
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedConfig {
    /// Length of the "also read" list: explicit entries, topped up with computed ones.
    pub(crate) count: usize,
    /// Also suggest articles newer than the article (pages then change as news arrives).
    pub(crate) include_newer: bool,
    pub(crate) half_life_days: f64,
    pub(crate) weights: Weights,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    pub(crate) category: f64,
    pub(crate) tags: f64,
    pub(crate) authors: f64,
    pub(crate) text: f64,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            count: 5,
            include_newer: false,
            half_life_days: 30.0,
            weights: Weights {
                category: 1.0,
                tags: 1.5,
                authors: 0.5,
                text: 4.0,
            },
        }
    }
}

pub(super) fn resolve_related(
    raw: RawRelated,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> RelatedConfig {
    let RawRelated {
        count,
        include_newer,
        half_life_days,
        weights,
    } = raw;
    let d = RelatedConfig::default();
    let count = match count.map(|c| (c.span(), c.into_inner())) {
        Some((_, n)) if n >= 0 => n as usize,
        Some((span, n)) => {
            fail(
                Some(span),
                format!("`related.count` must be 0 or more, not {n}"),
            );
            d.count
        }
        None => d.count,
    };
    let mut positive = |key: &str, v: Option<Spanned<f64>>, default: f64, allow_zero: bool| {
        let Some(v) = v else { return default };
        match *v.get_ref() {
            x if x.is_finite() && (x > 0.0 || (allow_zero && x == 0.0)) => x,
            x => {
                let need = if allow_zero {
                    "0 or more"
                } else {
                    "more than 0"
                };
                fail(
                    Some(v.span()),
                    format!("`{key}` must be a number {need}, not {x}"),
                );
                default
            }
        }
    };
    let half_life_days = positive("half_life_days", half_life_days, d.half_life_days, false);
    let RawWeights {
        category,
        tags,
        authors,
        text,
    } = weights.unwrap_or_default();
    let dw = &d.weights;
    let weights = Weights {
        category: positive("category", category, dw.category, true),
        tags: positive("tags", tags, dw.tags, true),
        authors: positive("authors", authors, dw.authors, true),
        text: positive("text", text, dw.text, true),
    };
    RelatedConfig {
        count,
        include_newer: include_newer.unwrap_or(d.include_newer),
        half_life_days,
        weights,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse;

    #[test]
    fn related_weights_are_checked() {
        let c = parse("[related]\ncount = 3\n[related.weights]\ntext = 2.5\n").unwrap();
        assert_eq!(c.related.count, 3);
        assert_eq!(c.related.weights.text, 2.5);
        let e = parse("[related.weights]\ntags = -1\n").unwrap_err();
        assert_eq!(e[0].location.line, 2);
        assert!(e[0].message.contains("`tags`"), "{}", e[0].message);
    }
}
