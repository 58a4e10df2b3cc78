//! Renders one job: builds its template context from typed views and
//! shared values, then draws it.

use std::borrow::Cow;

use super::record::{self, Vars};
use tera::{Context, Tera, Value};

use super::Templates;
use super::feeds;
use super::hosts;
use super::jobs::{self, Job, Slice, page_path};
use super::jsonld;
use super::live;
use super::meta::PageMeta;
use super::search;
use super::series::{self, SeriesView, series_path};
use super::shared::Shared;
use super::views::*;
use super::{archive, components, corrections};
use crate::error::{Diagnostic, Location};
use crate::markdown;
use crate::output::{Contents, OutputFile};
use crate::site::term_pages::TermPage;
use crate::site::{Page, Site};

pub(crate) fn render(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    job: &Job,
) -> Result<OutputFile, Diagnostic> {
    let filled = fill_page(site, shared, templates, job)?;
    draw(site, shared, templates, job, filled).map(|(file, _)| file)
}

/// A page's variables, before it is drawn.
pub(crate) struct Filled<'a> {
    path: String,
    vars: Vars<'a>,
}

impl Filled<'_> {
    /// What the page is drawn from besides the functions its templates
    /// call: its template and its variables (`site` by its shared digest).
    pub(crate) fn digest(&self, shared: &Shared, job: &Job) -> u128 {
        let known = |k: &str| (k == "site").then(|| shared.site_digest());
        self.vars.digest(jobs::template(job), known)
    }
}

/// The variables of `job`'s page.
pub(crate) fn fill_page<'a>(
    site: &'a Site,
    shared: &'a Shared,
    templates: &Templates,
    job: &Job,
) -> Result<Filled<'a>, Diagnostic> {
    let path = jobs::path(site, job);
    let mut vars = Vars::default();
    vars.insert_value("site", shared.site_value());
    fill(site, shared, &shared.tera, job, &path, &mut vars)
        .map_err(|e| located(site, templates, job, &path, &e))?;
    Ok(Filled { path, vars })
}

/// Draws a filled page, with the template function calls it made.
pub(crate) fn draw(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    job: &Job,
    filled: Filled<'_>,
) -> Result<(OutputFile, Vec<record::Call>), Diagnostic> {
    let path = &filled.path;
    // Rendered as bytes (the writer wants bytes; a `String` would check the
    // whole page is UTF-8 again) into a buffer sized to need no regrowth.
    let mut bytes = Vec::with_capacity(size_hint(site, job));
    // Variables made only now (an article's body) record their calls too.
    let (drawn, calls) = record::recording(|| {
        let ctx = filled.vars.context()?;
        shared.tera.render_to(jobs::template(job), &ctx, &mut bytes)
    });
    drawn.map_err(|e| located(site, templates, job, path, &e))?;
    let file = OutputFile {
        rel_path: jobs::file_path(path.clone()),
        contents: Contents::Bytes(bytes),
    };
    Ok((file, calls))
}

/// A template error, at the article the page is of when the template
/// gives no line.
fn located(
    site: &Site,
    templates: &Templates,
    job: &Job,
    path: &str,
    e: &tera::Error,
) -> Diagnostic {
    let d = templates.diagnostic(e, Some(path));
    match jobs::source_of(site, job) {
        Some(src) if d.location.line == 0 => Diagnostic {
            location: Location::file(src),
            ..d
        },
        _ => d,
    }
}

/// About what a page of the default theme weighs beyond an article's body.
const PAGE_SIZE: usize = 16 * 1024;

fn size_hint(site: &Site, job: &Job) -> usize {
    match job {
        Job::Article(i) => site.articles[*i].html.len() + PAGE_SIZE,
        Job::Feed(..) => 8 * PAGE_SIZE,
        _ => PAGE_SIZE,
    }
}

/// Puts the job's variables into `ctx`.
fn fill<'a>(
    site: &'a Site,
    shared: &'a Shared,
    tera: &'a Tera,
    job: &Job,
    path: &str,
    ctx: &mut Vars<'a>,
) -> tera::TeraResult<()> {
    let f = Fill {
        site,
        shared,
        tera,
        path,
    };
    match job {
        Job::Article(i) => f.article(*i, ctx)?,
        Job::Home(s) => f.home(*s, ctx),
        Job::Category(i, s) => f.category(*i, *s, ctx),
        Job::Author(i, s) => f.author(*i, *s, ctx),
        Job::Tag(i, s) => f.tag(*i, *s, ctx),
        Job::Series(i, s) => f.series(*i, *s, ctx),
        Job::Categories | Job::Authors | Job::Tags | Job::NotFound => f.index(job, ctx),
        Job::Archive(i, s) => archive::period(site, shared, path, *i, *s, ctx),
        Job::Archives => archive::index(site, ctx),
        Job::Corrections(s) => corrections::page(site, shared, path, *s, ctx),
        Job::Search => f.search(ctx),
        Job::Feed(of, format) => {
            let body = |p| feed_body(site, shared, tera, p);
            ctx.insert("feed", &feeds::view(site, *of, *format, &body)?);
        }
        // Drawn by `sitemaps::render`, which also needs the other jobs.
        Job::Generated(_) => {}
        Job::Alias(i, _) => f.alias(*i, ctx),
        Job::Host(_) => hosts::fill(site, ctx),
        Job::Headers => hosts::fill_headers(site, ctx),
    }
    Ok(())
}

/// What filling one page's variables reads.
struct Fill<'a, 'p> {
    site: &'a Site,
    shared: &'a Shared,
    tera: &'a Tera,
    /// The page's path under the site.
    path: &'p str,
}

impl<'a> Fill<'a, '_> {
    /// `Headline | Site`.
    fn title(&self, t: &str) -> String {
        format!("{t} | {}", self.site.config.title)
    }

    fn meta(&self, kind: &'static str, title: String, description: String) -> PageMeta {
        PageMeta::new(self.site, kind, title, description, self.path)
    }

    fn article(&self, i: usize, ctx: &mut Vars<'a>) -> tera::TeraResult<()> {
        let (site, p) = (self.site, &self.site.articles[i]);
        let m = self.meta("article", self.title(&p.title), p.summary.clone());
        let mut m = article_meta(site, p, m);
        m.section = p.category.map(|c| site.categories[c].slug.clone());
        // Mastodon credits one author: the first byline that has a handle.
        let handles = p.authors.iter().map(|&a| site.authors[a].fediverse());
        m.fediverse_creator = handles.flatten().next().map(str::to_string);
        m.live = p.live.is_some();
        ctx.insert_value("page", m.value());
        let (shared, tera) = (self.shared, self.tera);
        let fill = |html: &str| draw_html(site, shared, tera, p, html, false).map(Cow::into_owned);
        let live = p.live.as_ref().map(|l| live::view(site, p, l, &fill));
        let live = live.transpose()?;
        let content = move || {
            let body = draw_boxes(site, shared, tera, p, false)?;
            Ok(with_dateline(body, p.house.dateline.as_deref()))
        };
        let body = body_digest(site, shared, p);
        let (digest, article) = shared.article_later(i, body, content, live)?;
        ctx.insert_later("article", digest, article);
        Ok(())
    }

    fn home(&self, s: Slice, ctx: &mut Vars) {
        let (c, shared) = (&self.site.config, self.shared);
        let t = match s.number {
            1 => c.title.clone(),
            n => self.title(&format!("Page {n}")),
        };
        let mut m = self.meta("home", t, c.description.clone());
        m.jsonld = jsonld::home(self.site);
        ctx.insert_value("page", m.value());
        match s.number == 1 && shared.article_count() > 0 {
            true => ctx.insert_digested("lead", shared.summary(0), shared.summary_digest(0)),
            false => ctx.insert_value("lead", Value::none()),
        }
        list(self.site, shared, ctx, &shared.home, "", s);
    }

    fn category(&self, i: usize, s: Slice, ctx: &mut Vars) {
        let (site, t) = (self.site, &self.site.categories[i]);
        let page = site.term_pages.categories[i].as_ref();
        let view = TermPageView::new(site, TermView::category(site, t), page);
        let d = format!("The latest {} news from {}.", t.name, site.config.title);
        let d = view.description.map_or(d, str::to_string);
        let base = category_path(t);
        let m = self.meta("category", self.title(&numbered(view.title, &s)), d);
        let mut m = m.with_feeds(site, &t.name, &base);
        m.section = Some(t.slug.clone());
        term_meta(site, &mut m, page, (view.title, &t.articles), s);
        ctx.insert_value("page", m.value());
        ctx.insert("category", &view);
        list(site, self.shared, ctx, &t.articles, &base, s);
    }

    fn author(&self, i: usize, s: Slice, ctx: &mut Vars) {
        let (site, a) = (self.site, &self.site.authors[i]);
        let d = format!("Articles by {} in {}.", a.name, site.config.title);
        let base = author_path(a);
        let m = self.meta("author", self.title(&numbered(&a.name, &s)), d);
        let mut m = m.with_feeds(site, &a.name, &base);
        m.jsonld = jsonld::profile(site, a);
        if let Some(img) = &a.image {
            m.set_image(site, img);
        }
        m.fediverse_creator = a.fediverse().map(str::to_string);
        ctx.insert_value("page", m.value());
        let view = AuthorView {
            author: AuthorRef::counted(site, a),
            bio: &a.bio,
            links: &a.links,
            fediverse: a.fediverse(),
        };
        ctx.insert("author", &view);
        list(site, self.shared, ctx, &a.articles, &base, s);
    }

    fn tag(&self, i: usize, s: Slice, ctx: &mut Vars) {
        let (site, t) = (self.site, &self.site.tags[i]);
        let page = site.term_pages.tags[i].as_ref();
        let view = TermPageView::new(site, TermView::tag(site, t), page);
        let d = format!("Articles tagged {} in {}.", t.name, site.config.title);
        let d = view.description.map_or(d, str::to_string);
        let base = tag_path(t);
        let mut m = self.meta("tag", self.title(&numbered(view.title, &s)), d);
        if site.config.feeds.tags {
            m = m.with_feeds(site, &t.name, &base);
        }
        term_meta(site, &mut m, page, (view.title, &t.articles), s);
        ctx.insert_value("page", m.value());
        ctx.insert("tag", &view);
        list(site, self.shared, ctx, &t.articles, &base, s);
    }

    /// A series page: its parts in part order, oldest part first.
    fn series(&self, i: usize, s: Slice, ctx: &mut Vars) {
        let (site, x) = (self.site, &self.site.series[i]);
        let title = self.title(&numbered(&x.name, &s));
        let mut m = self.meta("series", title, series::description(site, x));
        if let Some(img) = x.page.as_ref().and_then(|p| p.image.as_ref()) {
            m.set_image(site, img);
        }
        let shown = series::on_page(site, x, s);
        m.jsonld = jsonld::series(site, x, shown.clone(), &m);
        ctx.insert_value("page", m.value());
        ctx.insert("series", &SeriesView::new(site, x));
        ctx.insert_value("articles", series::parts(self.shared, x, shown));
        ctx.insert("pagination", &pagination(site, &series_path(x), s));
    }

    /// The indexes of sections, authors and tags, and the 404 page.
    fn index(&self, job: &Job, ctx: &mut Vars) {
        let site = self.site;
        let (kind, title) = match job {
            Job::Categories => ("categories", "Sections"),
            Job::Authors => ("authors", "Authors"),
            Job::Tags => ("tags", "Tags"),
            _ => ("404", "Page not found"),
        };
        let m = self.meta(kind, self.title(title), site.config.description.clone());
        ctx.insert_value("page", m.value());
        match job {
            Job::Categories => {
                let terms = site.categories.iter().map(|t| TermView::category(site, t));
                ctx.insert("terms", &terms.collect::<Vec<_>>());
            }
            Job::Authors => {
                let authors = site.authors.iter().map(|a| AuthorRef::counted(site, a));
                ctx.insert("authors", &authors.collect::<Vec<_>>());
            }
            Job::Tags => {
                let terms = site.tags.iter().map(|t| TermView::tag(site, t));
                ctx.insert("terms", &terms.collect::<Vec<_>>());
            }
            _ => {}
        }
    }

    /// The search page: the filters it offers, with their values, for the
    /// form (the results are found in the reader's browser).
    fn search(&self, ctx: &mut Vars) {
        let site = self.site;
        let mut m = self.meta(
            "search",
            self.title("Search"),
            site.config.description.clone(),
        );
        m.robots = "noindex";
        ctx.insert_value("page", m.value());
        ctx.insert("search", &search::SearchView::new(site));
    }

    fn alias(&self, i: usize, ctx: &mut Vars) {
        let p = &self.site.articles[i];
        let mut m = self.meta("redirect", p.title.clone(), p.summary.clone());
        let canonical = p.publishing.canonical.clone();
        m.canonical = canonical.unwrap_or_else(|| self.site.permalink(&p.path));
        m.robots = "noindex";
        ctx.insert_value("page", m.value());
        ctx.insert("target", &m.canonical);
    }
}

fn article_meta(site: &Site, p: &Page, mut m: PageMeta) -> PageMeta {
    if let Some(canonical) = &p.publishing.canonical {
        m.canonical = canonical.clone();
    }
    if let Some(img) = &p.image {
        m.set_image(site, img);
    }
    m.jsonld = jsonld::article(site, p, &m.canonical);
    m
}

/// The article body with its links filled in, each inline "also read"
/// box drawn by the theme's `partials/also_read.html` and each component by
/// its `components/<name>.html`; `feed` when drawn for a feed's content.
fn draw_boxes<'a>(
    site: &'a Site,
    shared: &Shared,
    tera: &Tera,
    p: &'a Page,
    feed: bool,
) -> tera::TeraResult<Cow<'a, str>> {
    let unread = |e: String| tera::Error::message(e);
    match p.html().map_err(unread)? {
        Cow::Borrowed(html) => draw_html(site, shared, tera, p, html, feed),
        Cow::Owned(html) => match draw_html(site, shared, tera, p, &html, feed)? {
            Cow::Borrowed(_) => Ok(Cow::Owned(html)),
            Cow::Owned(drawn) => Ok(Cow::Owned(drawn)),
        },
    }
}

/// The digest of `p`'s body as [`draw_boxes`] draws it, without drawing
/// it: known when the build cache gave the key of its file and the body has
/// no components (which may show any picture of the site) and is no live
/// blog (whose updates are cut by time). A box's template is drawn with the
/// page, so the functions it calls are recorded with the page's.
fn body_digest(site: &Site, shared: &Shared, p: &Page) -> Option<u128> {
    let key = p.body_key?;
    if p.live.is_some() || !p.components.is_empty() {
        return None;
    }
    let boxed = |items: &Vec<markdown::also_read::BoxItem>| {
        let views: Vec<RelatedView> = items.iter().map(|i| RelatedView::boxed(site, i)).collect();
        let items = record::digest(&Value::from_serializable(&views));
        record::combine("box", &[shared.site_digest(), items])
    };
    let boxes: Vec<u128> = p.boxes.iter().map(boxed).collect();
    Some(record::body(
        key,
        &p.links,
        &boxes,
        p.house.dateline.as_deref(),
    ))
}

/// [`draw_boxes`] for a piece of `p`'s body: its own, or a live update's.
fn draw_html<'a>(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    p: &Page,
    html: &'a str,
    feed: bool,
) -> tera::TeraResult<Cow<'a, str>> {
    if p.links.is_empty() && p.boxes.is_empty() && p.components.is_empty() {
        return Ok(Cow::Borrowed(html));
    }
    let draw = |block: markdown::Block<'_>| match block {
        markdown::Block::AlsoRead(n) => draw_box(site, shared, tera, p, n),
        markdown::Block::Component(c, body) => components::draw(site, shared, tera, c, body, feed),
    };
    markdown::fill(html, &p.links, &p.components, draw).map(Cow::Owned)
}

/// What a feed item carries of `p`: its body, and a live blog's newest updates.
fn feed_body(site: &Site, shared: &Shared, tera: &Tera, p: &Page) -> tera::TeraResult<String> {
    let body = draw_boxes(site, shared, tera, p, true)?.into_owned();
    let Some(l) = &p.live else { return Ok(body) };
    let fill = |html: &str| draw_html(site, shared, tera, p, html, true).map(Cow::into_owned);
    Ok(body + &live::feed_updates(site, shared, tera, p, l, &fill)?)
}

/// Inline "also read" box `n` of `p`.
fn draw_box(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    p: &Page,
    n: usize,
) -> tera::TeraResult<String> {
    let Some(items) = p.boxes.get(n) else {
        return Ok(String::new());
    };
    let views: Vec<RelatedView> = items
        .iter()
        .map(|item| RelatedView::boxed(site, item))
        .collect();
    let mut ctx = Context::new();
    ctx.insert_value("site", shared.site_value());
    ctx.insert("items", &views);
    tera.render("partials/also_read.html", &ctx)
}

pub(super) fn numbered(name: &str, s: &Slice) -> String {
    if s.number > 1 {
        format!("{name}, page {}", s.number)
    } else {
        name.to_string()
    }
}

/// A section's or tag's own page (`_index.md`): its picture as the social
/// image, and a `CollectionPage` of the articles it shows, described as the
/// page says. A term without a page has neither: thousands of tag pages
/// would otherwise each repeat their list in JSON-LD for no reader.
fn term_meta(
    site: &Site,
    m: &mut PageMeta,
    page: Option<&TermPage>,
    (name, articles): (&str, &[usize]),
    s: Slice,
) {
    let Some(page) = page else {
        return;
    };
    if let Some(img) = &page.image {
        m.set_image(site, img);
    }
    let per = site.config.paginate;
    let shown = articles.iter().skip((s.number - 1) * per).take(per);
    m.jsonld = jsonld::collection(site, m, name, shown.copied());
}

/// Puts page `s` of `articles` and its pagination into the context.
pub(super) fn list(
    site: &Site,
    shared: &Shared,
    ctx: &mut Vars,
    articles: &[usize],
    base: &str,
    s: Slice,
) {
    let per = site.config.paginate;
    let start = (s.number - 1) * per;
    let shown = || articles.iter().skip(start).take(per);
    let items: Vec<Value> = shown().map(|&i| shared.summary(i)).collect();
    let digests: Vec<u128> = shown().map(|&i| shared.summary_digest(i)).collect();
    let digest = super::record::combine("summaries", &digests);
    ctx.insert_digested("articles", Value::from(items), digest);
    ctx.insert("pagination", &pagination(site, base, s));
}

/// Links to nearby pages only, so a page's size does not grow with the archive.
const PAGE_WINDOW: usize = 3;

pub(super) fn pagination(site: &Site, base: &str, s: Slice) -> PaginationView {
    let url = |n: usize| site.url(&page_path(base, n));
    let lo = s.number.saturating_sub(PAGE_WINDOW).max(1);
    let hi = (s.number + PAGE_WINDOW).min(s.total);
    PaginationView {
        current: s.number,
        total: s.total,
        prev: (s.number > 1).then(|| url(s.number - 1)),
        next: (s.number < s.total).then(|| url(s.number + 1)),
        first: url(1),
        last: url(s.total),
        pages: (lo..=hi)
            .map(|n| PageLink {
                number: n,
                url: url(n),
                current: n == s.number,
            })
            .collect(),
    }
}
