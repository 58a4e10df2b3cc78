//! `_index.md` files: what a list page says about itself (its title,
//! description, image and an introduction), as in Hugo and Zola. They are
//! never articles. Series pages are the first kind
//! (`content/series/<slug>/_index.md`); other kinds can be added to
//! [`ListKind`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::frontmatter;
use super::image::Image;
use crate::error::{Diagnostic, Location, line_col};
use crate::markdown::{self, Resolver};
use crate::paths::slugify;

/// The file name that makes a list page.
pub(crate) const FILE_NAME: &str = "_index.md";

/// The folder under `content/` that holds series pages.
pub(crate) const SERIES_DIR: &str = "series";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListPage {
    title: Option<String>,
    description: Option<String>,
    image: Option<Image>,
}

/// Which list a `_index.md` describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListKind {
    /// The series with this slug: `series/<slug>/_index.md`.
    Series(String),
    /// The section with this slug: `<section>/_index.md`.
    Category(String),
    /// The tag with this slug: `tags/<tag>/_index.md`.
    Tag(String),
}

/// The folder under `content/` that holds tag pages, as in Hugo.
pub(crate) const TAGS_DIR: &str = "tags";

/// A list page's own text, checked; its body is rendered once the site's
/// articles are known (it may link to them).
#[derive(Debug, Clone)]
pub struct ListPage {
    pub(crate) kind: ListKind,
    /// The path shown in messages.
    pub(crate) source: PathBuf,
    /// The name to show, when given.
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<Image>,
    /// Markdown.
    body: String,
    body_line: usize,
}

/// Whether `rel_path` (under `content/`) is a `_index.md`.
pub(crate) fn is_list_page(rel_path: &str) -> bool {
    rel_path.rsplit('/').next() == Some(FILE_NAME)
}

/// The list `rel_path` describes, or why it describes none.
fn kind_of(rel_path: &str) -> Result<ListKind, String> {
    let folders = rel_path
        .strip_suffix(FILE_NAME)
        .map(|f| f.trim_end_matches('/'));
    let parts: Vec<&str> = folders.map(|f| f.split('/').collect()).unwrap_or_default();
    let (make, name): (fn(String) -> ListKind, &str) = match parts[..] {
        [SERIES_DIR, name] => (ListKind::Series, name),
        [TAGS_DIR, name] => (ListKind::Tag, name),
        [name] if !name.is_empty() => (ListKind::Category, name),
        _ => {
            return Err(format!(
                "a `{FILE_NAME}` describes a list page: a section's (content/<section>/{FILE_NAME}), a tag's (content/{TAGS_DIR}/<tag>/{FILE_NAME}) or a series' (content/{SERIES_DIR}/<slug>/{FILE_NAME}); this one is none of them and is not published"
            ));
        }
    };
    match slugify(name) {
        slug if slug.is_empty() => Err(
            "the folder's name has no letters or digits to make an address from; rename it".into(),
        ),
        slug => Ok(make(slug)),
    }
}

impl ListPage {
    /// Parses a `_index.md`: `Ok(None)` with a warning for a kind of list
    /// that has no page.
    pub(crate) fn parse(
        rel_path: &str,
        source: &Path,
        text: &str,
    ) -> Result<(Option<ListPage>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let kind = match kind_of(rel_path) {
            Ok(kind) => kind,
            Err(m) => return Ok((None, vec![Diagnostic::warning(Location::file(source), m)])),
        };
        let split = frontmatter::split(source, text).map_err(|d| vec![d])?;
        let raw: RawListPage = frontmatter::parse(source, text, &split).map_err(|d| vec![d])?;
        // The same checks as an article's picture: its URL and licence links.
        let problems = raw.image.iter().flat_map(|img| img.problems());
        let locate = |value: &str| {
            let at = text[..split.body_offset].find(value).unwrap_or(0);
            let (line, col) = line_col(text, at);
            Location::at(source, line, col)
        };
        let errors: Vec<Diagnostic> = problems
            .map(|(value, m)| Diagnostic::error(locate(value), m))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let trimmed = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let page = ListPage {
            kind,
            source: source.to_path_buf(),
            title: trimmed(raw.title),
            description: trimmed(raw.description),
            image: raw.image.map(|mut i| {
                i.at = Some(locate(&i.src));
                i
            }),
            body: split.body.to_string(),
            body_line: line_col(text, split.body_offset).0,
        };
        Ok((Some(page), Vec::new()))
    }

    /// The body as HTML, its `@/` links resolved; problems to `errors`.
    pub(crate) fn body_html(
        &self,
        resolver: &dyn Resolver,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let source = markdown::Source {
            path: &self.source,
            body: &self.body,
            first_line: self.body_line,
        };
        let (html, found) = markdown::render(&source, resolver);
        errors.extend(found);
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_are_sections_tags_and_series() {
        assert_eq!(
            kind_of("series/river-edge/_index.md"),
            Ok(ListKind::Series("river-edge".into()))
        );
        assert_eq!(
            kind_of("series/River Edge/_index.md"),
            Ok(ListKind::Series("river-edge".into()))
        );
        assert_eq!(
            kind_of("World/_index.md"),
            Ok(ListKind::Category("world".into()))
        );
        assert_eq!(
            kind_of("tags/Beijing/_index.md"),
            Ok(ListKind::Tag("beijing".into()))
        );
        assert!(kind_of("_index.md").is_err());
        assert!(kind_of("series/a/b/_index.md").is_err());
        assert!(kind_of("world/storm/_index.md").is_err());
        assert!(kind_of("!!!/_index.md").is_err());
        assert!(is_list_page("_index.md") && is_list_page("series/x/_index.md"));
        assert!(!is_list_page("world/x_index.md"));
    }

    #[test]
    fn a_series_page_has_a_title_description_image_and_intro() {
        let text = "+++\ntitle = \"The river's edge\"\ndescription = \" A delta. \"\nimage = { src = \"/images/delta.svg\", alt = \"Delta\" }\n+++\n\nThe intro.\n";
        let path = Path::new("content/series/the-river-s-edge/_index.md");
        let (page, warnings) =
            ListPage::parse("series/the-river-s-edge/_index.md", path, text).unwrap();
        let page = page.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(page.kind, ListKind::Series("the-river-s-edge".into()));
        assert_eq!(page.description.as_deref(), Some("A delta."));
        assert_eq!(page.body_line, 6);
        let bad = "+++\ntitel = \"x\"\n+++\n";
        let e = ListPage::parse("series/x/_index.md", path, bad).unwrap_err();
        assert!(e[0].message.contains("did you mean `title`?"), "{e:?}");
    }
}
