//! `config.toml`: a raw serde type, checked and resolved into [`Config`].

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;
use url::Url;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::parse_error;

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
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelated {
    count: Option<i64>,
    include_newer: Option<bool>,
    half_life_days: Option<f64>,
    weights: Option<RawWeights>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    category: Option<f64>,
    tags: Option<f64>,
    authors: Option<f64>,
    text: Option<f64>,
}

/// How the computed "also read" list is made (`[related]` in config.toml).
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedConfig {
    /// Length of the "also read" list: explicit entries, topped up with computed ones.
    pub count: usize,
    /// Also suggest articles newer than the article (pages then change as news arrives).
    pub include_newer: bool,
    pub half_life_days: f64,
    pub weights: Weights,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub category: f64,
    pub tags: f64,
    pub authors: f64,
    pub text: f64,
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
    pub timezone_name: String,
    pub theme: String,
    pub paginate: usize,
    pub permalink: Permalink,
    pub related: RelatedConfig,
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
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title: title.unwrap_or_else(|| "dateline".to_string()),
        description: description.unwrap_or_default(),
        base_url,
        language: language.unwrap_or_else(|| "en".to_string()),
        timezone: tz,
        timezone_name,
        theme: theme.unwrap_or_else(|| "default".to_string()),
        paginate,
        permalink,
        related,
    })
}

fn resolve_related(raw: RawRelated, fail: &mut impl FnMut(&str, String)) -> RelatedConfig {
    let RawRelated {
        count,
        include_newer,
        half_life_days,
        weights,
    } = raw;
    let d = RelatedConfig::default();
    let count = match count {
        Some(n) if n >= 0 => n as usize,
        Some(n) => {
            fail(
                "count",
                format!("`related.count` must be 0 or more, not {n}"),
            );
            d.count
        }
        None => d.count,
    };
    let mut positive = |key: &str, v: Option<f64>, default: f64, allow_zero: bool| match v {
        Some(x) if x.is_finite() && (x > 0.0 || (allow_zero && x == 0.0)) => x,
        Some(x) => {
            let need = if allow_zero {
                "0 or more"
            } else {
                "more than 0"
            };
            fail(key, format!("`{key}` must be a number {need}, not {x}"));
            default
        }
        None => default,
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
fn key_location(path: &Path, text: &str, key: &str) -> Location {
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

/// The pattern of article URLs, e.g. `{category}/{year}/{slug}/`.
#[derive(Debug, Clone)]
pub struct Permalink {
    parts: Vec<PermalinkPart>,
}

#[derive(Debug, Clone, PartialEq)]
enum PermalinkPart {
    Literal(String),
    Category,
    Year,
    Month,
    Day,
    Slug,
}

/// The values a permalink pattern can use.
pub struct PermalinkValues<'a> {
    pub category: &'a str,
    pub date: jiff::civil::Date,
    pub slug: &'a str,
}

impl Permalink {
    pub const DEFAULT: &'static str = "{category}/{slug}/";

    pub fn parse(pattern: &str) -> std::result::Result<Permalink, String> {
        let mut parts = Vec::new();
        let mut rest = pattern.trim_start_matches('/');
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PermalinkPart::Literal(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in permalink `{pattern}`"))?;
            parts.push(match &rest[open + 1..open + close] {
                "category" => PermalinkPart::Category,
                "year" => PermalinkPart::Year,
                "month" => PermalinkPart::Month,
                "day" => PermalinkPart::Day,
                "slug" => PermalinkPart::Slug,
                other => {
                    return Err(format!(
                        "unknown placeholder `{{{other}}}` in permalink (use {{category}}, {{year}}, {{month}}, {{day}}, {{slug}})"
                    ));
                }
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PermalinkPart::Literal(rest.to_string()));
        }
        if !parts.contains(&PermalinkPart::Slug) {
            return Err(format!("permalink `{pattern}` must contain `{{slug}}`"));
        }
        let literal_ok = |p: &PermalinkPart| match p {
            PermalinkPart::Literal(s) => crate::paths::is_safe_url_path(s.trim_start_matches('/')),
            _ => true,
        };
        if !parts.iter().all(literal_ok) {
            return Err(format!("permalink `{pattern}` contains an unsafe path"));
        }
        Ok(Permalink { parts })
    }

    /// The article's path relative to the site root, always ending with `/`.
    /// Empty segments (an article without a category) collapse.
    pub fn expand(&self, v: &PermalinkValues<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                PermalinkPart::Literal(s) => out.push_str(s),
                PermalinkPart::Category => out.push_str(v.category),
                PermalinkPart::Year => out.push_str(&format!("{:04}", v.date.year())),
                PermalinkPart::Month => out.push_str(&format!("{:02}", v.date.month())),
                PermalinkPart::Day => out.push_str(&format!("{:02}", v.date.day())),
                PermalinkPart::Slug => out.push_str(v.slug),
            }
        }
        let segments: Vec<&str> = out.split('/').filter(|s| !s.is_empty()).collect();
        format!("{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> std::result::Result<Config, Vec<Diagnostic>> {
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

    #[test]
    fn related_weights_are_checked() {
        let c = parse("[related]\ncount = 3\n[related.weights]\ntext = 2.5\n").unwrap();
        assert_eq!(c.related.count, 3);
        assert_eq!(c.related.weights.text, 2.5);
        let e = parse("[related.weights]\ntags = -1\n").unwrap_err();
        assert_eq!(e[0].location.line, 2);
        assert!(e[0].message.contains("`tags`"), "{}", e[0].message);
    }

    #[test]
    fn permalink_expands_and_collapses_empty_segments() {
        let p = Permalink::parse("{category}/{year}/{month}/{slug}/").unwrap();
        let v = PermalinkValues {
            category: "",
            date: jiff::civil::date(2025, 9, 3),
            slug: "parade",
        };
        assert_eq!(p.expand(&v), "2025/09/parade/");
        assert!(Permalink::parse("{category}/").is_err());
        assert!(Permalink::parse("{slug}/{nope}").is_err());
        assert!(Permalink::parse("../{slug}").is_err());
    }
}
