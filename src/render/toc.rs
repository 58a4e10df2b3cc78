//! An article's table of contents: its headings nested by level, and
//! whether the theme is asked to show it.

use serde::Serialize;

use crate::markdown::Heading;

/// One heading of the table of contents, with the headings under it.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub(crate) struct TocEntry<'a> {
    pub(crate) text: &'a str,
    pub(crate) id: &'a str,
    pub(crate) level: u8,
    pub(crate) children: Vec<TocEntry<'a>>,
}

/// The headings nested: each under the nearest heading before it of a
/// higher rank (`h3` under `h2`). Headings without text (a picture alone)
/// are left out, as a link needs words.
pub(crate) fn entries(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let named: Vec<&Heading> = headings.iter().filter(|h| !h.text.is_empty()).collect();
    let mut next = 0;
    nest(&named, &mut next, 0)
}

/// The entries from `next` on that are deeper than `above`, with theirs.
fn nest<'a>(headings: &[&'a Heading], next: &mut usize, above: u8) -> Vec<TocEntry<'a>> {
    let mut out = Vec::new();
    while let Some(h) = headings.get(*next).filter(|h| h.level > above) {
        *next += 1;
        out.push(TocEntry {
            text: &h.text,
            id: &h.id,
            level: h.level,
            children: nest(headings, next, h.level),
        });
    }
    out
}

/// Whether an article is long enough for the table of contents: at least
/// `min` h2 and h3 headings, `min` being `[theme] toc_min_headings` (0: never).
pub(crate) fn shown(headings: &[Heading], min: usize) -> bool {
    let sections = headings.iter().filter(|h| matches!(h.level, 2 | 3));
    min > 0 && sections.count() >= min
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> Heading {
        let id = text.to_lowercase();
        Heading {
            level,
            id,
            text: text.to_string(),
        }
    }

    /// `(level, text)` of the entries, depth first, each indented by depth.
    fn outline(entries: &[TocEntry<'_>], depth: usize, out: &mut Vec<String>) {
        for e in entries {
            out.push(format!("{}{} {}", "  ".repeat(depth), e.level, e.text));
            outline(&e.children, depth + 1, out);
        }
    }

    #[test]
    fn headings_nest_under_the_nearest_higher_one() {
        let hs = [
            h(3, "Before"),
            h(2, "A"),
            h(3, "A1"),
            h(4, "A1x"),
            h(3, "A2"),
            h(2, ""),
            h(2, "B"),
            h(4, "B-deep"),
            h(3, "B1"),
        ];
        let mut got = Vec::new();
        outline(&entries(&hs), 0, &mut got);
        let want = [
            "3 Before",
            "2 A",
            "  3 A1",
            "    4 A1x",
            "  3 A2",
            "2 B",
            "  4 B-deep",
            "  3 B1",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn the_table_is_shown_from_the_threshold_on_h2_and_h3_only() {
        let hs = [h(2, "A"), h(4, "a"), h(3, "B"), h(1, "C")];
        assert!(shown(&hs, 2));
        assert!(!shown(&hs, 3), "h1 and h4 do not count");
        assert!(!shown(&hs, 0), "0 is never");
        assert!(!shown(&[], 0));
    }
}
