//! Inline "also read" boxes: a paragraph that begins with `Also read:` (any
//! case) and links to one or more articles becomes a box drawn by the
//! theme's `partials/also_read.html` at render time. Here the paragraph is
//! replaced by a marker the source can never contain (`convert` turns
//! NUL into U+FFFD), and its links are resolved and checked.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Converted, LinkRef, Source, Target};
use crate::error::Diagnostic;

/// One entry of a box as written: a link to an article (`links[link]`
/// of the body) or to another site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum BoxRef {
    Article {
        link: usize,
        /// The link text, when the editor wrote one (else the title is shown).
        text: Option<String>,
    },
    External {
        title: String,
        url: String,
    },
}

/// One entry of a box, in the editor's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BoxItem {
    Article {
        index: usize,
        /// `#anchor`, if the link had one.
        anchor: Option<String>,
        /// The link text, when the editor wrote one (else the title is shown).
        text: Option<String>,
    },
    External {
        title: String,
        url: String,
    },
}

const PREFIX: &str = "also read:";

/// How a box's marker starts, inside its NULs.
pub(crate) const MARKER: &str = "also-read:";

/// The marker standing for box `n` in the rendered HTML.
pub(crate) fn marker(n: usize) -> String {
    format!("\0{MARKER}{n}\0")
}

/// Does the paragraph whose first event is `first` open with "Also read:"?
pub(crate) fn starts(first: Option<&(Event<'_>, Range<usize>)>) -> bool {
    match first {
        Some((Event::Text(t), _)) => {
            let t = t.trim_start();
            t.len() >= PREFIX.len()
                && t.is_char_boundary(PREFIX.len())
                && t[..PREFIX.len()].eq_ignore_ascii_case(PREFIX)
        }
        _ => false,
    }
}

/// Consumes the paragraph (after its start) and pushes the box marker.
pub(crate) fn take<'a, I>(
    parser: &mut I,
    start: usize,
    source: &Source<'_>,
    out: &mut Converted,
    events: &mut Vec<Event<'a>>,
) where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let mut items = Vec::new();
    let mut link: Option<(String, usize, String)> = None;
    for (event, range) in parser.by_ref() {
        match event {
            Event::End(TagEnd::Paragraph) => break,
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), range.start, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut link {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, at, text)) = link.take() {
                    items.extend(item(&url, at, text, source, out));
                }
            }
            _ => {}
        }
    }
    if items.is_empty() {
        out.errors.push(Diagnostic::error(
            source.location(start),
            "an \"Also read:\" paragraph needs at least one link, e.g. `Also read: [](@/world/article.md)`",
        ));
        return;
    }
    events.push(Event::Html(marker(out.boxes.len()).into()));
    out.boxes.push(items);
}

fn item(
    url: &str,
    at: usize,
    text: String,
    source: &Source<'_>,
    out: &mut Converted,
) -> Option<BoxRef> {
    let text = Some(text.trim().to_string()).filter(|t| !t.is_empty());
    if let Some(reference) = url.strip_prefix("@/") {
        out.links.push(LinkRef {
            reference: reference.to_string(),
            at: source.location(at),
        });
        return Some(BoxRef::Article {
            link: out.links.len() - 1,
            text,
        });
    }
    if crate::content::publishing::is_absolute_url(url) {
        return Some(BoxRef::External {
            title: text.unwrap_or_else(|| url.to_string()),
            url: url.to_string(),
        });
    }
    out.errors.push(Diagnostic::error(
        source.location(at),
        format!(
            "\"Also read\" links must name an article (`@/path.md`) or an absolute URL, not `{url}`"
        ),
    ));
    None
}

/// A box's entries, given the targets of the body's links (`None` for a
/// link that did not resolve, which is reported already).
pub(crate) fn resolve(
    items: &[BoxRef],
    links: &[LinkRef],
    targets: &[Option<Target>],
) -> Vec<BoxItem> {
    let entry = |item: &BoxRef| match item {
        BoxRef::Article { link, text } => {
            // `get`: an index out of range (in a cache file written by hand)
            // leaves the entry out rather than stopping the build.
            let target = targets.get(*link)?.as_ref()?;
            let anchor = links.get(*link)?.reference.split_once('#');
            Some(BoxItem::Article {
                index: target.index,
                anchor: anchor.map(|(_, a)| a.to_string()),
                text: text.clone(),
            })
        }
        BoxRef::External { title, url } => Some(BoxItem::External {
            title: title.clone(),
            url: url.clone(),
        }),
    };
    items.iter().filter_map(entry).collect()
}
