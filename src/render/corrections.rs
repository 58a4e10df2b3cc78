//! The corrections log: every correction of the site, newest first, as a
//! paginated page (`corrections/`) and its RSS and Atom feeds.

use std::borrow::Cow;

use super::record::Vars;
use serde::Serialize;
use tera::Value;

use super::feeds::{FeedItem, FeedOf, FeedView, Format};
use super::jobs::Slice;
use super::meta::{PageMeta, iso};
use super::pages::{numbered, pagination};
use super::shared::Shared;
use super::views::CorrectionView;
use crate::site::Site;
use crate::site::archives::CorrectionRef;

/// The log's path under the site root.
pub(crate) const BASE: &str = "corrections/";

/// One entry of the log.
#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    correction: CorrectionView<'a>,
    /// The note on the article's page.
    url: String,
    /// The article's Summary.
    article: Value,
}

fn view<'a>(site: &'a Site, c: CorrectionRef) -> CorrectionView<'a> {
    CorrectionView::new(&site.articles[c.article], c.index)
}

/// Puts page `s` of the log (at `path`) into `ctx`.
pub(crate) fn page(site: &Site, shared: &Shared, path: &str, s: Slice, ctx: &mut Vars) {
    let c = &site.config;
    let title = format!("{} | {}", numbered("Corrections", &s), c.title);
    let d = format!(
        "Corrections, clarifications and updates to articles of {}.",
        c.title
    );
    let m = PageMeta::new(site, "corrections", title, d, path);
    let m = m.with_feeds(site, "Corrections", BASE);
    ctx.insert_value("page", m.value());
    let per = c.paginate;
    let entries: Vec<EntryView> = site.corrections[(s.number - 1) * per..]
        .iter()
        .take(per)
        .map(|&r| {
            let correction = view(site, r);
            let p = &site.articles[r.article];
            EntryView {
                url: format!("{}#{}", site.url(&p.path), correction.id),
                correction,
                article: shared.summary(r.article),
            }
        })
        .collect();
    ctx.insert("corrections", &entries);
    ctx.insert("count", &site.corrections.len());
    ctx.insert("pagination", &pagination(site, BASE, s));
}

/// The log's feed: one item per correction, linking to the note on the
/// article's page and dated by the correction.
pub(crate) fn feed(site: &Site, format: Format) -> FeedView<'_> {
    let c = &site.config;
    let list = site.corrections.iter().take(c.feeds.limit);
    let items: Vec<FeedItem> = list.map(|&r| item(site, r)).collect();
    let newest = site.corrections.first().map(|&r| view(site, r).date.iso);
    FeedView {
        title: format!("Corrections | {}", c.title),
        description: format!("Corrections, clarifications and updates from {}", c.title),
        language: &c.language,
        link: site.permalink(BASE),
        self_url: site.permalink(&super::feeds::path(site, FeedOf::Corrections, format)),
        // An empty log dates from the newest article, not from now: an
        // unchanged site must rebuild to the same bytes.
        updated: newest
            .or_else(|| site.articles.first().map(|p| iso(super::meta::modified(p))))
            .unwrap_or_else(|| iso(&site.now)),
        publisher: &c.publisher.name,
        items,
    }
}

fn item(site: &Site, r: CorrectionRef) -> FeedItem<'_> {
    let p = &site.articles[r.article];
    let k = &p.publishing.corrections[r.index];
    let id = super::views::correction_id(p, r.index);
    FeedItem {
        title: Cow::Owned(format!("{}: {}", k.kind.label(), p.title)),
        link: format!("{}#{id}", site.permalink(&p.path)),
        published: iso(&k.date),
        pub_date: super::feeds::rfc2822(&k.date),
        updated: iso(&k.date),
        authors: Vec::new(),
        categories: vec![k.kind.label()],
        summary: &k.text,
        content: None,
    }
}
