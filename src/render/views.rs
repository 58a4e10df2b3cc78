//! Typed, borrowed views of the site for templates. Built per page from
//! `&Site`; list pages reuse each article's summary value (tera values share
//! their arrays and maps), so no page copies the site.

use std::borrow::Cow;

use jiff::ZonedDateTime;
use serde::Serialize;
use std::sync::OnceLock;
use tera::Value;

use super::toc::{self, TocEntry};
use crate::content::author::ProfileLink;
use crate::content::image::Image;
use crate::images::markup::PictureValue;
use crate::markdown::also_read::BoxItem;
use crate::site::term_pages::TermPage;
use crate::site::{Author, Page, Site, Term};

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    pub(crate) base_url: &'a str,
    pub(crate) root: &'a str,
    pub(crate) year: i16,
    pub(crate) categories: Vec<TermLink<'a>>,
    /// `[extra]` of config.toml: the newsroom's own data.
    pub(crate) extra: &'a serde_json::Value,
    /// The archive index's URL; none when archives are off.
    pub(crate) archive: Option<String>,
    /// The corrections log's URL.
    pub(crate) corrections: String,
    /// The search page's URL; none when `[search]` is off.
    pub(crate) search: Option<String>,
    /// The breaking-news banner every page shows now, if any.
    pub(crate) breaking: Option<BreakingView<'a>>,
}

/// A section or tag named on a page about something else: the navigation,
/// an article's sections, a summary's. No article count: a new article
/// would change every page naming its section (and the build cache would
/// draw them all again); the pages listing a term have its count.
#[derive(Serialize)]
pub(crate) struct TermLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) url: String,
}

impl<'a> TermLink<'a> {
    pub(crate) fn category(site: &Site, t: &'a Term) -> Self {
        Self::at(site, t, &category_path(t))
    }

    pub(crate) fn tag(site: &Site, t: &'a Term) -> Self {
        Self::at(site, t, &tag_path(t))
    }

    fn at(site: &Site, t: &'a Term, rel: &str) -> Self {
        TermLink {
            name: &t.name,
            slug: &t.slug,
            url: site.url(rel),
        }
    }
}

/// A breaking-news banner: its line, the article it links to and when it
/// comes down.
#[derive(Serialize)]
pub(crate) struct BreakingView<'a> {
    pub(crate) text: &'a str,
    pub(crate) url: String,
    pub(crate) until: DateView,
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let c = &site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: c.base_url.as_str(),
            root: c.root_path(),
            year: site.now.year(),
            categories: site
                .categories
                .iter()
                .map(|t| TermLink::category(site, t))
                .collect(),
            extra: &c.extra,
            archive: c.archives.enabled.then(|| site.url(super::archive::INDEX)),
            corrections: site.url(super::corrections::BASE),
            search: c.search.enabled.then(|| site.url(super::search::PAGE)),
            breaking: site.breaking.and_then(|i| {
                let p = &site.articles[i];
                let b = p.publishing.breaking.as_ref()?;
                Some(BreakingView {
                    text: &b.text,
                    url: site.url(&p.path),
                    until: DateView::new(&b.until),
                })
            }),
        }
    }
}

/// A term shown for itself (its page, the indexes): with its article count.
#[derive(Serialize)]
pub(crate) struct TermView<'a> {
    #[serde(flatten)]
    pub(crate) link: TermLink<'a>,
    pub(crate) count: usize,
}

impl<'a> TermView<'a> {
    pub(crate) fn category(site: &Site, t: &'a Term) -> Self {
        let link = TermLink::category(site, t);
        TermView {
            link,
            count: t.articles.len(),
        }
    }

    pub(crate) fn tag(site: &Site, t: &'a Term) -> Self {
        let link = TermLink::tag(site, t);
        TermView {
            link,
            count: t.articles.len(),
        }
    }
}

/// A section or tag as its own page shows it: the term, and what its
/// `_index.md` says (`title`, `description`, `image`, `intro`).
#[derive(Serialize)]
pub(crate) struct TermPageView<'a> {
    #[serde(flatten)]
    pub(crate) term: TermView<'a>,
    /// The heading: the page's `title`, else the term's name.
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) image: Option<ImageView<'a>>,
    /// The page's body as HTML (safe), empty without a page.
    pub(crate) intro: Value,
}

impl<'a> TermPageView<'a> {
    pub(crate) fn new(site: &'a Site, term: TermView<'a>, page: Option<&'a TermPage>) -> Self {
        TermPageView {
            title: page
                .and_then(|p| p.title.as_deref())
                .unwrap_or(term.link.name),
            description: page.and_then(|p| p.description.as_deref()),
            image: page
                .and_then(|p| p.image.as_ref())
                .map(|i| ImageView::new(site, i)),
            intro: Value::safe_string(page.map_or("", |p| p.intro.as_str())),
            term,
        }
    }
}

pub(crate) fn category_path(t: &Term) -> String {
    format!("{}/", t.slug)
}

pub(crate) fn tag_path(t: &Term) -> String {
    format!("tag/{}/", t.slug)
}

pub(crate) fn author_path(a: &Author) -> String {
    format!("author/{}/", a.id)
}

#[derive(Serialize)]
pub(crate) struct AuthorRef<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    /// Absolute URL of the author page.
    pub(crate) permalink: String,
    pub(crate) role: Option<&'a str>,
    /// The photo's URL as written.
    pub(crate) image: Option<String>,
    /// The profile's photo with its caption, credit and square crop.
    pub(crate) photo: Option<ImageView<'a>>,
    /// How many articles they wrote: on the pages about authors, not in
    /// bylines, where a new article would change every article's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) count: Option<usize>,
    /// The profile's `[extra]`.
    pub(crate) extra: &'a serde_json::Value,
}

impl<'a> AuthorRef<'a> {
    /// The author with their article count, for the pages about authors.
    pub(crate) fn counted(site: &'a Site, a: &'a Author) -> Self {
        AuthorRef {
            count: Some(a.articles.len()),
            ..AuthorRef::new(site, a)
        }
    }

    /// The author in a byline.
    pub(crate) fn new(site: &'a Site, a: &'a Author) -> Self {
        AuthorRef {
            id: &a.id,
            name: &a.name,
            url: site.url(&author_path(a)),
            permalink: site.permalink(&author_path(a)),
            role: a.role.as_deref(),
            image: a.image.as_ref().map(|i| asset_url(site, &i.src)),
            photo: a.image.as_ref().map(|i| ImageView::new(site, i)),
            count: None,
            extra: a.extra(),
        }
    }
}

/// An author page's profile card.
#[derive(Serialize)]
pub(crate) struct AuthorView<'a> {
    #[serde(flatten)]
    pub(crate) author: AuthorRef<'a>,
    pub(crate) bio: &'a str,
    pub(crate) links: &'a [ProfileLink],
    /// The profile's fediverse handle, or none.
    pub(crate) fediverse: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct DateView {
    pub(crate) iso: String,
    pub(crate) date: String,
    pub(crate) time: String,
}

impl DateView {
    pub(crate) fn new(z: &ZonedDateTime) -> Self {
        DateView {
            iso: super::meta::iso(z),
            date: z.strftime("%-d %B %Y").to_string(),
            time: time_of_day(z),
        }
    }
}

/// `09:30 BST`, or `09:30 UTC+08:00` where the zone has no abbreviation.
fn time_of_day(z: &ZonedDateTime) -> String {
    let abbreviation = z.strftime("%Z").to_string();
    if abbreviation.starts_with(['+', '-']) {
        z.strftime("%H:%M UTC%:z").to_string()
    } else {
        format!("{} {abbreviation}", z.strftime("%H:%M"))
    }
}

#[derive(Serialize)]
pub(crate) struct ImageView<'a> {
    pub(crate) src: String,
    pub(crate) alt: &'a str,
    pub(crate) caption: Option<&'a str>,
    pub(crate) credit: Option<&'a str>,
    pub(crate) copyright: Option<&'a str>,
    pub(crate) license: Option<&'a str>,
    pub(crate) acquire_license_page: Option<&'a str>,
    /// The source's size in pixels, when known; null otherwise.
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    /// The 16:9 crop's variants (lead images); null for a picture
    /// published as it is (SVG, GIF, remote).
    pub(crate) wide: Option<&'a PictureValue>,
    /// The same up to [`crate::images::markup::SMALL_WIDTH`], for cards
    /// and lists: the widest variants, which no card needs, would add to
    /// every card's markup.
    pub(crate) small: Option<&'a PictureValue>,
    /// The square crop's variants (authors' photos), else null.
    pub(crate) square: Option<&'a PictureValue>,
}

impl<'a> ImageView<'a> {
    /// The digest of this view made into `value`, taking its pictures'
    /// digests rather than walking their lists of variants again.
    pub(crate) fn digest_of(&self, value: &Value) -> u128 {
        let pictures = [
            ("wide", self.wide),
            ("small", self.small),
            ("square", self.square),
        ];
        let known: Vec<(&str, u128)> = pictures
            .into_iter()
            .filter_map(|(k, p)| Some((k, p?.digest())))
            .collect();
        super::record::digest_except(value, &known)
    }

    pub(crate) fn new(site: &'a Site, i: &'a Image) -> Self {
        let picture = site.images.image(i);
        let markup = picture.and_then(|p| Some(&p.raster.as_ref()?.markup));
        ImageView {
            width: picture.and_then(|p| p.width),
            height: picture.and_then(|p| p.height),
            wide: markup.and_then(|m| m.wide.as_ref()),
            small: markup.and_then(|m| m.small.as_ref()),
            square: markup.and_then(|m| m.square.as_ref()),
            src: asset_url(site, &i.src),
            alt: &i.alt,
            caption: i.caption.as_deref(),
            credit: i.credit.as_deref(),
            copyright: i.copyright.as_deref(),
            license: i.license.as_deref(),
            acquire_license_page: i.acquire_license_page.as_deref(),
        }
    }
}

/// Wire style: the dateline opens the body's first paragraph
/// (`BEIJING — ...`), or stands before the body when it starts otherwise.
pub(crate) fn with_dateline<'a>(html: Cow<'a, str>, dateline: Option<&str>) -> Cow<'a, str> {
    let Some(d) = dateline else {
        return html;
    };
    let mut out = String::with_capacity(html.len() + d.len() + 48);
    let rest = match html.strip_prefix("<p>") {
        Some(rest) => {
            out.push_str("<p><span class=\"dateline\">");
            let _ = pulldown_cmark_escape::escape_html(&mut out, d);
            out.push_str("</span> — ");
            rest
        }
        None => {
            out.push_str("<p class=\"dateline\">");
            let _ = pulldown_cmark_escape::escape_html(&mut out, d);
            out.push_str("</p>\n");
            &html
        }
    };
    out.push_str(rest);
    Cow::Owned(out)
}

/// Site-absolute paths (`/images/x.svg`) gain the site's root path.
pub(crate) fn asset_url(site: &Site, src: &str) -> String {
    match src.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => site.url(rest),
        _ => src.to_string(),
    }
}

/// An article as lists show it: no body. Its category, authors and tags
/// are the values [`TermValues`] shares: a term is named by hundreds of
/// summaries, and making its view for each was most of a summary's cost.
#[derive(Serialize)]
pub(crate) struct SummaryView<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) date: DateView,
    /// The archive page of its date; none when archives are off.
    pub(crate) archive: Option<String>,
    pub(crate) updated: Option<DateView>,
    /// A [`TermLink`], or none.
    pub(crate) category: Value,
    /// [`AuthorRef`]s.
    pub(crate) authors: Vec<Value>,
    pub(crate) summary: &'a str,
    pub(crate) image: Option<ImageView<'a>>,
    /// [`TermLink`]s.
    pub(crate) tags: Vec<Value>,
    /// The type of work (`Analysis`), if the article has a label.
    pub(crate) label: Option<LabelView<'a>>,
    /// What the kicker reads instead of the label, if the editor set it.
    pub(crate) kicker: Option<&'a str>,
    /// Where it was reported from: `BEIJING`.
    pub(crate) dateline: Option<&'a str>,
    /// `[extra]` of the front matter: the newsroom's own fields.
    pub(crate) extra: &'a serde_json::Value,
    /// A live blog's state now (`live.state`: `upcoming`, `live` or
    /// `ended`); its page's `article.live` says more.
    pub(crate) live: Option<LiveState>,
}

#[derive(Serialize)]
pub(crate) struct LiveState {
    pub(crate) state: &'static str,
}

/// An article's label: its name, a slug for style classes
/// (`label-opinion`) and its schema.org type.
#[derive(Serialize)]
pub(crate) struct LabelView<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: String,
    #[serde(rename = "type")]
    pub(crate) schema_type: &'a str,
}

impl<'a> SummaryView<'a> {
    pub(crate) fn new(site: &'a Site, p: &'a Page, terms: &TermValues) -> Self {
        SummaryView {
            title: &p.title,
            url: site.url(&p.path),
            date: DateView::new(&p.date),
            archive: super::archive::of_article(site, &p.date),
            updated: p.updated.as_ref().map(DateView::new),
            category: p.category.map(|c| terms.category(site, c)).into(),
            authors: p.authors.iter().map(|&a| terms.author(site, a)).collect(),
            summary: &p.summary,
            image: p.image.as_ref().map(|i| ImageView::new(site, i)),
            tags: p.tags.iter().map(|&t| terms.tag(site, t)).collect(),
            label: p.house.label.as_ref().map(|l| LabelView {
                name: &l.name,
                slug: crate::paths::slugify(&l.name),
                schema_type: &l.schema_type,
            }),
            kicker: p.house.kicker.as_deref(),
            dateline: p.house.dateline.as_deref(),
            extra: &p.house.extra,
            live: p.live.as_ref().map(|l| LiveState {
                state: l.state(&site.now).name(),
            }),
        }
    }
}

/// Each category's, tag's and author's view as a template value, made on
/// first use and shared by every summary that names it.
pub(crate) struct TermValues {
    categories: Vec<OnceLock<Value>>,
    tags: Vec<OnceLock<Value>>,
    authors: Vec<OnceLock<Value>>,
}

impl TermValues {
    pub(crate) fn new(site: &Site) -> Self {
        let slots = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        TermValues {
            categories: slots(site.categories.len()),
            tags: slots(site.tags.len()),
            authors: slots(site.authors.len()),
        }
    }

    fn category(&self, site: &Site, c: usize) -> Value {
        let view = || Value::from_serializable(&TermLink::category(site, &site.categories[c]));
        self.categories[c].get_or_init(view).clone()
    }

    fn tag(&self, site: &Site, t: usize) -> Value {
        let view = || Value::from_serializable(&TermLink::tag(site, &site.tags[t]));
        self.tags[t].get_or_init(view).clone()
    }

    fn author(&self, site: &Site, a: usize) -> Value {
        let view = || Value::from_serializable(&AuthorRef::new(site, &site.authors[a]));
        self.authors[a].get_or_init(view).clone()
    }
}

/// One "also read" entry.
#[derive(Serialize)]
pub(crate) struct RelatedView<'a> {
    pub(crate) title: Cow<'a, str>,
    pub(crate) url: String,
    pub(crate) external: bool,
    /// Chosen by dateline rather than listed by the editor.
    pub(crate) computed: bool,
    pub(crate) category: Option<TermLink<'a>>,
    pub(crate) date: Option<DateView>,
    pub(crate) summary: Option<&'a str>,
    pub(crate) image: Option<ImageView<'a>>,
}

impl<'a> RelatedView<'a> {
    pub(crate) fn article(site: &'a Site, i: usize, computed: bool) -> Self {
        let p = &site.articles[i];
        RelatedView {
            title: Cow::Borrowed(&p.title),
            url: site.url(&p.path),
            external: false,
            computed,
            category: p
                .category
                .map(|c| TermLink::category(site, &site.categories[c])),
            date: Some(DateView::new(&p.date)),
            summary: Some(&p.summary),
            image: p.image.as_ref().map(|i| ImageView::new(site, i)),
        }
    }

    pub(crate) fn external(title: &'a str, url: &str) -> Self {
        RelatedView {
            title: Cow::Borrowed(title),
            url: url.to_string(),
            external: true,
            computed: false,
            category: None,
            date: None,
            summary: None,
            image: None,
        }
    }

    /// An entry of an inline box: the editor's link text wins over the title.
    pub(crate) fn boxed(site: &'a Site, item: &'a BoxItem) -> Self {
        match item {
            BoxItem::Article {
                index,
                anchor,
                text,
            } => {
                let mut v = Self::article(site, *index, false);
                if let Some(a) = anchor {
                    v.url = format!("{}#{a}", v.url);
                }
                if let Some(t) = text {
                    v.title = Cow::Borrowed(t);
                }
                v
            }
            BoxItem::External { title, url } => Self::external(title, url),
        }
    }
}

/// An article as its page shows it, beyond the fields of its summary (the
/// shared [`SummaryView`] value) that [`with_fields`] adds: the
/// [`ArticleDetails`], its body with the inline boxes drawn (safe HTML) and
/// its "also read" list ([`EntryView`]s).
#[derive(Serialize)]
pub(crate) struct ArticleView<'a> {
    #[serde(flatten)]
    pub(crate) details: ArticleDetails<'a>,
    pub(crate) content: Value,
    pub(crate) related: Value,
    /// A live blog's coverage and updates.
    pub(crate) live: Option<super::live::LiveView<'a>>,
}

/// One entry of an "also read" list beyond the fields of the article's
/// summary (or of an external link's [`RelatedView`]) that [`with_fields`]
/// adds: its kind, and `html`, the entry drawn by
/// `partials/related_entry.html`. The partial draws an article once for
/// every list, so it sees neither `computed` nor `html`.
#[derive(Serialize)]
pub(crate) struct EntryView {
    pub(crate) external: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) computed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) html: Option<Value>,
}

/// The map `fields` with the fields of `more` added. The values of
/// `fields` are shared, where `#[serde(flatten)]` would copy each one: an
/// article's summary is in the "also read" lists of many others.
pub(crate) fn with_fields(fields: &Value, more: &impl Serialize) -> Value {
    merged(fields, Value::from_serializable(more))
}

/// [`with_fields`] for fields already made a value.
pub(crate) fn merged(fields: &Value, more: Value) -> Value {
    let mut map = fields.as_map().cloned().unwrap_or_default();
    map.extend(more.into_map().unwrap_or_default());
    Value::from(map)
}

/// What an article's page shows beyond its summary.
#[derive(Serialize)]
pub(crate) struct ArticleDetails<'a> {
    pub(crate) permalink: String,
    pub(crate) categories: Vec<TermLink<'a>>,
    pub(crate) reading_time: usize,
    /// The latest of `updated` and the corrections, else the date.
    pub(crate) modified: DateView,
    pub(crate) corrections: Vec<CorrectionView<'a>>,
    /// Who paid for sponsored content, shown in its disclosure.
    pub(crate) sponsor: Option<&'a str>,
    /// The place the story is about, for structured data.
    pub(crate) location: Option<&'a str>,
    /// The headings, nested.
    pub(crate) toc: Vec<TocEntry<'a>>,
    /// Whether the article has enough headings for the table of contents.
    pub(crate) show_toc: bool,
    /// Its place in a series, with the parts before and after it.
    pub(crate) series: Option<super::series::PlaceView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct CorrectionView<'a> {
    pub(crate) date: DateView,
    pub(crate) text: &'a str,
    /// As written in the front matter: `correction`, `clarification`, ...
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    /// As pages show it: `Correction`, `Clarification`, ...
    pub(crate) label: &'static str,
    /// The note's element id on the article page, which feeds link to.
    pub(crate) id: String,
}

impl<'a> CorrectionView<'a> {
    /// Correction number `index` (from 0, front-matter order) of `p`.
    pub(crate) fn new(p: &'a Page, index: usize) -> Self {
        let c = &p.publishing.corrections[index];
        CorrectionView {
            date: DateView::new(&c.date),
            text: &c.text,
            kind: c.kind.name(),
            label: c.kind.label(),
            id: correction_id(p, index),
        }
    }
}

/// The element id of `p`'s correction `index`: `correction-1`, unless a
/// heading of the body has that id (`## Correction` twice gives one), then
/// with a suffix, so no id is on the page twice.
pub(crate) fn correction_id(p: &Page, index: usize) -> String {
    let id = format!("correction-{}", index + 1);
    let taken = |candidate: &str| p.headings.iter().any(|h| h.id == candidate);
    if !taken(&id) {
        return id;
    }
    let mut k = 1;
    while taken(&format!("{id}-{k}")) {
        k += 1;
    }
    format!("{id}-{k}")
}

/// Words per minute for the reading-time estimate.
const READING_SPEED: usize = 230;

impl<'a> ArticleDetails<'a> {
    pub(crate) fn new(site: &'a Site, p: &'a Page) -> Self {
        let modified = super::meta::modified(p);
        ArticleDetails {
            permalink: site.permalink(&p.path),
            categories: p
                .categories
                .iter()
                .map(|&c| TermLink::category(site, &site.categories[c]))
                .collect(),
            reading_time: p.word_count.div_ceil(READING_SPEED).max(1),
            modified: DateView::new(modified),
            corrections: p
                .publishing
                .corrections
                .iter()
                .enumerate()
                .map(|(i, _)| CorrectionView::new(p, i))
                .collect(),
            sponsor: p.house.sponsor.as_deref(),
            location: p.house.location.as_deref(),
            // A live blog's headings include those of updates not out yet.
            toc: match p.live {
                None => toc::entries(&p.headings),
                Some(_) => Vec::new(),
            },
            show_toc: p.live.is_none() && toc::shown(&p.headings, site.config.toc_min_headings),
            series: p
                .series
                .map(|place| super::series::PlaceView::new(site, place)),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct PaginationView {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) pages: Vec<PageLink>,
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
}
