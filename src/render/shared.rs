//! Values many pages share, made once per build and shared by reference
//! (tera values share their arrays and maps, so a clone is cheap).

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use super::views::{RelatedView, SiteView, SummaryView};
use crate::site::Site;

pub struct Shared {
    pub site: Value,
    /// Each article's `SummaryView`, in site order.
    pub summaries: Vec<Value>,
    /// Each article's "also read" list: explicit entries, then computed ones.
    pub related: Vec<Value>,
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
        let related = (0..site.articles.len())
            .into_par_iter()
            .map(|i| Value::from_serializable(&RelatedView::list(site, i)))
            .collect();
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

    /// An article by a reference such as `@/china/x.md`.
    pub fn article(&self, reference: &str) -> Option<usize> {
        let r = reference
            .trim()
            .trim_start_matches("@/")
            .trim_start_matches('/');
        self.by_key.get(r.strip_suffix(".md").unwrap_or(r)).copied()
    }
}
