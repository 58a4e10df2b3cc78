//! The pages of the site, each a job rendered on its own.

use std::borrow::Cow;

use tera::{Context, Tera, Value};

use super::shared::Shared;
use super::views::*;
use super::{Contents, Counts, OutputFile, Templates};
use crate::markdown::also_read;
use crate::site::{Page, Site};

/// A list page: page `number` (1-based) of `total`.
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    pub number: usize,
    pub total: usize,
}

#[derive(Debug, Clone)]
pub enum Job {
    Article(usize),
    Home(Slice),
    Category(usize, Slice),
    Author(usize, Slice),
    Tag(usize, Slice),
    Categories,
    Authors,
    Tags,
    NotFound,
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let per = site.config.paginate;
    let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
    jobs.extend(slices(site.articles.len().saturating_sub(1), per).map(Job::Home));
    for (i, t) in site.categories.iter().enumerate() {
        jobs.extend(slices(t.articles.len(), per).map(|s| Job::Category(i, s)));
    }
    for (i, a) in site.authors.iter().enumerate() {
        jobs.extend(slices(a.articles.len(), per).map(|s| Job::Author(i, s)));
    }
    for (i, t) in site.tags.iter().enumerate() {
        jobs.extend(slices(t.articles.len(), per).map(|s| Job::Tag(i, s)));
    }
    jobs.extend([Job::Categories, Job::Authors, Job::Tags, Job::NotFound]);
    jobs
}

fn slices(len: usize, per: usize) -> impl Iterator<Item = Slice> {
    let total = len.div_ceil(per).max(1);
    (1..=total).map(move |number| Slice { number, total })
}

pub fn count(jobs: &[Job]) -> Counts {
    let mut c = Counts::default();
    for j in jobs {
        match j {
            Job::Article(_) => c.articles += 1,
            Job::Category(..) => c.categories += 1,
            Job::Author(..) => c.authors += 1,
            Job::Tag(..) => c.tags += 1,
            _ => c.other += 1,
        }
    }
    c
}

/// The URL path (under the site root) of a list's page `n`.
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The folder path a job's page lives at.
fn job_path(site: &Site, job: &Job) -> String {
    match job {
        Job::Article(i) => site.articles[*i].path.clone(),
        Job::Home(s) => page_path("", s.number),
        Job::Category(i, s) => page_path(&category_path(&site.categories[*i]), s.number),
        Job::Author(i, s) => page_path(&author_path(&site.authors[*i]), s.number),
        Job::Tag(i, s) => page_path(&tag_path(&site.tags[*i]), s.number),
        Job::Categories => "categories/".to_string(),
        Job::Authors => "author/".to_string(),
        Job::Tags => "tag/".to_string(),
        Job::NotFound => "404.html".to_string(),
    }
}

/// The content file behind a job, for messages.
pub fn source_of<'a>(site: &'a Site, job: &Job) -> Option<&'a std::path::Path> {
    match job {
        Job::Article(i) => Some(&site.articles[*i].source),
        _ => None,
    }
}

/// Describes who writes a file, for collision messages.
pub fn origin(site: &Site, job: Option<&Job>, file: &OutputFile) -> String {
    match (job, &file.contents) {
        (Some(j), _) => match source_of(site, j) {
            Some(p) => p.display().to_string(),
            None => format!("the {} page", template_of(j).trim_end_matches(".html")),
        },
        (None, Contents::Copy(p)) => p.display().to_string(),
        (None, Contents::Bytes(_)) => format!("the default theme's `{}`", file.rel_path),
    }
}

fn template_of(job: &Job) -> &'static str {
    match job {
        Job::Article(_) => "article.html",
        Job::Home(_) => "index.html",
        Job::Category(..) => "category.html",
        Job::Author(..) => "author.html",
        Job::Tag(..) => "tag.html",
        Job::Categories => "categories.html",
        Job::Authors => "authors.html",
        Job::Tags => "tags.html",
        Job::NotFound => "404.html",
    }
}

pub fn render(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    templates: &Templates,
    job: &Job,
) -> Result<OutputFile, crate::error::Diagnostic> {
    let path = job_path(site, job);
    let mut ctx = Context::new();
    ctx.insert_value("site", shared.site.clone());
    let html = fill(site, shared, tera, job, &path, &mut ctx)
        .and_then(|()| tera.render(template_of(job), &ctx))
        .map_err(|e| {
            let d = templates.diagnostic(&e, Some(&path));
            match source_of(site, job) {
                Some(src) if d.location.line == 0 => crate::error::Diagnostic {
                    location: crate::error::Location::file(src),
                    ..d
                },
                _ => d,
            }
        })?;
    let rel_path = if path.ends_with(".html") {
        path
    } else {
        format!("{path}index.html")
    };
    Ok(OutputFile {
        rel_path,
        contents: Contents::Bytes(html.into_bytes()),
    })
}

fn fill(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    job: &Job,
    path: &str,
    ctx: &mut Context,
) -> tera::TeraResult<()> {
    let title = |t: &str| format!("{t} | {}", site.config.title);
    let meta = |kind, t: String, d: String| PageMeta::new(site, kind, t, d, path);
    match job {
        Job::Article(i) => {
            let p = &site.articles[*i];
            ctx.insert("page", &meta("article", title(&p.title), p.summary.clone()));
            let content = draw_boxes(site, shared, tera, p)?;
            let related = shared.related[*i].clone();
            ctx.insert("article", &ArticleView::new(site, p, related, content));
        }
        Job::Home(s) => {
            let t = if s.number == 1 {
                site.config.title.clone()
            } else {
                title(&format!("Page {}", s.number))
            };
            ctx.insert("page", &meta("home", t, site.config.description.clone()));
            let lead = (s.number == 1)
                .then(|| shared.summaries.first().cloned())
                .flatten();
            ctx.insert_value("lead", lead.unwrap_or(Value::none()));
            list(site, shared, ctx, &shared.home, "", *s);
        }
        Job::Category(i, s) => {
            let t = &site.categories[*i];
            let d = format!("The latest {} news from {}.", t.name, site.config.title);
            ctx.insert("page", &meta("category", title(&numbered(&t.name, s)), d));
            ctx.insert("category", &TermView::category(site, t));
            list(site, shared, ctx, &t.articles, &category_path(t), *s);
        }
        Job::Author(i, s) => {
            let a = &site.authors[*i];
            let d = format!("Articles by {} in {}.", a.name, site.config.title);
            ctx.insert("page", &meta("author", title(&numbered(&a.name, s)), d));
            ctx.insert(
                "author",
                &AuthorView {
                    author: AuthorRef::new(site, a),
                    bio: &a.bio,
                    links: &a.links,
                },
            );
            list(site, shared, ctx, &a.articles, &author_path(a), *s);
        }
        Job::Tag(i, s) => {
            let t = &site.tags[*i];
            let d = format!("Articles tagged {} in {}.", t.name, site.config.title);
            ctx.insert("page", &meta("tag", title(&numbered(&t.name, s)), d));
            ctx.insert("tag", &TermView::tag(site, t));
            list(site, shared, ctx, &t.articles, &tag_path(t), *s);
        }
        Job::Categories => {
            ctx.insert(
                "page",
                &meta(
                    "categories",
                    title("Sections"),
                    site.config.description.clone(),
                ),
            );
            let terms: Vec<_> = site
                .categories
                .iter()
                .map(|t| TermView::category(site, t))
                .collect();
            ctx.insert("terms", &terms);
        }
        Job::Authors => {
            ctx.insert(
                "page",
                &meta("authors", title("Authors"), site.config.description.clone()),
            );
            let authors: Vec<_> = site
                .authors
                .iter()
                .map(|a| AuthorRef::new(site, a))
                .collect();
            ctx.insert("authors", &authors);
        }
        Job::Tags => {
            ctx.insert(
                "page",
                &meta("tags", title("Tags"), site.config.description.clone()),
            );
            let terms: Vec<_> = site.tags.iter().map(|t| TermView::tag(site, t)).collect();
            ctx.insert("terms", &terms);
        }
        Job::NotFound => {
            ctx.insert(
                "page",
                &meta(
                    "404",
                    title("Page not found"),
                    site.config.description.clone(),
                ),
            );
        }
    }
    Ok(())
}

/// The article body with each inline "also read" marker replaced by the
/// theme's `partials/also_read.html`.
fn draw_boxes<'a>(
    site: &'a Site,
    shared: &Shared,
    tera: &Tera,
    p: &'a Page,
) -> tera::TeraResult<Cow<'a, str>> {
    if p.boxes.is_empty() {
        return Ok(Cow::Borrowed(&p.html));
    }
    let mut html = p.html.clone();
    for (n, items) in p.boxes.iter().enumerate() {
        let views: Vec<RelatedView> = items
            .iter()
            .map(|item| RelatedView::boxed(site, item))
            .collect();
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site.clone());
        ctx.insert("items", &views);
        let drawn = tera.render("partials/also_read.html", &ctx)?;
        html = html.replacen(&also_read::marker(n), &drawn, 1);
    }
    Ok(Cow::Owned(html))
}

fn numbered(name: &str, s: &Slice) -> String {
    if s.number > 1 {
        format!("{name}, page {}", s.number)
    } else {
        name.to_string()
    }
}

/// Puts page `s` of `articles` and its pagination into the context.
fn list(site: &Site, shared: &Shared, ctx: &mut Context, articles: &[usize], base: &str, s: Slice) {
    let per = site.config.paginate;
    let start = (s.number - 1) * per;
    let items: Vec<Value> = articles
        .iter()
        .skip(start)
        .take(per)
        .map(|&i| shared.summaries[i].clone())
        .collect();
    ctx.insert_value("articles", Value::from(items));
    ctx.insert("pagination", &pagination(site, base, s));
}

/// Links to nearby pages only, so a page's size does not grow with the archive.
const PAGE_WINDOW: usize = 3;

fn pagination(site: &Site, base: &str, s: Slice) -> PaginationView {
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
