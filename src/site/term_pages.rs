//! Section and tag pages of their own: `content/<section>/_index.md` and
//! `content/tags/<tag>/_index.md` (as in Zola and Hugo) give a list page its
//! title, description, picture and an introduction shown above the list.

use std::collections::HashMap;

use super::taxonomy::Term;
use crate::content::image::Image;
use crate::content::list_page::{ListKind, ListPage};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::markdown::Resolver;

/// What a section's or tag's `_index.md` says.
#[derive(Debug, Clone)]
pub(crate) struct TermPage {
    /// The heading to show instead of the term's name.
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<Image>,
    /// The body as HTML.
    pub(crate) intro: String,
}

/// Each section's and tag's page, by the term's index in the site's lists.
#[derive(Debug, Default)]
pub(crate) struct TermPages {
    pub(crate) categories: Vec<Option<TermPage>>,
    pub(crate) tags: Vec<Option<TermPage>>,
}

/// Matches the pages to the published sections and tags by slug; a page
/// for a term the content never names is a warning (it publishes nothing).
pub(crate) fn attach(
    categories: &[Term],
    tags: &[Term],
    pages: Vec<ListPage>,
    known_categories: &std::collections::HashSet<String>,
    resolver: &dyn Resolver,
    diagnostics: &mut Diagnostics,
) -> TermPages {
    let mut out = TermPages {
        categories: vec![None; categories.len()],
        tags: vec![None; tags.len()],
    };
    let index = |terms: &[Term]| -> HashMap<String, usize> {
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.clone(), i))
            .collect()
    };
    let (by_category, by_tag) = (index(categories), index(tags));
    // Every page is read and compared, its term published or not: its
    // problems would fail the build once the term's first article came out.
    let mut seen: HashMap<(&'static str, String), std::path::PathBuf> = HashMap::new();
    for p in pages {
        let (slot, kind, slug) = match &p.kind {
            ListKind::Category(s) => (
                by_category.get(s).map(|&i| &mut out.categories[i]),
                "section",
                s,
            ),
            ListKind::Tag(s) => (by_tag.get(s).map(|&i| &mut out.tags[i]), "tag", s),
            ListKind::Series(_) => continue,
        };
        if let Some(first) = seen.get(&(kind, slug.clone())) {
            let m = format!(
                "two pages describe the {kind} `{slug}`: this one and {}",
                first.display()
            );
            diagnostics.push(Diagnostic::error(Location::file(&p.source), m));
            continue;
        }
        seen.insert((kind, slug.clone()), p.source.clone());
        let mut errors = Vec::new();
        let intro = p.body_html(resolver, &mut errors);
        diagnostics.extend(errors);
        let Some(slot) = slot else {
            // A section with nothing published yet is no mistake: its time may come.
            let later = matches!(p.kind, ListKind::Category(_)) && known_categories.contains(slug);
            if !later {
                let m =
                    format!("no article is in the {kind} `{slug}`, so this page is not published");
                diagnostics.push(Diagnostic::warning(Location::file(&p.source), m));
            }
            continue;
        };
        *slot = Some(TermPage {
            title: p.title,
            description: p.description,
            image: p.image,
            intro,
        });
    }
    out
}
