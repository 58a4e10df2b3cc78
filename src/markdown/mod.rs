//! Markdown to HTML, with the site's own additions, in two steps.
//!
//! `convert` needs only the file, so it runs while content is parsed:
//! 1. Parse with pulldown-cmark (tables, footnotes, strikethrough, smart
//!    punctuation, `{#id}` heading attributes).
//! 2. Give every heading a stable id (its slug, `-1`, `-2` for repeats).
//! 3. Draw footnotes with links both ways, ids apart from the headings'.
//! 4. Leave a marker for each `@/path.md#anchor` link (and for the text of
//!    an empty one), and note the first paragraph's text, cut near 160
//!    characters (the summary fallback), and the word count.
//!
//! `resolve` runs once every article's URL is known: it finds each
//! link's target through a [`Resolver`] and returns the anchors, to be
//! checked once every article's headings are known. `fill` writes the
//! targets' URLs (and titles, for links written with no text) and the
//! drawn "also read" boxes where the markers stand, as a page is rendered.
//! Markers are wrapped in NUL, which `convert` turns into U+FFFD in the
//! source, so no source can forge one.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html, escape_html_body_text};

pub(crate) mod also_read;
pub(crate) mod components;
mod footnotes;
mod lint;
mod pictures;
mod summary;
pub(crate) mod updates;

use crate::error::{Diagnostic, Location, line_col};
use crate::paths::slugify;

/// What an internal link points at.
#[derive(Debug, Clone)]
pub struct Target {
    /// The article's index in the site's list.
    pub index: usize,
    /// Its URL path, from the site root (`/china/parade/`).
    pub url: String,
    /// Its title, for links written without text.
    pub title: String,
}

/// Why a link has no target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// What to say at the link.
    Error(String),
    /// The target's own file has errors, reported there: the link adds none,
    /// as one broken article must not seem to break every article linking it.
    TargetHasErrors,
    /// The target has expired: what to warn of. An expiry must not fail the
    /// next build, so the link is left out and its text kept.
    Expired(String),
}

/// Finds the article an `@/` link names.
pub trait Resolver: Sync {
    /// `reference` is the part after `@/` and before `#`.
    fn resolve(&self, reference: &str) -> Result<Target, Unresolved>;
}

/// An `#anchor` on an internal link, to be checked against the target.
#[derive(Debug, Clone)]
pub(crate) struct AnchorRef {
    pub(crate) target: usize,
    pub(crate) anchor: String,
    pub(crate) at: Location,
}

/// An `@/` link found by [`convert`]: the part after `@/`, `#anchor` and all.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct LinkRef {
    pub(crate) reference: String,
    pub(crate) at: Location,
}

/// A heading of a body: its level (1 to 6), id and plain text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// A body converted before the site's URLs are known.
/// Kept in the build cache (`content::bodies`) for a file that did not change.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Converted {
    /// Shared, so `serve` reuses it without copying; holds the link markers.
    /// Kept apart from the rest in the build cache (see `content::bodies`).
    #[serde(skip)]
    pub(crate) html: Arc<str>,
    pub(crate) heading_ids: Vec<String>,
    /// Every heading, in order, for the table of contents.
    pub(crate) headings: Vec<Heading>,
    /// Plain text of the first paragraph, cut near 160 characters at a
    /// word boundary: the summary of an article whose front matter has none.
    pub(crate) summary: String,
    pub(crate) word_count: usize,
    /// Link `n` stands at [`href_marker`]`(n)` (and [`title_marker`]`(n)`
    /// when its text was empty).
    pub(crate) links: Vec<LinkRef>,
    /// Inline "also read" boxes; box `n` stands at `also_read::marker(n)` in `html`.
    pub(crate) boxes: Vec<Vec<also_read::BoxRef>>,
    /// Components; component `n` stands at `components::marker(n)` in `html`.
    pub(crate) components: Vec<components::Component>,
    /// A live blog's update headings (see [`updates`]); update `n` stands
    /// at its marker in `html`.
    pub(crate) updates: Vec<updates::UpdateHead>,
    pub(crate) errors: Vec<Diagnostic>,
}

/// What stands at a drawn marker of the converted HTML, for [`fill`]'s caller to draw.
pub(crate) enum Block<'a> {
    /// "Also read" box `n`.
    AlsoRead(usize),
    /// A component, with its body's HTML filled in (for a block).
    Component(&'a components::Component, Option<String>),
}

/// The targets of a body's links, as [`fill`] writes them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rendered {
    /// Link `n`'s target; `None` where it did not resolve (an error).
    pub(crate) targets: Vec<Option<Target>>,
    pub(crate) anchors: Vec<AnchorRef>,
    /// Inline "also read" boxes; box `n` stands at `also_read::marker(n)`
    /// in the converted HTML.
    pub(crate) boxes: Vec<Vec<also_read::BoxItem>>,
    pub(crate) errors: Vec<Diagnostic>,
}

/// Where the Markdown came from, so messages point into the real file.
pub struct Source<'a> {
    /// The file, as shown in messages.
    pub path: &'a std::path::Path,
    /// The Markdown, without the front matter.
    pub body: &'a str,
    /// File line of the body's first line.
    pub first_line: usize,
}

impl Source<'_> {
    fn location(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.body, offset);
        Location::at(self.path, self.first_line + line - 1, col)
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every step at once, for a text whose links can be resolved now (a bio),
/// with the problems found; "also read" boxes are left out, and components
/// are an error, as nothing draws them outside articles yet.
pub fn render(source: &Source<'_>, resolver: &dyn Resolver) -> (String, Vec<Diagnostic>) {
    let converted = convert(source);
    let r = resolve(&converted, resolver);
    let html = fill::<()>(&converted.html, &r.targets, &[], |_| Ok(String::new()));
    let mut errors = converted.errors;
    errors.extend(converted.components.iter().map(|c| {
        let message = "components can only be used in the body of an article";
        Diagnostic::error(c.at.clone(), message)
    }));
    errors.extend(r.errors);
    (html.unwrap_or_default(), errors)
}

/// Where link `n`'s URL goes.
pub(crate) fn href_marker(n: usize) -> String {
    format!("\0{n}\0")
}

/// Where link `n`'s target title goes, for a link written with no text:
/// in body text, or in a picture's description (escaped as an attribute).
pub(crate) fn title_marker(n: usize, in_attribute: bool) -> String {
    let kind = if in_attribute { 'a' } else { 't' };
    format!("\0{kind}{n}\0")
}

pub(crate) fn convert(source: &Source<'_>) -> Converted {
    convert_as(source, false)
}

/// [`convert`] for a live blog, where every level-2 heading starts an update.
pub(crate) fn convert_live(source: &Source<'_>) -> Converted {
    convert_as(source, true)
}

fn convert_as(source: &Source<'_>, live: bool) -> Converted {
    // As CommonMark asks (pulldown-cmark leaves them): so no source can
    // write a marker.
    if source.body.contains('\0') {
        let body = source.body.replace('\0', "\u{FFFD}");
        let clean = Source {
            body: &body,
            ..*source
        };
        return convert_as(&clean, live);
    }
    match components::scan(source) {
        None => convert_scanned(source, Converted::default(), live),
        Some(scan) => {
            let out = Converted {
                components: scan.components,
                errors: scan.errors,
                ..Converted::default()
            };
            convert_scanned(
                &Source {
                    body: &scan.body,
                    ..*source
                },
                out,
                live,
            )
        }
    }
}

/// [`convert`] once component lines are markers (in `out.components`).
fn convert_scanned(source: &Source<'_>, mut out: Converted, live: bool) -> Converted {
    let mut state = State::default();
    let mut events = Vec::new();
    // Inside a picture's description, which pulldown-cmark writes as plain text.
    let mut in_image = 0usize;
    let mut pending: Vec<pictures::Pending<'_>> = Vec::new();
    // Where the open heading starts in `events`, and the id written for it.
    let mut heading: Option<(usize, Option<CowStr<'_>>)> = None;
    let mut parser = Parser::new_ext(source.body, options())
        .into_offset_iter()
        .peekable();
    // A character reference (`&#11;`) can write what reading dropped.
    let references = source.body.contains("&#");
    while let Some((event, range)) = parser.next() {
        let event = match event {
            Event::Text(t) if references && t.chars().any(crate::content::text::forbidden) => {
                Event::Text(t.replace(crate::content::text::forbidden, "").into())
            }
            other => other,
        };
        match &event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Html(t) => {
                if let Some(open) = components::block_edge(t) {
                    state.in_component = open;
                }
            }
            _ => {}
        }
        if matches!(event, Event::Start(Tag::Paragraph)) && also_read::starts(parser.peek()) {
            also_read::take(&mut parser, range.start, source, &mut out, &mut events);
            continue;
        }
        state.observe(&event, &mut out);
        lint::event(&event, range.start, source, &mut out.errors);
        if live {
            updates::check(&event, range.start, source, &state, &mut out.errors);
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
            && in_image == 1
            && heading.is_none()
            && pictures::figure_src(dest_url)
            // A description linking an article keeps the link's own handling.
            && !source.body[range.clone()].contains("@/")
        {
            let (src, title) = (dest_url.to_string(), title.to_string());
            let at = source.location(range.start);
            let mut inner = vec![event];
            let mut alt = String::new();
            while in_image > 0 {
                let Some((e, r)) = parser.next() else { break };
                state.observe(&e, &mut out);
                lint::event(&e, r.start, source, &mut out.errors);
                match &e {
                    Event::Text(t) | Event::Code(t) => alt.push_str(t),
                    Event::Start(Tag::Image { .. }) => in_image += 1,
                    Event::End(TagEnd::Image) => in_image -= 1,
                    _ => {}
                }
                inner.push(e);
            }
            let component = pictures::figure(&src, &alt, &title, at);
            pending.push(pictures::Pending {
                events: inner,
                component,
            });
            pictures::hold(&mut events, &pending);
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H2,
                ..
            }) if live && updates::at_top(&state) => {
                updates::take(
                    &mut parser,
                    range,
                    source,
                    &mut state,
                    &mut out,
                    &mut events,
                );
            }
            // Its text goes through this loop (links, checks) and names it at its end.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((events.len(), id));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, id)) = heading.take() {
                    name_heading(&mut events, start, id, &mut out);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") && link_type != LinkType::Email => {
                let n = out.links.len();
                out.links.push(LinkRef {
                    reference: dest_url[2..].to_string(),
                    at: source.location(range.start),
                });
                let empty = matches!(parser.peek(), Some((Event::End(TagEnd::Link), _)));
                if in_image > 0 {
                    // A description keeps only the link's text (or the title).
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    if empty {
                        events.push(Event::Text(title_marker(n, true).into()));
                    }
                    continue;
                }
                events.push(Event::Html(link_tag(n, &title).into()));
                if empty {
                    events.push(Event::Text(title_marker(n, false).into()));
                }
            }
            other => events.push(other),
        }
    }
    let events = pictures::settle(events, pending, &mut out.components);
    let events = footnotes::rewrite(events, &out.heading_ids);
    let mut text = String::with_capacity(source.body.len() * 3 / 2);
    html::push_html(&mut text, events.into_iter());
    if !out.components.is_empty() {
        text = components::cut_bodies(&text, &mut out.components);
        components::empty_galleries(&out.components, &mut out.errors);
    }
    out.html = text.into();
    out.summary = summary::cut(&out.summary);
    out
}

/// Finds the targets of a converted body's links.
pub(crate) fn resolve(c: &Converted, resolver: &dyn Resolver) -> Rendered {
    let mut out = Rendered::default();
    out.targets = c
        .links
        .iter()
        .map(|l| resolve_link(l, resolver, &mut out))
        .collect();
    out.boxes = c
        .boxes
        .iter()
        .map(|b| also_read::resolve(b, &c.links, &out.targets))
        .collect();
    out
}

/// `html` with its markers filled in: each link's URL and title, escaped
/// as pulldown-cmark escapes a URL and a text, and each box and component
/// (`components[n]`, its body filled first) as `draw` draws it.
pub(crate) fn fill<E>(
    html: &str,
    targets: &[Option<Target>],
    components: &[components::Component],
    mut draw: impl FnMut(Block<'_>) -> Result<String, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(html.len() + 64 * targets.len());
    fill_into(&mut out, html, targets, components, &mut draw)?;
    Ok(out)
}

/// [`fill`], into `out`: a block's body is filled by the same function.
fn fill_into<E>(
    out: &mut String,
    html: &str,
    targets: &[Option<Target>],
    components: &[components::Component],
    draw: &mut dyn FnMut(Block<'_>) -> Result<String, E>,
) -> Result<(), E> {
    // Each marker stands between two NULs.
    let mut at = 0;
    // The `</a>` of a link left out (a target gone), to drop.
    let mut unlinked: Option<usize> = None;
    let mut nuls = memchr::memchr_iter(0, html.as_bytes());
    while let (Some(open), Some(close)) = (nuls.next(), nuls.next()) {
        copy_but(out, html, at..open, &mut unlinked);
        at = close + 1;
        let marker = &html[open + 1..close];
        if let Some(n) = marker.strip_prefix(also_read::MARKER) {
            out.push_str(&draw(Block::AlsoRead(n.parse().unwrap_or(usize::MAX)))?);
        } else if let Some(n) = marker.strip_prefix(components::MARKER) {
            let Some(c) = n.parse().ok().and_then(|n: usize| components.get(n)) else {
                continue;
            };
            let body = match &c.body {
                Some(b) => {
                    let mut filled = String::with_capacity(b.len());
                    fill_into(&mut filled, b, targets, components, draw)?;
                    Some(filled)
                }
                None => None,
            };
            out.push_str(&draw(Block::Component(c, body))?);
        } else if let Some(n) = marker.strip_prefix(['t', 'a']) {
            let target = n.parse().ok().and_then(|n: usize| targets.get(n)?.as_ref());
            let title = target.map_or("", |t| &t.title);
            let _ = match marker.starts_with('a') {
                true => escape_html(&mut *out, title),
                false => escape_html_body_text(&mut *out, title),
            };
        } else {
            let target = marker
                .parse()
                .ok()
                .and_then(|n: usize| targets.get(n)?.as_ref());
            match target {
                Some(t) => {
                    let _ = escape_href(&mut *out, &t.url);
                }
                None => at = unlink(out, html, at, &mut unlinked),
            }
        }
    }
    copy_but(out, html, at..html.len(), &mut unlinked);
    Ok(())
}

/// Leaves out the link whose `href` marker ends at `at`, which has no
/// target: its `<a href="` is taken back, the rest of its tag skipped (a
/// title's quotes are escaped, so `">` ends it) and its `</a>` noted to drop.
fn unlink(out: &mut String, html: &str, at: usize, unlinked: &mut Option<usize>) -> usize {
    let Some(start) = out.strip_suffix("<a href=\"").map(str::len) else {
        return at;
    };
    out.truncate(start);
    let tag_end = html[at..].find("\">").map_or(at, |i| at + i + 2);
    *unlinked = html[tag_end..].find("</a>").map(|i| tag_end + i);
    tag_end
}

/// `html[range]` onto `out`, but the `</a>` at `unlinked` if it is there.
fn copy_but(
    out: &mut String,
    html: &str,
    range: std::ops::Range<usize>,
    unlinked: &mut Option<usize>,
) {
    match *unlinked {
        Some(close) if range.contains(&close) => {
            out.push_str(&html[range.start..close]);
            out.push_str(&html[close + 4..range.end]);
            *unlinked = None;
        }
        _ => out.push_str(&html[range]),
    }
}

/// Tracks the first paragraph's text and counts words as events go by.
#[derive(Default)]
struct State {
    depth: usize,
    in_first_paragraph: bool,
    first_done: bool,
    /// Inside a block component's body: a box beside the story, whose
    /// paragraphs are not its first.
    in_component: bool,
}

impl State {
    fn observe(&mut self, event: &Event<'_>, out: &mut Converted) {
        match event {
            Event::Start(Tag::Paragraph)
                if self.depth == 0 && !self.first_done && !self.in_component =>
            {
                self.in_first_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) if self.in_first_paragraph && self.depth == 1 => {
                self.in_first_paragraph = false;
                self.first_done = true;
                updates::note_text(out, " ");
            }
            Event::Text(t) | Event::Code(t) => {
                out.word_count += word_count(t);
                if self.in_first_paragraph {
                    out.summary.push_str(t);
                }
                updates::note_text(out, t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.in_first_paragraph {
                    out.summary.push(' ');
                }
                updates::note_text(out, " ");
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => updates::note_text(out, " "),
            _ => {}
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth -= 1,
            _ => {}
        }
    }
}

/// `s.split_ascii_whitespace().count()`: the bytes that start a word,
/// sixteen at a time in fixed-size arrays the compiler turns into vector
/// compares; the splitting iterator made the Markdown stage half as slow again.
fn word_count(s: &str) -> usize {
    let space =
        |c: u8| u8::from((c == b' ') | (c == b'\n') | (c == b'\t') | (c == b'\r') | (c == 0x0c));
    let mut words = 0;
    // Whether the byte before is a space: the text starts after one.
    let mut before = 1;
    for chunk in s.as_bytes().chunks(16) {
        // Padded with spaces, which start no word.
        let mut block = [b' '; 16];
        block[..chunk.len()].copy_from_slice(chunk);
        let spaces: [u8; 16] = block.map(space);
        let prev: [u8; 16] = std::array::from_fn(|i| if i == 0 { before } else { spaces[i - 1] });
        let starts: [u8; 16] = std::array::from_fn(|i| prev[i] & (1 ^ spaces[i]));
        words += usize::from(starts.iter().sum::<u8>());
        before = spaces[chunk.len() - 1];
    }
    words
}

fn take_until_heading_end<'a, I>(
    parser: &mut I,
    source: &Source<'_>,
    state: &mut State,
    out: &mut Converted,
) -> Vec<Event<'a>>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    let mut inner: Vec<Event<'a>> = Vec::new();
    for (event, range) in parser.by_ref() {
        state.observe(&event, out);
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            // An `@/` link of the headline, made a marker as in the body.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) if dest_url.starts_with("@/") && link_type != LinkType::Email => {
                let n = out.links.len();
                out.links.push(LinkRef {
                    reference: dest_url[2..].to_string(),
                    at: source.location(range.start),
                });
                inner.push(Event::Html(link_tag(n, &title).into()));
            }
            other => inner.push(other),
        }
    }
    inner
}

/// The tag pulldown-cmark writes for a link, with the marker of link `n`'s URL.
fn link_tag(n: usize, title: &str) -> String {
    let mut tag = format!("<a href=\"{}", href_marker(n));
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = escape_html(&mut tag, title);
    }
    tag.push_str("\">");
    tag
}

/// Gives the heading opened at `events[start]` its id (the written one, else
/// one made from its text) and adds it to the headings.
fn name_heading<'a>(
    events: &mut [Event<'a>],
    start: usize,
    written: Option<CowStr<'a>>,
    out: &mut Converted,
) {
    let text = heading_text(&events[start + 1..]);
    let id = heading_id(written, &text, &mut out.heading_ids);
    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
        *slot = Some(id.clone().into());
    }
    out.headings.push(Heading {
        level: match &events[start] {
            Event::Start(Tag::Heading { level, .. }) => *level as u8,
            _ => 2,
        },
        id,
        text,
    });
}

/// The plain text of a heading: its text and code, without markup (nor the
/// markers an `@/` link without text leaves for its target's title).
fn heading_text(inner: &[Event<'_>]) -> String {
    let text: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) if !t.starts_with('\0') => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The explicit `{#id}`, else the slug of the heading's text; unique per page.
fn heading_id(explicit: Option<CowStr<'_>>, text: &str, seen: &mut Vec<String>) -> String {
    let base = match explicit {
        Some(id) => id.to_string(),
        None => {
            let slug = slugify(text);
            if slug.is_empty() {
                "section".to_string()
            } else {
                slug
            }
        }
    };
    let mut id = base.clone();
    let mut n = 1;
    while seen.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    seen.push(id.clone());
    id
}

/// Link `l`'s target (its URL carrying the `#anchor`); an anchor is noted for checking, a failure is an error.
fn resolve_link(l: &LinkRef, resolver: &dyn Resolver, out: &mut Rendered) -> Option<Target> {
    let (path, anchor) = match l.reference.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (l.reference.as_str(), None),
    };
    match resolver.resolve(path) {
        Ok(mut target) => {
            if let Some(anchor) = anchor {
                target.url.push('#');
                target.url.push_str(anchor);
                out.anchors.push(AnchorRef {
                    target: target.index,
                    anchor: anchor.to_string(),
                    at: l.at.clone(),
                });
            }
            Some(target)
        }
        Err(Unresolved::Error(message)) => {
            out.errors.push(Diagnostic::error(l.at.clone(), message));
            None
        }
        Err(Unresolved::TargetHasErrors) => None,
        Err(Unresolved::Expired(message)) => {
            let message = format!("{message}: the link is left out, its text kept");
            out.errors.push(Diagnostic::warning(l.at.clone(), message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    struct OneArticle;

    impl Resolver for OneArticle {
        fn resolve(&self, reference: &str) -> Result<Target, Unresolved> {
            match reference {
                "world/x.md" | "world/x" => Ok(Target {
                    index: 7,
                    url: "/world/x/".into(),
                    title: "X & Y's".into(),
                }),
                "world/broken.md" => Err(Unresolved::TargetHasErrors),
                other => Err(Unresolved::Error(format!("no article `{other}`"))),
            }
        }
    }

    /// A body converted, resolved and filled in, boxes left as markers.
    struct Out {
        html: String,
        anchors: Vec<AnchorRef>,
        boxes: Vec<Vec<also_read::BoxItem>>,
        errors: Vec<Diagnostic>,
    }

    fn render_body(body: &str) -> Out {
        let c = convert_body(body);
        let r = resolve(&c, &OneArticle);
        let html = fill::<()>(&c.html, &r.targets, &c.components, |b| match b {
            Block::AlsoRead(n) => Ok(also_read::marker(n)),
            Block::Component(c, body) => Ok(format!("[{}|{}]", c.name, body.unwrap_or_default())),
        })
        .unwrap();
        let mut errors = c.errors;
        errors.extend(r.errors);
        Out {
            html,
            anchors: r.anchors,
            boxes: r.boxes,
            errors,
        }
    }

    fn convert_body(body: &str) -> Converted {
        let source = Source {
            path: Path::new("a.md"),
            body,
            first_line: 5,
        };
        convert(&source)
    }

    /// Links, empty ones (the target's title) and links in a picture's
    /// description come out as pulldown-cmark writes them with the URL in
    /// place, escaped alike; markers a source writes itself are not markers
    /// (NUL becomes U+FFFD).
    #[test]
    fn resolved_links_match_links_written_with_their_url() {
        let written = |url: &str| {
            format!(
                "[a \"q\" <b>](URL \"T & 'x'\") and [](URL)\n\n![pic [in](URL), [](URL) and more](p.png)\n\n\u{0}t0\u{0} {}\n",
                href_marker(0)
            )
            .replace("URL", url)
        };
        let got = render_body(&written("@/world/x.md#part"));
        // The title as a text event, escaped as body text and as an
        // attribute (smart punctuation does not touch it).
        let want =
            written("/world/x/#part").replace("[](/world/x/#part)", "[TITLE](/world/x/#part)");
        let want = pulldown(&want.replace('\0', "\u{FFFD}"))
            .replacen("TITLE", "X &amp; Y's", 1)
            .replacen("TITLE", "X &amp; Y&#39;s", 1);
        assert_eq!(got.html, want);
    }

    fn pulldown(body: &str) -> String {
        let mut html = String::new();
        html::push_html(&mut html, Parser::new_ext(body, options()));
        html
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render_body("## What next?\n\n## What next?\n\n## Custom {#mine}\n");
        let c = convert_body("## What next?\n\n## What next?\n\n## Custom {#mine}\n");
        assert_eq!(c.heading_ids, ["what-next", "what-next-1", "mine"]);
        let levels: Vec<(u8, &str)> = c
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(
            levels,
            [(2, "What next?"), (2, "What next?"), (2, "Custom")]
        );
        assert!(r.html.contains("<h2 id=\"what-next-1\">"));
    }

    #[test]
    fn internal_links_resolve_and_fill_empty_text() {
        let r = render_body("See [](@/world/x.md#part) and [this](@/world/x).\n");
        assert!(
            r.html
                .contains("<a href=\"/world/x/#part\">X &amp; Y's</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<a href=\"/world/x/\">this</a>"));
        assert_eq!(r.anchors[0].anchor, "part");
        assert!(r.errors.is_empty());
    }

    #[test]
    fn broken_link_is_located_in_the_file() {
        let r = render_body("Intro.\n\nSee [x](@/nope.md) and [y](@/world/broken.md).\n");
        assert_eq!(
            r.errors.len(),
            1,
            "none for a target with errors of its own"
        );
        assert_eq!(
            (r.errors[0].location.line, r.errors[0].location.col),
            (7, 5)
        );
    }

    #[test]
    fn also_read_paragraph_becomes_a_box() {
        let r = render_body(
            "Intro.\n\nALSO READ: [](@/world/x.md) and [Mine](https://e.org/a)\n\nMore.\n",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(r.html.contains(&also_read::marker(0)));
        assert!(!r.html.contains("ALSO READ"));
        assert_eq!(r.boxes[0].len(), 2);
        assert_eq!(
            r.boxes[0][0],
            also_read::BoxItem::Article {
                index: 7,
                anchor: None,
                text: None
            }
        );
    }

    #[test]
    fn also_read_without_links_is_an_error() {
        let r = render_body("Also read: nothing here.\n");
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].location.line, 5);
    }

    /// A component line is a block of its own, even right after a list
    /// item; a pull quote's words and a fact box's paragraphs are not the
    /// story's first paragraph, and a block's body keeps its links.
    #[test]
    fn components_stand_apart_from_the_story() {
        let body = "{{ pullquote(text=\"Five words quoted here now\") }}\n{% factbox(title=\"T\") %}\nBox [x](@/world/x.md).\n{% end %}\n- item\n{{ note() }}\n\nStory starts.\n";
        let c = convert_body(body);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.summary, "Story starts.");
        assert_eq!(
            c.word_count, 6,
            "box (3: text events count apart), item, story (2)"
        );
        let r = render_body(body);
        assert_eq!(
            r.html,
            "[pullquote|]\n[factbox|<p>Box <a href=\"/world/x/\">x</a>.</p>\n]\n<ul>\n<li>item</li>\n</ul>\n[note|]\n<p>Story starts.</p>\n"
        );
    }

    #[test]
    fn first_paragraph_and_words() {
        let c = convert_body("# T\n\nOne *two*\nthree.\n\nFour.\n");
        assert_eq!(c.summary, "One two three.");
        assert_eq!(c.word_count, 5);
    }

    /// A 5 MB first paragraph made a 26 MB page: it was the description,
    /// the standfirst and the feed summary, whole.
    #[test]
    fn the_default_summary_is_cut_near_160_characters() {
        let c = convert_body(&format!(
            "{}\n\nSecond.\n",
            "Long words here ".repeat(100_000)
        ));
        assert!(c.summary.ends_with("here…"), "{}", c.summary);
        assert!(c.summary.chars().count() <= 160);
    }

    proptest::proptest! {
        #[test]
        fn word_count_matches_split_ascii_whitespace(s in "(\\PC|[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{3000}]){0,100}") {
            proptest::prop_assert_eq!(word_count(&s), s.split_ascii_whitespace().count());
        }
    }
}
