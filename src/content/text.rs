//! Characters no published file may hold: XML 1.0 forbids the C0 controls
//! but tab, line feed and carriage return (a vertical tab, which word
//! processors paste for a line break, makes every feed invalid XML), and
//! U+FFFE and U+FFFF; HTML also forbids DEL, the C1 controls and the
//! noncharacters. They are dropped from a content file as it is read, each
//! with a warning where it stood, so no stage after it sees one.

use std::borrow::Cow;
use std::path::Path;

use crate::error::{Diagnostic, Location, line_col};

pub(crate) fn forbidden(c: char) -> bool {
    let n = u32::from(c);
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// Whether a byte may start a forbidden character: a control byte, or the
/// lead byte of a C1 control (0xC2), of U+FDD0 to U+FFFF (0xEF) or of a
/// character past U+FFFF. A cheap test over every byte of every file, so
/// that only files with such bytes are read character by character.
fn suspect(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || b == 0x7F
        || b == 0xC2
        || b == 0xEF
        || b >= 0xF0
}

/// `text` without the forbidden characters, and a warning for each.
pub(crate) fn clean<'a>(path: &Path, text: &'a str) -> (Cow<'a, str>, Vec<Diagnostic>) {
    let any = text.bytes().fold(false, |found, b| found | suspect(b));
    if !any || !text.chars().any(forbidden) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut warnings = Vec::new();
    let mut kept = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if forbidden(c) {
            let (line, col) = line_col(text, at);
            warnings.push(Diagnostic::warning(
                Location::at(path, line, col),
                format!(
                    "removed the control character U+{:04X}, which web pages and feeds may not contain (pasted from a word processor?)",
                    u32::from(c)
                ),
            ));
        } else {
            kept.push(c);
        }
    }
    (Cow::Owned(kept), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vertical_tab_is_dropped_and_located() {
        let (text, warnings) = clean(Path::new("a.md"), "one\ntwo\u{b}three\u{85}\n");
        assert_eq!(text, "one\ntwothree\n");
        let at: Vec<(usize, usize)> = warnings
            .iter()
            .map(|w| (w.location.line, w.location.col))
            .collect();
        assert_eq!(at, [(2, 4), (2, 10)]);
    }

    proptest::proptest! {
        /// Only forbidden characters go, and nothing forbidden stays.
        #[test]
        fn only_forbidden_characters_are_dropped(s in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{fdd0}\u{fffe}\u{ffff}\u{1fffe}é ])*") {
            let (text, warnings) = clean(Path::new("a.md"), &s);
            let want: String = s.chars().filter(|c| !forbidden(*c)).collect();
            proptest::prop_assert_eq!(&*text, want.as_str());
            proptest::prop_assert_eq!(warnings.len(), s.chars().filter(|c| forbidden(*c)).count());
            let left = text.contains(['\u{b}', '\u{0}', '\u{fffe}']);
            proptest::prop_assert!(!left);
        }
    }
}
