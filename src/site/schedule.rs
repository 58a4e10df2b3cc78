//! Publishing over time: which articles are out at "now".
//!
//! An article is published when it is not a draft (unless `--drafts`), its
//! `date` has come (unless `--future`) and its `expires` has not. The next
//! time this changes is reported, so a scheduler knows when to rebuild.

use jiff::ZonedDateTime;

use super::BuildOptions;
use crate::content::Article;
use crate::error::{Diagnostic, Diagnostics};

/// The next moment the published set changes.
#[derive(Debug, Clone)]
pub struct NextChange {
    /// When it happens.
    pub at: ZonedDateTime,
    /// The article, by its path under `content/`.
    pub rel_path: String,
    /// "publishes" or "expires".
    pub what: &'static str,
}

/// How many articles a build left out, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Drafts (without `--drafts`).
    pub drafts: usize,
    /// Dated after now (without `--future`).
    pub scheduled: usize,
    /// Past their `expires`.
    pub expired: usize,
}

pub(crate) fn select(
    mut articles: Vec<Article>,
    o: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> (Vec<Article>, Option<NextChange>, Skipped) {
    let mut skipped = Skipped::default();
    let now = o.now.timestamp();
    let mut next: Option<NextChange> = None;
    let mut consider = |at: &ZonedDateTime, a: &Article, what| {
        if next
            .as_ref()
            .is_none_or(|n| at.timestamp() < n.at.timestamp())
        {
            next = Some(NextChange {
                at: at.clone(),
                rel_path: a.rel_path.clone(),
                what,
            });
        }
    };
    articles.retain(|a| {
        if a.draft && !o.drafts {
            skipped.drafts += 1;
            return false;
        }
        if a.date.timestamp() > now && !o.future {
            consider(&a.date, a, "publishes");
            skipped.scheduled += 1;
            return false;
        }
        match &a.publishing.expires {
            Some(e) if e.timestamp() <= now => {
                skipped.expired += 1;
                return false;
            }
            Some(e) => consider(e, a, "expires"),
            None => {}
        }
        true
    });
    for a in &articles {
        check_not_future(a, o, diagnostics);
    }
    (articles, next, skipped)
}

/// A published article cannot claim an update that has not happened yet.
fn check_not_future(a: &Article, o: &BuildOptions, diagnostics: &mut Diagnostics) {
    if o.future {
        return;
    }
    let now = o.now.timestamp();
    if let Some(u) = &a.updated
        && u.timestamp() > now
    {
        diagnostics.push(Diagnostic::error(
            a.updated_at.clone(),
            format!("`updated` ({u}) is in the future"),
        ));
    }
    for c in &a.publishing.corrections {
        if c.date.timestamp() > now {
            diagnostics.push(Diagnostic::error(
                a.updated_at.clone(),
                format!("a correction is dated in the future ({})", c.date),
            ));
        }
    }
}
