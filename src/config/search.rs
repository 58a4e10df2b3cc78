//! `[search]`: the archive's full-text search (Pagefind's index and the
//! `/search/` page).

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSearch {
    enabled: Option<bool>,
    filters: Option<Vec<Spanned<String>>>,
    weights: Option<RawWeights>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    headline: Option<Spanned<f64>>,
    standfirst: Option<Spanned<f64>>,
}

/// What readers can narrow a search by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchFilter {
    Category,
    Author,
    Tag,
    Year,
}

impl SearchFilter {
    const ALL: [SearchFilter; 4] = [
        SearchFilter::Category,
        SearchFilter::Author,
        SearchFilter::Tag,
        SearchFilter::Year,
    ];

    /// The name in config.toml, in the index and in the search page's URL.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SearchFilter::Category => "category",
            SearchFilter::Author => "author",
            SearchFilter::Tag => "tag",
            SearchFilter::Year => "year",
        }
    }
}

/// `[search]` resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SearchConfig {
    /// Off by default: an existing site gains no files it did not ask for.
    pub(crate) enabled: bool,
    pub(crate) filters: Vec<SearchFilter>,
    /// How much a word in the headline counts against one in the body
    /// (Pagefind's `data-pagefind-weight`, 0 to 10; the body is 1).
    pub(crate) headline_weight: f64,
    pub(crate) standfirst_weight: f64,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: false,
            filters: SearchFilter::ALL.to_vec(),
            headline_weight: 7.0,
            standfirst_weight: 2.0,
        }
    }
}

pub(super) fn resolve(
    raw: RawSearch,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> SearchConfig {
    let d = SearchConfig::default();
    let filters = match raw.filters {
        None => d.filters,
        Some(names) => {
            let mut filters: Vec<SearchFilter> = Vec::new();
            for name in names {
                let span = name.span();
                match filter(name, fail) {
                    Some(f) if filters.contains(&f) => {
                        fail(
                            Some(span),
                            format!("search filter `{}` is listed twice", f.name()),
                        );
                    }
                    Some(f) => filters.push(f),
                    None => {}
                }
            }
            filters
        }
    };
    let weights = raw.weights.unwrap_or_default();
    SearchConfig {
        enabled: raw.enabled.unwrap_or(false),
        filters,
        headline_weight: weight("headline", weights.headline, d.headline_weight, fail),
        standfirst_weight: weight("standfirst", weights.standfirst, d.standfirst_weight, fail),
    }
}

fn filter(
    name: Spanned<String>,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> Option<SearchFilter> {
    let found = SearchFilter::ALL
        .into_iter()
        .find(|f| f.name() == name.get_ref());
    if found.is_none() {
        let known: Vec<&str> = SearchFilter::ALL.iter().map(|f| f.name()).collect();
        let message = format!(
            "unknown search filter `{}`: choose from {}",
            name.get_ref().escape_debug(),
            known.join(", ")
        );
        fail(Some(name.span()), message);
    }
    found
}

/// Pagefind reads weights from 0 to 10; 0 would hide the words entirely.
fn weight(
    key: &str,
    value: Option<Spanned<f64>>,
    default: f64,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> f64 {
    let Some(value) = value else { return default };
    let w = *value.get_ref();
    if w > 0.0 && w <= 10.0 {
        return w;
    }
    let message =
        format!("`search.weights.{key}` must be a number above 0 and at most 10, not {w}");
    fail(Some(value.span()), message);
    default
}
