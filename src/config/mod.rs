//! `config.toml`: a raw serde type, checked and resolved into [`Config`].

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;
use url::Url;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::parse_error;

mod distribution;
mod permalink;
mod related;

pub use distribution::{FeedsConfig, NewsConfig, Publisher};
use distribution::{RawFeeds, RawNews, RawPublisher};
pub use permalink::{Permalink, PermalinkValues};
use related::{RawRelated, resolve_related};
pub use related::{RelatedConfig, Weights};

/// The file as written: everything optional, unknown keys rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    theme: Option<String>,
    paginate: Option<i64>,
    permalink: Option<String>,
    related: Option<RawRelated>,
    feeds: Option<RawFeeds>,
    news: Option<RawNews>,
    publisher: Option<RawPublisher>,
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder (holds `config.toml`, `content/`, `templates/`, ...).
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute, ends with `/`.
    pub base_url: Url,
    pub language: String,
    pub timezone: TimeZone,
    pub theme: String,
    pub paginate: usize,
    pub permalink: Permalink,
    pub related: RelatedConfig,
    pub feeds: FeedsConfig,
    pub news: NewsConfig,
    pub publisher: Publisher,
}

pub const CONFIG_FILE: &str = "config.toml";

impl Config {
    /// Reads `<root>/config.toml`.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Config::parse(root, &text, base_url_override)
            .map_err(|ds| Error::Content(ds.into_iter().collect()))
    }

    pub fn parse(
        root: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> std::result::Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| vec![parse_error::toml(&path, text, 0, &e)])?;
        resolve(root, &path, text, raw, base_url_override)
    }

    /// The URL path every link starts with: `/` or `/news/`.
    pub fn root_path(&self) -> &str {
        self.base_url.path()
    }
}

fn resolve(
    root: &Path,
    path: &Path,
    text: &str,
    raw: RawConfig,
    base_url_override: Option<&str>,
) -> std::result::Result<Config, Vec<Diagnostic>> {
    let RawConfig {
        title,
        description,
        base_url,
        language,
        timezone,
        theme,
        paginate,
        permalink,
        related,
        feeds,
        news,
        publisher,
    } = raw;
    let mut errors = Vec::new();
    let mut fail = |key: &str, message: String| {
        errors.push(Diagnostic::error(key_location(path, text, key), message));
    };
    let base_url = base_url_override
        .map(str::to_string)
        .or(base_url)
        .unwrap_or_else(|| "http://localhost/".to_string());
    let base_url = parse_base_url(&base_url).unwrap_or_else(|m| {
        fail("base_url", m);
        Url::parse("http://localhost/").expect("valid literal")
    });
    let timezone_name = timezone.unwrap_or_else(|| "UTC".to_string());
    let tz = TimeZone::get(&timezone_name).unwrap_or_else(|_| {
        fail(
            "timezone",
            format!(
                "unknown time zone `{timezone_name}` (use an IANA name such as `Europe/London`)"
            ),
        );
        TimeZone::UTC
    });
    let paginate = match paginate {
        None => 20,
        Some(n) if n > 0 => n as usize,
        Some(n) => {
            fail(
                "paginate",
                format!("`paginate` must be at least 1, not {n}"),
            );
            20
        }
    };
    let permalink = Permalink::parse(permalink.as_deref().unwrap_or(Permalink::DEFAULT))
        .unwrap_or_else(|m| {
            fail("permalink", m);
            Permalink::parse(Permalink::DEFAULT).expect("default pattern is valid")
        });
    let related = resolve_related(related.unwrap_or_default(), &mut fail);
    let feeds = distribution::resolve_feeds(feeds.unwrap_or_default(), &mut fail);
    let title = title.unwrap_or_else(|| "dateline".to_string());
    let language = language.unwrap_or_else(|| "en".to_string());
    let news = distribution::resolve_news(news.unwrap_or_default(), &title, &language);
    let publisher = distribution::resolve_publisher(publisher.unwrap_or_default(), &title);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title,
        description: description.unwrap_or_default(),
        base_url,
        language,
        timezone: tz,
        theme: theme.unwrap_or_else(|| "default".to_string()),
        paginate,
        permalink,
        related,
        feeds,
        news,
        publisher,
    })
}

fn parse_base_url(s: &str) -> std::result::Result<Url, String> {
    let mut url = Url::parse(s).map_err(|e| format!("invalid `base_url` `{s}`: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "`base_url` must be an absolute http(s) URL, not `{s}`"
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Position of `key = ` in the config text, for messages about its value.
pub(crate) fn key_location(path: &Path, text: &str, key: &str) -> Location {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let col = line.len() - trimmed.len() + 1;
            return Location::at(path, i + 1, col);
        }
    }
    Location::file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn parse(text: &str) -> std::result::Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site"), text, None)
    }

    #[test]
    fn base_url_gets_trailing_slash_and_root_path() {
        let c = parse("base_url = \"https://example.org/news\"").unwrap();
        assert_eq!(c.base_url.as_str(), "https://example.org/news/");
        assert_eq!(c.root_path(), "/news/");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let e = parse("title = \"x\"\ntimzone = \"UTC\"").unwrap_err();
        assert_eq!(e[0].location.line, 2);
        assert!(
            e[0].message.contains("did you mean `timezone`?"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn bad_values_are_all_reported() {
        let e = parse("timezone = \"Mars/Base\"\npaginate = 0\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].location.line, 1);
        assert_eq!(e[1].location.line, 2);
    }
}
