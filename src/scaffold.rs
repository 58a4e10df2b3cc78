//! `dateline new` and `dateline init`: files to start from.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::content::{AUTHORS_DIR, CONTENT_DIR, display_path};
use crate::error::{Error, Result};
use crate::paths::slugify;

/// What `dateline new` makes.
pub struct NewArticle<'a> {
    /// The headline.
    pub title: &'a str,
    /// The file name without `.md`; default: made from the headline.
    pub slug: Option<&'a str>,
    /// The section, which also names the folder.
    pub category: Option<&'a str>,
    /// The bylines.
    pub authors: &'a [String],
}

/// Creates `content/<category>/<slug>.md` as a draft dated `now` in the
/// site's time zone; never overwrites. Returns its path.
pub fn new_article(root: &Path, new: &NewArticle<'_>, now: jiff::Timestamp) -> Result<PathBuf> {
    let NewArticle {
        title,
        slug,
        category,
        authors,
    } = *new;
    if title.trim().is_empty() || title.chars().any(char::is_control) {
        return Err(Error::Usage(
            "the headline must be one line of text, without line breaks or control characters"
                .to_string(),
        ));
    }
    let config = Config::load(root, None)?;
    let slug = match slug {
        Some(s) => slugify(s),
        None => headline_slug(title),
    };
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "`{title}` has no letters or digits to make a file name from; give one with --slug"
        )));
    }
    let folder = match category.map(slugify) {
        Some(c) if !c.is_empty() => display_path(root, CONTENT_DIR).join(c),
        _ => display_path(root, CONTENT_DIR),
    };
    let path = folder.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::Usage(format!(
            "{}: already exists; choose another headline",
            path.display()
        )));
    }
    let date = now
        .to_zoned_datetime(config.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let mut fm = format!("+++\ntitle = {}\ndate = {date}\n", toml_string(title));
    if let Some(c) = category {
        fm.push_str(&format!("category = {}\n", toml_string(c)));
    }
    let authors: Vec<String> = authors.iter().map(|a| toml_string(a)).collect();
    fm.push_str(&format!(
        "authors = [{}]\nsummary = \"\"\ntags = []\ndraft = true\n+++\n\nWrite the story here.\n",
        authors.join(", ")
    ));
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    create_new(&path, &fm)?;
    Ok(path)
}

/// A headline's file name: its words transliterated (`Привет мир` gives
/// `privet-mir`), with symbols and pictographs dropped rather than spelt
/// out (`£`, `°` and `🎉` gave `ps`, `deg` and `tada`) and apostrophes
/// joining (`Zoë's` gives `zoes`).
fn headline_slug(title: &str) -> String {
    let words: String = title
        .chars()
        .filter_map(|c| match c {
            '\'' | '’' => None,
            c if c.is_alphanumeric() || c.is_whitespace() => Some(c),
            // Punctuation separates words; any other symbol goes.
            c if c.is_ascii_punctuation() || ('\u{2010}'..='\u{2027}').contains(&c) => Some(' '),
            _ => None,
        })
        .collect();
    slugify(&words)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes `text` to a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    f.write_all(text.as_bytes()).map_err(|e| Error::io(path, e))
}

/// Creates a new site in `dir`: missing, empty, or holding only hidden
/// entries (a fresh git repository's `.git`, `.gitignore`, ...).
pub fn init(dir: &Path, now: jiff::Timestamp) -> Result<()> {
    let visible = |e: &std::fs::DirEntry| !e.file_name().to_string_lossy().starts_with('.');
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.any(|e| e.is_ok_and(|e| visible(&e)))
    {
        return Err(Error::Usage(format!(
            "{}: not empty; `dateline init` needs a new or empty folder (hidden files such as .git may stay)",
            dir.display()
        )));
    }
    let date = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let files = [
        (CONFIG_FILE.to_string(), CONFIG_TEMPLATE.to_string()),
        (
            format!("{CONTENT_DIR}/news/welcome.md"),
            SAMPLE_ARTICLE.replace("{date}", &date.to_string()),
        ),
        (
            format!("{CONTENT_DIR}/{AUTHORS_DIR}/newsroom-editor.md"),
            SAMPLE_AUTHOR.to_string(),
        ),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        create_new(&path, &text)?;
    }
    // A repository's own .gitignore stays as it is.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        create_new(&ignore, GITIGNORE)?;
    }
    Ok(())
}

/// The built site and the image cache are made again by every build.
const GITIGNORE: &str = "/public\n/.dateline-cache\n";

const CONFIG_TEMPLATE: &str = r#"# dateline site settings. Every key is optional; the value shown is the default
# unless it is uncommented.

title = "My Newsroom"
# description = ""
# The absolute URL the site is served at; it may have a path (https://example.org/news/).
base_url = "https://example.org/"
# language = "en"
# IANA time zone for dates written without an offset.
# timezone = "UTC"
# theme = "default"       # or name = "..." in [theme] below, not both
# Articles per page on list pages.
# paginate = 20
# Article URLs: {category} {year} {month} {day} {slug}
# permalink = "{category}/{slug}/"

# Published pictures: variant widths (never wider than the source), the
# modern formats offered before the original, and their qualities.
# [images]
# widths = [480, 800, 1200, 1600, 2000]
# formats = ["avif", "webp"]
# [images.quality]
# avif = 60
# webp = 75
# jpeg = 80

# The theme and its options.
# [theme]
# name = "default"
# toc_min_headings = 3     # contents on articles with this many h2/h3 headings; 0: never

# [feeds]
# limit = 20
# full_content = true
# tags = false

# [news]
# name = "My Newsroom"     # default: title
# language = "en"          # default: language

# Date archives: /2025/, /2025/09/ (and /2025/09/03/ with days) and /archive/.
# [archives]
# enabled = true
# days = false

# Full-text search: a /search/ page and a box in the masthead, with an index of
# every published article built in-process (Pagefind) under /pagefind/.
[search]
enabled = true           # default false
# filters = ["category", "author", "tag", "year"]
# [search.weights]
# headline = 7
# standfirst = 2

# Redirect files the host reads, besides the page left at each alias: any of
# "netlify", "cloudflare", "vercel", "s3", "nginx".
# [redirects]
# formats = ["netlify"]

# [publisher]
# name = "My Newsroom"     # default: title
# logo = "/images/logo.png"
# twitter = "@newsroom"

# [related]
# count = 5
# include_newer = false
# half_life_days = 30
# [related.weights]
# category = 1.0
# tags = 1.5
# authors = 0.5
# text = 4.0

# Entries of the output folder every build keeps (a deploy checkout's .git, ...).
# [output]
# keep = [".git", "CNAME", ".nojekyll", ".well-known"]
"#;

const SAMPLE_ARTICLE: &str = r#"+++
title = "Welcome to your newsroom"
date = {date}
category = "News"
author = "Newsroom Editor"
summary = "Your first article: edit it, or add more with `dateline new`."
tags = ["Getting started"]
+++

This site was made by `dateline init`. Articles live under `content/`, one
Markdown file each, with the headline, date, category and bylines in the front
matter at the top.

## Next steps

- Run `dateline serve` and edit this file: the page reloads as you save.
- Add an article with `dateline new "Headline" --category News`.
- Build the site with `dateline build`: it goes to `public/`.
"#;

const SAMPLE_AUTHOR: &str = r#"+++
name = "Newsroom Editor"
role = "Editor"
+++

Edits this newsroom. Author profiles live in `content/authors/`, named after
the author's id (the name in lowercase, with hyphens).
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_make_readable_file_names() {
        for (headline, slug) in [
            ("Привет мир", "privet-mir"),
            ("北京举行阅兵", "bei-jing-ju-xing-yue-bing"),
            ("Zoë's café — open", "zoes-cafe-open"),
            ("AT&T deal", "at-t-deal"),
            ("£5bn deal", "5bn-deal"),
            ("Temperatures hit 40°C", "temperatures-hit-40c"),
            ("🎉 Party time", "party-time"),
            ("★★★", ""),
        ] {
            assert_eq!(headline_slug(headline), slug, "{headline}");
        }
    }

    #[test]
    fn toml_strings_round_trip() {
        for s in ["Say \"hi\"", "it's", "back\\slash", "line\nbreak"] {
            let doc: toml::Table = format!("x = {}", toml_string(s)).parse().unwrap();
            assert_eq!(doc["x"].as_str(), Some(s));
        }
    }
}
