//! Static files: the embedded theme's, then the theme folder's, then the
//! site's own `static/`, later ones replacing earlier ones by path.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use super::templates::{EMBEDDED_STATIC, relative_name, theme_dir};
use crate::config::Config;
use crate::content::display_path;
use crate::error::{Diagnostic, Location};
use crate::output::{Contents, OutputFile};

pub(crate) fn files(config: &Config) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Contents> = EMBEDDED_STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), Contents::Bytes(bytes.to_vec())))
        .collect();
    let mut errors = Vec::new();
    let theme = theme_dir(config).map_err(|d| vec![d])?;
    let site_static = display_path(&config.root, "static");
    for dir in theme.map(|t| t.join("static")).iter().chain([&site_static]) {
        collect(dir, &mut out, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(out
        .into_iter()
        .map(|(rel_path, contents)| OutputFile { rel_path, contents })
        .collect())
}

/// The files of page bundles, each beside its article's page
/// (`world/story/photo.jpg`).
pub(crate) fn bundles(site: &crate::site::Site) -> impl Iterator<Item = OutputFile> + '_ {
    site.articles.iter().flat_map(|p| {
        p.bundle.iter().filter_map(move |file| {
            let name = file.file_name()?.to_str()?;
            Some(OutputFile {
                rel_path: format!("{}{name}", p.path),
                contents: Contents::Copy(file.clone()),
            })
        })
    })
}

fn collect(dir: &Path, out: &mut BTreeMap<String, Contents>, errors: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                out.insert(
                    relative_name(dir, e.path()),
                    Contents::Copy(e.path().to_path_buf()),
                );
            }
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::error(
                Location::file(e.path().unwrap_or(dir)),
                format!("cannot read: {e}"),
            )),
        }
    }
}
