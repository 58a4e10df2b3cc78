//! In `serve`, a save usually changes one article's text. Then the text
//! model is updated for that article alone, and only the articles whose
//! list it can change are scored again: the article itself, the ones that
//! listed it, and the ones its lists meet (in either direction).

use rayon::prelude::*;

use super::text::TextModel;
use super::{Ctx, Scored, Scratch};
use crate::config::RelatedConfig;
use crate::content::Article;
use crate::site::RelatedEntry;
use crate::site::taxonomy::Taxonomies;

/// What the last computation left, for the next one.
pub struct State {
    keys: Vec<(String, u64)>,
    context: u64,
    text: TextModel,
    pub lists: Vec<Vec<Scored>>,
}

/// More changed articles than this (per thousand) and a full computation is cheaper.
const MAX_CHANGED_PER_MILLE: usize = 20;

impl State {
    pub fn new(
        articles: &[Article],
        context: u64,
        text: TextModel,
        lists: Vec<Vec<Scored>>,
    ) -> Self {
        let keys = articles
            .iter()
            .map(|a| (a.rel_path.clone(), a.text_hash))
            .collect();
        State {
            keys,
            context,
            text,
            lists,
        }
    }
}

/// The updated state, or `None` when the change is too large to patch
/// (articles added, removed or reordered, taxonomy or settings changed).
pub fn update(
    mut state: State,
    (articles, bodies): (&[Article], &[&str]),
    tax: &Taxonomies,
    explicit: &[Vec<RelatedEntry>],
    cfg: &RelatedConfig,
    context: u64,
) -> Option<State> {
    let same_set = state.keys.len() == articles.len()
        && state
            .keys
            .iter()
            .zip(articles)
            .all(|((path, _), a)| *path == a.rel_path)
        && state.context == context;
    if !same_set {
        return None;
    }
    let changed: Vec<usize> = (0..articles.len())
        .filter(|&i| state.keys[i].1 != articles[i].text_hash)
        .collect();
    if changed.len() > (articles.len() * MAX_CHANGED_PER_MILLE / 1000).max(4) {
        return None;
    }
    let mut scratch = Scratch::new(articles.len());
    let mut affected: Vec<usize> = changed.clone();
    {
        let ctx = Ctx::new(articles, tax, &state.text, explicit, cfg);
        for &i in &changed {
            affected.extend(ctx.neighbours(i, &mut scratch));
        }
    }
    for &i in &changed {
        state.text.update(i, &articles[i], bodies[i]);
        state.keys[i].1 = articles[i].text_hash;
    }
    let ctx = Ctx::new(articles, tax, &state.text, explicit, cfg);
    for &i in &changed {
        affected.extend(ctx.neighbours(i, &mut scratch));
    }
    let listed: Vec<usize> = (0..articles.len())
        .filter(|&j| state.lists[j].iter().any(|s| changed.contains(&s.article)))
        .collect();
    affected.extend(listed);
    affected.sort_unstable();
    affected.dedup();
    let fresh: Vec<(usize, Vec<Scored>)> = affected
        .par_iter()
        .map_init(
            || Scratch::new(articles.len()),
            |s, &i| (i, ctx.best_for(i, s)),
        )
        .collect();
    drop(ctx);
    for (i, list) in fresh {
        state.lists[i] = list;
    }
    Some(state)
}
