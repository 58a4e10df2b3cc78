//! Values many pages share, made once per build and shared by reference
//! (tera values share their arrays and maps, so a clone is cheap).

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use serde::Serialize;

use super::views::{RelatedView, SiteView, SummaryView};
use crate::site::{Page, RelatedEntry, Site};

/// An "also read" entry, for the `related()` template function.
pub enum Entry {
    Article { index: usize, computed: bool },
    External { title: String, url: String },
}

impl Entry {
    fn list(p: &Page) -> Vec<Entry> {
        let explicit = p.related.iter().map(|r| match r {
            RelatedEntry::Article(i) => Entry::Article {
                index: *i,
                computed: false,
            },
            RelatedEntry::External { title, url } => Entry::External {
                title: title.clone(),
                url: url.clone(),
            },
        });
        let computed = p.computed.iter().map(|s| Entry::Article {
            index: s.article,
            computed: true,
        });
        explicit.chain(computed).collect()
    }
}

/// A summary with the two flags of a related entry added.
#[derive(Serialize)]
struct Flagged<'a> {
    #[serde(flatten)]
    summary: &'a Value,
    external: bool,
    computed: bool,
}

pub struct Shared {
    pub site: Value,
    /// Each article's `SummaryView`, in site order.
    pub summaries: Vec<Value>,
    /// Each article's "also read" list: explicit entries, then computed ones.
    pub related: Vec<Vec<Entry>>,
    /// The home page lists every article after the lead.
    pub home: Vec<usize>,
    /// Article by its path under `content/` without `.md`.
    pub by_key: HashMap<String, usize>,
    /// Category index by slug.
    pub categories: HashMap<String, usize>,
    /// Articles of each category, newest first.
    pub category_lists: Vec<Vec<usize>>,
}

impl Shared {
    pub fn new(site: &Site) -> Self {
        let summaries = site
            .articles
            .par_iter()
            .map(|p| Value::from_serializable(&SummaryView::new(site, p)))
            .collect();
        let related = site.articles.iter().map(Entry::list).collect();
        Shared {
            site: Value::from_serializable(&SiteView::new(site)),
            summaries,
            related,
            home: (1..site.articles.len()).collect(),
            by_key: site
                .articles
                .iter()
                .enumerate()
                .map(|(i, p)| (p.rel_path.trim_end_matches(".md").to_string(), i))
                .collect(),
            categories: site
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.slug.clone(), i))
                .collect(),
            category_lists: site.categories.iter().map(|c| c.articles.clone()).collect(),
        }
    }

    /// Article `i`'s "also read" list, with the fields of `RelatedView`
    /// (and those of a summary).
    pub fn related_value(&self, i: usize) -> Value {
        let items: Vec<Value> = self.related[i]
            .iter()
            .map(|e| match e {
                Entry::Article { index, computed } => Value::from_serializable(&Flagged {
                    summary: &self.summaries[*index],
                    external: false,
                    computed: *computed,
                }),
                Entry::External { title, url } => {
                    Value::from_serializable(&RelatedView::external(title, url))
                }
            })
            .collect();
        Value::from(items)
    }

    /// An article by a reference such as `@/china/x.md`.
    pub fn article(&self, reference: &str) -> Option<usize> {
        let r = reference
            .trim()
            .trim_start_matches("@/")
            .trim_start_matches('/');
        self.by_key.get(r.strip_suffix(".md").unwrap_or(r)).copied()
    }
}
