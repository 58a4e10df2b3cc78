//! The default summary: the first paragraph's text, cut near 160
//! characters at a word boundary, so a page's description, its feed items
//! and the cards that list it stay short whatever the body holds.

/// The longest default summary, in characters, the ellipsis included:
/// about what search results show of a description.
pub(crate) const MAX_CHARS: usize = 160;

/// What the cut text may not end with before "…": a stop or a comma
/// before it reads as a typo, an opening bracket or quote as a fault.
const PUNCTUATION_BEFORE_ELLIPSIS: &[char] = &[
    '.', '…', ',', ';', ':', '-', '–', '—', '(', '[', '“', '‘', '"',
];

/// `text` (trimmed) if it has at most [`MAX_CHARS`] characters; else its
/// start up to the last word boundary that leaves room for "…", and "…".
pub(crate) fn cut(text: &str) -> String {
    let text = text.trim();
    // Where the 160th character starts: the 159 before it are the room beside "…".
    let Some((limit, _)) = text.char_indices().nth(MAX_CHARS - 1) else {
        return text.to_string();
    };
    if text[limit..].chars().nth(1).is_none() {
        return text.to_string();
    }
    let head = &text[..limit];
    let at = if text[limit..].starts_with(char::is_whitespace) {
        limit
    } else {
        word_start(head).unwrap_or(limit)
    };
    let kept = text[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || PUNCTUATION_BEFORE_ELLIPSIS.contains(&c));
    format!("{kept}…")
}

/// Where the last word of `head` starts (the space before it), unless
/// that drops more than half of `head`: a long URL or a text without spaces
/// (Chinese, Japanese) is cut where the room ends instead.
fn word_start(head: &str) -> Option<usize> {
    let at = head.rfind(char::is_whitespace)?;
    (head[..at].chars().count() >= MAX_CHARS / 2).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(cut("  One short paragraph. "), "One short paragraph.");
        let exact = "x".repeat(MAX_CHARS);
        assert_eq!(cut(&exact), exact);
    }

    #[test]
    fn long_text_is_cut_before_the_word_the_limit_falls_in() {
        let text = "word ".repeat(100);
        let got = cut(&text);
        assert!(got.ends_with("word…"), "{got}");
        assert!(got.chars().count() <= MAX_CHARS, "{}", got.chars().count());
        assert!(
            got.chars().count() > MAX_CHARS - 6,
            "{}",
            got.chars().count()
        );
        let comma = format!("{}, {}", "x".repeat(155), "y".repeat(20));
        assert_eq!(
            cut(&comma),
            format!("{}…", "x".repeat(155)),
            "no comma before …"
        );
        let stop = format!("{}. {}", "x".repeat(155), "y".repeat(20));
        assert_eq!(
            cut(&stop),
            format!("{}…", "x".repeat(155)),
            "no stop before …"
        );
    }

    #[test]
    fn text_without_spaces_is_cut_at_the_limit_on_a_character_boundary() {
        let text = "北京".repeat(200);
        let got = cut(&text);
        assert_eq!(got.chars().count(), MAX_CHARS);
        assert!(got.ends_with('…'));
    }

    proptest::proptest! {
        /// Never longer than the limit, and always the start of the text.
        #[test]
        fn cut_is_a_short_prefix(s in "(\\PC|[ \n]){0,400}") {
            let got = cut(&s);
            proptest::prop_assert!(got.chars().count() <= MAX_CHARS);
            let body = got.strip_suffix('…').unwrap_or(&got);
            proptest::prop_assert!(s.trim().starts_with(body));
        }
    }
}
