//! Static files: the embedded theme's, then the theme folder's, then the
//! site's own `static/`, later ones replacing earlier ones by path. With
//! `[output] fingerprint` (the default) each stylesheet and script is also
//! published under a name holding a hash of its content, which templates
//! link with `asset()`: a host may then keep it in caches for a year.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use super::templates::{EMBEDDED_STATIC, SEARCH_STATIC, relative_name, theme_dir};
use crate::config::Config;
use crate::content::display_path;
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::output::{Contents, OutputFile};

/// The static files, and the fingerprinted name of each stylesheet and script.
#[derive(Default)]
pub(crate) struct Statics {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) assets: Assets,
}

/// A fingerprinted file's name by its own: `style.css` → `style.1a2b3c4d5e6f.css`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Assets(BTreeMap<String, String>);

impl Assets {
    /// The name to link `path` by: its fingerprinted one, else `path`.
    pub(crate) fn name<'a>(&'a self, path: &'a str) -> &'a str {
        let path = path.trim_start_matches('/');
        self.0.get(path).map_or(path, String::as_str)
    }

    /// Every fingerprinted name.
    pub(crate) fn fingerprinted(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }
}

/// The kinds of file fingerprinted: those a page links by name.
const FINGERPRINTED: [&str; 2] = ["css", "js"];

pub(crate) fn files(config: &Config) -> Result<Statics, Vec<Diagnostic>> {
    let search = config.search.enabled;
    let mut out: BTreeMap<String, Contents> = EMBEDDED_STATIC
        .iter()
        .filter(|(name, _)| search || !SEARCH_STATIC.contains(name))
        .map(|(name, bytes)| (name.to_string(), Contents::Bytes(bytes.to_vec())))
        .collect();
    let mut errors = Diagnostics::default();
    let theme = theme_dir(config).map_err(|d| vec![d])?;
    let site_static = display_path(&config.root, "static");
    for dir in theme.map(|t| t.join("static")).iter().chain([&site_static]) {
        let inside = crate::content::Inside::new(config, dir);
        collect(dir, &inside, &mut out, &mut errors);
    }
    let assets = match config.fingerprint {
        true => fingerprint(&mut out, &mut errors),
        false => Assets::default(),
    };
    if errors.has_errors() {
        return Err(errors.into_sorted());
    }
    let files = out
        .into_iter()
        .map(|(rel_path, contents)| OutputFile { rel_path, contents })
        .collect();
    Ok(Statics { files, assets })
}

/// Adds a copy of each stylesheet and script under its fingerprinted name;
/// the plain name stays, for links written by hand.
fn fingerprint(out: &mut BTreeMap<String, Contents>, errors: &mut Diagnostics) -> Assets {
    let mut assets = BTreeMap::new();
    let linked = out.iter().filter(|(rel, _)| {
        let ext = rel.rsplit_once('.').map(|(_, e)| e);
        ext.is_some_and(|e| FINGERPRINTED.contains(&e))
    });
    let mut copies = Vec::new();
    for (rel, contents) in linked {
        let bytes = match contents {
            Contents::Bytes(b) => b.clone(),
            Contents::Copy(path) => match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    errors.push(Diagnostic::error(Location::file(path), e.to_string()));
                    continue;
                }
            },
        };
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
        let named = format!("{stem}.{:012x}.{ext}", hash >> 16);
        assets.insert(rel.clone(), named.clone());
        copies.push((named, Contents::Bytes(bytes)));
    }
    for (named, bytes) in copies {
        if let Some(Contents::Copy(own)) = out.get(&named) {
            let m = format!(
                "`{named}` is also the fingerprinted name of another file (`[output] fingerprint`): rename it"
            );
            errors.push(Diagnostic::error(Location::file(own), m));
            continue;
        }
        out.insert(named, bytes);
    }
    Assets(assets)
}

/// The static files followed by the files of page bundles, each beside its
/// article's page (`world/story/photo.jpg`).
pub(crate) fn with_bundles(
    mut statics: Vec<OutputFile>,
    pages: &[crate::site::Page],
) -> Vec<OutputFile> {
    statics.extend(pages.iter().flat_map(|p| {
        p.bundle.iter().filter_map(move |file| {
            let name = file.file_name()?.to_str()?;
            Some(OutputFile {
                rel_path: format!("{}{name}", p.path),
                contents: Contents::Copy(file.clone()),
            })
        })
    }));
    statics
}

fn collect(
    dir: &Path,
    inside: &crate::content::Inside,
    out: &mut BTreeMap<String, Contents>,
    errors: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) if !inside.check(&e, errors) => {
                if e.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() => match check_name(dir, e.path()) {
                Ok(rel) => drop(out.insert(rel, Contents::Copy(e.path().to_path_buf()))),
                Err(why) => errors.push(Diagnostic::error(Location::file(e.path()), why)),
            },
            Ok(_) => {}
            Err(e) => errors.push(crate::content::walk_error(dir, e)),
        }
    }
}

/// The file's path under the output, if every name in it is one all
/// systems accept: a build must not fail while writing on what `check` passed.
fn check_name(dir: &Path, path: &Path) -> Result<String, String> {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    if rel.to_str().is_none() {
        return Err("the file name is not valid UTF-8; rename the file".into());
    }
    let rel = relative_name(dir, path);
    match rel
        .split('/')
        .find_map(|n| crate::paths::bad_file_name(n).map(|w| (n, w)))
    {
        Some((name, why)) => Err(format!("cannot be published: `{name}` {why}; rename it")),
        None => Ok(rel),
    }
}
