//! What templates see of series: the series page (`series.html`, its
//! `series` and the parts of the page) and an article's place in its
//! series (`article.series`).

use serde::Serialize;
use tera::Value;

use super::jobs::Slice;
use super::shared::Shared;
use super::views::ImageView;
use crate::site::Site;
use crate::site::series::{Place, Series};

/// The URL path of a series page, under the site root.
pub(crate) fn series_path(s: &Series) -> String {
    format!("series/{}/", s.slug)
}

/// `series` on the series page.
#[derive(Serialize)]
pub(crate) struct SeriesView<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    pub(crate) description: Option<&'a str>,
    /// The series page's body as HTML, marked safe; empty without one.
    pub(crate) intro: Value,
    pub(crate) image: Option<ImageView<'a>>,
    /// How many parts are published.
    pub(crate) count: usize,
}

impl<'a> SeriesView<'a> {
    pub(crate) fn new(site: &'a Site, s: &'a Series) -> Self {
        let page = s.page.as_ref();
        SeriesView {
            name: &s.name,
            slug: &s.slug,
            url: site.url(&series_path(s)),
            description: page.and_then(|p| p.description.as_deref()),
            intro: Value::safe_string(page.map_or("", |p| p.intro.as_str())),
            image: page
                .and_then(|p| p.image.as_ref())
                .map(|i| ImageView::new(site, i)),
            count: s.articles.len(),
        }
    }
}

/// The page's description: the series page's, else a sentence naming it.
pub(crate) fn description(site: &Site, s: &Series) -> String {
    let given = s.page.as_ref().and_then(|p| p.description.clone());
    given.unwrap_or_else(|| {
        format!(
            "Every part of the series {}, in order, from {}.",
            s.name, site.config.title
        )
    })
}

/// The positions in the series' lists that page `slice` shows.
pub(crate) fn on_page(site: &Site, s: &Series, slice: Slice) -> std::ops::Range<usize> {
    let per = site.config.paginate;
    let start = ((slice.number - 1) * per).min(s.articles.len());
    start..(start + per).min(s.articles.len())
}

/// One part on the series page: the fields of its summary and its number.
#[derive(Serialize)]
struct PartView<'a> {
    #[serde(flatten)]
    summary: &'a Value,
    part: u32,
}

/// The parts at `positions`, as [`PartView`]s.
pub(crate) fn parts(shared: &Shared, s: &Series, positions: std::ops::Range<usize>) -> Value {
    let items: Vec<Value> = positions
        .map(|k| {
            let view = PartView {
                summary: &shared.summary(s.articles[k]),
                part: s.parts[k],
            };
            Value::from_serializable(&view)
        })
        .collect();
    Value::from(items)
}

/// `article.series`: the series, where the article stands in it and its
/// neighbours.
#[derive(Serialize)]
pub(crate) struct PlaceView<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) part: u32,
    pub(crate) total: u32,
    pub(crate) prev: Option<PartLink<'a>>,
    pub(crate) next: Option<PartLink<'a>>,
}

/// A neighbouring part.
#[derive(Serialize)]
pub(crate) struct PartLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
    pub(crate) part: u32,
}

impl<'a> PlaceView<'a> {
    pub(crate) fn new(site: &'a Site, place: Place) -> Self {
        let s = &site.series[place.series];
        let link = |k: usize| {
            let p = &site.articles[s.articles[k]];
            PartLink {
                title: &p.title,
                url: site.url(&p.path),
                part: s.parts[k],
            }
        };
        let k = place.index;
        PlaceView {
            name: &s.name,
            url: site.url(&series_path(s)),
            part: s.parts[k],
            total: s.total(),
            prev: k.checked_sub(1).map(link),
            next: (k + 1 < s.articles.len()).then(|| link(k + 1)),
        }
    }
}
