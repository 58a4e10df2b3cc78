//! A live blog's updates: in its body, every level-2 heading starts an
//! update (`## 14:32 Polls close {author="Mei Lin"}`). The converter takes
//! each such heading out of the HTML, notes what it says (its time as
//! written, its headline, the attribute block) and leaves a marker, so the
//! body can be cut into an introduction and one piece per update.
//! `content::live` reads the times and attributes, where the front matter is known.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, html};

use super::{Converted, Source, State, heading_text, take_until_heading_end};
use crate::error::{Diagnostic, Location};

/// What marks update `n` in the converted HTML.
const MARKER: &str = "update:";

/// An update's heading, as written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct UpdateHead {
    /// Where the heading is.
    pub(crate) at: Location,
    /// The time at the start of the heading (`14:32`, `2025-09-10 14:32`,
    /// `2025-09-10T14:32:00+01:00`); none when it starts with something else.
    pub(crate) time: Option<String>,
    /// The rest of the heading as HTML, its link markers still to fill.
    pub(crate) headline: String,
    /// The rest of the heading as plain text.
    pub(crate) title: String,
    /// Inside the trailing `{...}`, as written (pulldown-cmark splits
    /// quoted values at spaces, so the block is read again from the line).
    pub(crate) attributes: Option<String>,
    /// The plain text of the update's body, for structured data.
    pub(crate) text: String,
}

/// Whether the heading just opened stands at the top level of the body,
/// where an update starts (`State` has counted it).
pub(super) fn at_top(state: &State) -> bool {
    state.depth == 1 && !state.in_component
}

/// What a live blog's body may not hold: a level-2 heading inside a quote,
/// a list or a component (it would cut them in two), and footnotes (their
/// notes gather at the end, in whichever update comes last).
pub(super) fn check(
    event: &Event<'_>,
    offset: usize,
    source: &Source<'_>,
    state: &State,
    errors: &mut Vec<Diagnostic>,
) {
    let message = match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        }) if !at_top(state) => {
            "in a live blog a level-2 heading starts an update, so it cannot stand inside a quote, a list or a component: use `###` there"
        }
        Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => FOOTNOTES,
        _ => return,
    };
    errors.push(Diagnostic::error(source.location(offset), message));
}

const FOOTNOTES: &str = "a live blog cannot have footnotes (the notes would gather under its last update): write the note into the update";

/// Takes the heading that starts at `range` out of the events: notes it
/// as the next update and leaves its marker.
pub(super) fn take<'a, I>(
    parser: &mut I,
    range: Range<usize>,
    source: &Source<'_>,
    state: &mut State,
    out: &mut Converted,
    events: &mut Vec<Event<'a>>,
) where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let n = out.updates.len();
    // An update may not be out yet: only the text before the first one
    // can stand in for a missing summary.
    state.first_done = true;
    // Noted first, so the text `State` collects goes to this update.
    out.updates.push(UpdateHead {
        at: source.location(range.start),
        time: None,
        headline: String::new(),
        title: String::new(),
        attributes: None,
        text: String::new(),
    });
    let at = source.location(range.start);
    let inner = take_until_heading_end(parser, source, state, out);
    if inner
        .iter()
        .any(|e| matches!(e, Event::FootnoteReference(_)))
    {
        out.errors.push(Diagnostic::error(at, FOOTNOTES));
    }
    let (time, inner) = split_time(inner);
    let mut headline = String::new();
    html::push_html(&mut headline, inner.iter().cloned());
    let head = &mut out.updates[n];
    head.time = time;
    head.title = heading_text(&inner);
    head.headline = headline.trim().to_string();
    head.attributes = attribute_block(last_text_line(&source.body[range])).map(str::to_string);
    head.text.clear();
    events.push(Event::Html(format!("\0{MARKER}{n}\0\n").into()));
}

/// The time the heading's text starts with, and the events without it.
fn split_time(inner: Vec<Event<'_>>) -> (Option<String>, Vec<Event<'_>>) {
    // pulldown-cmark may cut a text in several events: the first ones are joined.
    let texts = inner
        .iter()
        .take_while(|e| matches!(e, Event::Text(_)))
        .count();
    let lead: String = inner[..texts]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let Some(len) = time_prefix(&lead) else {
        return (None, inner);
    };
    let time = lead[..len].trim().to_string();
    let rest = lead[len..].trim_start().to_string();
    let mut events: Vec<Event<'_>> = Vec::with_capacity(inner.len());
    if !rest.is_empty() {
        events.push(Event::Text(rest.into()));
    }
    events.extend(inner.into_iter().skip(texts));
    (Some(time), events)
}

/// The length of the time `text` starts with: a word starting with a
/// digit, or a date followed by a time (`2025-09-10 14:32`).
fn time_prefix(text: &str) -> Option<usize> {
    let word_end = |from: usize| {
        text[from..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| from + i)
    };
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let first = word_end(0);
    let is_date = |w: &str| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-';
    let next = first + text[first..].len() - text[first..].trim_start().len();
    let second = &text[next..word_end(next)];
    let is_time = second.contains(':') && second.starts_with(|c: char| c.is_ascii_digit());
    match is_date(&text[..first]) && is_time {
        true => Some(word_end(next)),
        false => Some(first),
    }
}

/// The heading's last line of text: its only line, or for a heading
/// underlined with `---` the line above the underline.
fn last_text_line(heading: &str) -> &str {
    let underline =
        |l: &&str| !l.trim().is_empty() && l.trim().bytes().all(|b| b == b'-' || b == b'=');
    let mut lines = heading.lines().rev().skip_while(|l| l.trim().is_empty());
    let last = lines.next().unwrap_or_default();
    match underline(&last) {
        true => lines.next().unwrap_or_default(),
        false => last,
    }
}

/// Inside the `{...}` that ends a heading's line, if it ends with one.
fn attribute_block(line: &str) -> Option<&str> {
    let line = line.trim_end().trim_end_matches('#').trim_end();
    let inner = line.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    Some(inner[open + 1..].trim())
}

/// Adds `text` to the body text of the update being read, if any.
pub(super) fn note_text(out: &mut Converted, text: &str) {
    if let Some(u) = out.updates.last_mut() {
        u.text.push_str(text);
    }
}

/// The converted HTML cut at its update markers: what comes before the
/// first update, then each update's body, in the file's order.
pub(crate) fn split(html: &str) -> (String, Vec<String>) {
    let marker = format!("\0{MARKER}");
    let mut pieces = html.split(&marker);
    let intro = pieces.next().unwrap_or_default().to_string();
    let bodies = pieces
        .map(|p| {
            let body = p.split_once('\0').map_or(p, |(_, rest)| rest);
            body.trim_start_matches('\n').to_string()
        })
        .collect();
    (intro, bodies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_the_first_word_or_a_date_and_a_time() {
        fn cut(t: &str) -> Option<&str> {
            time_prefix(t).map(|n| &t[..n])
        }
        assert_eq!(cut("14:32 Polls close"), Some("14:32"));
        assert_eq!(
            cut("2025-09-10 14:32 Polls close"),
            Some("2025-09-10 14:32")
        );
        assert_eq!(
            cut("2025-09-10T14:32:00+01:00 Polls"),
            Some("2025-09-10T14:32:00+01:00")
        );
        assert_eq!(cut("2025-09-10 Polls"), Some("2025-09-10"));
        assert_eq!(cut("Polls close at 14:32"), None);
    }

    #[test]
    fn the_attribute_block_is_read_from_the_line() {
        let line = "## 14:32 Polls close {#polls author=\"Mei Lin\" .pinned}";
        assert_eq!(
            attribute_block(line),
            Some("#polls author=\"Mei Lin\" .pinned")
        );
        assert_eq!(attribute_block("## 14:32 Polls close"), None);
    }
}
