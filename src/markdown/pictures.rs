//! Pictures of a body: a paragraph of nothing but Markdown images
//! (`![alt](src "caption | credit")`, one or several, one per line) becomes
//! one `figure` component per image, drawn through the image pipeline (one
//! on another site as it is); an image inside a line of text stays the
//! `<img>` pulldown-cmark writes.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::components::{Arg, Component, marker};
use crate::error::Location;

/// An image taken out of the event stream, until its paragraph is known.
pub(super) struct Pending<'a> {
    /// The image's events, as pulldown-cmark gave them.
    pub(super) events: Vec<Event<'a>>,
    pub(super) component: Component,
}

/// What stands in the stream for pending image `n`.
fn placeholder(n: usize) -> String {
    format!("\0picture:{n}\0")
}

/// Whether `src` may be a figure: a picture of the site or of another
/// site, not data written into the page.
pub(super) fn figure_src(src: &str) -> bool {
    !src.trim_start().to_ascii_lowercase().starts_with("data:")
}

/// The `figure` a Markdown image stands for; its title is `caption`, or
/// `caption | credit`.
pub(super) fn figure(src: &str, alt: &str, title: &str, at: Location) -> Component {
    let mut args = vec![
        ("src".to_string(), Arg::Str(src.to_string())),
        ("alt".to_string(), Arg::Str(alt.to_string())),
    ];
    let (caption, credit) = match title.split_once(" | ") {
        Some((c, r)) => (c.trim(), r.trim()),
        None => (title.trim(), ""),
    };
    for (key, value) in [("caption", caption), ("credit", credit)] {
        if !value.is_empty() {
            args.push((key.to_string(), Arg::Str(value.to_string())));
        }
    }
    Component {
        name: "figure".into(),
        args,
        body: None,
        at,
    }
}

/// Pushes pending image `n`'s placeholder.
pub(super) fn hold<'a>(events: &mut Vec<Event<'a>>, pending: &[Pending<'a>]) {
    events.push(Event::InlineHtml(placeholder(pending.len() - 1).into()));
}

/// `events` with each paragraph of only pictures replaced by their figures
/// (added to `components`), and every other picture put back as it was.
pub(super) fn settle<'a>(
    events: Vec<Event<'a>>,
    pending: Vec<Pending<'a>>,
    components: &mut Vec<Component>,
) -> Vec<Event<'a>> {
    if pending.is_empty() {
        return events;
    }
    let mut pending: Vec<Option<Pending<'a>>> = pending.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some(end) = pictures_only(&events, i) {
            for e in &events[i + 1..end] {
                if let Some(p) = held(e).and_then(|n| pending.get_mut(n)?.take()) {
                    components.push(p.component);
                    out.push(Event::Html(marker(components.len() - 1).into()));
                }
            }
            i = end + 1;
            continue;
        }
        match held(&events[i]).and_then(|n| pending.get_mut(n)?.take()) {
            Some(p) => out.extend(p.events),
            None => out.push(events[i].clone()),
        }
        i += 1;
    }
    out
}

/// The index of the paragraph's end when the paragraph opening at `i`
/// holds only held pictures and the spaces between them.
fn pictures_only(events: &[Event<'_>], i: usize) -> Option<usize> {
    if !matches!(events[i], Event::Start(Tag::Paragraph)) {
        return None;
    }
    let mut any = false;
    for (k, e) in events.iter().enumerate().skip(i + 1) {
        match e {
            Event::End(TagEnd::Paragraph) => return any.then_some(k),
            Event::SoftBreak => {}
            Event::Text(t) if t.trim().is_empty() => {}
            e if held(e).is_some() => any = true,
            _ => return None,
        }
    }
    None
}

/// The pending image a placeholder stands for.
fn held(e: &Event<'_>) -> Option<usize> {
    match e {
        Event::InlineHtml(CowStr::Boxed(s)) => number(s),
        Event::InlineHtml(s) => number(s),
        _ => None,
    }
}

fn number(s: &str) -> Option<usize> {
    s.strip_prefix("\0picture:")?
        .strip_suffix('\0')?
        .parse()
        .ok()
}
