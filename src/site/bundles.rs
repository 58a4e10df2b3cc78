//! Page bundles: an article written as `<folder>/index.md` publishes the
//! other files of its folder (pictures, PDFs) beside its page, so its body
//! can use them by name (`![](photo.jpg)`).

use std::path::{Path, PathBuf};

use crate::content::{Article, Inside};
use crate::error::{Diagnostic, Diagnostics, Location};

/// For each article, the files to publish beside its page, sorted by name.
pub(crate) fn files(
    articles: &[Article],
    inside: &Inside,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<PathBuf>> {
    articles
        .iter()
        .map(|a| of(a, inside, diagnostics))
        .collect()
}

/// The files beside `a` if it is an `index.md` in a folder of `content/`
/// (not `content/index.md`, whose folder holds every article).
fn of(a: &Article, inside: &Inside, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let in_folder = a.rel_path.ends_with("/index.md");
    match a.source.parent() {
        Some(dir) if in_folder => beside(dir, inside, diagnostics),
        _ => Vec::new(),
    }
}

/// The files directly in `dir` but Markdown (articles of their own) and
/// hidden ones (editors' swap files, `.DS_Store`); subfolders are not copied.
fn beside(dir: &Path, inside: &Inside, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                Location::file(dir),
                format!("cannot read: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_string_lossy();
            let wanted = !name.starts_with('.') && !name.ends_with(".md") && path.is_file();
            let ok =
                wanted && publishable(&path, diagnostics) && inside.check_path(&path, diagnostics);
            ok.then_some(path)
        })
        .collect();
    files.sort();
    files
}

/// Whether the file's name can be a URL path: one that is not UTF-8, or
/// holds `\` or `:`, is left out with a warning.
fn publishable(path: &Path, diagnostics: &mut Diagnostics) -> bool {
    let ok = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(crate::paths::is_safe_url_path);
    if !ok {
        diagnostics.push(Diagnostic::warning(
            Location::file(path),
            "not published beside its article: a file name must be UTF-8 without `\\` or `:`",
        ));
    }
    ok
}
