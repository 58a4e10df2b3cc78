//! Where the site's articles use pictures.

use std::path::{Path, PathBuf};

use crate::content::image::{Focus, Image};
use crate::error::Location;
use crate::markdown::components::Component;
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
    /// Whether a page of this build shows it; one waiting for its time is
    /// checked and encoded into the cache, not published.
    pub(crate) shown: Shown,
}

/// When a picture is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// By a page of this build.
    Now,
    /// In a live update not out yet.
    Later,
    /// In an article waiting for its date: the only kind of use that sees
    /// the files of such articles' bundles.
    Scheduled,
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

    /// The output path of the site's file `src` names; none for a remote one.
    pub(crate) fn local_path(&self) -> Option<String> {
        (!self.remote()).then(|| self.rel_path())
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

/// Every use of a picture by an article (published, in live updates not
/// out yet, waiting for its date), then by authors' profiles and the pages
/// of series, sections and tags.
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
                shown: Shown::Now,
            });
        }
    }
    out
}

/// The pictures of published articles, then those of articles waiting for
/// their date; a live update not out yet is waiting too.
fn articles(site: &Site) -> Vec<Use> {
    let mut out = Vec::new();
    for p in &site.articles {
        for c in &p.components {
            let hidden = p.live.as_ref().and_then(|l| l.hidden_until(c.at.line));
            let shown = if hidden.is_some() {
                Shown::Later
            } else {
                Shown::Now
            };
            out.extend(figure(c, &p.path, shown));
        }
        out.extend(lead(p.image.as_ref(), &p.source, &p.path, Shown::Now));
    }
    for s in &site.scheduled {
        let figures = s.components.iter();
        out.extend(figures.filter_map(|c| figure(c, &s.path, Shown::Scheduled)));
        out.extend(lead(s.image.as_ref(), &s.source, &s.path, Shown::Scheduled));
    }
    out
}

/// A picture component's use of its `src`.
fn figure(c: &Component, page_path: &str, shown: Shown) -> Option<Use> {
    let src = c.str_arg("src")?;
    PICTURE_COMPONENTS.contains(&c.name.as_str()).then(|| Use {
        article: c.at.path.clone(),
        page_path: page_path.to_string(),
        src: src.to_string(),
        focus: Focus::CENTRE,
        at: c.at.clone(),
        need: Need::Inline,
        shown,
    })
}

/// A lead image's use.
fn lead(image: Option<&Image>, source: &Path, page_path: &str, shown: Shown) -> Option<Use> {
    let i = image?;
    let at = i.at.clone().unwrap_or_else(|| Location::file(source));
    Some(Use {
        article: at.path.clone(),
        page_path: page_path.to_string(),
        src: i.src.clone(),
        focus: i.focus(),
        at,
        need: Need::Lead,
        shown,
    })
}
