//! Where the site's articles use pictures.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::image::Focus;
use crate::error::Location;
use crate::site::Site;

/// What a page makes of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Need {
    /// A lead image: the 16:9 crop at every width, and Google's three crops.
    Lead,
    /// A picture in the body: the whole picture at every width.
    Inline,
    /// A series' or a section's picture: what a lead image gets, without
    /// the warning about Google Discover, which shows articles only.
    Cover,
    /// An author's photo: a square crop at `images.portrait_widths`.
    Portrait,
}

/// One use of a picture by an article.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    /// The article's file, as its messages show it.
    pub(crate) article: PathBuf,
    /// The article's output folder, for a `src` relative to it (a page bundle).
    pub(crate) page_path: String,
    pub(crate) src: String,
    pub(crate) focus: Focus,
    pub(crate) at: Location,
    pub(crate) need: Need,
}

impl Use {
    /// An `http(s)://` picture: published by another site, as it is.
    pub(crate) fn remote(&self) -> bool {
        let s = self.src.to_ascii_lowercase();
        s.starts_with("https://") || s.starts_with("http://") || s.starts_with("//")
    }

    /// Whether `src` may be a path from the page's folder: articles have
    /// one (a page bundle); authors and list pages do not.
    pub(crate) fn relative_forbidden(&self) -> bool {
        self.page_path.is_empty() && !self.remote() && !self.src.starts_with('/')
    }

    /// The output path `src` names: from the site's root, else from the page.
    fn rel_path(&self) -> String {
        let src = self.src.split(['?', '#']).next().unwrap_or_default();
        let src = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
        match src.strip_prefix('/') {
            Some(rest) => rest.to_string(),
            None => format!("{}{}", self.page_path, src.trim_start_matches("./")),
        }
    }

    /// The file `src` names, if the site has it.
    pub(crate) fn file<'a>(&self, files: &HashMap<&str, &'a Path>) -> Option<&'a Path> {
        if self.remote() {
            return None;
        }
        files.get(self.rel_path().as_str()).copied()
    }

    pub(crate) fn missing(&self) -> String {
        // Authors' and list pages' pictures have no folder of their own.
        let beside = if self.page_path.is_empty() {
            ""
        } else {
            " nor one beside the article"
        };
        format!(
            "image `{}` not found: no file `static/{}`{beside}",
            self.src.escape_debug(),
            self.rel_path().escape_debug()
        )
    }
}

/// The components whose `src` is a picture drawn through the pipeline.
pub(crate) const PICTURE_COMPONENTS: [&str; 1] = ["figure"];

/// Every use of a picture by a published article (lead images, then
/// pictures in bodies), then by authors' profiles and the pages of series,
/// sections and tags.
pub(crate) fn collect(site: &Site) -> Vec<Use> {
    let mut out = articles(site);
    let authors = site.authors.iter().map(|a| (&a.image, Need::Portrait));
    let series = site.series.iter().filter_map(|s| s.page.as_ref());
    let series = series.map(|p| (&p.image, Need::Cover));
    let pages = &site.term_pages;
    let terms = pages.categories.iter().chain(&pages.tags).flatten();
    let terms = terms.map(|p| (&p.image, Need::Cover));
    for (image, need) in authors.chain(series).chain(terms) {
        // Their `src` is a path from the site's root: these pages have no bundle.
        if let Some(i) = image
            && let Some(at) = &i.at
        {
            out.push(Use {
                article: at.path.clone(),
                page_path: String::new(),
                src: i.src.clone(),
                focus: i.focus(),
                at: at.clone(),
                need,
            });
        }
    }
    out
}

fn articles(site: &Site) -> Vec<Use> {
    let mut out = Vec::new();
    for p in &site.articles {
        for c in p.shown_components() {
            let Some(src) = c.str_arg("src") else {
                continue;
            };
            if PICTURE_COMPONENTS.contains(&c.name.as_str()) {
                out.push(Use {
                    article: c.at.path.clone(),
                    page_path: p.path.clone(),
                    src: src.to_string(),
                    focus: Focus::CENTRE,
                    at: c.at.clone(),
                    need: Need::Inline,
                });
            }
        }
        if let Some(i) = &p.image {
            let at = i.at.clone().unwrap_or_else(|| Location::file(&p.source));
            out.push(Use {
                article: at.path.clone(),
                page_path: p.path.clone(),
                src: i.src.clone(),
                focus: i.focus(),
                at,
                need: Need::Lead,
            });
        }
    }
    out
}
