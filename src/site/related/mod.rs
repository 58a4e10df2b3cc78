//! Computed "also read": the articles most related to each article.
//!
//! 1. Text model: TF-IDF over title (x3), standfirst (x2) and body, stop
//!    words removed; each article keeps its strongest terms, L2-normalised.
//! 2. Inverted lists, newest first: one per term, category, tag and author.
//! 3. For each article, walk only the nearest entries (in time) of its own
//!    lists and accumulate the shared category, tags, authors and text.
//!    Nothing compares every pair of articles: the work per article is
//!    bounded by `WINDOW` entries per list.
//! 4. Score = weighted sum x recency decay (half-life); keep the best,
//!    ties broken by date then path (the site order).

use rayon::prelude::*;
use serde::Serialize;

mod text;

pub(crate) use text::Terms;

use super::RelatedEntry;
use super::taxonomy::{ArticleTerms, Taxonomies};
use crate::config::RelatedConfig;
use crate::content::Article;

/// Entries walked per list and direction.
const WINDOW: usize = 32;

/// Why one article was chosen for another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Parts {
    /// The shared category, weighted.
    pub category: f64,
    /// The shared tags, weighted.
    pub tags: f64,
    /// The shared authors, weighted.
    pub authors: f64,
    /// The text similarity, weighted.
    pub text: f64,
    /// The recency factor (1 = same day, 0.5 = one half-life apart).
    pub recency: f64,
}

/// A computed related article.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scored {
    /// Its index in the site's list.
    pub article: usize,
    /// The sum of the weighted parts times the recency factor; higher is closer.
    pub score: f64,
    /// What the score is made of.
    pub parts: Parts,
}

/// The computed list of each article (articles in site order: newest first).
pub fn compute(
    articles: &[Article],
    tax: &Taxonomies,
    explicit: &[Vec<RelatedEntry>],
    cfg: &RelatedConfig,
) -> Vec<Vec<Scored>> {
    if cfg.count == 0 || articles.len() < 2 {
        return vec![Vec::new(); articles.len()];
    }
    let text = text::TextModel::build(articles);
    let ctx = Ctx::new(articles, tax, &text, explicit, cfg);
    // Each rayon job gets a scratch the size of the site: keep jobs to a
    // handful per thread, not as many as rayon could split into.
    let min_len = articles.len().div_ceil(16 * rayon::current_num_threads());
    (0..articles.len())
        .into_par_iter()
        .with_min_len(min_len.max(1))
        .map_init(|| Scratch::new(articles.len()), |s, i| ctx.best_for(i, s))
        .collect()
}

/// What scoring reads, in compact arrays: candidates are touched by the
/// thousand per article, so their data must not be spread over `Article`s.
pub(crate) struct Ctx<'a> {
    seconds: Vec<i64>,
    draft: Vec<bool>,
    tax: &'a Taxonomies,
    text: &'a text::TextModel,
    explicit: &'a [Vec<RelatedEntry>],
    cfg: &'a RelatedConfig,
    weights: [f32; 4],
}

#[derive(Clone, Copy, Default)]
struct Acc {
    category: f32,
    tags: f32,
    authors: f32,
    text: f32,
}

impl Acc {
    fn parts(&self, w: &crate::config::Weights, recency: f64) -> Parts {
        Parts {
            category: w.category * f64::from(self.category),
            tags: w.tags * f64::from(self.tags),
            authors: w.authors * f64::from(self.authors),
            text: w.text * f64::from(self.text),
            recency,
        }
    }
}

/// Per-thread accumulators, reset after each article.
struct Scratch {
    acc: Vec<Acc>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            acc: vec![Acc::default(); n],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, j: u32, f: impl FnOnce(&mut Acc)) {
        let a = &mut self.acc[j as usize];
        if a.category == 0.0 && a.tags == 0.0 && a.authors == 0.0 && a.text == 0.0 {
            self.touched.push(j);
        }
        f(a);
    }
}

impl<'a> Ctx<'a> {
    fn new(
        articles: &[Article],
        tax: &'a Taxonomies,
        text: &'a text::TextModel,
        explicit: &'a [Vec<RelatedEntry>],
        cfg: &'a RelatedConfig,
    ) -> Self {
        Ctx {
            seconds: articles
                .iter()
                .map(|a| a.date.timestamp().as_second())
                .collect(),
            draft: articles.iter().map(|a| a.draft).collect(),
            tax,
            text,
            explicit,
            cfg,
            weights: [
                cfg.weights.category,
                cfg.weights.tags,
                cfg.weights.authors,
                cfg.weights.text,
            ]
            .map(|w| w as f32),
        }
    }

    fn best_for(&self, i: usize, s: &mut Scratch) -> Vec<Scored> {
        let terms: &ArticleTerms = &self.tax.article_terms[i];
        if let Some(c) = terms.category {
            self.walk(i, &self.tax.categories[c].articles, s, |a| a.category = 1.0);
        }
        for &t in &terms.tags {
            self.walk(i, &self.tax.tags[t].articles, s, |a| a.tags += 1.0);
        }
        for &x in &terms.authors {
            self.walk(i, &self.tax.authors[x].articles, s, |a| a.authors += 1.0);
        }
        for &(term, weight) in &self.text.docs[i] {
            let list = &self.text.postings[term as usize];
            self.walk_weighted(i, list, s, weight);
        }
        let want = self.cfg.count.saturating_sub(self.explicit[i].len());
        let best = self.decayed_best(i, s, want);
        for &j in &s.touched {
            s.acc[j as usize] = Acc::default();
        }
        s.touched.clear();
        best
    }

    /// The `want` best after the recency decay, in one pass over the
    /// candidates. Decay is at most 1, so a candidate whose undecayed score
    /// is below the current last place cannot enter: most are turned away
    /// by one comparison, before their decay is computed.
    fn decayed_best(&self, i: usize, s: &Scratch, want: usize) -> Vec<Scored> {
        let [wc, wt, wa, wx] = self.weights;
        let mut best: Vec<Scored> = Vec::with_capacity(want + 1);
        if want == 0 {
            return best;
        }
        for &j in &s.touched {
            let a = &s.acc[j as usize];
            let quick = wc * a.category + wt * a.tags + wa * a.authors + wx * a.text;
            // `quick` is an f32 sum: turn away only what is clearly below.
            let last = (best.len() == want).then(|| best[want - 1].score);
            if quick <= 0.0 || last.is_some_and(|l| f64::from(quick) < l * (1.0 - 1e-4)) {
                continue;
            }
            let j = j as usize;
            if !self.eligible(i, j) {
                continue;
            }
            let parts = a.parts(&self.cfg.weights, 1.0);
            let raw = parts.category + parts.tags + parts.authors + parts.text;
            if last.is_some_and(|l| raw < l) {
                continue;
            }
            let recency = self.decay(i, j);
            let scored = Scored {
                article: j,
                score: raw * recency,
                parts: Parts { recency, ..parts },
            };
            let at = best.partition_point(|b| {
                b.score > scored.score || (b.score == scored.score && b.article < j)
            });
            if at < want {
                best.insert(at, scored);
                best.truncate(want);
            }
        }
        best
    }

    fn eligible(&self, i: usize, j: usize) -> bool {
        j != i
            && !self.draft[j]
            && (self.cfg.include_newer || self.seconds[j] <= self.seconds[i])
            && !self.explicit[i].contains(&RelatedEntry::Article(j))
    }

    fn decay(&self, i: usize, j: usize) -> f64 {
        let days = (self.seconds[i] - self.seconds[j]).abs() as f64 / 86_400.0;
        0.5f64.powf(days / self.cfg.half_life_days)
    }

    /// The entries of a list (ascending article index = newest first)
    /// nearest in time to the article at `pos`.
    fn window(&self, list_len: usize, pos: usize) -> std::ops::Range<usize> {
        let start = if self.cfg.include_newer {
            pos.saturating_sub(WINDOW)
        } else {
            pos
        };
        start..(pos + 1 + WINDOW).min(list_len)
    }

    fn walk(&self, i: usize, list: &[usize], s: &mut Scratch, f: impl Fn(&mut Acc)) {
        let pos = list.partition_point(|&j| j < i);
        for &j in &list[self.window(list.len(), pos)] {
            s.add(j as u32, &f);
        }
    }

    fn walk_weighted(&self, i: usize, list: &[(u32, f32)], s: &mut Scratch, weight: f32) {
        let pos = list.partition_point(|&(j, _)| (j as usize) < i);
        for &(j, w) in &list[self.window(list.len(), pos)] {
            s.add(j, |a| a.text += weight * w);
        }
    }
}
