//! `config.toml`: a raw serde type, checked and resolved into [`Config`].

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::parse_error;

mod archives;
mod distribution;
pub(crate) mod house;
mod images;
mod permalink;
mod redirects;
mod related;
mod search;
mod theme;

pub(crate) use archives::ArchivesConfig;
pub(crate) use distribution::{FeedsConfig, NewsConfig, Publisher};
use distribution::{RawFeeds, RawNews, RawPublisher};
pub(crate) use images::{ImagesConfig, Modern};
pub(crate) use permalink::{Permalink, PermalinkValues};
pub(crate) use redirects::{HostFormat, RedirectsConfig};
pub use related::RelatedConfig;
pub(crate) use related::Weights;
use related::{RawRelated, resolve_related};
pub(crate) use search::{SearchConfig, SearchFilter};
use theme::RawTheme;

/// The file as written: everything optional, unknown keys rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<String>,
    timezone: Option<Spanned<String>>,
    theme: Option<Spanned<RawTheme>>,
    paginate: Option<Spanned<i64>>,
    permalink: Option<Spanned<String>>,
    related: Option<RawRelated>,
    feeds: Option<RawFeeds>,
    news: Option<RawNews>,
    publisher: Option<RawPublisher>,
    archives: Option<archives::RawArchives>,
    search: Option<search::RawSearch>,
    redirects: Option<redirects::RawRedirects>,
    images: Option<images::RawImages>,
    output: Option<RawOutput>,
    security: Option<RawSecurity>,
    /// The newsroom's own data, for templates (`site.extra`).
    #[serde(default = "house::no_extra", deserialize_with = "house::extra")]
    extra: serde_json::Value,
    schema: Option<house::RawSchema>,
    labels: Option<std::collections::BTreeMap<String, Spanned<String>>>,
}

/// `[security]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecurity {
    allow_outside_links: Option<bool>,
}

/// `[output]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    keep: Option<Vec<Spanned<String>>>,
    fingerprint: Option<bool>,
    headers: Option<bool>,
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's folder (holds `config.toml`, `content/`, `templates/`, ...).
    pub(crate) root: PathBuf,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Absolute, ends with `/`.
    pub(crate) base_url: Url,
    pub(crate) language: String,
    pub(crate) timezone: TimeZone,
    pub(crate) theme: String,
    /// Articles with at least this many h2 and h3 headings show a table of
    /// contents (`[theme] toc_min_headings`); 0: none does.
    pub(crate) toc_min_headings: usize,
    /// Entries of the output folder a build carries over (`[output] keep`).
    pub(crate) keep: Vec<String>,
    /// Publish each stylesheet and script also under a name holding a hash
    /// of its content (`style.1a2b3c4d5e6f.css`), which `asset()` gives.
    pub(crate) fingerprint: bool,
    /// Write `_headers`, the cache lifetimes for Netlify and Cloudflare Pages.
    pub(crate) headers: bool,
    /// Whether symbolic links under the site may point outside its folder
    /// (`[security] allow_outside_links`).
    pub(crate) allow_outside_links: bool,
    /// `[extra]`: the newsroom's own data (`site.extra` in templates).
    pub(crate) extra: serde_json::Value,
    /// `[schema.extra]`: the house fields articles are checked against.
    pub(crate) extra_fields: Vec<house::Field>,
    /// `[labels]`: the article types editors may give (`label = "Analysis"`).
    pub(crate) labels: Vec<house::Label>,
    /// Where `theme` is set, for messages about it.
    pub(crate) theme_at: Location,
    pub(crate) paginate: usize,
    pub(crate) permalink: Permalink,
    /// `[related]`: how computed related articles are chosen.
    pub related: RelatedConfig,
    pub(crate) feeds: FeedsConfig,
    pub(crate) news: NewsConfig,
    pub(crate) publisher: Publisher,
    /// `[archives]`: which date archives the site has.
    pub(crate) archives: ArchivesConfig,
    /// `[search]`: the search index and page.
    pub(crate) search: SearchConfig,
    /// `[redirects]`: the hosts' own redirect files to write.
    pub(crate) redirects: RedirectsConfig,
    /// `[images]`: the variants published of each picture.
    pub(crate) images: ImagesConfig,
    /// The digest of what the rest is made from (the text of `config.toml`
    /// and `--base-url`), the same whichever path names the site's folder:
    /// the build cache's key, where the debug text would hold that path.
    pub(crate) source_digest: u128,
}

/// The site configuration file, in the site's folder.
pub const CONFIG_FILE: &str = "config.toml";

impl Config {
    /// Reads `<root>/config.toml`.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config> {
        // A bad flag is the command line's fault, not config.toml's (exit code 2).
        if let Some(url) = base_url_override {
            parse_base_url(url).map_err(|m| Error::Usage(format!("--base-url: {m}")))?;
        }
        let path = crate::content::display_path(root, CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Config::parse(root, &text, base_url_override)
            .map_err(|ds| Error::Content(ds.into_iter().collect()))
    }

    /// Resolves the text of a `config.toml`; `root` is the site's folder,
    /// `base_url_override` replaces its `base_url`.
    pub fn parse(
        root: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> std::result::Result<Config, Vec<Diagnostic>> {
        let path = crate::content::display_path(root, CONFIG_FILE);
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| vec![parse_error::toml(&path, text, 0, &e)])?;
        forbidden_characters(&path, text)?;
        resolve(root, &path, text, raw, base_url_override)
    }

    /// The URL path every link starts with: `/` or `/news/`.
    pub(crate) fn root_path(&self) -> &str {
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
        archives,
        search,
        redirects,
        images,
        output,
        security,
        extra,
        schema,
        labels,
    } = raw;
    let mut errors = Vec::new();
    let at = |span: Option<std::ops::Range<usize>>| match span {
        Some(s) => {
            let (line, col) = crate::error::line_col(text, s.start);
            Location::at(path, line, col)
        }
        None => Location::file(path),
    };
    let mut fail = |span: Option<std::ops::Range<usize>>, message: String| {
        errors.push(Diagnostic::error(at(span), message));
    };
    let base_url_span = base_url.as_ref().map(Spanned::span);
    let base_url = base_url_override
        .map(str::to_string)
        .or(base_url.map(Spanned::into_inner))
        .unwrap_or_else(|| "http://localhost/".to_string());
    let base_url = parse_base_url(&base_url).unwrap_or_else(|m| {
        fail(base_url_span, m);
        Url::parse("http://localhost/").expect("valid literal")
    });
    let timezone_span = timezone.as_ref().map(Spanned::span);
    let timezone_name = timezone.map_or_else(|| "UTC".to_string(), Spanned::into_inner);
    let tz = TimeZone::get(&timezone_name).unwrap_or_else(|_| {
        fail(
            timezone_span,
            format!(
                "unknown time zone `{timezone_name}` (use an IANA name such as `Europe/London`)"
            ),
        );
        TimeZone::UTC
    });
    let paginate = match paginate.map(|p| (p.span(), p.into_inner())) {
        None => 20,
        Some((_, n)) if n > 0 => n as usize,
        Some((span, n)) => {
            fail(
                Some(span),
                format!("`paginate` must be at least 1, not {n}"),
            );
            20
        }
    };
    let permalink_span = permalink.as_ref().map(Spanned::span);
    let pattern = permalink
        .as_ref()
        .map_or(Permalink::DEFAULT, |p| p.get_ref());
    let permalink = Permalink::parse(pattern).unwrap_or_else(|m| {
        fail(permalink_span, m);
        Permalink::parse(Permalink::DEFAULT).expect("default pattern is valid")
    });
    let theme = theme::resolve_theme(theme, &mut fail);
    let fingerprint = output.as_ref().and_then(|o| o.fingerprint).unwrap_or(true);
    let headers = output.as_ref().and_then(|o| o.headers).unwrap_or(false);
    let keep = match output.and_then(|o| o.keep) {
        None => crate::output::DEFAULT_KEEP.map(String::from).to_vec(),
        Some(names) => names
            .into_iter()
            .filter_map(|n| {
                let span = n.span();
                let name = n.into_inner();
                let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
                if !plain {
                    fail(
                        Some(span),
                        format!("`output.keep` names entries of the output folder, such as `.git`, not `{name}`"),
                    );
                }
                plain.then_some(name)
            })
            .collect(),
    };
    let images = images::resolve(images.unwrap_or_default(), &mut fail);
    let related = resolve_related(related.unwrap_or_default(), &mut fail);
    if !extra.is_object() {
        // The value was read into JSON, which keeps no span: point at the key.
        let key = text.find("extra").map(|i| i..i + 5);
        fail(
            key,
            "`extra` must be a table: `[extra]` with the newsroom's own keys".into(),
        );
    }
    let extra_fields = house::resolve_schema(schema.unwrap_or_default(), &mut fail);
    let labels = house::resolve_labels(labels, &mut fail);
    let feeds = distribution::resolve_feeds(feeds.unwrap_or_default(), &mut fail);
    let title = title.unwrap_or_else(|| "dateline".to_string());
    let language = language.unwrap_or_else(|| "en".to_string());
    let search = search::resolve(search.unwrap_or_default(), &mut fail);
    let redirects = redirects::resolve(redirects.unwrap_or_default(), &mut fail);
    let news = distribution::resolve_news(news.unwrap_or_default(), &title, &language);
    let publisher = distribution::resolve_publisher(publisher.unwrap_or_default(), &title);
    if !errors.is_empty() {
        return Err(errors);
    }
    let theme_at = at(theme.name_span);
    let source_digest =
        xxhash_rust::xxh3::xxh3_128(format!("{text}\0{base_url_override:?}").as_bytes());
    Ok(Config {
        source_digest,
        root: root.to_path_buf(),
        title,
        description: description.unwrap_or_default(),
        base_url,
        language,
        timezone: tz,
        theme: theme.name,
        toc_min_headings: theme.toc_min_headings,
        keep,
        fingerprint,
        headers,
        extra,
        extra_fields,
        labels,
        allow_outside_links: security
            .and_then(|s| s.allow_outside_links)
            .unwrap_or(false),
        theme_at,
        paginate,
        permalink,
        related,
        feeds,
        news,
        publisher,
        archives: archives::resolve(archives.unwrap_or_default()),
        search,
        redirects,
        images,
    })
}

/// config.toml's strings reach every page and feed: a character XML
/// forbids, written raw or as an escape (`\u000b`), is an error there.
fn forbidden_characters(path: &Path, text: &str) -> std::result::Result<(), Vec<Diagnostic>> {
    let holds = toml::from_str::<toml::Table>(text)
        .is_ok_and(|t| crate::content::frontmatter::toml_has_forbidden(&t));
    if !holds {
        return Ok(());
    }
    let raw = text
        .char_indices()
        .filter(|(_, c)| crate::content::text::forbidden(*c));
    let escaped = crate::content::frontmatter::forbidden_escapes(text);
    let at = |k: usize| {
        let (line, col) = crate::error::line_col(text, k);
        Location::at(path, line, col)
    };
    let errors: Vec<Diagnostic> = raw
        .chain(escaped)
        .map(|(k, c)| {
            let m = format!("U+{:04X} is a control character that web pages and feeds may not contain; remove it", u32::from(c));
            Diagnostic::error(at(k), m)
        })
        .collect();
    match errors.is_empty() {
        true => Err(vec![Diagnostic::error(
            Location::file(path),
            "a string holds a control character that web pages and feeds may not contain",
        )]),
        false => Err(errors),
    }
}

fn parse_base_url(s: &str) -> std::result::Result<Url, String> {
    let mut url = Url::parse(s).map_err(|e| format!("invalid `base_url` `{s}`: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!(
            "`base_url` must be an absolute http(s) URL, not `{s}`"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "`base_url` must not hold a user name or password: every canonical URL would publish it"
                .to_string(),
        );
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
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

    /// A key that several tables have is located in its own table.
    #[test]
    fn a_bad_value_is_located_in_its_table() {
        let e =
            parse("[feeds]\ntags = true\nlimit = 0\n\n[related.weights]\ntags = -1\n").unwrap_err();
        let lines: Vec<(usize, usize)> = e
            .iter()
            .map(|d| (d.location.line, d.location.col))
            .collect();
        assert_eq!(lines, [(6, 8), (3, 9)], "{e:?}");
    }

    #[test]
    fn a_theme_outside_themes_and_a_base_url_with_a_password_are_refused() {
        let e = parse("theme = \"../../x\"\nbase_url = \"https://user:secret@example.org/\"\n")
            .unwrap_err();
        let lines: Vec<usize> = e.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, [2, 1], "{e:?}");
        assert!(e[0].message.contains("password"), "{}", e[0].message);
    }

    #[test]
    fn output_keep_names_entries_not_paths() {
        let c = parse("[output]\nkeep = [\".git\", \"CNAME\", \"_headers\"]\n").unwrap();
        assert_eq!(c.keep, [".git", "CNAME", "_headers"]);
        let e = parse("[output]\nkeep = [\"../secrets\"]\n").unwrap_err();
        assert_eq!(e[0].location.line, 2);
        assert_eq!(
            parse("").unwrap().keep,
            [".git", "CNAME", ".nojekyll", ".well-known"]
        );
    }

    #[test]
    fn bad_values_are_all_reported() {
        let e = parse("timezone = \"Mars/Base\"\npaginate = 0\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].location.line, 1);
        assert_eq!(e[1].location.line, 2);
    }

    /// A `\u000b` in the site's title broke every feed: it is an error at
    /// the escape.
    #[test]
    fn control_characters_in_strings_are_errors_at_their_place() {
        let e = parse("title = \"Ledger\\u000b\"\n").unwrap_err();
        assert_eq!((e[0].location.line, e[0].location.col), (1, 16), "{e:?}");
        assert!(e[0].message.contains("U+000B"), "{e:?}");
        assert!(
            parse("title = 'C:\\temp'\n").is_ok(),
            "a literal backslash is fine"
        );
    }
}

#[cfg(test)]
mod image_tests {
    use super::tests::parse;
    use super::{ImagesConfig, Modern};

    #[test]
    fn images_default_and_bad_values_are_located() {
        assert_eq!(parse("").unwrap().images, ImagesConfig::default());
        let c = parse(
            "[images]\nwidths = [800, 400]\nformats = [\"webp\"]\n[images.quality]\njpeg = 90\n",
        )
        .unwrap();
        assert_eq!(c.images.widths, [400, 800]);
        assert_eq!(c.images.formats, [Modern::Webp]);
        assert_eq!(c.images.jpeg_quality, 90);
        let e =
            parse("[images]\nwidths = [0]\nformats = [\"jpeg\"]\n[images.quality]\navif = 101\n")
                .unwrap_err();
        let at: Vec<(usize, usize)> = e
            .iter()
            .map(|d| (d.location.line, d.location.col))
            .collect();
        assert_eq!(at, [(2, 11), (3, 12), (5, 8)], "{e:?}");
        let e = parse("[images]\nwidth = [800]\n").unwrap_err();
        assert_eq!(e[0].location.line, 2);
        assert!(
            e[0].message.contains("did you mean `widths`?"),
            "{}",
            e[0].message
        );
    }
}
