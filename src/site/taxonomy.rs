//! Categories, tags and authors: each a list of articles, newest first.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::content::author::ProfileLink;
use crate::content::image::Image;
use crate::content::{Article, Profile};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::markdown;
use crate::paths::slugify;

use super::RefIndex;

/// A category or a tag.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Indexes into `Site::articles`, newest first.
    pub(crate) articles: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Author {
    /// The slug of the name, or the profile's file name.
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) role: Option<String>,
    pub(crate) image: Option<Image>,
    pub(crate) links: Vec<ProfileLink>,
    /// HTML of the profile's body (empty without a profile).
    pub(crate) bio: String,
    pub(crate) articles: Vec<usize>,
    profile: Option<Profile>,
}

/// What a byline without a profile has as `[extra]`: nothing.
static NO_EXTRA: std::sync::LazyLock<serde_json::Value> =
    std::sync::LazyLock::new(crate::config::house::no_extra);

impl Author {
    /// The profile's fediverse handle, if it has one.
    pub(crate) fn fediverse(&self) -> Option<&str> {
        self.profile.as_ref().and_then(|p| p.fediverse.as_deref())
    }

    /// The profile's `[extra]`; an empty table without a profile.
    pub(crate) fn extra(&self) -> &serde_json::Value {
        self.profile.as_ref().map_or(&NO_EXTRA, |p| &p.extra)
    }

    pub(crate) fn bio_html(&self, index: &RefIndex, diagnostics: &mut Diagnostics) -> String {
        let Some(p) = &self.profile else {
            return String::new();
        };
        let source = markdown::Source {
            path: &p.source,
            body: &p.bio,
            first_line: p.body_line,
        };
        let (html, errors) = markdown::render(&source, index);
        diagnostics.extend(errors);
        html
    }
}

/// One article's terms, as indexes into the taxonomies.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleTerms {
    pub(crate) category: Option<usize>,
    pub(crate) categories: Vec<usize>,
    pub(crate) authors: Vec<usize>,
    pub(crate) tags: Vec<usize>,
}

/// Where the value `name` is written in a content file's front matter: the
/// first line holding it quoted, else bare; the whole file when neither
/// (a section named after its folder). Only warnings ask, so the file is
/// read again rather than every term keeping its position.
fn written_at(path: &std::path::Path, name: &str) -> Location {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Location::file(path);
    };
    let front_matter = text.lines().enumerate().skip(1).take_while(|(_, l)| {
        let l = l.trim_end();
        l != "+++" && l != "---"
    });
    let lines: Vec<(usize, &str)> = front_matter.collect();
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    let find = |needles: &[&str]| {
        lines.iter().find_map(|&(i, line)| {
            let at = needles.iter().find_map(|n| line.find(n))?;
            Some(Location::at(path, i + 1, line[..at].chars().count() + 1))
        })
    };
    find(&[quoted[0].as_str(), quoted[1].as_str()])
        .or_else(|| find(&[name]))
        .unwrap_or_else(|| Location::file(path))
}

/// The site's categories, tags and authors, and each article's own.
pub struct Taxonomies {
    pub(crate) categories: Vec<Term>,
    pub(crate) tags: Vec<Term>,
    pub(crate) authors: Vec<Author>,
    pub(crate) article_terms: Vec<ArticleTerms>,
}

/// The taxonomies of `articles`, their authors' pages from `profiles`;
/// problems (a tag with no letters or digits, say) go to `diagnostics`.
pub fn build(
    articles: &[Article],
    profiles: Vec<Profile>,
    diagnostics: &mut Diagnostics,
) -> Taxonomies {
    let mut categories = Terms::default();
    let mut tags = Terms::default();
    let mut authors = Authors::new(profiles, diagnostics);
    let mut article_terms = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let warn = |d: &mut Diagnostics, what: &str, name: &str| {
            d.push(Diagnostic::warning(
                written_at(&a.source, name),
                format!("{what} `{name}` has no letters or digits and is ignored"),
            ))
        };
        let mut terms = ArticleTerms::default();
        if let Some((name, explicit)) = a.section() {
            let shown = if explicit {
                name.to_string()
            } else {
                folder_title(name)
            };
            terms.category = categories.add(&shown, explicit, i).map(|(c, _)| c);
            if terms.category.is_none() {
                warn(diagnostics, "category", name);
            }
        }
        for name in &a.categories {
            match categories.add(name, true, i) {
                Some((c, true)) => terms.categories.push(c),
                Some(_) => {}
                None => warn(diagnostics, "category", name),
            }
        }
        for name in &a.tags {
            match tags.add(name, true, i) {
                Some((t, true)) => terms.tags.push(t),
                Some(_) => {}
                None => warn(diagnostics, "tag", name),
            }
        }
        for name in &a.authors {
            match authors.add(name, i) {
                Some((x, true)) => {
                    terms.authors.push(x);
                    if let Some(near) = authors.near_profile(x, name) {
                        diagnostics.push(Diagnostic::warning(
                            written_at(&a.source, name),
                            format!("no author profile `{name}`; did you mean `{near}`?"),
                        ));
                    }
                }
                Some(_) => {}
                None => warn(diagnostics, "author", name),
            }
        }
        article_terms.push(terms);
    }
    diagnostics.extend(categories.merged("categories", articles));
    diagnostics.extend(tags.merged("tags", articles));
    let (categories, cat_map) = categories.finish();
    let (tags, tag_map) = tags.finish();
    let (authors, author_map) = authors.finish();
    for t in &mut article_terms {
        t.category = t.category.map(|c| cat_map[c]);
        t.categories.iter_mut().for_each(|c| *c = cat_map[*c]);
        t.tags.iter_mut().for_each(|c| *c = tag_map[*c]);
        t.authors.iter_mut().for_each(|c| *c = author_map[*c]);
    }
    Taxonomies {
        categories,
        tags,
        authors,
        article_terms,
    }
}

/// `middle-east` as a heading: `Middle East`.
fn folder_title(folder: &str) -> String {
    folder
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Terms gathered in article order; indexes are provisional until `finish`
/// sorts them by slug.
#[derive(Default)]
struct Terms {
    by_slug: BTreeMap<String, usize>,
    /// Each name as written, to its term: thousands of articles name one
    /// category, and its slug is worked out once.
    by_name: FxHashMap<String, Option<usize>>,
    list: Vec<(Term, bool)>,
    /// Each term's different spellings (see [`spelling_key`]) as written
    /// in front matter, in the order met, with the first article using each.
    spellings: Vec<Vec<Spelling>>,
}

/// One way a term is written.
struct Spelling {
    name: String,
    key: String,
    article: usize,
}

/// What tells two spellings of one slug apart beyond case, accents,
/// spaces and word separators: `C++` and `C#` differ, `Middle East` and
/// `middle-east` do not.
fn spelling_key(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | ',' | '\'' | '"'))
        .collect()
}

/// `a`, `a and b`, `a, b and c`, each in backticks.
fn and_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

impl Terms {
    /// The term `name` belongs to, and whether `article` is new in it (so
    /// an article's repeats are dropped without searching its own list).
    fn add(&mut self, name: &str, explicit: bool, article: usize) -> Option<(usize, bool)> {
        let i = match self.by_name.get(name) {
            Some(known) => (*known)?,
            None => {
                let i = self.term(name, explicit);
                self.by_name.insert(name.to_string(), i);
                if explicit {
                    self.note_spelling(i?, name, article);
                }
                i?
            }
        };
        let (term, was_explicit) = &mut self.list[i];
        if explicit && !*was_explicit {
            term.name = name.trim().to_string();
            *was_explicit = true;
        }
        let new = term.articles.last() != Some(&article);
        if new {
            term.articles.push(article);
        }
        Some((i, new))
    }

    /// Records `name` as a spelling of term `i`, unless it is one already.
    fn note_spelling(&mut self, i: usize, name: &str, article: usize) {
        let key = spelling_key(name);
        let known = &mut self.spellings[i];
        if known.iter().all(|s| s.key != key) {
            known.push(Spelling {
                name: name.trim().to_string(),
                key,
                article,
            });
        }
    }

    /// A warning for each term written in ways that differ in more than
    /// case and spacing (`C++`, `C#` and `C` are all `c`): they share one
    /// page, which is rarely meant. It stands at the first article using
    /// the second spelling; `kind` is `tags` or `categories`.
    fn merged(&self, kind: &str, articles: &[Article]) -> Vec<Diagnostic> {
        let merged = self.spellings.iter().zip(&self.list);
        merged
            .filter(|(spellings, _)| spellings.len() > 1)
            .map(|(spellings, (term, _))| {
                let names: Vec<&str> = spellings.iter().map(|s| s.name.as_str()).collect();
                let at = &spellings[1];
                Diagnostic::warning(
                    written_at(&articles[at.article].source, &at.name),
                    format!(
                        "{kind} {} all have the slug `{}` and share one page; name different topics with different letters or digits",
                        and_list(&names),
                        term.slug
                    ),
                )
            })
            .collect()
    }

    /// The index of the term `name` slugifies to, made if new.
    fn term(&mut self, name: &str, explicit: bool) -> Option<usize> {
        let slug = slugify(name);
        if slug.is_empty() {
            return None;
        }
        let i = *self.by_slug.entry(slug.clone()).or_insert_with(|| {
            self.spellings.push(Vec::new());
            self.list.push((
                Term {
                    name: name.trim().to_string(),
                    slug,
                    articles: Vec::new(),
                },
                explicit,
            ));
            self.list.len() - 1
        });
        Some(i)
    }

    /// Terms sorted by slug, and the map from provisional to final index.
    fn finish(self) -> (Vec<Term>, Vec<usize>) {
        sort_by_key(
            &self.by_slug,
            self.list.into_iter().map(|(t, _)| t).collect(),
        )
    }
}

struct Authors {
    by_id: BTreeMap<String, usize>,
    /// Each byline as written, to its author (see `Terms::by_name`).
    by_byline: FxHashMap<String, Option<usize>>,
    /// Each byline without a profile, to the profile it may be a typo of:
    /// worked out once, however many articles carry the byline.
    near: FxHashMap<String, Option<String>>,
    list: Vec<Author>,
    /// How many of `list`, from its start, have a profile.
    profiles: usize,
}

impl Authors {
    /// Every profile is an author, even before any byline names it; a
    /// profile whose id is empty or taken is an error and left out.
    fn new(profiles: Vec<Profile>, diagnostics: &mut Diagnostics) -> Self {
        let mut a = Authors {
            by_id: BTreeMap::new(),
            by_byline: FxHashMap::default(),
            near: FxHashMap::default(),
            list: Vec::new(),
            profiles: 0,
        };
        for p in profiles {
            let id = slugify(&p.id);
            if let Err(message) = a.check_id(&id, &p) {
                diagnostics.push(Diagnostic::error(Location::at(&p.source, 1, 1), message));
                continue;
            }
            a.by_id.insert(id.clone(), a.list.len());
            a.list.push(Author {
                id,
                name: p.name.clone(),
                role: p.role.clone(),
                image: p.image.clone(),
                links: p.links.clone(),
                bio: String::new(),
                articles: Vec::new(),
                profile: Some(p),
            });
        }
        a.profiles = a.list.len();
        a
    }

    /// Why profile `p` cannot have the id `id`: there is none, or an
    /// earlier profile has it (`Mei_Lin.md` and `mei-lin.md` are both
    /// `mei-lin`), which would leave one of them silently unused.
    fn check_id(&self, id: &str, p: &Profile) -> Result<(), String> {
        if id.is_empty() {
            return Err(format!(
                "the file name `{}` has no letters or digits to make an author id from; rename the file",
                p.id
            ));
        }
        match self
            .by_id
            .get(id)
            .and_then(|&i| self.list[i].profile.as_ref())
        {
            Some(first) => Err(format!(
                "two author profiles have the id `{id}`: this one and {} (rename one of the files)",
                first.source.display()
            )),
            None => Ok(()),
        }
    }

    /// A byline is a display name or an id; both slugify to the id. Also
    /// says whether `article` is new among the author's.
    fn add(&mut self, byline: &str, article: usize) -> Option<(usize, bool)> {
        let i = match self.by_byline.get(byline) {
            Some(known) => (*known)?,
            None => {
                let i = self.author(byline);
                self.by_byline.insert(byline.to_string(), i);
                i?
            }
        };
        let author = &mut self.list[i];
        let new = author.articles.last() != Some(&article);
        if new {
            author.articles.push(article);
        }
        Some((i, new))
    }

    /// The index of the author `byline` names, made if new.
    fn author(&mut self, byline: &str) -> Option<usize> {
        let id = slugify(byline);
        if id.is_empty() {
            return None;
        }
        let i = *self.by_id.entry(id.clone()).or_insert_with(|| {
            self.list.push(Author {
                id,
                name: byline.trim().to_string(),
                role: None,
                image: None,
                links: Vec::new(),
                bio: String::new(),
                articles: Vec::new(),
                profile: None,
            });
            self.list.len() - 1
        });
        Some(i)
    }

    /// For a byline that matched no profile (author `i` has none), the
    /// profile it is a typo of: its name, or its id when the byline is
    /// written as an id (`jane-smtih`).
    fn near_profile(&mut self, i: usize, byline: &str) -> Option<String> {
        if self.list[i].profile.is_some() {
            return None;
        }
        if let Some(known) = self.near.get(byline) {
            return known.clone();
        }
        let id = &self.list[i].id;
        // Profiles come first in the list (see `new`).
        let profiles = &self.list[..self.profiles];
        let near = crate::suggest::typo_of(id, profiles.iter().map(|a| a.id.as_str()));
        let near = near.and_then(|n| profiles.iter().find(|a| a.id == n));
        let shown = near.map(|a| match byline.trim() == id {
            true => a.id.clone(),
            false => a.name.clone(),
        });
        self.near.insert(byline.to_string(), shown.clone());
        shown
    }

    fn finish(self) -> (Vec<Author>, Vec<usize>) {
        sort_by_key(&self.by_id, self.list)
    }
}

/// `items` in the order of their keys, and the map from each item's
/// provisional index (its place in `items`) to its final one.
fn sort_by_key<T>(keys: &BTreeMap<String, usize>, items: Vec<T>) -> (Vec<T>, Vec<usize>) {
    let mut map = vec![0; items.len()];
    for (final_index, &provisional) in keys.values().enumerate() {
        map[provisional] = final_index;
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let sorted = keys
        .values()
        .map(|&p| slots[p].take().expect("each slot once"))
        .collect();
    (sorted, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_differ_beyond_case_accents_and_spacing() {
        let same = |a: &str, b: &str| spelling_key(a) == spelling_key(b);
        assert!(same("Middle East", "middle-east"));
        assert!(same("Zoë", "ZOE"));
        assert!(same("U.S.", "US"));
        assert!(!same("C++", "C"));
        assert!(!same("C#", "C++"));
        assert_eq!(and_list(&["a"]), "`a`");
        assert_eq!(and_list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(folder_title("middle-east"), "Middle East");
        assert_eq!(folder_title("china"), "China");
    }

    #[test]
    fn explicit_names_win_and_order_is_by_slug() {
        let mut t = Terms::default();
        t.add("world", false, 0);
        t.add("China", true, 0);
        t.add("World", true, 1);
        let (terms, map) = t.finish();
        assert_eq!(
            terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["China", "World"]
        );
        assert_eq!(map, [1, 0]);
        assert_eq!(terms[1].articles, [0, 1]);
    }

    /// An article naming one term several ways is in it once, and each
    /// repeat is known without searching the article's own list.
    #[test]
    fn repeats_on_one_article_are_dropped() {
        let mut t = Terms::default();
        let seen: Vec<Option<(usize, bool)>> = ["Beijing", "beijing", "Parade", "BEIJING", "!!"]
            .iter()
            .map(|n| t.add(n, true, 7))
            .collect();
        assert_eq!(
            seen,
            [
                Some((0, true)),
                Some((0, false)),
                Some((1, true)),
                Some((0, false)),
                None
            ]
        );
        assert_eq!(t.add("Beijing", true, 8), Some((0, true)));
        let (terms, _) = t.finish();
        assert_eq!(terms[0].articles, [7, 8]);
    }
}
