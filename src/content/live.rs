//! Live blogs: `live = { start, end }` in the front matter makes an article
//! a live blog, and every level-2 heading of its body starts an update
//! (`## 14:32 Polls close {author="Mei Lin"}`; see `markdown::updates`).
//!
//! A time alone is on the day of the update above it in the file (of
//! `start`, for the first), and every time without an offset is in the
//! time zone of `start`. The file may list updates newest or oldest first,
//! but one way throughout: an update out of order is an error, which is
//! what a time on the wrong day (past midnight, say) looks like.

use std::collections::HashSet;
use std::sync::Arc;

use jiff::ZonedDateTime;
use jiff::civil::{DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use serde::Deserialize;

use super::date::{self, DateText};
use crate::error::{Diagnostic, Location};
use crate::markdown::Converted;
use crate::markdown::updates::{self, UpdateHead};

/// `live` as written in the front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLive {
    start: Option<DateText>,
    end: Option<DateText>,
    #[serde(default)]
    key_points: Vec<String>,
}

impl RawLive {
    /// Left empty: not a live blog (a CMS writes empty strings for it).
    pub(crate) fn is_blank(&self) -> bool {
        let blank = |d: &Option<DateText>| d.as_ref().is_none_or(|d| d.0.trim().is_empty());
        blank(&self.start) && blank(&self.end) && self.key_points.is_empty()
    }
}

/// The coverage the front matter describes.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    pub(crate) start: ZonedDateTime,
    /// None while the coverage runs.
    pub(crate) end: Option<ZonedDateTime>,
    /// The summary shown above the updates.
    pub(crate) key_points: Vec<String>,
}

/// A live blog: its coverage and its updates, newest first.
#[derive(Debug, Clone)]
pub(crate) struct Live {
    pub(crate) coverage: Coverage,
    pub(crate) updates: Vec<Update>,
    /// The lines of each update left out for now, and when it comes out:
    /// its links may name a story scheduled to come out by then.
    pub(crate) hidden: Vec<(std::ops::Range<usize>, jiff::Timestamp)>,
}

/// One update of a live blog.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub(crate) time: ZonedDateTime,
    /// Its element id on the page: `{#id}`, else `update-20250910-1432`.
    pub(crate) id: String,
    /// The headline as plain text.
    pub(crate) title: String,
    /// The headline as HTML, its link markers still to fill.
    pub(crate) headline: Arc<str>,
    /// The body as HTML, its markers still to fill (see `markdown::fill`).
    pub(crate) html: Arc<str>,
    /// The body as plain text, for structured data.
    pub(crate) text: String,
    /// `author="..."`: who wrote it, when not the article's byline.
    pub(crate) author: Option<String>,
    /// Shown above the others.
    pub(crate) pinned: bool,
    /// The file's lines it takes, from its heading to the next one.
    pub(crate) lines: std::ops::Range<usize>,
}

/// Where a live blog stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Published before its `start`.
    Upcoming,
    Live,
    /// Past its `end`.
    Ended,
}

impl State {
    pub(crate) fn name(self) -> &'static str {
        match self {
            State::Upcoming => "upcoming",
            State::Live => "live",
            State::Ended => "ended",
        }
    }
}

impl Live {
    pub(crate) fn new(coverage: Coverage, updates: Vec<Update>) -> Self {
        Live {
            coverage,
            updates,
            hidden: Vec::new(),
        }
    }

    /// When the update left out for now that holds this line of the file
    /// comes out, if one does.
    pub(crate) fn hidden_until(&self, line: usize) -> Option<jiff::Timestamp> {
        let hidden = self.hidden.iter().find(|(r, _)| r.contains(&line));
        hidden.map(|(_, t)| *t)
    }

    pub(crate) fn state(&self, now: &ZonedDateTime) -> State {
        let c = &self.coverage;
        if now.timestamp() < c.start.timestamp() {
            State::Upcoming
        } else if c
            .end
            .as_ref()
            .is_some_and(|e| e.timestamp() <= now.timestamp())
        {
            State::Ended
        } else {
            State::Live
        }
    }

    /// When the newest update was published.
    pub(crate) fn latest(&self) -> Option<&ZonedDateTime> {
        self.updates
            .iter()
            .map(|u| &u.time)
            .max_by_key(|t| t.timestamp())
    }
}

/// The coverage, checked; messages go to `errors`, at the line of the
/// field `field` names (`start`, `end`, `key_points`).
pub(crate) fn coverage(
    raw: RawLive,
    tz: &TimeZone,
    field: &dyn Fn(&str) -> Location,
    errors: &mut Vec<Diagnostic>,
) -> Option<Coverage> {
    let mut when = |key: &str, text: &DateText| {
        let resolved = date::resolve(&text.0, tz);
        resolved
            .map_err(|m| errors.push(Diagnostic::error(field(key), format!("`live.{key}`: {m}"))))
            .ok()
    };
    let start = raw.start.as_ref().and_then(|s| when("start", s));
    let end = raw.end.as_ref().filter(|e| !e.0.trim().is_empty());
    let mut end = end.and_then(|e| when("end", e));
    if raw.start.is_none() {
        let m = "`live.start` is missing: when does the coverage start?";
        errors.push(Diagnostic::error(field("start"), m.to_string()));
    }
    if let (Some(s), Some(e)) = (&start, &end)
        && e.timestamp() <= s.timestamp()
    {
        let m = format!(
            "`live.end` ({}) must be after `live.start` ({})",
            shown(e),
            shown(s)
        );
        errors.push(Diagnostic::error(field("end"), m));
        // Not held against every update as well.
        end = None;
    }
    let key_points: Vec<String> = raw
        .key_points
        .iter()
        .map(|k| k.trim().to_string())
        .collect();
    if key_points.iter().any(String::is_empty) {
        let m = "`live.key_points` has an empty entry: write the point, or remove it";
        errors.push(Diagnostic::error(field("key_points"), m));
    }
    Some(Coverage {
        start: start?,
        end,
        key_points,
    })
}

/// The updates of a converted live blog, newest first; the body keeps what
/// comes before the first, and the headings' ids join its own. Without a
/// `coverage` (its errors are reported) only each heading is checked.
pub(crate) fn updates(
    coverage: Option<&Coverage>,
    body: &mut Converted,
    tz: &TimeZone,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Update> {
    let (intro, bodies) = updates::split(&body.html);
    body.html = intro.into();
    let heads = std::mem::take(&mut body.updates);
    let zone = coverage.map_or(tz, |c| c.start.time_zone());
    let mut above = coverage.map(|c| c.start.clone());
    let mut read: Vec<(UpdateHead, Option<ZonedDateTime>, Attributes)> = Vec::new();
    for head in heads {
        let mut fail = |m: String| errors.push(Diagnostic::error(head.at.clone(), m));
        // pulldown-cmark leaves a block it cannot read in the headline.
        if head.attributes.is_some() && head.title.ends_with('}') {
            fail("the `{...}` that ends this heading cannot be read: write it as `{#id author=\"Name\" pinned}`, with no `{`, `}` or `<` inside, at the very end of the line".into());
        }
        let attributes = attributes(head.attributes.as_deref().unwrap_or_default())
            .map_err(&mut fail)
            .unwrap_or_default();
        let time = match &head.time {
            None => {
                fail("in a live blog every level-2 heading is an update, and starts with its time: `## 14:32 Polls close`".into());
                None
            }
            Some(t) => match when(t, above.as_ref(), coverage.is_some(), zone) {
                // Shown in the coverage's zone, however it was written.
                Ok(t) => Some(t.with_time_zone(zone.clone())),
                Err(m) => {
                    // Empty when `start` is wrong, which has its own message.
                    if !m.is_empty() {
                        fail(m);
                    }
                    None
                }
            },
        };
        if head.title.is_empty() && time.is_some() {
            fail("this update has no headline: write it after the time".into());
        }
        if let (Some(t), Some(c)) = (&time, coverage) {
            within(t, c, &mut fail);
        }
        above = time.clone().or(above);
        read.push((head, time, attributes));
    }
    check_order(&read, errors);
    check_pinned(&read, errors);
    let ids = ids(&read, zone, &mut body.heading_ids, errors);
    let starts: Vec<usize> = read.iter().map(|(h, _, _)| h.at.line).collect();
    let ends = starts.iter().skip(1).copied().chain([usize::MAX]);
    let lines = starts.iter().zip(ends).map(|(&a, b)| a..b);
    let mut out: Vec<Update> = read
        .into_iter()
        .zip(bodies)
        .zip(ids)
        .zip(lines)
        .filter_map(|((((head, time, a), html), id), lines)| {
            Some(Update {
                lines,
                time: time?,
                id,
                title: head.title,
                headline: head.headline.into(),
                html: html.into(),
                text: head.text.split_whitespace().collect::<Vec<_>>().join(" "),
                author: a.author,
                pinned: a.pinned,
            })
        })
        .collect();
    // Stable: updates of one minute keep the file's order, newest first.
    if oldest_first(&out) {
        out.reverse();
    }
    out
}

/// An update's time: `text` on the day of `above` (the update above it, or
/// `start`) when it is a time alone.
fn when(
    text: &str,
    above: Option<&ZonedDateTime>,
    known: bool,
    zone: &TimeZone,
) -> Result<ZonedDateTime, String> {
    let bad = || {
        format!(
            "`{text}` is not a time: start an update's heading with `14:32`, `2025-09-10 14:32` or `2025-09-10T14:32:00+01:00`"
        )
    };
    if !text.contains(':') {
        return Err(bad());
    }
    if text.contains('-') {
        return date::resolve(text, zone).map_err(|_| bad());
    }
    let time = clock(text).ok_or_else(bad)?;
    match above {
        Some(day) => {
            let civil = day.with_time_zone(zone.clone()).date().to_datetime(time);
            on_the_clock(civil, zone, text)
        }
        // `start` has an error of its own: nothing more to say here.
        None if !known => Err(String::new()),
        None => Err(bad()),
    }
}

/// The moment a clock in `zone` shows `civil`: an error when the clocks
/// skip that time or show it twice (summer time starting or ending).
fn on_the_clock(civil: DateTime, zone: &TimeZone, text: &str) -> Result<ZonedDateTime, String> {
    let ambiguous = zone.to_ambiguous_zoned_datetime(civil);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ambiguous.unambiguous().map_err(|e| e.to_string()),
        AmbiguousOffset::Gap { .. } => Err(format!(
            "`{text}` on {} does not exist in this time zone (the clocks skip it): write the time with its offset",
            civil.date()
        )),
        AmbiguousOffset::Fold { before, after } => {
            let with = |o| {
                let t = civil.to_zoned_datetime(TimeZone::fixed(o));
                t.map_or(String::new(), |t| {
                    t.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
                })
            };
            Err(format!(
                "`{text}` on {} happens twice in this time zone (the clocks go back): write it with its offset, `{}` or `{}`",
                civil.date(),
                with(before),
                with(after),
            ))
        }
    }
}

/// A time as messages show it: `2025-09-10 14:32 BST`.
fn shown(t: &ZonedDateTime) -> String {
    t.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// `14:32`, `9:05` or `14:32:10`: the hour in one or two digits, the
/// minutes and seconds in two.
fn clock(text: &str) -> Option<Time> {
    let mut parts = text.split(':').enumerate().map(|(i, p)| {
        let width = if i == 0 { 1..=2 } else { 2..=2 };
        let digits = width.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| p.parse::<i8>().ok()).flatten()
    });
    let (h, m) = (parts.next()??, parts.next()??);
    let s = parts.next().map_or(Some(0), |s| s)?;
    if parts.next().is_some() {
        return None;
    }
    Time::new(h, m, s, 0).ok()
}

/// An update must fall within the coverage.
fn within(t: &ZonedDateTime, c: &Coverage, fail: &mut impl FnMut(String)) {
    if t.timestamp() < c.start.timestamp() {
        fail(format!(
            "this update ({}) is before the coverage starts (`live.start`, {}); if it is on another day, write its date: `## 2025-09-11 00:15 ...`",
            shown(t),
            shown(&c.start)
        ));
    } else if let Some(end) = &c.end
        && t.timestamp() > end.timestamp()
    {
        fail(format!(
            "this update ({}) is after the coverage ends (`live.end`, {})",
            shown(t),
            shown(end)
        ));
    }
}

/// The file lists updates one way: the first two times that differ say
/// which, and an update that goes the other way is an error.
fn check_order(
    read: &[(UpdateHead, Option<ZonedDateTime>, Attributes)],
    errors: &mut Vec<Diagnostic>,
) {
    let timed: Vec<(&UpdateHead, &ZonedDateTime)> = read
        .iter()
        .filter_map(|(h, t, _)| Some((h, t.as_ref()?)))
        .collect();
    let mut newest_first: Option<bool> = None;
    for pair in timed.windows(2) {
        let ((_, a), (head, b)) = (pair[0], pair[1]);
        let step = b.timestamp().cmp(&a.timestamp());
        if step.is_eq() {
            continue;
        }
        let down = step.is_lt();
        match newest_first {
            None => newest_first = Some(down),
            Some(way) if way != down => {
                let (order, than) = match way {
                    true => ("newest first", "later"),
                    false => ("oldest first", "earlier"),
                };
                errors.push(Diagnostic::error(
                    head.at.clone(),
                    format!(
                        "this file lists updates {order}, but this one ({}) is {than} than the one above it ({}); if it is on another day, write its date: `## 2025-09-11 00:15 ...`",
                        shown(b),
                        shown(a)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
}

/// At most one update is pinned.
fn check_pinned(
    read: &[(UpdateHead, Option<ZonedDateTime>, Attributes)],
    errors: &mut Vec<Diagnostic>,
) {
    let mut pinned = read.iter().filter(|(_, _, a)| a.pinned).map(|(h, _, _)| h);
    let Some(first) = pinned.next() else { return };
    for h in pinned {
        let m = format!(
            "only one update can be pinned, and the one at line {} is",
            first.at.line
        );
        errors.push(Diagnostic::error(h.at.clone(), m));
    }
}

/// Each update's id: its `#id`, else `update-` and its date and minute in
/// the coverage's zone, with `-2`, `-3` for repeats; none may be the id of
/// another heading of the body, which they join.
fn ids(
    read: &[(UpdateHead, Option<ZonedDateTime>, Attributes)],
    zone: &TimeZone,
    headings: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut taken: HashSet<String> = headings.iter().cloned().collect();
    taken.extend(PAGE_IDS.iter().map(|s| s.to_string()));
    let mut out = Vec::with_capacity(read.len());
    for (head, time, a) in read {
        let id = match (&a.id, time) {
            (Some(id), _) => {
                if !taken.insert(id.clone()) || id.starts_with("correction-") {
                    let m = format!("the id `{id}` is already taken on this page");
                    errors.push(Diagnostic::error(head.at.clone(), m));
                }
                id.clone()
            }
            (None, Some(t)) => {
                let base = t
                    .with_time_zone(zone.clone())
                    .strftime("update-%Y%m%d-%H%M")
                    .to_string();
                let mut id = base.clone();
                let mut n = 2;
                while !taken.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
            (None, None) => String::new(),
        };
        headings.push(id.clone());
        out.push(id);
    }
    out
}

/// The ids the default theme gives parts of an article page (and
/// `correction-N`, its notes): an update's `#id` may not take them.
const PAGE_IDS: [&str; 5] = [
    "main",
    "key-points-heading",
    "updates-heading",
    "corrections-heading",
    "related-heading",
];

/// Whether the updates run oldest first (the file's order).
fn oldest_first(updates: &[Update]) -> bool {
    let mut steps = updates
        .windows(2)
        .map(|w| w[1].time.timestamp().cmp(&w[0].time.timestamp()));
    steps.find(|s| !s.is_eq()).is_some_and(|s| s.is_gt())
}

/// What an update heading's `{...}` says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Attributes {
    id: Option<String>,
    author: Option<String>,
    pinned: bool,
}

/// `{#id .pinned author="Mei Lin"}`; `pinned` may go without its dot.
fn attributes(block: &str) -> Result<Attributes, String> {
    let mut a = Attributes::default();
    for word in words(block) {
        if let Some(id) = word.strip_prefix('#') {
            let ok = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                return Err(format!(
                    "the id `{id}` may only hold letters, digits, `-` and `_`"
                ));
            }
            a.id = Some(id.to_string());
        } else if word == ".pinned" || word == "pinned" {
            a.pinned = true;
        } else if let Some(name) = word.strip_prefix("author=") {
            let name = name.trim_matches('"').trim();
            if name.is_empty() {
                return Err("`author=` needs a name: `author=\"Mei Lin\"`".into());
            }
            a.author = Some(name.to_string());
        } else {
            return Err(format!(
                "unknown update attribute `{word}`: use `#id`, `.pinned` or `author=\"Name\"`"
            ));
        }
    }
    Ok(a)
}

/// The words of `block`, split at spaces outside double quotes.
fn words(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut word, mut quoted) = (String::new(), false);
    for c in block.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_blocks_take_quoted_names() {
        let a = attributes("#polls author=\"Mei Lin\" .pinned").unwrap();
        assert_eq!(a.id.as_deref(), Some("polls"));
        assert_eq!(a.author.as_deref(), Some("Mei Lin"));
        assert!(a.pinned);
        assert!(
            attributes("colour=red")
                .unwrap_err()
                .contains("unknown update attribute")
        );
        assert!(attributes("#a/b").is_err());
    }

    #[test]
    fn clock_times() {
        assert_eq!(clock("9:05"), Time::new(9, 5, 0, 0).ok());
        assert_eq!(clock("14:32:10"), Time::new(14, 32, 10, 0).ok());
        assert_eq!(clock("25:00"), None);
        assert_eq!(clock("14:3x"), None);
        assert_eq!(clock("1:2:3:4"), None);
    }

    #[test]
    fn a_time_alone_takes_the_day_and_zone_given() {
        let zone = TimeZone::get("Europe/London").unwrap();
        let start = date::resolve("2025-09-10T06:30:00", &zone).unwrap();
        let t = when("14:32", Some(&start), true, &zone).unwrap();
        assert_eq!(t.to_string(), "2025-09-10T14:32:00+01:00[Europe/London]");
        let t = when("2025-09-11 00:15", Some(&start), true, &zone).unwrap();
        assert_eq!((t.day(), t.hour()), (11, 0));
        assert!(when("soon", Some(&start), true, &zone).is_err());
    }
}
