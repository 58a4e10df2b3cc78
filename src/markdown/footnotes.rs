//! Footnotes drawn with links both ways: each reference links to its note
//! and each note back to every reference. Ids are `fn-N` and `fnref-N`
//! (`fnref-N-2` for a second reference), numbered as the notes are, and
//! yield to the page's heading ids (`fn-1-1` beside a heading "fn 1"), so
//! no id is on a page twice; pulldown-cmark used the raw label, which a
//! heading could have too.

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag, TagEnd};
use rustc_hash::FxHashMap;

/// One footnote: its number, id and the ids of its references.
#[derive(Default)]
struct Note {
    number: usize,
    id: String,
    refs: Vec<String>,
}

/// The notes, numbered from 1, and each label's index among them.
struct Notes {
    list: Vec<Note>,
    by_label: FxHashMap<String, usize>,
}

impl Notes {
    fn get(&self, label: &str) -> Option<&Note> {
        self.by_label.get(&fold(label)).map(|&i| &self.list[i])
    }
}

/// A label as pulldown-cmark matches it: `[^Note]` refers to `[^note]:`.
fn fold(label: &str) -> String {
    label.to_lowercase()
}

/// `events` with the footnote references and definitions drawn; headings
/// keep their ids, `heading_ids`.
pub(super) fn rewrite<'a>(events: Vec<Event<'a>>, heading_ids: &[String]) -> Vec<Event<'a>> {
    let mut notes = number(&events);
    if notes.list.is_empty() {
        return events;
    }
    give_ids(&mut notes.list, heading_ids);
    let mut out = Vec::with_capacity(events.len());
    let mut used: Vec<usize> = vec![0; notes.list.len()];
    let mut open: Vec<&Note> = Vec::new();
    for event in events {
        match event {
            Event::FootnoteReference(label) => match notes.get(&label) {
                Some(n) => {
                    used[n.number - 1] += 1;
                    out.push(Event::InlineHtml(reference(n, used[n.number - 1]).into()));
                }
                None => out.push(Event::FootnoteReference(label)),
            },
            Event::Start(Tag::FootnoteDefinition(label)) => match notes.get(&label) {
                Some(n) => {
                    open.push(n);
                    out.push(Event::Html(definition_start(n).into()));
                }
                None => out.push(Event::Start(Tag::FootnoteDefinition(label))),
            },
            Event::End(TagEnd::FootnoteDefinition) => match open.pop() {
                Some(n) => close_definition(n, &mut out),
                None => out.push(Event::End(TagEnd::FootnoteDefinition)),
            },
            other => out.push(other),
        }
    }
    out
}

/// The notes in the order pulldown-cmark numbers them (the first mention,
/// reference or definition), each with a slot per reference.
fn number(events: &[Event<'_>]) -> Notes {
    let mut notes = Notes {
        list: Vec::new(),
        by_label: FxHashMap::default(),
    };
    for event in events {
        let (label, is_ref) = match event {
            Event::FootnoteReference(l) => (l, true),
            Event::Start(Tag::FootnoteDefinition(l)) => (l, false),
            _ => continue,
        };
        let next = notes.list.len();
        let i = *notes.by_label.entry(fold(label)).or_insert(next);
        if i == next {
            let number = next + 1;
            notes.list.push(Note {
                number,
                ..Note::default()
            });
        }
        if is_ref {
            notes.list[i].refs.push(String::new());
        }
    }
    notes
}

/// Ids for every note and reference, none of them a heading's or another's.
fn give_ids(notes: &mut [Note], heading_ids: &[String]) {
    let mut taken: HashSet<String> = heading_ids.iter().cloned().collect();
    let mut unique = |base: String| {
        let mut id = base.clone();
        let mut n = 1;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        id
    };
    for note in notes {
        let n = note.number;
        note.id = unique(format!("fn-{n}"));
        for (k, r) in note.refs.iter_mut().enumerate() {
            *r = unique(match k {
                0 => format!("fnref-{n}"),
                _ => format!("fnref-{n}-{}", k + 1),
            });
        }
    }
}

/// The `k`th reference (from 1) to note `n`.
fn reference(n: &Note, k: usize) -> String {
    let id = n.refs.get(k - 1).map_or("", String::as_str);
    format!(
        "<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"#{}\">{}</a></sup>",
        n.id, n.number
    )
}

fn definition_start(n: &Note) -> String {
    format!(
        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{}</sup>",
        n.id, n.number
    )
}

/// Back-links to each reference, inside the note's last paragraph when it
/// ends with one, so they sit on its last line.
fn close_definition(n: &Note, out: &mut Vec<Event<'_>>) {
    let mut links = String::new();
    for (k, r) in n.refs.iter().enumerate() {
        let (label, mark) = match k {
            0 => (n.number.to_string(), String::new()),
            _ => (
                format!("{}-{}", n.number, k + 1),
                format!("<sup>{}</sup>", k + 1),
            ),
        };
        // U+FE0E: the arrow as text, not as an emoji.
        links.push_str(&format!(
            " <a href=\"#{r}\" class=\"footnote-backref\" aria-label=\"Back to reference {label}\">\u{21a9}\u{fe0e}{mark}</a>"
        ));
    }
    let paragraph_end = matches!(out.last(), Some(Event::End(TagEnd::Paragraph)));
    if paragraph_end {
        out.pop();
        out.push(Event::InlineHtml(links.into()));
        out.push(Event::End(TagEnd::Paragraph));
    } else if !links.is_empty() {
        out.push(Event::Html(links.into()));
    }
    out.push(Event::Html("</div>\n".into()));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use scraper::{Html, Selector};

    use crate::markdown::{Source, convert};

    fn html(body: &str) -> Html {
        let source = Source {
            path: Path::new("a.md"),
            body,
            first_line: 1,
        };
        Html::parse_fragment(&convert(&source).html)
    }

    fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        let found = html.select(&sel).filter_map(|e| e.value().attr(attr));
        found.map(str::to_string).collect()
    }

    #[test]
    fn notes_and_references_link_each_other_apart_from_headings() {
        let h = html(
            "## fn 1\n\nOne[^a], two[^b] and one again[^a].\n\n## Footnotes\n\n[^a]: The first.\n\n[^b]: The second.\n",
        );
        // The heading "fn 1" keeps `fn-1`; the first note yields.
        assert_eq!(
            attrs(&h, "[id]", "id"),
            [
                "fn-1",
                "fnref-1",
                "fnref-2",
                "fnref-1-2",
                "footnotes",
                "fn-1-1",
                "fn-2"
            ]
        );
        assert_eq!(
            attrs(&h, ".footnote-reference a", "href"),
            ["#fn-1-1", "#fn-2", "#fn-1-1"]
        );
        let back = attrs(&h, "#fn-1-1 a.footnote-backref", "href");
        assert_eq!(back, ["#fnref-1", "#fnref-1-2"]);
        assert_eq!(
            attrs(&h, "#fn-2 p a", "href"),
            ["#fnref-2"],
            "inside the paragraph"
        );
    }

    /// pulldown-cmark matches labels in any case; the ids must too.
    #[test]
    fn a_label_in_another_case_links_to_its_note() {
        let h = html("See this[^Note].\n\n[^note]: The note.\n");
        assert_eq!(attrs(&h, ".footnote-reference a", "href"), ["#fn-1"]);
        assert_eq!(attrs(&h, "#fn-1 a.footnote-backref", "href"), ["#fnref-1"]);
    }

    #[test]
    fn a_body_without_notes_is_untouched_and_an_unknown_label_stays_text() {
        let h = html("No notes[^x] here.\n");
        assert!(attrs(&h, "[id]", "id").is_empty());
        let text: String = h.root_element().text().collect();
        assert!(text.contains("[^x]"), "{text}");
    }
}
