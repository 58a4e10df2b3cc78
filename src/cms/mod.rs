//! `dateline cms`: the admin pages of a git-based CMS, Decap CMS or its fork
//! Sveltia CMS, for editors who never touch git. The configuration is made
//! from dateline's own front-matter types and the site (its sections,
//! labels and house fields), so the forms write only what a build accepts.
//!
//! It writes `static/admin/index.html`, which loads the CMS's script from
//! a CDN, pinned to one version and its integrity hash (the only page of
//! the site that does: the script is several megabytes, and an editor's
//! browser needs the network to reach git anyway), and
//! `static/admin/config.yml`.

pub(crate) mod fields;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use fields::Field;

/// Which CMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CmsKind {
    /// Decap CMS (formerly Netlify CMS).
    Decap,
    /// Sveltia CMS, a maintained rewrite reading the same configuration.
    Sveltia,
}

impl CmsKind {
    /// The script's Subresource Integrity hash: the browser refuses a
    /// script the CDN changed (that of the npm package's file).
    pub fn integrity(self) -> &'static str {
        match self {
            CmsKind::Decap => {
                "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
            }
            CmsKind::Sveltia => {
                "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"
            }
        }
    }

    /// The script the admin page loads, pinned to one version.
    pub fn script(self) -> &'static str {
        match self {
            CmsKind::Decap => "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js",
            CmsKind::Sveltia => "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js",
        }
    }
}

/// What `dateline cms` was asked to do.
#[derive(Debug, Clone)]
pub struct CmsRequest {
    /// The site's folder.
    pub root: PathBuf,
    /// Which CMS the admin page loads.
    pub kind: CmsKind,
    /// The GitHub repository the CMS commits to, `owner/name`.
    pub repo: String,
    /// The branch it publishes to.
    pub branch: String,
}

/// Where the admin pages go, under the site.
pub const ADMIN_DIR: &str = "static/admin";

/// Writes the admin pages; returns the files written. Nothing is written
/// when anything fails.
pub fn write(req: &CmsRequest) -> Result<Vec<PathBuf>> {
    let config = Config::load(&req.root, None)?;
    check_repo(&req.repo)?;
    let sections = section_folders(&config)?;
    let yaml = config_yml(&config, &sections, req)?;
    let dir = content::display_path(&req.root, ADMIN_DIR);
    let files = [
        (dir.join("config.yml"), yaml),
        (dir.join("index.html"), index_html(req.kind)),
    ];
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn check_repo(repo: &str) -> Result<()> {
    let ok = repo.split_once('/').is_some_and(|(o, n)| {
        let part = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        part(o) && part(n)
    });
    match ok {
        true => Ok(()),
        false => Err(Error::Usage(format!(
            "`--repo` is the GitHub repository the CMS commits to, `owner/name`, not `{repo}`"
        ))),
    }
}

/// The folders of `content/` that hold articles: one collection each.
fn section_folders(config: &Config) -> Result<Vec<String>> {
    let dir = content::display_path(&config.root, content::CONTENT_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        let message = format!("cannot read the content folder: {e}");
        Error::Content(vec![Diagnostic::error(Location::file(&dir), message)])
    })?;
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| !n.starts_with('.') && n != content::AUTHORS_DIR && n != "series")
        .collect();
    out.sort();
    Ok(out)
}

/// The sections editors may file a story in: the folders, and the
/// `category` values the articles already use.
fn section_names(config: &Config, folders: &[String]) -> Vec<String> {
    let mut d = Diagnostics::default();
    let files = content::discover(config, &mut d);
    let parsed = content::parse(&files, config, &mut d);
    let mut names: Vec<String> = parsed
        .articles
        .iter()
        .filter_map(|a| a.section().map(|(name, _)| name.to_string()))
        .collect();
    names.extend(folders.iter().cloned());
    names.sort_by_key(|n| crate::paths::slugify(n));
    names.dedup_by_key(|n| crate::paths::slugify(n));
    names
}

#[derive(Serialize)]
struct CmsConfig<'a> {
    backend: Backend<'a>,
    publish_mode: &'static str,
    media_folder: &'static str,
    public_folder: &'static str,
    site_url: &'a str,
    display_url: &'a str,
    /// Sveltia's: leave fields editors left empty out of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<Output>,
    collections: Vec<Collection>,
}

#[derive(Serialize)]
struct Backend<'a> {
    name: &'static str,
    repo: &'a str,
    branch: &'a str,
}

#[derive(Serialize)]
struct Output {
    omit_empty_optional_fields: bool,
}

#[derive(Serialize)]
struct Collection {
    name: String,
    label: String,
    label_singular: &'static str,
    folder: String,
    create: bool,
    extension: &'static str,
    format: &'static str,
    slug: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'static str>,
    /// Read from the folders below too (the hidden collection of every article).
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<Nested>,
    /// Not shown to editors: only a source for `related`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hide: bool,
    /// The field that names an entry, where it is not `title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier_field: Option<&'static str>,
    fields: Vec<Field>,
}

#[derive(Serialize)]
struct Nested {
    depth: u32,
}

fn config_yml(config: &Config, folders: &[String], req: &CmsRequest) -> Result<String> {
    let sections = section_names(config, folders);
    let article = article_fields(config, &sections)?;
    let mut collections: Vec<Collection> = folders
        .iter()
        .map(|folder| Collection {
            name: crate::paths::slugify(folder),
            label: title_case(folder),
            label_singular: "Article",
            folder: format!("content/{folder}"),
            create: true,
            extension: "md",
            format: "toml-frontmatter",
            slug: "{{slug}}",
            summary: Some("{{title}} ({{date}})"),
            nested: None,
            hide: false,
            identifier_field: None,
            fields: article.clone(),
        })
        .collect();
    // Every article, across the sections' folders, for `related` to pick from.
    collections.push(Collection {
        name: fields::ALL_ARTICLES.into(),
        label: "All articles".into(),
        label_singular: "Article",
        folder: content::CONTENT_DIR.into(),
        create: false,
        extension: "md",
        format: "toml-frontmatter",
        slug: "{{slug}}",
        summary: None,
        nested: Some(Nested { depth: 2 }),
        hide: true,
        identifier_field: None,
        fields: vec![fields::headline(), body("Story")],
    });
    collections.push(Collection {
        name: "authors".into(),
        label: "Authors".into(),
        label_singular: "Author",
        folder: format!("content/{}", content::AUTHORS_DIR),
        create: true,
        extension: "md",
        format: "toml-frontmatter",
        slug: "{{name}}",
        summary: None,
        nested: None,
        hide: false,
        identifier_field: Some("name"),
        fields: profile_fields()?,
    });
    let doc = CmsConfig {
        backend: Backend {
            name: "github",
            repo: &req.repo,
            branch: &req.branch,
        },
        publish_mode: "editorial_workflow",
        media_folder: "static/images",
        public_folder: "/images",
        site_url: config.base_url.as_str(),
        display_url: config.base_url.as_str(),
        output: (req.kind == CmsKind::Sveltia).then_some(Output {
            omit_empty_optional_fields: true,
        }),
        collections,
    };
    let yaml = serde_saphyr::to_string(&doc).map_err(|e| Error::Usage(e.to_string()))?;
    let head = format!(
        "# The editors' CMS ({}), written by `dateline cms` from dateline's front-matter\n# fields and this site's sections, labels and house fields. Run it again after\n# changing them rather than editing this file.\n",
        match req.kind {
            CmsKind::Decap => "Decap CMS",
            CmsKind::Sveltia => "Sveltia CMS",
        }
    );
    Ok(head + &yaml)
}

/// Every article field the CMS offers, then the body. A field of the
/// front-matter type without a form is an error rather than a field the
/// CMS silently cannot write (a test keeps the two in step).
fn article_fields(config: &Config, sections: &[String]) -> Result<Vec<Field>> {
    let names = content::article::front_matter_fields();
    let offered = names
        .iter()
        .filter(|n| !fields::NOT_OFFERED.iter().any(|(skip, _)| skip == *n));
    let forms = offered.map(|n| fields::article(n, config, sections).ok_or(*n));
    let mut out = complete(forms.collect())?;
    out.push(body("Story"));
    Ok(out)
}

fn profile_fields() -> Result<Vec<Field>> {
    let names = content::author::profile_fields();
    let forms = names.iter().map(|n| fields::profile(n).ok_or(*n));
    let mut out = complete(forms.collect())?;
    out.push(body("Biography"));
    Ok(out)
}

/// The forms, without objects that have no fields (house fields a site
/// does not declare); an error names a field that has no form.
fn complete(forms: Vec<std::result::Result<Field, &str>>) -> Result<Vec<Field>> {
    let mut out = Vec::new();
    for form in forms {
        let f = form.map_err(|name| {
            Error::Usage(format!(
                "dateline cms has no form for the front-matter field `{name}`"
            ))
        })?;
        if f.fields.as_ref().is_none_or(|inner| !inner.is_empty()) {
            out.push(f);
        }
    }
    Ok(out)
}

fn body(label: &str) -> Field {
    Field {
        name: "body".into(),
        label: label.into(),
        widget: "markdown",
        required: false,
        ..Field::default()
    }
}

/// `world` → `World`, `science-and-health` → `Science and health`.
fn title_case(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn index_html(kind: CmsKind) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Newsroom</title>\n</head>\n<body>\n<script src=\"{}\" integrity=\"{}\" crossorigin=\"anonymous\"></script>\n</body>\n</html>\n",
        kind.script(),
        kind.integrity()
    )
}

/// Whether `path` (under the output) is one of the admin pages, which are
/// kept out of sitemaps, feeds and search.
pub(crate) fn is_admin(path: &Path) -> bool {
    path.starts_with("admin")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field added to the front-matter or profile type without a form
    /// (or a reason in `NOT_OFFERED`) fails here.
    #[test]
    fn every_front_matter_field_has_a_form_or_a_reason() {
        let config = Config::parse(Path::new("."), "", None).unwrap();
        for name in content::article::front_matter_fields() {
            let offered = fields::article(name, &config, &[]).is_some();
            let left_out = fields::NOT_OFFERED.iter().any(|(n, _)| n == name);
            assert!(
                offered != left_out,
                "`{name}`: offered {offered}, left out {left_out}"
            );
        }
        for name in content::author::profile_fields() {
            assert!(fields::profile(name).is_some(), "profile field `{name}`");
        }
        // And no form for a field the types do not have.
        assert!(fields::article("headline", &config, &[]).is_none());
        assert!(fields::profile("title").is_none());
    }

    #[test]
    fn repositories_are_owner_and_name() {
        assert!(check_repo("newsroom/ledger").is_ok());
        for bad in ["ledger", "/ledger", "a/b/c", "a b/c", ""] {
            assert!(check_repo(bad).is_err(), "{bad}");
        }
    }
}
