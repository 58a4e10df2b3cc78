//! What `serve` keeps between builds: each content file's parse, while the
//! file's size and modification time and `config.toml` stay the same.
//! Every later stage runs in full on every build, so a served page is the
//! page `build` writes for the same files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Parsed, SourceFile};
use crate::error::{Diagnostic, Diagnostics};

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

type Outcome = Result<Parsed, Vec<Diagnostic>>;

#[derive(Default)]
pub(super) struct Store {
    /// The text of `config.toml` the parses were made with (dates depend on
    /// its time zone, URLs on its permalinks).
    config: Option<String>,
    files: HashMap<PathBuf, (Stamp, Outcome)>,
}

impl Store {
    /// [`content::parse`], reading only the files that changed.
    pub(super) fn parse(
        &mut self,
        files: &[SourceFile],
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) -> Content {
        let config_text = std::fs::read_to_string(config.root.join(crate::config::CONFIG_FILE));
        if self.config.as_deref() != config_text.as_deref().ok() {
            self.files.clear();
            self.config = config_text.ok();
        }
        let known = &self.files;
        // (stamp, outcome, whether it was parsed now)
        let results: Vec<(Option<Stamp>, Outcome, bool)> = files
            .par_iter()
            .map(|f| {
                let st = stamp(f);
                match (st, known.get(&f.path)) {
                    (Some(st), Some((old, outcome))) if *old == st => {
                        (Some(st), outcome.clone(), false)
                    }
                    _ => (st, content::parse_one(f, config), true),
                }
            })
            .collect();
        for (f, (st, outcome, fresh)) in files.iter().zip(&results) {
            match st {
                Some(st) if *fresh => {
                    self.files.insert(f.path.clone(), (*st, outcome.clone()));
                }
                Some(_) => {}
                None => {
                    self.files.remove(&f.path);
                }
            }
        }
        if self.files.len() > files.len() {
            let present: std::collections::HashSet<&PathBuf> =
                files.iter().map(|f| &f.path).collect();
            self.files.retain(|path, _| present.contains(path));
        }
        let outcomes = results.into_iter().map(|(_, outcome, _)| outcome).collect();
        content::collect(outcomes, diagnostics)
    }
}

fn stamp(f: &SourceFile) -> Option<Stamp> {
    let m = std::fs::metadata(&f.path).ok()?;
    Some((m.len(), m.modified().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Files;
    use crate::{BuildRequest, Timings};

    /// Every file of the site, rendered.
    fn site_files(req: &BuildRequest, store: Option<&mut Store>) -> Vec<(String, Vec<u8>)> {
        let mut t = Timings::default();
        let (site, templates, _) = match store {
            Some(s) => crate::load_with(req, &mut t, |f, c, d| s.parse(f, c, d)),
            None => crate::load(req, &mut t),
        }
        .unwrap();
        let plan = crate::render::site(site.into(), templates.into()).unwrap();
        (0..plan.count())
            .map(|i| {
                let f = plan.file(i).unwrap();
                let bytes = match f.contents {
                    crate::render::Contents::Bytes(b) => b,
                    crate::render::Contents::Copy(p) => std::fs::read(p).unwrap(),
                };
                (f.rel_path, bytes)
            })
            .collect()
    }

    /// After edits that change an article's text, title, date and
    /// category, and one that adds an article, a build reusing the
    /// store gives every file a fresh build gives, byte for byte.
    #[test]
    fn a_rebuild_from_the_store_equals_a_fresh_build() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&fixture, &root);
        let req = BuildRequest {
            root: root.clone(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        };
        let mut store = Store::default();
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        let parade = root.join("content/china/parade.md");
        let text = std::fs::read_to_string(&parade).unwrap();
        let edits = [
            text.replace("title = \"", "title = \"Updated: "),
            text.replace("category = \"China\"", "category = \"World\"")
                + "\nA new closing paragraph about markets and trade.\n",
        ];
        for edited in edits {
            std::fs::write(&parade, edited).unwrap();
            assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        }
        let added = root.join("content/world/added.md");
        std::fs::write(
            &added,
            "+++\ntitle = \"Parade follow-up\"\ndate = 2025-09-04T08:00:00Z\ncategory = \"World\"\n+++\n\nThe parade's aftermath.\n",
        )
        .unwrap();
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        std::fs::remove_file(&added).unwrap();
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let target = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
}
