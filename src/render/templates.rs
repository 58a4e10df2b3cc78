//! Templates: the default theme embedded in the binary, overridden file by
//! file by `themes/<name>/templates/` and then by the site's `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use super::functions;
use crate::config::Config;
use crate::content::display_path;
use crate::error::{Diagnostic, Location};

/// The default theme's templates, compiled into the binary.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/default/templates/article.html"),
    ),
    (
        "category.html",
        include_str!("../../themes/default/templates/category.html"),
    ),
    (
        "series.html",
        include_str!("../../themes/default/templates/series.html"),
    ),
    (
        "categories.html",
        include_str!("../../themes/default/templates/categories.html"),
    ),
    (
        "author.html",
        include_str!("../../themes/default/templates/author.html"),
    ),
    (
        "authors.html",
        include_str!("../../themes/default/templates/authors.html"),
    ),
    (
        "tag.html",
        include_str!("../../themes/default/templates/tag.html"),
    ),
    (
        "tags.html",
        include_str!("../../themes/default/templates/tags.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "archive.html",
        include_str!("../../themes/default/templates/archive.html"),
    ),
    (
        "archives.html",
        include_str!("../../themes/default/templates/archives.html"),
    ),
    (
        "corrections.html",
        include_str!("../../themes/default/templates/corrections.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "partials/head.html",
        include_str!("../../themes/default/templates/partials/head.html"),
    ),
    (
        "partials/byline.html",
        include_str!("../../themes/default/templates/partials/byline.html"),
    ),
    (
        "partials/kicker.html",
        include_str!("../../themes/default/templates/partials/kicker.html"),
    ),
    (
        "hosts/_headers",
        include_str!("../../themes/default/templates/hosts/_headers"),
    ),
    (
        "hosts/_redirects",
        include_str!("../../themes/default/templates/hosts/_redirects"),
    ),
    (
        "hosts/vercel.json",
        include_str!("../../themes/default/templates/hosts/vercel.json"),
    ),
    (
        "hosts/s3-routing-rules.json",
        include_str!("../../themes/default/templates/hosts/s3-routing-rules.json"),
    ),
    (
        "hosts/nginx-redirects.conf",
        include_str!("../../themes/default/templates/hosts/nginx-redirects.conf"),
    ),
    (
        "partials/live_update.html",
        include_str!("../../themes/default/templates/partials/live_update.html"),
    ),
    (
        "partials/masthead.html",
        include_str!("../../themes/default/templates/partials/masthead.html"),
    ),
    (
        "partials/footer_about.html",
        include_str!("../../themes/default/templates/partials/footer_about.html"),
    ),
    (
        "partials/related_entry.html",
        include_str!("../../themes/default/templates/partials/related_entry.html"),
    ),
    (
        "partials/card.html",
        include_str!("../../themes/default/templates/partials/card.html"),
    ),
    (
        "feeds/rss.xml",
        include_str!("../../themes/default/templates/feeds/rss.xml"),
    ),
    (
        "feeds/atom.xml",
        include_str!("../../themes/default/templates/feeds/atom.xml"),
    ),
    (
        "redirect.html",
        include_str!("../../themes/default/templates/redirect.html"),
    ),
    (
        "partials/also_read.html",
        include_str!("../../themes/default/templates/partials/also_read.html"),
    ),
    (
        "partials/head_tags.html",
        include_str!("../../themes/default/templates/partials/head_tags.html"),
    ),
    (
        "sitemap.xml",
        include_str!("../../themes/default/templates/sitemap.xml"),
    ),
    (
        "sitemap_index.xml",
        include_str!("../../themes/default/templates/sitemap_index.xml"),
    ),
    (
        "news_sitemap.xml",
        include_str!("../../themes/default/templates/news_sitemap.xml"),
    ),
    (
        "robots.txt",
        include_str!("../../themes/default/templates/robots.txt"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../themes/default/templates/partials/pagination.html"),
    ),
    (
        "components/pullquote.html",
        include_str!("../../themes/default/templates/components/pullquote.html"),
    ),
    (
        "components/factbox.html",
        include_str!("../../themes/default/templates/components/factbox.html"),
    ),
    (
        "components/figure.html",
        include_str!("../../themes/default/templates/components/figure.html"),
    ),
    (
        "partials/video_poster.html",
        include_str!("../../themes/default/templates/partials/video_poster.html"),
    ),
    (
        "partials/social_post.html",
        include_str!("../../themes/default/templates/partials/social_post.html"),
    ),
    (
        "components/gallery.html",
        include_str!("../../themes/default/templates/components/gallery.html"),
    ),
    (
        "partials/picture.html",
        include_str!("../../themes/default/templates/partials/picture.html"),
    ),
    (
        "partials/portrait.html",
        include_str!("../../themes/default/templates/partials/portrait.html"),
    ),
    (
        "components/youtube.html",
        include_str!("../../themes/default/templates/components/youtube.html"),
    ),
    (
        "components/vimeo.html",
        include_str!("../../themes/default/templates/components/vimeo.html"),
    ),
    (
        "components/video.html",
        include_str!("../../themes/default/templates/components/video.html"),
    ),
    (
        "components/x.html",
        include_str!("../../themes/default/templates/components/x.html"),
    ),
    (
        "components/bluesky.html",
        include_str!("../../themes/default/templates/components/bluesky.html"),
    ),
    (
        "components/mastodon.html",
        include_str!("../../themes/default/templates/components/mastodon.html"),
    ),
    (
        "components/instagram.html",
        include_str!("../../themes/default/templates/components/instagram.html"),
    ),
];

/// The default theme's static files, compiled into the binary.
pub(crate) const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
    ),
    (
        "live.css",
        include_bytes!("../../themes/default/static/live.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_bytes!("../../themes/default/static/search.css"),
    ),
];

/// Embedded static files only a site with `[search]` on publishes.
pub(crate) const SEARCH_STATIC: [&str; 2] = ["search.js", "search.css"];

/// The site's templates (its own over its theme's over the embedded default
/// theme's), compiled once per build.
#[derive(Clone)]
pub struct Templates {
    /// Compiled, with functions that answer from no site: a site's
    /// renderer clones it and binds them (see [`Templates::bound`]).
    tera: Tera,
    /// Where each template came from, for error messages.
    sources: BTreeMap<String, PathBuf>,
    /// The digest of every template's name and text: pages drawn with other
    /// templates are drawn anew (see `crate::cache`).
    pub(crate) digest: u128,
}

/// The folders a theme or site keeps its own files in.
pub(crate) fn theme_dir(config: &Config) -> Result<Option<PathBuf>, Diagnostic> {
    let dir = display_path(&config.root, "themes").join(&config.theme);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    if config.theme == "default" {
        return Ok(None);
    }
    Err(Diagnostic::error(
        config.theme_at.clone(),
        format!(
            "unknown theme `{}`: there is no folder {}",
            config.theme,
            dir.display()
        ),
    ))
}

impl Templates {
    pub(crate) fn load(config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let theme = theme_dir(config).map_err(|d| vec![d])?;
        let mut texts: BTreeMap<String, (PathBuf, String)> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                let origin = PathBuf::from(format!("<default theme>/templates/{name}"));
                (name.to_string(), (origin, text.to_string()))
            })
            .collect();
        let mut errors = Vec::new();
        let site_templates = display_path(&config.root, "templates");
        for dir in theme
            .map(|t| t.join("templates"))
            .iter()
            .chain([&site_templates])
        {
            read_dir_into(dir, &mut texts, &mut errors);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Templates::from_texts(texts)
    }

    fn from_texts(
        texts: BTreeMap<String, (PathBuf, String)>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        functions::register(&mut tera, std::sync::Weak::new());
        let sources: BTreeMap<String, PathBuf> = texts
            .iter()
            .map(|(name, (path, _))| (name.clone(), path.clone()))
            .collect();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (name, (_, text)) in &texts {
            for part in [name, text] {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
        }
        let digest = h.digest128();
        let result = tera.add_raw_templates(
            texts
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        );
        let templates = Templates {
            tera,
            sources,
            digest,
        };
        match result {
            Ok(()) => Ok(templates),
            Err(e) => match loop_location(&e, &texts) {
                Some(at) => Err(vec![Diagnostic::error(at, e.to_string())]),
                None => Err(templates.diagnostics(&e)),
            },
        }
    }

    /// Load errors: Tera reports several at once as text with `--> name:line:col` arrows.
    fn diagnostics(&self, e: &tera::Error) -> Vec<Diagnostic> {
        let text = e.to_string();
        let mut found = Vec::new();
        let mut message = "";
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("error: ") {
                message = m;
            } else if let Some((name, l, c)) = arrow(line) {
                let path = self
                    .sources
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(name));
                found.push(Diagnostic::error(Location::at(path, l, c), message));
            }
        }
        if found.is_empty() {
            found.push(self.diagnostic(e, None));
        }
        found
    }

    /// The names of every template (`partials/card.html`), sorted.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// The templates, with functions answering from `shared`.
    pub(crate) fn bound(&self, shared: std::sync::Weak<super::shared::Shared>) -> Tera {
        let mut tera = self.tera.clone();
        functions::register(&mut tera, shared);
        tera
    }

    /// Locates a Tera error in the template file that caused it.
    pub(crate) fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let (name, span, message) = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
                r.filename().to_string(),
                Some(r.span().clone()),
                r.message().to_string(),
            ),
            _ => (
                rendering.unwrap_or_default().to_string(),
                None,
                error_chain(e),
            ),
        };
        let path = self
            .sources
            .get(&name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&name));
        let location = match span {
            Some(s) => Location::at(path, s.start_line, s.start_col + 1),
            None => Location::file(path),
        };
        let message = match rendering {
            Some(page) => format!("{message} (while rendering `{page}`)"),
            None => message,
        };
        Diagnostic::error(location, message)
    }
}

/// Where a template names the one that closes a loop of `include`s or
/// `extends`, or a parent that does not exist: Tera gives the names only.
fn loop_location(e: &tera::Error, texts: &BTreeMap<String, (PathBuf, String)>) -> Option<Location> {
    let (from, to) = match e.kind() {
        tera::ErrorKind::CircularInclude {
            include_chain: c, ..
        }
        | tera::ErrorKind::CircularExtend {
            inheritance_chain: c,
            ..
        } => (c.get(c.len().checked_sub(2)?)?, c.last()?),
        tera::ErrorKind::MissingParent { current, parent } => (current, parent),
        _ => return None,
    };
    let (path, text) = texts.get(from.as_str())?;
    let at = [format!("\"{to}\""), format!("'{to}'")]
        .iter()
        .find_map(|quoted| text.find(quoted.as_str()));
    let Some(at) = at else {
        return Some(Location::file(path));
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Location::at(path, line, col))
}

/// ` --> partials/x.html:3:7` as (name, line, column).
fn arrow(line: &str) -> Option<(&str, usize, usize)> {
    let rest = line.trim_start().strip_prefix("--> ")?;
    let mut parts = rest.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let l = parts.next()?.parse().ok()?;
    Some((parts.next()?, l, col))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

fn read_dir_into(
    dir: &Path,
    texts: &mut BTreeMap<String, (PathBuf, String)>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::error(
                    Location::file(e.path().unwrap_or(dir)),
                    e.to_string(),
                ));
                continue;
            }
        };
        let name = relative_name(dir, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                texts.insert(name, (entry.path().to_path_buf(), text));
            }
            Err(e) => errors.push(Diagnostic::error(
                Location::file(entry.path()),
                format!("cannot read: {e}"),
            )),
        }
    }
}

/// `templates/partials/head.html` is the template `partials/head.html`.
pub(crate) fn relative_name(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(items: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, String)> {
        items
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (PathBuf::from(format!("templates/{n}")), t.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn syntax_error_names_the_file_and_line() {
        let e = Templates::from_texts(texts(&[("a.html", "ok\n{% if %}\n")]))
            .err()
            .unwrap();
        assert_eq!(e[0].location.path, PathBuf::from("templates/a.html"));
        assert_eq!(e[0].location.line, 2);
    }

    #[test]
    fn embedded_list_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| relative_name(&dir, e.path()))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
