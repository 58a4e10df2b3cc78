//! `[feeds]`, `[news]` and `[publisher]`: how the site reaches readers
//! through feeds, search engines and social networks.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeeds {
    limit: Option<Spanned<i64>>,
    full_content: Option<bool>,
    tags: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNews {
    name: Option<String>,
    language: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublisher {
    name: Option<String>,
    logo: Option<String>,
    twitter: Option<String>,
}

/// RSS and Atom feeds of the site, each category and author (and tag).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeedsConfig {
    /// Items per feed.
    pub(crate) limit: usize,
    /// Whole articles in feeds; `false` gives the summary only.
    pub(crate) full_content: bool,
    /// Also a feed per tag.
    pub(crate) tags: bool,
}

/// The Google News sitemap's `news:publication`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct NewsConfig {
    pub(crate) name: String,
    pub(crate) language: String,
}

/// The organization behind the site, for JSON-LD and social cards.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Publisher {
    pub(crate) name: String,
    /// A path under the site (`/images/logo.png`) or an absolute URL.
    pub(crate) logo: Option<String>,
    /// The site's handle for Twitter cards (`@example`).
    pub(crate) twitter: Option<String>,
}

pub(super) fn resolve_feeds(
    raw: RawFeeds,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> FeedsConfig {
    let RawFeeds {
        limit,
        full_content,
        tags,
    } = raw;
    let limit = match limit.map(|l| (l.span(), l.into_inner())) {
        None => 20,
        Some((_, n)) if n > 0 => n as usize,
        Some((span, n)) => {
            fail(
                Some(span),
                format!("`feeds.limit` must be at least 1, not {n}"),
            );
            20
        }
    };
    FeedsConfig {
        limit,
        full_content: full_content.unwrap_or(true),
        tags: tags.unwrap_or(false),
    }
}

pub(super) fn resolve_news(raw: RawNews, title: &str, language: &str) -> NewsConfig {
    let RawNews {
        name,
        language: news_language,
    } = raw;
    NewsConfig {
        name: name.unwrap_or_else(|| title.to_string()),
        language: news_language.unwrap_or_else(|| language.to_string()),
    }
}

pub(super) fn resolve_publisher(raw: RawPublisher, title: &str) -> Publisher {
    let RawPublisher {
        name,
        logo,
        twitter,
    } = raw;
    Publisher {
        name: name.unwrap_or_else(|| title.to_string()),
        logo,
        twitter,
    }
}
