//! Each article's summary value (the fields of [`SummaryView`]), built
//! field by field rather than through serde, with one shared value per
//! category, tag and author: a summary names the same category as
//! hundreds of others, and building that term's view each time (its URL
//! formatted, its strings copied) was most of a summary's cost.
//!
//! [`SummaryView`]: super::views::SummaryView

use std::sync::OnceLock;

use tera::Value;

use super::merge::merged;

use super::views::{AuthorRef, DateView, ImageView, TermView};
use crate::site::Site;

/// The shared term and author values, made on first use.
pub struct Summaries {
    categories: Vec<OnceLock<Value>>,
    tags: Vec<OnceLock<Value>>,
    authors: Vec<OnceLock<Value>>,
}

fn slots(n: usize) -> Vec<OnceLock<Value>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

fn shared(slot: &OnceLock<Value>, make: impl FnOnce() -> Value) -> Value {
    slot.get_or_init(make).clone()
}

impl Summaries {
    pub fn new(site: &Site) -> Self {
        Summaries {
            categories: slots(site.categories.len()),
            tags: slots(site.tags.len()),
            authors: slots(site.authors.len()),
        }
    }

    /// Article `i` as lists show it: the value of its `SummaryView`.
    pub fn summary(&self, site: &Site, i: usize) -> Value {
        let p = &site.articles[i];
        let date = |d| Value::from_serializable(&DateView::new(d));
        let category = p.category.map(|c| {
            shared(&self.categories[c], || {
                Value::from_serializable(&TermView::category(site, &site.categories[c]))
            })
        });
        let authors = p.authors.iter().map(|&a| {
            shared(&self.authors[a], || {
                Value::from_serializable(&AuthorRef::new(site, &site.authors[a]))
            })
        });
        let tags = p.tags.iter().map(|&t| {
            shared(&self.tags[t], || {
                Value::from_serializable(&TermView::tag(site, &site.tags[t]))
            })
        });
        let image = p
            .image
            .as_ref()
            .map(|im| Value::from_serializable(&ImageView::new(site, im)));
        let fields = [
            ("title", Value::from(p.title.as_str())),
            ("url", Value::from(site.url(&p.path))),
            ("date", date(&p.date)),
            ("updated", p.updated.as_ref().map(date).into()),
            ("category", category.into()),
            ("authors", Value::from(authors.collect::<Vec<_>>())),
            ("summary", Value::from(p.summary.as_str())),
            ("image", image.into()),
            ("tags", Value::from(tags.collect::<Vec<_>>())),
        ];
        merged(&[], &fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::SummaryView;

    /// Every field, as serde would make it from `SummaryView`.
    #[test]
    fn summaries_equal_the_serialized_summary_view() {
        for fixture in ["basic", "odd"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture);
            let req = crate::BuildRequest {
                root,
                output: None,
                base_url: None,
                drafts: true,
                future: true,
                now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
            };
            let (site, _, _) = crate::load(&req, &mut crate::Timings::default()).unwrap();
            let summaries = Summaries::new(&site);
            assert!(site.articles.len() > 3, "{fixture}");
            for (i, p) in site.articles.iter().enumerate() {
                let expected = Value::from_serializable(&SummaryView::new(&site, p));
                assert_eq!(
                    summaries.summary(&site, i),
                    expected,
                    "{fixture}: {}",
                    p.rel_path
                );
            }
        }
    }
}
