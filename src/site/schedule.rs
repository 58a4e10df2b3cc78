//! Publishing over time: which articles are out at "now".
//!
//! An article is published when it is not a draft (unless `--drafts`), its
//! `date` has come (unless `--future`) and its `expires` has not. The next
//! time this changes is reported, so a scheduler knows when to rebuild.

use jiff::ZonedDateTime;

use super::BuildOptions;
use crate::content::Article;
use crate::content::live::Live;
use crate::error::{Diagnostic, Diagnostics};

/// The next moment the published set changes.
#[derive(Debug, Clone)]
pub struct NextChange {
    /// When it happens.
    pub at: ZonedDateTime,
    /// The article, by its path under `content/`.
    pub rel_path: String,
    /// "publishes", "expires", "ends its breaking banner", "publishes a
    /// live update", "starts its live coverage" or "ends its live coverage".
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
    /// The articles waiting for their date, whose pictures this build
    /// checks already: their publishing must not be what fails a build.
    pub(crate) scheduled: Vec<Article>,
}

pub(crate) fn select(mut articles: Vec<Article>, o: &BuildOptions) -> Selection {
    let mut skipped = Skipped::default();
    let mut absent = Vec::new();
    let mut scheduled = Vec::new();
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
    articles.retain_mut(|a| {
        let why = if a.draft && !o.drafts {
            skipped.drafts += 1;
            Absence::Draft
        } else if a.date.timestamp() > now && !o.future {
            consider(&a.date, a, "publishes");
            skipped.scheduled += 1;
            scheduled.push(a.clone());
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
                    if let Some(live) = &mut a.live {
                        let next = live_changes(live, o);
                        if let Some((at, what)) = next {
                            consider(&at, a, what);
                        }
                    }
                    if let Some((at, what)) = later_notes(a, o) {
                        consider(&at, a, what);
                    }
                    return true;
                }
            }
        };
        absent.push((a.rel_path.clone(), why));
        false
    });
    Selection {
        articles,
        next,
        skipped,
        absent,
        scheduled,
    }
}

/// Leaves out a live blog's updates that are not out yet (unless
/// `--future`); returns the next change of its page: an update coming out,
/// the coverage starting (the page says when) or ending (the Live badge
/// comes down).
fn live_changes(live: &mut Live, o: &BuildOptions) -> Option<(ZonedDateTime, &'static str)> {
    let now = o.now.timestamp();
    let mut changes: Vec<(ZonedDateTime, &'static str)> = Vec::new();
    if !o.future {
        let (out, later): (Vec<_>, Vec<_>) = std::mem::take(&mut live.updates)
            .into_iter()
            .partition(|u| u.time.timestamp() <= now);
        live.updates = out;
        live.hidden = later
            .iter()
            .map(|u| (u.lines.clone(), u.time.timestamp()))
            .collect();
        let first = later
            .into_iter()
            .map(|u| u.time)
            .min_by_key(|t| t.timestamp());
        changes.extend(first.map(|t| (t, "publishes a live update")));
    }
    let c = &live.coverage;
    changes.push((c.start.clone(), "starts its live coverage"));
    changes.extend(c.end.clone().map(|e| (e, "ends its live coverage")));
    changes
        .into_iter()
        .filter(|(t, _)| t.timestamp() > now)
        .min_by_key(|(t, _)| t.timestamp())
}

/// Leaves out an `updated` time and corrections dated after now (unless
/// `--future`): they come out when their time comes, as a scheduled article
/// does, so the time passing never makes a published article an error.
/// Returns the first of them.
fn later_notes(a: &mut Article, o: &BuildOptions) -> Option<(ZonedDateTime, &'static str)> {
    if o.future {
        return None;
    }
    let now = o.now.timestamp();
    let mut later: Vec<(ZonedDateTime, &'static str)> = Vec::new();
    if a.updated.as_ref().is_some_and(|u| u.timestamp() > now) {
        later.extend(a.updated.take().map(|u| (u, "shows its `updated` time")));
    }
    let corrections = &mut a.publishing.corrections;
    for c in corrections.iter().filter(|c| c.date.timestamp() > now) {
        later.push((c.date.clone(), "publishes a correction"));
    }
    corrections.retain(|c| c.date.timestamp() <= now);
    later.into_iter().min_by_key(|(t, _)| t.timestamp())
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
