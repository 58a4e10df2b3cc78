//! The text side of relatedness: TF-IDF over title (x3), standfirst (x2)
//! and the start of the body, stop words removed. Terms are 64-bit hashes
//! of their lowercase form, so counting never allocates a string.

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::Hasher;

use rayon::prelude::*;

use crate::content::Article;

/// Terms kept per article.
const TOP_TERMS: usize = 12;

/// How much of the body is read: news puts the who, what and where in the
/// first paragraphs, and this bounds the work per article.
const BODY_BYTES: usize = 1000;

/// Each article's strongest terms, and for each term the articles holding it.
pub(crate) struct TextModel {
    /// Per article: (term id, L2-normalised weight).
    pub(crate) docs: Vec<Vec<(u32, f32)>>,
    /// Per term: (article, weight), ascending article index.
    pub(crate) postings: Vec<Vec<(u32, f32)>>,
}

impl TextModel {
    pub(crate) fn build(articles: &[Article]) -> Self {
        let counts: Vec<&[Count]> = articles.iter().map(|a| &*a.terms.0).collect();
        let df = document_frequencies(&counts);
        let n = articles.len() as f32;
        // Once per term, not once per term of each article.
        let idfs: FxHashMap<u64, f32> = df.iter().map(|(&t, &d)| (t, idf(d, n))).collect();
        let tops: Vec<Vec<(u64, f32)>> = counts
            .par_iter()
            .map(|c| top_terms(c, |t| idfs[&t]))
            .collect();
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let docs: Vec<Vec<(u32, f32)>> = tops
            .iter()
            .map(|top| {
                top.iter()
                    .map(|&(t, w)| {
                        let next = ids.len() as u32;
                        (*ids.entry(t).or_insert(next), w)
                    })
                    .collect()
            })
            .collect();
        let postings = postings(&docs, ids.len());
        TextModel { docs, postings }
    }
}

/// How many articles hold each term: counted per thread, then merged.
fn document_frequencies(counts: &[&[Count]]) -> FxHashMap<u64, u32> {
    let count = |mut df: FxHashMap<u64, u32>, terms: &&[Count]| {
        for c in terms.iter() {
            *df.entry(c.term()).or_default() += 1;
        }
        df
    };
    let merge = |a: FxHashMap<u64, u32>, b: FxHashMap<u64, u32>| {
        let (small, mut large) = if a.len() < b.len() { (a, b) } else { (b, a) };
        for (t, d) in small {
            *large.entry(t).or_default() += d;
        }
        large
    };
    counts
        .par_iter()
        .fold(FxHashMap::default, count)
        .reduce(FxHashMap::default, merge)
}

/// Per term, the articles holding it (ascending) and its weight in each.
/// Each list is made at its final size, counted first, as this step runs on
/// one thread.
fn postings(docs: &[Vec<(u32, f32)>], terms: usize) -> Vec<Vec<(u32, f32)>> {
    let mut lengths = vec![0usize; terms];
    for &(id, _) in docs.iter().flatten() {
        lengths[id as usize] += 1;
    }
    let mut postings: Vec<Vec<(u32, f32)>> = lengths.into_iter().map(Vec::with_capacity).collect();
    for (doc, terms) in docs.iter().enumerate() {
        for &(id, w) in terms {
            postings[id as usize].push((doc as u32, w));
        }
    }
    postings
}

/// A term's inverse document frequency among `n` articles, or 0 for a
/// term that carries no signal: one in one article only, or in more than
/// half of them.
fn idf(df: u32, n: f32) -> f32 {
    let d = df as f32;
    if d > 1.0 && d <= n * 0.5 {
        (n / d).ln()
    } else {
        0.0
    }
}

/// `1 + ln(tf)`; counts are small whole numbers, looked up in a table.
fn tf_weight(tf: f32) -> f32 {
    const SMALL: usize = 64;
    static TABLE: std::sync::LazyLock<[f32; SMALL]> =
        std::sync::LazyLock::new(|| std::array::from_fn(|i| 1.0 + (i as f32).ln()));
    let i = tf as usize;
    if i < SMALL && i as f32 == tf {
        TABLE[i]
    } else {
        1.0 + tf.ln()
    }
}

/// The strongest terms by TF-IDF, L2-normalised, given each term's idf.
fn top_terms(counts: &[Count], idf: impl Fn(u64) -> f32) -> Vec<(u64, f32)> {
    let mut weighted: Vec<(u64, f32)> = counts
        .iter()
        .filter_map(|c| {
            let idf = idf(c.term());
            (idf > 0.0).then(|| (c.term(), tf_weight(c.count()) * idf))
        })
        .collect();
    let by_weight = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if weighted.len() > TOP_TERMS {
        weighted.select_nth_unstable_by(TOP_TERMS, by_weight);
        weighted.truncate(TOP_TERMS);
        // Kept for the whole stage, by every article: not all its terms' room.
        weighted.shrink_to_fit();
    }
    weighted.sort_unstable_by(by_weight);
    let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        weighted.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    weighted
}

/// A term and its weighted count in one word: the term is the top 48 bits
/// of its hash, the count the low 16 (saturating). Every article's counts
/// are held at once, and this is half the room of a (hash, `f32`) pair.
/// Terms sort as their full hashes do; two words share a term only if
/// their hashes agree in all 48 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Count(u64);

/// As 8 bytes: postcard would write the hash as a varint of 10.
impl serde::Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.to_le_bytes().serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        <[u8; 8]>::deserialize(d).map(|b| Count(u64::from_le_bytes(b)))
    }
}

impl Count {
    const LOW: u64 = 0xFFFF;

    fn new(term: u64, count: u16) -> Self {
        Count(term | u64::from(count))
    }

    fn term(self) -> u64 {
        self.0 & !Self::LOW
    }

    fn count(self) -> f32 {
        (self.0 & Self::LOW) as f32
    }
}

/// An article's weighted term counts, in no particular order (document
/// frequencies and the top terms do not depend on it). They need only the
/// file, so they are counted when it is parsed.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Terms(std::sync::Arc<[Count]>);

impl Terms {
    pub(crate) fn count(title: &str, summary: Option<&str>, body: &str) -> Terms {
        Terms(term_counts(title, summary, body).into())
    }
}

fn term_counts(title: &str, summary: Option<&str>, body: &str) -> Vec<Count> {
    let mut end = body.len().min(BODY_BYTES);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let summary = summary.unwrap_or("");
    let mut counts: FxHashMap<u64, u16> =
        FxHashMap::with_capacity_and_hasher(256, Default::default());
    for (text, weight) in [(title, 3), (summary, 2), (&body[..end], 1)] {
        for_each_token(text, |h| {
            let c = counts.entry(h & !Count::LOW).or_default();
            *c = c.saturating_add(weight);
        });
    }
    counts.into_iter().map(|(t, c)| Count::new(t, c)).collect()
}

/// Calls `f` with the hash of each lowercase word of 3+ letters that is not
/// a stop word or a number, skipping the targets of Markdown links
/// (`](https://...)`). Every byte of a multi-byte character counts as a
/// letter; such words are cut at their first non-alphanumeric character.
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(u64)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            if b[i] == b'(' && i > 0 && b[i - 1] == b']' {
                i = memchr::memchr(b')', &b[i..]).map_or(b.len(), |e| i + e);
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        let mut word = &text[start..i];
        if !word.is_ascii() {
            (word, i) = word_at(text, start, i);
        }
        if keep(word) {
            let h = hash_lowercase(word);
            if !stop_words().contains(&h) {
                f(h);
            }
        }
    }
}

fn is_word(c: u8) -> bool {
    WORD_BYTE[usize::from(c)]
}

/// A word with multi-byte characters, cut at its first character that is
/// not alphanumeric; and where scanning goes on.
fn word_at(text: &str, start: usize, end: usize) -> (&str, usize) {
    let word = &text[start..end];
    match word.char_indices().find(|(_, c)| !c.is_alphanumeric()) {
        Some((p, ch)) => (&word[..p], start + p + ch.len_utf8()),
        None => (word, end),
    }
}

fn keep(word: &str) -> bool {
    word.len() >= 3 && !word.bytes().all(|c| c.is_ascii_digit())
}

/// ASCII letters and digits, and every byte of a multi-byte character.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b >= 0x80;
        c += 1;
    }
    table
};

/// Words longer than this are hashed through `to_lowercase`.
const SHORT_WORD: usize = 32;

fn hash_lowercase(word: &str) -> u64 {
    if word.is_ascii() && word.len() <= SHORT_WORD {
        // Lowercased on the stack.
        let mut buf = [0u8; SHORT_WORD];
        for (d, c) in buf.iter_mut().zip(word.bytes()) {
            *d = c.to_ascii_lowercase();
        }
        hash_lowered(&buf[..word.len()])
    } else {
        hash_lowered(word.to_lowercase().as_bytes())
    }
}

/// The term of a word already in lowercase.
fn hash_lowered(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

fn stop_words() -> &'static FxHashSet<u64> {
    static SET: std::sync::OnceLock<FxHashSet<u64>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().map(|w| hash_lowercase(w)).collect())
}

/// Common English words that say nothing about a story.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "and",
    "any",
    "are",
    "around",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "can",
    "could",
    "did",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "http",
    "https",
    "into",
    "its",
    "itself",
    "just",
    "like",
    "more",
    "most",
    "much",
    "must",
    "not",
    "now",
    "off",
    "once",
    "one",
    "only",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "since",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "too",
    "under",
    "until",
    "very",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "www",
    "yet",
    "you",
    "your",
    "yours",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Title words count 3, standfirst words 2, body words 1; a count
    /// stops at its 16 bits; terms sort as the full hashes of their words.
    #[test]
    fn counts_weigh_title_standfirst_and_body_and_saturate() {
        let word = |w: &str| hash_lowercase(w) & !Count::LOW;
        let summary = "tariff ".repeat(40_000);
        let text = format!(
            "+++\ntitle = \"Tariff talks\"\ndate = 2025-09-03T09:00:00Z\nsummary = \"{summary}\"\n+++\n\nTalks resume.\n"
        );
        let config = crate::Config::parse(std::path::Path::new("."), "", None).unwrap();
        let path = std::path::Path::new("content/a.md");
        let a = Article::parse("a.md", path, &text, &config).unwrap();
        let mut counts = term_counts(&a.title, a.summary.as_deref(), "Talks resume.");
        counts.sort_by_key(|c| c.term());
        let got: Vec<(u64, f32)> = counts.iter().map(|c| (c.term(), c.count())).collect();
        let mut want = vec![
            (word("tariff"), f32::from(u16::MAX)),
            (word("talks"), 4.0),
            (word("resume"), 1.0),
        ];
        want.sort_by_key(|w| w.0);
        assert_eq!(got, want);
        let full = |w: &str| hash_lowercase(w);
        assert_eq!(
            full("tariff").cmp(&full("talks")),
            word("tariff").cmp(&word("talks"))
        );
    }

    /// Each term's list holds, in article order, every article naming it
    /// with that article's weight, and no room to spare.
    #[test]
    fn postings_list_each_terms_articles_in_order_at_their_final_size() {
        let docs = vec![
            vec![(1, 0.5), (0, 0.25)],
            vec![],
            vec![(0, 1.0)],
            vec![(2, 0.75), (1, 0.125)],
        ];
        let lists = postings(&docs, 3);
        assert_eq!(
            lists,
            [
                vec![(0, 0.25), (2, 1.0)],
                vec![(0, 0.5), (3, 0.125)],
                vec![(3, 0.75)],
            ]
        );
        assert!(lists.iter().all(|l| l.capacity() == l.len()));
    }

    #[test]
    fn tokens_skip_stop_words_numbers_and_link_targets() {
        let text = "The Parade (in [Beijing](https://example.com/x)) drew 2025 crowds; Tiananmen! Japan’s Zürich";
        let mut got = Vec::new();
        for_each_token(text, |h| got.push(h));
        let want: Vec<u64> = [
            "parade",
            "beijing",
            "drew",
            "crowds",
            "tiananmen",
            "japan",
            "zürich",
        ]
        .iter()
        .map(|w| hash_lowercase(w))
        .collect();
        assert_eq!(got, want);
        assert_eq!(hash_lowercase("Beijing"), hash_lowercase("beijing"));
        assert_eq!(hash_lowercase("ZÜRICH"), hash_lowercase("zürich"));
    }
}
