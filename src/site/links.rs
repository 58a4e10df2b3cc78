//! References between articles: `@/` links in bodies, `related` entries and
//! `#anchor`s, all resolved and checked at build time.

use std::collections::HashMap;

use super::RelatedEntry;
use super::schedule::Absence;
use crate::content::Article;
use crate::content::article::Related;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::markdown::{self, Target, Unresolved};

/// Finds an article by its path under `content/` (with or without `.md`),
/// or by the path of its URL.
pub(crate) struct RefIndex<'a> {
    by_key: HashMap<&'a str, usize>,
    /// Each article's URL path under the site, without its slashes.
    by_url: HashMap<String, usize>,
    /// The site's path (`news/` for a site at `/news/`), which a URL path
    /// may start with.
    root: String,
    /// The articles of the content not in this build, and why.
    absent: HashMap<String, Absence>,
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

/// The keys a reference may mean, most likely first: as written (a
/// folder's `index.md` for a folder), then without a leading `content/`,
/// as the path of the file from the site's folder.
fn candidate_keys(reference: &str) -> Vec<String> {
    let k = key(reference).trim_end_matches('/');
    let mut keys = vec![k.to_string(), format!("{k}/index")];
    if let Some(inner) = k
        .strip_prefix(crate::content::CONTENT_DIR)
        .and_then(|r| r.strip_prefix('/'))
    {
        keys.push(inner.to_string());
        keys.push(format!("{inner}/index"));
    }
    keys
}

impl<'a> RefIndex<'a> {
    pub(crate) fn new(
        articles: &'a [Article],
        paths: &[String],
        root: &str,
        absent: Vec<(String, Absence)>,
    ) -> Self {
        let by_key = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (key(&a.rel_path), i))
            .collect();
        let by_url = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.trim_matches('/').to_string(), i))
            .collect();
        let urls = paths
            .iter()
            .map(|p| crate::paths::url_in(root, p))
            .collect();
        let absent = absent
            .into_iter()
            .map(|(rel, why)| (key(&rel).to_string(), why))
            .collect();
        RefIndex {
            by_key,
            by_url,
            root: root.trim_start_matches('/').to_string(),
            absent,
            articles,
            urls,
        }
    }

    /// The article `reference` names: by its file (see [`candidate_keys`]),
    /// else by its URL path (`/world/slug/`).
    pub(crate) fn find(&self, reference: &str) -> Result<usize, Unresolved> {
        // Nearly every reference is the path as written: found without allocating.
        if let Some(&i) = self.by_key.get(key(reference)) {
            return Ok(i);
        }
        let keys = candidate_keys(reference);
        let by_file = keys.iter().find_map(|k| self.by_key.get(k.as_str()));
        if let Some(&i) = by_file.or_else(|| self.by_url(reference)) {
            return Ok(i);
        }
        match keys.iter().find_map(|k| self.absent.get(k)) {
            Some(why) => Err(absent_message(reference.trim(), why)),
            None => Err(Unresolved::Error(self.no_article(reference))),
        }
    }

    /// The article whose URL path is `reference`, with or without the
    /// site's own path in front.
    fn by_url(&self, reference: &str) -> Option<&usize> {
        let path = reference.trim();
        let path = path.strip_prefix("@/").unwrap_or(path).trim_matches('/');
        let inner = path.strip_prefix(self.root.as_str()).unwrap_or(path);
        self.by_url
            .get(path)
            .or_else(|| self.by_url.get(inner.trim_matches('/')))
    }

    /// "No such article", with the closest path when one is close.
    fn no_article(&self, reference: &str) -> String {
        let mut message = format!("no article `{}` under content/", reference.trim());
        if let Some(near) = self.nearest(key(reference)) {
            message.push_str(&format!("; did you mean `{near}.md`?"));
        }
        message
    }

    /// When the article `reference` names is scheduled to come out, if it
    /// is a scheduled one (a link in a live update not out yet may wait for it).
    pub(crate) fn scheduled(&self, reference: &str) -> Option<jiff::Timestamp> {
        let path = reference.split_once('#').map_or(reference, |(p, _)| p);
        let keys = candidate_keys(path);
        match keys.iter().find_map(|k| self.absent.get(k))? {
            Absence::Scheduled(at) => Some(at.timestamp()),
            _ => None,
        }
    }

    /// Only called for broken references, so a scan is fine here. Articles
    /// not in this build count: a typo of a draft's path is still a typo.
    fn nearest(&self, k: &str) -> Option<&str> {
        let absent = self.absent.keys().map(String::as_str);
        crate::suggest::nearest(k, self.by_key.keys().copied().chain(absent), 0.85)
    }
}

/// What to say of a link to an article that is not in this build.
fn absent_message(reference: &str, why: &Absence) -> Unresolved {
    let message = match why {
        Absence::Broken => return Unresolved::TargetHasErrors,
        Absence::Draft => format!("`{reference}` is a draft; build with --drafts to link it"),
        Absence::Scheduled(at) => format!(
            "`{reference}` is scheduled for {}; build with --future to link it, or publish it first",
            at.strftime("%Y-%m-%d %H:%M %Z")
        ),
        Absence::Expired(at) => {
            return Unresolved::Expired(format!(
                "`{reference}` expired on {} and is no longer published",
                at.strftime("%Y-%m-%d %H:%M %Z")
            ));
        }
    };
    Unresolved::Error(message)
}

impl markdown::Resolver for RefIndex<'_> {
    fn resolve(&self, reference: &str) -> Result<Target, Unresolved> {
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
            let Some(entry) = related_entry(Some(i), r, index, diagnostics) else {
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

/// The `related` problems of an article waiting for its date that would
/// fail the build publishing it: those naming an article out by then are not.
pub(crate) fn scheduled_related(a: &Article, index: &RefIndex) -> Vec<Diagnostic> {
    let mut found = Diagnostics::default();
    for r in &a.related {
        let due = match r {
            Related::Article { reference, .. } => index.scheduled(reference),
            Related::External { .. } => None,
        };
        if due.is_none_or(|d| d > a.date.timestamp()) {
            related_entry(None, r, index, &mut found);
        }
    }
    found.into_sorted()
}

/// Entry `r` of the `related` list of article `i` (`None`: one not in the
/// site yet).
fn related_entry(
    i: Option<usize>,
    r: &Related,
    index: &RefIndex,
    diagnostics: &mut Diagnostics,
) -> Option<RelatedEntry> {
    match r {
        Related::Article { reference, at } => match index.find(reference) {
            Ok(j) if Some(j) == i => {
                diagnostics.push(Diagnostic::error(
                    at.clone(),
                    "`related` lists the article itself",
                ));
                None
            }
            Ok(j) => Some(RelatedEntry::Article(j)),
            Err(Unresolved::Error(m)) => {
                diagnostics.push(Diagnostic::error(at.clone(), format!("`related`: {m}")));
                None
            }
            Err(Unresolved::TargetHasErrors) => None,
            Err(Unresolved::Expired(m)) => {
                let m = format!("`related`: {m}: the entry is left out");
                diagnostics.push(Diagnostic::warning(at.clone(), m));
                None
            }
        },
        Related::External { title, url, at } => {
            if !crate::content::publishing::is_absolute_url(url) {
                diagnostics.push(Diagnostic::error(
                    at.clone(),
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

/// An error at each `@/x.md#anchor` of `links` into an article of
/// `waiting` (its date not come yet) that has no such heading; `due` says
/// which links are checked (those the linking article may have).
pub(crate) fn waiting_anchors(
    links: &[markdown::LinkRef],
    waiting: &[Article],
    due: impl Fn(&markdown::LinkRef) -> bool,
) -> Vec<Diagnostic> {
    let by_key: HashMap<&str, &Article> = waiting.iter().map(|a| (key(&a.rel_path), a)).collect();
    let mut out = Vec::new();
    for l in links.iter().filter(|l| due(l)) {
        let Some((path, anchor)) = l.reference.split_once('#') else {
            continue;
        };
        let keys = candidate_keys(path);
        let Some(t) = keys.iter().find_map(|k| by_key.get(k.as_str())) else {
            continue;
        };
        if !t.body.heading_ids.iter().any(|id| id == anchor) {
            let m = format!("`{}` has no heading with the id `#{anchor}`", t.rel_path);
            out.push(Diagnostic::error(l.at.clone(), m));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn article(rel: &str, front: &str) -> Article {
        let config = crate::Config::parse(std::path::Path::new("."), "", None).unwrap();
        let text = format!("+++\ntitle = \"T\"\ndate = 2025-09-01\n{front}+++\nBody.\n");
        Article::parse(rel, std::path::Path::new(rel), &text, &config).unwrap()
    }

    /// Every way of naming an article finds it, the URL path with the
    /// site's own path in front too; what is not in the build says why.
    #[test]
    fn references_by_file_folder_and_url_path_resolve() {
        let articles = [
            article("world/old-name.md", "slug = \"renamed\"\n"),
            article("world/storm/index.md", ""),
        ];
        let paths = ["world/renamed/".to_string(), "world/storm/".to_string()];
        let absent = vec![("world/draft.md".to_string(), Absence::Draft)];
        let index = RefIndex::new(&articles, &paths, "/news/", absent);
        for (reference, want) in [
            ("world/old-name.md", 0),
            ("content/world/old-name.md", 0),
            ("/news/world/renamed/", 0),
            ("@/world/renamed", 0),
            ("world/storm", 1),
            ("@/world/storm/", 1),
        ] {
            assert_eq!(index.find(reference), Ok(want), "{reference}");
        }
        let Err(Unresolved::Error(draft)) = index.find("/world/draft") else {
            panic!("a draft is no article of this build");
        };
        assert!(draft.contains("--drafts"), "{draft}");
    }
}
