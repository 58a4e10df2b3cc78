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
    /// "publishes", "expires" or "ends its breaking banner".
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

/// Why an article the content holds is not in this build, for messages
/// about links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Absence {
    /// `draft = true`, without `--drafts`.
    Draft,
    /// Dated after now, without `--future`.
    Scheduled(ZonedDateTime),
    /// Past its `expires`.
    Expired(ZonedDateTime),
    /// Its file has errors, reported where they are.
    Broken,
}

/// The articles published now, and what became of the others.
pub(crate) struct Selection {
    pub(crate) articles: Vec<Article>,
    pub(crate) next: Option<NextChange>,
    pub(crate) skipped: Skipped,
    /// Each article left out, by its path under `content/`, and why.
    pub(crate) absent: Vec<(String, Absence)>,
}

pub(crate) fn select(
    mut articles: Vec<Article>,
    o: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Selection {
    let mut skipped = Skipped::default();
    let mut absent = Vec::new();
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
        let why = if a.draft && !o.drafts {
            skipped.drafts += 1;
            Absence::Draft
        } else if a.date.timestamp() > now && !o.future {
            consider(&a.date, a, "publishes");
            skipped.scheduled += 1;
            Absence::Scheduled(a.date.clone())
        } else {
            match &a.publishing.expires {
                Some(e) if e.timestamp() <= now => {
                    skipped.expired += 1;
                    Absence::Expired(e.clone())
                }
                expires => {
                    if let Some(e) = expires {
                        consider(e, a, "expires");
                    }
                    // A banner coming down is a change too: every page loses it.
                    if let Some(b) = &a.publishing.breaking
                        && b.until.timestamp() > now
                    {
                        consider(&b.until, a, "ends its breaking banner");
                    }
                    return true;
                }
            }
        };
        absent.push((a.rel_path.clone(), why));
        false
    });
    for a in &articles {
        check_not_future(a, o, diagnostics);
    }
    Selection {
        articles,
        next,
        skipped,
        absent,
    }
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

/// The banner shown now: that of the newest published article whose
/// `breaking` has not ended (`pages` are newest first). The others wait,
/// with a warning, as two banners at once would compete for the reader.
pub(crate) fn breaking(
    pages: &[super::Page],
    now: &ZonedDateTime,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let mut active = pages.iter().enumerate().filter_map(|(i, p)| {
        let b = p.publishing.breaking.as_ref()?;
        (b.until.timestamp() > now.timestamp()).then_some((i, p, b))
    });
    let (winner, shown, _) = active.next()?;
    for (_, _, b) in active {
        let at = b.at.clone();
        let message = format!(
            "this breaking banner is not shown while that of the newer `{}` is",
            shown.rel_path
        );
        diagnostics.push(Diagnostic::warning(at, message));
    }
    Some(winner)
}
