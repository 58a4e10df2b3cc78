//! "Did you mean" suggestions: the closest of some known names to a name
//! that matched none of them.

/// The candidate most like `word` (Jaro-Winkler similarity above `min`,
/// 0 to 1), if any; ties go to the first in sorted order, so the same
/// suggestion comes on every run.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    min: f64,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > min)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The candidate `word` is a typo of: one edit away (a letter added,
/// dropped, changed, or two swapped), or two for names longer than 12
/// letters. Stricter than [`nearest`], because a miss here is no error
/// (two people may have similar names) and a warning must be worth reading.
pub(crate) fn typo_of<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = match word.chars().count() {
        0..=4 => return None,
        5..=12 => 1,
        _ => 2,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| (1..=allowed).contains(d))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_picks_the_closest_above_the_threshold() {
        let keys = ["title", "category", "tags"];
        assert_eq!(nearest("categroy", keys, 0.8), Some("category"));
        assert_eq!(nearest("zzz", keys, 0.8), None);
    }

    #[test]
    fn typos_are_one_or_two_edits_and_short_names_never_match() {
        let ids = ["jane-smith", "mei-lin", "li"];
        assert_eq!(typo_of("jane-smtih", ids), Some("jane-smith"));
        assert_eq!(
            typo_of("jane-smith", ids),
            None,
            "an exact match is no typo"
        );
        assert_eq!(typo_of("john-smith", ids), None);
        assert_eq!(typo_of("lu", ids), None);
        let long = ["alexandra-papadopoulou"];
        assert_eq!(
            typo_of("alexandra-papadopolou", long),
            Some("alexandra-papadopoulou")
        );
        assert_eq!(typo_of("alexandra-papadoplu", long), None, "three edits");
    }
}
