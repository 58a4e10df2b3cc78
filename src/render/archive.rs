//! The date archives' pages: one per year, month (and day) with that
//! period's articles, and the index of years and months (`archive/`).

use super::record::Vars;
use jiff::civil::Date;
use serde::Serialize;

use super::jobs::Slice;
use super::meta::PageMeta;
use super::pages::{list, numbered};
use super::shared::Shared;
use crate::site::Site;
use crate::site::archives::{self, Period, Span};

/// The archive index's path under the site root.
pub(crate) const INDEX: &str = "archive/";

/// A period as templates see it.
#[derive(Serialize)]
pub(crate) struct PeriodView {
    /// `"year"`, `"month"` or `"day"`.
    kind: &'static str,
    /// `2025`, `September 2025`, `3 September 2025`.
    title: String,
    /// Within its parent: `2025`, `September`, `3`.
    name: String,
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
    url: String,
    /// Its articles; none on the periods a page links to (its parents and
    /// neighbours), so a new article changes only its own periods' pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

impl PeriodView {
    pub(crate) fn new(site: &Site, p: &Period) -> Self {
        let d = p.start;
        let (kind, title, name) = match p.span {
            Span::Year => ("year", d.year().to_string(), d.year().to_string()),
            Span::Month => ("month", month_year(d), month_name(d)),
            Span::Day => (
                "day",
                format!("{} {}", d.day(), month_year(d)),
                d.day().to_string(),
            ),
        };
        PeriodView {
            kind,
            title,
            name,
            year: d.year(),
            month: (p.span >= Span::Month).then_some(d.month()),
            day: (p.span == Span::Day).then_some(d.day()),
            url: site.url(&archives::path(p.span, d)),
            count: Some(p.articles.len()),
        }
    }

    /// The period as a link from another period's page.
    fn link(site: &Site, p: &Period) -> Self {
        PeriodView {
            count: None,
            ..PeriodView::new(site, p)
        }
    }
}

fn month_name(d: Date) -> String {
    d.strftime("%B").to_string()
}

fn month_year(d: Date) -> String {
    format!("{} {}", month_name(d), d.year())
}

/// `archive` of `archive.html`: the period, the periods it lies in and
/// its neighbours of the same length.
#[derive(Serialize)]
struct ArchiveView {
    #[serde(flatten)]
    period: PeriodView,
    /// The year of a month, the year and month of a day; oldest first.
    parents: Vec<PeriodView>,
    newer: Option<PeriodView>,
    older: Option<PeriodView>,
}

/// One year of the index, with its months.
#[derive(Serialize)]
struct YearView {
    #[serde(flatten)]
    period: PeriodView,
    months: Vec<PeriodView>,
}

/// The period of `span` at `start`, if the site has one: a binary search,
/// as periods come by span (years first), each newest first.
fn find(site: &Site, span: Span, start: Date) -> Option<&Period> {
    let order = |p: &Period| p.span.cmp(&span).then(start.cmp(&p.start));
    let i = site.archives.binary_search_by(order).ok()?;
    Some(&site.archives[i])
}

/// Puts page `s` of period `i` (at `path`) into `ctx`.
pub(crate) fn period(site: &Site, shared: &Shared, path: &str, i: usize, s: Slice, ctx: &mut Vars) {
    let p = &site.archives[i];
    let view = PeriodView::new(site, p);
    let base = archives::path(p.span, p.start);
    let title = format!("{} | {}", numbered(&view.title, &s), site.config.title);
    let d = format!("Articles of {} in {}.", view.title, site.config.title);
    let m = PageMeta::new(site, "archive", title, d, path);
    ctx.insert_value("page", m.value());
    let spans = [Span::Year, Span::Month]
        .into_iter()
        .filter(|&s| s < p.span);
    let parents = spans.filter_map(|s| find(site, s, archives::start(p.start, s)));
    let neighbour = |j: Option<usize>| {
        let q = site.archives.get(j?)?;
        (q.span == p.span).then(|| PeriodView::link(site, q))
    };
    let view = ArchiveView {
        parents: parents.map(|q| PeriodView::link(site, q)).collect(),
        newer: neighbour(i.checked_sub(1)),
        older: neighbour(Some(i + 1)),
        period: view,
    };
    ctx.insert("archive", &view);
    list(site, shared, ctx, &p.articles, &base, s);
}

/// Puts the archive index's years and months into `ctx`.
pub(crate) fn index(site: &Site, ctx: &mut Vars) {
    let title = format!("Archive | {}", site.config.title);
    let d = format!("Every article of {}, by year and month.", site.config.title);
    let m = PageMeta::new(site, "archives", title, d, INDEX);
    ctx.insert_value("page", m.value());
    let of_span = |span: Span| site.archives.iter().filter(move |p| p.span == span);
    let years: Vec<YearView> = of_span(Span::Year)
        .map(|y| YearView {
            period: PeriodView::new(site, y),
            months: of_span(Span::Month)
                .filter(|m| m.start.year() == y.start.year())
                .map(|m| PeriodView::new(site, m))
                .collect(),
        })
        .collect();
    ctx.insert("years", &years);
}

/// The URL of the archive page an article's date links to: its day's when
/// there are day pages, else its month's; none when archives are off.
pub(crate) fn of_article(site: &Site, date: &jiff::ZonedDateTime) -> Option<String> {
    let c = site.config.archives;
    let span = match (c.enabled, c.days) {
        (false, _) => return None,
        (true, true) => Span::Day,
        (true, false) => Span::Month,
    };
    let d = date.with_time_zone(site.config.timezone.clone()).date();
    Some(site.url(&archives::path(span, archives::start(d, span))))
}
