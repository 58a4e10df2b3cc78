//! Stage 2 and 3: find the content files, then parse them (in parallel).
//!
//! 1. `discover` walks `content/` in sorted order; walk errors become diagnostics.
//! 2. `parse` reads and parses each file: `authors/*.md` are profiles,
//!    `_index.md` files describe list pages (`list_page.rs`), every other
//!    `.md` file is an article.

pub(crate) mod article;
pub(crate) mod author;
pub(crate) mod bodies;
pub(crate) mod date;
pub mod frontmatter;
pub(crate) mod house;
pub(crate) mod image;
pub(crate) mod list_page;
pub(crate) mod live;
pub(crate) mod publishing;
pub(crate) mod series;
mod spans;
pub(crate) mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use article::Article;
pub use author::Profile;
pub use list_page::ListPage;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Location};
pub use bodies::BodyStats;
use bodies::{Bodies, HtmlAt, KeptBody};

pub(crate) const CONTENT_DIR: &str = "content";
pub(crate) const AUTHORS_DIR: &str = "authors";

/// A Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// `/`-separated path under `content/`.
    pub(crate) rel_path: String,
    /// The path on disk, as shown in messages.
    pub(crate) path: PathBuf,
}

/// Everything parsed from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Every article (drafts too), in the order of the files.
    pub articles: Vec<Article>,
    /// The author profiles of `content/authors/`.
    pub profiles: Vec<Profile>,
    /// The list pages (`_index.md`), in the order of the files.
    pub list_pages: Vec<ListPage>,
    /// The paths under `content/` of the article files that did not parse
    /// (their errors are reported): links to them say nothing more.
    pub failed: Vec<String>,
}

/// Lists the `.md` files under `<root>/content`, sorted, skipping hidden ones.
pub fn discover(config: &Config, diagnostics: &mut Diagnostics) -> Vec<SourceFile> {
    let dir = display_path(&config.root, CONTENT_DIR);
    if !dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            Location::file(&dir),
            "content folder not found",
        ));
        return Vec::new();
    }
    let mut walker = WalkDir::new(&dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    let inside = Inside::new(config, &dir);
    let mut files = Vec::new();
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) if !inside.check(&e, diagnostics) => {
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(source_file(&dir, e.path()))
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(walk_error(&dir, e)),
        }
    }
    // By keys made once: the walker's own sort parses both paths at every comparison.
    files.par_sort_by_cached_key(|f| folder_order(&f.rel_path));
    files
}

/// Keeps symbolic links from publishing what lies outside the folder being
/// read: where CI builds contributors' pull requests, one committed link to
/// `/etc/hostname`, or to `../.git/config` (where CI keeps its token), would
/// put it on the public site.
pub(crate) struct Inside {
    /// The folder (`content/`, `static/`) with links resolved; `None` when
    /// links may leave it.
    root: Option<PathBuf>,
}

impl Inside {
    /// Links under `folder` must stay in it, unless the site allows otherwise.
    pub(crate) fn new(config: &Config, folder: &Path) -> Self {
        let root = (!config.allow_outside_links).then(|| {
            folder
                .canonicalize()
                .unwrap_or_else(|_| folder.to_path_buf())
        });
        Inside { root }
    }

    /// Whether `e` may be read: not a link whose target is outside the site
    /// (that is an error naming the link and its target).
    pub(crate) fn check(&self, e: &walkdir::DirEntry, diagnostics: &mut Diagnostics) -> bool {
        !e.path_is_symlink() || self.check_link(e.path(), diagnostics)
    }

    /// [`Inside::check`] for a path found without walkdir.
    pub(crate) fn check_path(&self, path: &Path, diagnostics: &mut Diagnostics) -> bool {
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        !link || self.check_link(path, diagnostics)
    }

    fn check_link(&self, path: &Path, diagnostics: &mut Diagnostics) -> bool {
        let Some(root) = &self.root else {
            return true;
        };
        match path.canonicalize() {
            Ok(target) if !target.starts_with(root) => {
                diagnostics.push(Diagnostic::error(
                    Location::file(path),
                    format!(
                        "symbolic link to `{}`, outside {}; only files inside it are published (set `allow_outside_links = true` under `[security]` in config.toml to allow it)",
                        target.display(),
                        root.display()
                    ),
                ));
                false
            }
            _ => true,
        }
    }
}

/// A path's bytes with `/` lowest, so a folder's files come before any
/// sibling whose name extends the folder's (`a/x` before `a-b`).
fn folder_order(rel_path: &str) -> Vec<u8> {
    rel_path
        .bytes()
        .map(|c| if c == b'/' { 0 } else { c })
        .collect()
}

fn source_file(dir: &Path, path: &Path) -> SourceFile {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let rel_path = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    SourceFile {
        rel_path,
        path: path.to_path_buf(),
    }
}

/// A problem met while listing a folder, located at the entry.
pub(crate) fn walk_error(dir: &Path, e: walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir).to_path_buf();
    let message = if e.loop_ancestor().is_some() {
        "symbolic link loop".to_string()
    } else if let Some(target) = broken_link_target(&path) {
        format!(
            "broken symbolic link: its target `{}` does not exist",
            target.display()
        )
    } else {
        e.io_error()
            .map_or_else(|| e.to_string(), |io| io.to_string())
    };
    // A folder the build may not read is the machine's problem (exit code 2).
    let denied = e
        .io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied);
    Diagnostic {
        environment: denied,
        ..Diagnostic::error(Location::file(path), format!("cannot read: {message}"))
    }
}

/// Where a symbolic link points, if that does not exist.
fn broken_link_target(path: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(path).ok()?;
    (!path.exists()).then_some(target)
}

/// `root/rel`, without a leading `./` when the root is the current folder.
pub(crate) fn display_path(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Article(Box<Article>),
    Profile(Box<Profile>),
    ListPage(Box<ListPage>),
}

/// What reading one file gave: the article or profile, if it parsed, and
/// every problem found (errors and warnings).
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) parsed: Option<Parsed>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The path under `content/` of an article file that did not parse.
    pub(crate) failed: Option<String>,
}

/// Reads and parses every file in parallel; results keep the sorted order.
pub fn parse(files: &[SourceFile], config: &Config, diagnostics: &mut Diagnostics) -> Content {
    let results: Vec<_> = files.par_iter().map(|f| parse_one(f, config)).collect();
    collect(results, diagnostics)
}

/// [`parse`], taking each unchanged article's body from what the last
/// builds `kept`; also gives the bodies of this build, to keep for the
/// next, and how many were taken.
pub(crate) fn parse_kept(
    files: &[SourceFile],
    config: &Config,
    kept: &Bodies,
    diagnostics: &mut Diagnostics,
) -> (Content, Vec<KeptBody>, BodyStats) {
    let results: Vec<_> = files
        .par_iter()
        .map(|f| parse_with(f, config, Some(kept)))
        .collect();
    let (outcomes, bodies): (Vec<_>, Vec<_>) = results.into_iter().unzip();
    let content = collect(outcomes, diagnostics);
    let taken = bodies.iter().flatten().filter(|b| b.taken).count();
    let stats = BodyStats {
        kept: taken,
        converted: content.articles.len() - taken,
    };
    (content, bodies.into_iter().flatten().collect(), stats)
}

/// Parse results, in order, as articles and profiles; problems to `diagnostics`.
pub(crate) fn collect(results: Vec<Outcome>, diagnostics: &mut Diagnostics) -> Content {
    let mut content = Content {
        articles: Vec::with_capacity(results.len()),
        profiles: Vec::new(),
        list_pages: Vec::new(),
        failed: Vec::new(),
    };
    for Outcome {
        parsed,
        diagnostics: found,
        failed,
    } in results
    {
        diagnostics.extend(found);
        content.failed.extend(failed);
        match parsed {
            Some(Parsed::Article(a)) => content.articles.push(*a),
            Some(Parsed::Profile(p)) => content.profiles.push(*p),
            Some(Parsed::ListPage(p)) => content.list_pages.push(*p),
            None => {}
        }
    }
    content
}

pub(crate) fn parse_one(file: &SourceFile, config: &Config) -> Outcome {
    parse_with(file, config, None).0
}

/// [`parse_one`] with the bodies kept by the last builds, if any; also
/// gives the article's body under its key, to keep.
fn parse_with(
    file: &SourceFile,
    config: &Config,
    kept: Option<&Bodies>,
) -> (Outcome, Option<KeptBody>) {
    let (parsed, diagnostics, body) = read_and_parse(file, config, kept);
    let rel = &file.rel_path;
    let is_article = profile_id(rel).is_none() && !list_page::is_list_page(rel);
    let failed = (parsed.is_none() && is_article).then(|| file.rel_path.clone());
    let outcome = Outcome {
        parsed,
        diagnostics,
        failed,
    };
    (outcome, body)
}

/// The file's article or profile, if it parsed, every problem found, and
/// an article's body to keep (when bodies are `kept`).
fn read_and_parse(
    file: &SourceFile,
    config: &Config,
    kept: Option<&Bodies>,
) -> (Option<Parsed>, Vec<Diagnostic>, Option<KeptBody>) {
    let text = match read_text(&file.path) {
        Ok(text) => text,
        Err(d) => return (None, vec![d], None),
    };
    let digests = kept.map(|_| bodies::digests(&file.path, text.as_bytes()));
    let key = digests.map(|d| d.1);
    let known = kept.zip(key).and_then(|(kept, k)| kept.get(k));
    let mut body = None;
    let (text, mut diagnostics) = text::clean(&file.path, &text);
    if let Ok(split) = frontmatter::split(&file.path, &text) {
        diagnostics.extend(frontmatter::escape_warnings(&file.path, &text, &split));
    }
    let parsed = match profile_id(&file.rel_path) {
        _ if list_page::is_list_page(&file.rel_path) => list_page(file, &text, &mut diagnostics),
        Some(id) => Profile::parse(id, &file.path, &text).map(|p| Parsed::Profile(Box::new(p))),
        None => {
            let body_of = known.map(|k| &k.0);
            let parsed = Article::parse_known(&file.rel_path, &file.path, &text, config, body_of);
            parsed.map(|(mut a, taken)| {
                diagnostics.append(&mut a.warnings);
                a.body_key = digests.map(|d| d.0);
                a.cache_key = key;
                a.html_at = known.filter(|_| taken).map(|k| k.1.clone());
                body = kept.and_then(|k| to_keep(&mut a, k, taken));
                Parsed::Article(Box::new(a))
            })
        }
    };
    let parsed = parsed.map_err(|ds| diagnostics.extend(ds)).ok();
    (parsed, diagnostics, body)
}

/// What the build cache is to keep of article `a`, whose body was `taken`
/// from it or converted: a converted body's HTML is spilled out of memory.
fn to_keep(a: &mut Article, kept: &Bodies, taken: bool) -> Option<KeptBody> {
    if !taken
        && a.live.is_none()
        && let Some(at) = kept.spill(&a.body.html)
    {
        a.html_at = Some(at);
        std::sync::Arc::make_mut(&mut a.body).html = "".into();
    }
    Some(KeptBody {
        key: a.cache_key?,
        body: a.kept_body()?,
        taken,
        html: a.html_at.clone(),
    })
}

/// Where each article's HTML is kept now that the build cache holds it
/// (`kept`, by key): the articles let go of the HTML in memory.
pub(crate) fn keep_html(articles: &mut [Article], kept: &HashMap<u128, HtmlAt>) {
    for a in articles {
        let Some(at) = a.cache_key.and_then(|k| kept.get(&k)) else {
            continue;
        };
        a.html_at = Some(at.clone());
        if !a.body.html.is_empty() {
            std::sync::Arc::make_mut(&mut a.body).html = "".into();
        }
    }
}

/// An article's body HTML converted again from its file, which must still
/// hold the bytes digested `digest`: for when the HTML the build cache
/// kept cannot be read back.
pub(crate) fn html_again(path: &Path, digest: Option<u128>) -> Result<String, String> {
    let changed = || format!("{} changed during the build; build again", path.display());
    let text = read_text(path).map_err(|_| changed())?;
    if Some(bodies::digests(path, text.as_bytes()).0) != digest {
        return Err(changed());
    }
    let (text, _) = text::clean(path, &text);
    let split = frontmatter::split(path, &text).map_err(|_| changed())?;
    let source = crate::markdown::Source {
        path,
        body: split.body,
        first_line: crate::error::line_col(&text, split.body_offset).0,
    };
    Ok(crate::markdown::convert(&source).html.to_string())
}

/// A `_index.md`: a list page, or nothing (with a warning) for a kind of
/// list that has none.
fn list_page(
    file: &SourceFile,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Parsed, Vec<Diagnostic>> {
    let (page, warnings) = ListPage::parse(&file.rel_path, &file.path, text)?;
    diagnostics.extend(warnings);
    page.map(|p| Parsed::ListPage(Box::new(p)))
        .ok_or_else(Vec::new)
}

/// `authors/mei-lin.md` is the profile with id `mei-lin`.
fn profile_id(rel_path: &str) -> Option<&str> {
    let name = rel_path.strip_prefix(AUTHORS_DIR)?.strip_prefix('/')?;
    let id = name.strip_suffix(".md")?;
    (!id.contains('/')).then_some(id)
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Location::file(path), format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = utf8_error_position(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(
            Location::at(path, line, col),
            "the file is not valid UTF-8 (save it as UTF-8)",
        )
    })
}

fn utf8_error_position(bytes: &[u8], valid_up_to: usize) -> (usize, usize) {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    crate::error::line_col(valid, valid.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_lists_a_folders_files_before_siblings_that_extend_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join(CONTENT_DIR);
        for f in [
            "b.md",
            "a-b.md",
            "a/x.md",
            "a/b/y.md",
            ".hidden.md",
            "a/notes.txt",
        ] {
            let path = content.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let config = Config::parse(dir.path(), "", None).unwrap();
        let mut diagnostics = Diagnostics::default();
        let files = discover(&config, &mut diagnostics);
        let found: Vec<&str> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(found, ["a/b/y.md", "a/x.md", "a-b.md", "b.md"]);
        assert_eq!(files[0].path, content.join("a/b/y.md"));
    }
}
