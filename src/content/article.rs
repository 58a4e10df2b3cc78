//! One article: front matter checked and resolved, body converted to HTML
//! (its links to other articles resolved later, in `Site::build`).

use std::path::{Path, PathBuf};

use jiff::ZonedDateTime;
use serde::Deserialize;

use super::bodies::Body;
use super::date::{self, DateText};
use super::frontmatter;
use super::house::{self, House, RawHouse};
use super::image::Image;
use super::live::{self, Live, RawLive};
use super::publishing::{self, Publishing, RawCorrection, RawPublishing};
use super::series::{self, InSeries, RawSeries};
use crate::config::Config;
use crate::error::{Diagnostic, Location, line_col};
use crate::paths::slugify;

/// The front matter as written. Derived values never live here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    date: Option<DateText>,
    updated: Option<DateText>,
    category: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    author: Option<OneOrMany>,
    authors: Option<OneOrMany>,
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    related: Vec<RawRelated>,
    image: Option<Image>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    expires: Option<DateText>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
    #[serde(default)]
    aliases: Vec<String>,
    sitemap: Option<bool>,
    canonical: Option<String>,
    breaking: Option<publishing::RawBreaking>,
    label: Option<String>,
    kicker: Option<String>,
    sponsor: Option<String>,
    dateline: Option<String>,
    location: Option<String>,
    #[serde(default, deserialize_with = "crate::config::house::some_extra")]
    extra: Option<serde_json::Value>,
    series: Option<RawSeries>,
    live: Option<RawLive>,
}

/// Every field of the front matter, by name: `dateline cms` offers each.
pub(crate) fn front_matter_fields() -> &'static [&'static str] {
    serde_aux::serde_introspection::serde_introspect::<RawFrontMatter>()
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug)]
enum RawRelated {
    Article(String),
    Link { title: String, url: String },
}

/// A path (`"world/x.md"`) or a `{ title, url }` table, with a message that
/// says so (serde's untagged enums only say "did not match any variant").
impl<'de> Deserialize<'de> for RawRelated {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawRelated;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an article path like \"world/x.md\" or a link like { title = \"...\", url = \"https://...\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRelated, E> {
                Ok(RawRelated::Article(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawRelated, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Link {
                    title: String,
                    url: String,
                }
                let Link { title, url } =
                    Link::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRelated::Link { title, url })
            }
        }
        d.deserialize_any(V)
    }
}

/// An explicit "also read" entry, as the editor listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Related {
    /// Another article, by its path under `content/`.
    Article { reference: String, at: Location },
    External {
        title: String,
        url: String,
        at: Location,
    },
}

/// One article as its file says: front matter checked and resolved, body
/// converted to HTML with its links still to resolve.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path under `content/`, `/`-separated, e.g. `china/parade.md`.
    pub(crate) rel_path: String,
    /// The path shown in messages.
    pub(crate) source: PathBuf,
    /// The headline, trimmed; never empty.
    pub title: String,
    pub(crate) date: ZonedDateTime,
    pub(crate) updated: Option<ZonedDateTime>,
    /// Primary section as written in the front matter (see [`Article::section`]).
    pub(crate) category: Option<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) summary: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) related: Vec<Related>,
    pub(crate) image: Option<Image>,
    pub(crate) draft: bool,
    pub(crate) slug: String,
    pub(crate) publishing: Publishing,
    /// Label, kicker, sponsor, dateline, place and `[extra]`.
    pub(crate) house: House,
    /// The series it is a part of.
    pub(crate) series: Option<InSeries>,
    /// Its coverage and updates, if it is a live blog.
    pub(crate) live: Option<Live>,
    /// The body as HTML, its links to other articles still to resolve.
    /// Shared, so `serve` reuses it without copying.
    pub(crate) body: std::sync::Arc<crate::markdown::Converted>,
    /// Its terms, for computed related articles.
    pub(crate) terms: crate::site::related::Terms,
    /// The digest of its file's bytes when the build cache took one (see
    /// `bodies::digests`): the body is a function of the bytes alone.
    pub(crate) body_key: Option<u128>,
    /// The key its body is kept under in the build cache, when it has one.
    pub(crate) cache_key: Option<u128>,
    /// Where the build cache keeps its HTML, once it does: `body.html` is
    /// then empty.
    pub(crate) html_at: Option<super::bodies::HtmlAt>,
    /// Warnings about the file, taken out by `content::parse_one`.
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Article {
    /// Parses a whole content file; `source` is only used in messages.
    pub fn parse(
        rel_path: &str,
        source: &Path,
        text: &str,
        config: &Config,
    ) -> Result<Article, Vec<Diagnostic>> {
        Article::parse_known(rel_path, source, text, config, None).map(|(a, _)| a)
    }

    /// [`Article::parse`], taking the body and terms from `known`, what
    /// parsing this very file made before, and saying whether it did: a
    /// live blog's are made again.
    pub(crate) fn parse_known(
        rel_path: &str,
        source: &Path,
        text: &str,
        config: &Config,
        known: Option<&Body>,
    ) -> Result<(Article, bool), Vec<Diagnostic>> {
        let split = frontmatter::split(source, text).map_err(|d| vec![d])?;
        let mut raw: RawFrontMatter =
            frontmatter::parse(source, text, &split).map_err(|d| vec![d])?;
        blanks_to_none(&mut raw);
        let known = known.filter(|_| raw.live.is_none());
        let fm = FrontMatterText {
            path: source,
            text,
            offset: split.fm_offset,
            len: split.front_matter.len(),
            format: split.format,
            spans: std::cell::OnceCell::new(),
        };
        let body_line = line_col(text, split.body_offset).0;
        // The body needs nothing but the file: converted here, in parallel
        // with the reading, the Markdown is dropped with the file's text.
        let body = crate::markdown::Source {
            path: source,
            body: split.body,
            first_line: body_line,
        };
        let mut a = match raw.live.take() {
            None => {
                let mut a = resolve(rel_path, &fm, raw, config, None)?;
                a.body = match known {
                    Some(k) => k.converted.clone(),
                    None => crate::markdown::convert(&body).into(),
                };
                a
            }
            Some(live) => live_blog(rel_path, &fm, raw, live, &body, config)?,
        };
        // A live blog's updates come out over time: only what is out from
        // the start (its text above the first update) says what it is about.
        let first_update = a
            .live
            .as_ref()
            .and_then(|l| l.updates.iter().map(|u| u.lines.start).min());
        let about = match first_update {
            Some(line) => lines_before(split.body, body_line, line),
            None => split.body,
        };
        a.terms = match known {
            Some(k) => k.terms.clone(),
            None => crate::site::related::Terms::count(&a.title, a.summary.as_deref(), about),
        };
        Ok((a, known.is_some()))
    }

    /// What the build cache keeps of the article (none for a live blog,
    /// whose body is cut into updates).
    pub(crate) fn kept_body(&self) -> Option<Body> {
        self.live.is_none().then(|| Body {
            converted: self.body.clone(),
            terms: self.terms.clone(),
        })
    }
}

/// The lines of `text` (whose first line is the file's line `first`)
/// before the file's line `line`.
fn lines_before(text: &str, first: usize, line: usize) -> &str {
    let kept = line.saturating_sub(first);
    let end: usize = text.split_inclusive('\n').take(kept).map(str::len).sum();
    &text[..end]
}

/// Fields left empty are not there: a CMS writes an optional field an
/// editor left empty as `""` (TOML has no null), a picture or a banner as a
/// table of empty strings.
fn blanks_to_none(raw: &mut RawFrontMatter) {
    let blank = |s: &str| s.trim().is_empty();
    for text in [
        &mut raw.category,
        &mut raw.slug,
        &mut raw.canonical,
        &mut raw.label,
        &mut raw.kicker,
        &mut raw.sponsor,
        &mut raw.dateline,
        &mut raw.location,
    ] {
        if text.as_deref().is_some_and(blank) {
            *text = None;
        }
    }
    for day in [&mut raw.updated, &mut raw.expires] {
        if day.as_ref().is_some_and(|d| blank(&d.0)) {
            *day = None;
        }
    }
    raw.categories.retain(|c| !blank(c));
    raw.tags.retain(|t| !blank(t));
    raw.image = raw.image.take().and_then(Image::without_blanks);
    if raw
        .breaking
        .as_ref()
        .is_some_and(publishing::RawBreaking::is_blank)
    {
        raw.breaking = None;
    }
    if raw.series.as_ref().is_some_and(RawSeries::is_blank) {
        raw.series = None;
    }
    if raw.live.as_ref().is_some_and(RawLive::is_blank) {
        raw.live = None;
    }
}

/// A live blog: its front matter, coverage and updates are all checked,
/// so one run reports every problem of the file.
fn live_blog(
    rel_path: &str,
    fm: &FrontMatterText<'_>,
    raw: RawFrontMatter,
    live: RawLive,
    body: &crate::markdown::Source<'_>,
    config: &Config,
) -> Result<Article, Vec<Diagnostic>> {
    let tz = &config.timezone;
    let mut errors = Vec::new();
    let field = |k: &str| fm.nested("live", k);
    let coverage = live::coverage(live, tz, &field, &mut errors);
    let start = Some(coverage.as_ref().map(|c| &c.start));
    let resolved = resolve(rel_path, fm, raw, config, start);
    let mut converted = crate::markdown::convert_live(body);
    let updates = live::updates(coverage.as_ref(), &mut converted, tz, &mut errors);
    match (resolved, coverage) {
        (Ok(mut a), Some(coverage)) if errors.is_empty() => {
            a.live = Some(Live::new(coverage, updates));
            a.body = converted.into();
            Ok(a)
        }
        (resolved, _) => {
            errors.extend(resolved.err().unwrap_or_default());
            errors.extend(converted.errors);
            Err(errors)
        }
    }
}

/// The front matter's place in the file, to locate messages about values.
struct FrontMatterText<'a> {
    path: &'a Path,
    text: &'a str,
    offset: usize,
    len: usize,
    format: super::frontmatter::Format,
    /// Where its keys are, read on the first message about one.
    spans: std::cell::OnceCell<super::spans::Spans>,
}

impl FrontMatterText<'_> {
    /// Where `needle` first appears in the front matter, else its first line.
    fn locate(&self, needle: &str) -> Location {
        let fm = &self.text[self.offset..self.offset + self.len];
        let at = fm.find(needle).unwrap_or(0);
        let (line, col) = line_col(self.text, self.offset + at);
        Location::at(self.path, line, col)
    }

    /// Where the string `value` is written: quoted first, so `"world/x"`
    /// is not found inside an earlier `"/world/x/"`; else as [`Self::locate`].
    fn locate_value(&self, value: &str) -> Location {
        let fm = &self.text[self.offset..self.offset + self.len];
        let quoted = [format!("\"{value}\""), format!("'{value}'")];
        match quoted.iter().find_map(|q| fm.find(q.as_str())) {
            Some(at) => {
                let (line, col) = line_col(self.text, self.offset + at + 1);
                Location::at(self.path, line, col)
            }
            None => self.locate(value),
        }
    }

    /// Where the key `key` of `[extra]` (or YAML's `extra:`) is written;
    /// else where `extra` is.
    fn field(&self, key: &str) -> Location {
        self.nested("extra", key)
    }

    /// Where the top-level `key` is written, else the front matter's first line.
    fn key(&self, key: &str) -> Location {
        match self.spans().key(&[key]) {
            Some((line, col)) => Location::at(self.path, line, col),
            None => Location::at(self.path, line_col(self.text, self.offset).0, 1),
        }
    }

    /// Where `inner` is written inside the table `table`, else where `table` is.
    fn nested(&self, table: &str, inner: &str) -> Location {
        match self.spans().key(&[table, inner]) {
            Some((line, col)) => Location::at(self.path, line, col),
            None => self.key(table),
        }
    }

    fn spans(&self) -> &super::spans::Spans {
        self.spans.get_or_init(|| {
            let fm = &self.text[self.offset..self.offset + self.len];
            super::spans::Spans::of(self.format, self.text, self.offset, fm)
        })
    }
}

/// The front matter checked; `live_start` is `Some` for a live blog, with
/// its coverage's start when that could be read (the default `date`).
fn resolve(
    rel_path: &str,
    fm: &FrontMatterText<'_>,
    raw: RawFrontMatter,
    config: &Config,
    live_start: Option<Option<&ZonedDateTime>>,
) -> Result<Article, Vec<Diagnostic>> {
    let RawFrontMatter {
        title,
        date,
        updated,
        category,
        categories,
        author,
        authors,
        summary,
        tags,
        related,
        image,
        draft,
        slug,
        expires,
        corrections,
        aliases,
        sitemap,
        canonical,
        breaking,
        label,
        kicker,
        sponsor,
        dateline,
        location,
        extra,
        series,
        live: _,
    } = raw;
    let house = RawHouse {
        label,
        kicker,
        sponsor,
        dateline,
        location,
        extra,
    };
    let publishing = RawPublishing {
        expires,
        corrections,
        aliases,
        sitemap,
        canonical,
        breaking,
    };
    let mut errors = Vec::new();
    let title = required_title(fm, title, &mut errors);
    let mut resolve_date = |key: &str, d: Option<DateText>| {
        let d = d?;
        date::resolve(&d.0, &config.timezone)
            .map_err(|m| errors.push(Diagnostic::error(fm.key(key), m)))
            .ok()
    };
    // A live blog is published when its coverage starts, unless it says otherwise.
    let date_value = resolve_date("date", date.clone()).or_else(|| live_start.flatten().cloned());
    let updated = resolve_date("updated", updated);
    let mut warnings = Vec::new();
    if let Some(d) = &date_value
        && d.year() < 100
    {
        warnings.push(Diagnostic::warning(
            fm.key("date"),
            format!("the year {} is most likely a typo", d.year()),
        ));
    }
    if let (Some(d), Some(u)) = (&date_value, &updated)
        && u.timestamp() < d.timestamp()
    {
        errors.push(Diagnostic::error(
            fm.key("updated"),
            format!("`updated` ({u}) is before `date` ({d})"),
        ));
    }
    if date.is_none() && live_start.is_none() {
        let top = Location::at(fm.path, 1, 1);
        errors.push(Diagnostic::error(top, "missing required field `date`"));
    }
    let authors = one_byline_key(fm, author, authors, &mut errors);
    let slug = slug_for(rel_path, slug.as_deref());
    if slug.is_empty() {
        errors.push(Diagnostic::error(
            fm.key("slug"),
            "the slug is empty after removing unsafe characters",
        ));
    }
    let related = related.into_iter().map(|r| related_entry(fm, r)).collect();
    for (value, m) in image.iter().flat_map(Image::problems) {
        errors.push(Diagnostic::error(fm.locate_value(value), m));
    }
    let image = image.map(|mut i| {
        i.at = Some(fm.locate_value(&i.src));
        i
    });
    let loc = publishing::Locate {
        key: &|key| fm.key(key),
        text: &|text| fm.locate(text),
        value: &|value| fm.locate_value(value),
    };
    let tz = &config.timezone;
    let publishing = publishing::resolve(publishing, date_value.as_ref(), tz, &loc, &mut errors);
    let key = |key: &str| fm.key(key);
    let field = |key: &str| fm.field(key);
    let places = house::Places {
        key: &key,
        field: &field,
    };
    let house = house::resolve(house, config, &places, &mut errors);
    let series = series.and_then(|s| series_of(fm, s, &mut errors));
    let (Some(date), true) = (date_value, errors.is_empty()) else {
        return Err(errors);
    };
    Ok(Article {
        rel_path: rel_path.to_string(),
        source: fm.path.to_path_buf(),
        title,
        date,
        updated,
        category,
        categories,
        authors: authors.into_iter().map(|a| a.trim().to_string()).collect(),
        summary: summary
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        tags,
        related,
        image,
        draft,
        slug,
        publishing,
        house,
        series,
        live: None,
        body: Default::default(),
        terms: Default::default(),
        body_key: None,
        cache_key: None,
        html_at: None,
        warnings,
    })
}

/// The `series` entry checked, located in the front matter.
fn series_of(
    fm: &FrontMatterText<'_>,
    raw: RawSeries,
    errors: &mut Vec<Diagnostic>,
) -> Option<InSeries> {
    let key = || fm.key("series");
    let part = || fm.nested("series", "part");
    let places = series::Places {
        key: &key,
        part: &part,
    };
    series::resolve(raw, &places, errors)
}

/// The trimmed `title`, which must be there and not be empty.
fn required_title(
    fm: &FrontMatterText<'_>,
    title: Option<String>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    match title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => t,
        Some(_) => {
            errors.push(Diagnostic::error(fm.key("title"), "`title` is empty"));
            String::new()
        }
        None => {
            let top = Location::at(fm.path, 1, 1);
            errors.push(Diagnostic::error(top, "missing required field `title`"));
            String::new()
        }
    }
}

/// The bylines, from `author` or `authors` but not both, unless they name
/// the same people (a CMS writes `authors` into a file that has `author`)
/// or one is empty.
fn one_byline_key(
    fm: &FrontMatterText<'_>,
    author: Option<OneOrMany>,
    authors: Option<OneOrMany>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let names = |o: Option<OneOrMany>| {
        let list = o.map(OneOrMany::into_vec).unwrap_or_default();
        let list: Vec<String> = list.into_iter().filter(|n| !n.trim().is_empty()).collect();
        (!list.is_empty()).then_some(list)
    };
    let (author, authors) = (names(author), names(authors));
    let same = |a: &[String], b: &[String]| {
        let set = |l: &[String]| {
            l.iter()
                .map(|n| n.trim().to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        set(a) == set(b)
    };
    match (author, authors) {
        (Some(a), Some(b)) if same(&a, &b) => b,
        (Some(_), Some(_)) => {
            errors.push(Diagnostic::error(
                fm.key("authors"),
                "use either `author` or `authors`, not both",
            ));
            Vec::new()
        }
        (a, b) => a.or(b).unwrap_or_default(),
    }
}

/// A `related` entry, located in the front matter.
fn related_entry(fm: &FrontMatterText<'_>, r: RawRelated) -> Related {
    match r {
        RawRelated::Article(reference) => Related::Article {
            at: fm.locate_value(&reference),
            reference,
        },
        RawRelated::Link { title, url } => Related::External {
            at: fm.locate(&url),
            title,
            url,
        },
    }
}

/// The front matter's `slug`, else the file name (or its folder's, for `index.md`).
fn slug_for(rel_path: &str, explicit: Option<&str>) -> String {
    if let Some(s) = explicit {
        return slugify(s);
    }
    let stem = rel_path.trim_end_matches(".md");
    let mut parts = stem.rsplit('/');
    let name = match parts.next() {
        Some("index") => parts.next().unwrap_or("index"),
        Some(n) => n,
        None => stem,
    };
    slugify(name)
}

impl Article {
    /// The primary section: front matter `category`, else the top folder
    /// (`china/parade.md` is filed under `china`). The flag tells which.
    pub(crate) fn section(&self) -> Option<(&str, bool)> {
        match &self.category {
            Some(c) => Some((c.as_str(), true)),
            None => self
                .rel_path
                .split_once('/')
                .map(|(folder, _)| (folder, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(Path::new("."), "timezone = \"Asia/Shanghai\"", None).unwrap()
    }

    fn parse(text: &str) -> Result<Article, Vec<Diagnostic>> {
        Article::parse(
            "china/parade.md",
            Path::new("content/china/parade.md"),
            text,
            &config(),
        )
    }

    #[test]
    fn toml_article_resolves() {
        let a = parse(
            "+++\ntitle = \"Parade\"\ndate = 2025-09-03T09:00:00\nauthor = \"Mei Lin\"\nrelated = [\"world/x.md\", { title = \"T\", url = \"https://e.org/\" }]\n+++\n\nBody\n",
        )
        .unwrap();
        assert_eq!(a.title, "Parade");
        assert_eq!(a.date.offset().seconds(), 8 * 3600);
        assert_eq!(a.authors, ["Mei Lin"]);
        assert_eq!(a.section(), Some(("china", false)));
        assert_eq!(a.slug, "parade");
        assert_eq!(&*a.body.html, "<p>Body</p>\n");
        let Related::Article { at, .. } = &a.related[0] else {
            panic!()
        };
        assert_eq!((at.line, at.col), (5, 13), "points at the reference itself");
    }

    #[test]
    fn yaml_article_resolves() {
        let a = parse(
            "---\ntitle: Parade\ndate: 2025-09-03\ncategory: China\nauthors: [A, B]\n---\nBody",
        )
        .unwrap();
        assert_eq!(a.category.as_deref(), Some("China"));
        assert_eq!(a.authors, ["A", "B"]);
    }

    #[test]
    fn missing_title_and_bad_date_are_both_reported() {
        let e = parse("+++\ndate = \"soon\"\n+++\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|d| d.message.contains("`title`")));
        assert!(
            e.iter()
                .any(|d| d.location.line == 2 && d.message.contains("invalid date"))
        );
    }

    /// Year 0025 is a typo (warning), year 9999 gave a library's internal
    /// message, and an update before the story is impossible (error).
    #[test]
    fn dates_that_cannot_be_meant_are_caught() {
        let a = parse("+++\ntitle = \"x\"\ndate = 0025-09-03\n+++\n").unwrap();
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].message.contains("typo"), "{:?}", a.warnings);
        assert_eq!(a.warnings[0].location.line, 3);
        let e = parse("+++\ntitle = \"x\"\ndate = 9999-12-31\n+++\n").unwrap_err();
        assert!(
            e[0].message.contains("before the year 9999"),
            "{}",
            e[0].message
        );
        let e = parse("+++\ntitle = \"x\"\ndate = 2025-09-03T10:00:00Z\nupdated = 2025-09-02T10:00:00Z\n+++\n")
            .unwrap_err();
        assert_eq!(e[0].location.line, 4);
        assert!(e[0].message.contains("before `date`"), "{}", e[0].message);
    }

    #[test]
    fn an_image_with_a_script_url_is_an_error_at_its_value() {
        let e = parse("+++\ntitle = \"x\"\ndate = 2025-01-01\nimage = { src = \"javascript:alert(1)\" }\n+++\n")
            .unwrap_err();
        assert_eq!((e[0].location.line, e[0].location.col), (4, 18), "{e:?}");
        assert!(
            e[0].message.contains("not `javascript:`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn unknown_field_is_located_with_a_hint() {
        let e =
            parse("+++\ntitle = \"x\"\ndate = 2025-01-01\ncategroy = \"x\"\n+++\n").unwrap_err();
        assert_eq!(e[0].location.line, 4);
        assert!(
            e[0].message.contains("did you mean `category`?"),
            "{}",
            e[0].message
        );
        let e = parse("---\ntitle: x\ndate: 2025-01-01\ncategroy: x\n---\n").unwrap_err();
        assert_eq!(e[0].location.line, 4, "{:?}", e[0]);
        assert!(
            e[0].message.contains("did you mean `category`?"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn series_parts_are_read_in_every_form_and_bad_parts_located() {
        let head = "+++\ntitle = \"x\"\ndate = 2025-01-01\n";
        for (text, part) in [
            (format!("{head}series = {{ name = \"The river's edge\", part = 2 }}\n+++\n"), 2),
            (format!("{head}[series]\nname = \"The river's edge\"\npart = 3\n+++\n"), 3),
            ("---\ntitle: x\ndate: 2025-01-01\nseries: { name: The river's edge, part: 1 }\n---\n".to_string(), 1),
            ("---\ntitle: x\ndate: 2025-01-01\nseries:\n  name: \"The river's edge\"\n  part: 4\n---\n".to_string(), 4),
        ] {
            let s = parse(&text).unwrap().series.unwrap();
            assert_eq!((s.name.as_str(), s.slug.as_str(), s.part), ("The river's edge", "the-river-s-edge", part));
        }
        let zero = format!("{head}series = {{ name = \"The part: 1\", part = 0 }}\n+++\n");
        let e = parse(&zero).unwrap_err();
        assert_eq!((e[0].location.line, e[0].location.col), (4, 34), "{e:?}");
        assert!(
            e[0].message.contains("1 or more, not 0"),
            "{}",
            e[0].message
        );
        let yaml = "---\ntitle: x\ndate: 2025-01-01\nseries:\n  name: R\n  part: -1\n---\n";
        let e = parse(yaml).unwrap_err();
        assert_eq!((e[0].location.line, e[0].location.col), (6, 3), "{e:?}");
        let words = format!("{head}series = {{ name = \"R\", part = \"two\" }}\n+++\n");
        let e = parse(&words).unwrap_err();
        assert_eq!(e[0].location.line, 4, "{e:?}");
        assert!(e[0].message.contains("whole number"), "{}", e[0].message);
        let nameless = format!("{head}series = {{ name = \"...\", part = 1 }}\n+++\n");
        let e = parse(&nameless).unwrap_err();
        assert_eq!(e[0].location.line, 4, "{e:?}");
    }
}
