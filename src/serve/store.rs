//! What `serve` keeps between builds: each content file's parse (its HTML
//! and terms included), while the file's size and modification time and
//! `config.toml` stay the same. Every later stage runs in full on every
//! build, so a served page is the page `build` writes for the same files.
//!
//! When the watcher saw only content files change (saved in place, none
//! added, removed or renamed), the last list of files stands and only
//! those files are looked at again.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Outcome, SourceFile};
use crate::error::Diagnostic;
use crate::error::Diagnostics;
use crate::{Templates, Timings};

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

#[derive(Default)]
pub(super) struct Store {
    /// The configuration the parses were made with (dates depend on its
    /// time zone), as its debug text: any change to it parses anew.
    config: Option<String>,
    /// The files found by the last discovery that met no problem.
    list: Option<Vec<SourceFile>>,
    files: HashMap<PathBuf, (Stamp, Outcome)>,
    /// Content files (paths under `content/`) saved since the last build,
    /// when nothing else changed; `None`: look at everything.
    pub(super) changed: Option<HashSet<String>>,
    /// The templates of the last build, which stand while only content
    /// files change.
    templates: Option<Templates>,
}

impl crate::Sources for Store {
    fn templates(
        &mut self,
        config: &Config,
        t: &mut Timings,
    ) -> Result<Templates, Vec<Diagnostic>> {
        if let (Some(_), Some(templates)) = (&self.changed, &self.templates) {
            return Ok(templates.clone());
        }
        let loaded = t.time("templates", || Templates::load(config));
        self.templates = loaded.as_ref().ok().cloned();
        loaded
    }

    fn content(&mut self, config: &Config, d: &mut Diagnostics, t: &mut Timings) -> Content {
        self.load(config, d, t)
    }
}

impl Store {
    /// Stages 2 and 3 ([`content::discover`], [`content::parse`]), reading
    /// only the files that changed.
    pub(super) fn load(
        &mut self,
        config: &Config,
        diagnostics: &mut Diagnostics,
        t: &mut Timings,
    ) -> Content {
        // The Config this build loaded, not the file again: a save in
        // between would leave parses made with the old one.
        let fingerprint = format!("{config:?}");
        if self.config.as_ref() != Some(&fingerprint) {
            *self = Store {
                config: Some(fingerprint),
                ..Store::default()
            };
        }
        let changed = self.changed.take();
        let (files, clean) = match (self.list.take(), &changed) {
            (Some(list), Some(_)) => (list, true),
            _ => {
                let mut found = Diagnostics::default();
                let files = t.time("discover", || content::discover(config, &mut found));
                let clean = !found.has_errors();
                diagnostics.extend(found.into_sorted());
                (files, clean)
            }
        };
        let content = t.time("parse", || {
            self.parse(&files, changed.as_ref(), config, diagnostics)
        });
        self.list = clean.then_some(files);
        content
    }

    /// [`content::parse`], reading again only the files whose stamp
    /// changed; with `changed`, only those files are looked at.
    fn parse(
        &mut self,
        files: &[SourceFile],
        changed: Option<&HashSet<String>>,
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) -> Content {
        let known = &self.files;
        // (stamp, outcome, whether it was parsed now)
        let results: Vec<(Option<Stamp>, Outcome, bool)> = files
            .par_iter()
            .map(|f| {
                let unreported = changed.is_some_and(|c| !c.contains(&f.rel_path));
                match known.get(&f.path) {
                    Some((old, outcome)) if unreported => (Some(*old), outcome.clone(), false),
                    Some((old, outcome)) if stamp(f) == Some(*old) => {
                        (Some(*old), outcome.clone(), false)
                    }
                    _ => (stamp(f), content::parse_one(f, config), true),
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
            Some(s) => crate::load_with(req, &mut t, s),
            None => crate::load(req, &mut t),
        }
        .unwrap();
        let plan = crate::render::site(site.into(), templates.into()).unwrap();
        (0..plan.count())
            .map(|i| {
                let f = plan.file(i).unwrap();
                let bytes = match f.contents {
                    crate::output::Contents::Bytes(b) => b,
                    crate::output::Contents::Copy(p) => std::fs::read(p).unwrap(),
                };
                (f.rel_path, bytes)
            })
            .collect()
    }

    /// After edits that change an article's text, title and category, one
    /// the watcher reported alone, and an article added and removed, a
    /// build reusing the store gives every file a fresh build gives, byte
    /// for byte.
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
            cache: false,
            cache_dir: None,
            gc: false,
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
        // As the watcher tells it: only this file was saved.
        std::fs::write(&parade, text.replace("parade", "procession")).unwrap();
        store.changed = Some(["china/parade.md".to_string()].into());
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        let added = root.join("content/world/added.md");
        std::fs::write(
            &added,
            "+++\ntitle = \"Parade follow-up\"\ndate = 2025-09-04T08:00:00Z\ncategory = \"World\"\n+++\n\nThe parade's aftermath.\n",
        )
        .unwrap();
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        std::fs::remove_file(&added).unwrap();
        assert_eq!(site_files(&req, Some(&mut store)), site_files(&req, None));
        // A template saved: the watcher reports more than content files.
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("templates/404.html"), "<p>Gone</p>").unwrap();
        store.changed = None;
        let files = site_files(&req, Some(&mut store));
        assert!(
            files
                .iter()
                .any(|(p, b)| p == "404.html" && b == b"<p>Gone</p>")
        );
        assert_eq!(files, site_files(&req, None));
        // Then an article alone: the templates read above stand.
        std::fs::write(&parade, &text).unwrap();
        store.changed = Some(["china/parade.md".to_string()].into());
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
