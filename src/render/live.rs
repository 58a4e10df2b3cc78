//! A live blog as its page, its feed item and its structured data show it:
//! the coverage's state now, the key points, and the published updates,
//! newest first, each drawn by `partials/live_update.html`.

use serde::Serialize;
use tera::{Context, Tera, TeraResult, Value};

use super::shared::Shared;
use super::views::{AuthorRef, DateView};
use crate::content::live::{Live, Update};
use crate::site::{Author, Page, Site};

/// Draws one update (variable `update`; `feed` when drawn for a feed).
pub(crate) const UPDATE: &str = "partials/live_update.html";

/// How many of the newest updates a feed item carries.
pub(crate) const FEED_UPDATES: usize = 10;

/// `article.live`.
#[derive(Serialize)]
pub(crate) struct LiveView<'a> {
    /// `upcoming`, `live` or `ended`.
    pub(crate) state: &'static str,
    pub(crate) start: DateView,
    pub(crate) end: Option<DateView>,
    /// When the newest update came out.
    pub(crate) latest: Option<DateView>,
    pub(crate) key_points: &'a [String],
    /// The pinned update, shown first; it is not in `updates`.
    pub(crate) pinned: Option<UpdateView<'a>>,
    /// The other published updates, newest first.
    pub(crate) updates: Vec<UpdateView<'a>>,
}

/// One update.
#[derive(Serialize)]
pub(crate) struct UpdateView<'a> {
    /// Its element id: the page's URL with `#id` links to it.
    pub(crate) id: &'a str,
    pub(crate) url: String,
    pub(crate) date: DateView,
    /// What the page shows of its time: `14:32 BST`, with the date before
    /// it when the updates span more than one day.
    pub(crate) when: String,
    /// The headline as plain text.
    pub(crate) title: &'a str,
    /// The headline as HTML (safe).
    pub(crate) headline: Value,
    /// An [`AuthorRef`] when the writer has a page on the site, else just a
    /// `name`; none when the heading names nobody.
    pub(crate) author: Option<Value>,
    /// The body as HTML (safe).
    pub(crate) content: Value,
    pub(crate) pinned: bool,
}

/// `fill` fills the markers of an update's headline and body.
pub(crate) fn view<'a>(
    site: &'a Site,
    p: &'a Page,
    live: &'a Live,
    fill: &dyn Fn(&str) -> TeraResult<String>,
) -> TeraResult<LiveView<'a>> {
    let c = &live.coverage;
    let mut pinned = None;
    let mut updates = Vec::with_capacity(live.updates.len());
    let days = spans_days(live);
    for u in &live.updates {
        let v = update(site, p, u, days, fill)?;
        match u.pinned {
            true => pinned = Some(v),
            false => updates.push(v),
        }
    }
    Ok(LiveView {
        state: live.state(&site.now).name(),
        start: DateView::new(&c.start),
        end: c.end.as_ref().map(DateView::new),
        latest: live.latest().map(DateView::new),
        key_points: &c.key_points,
        pinned,
        updates,
    })
}

fn update<'a>(
    site: &'a Site,
    p: &Page,
    u: &'a Update,
    days: bool,
    fill: &dyn Fn(&str) -> TeraResult<String>,
) -> TeraResult<UpdateView<'a>> {
    let date = DateView::new(&u.time);
    Ok(UpdateView {
        id: &u.id,
        url: format!("{}#{}", site.permalink(&p.path), u.id),
        when: match days {
            true => format!("{}, {}", date.date, date.time),
            false => date.time.clone(),
        },
        date,
        title: &u.title,
        headline: Value::safe_string(&fill(&u.headline)?),
        author: u.author.as_deref().map(|name| match author(site, name) {
            Some(a) => Value::from_serializable(&AuthorRef::new(site, a)),
            None => Value::from_serializable(&serde_json::json!({ "name": name })),
        }),
        content: Value::safe_string(&fill(&u.html)?),
        pinned: u.pinned,
    })
}

/// Whether the updates fall on more than one day (in the coverage's zone).
fn spans_days(live: &Live) -> bool {
    let zone = live.coverage.start.time_zone();
    let mut days = live
        .updates
        .iter()
        .map(|u| u.time.with_time_zone(zone.clone()).date());
    let first = days.next();
    days.any(|d| Some(d) != first)
}

/// The site's author of that name, if it has one.
pub(crate) fn author<'a>(site: &'a Site, name: &str) -> Option<&'a Author> {
    site.authors.iter().find(|a| a.name == name)
}

/// The newest updates drawn for a feed item, after the article's own text.
pub(crate) fn feed_updates(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    p: &Page,
    live: &Live,
    fill: &dyn Fn(&str) -> TeraResult<String>,
) -> TeraResult<String> {
    let mut out = String::new();
    let days = spans_days(live);
    for u in live.updates.iter().take(FEED_UPDATES) {
        let mut ctx = Context::new();
        ctx.insert_value("site", shared.site_value());
        ctx.insert("feed", &true);
        ctx.insert("update", &update(site, p, u, days, fill)?);
        out.push_str(&tera.render(UPDATE, &ctx)?);
    }
    Ok(out)
}
