//! References between articles: `@/` links in bodies, `related` entries and
//! `#anchor`s, all resolved and checked at build time.

use std::collections::HashMap;

use super::RelatedEntry;
use crate::content::Article;
use crate::content::article::Related;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::markdown::{self, Target};

/// Finds an article by its path under `content/` (with or without `.md`).
pub(crate) struct RefIndex<'a> {
    by_key: HashMap<&'a str, usize>,
    articles: &'a [Article],
    urls: Vec<String>,
}

/// The one form of an article reference: `@/china/x.md`, `/china/x.md`
/// and `china/x` all name `china/x`, as does the article's own path.
pub(crate) fn key(reference: &str) -> &str {
    let r = reference.trim();
    let r = r.strip_prefix("@/").unwrap_or(r).trim_start_matches('/');
    r.strip_suffix(".md").unwrap_or(r)
}

impl<'a> RefIndex<'a> {
    pub(crate) fn new(articles: &'a [Article], paths: &[String], root: &str) -> Self {
        let by_key = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (key(&a.rel_path), i))
            .collect();
        let urls = paths
            .iter()
            .map(|p| crate::paths::url_in(root, p))
            .collect();
        RefIndex {
            by_key,
            articles,
            urls,
        }
    }

    pub(crate) fn find(&self, reference: &str) -> Result<usize, String> {
        let k = key(reference);
        self.by_key.get(k).copied().ok_or_else(|| {
            let mut message = format!("no article `{}` under content/", reference.trim());
            if let Some(near) = self.nearest(k) {
                message.push_str(&format!("; did you mean `{near}.md`?"));
            }
            message
        })
    }

    /// Only called for broken references, so a scan is fine here.
    fn nearest(&self, k: &str) -> Option<&str> {
        crate::suggest::nearest(k, self.by_key.keys().copied(), 0.85)
    }
}

impl markdown::Resolver for RefIndex<'_> {
    fn resolve(&self, reference: &str) -> Result<Target, String> {
        let index = self.find(reference)?;
        Ok(Target {
            index,
            url: self.urls[index].clone(),
            title: self.articles[index].title.clone(),
        })
    }
}

/// Explicit `related` entries: targets must exist, not be the article
/// itself, and not repeat (a repeat is dropped with a warning).
pub(crate) fn resolve_related(
    articles: &[Article],
    index: &RefIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<RelatedEntry>> {
    let mut all = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let mut out = Vec::new();
        for r in &a.related {
            let Some(entry) = related_entry(i, a, r, index, diagnostics) else {
                continue;
            };
            if out.contains(&entry) {
                let at = match r {
                    Related::Article { at, .. } => at.clone(),
                    Related::External { .. } => Location::file(&a.source),
                };
                diagnostics.push(Diagnostic::warning(
                    at,
                    "`related` lists this entry twice; the repeat is ignored",
                ));
            } else {
                out.push(entry);
            }
        }
        all.push(out);
    }
    all
}

fn related_entry(
    i: usize,
    a: &Article,
    r: &Related,
    index: &RefIndex,
    diagnostics: &mut Diagnostics,
) -> Option<RelatedEntry> {
    match r {
        Related::Article { reference, at } => match index.find(reference) {
            Ok(j) if j == i => {
                diagnostics.push(Diagnostic::error(
                    at.clone(),
                    "`related` lists the article itself",
                ));
                None
            }
            Ok(j) => Some(RelatedEntry::Article(j)),
            Err(m) => {
                diagnostics.push(Diagnostic::error(at.clone(), format!("`related`: {m}")));
                None
            }
        },
        Related::External { title, url } => {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let at = Location::file(&a.source);
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("`related` link `{url}` must be an absolute http(s) URL"),
                ));
                return None;
            }
            Some(RelatedEntry::External {
                title: title.clone(),
                url: url.clone(),
            })
        }
    }
}

/// Every `@/x.md#anchor` must name a heading of `x`.
pub(crate) fn check_anchors(
    rendered: &[markdown::Rendered],
    articles: &[Article],
    diagnostics: &mut Diagnostics,
) {
    for r in rendered {
        for a in &r.anchors {
            if !articles[a.target].body.heading_ids.contains(&a.anchor) {
                diagnostics.push(Diagnostic::error(
                    a.at.clone(),
                    format!(
                        "`{}` has no heading with the id `#{}`",
                        articles[a.target].rel_path, a.anchor
                    ),
                ));
            }
        }
    }
}
