//! Watches the site's sources and rebuilds when they change.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::{Event, State};
use crate::error::{Error, Result};

/// Events closer together than this are one change (editors save in steps).
const SETTLE: Duration = Duration::from_millis(10);

/// Starts watching; the watcher stops when the returned value is dropped.
pub(super) fn start(
    root: &Path,
    state: Arc<State>,
    on_event: Arc<dyn Fn(Event) + Send + Sync>,
) -> Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", root.display())))?;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changes = Changes::default();
            changes.add(&root, &first);
            while let Ok(more) = rx.recv_timeout(SETTLE) {
                changes.add(&root, &more);
            }
            if changes.relevant {
                state.note_changes(changes.content());
                state.rebuild(&*on_event);
            }
        }
    });
    Ok(watcher)
}

/// What a burst of events changed.
#[derive(Default)]
struct Changes {
    relevant: bool,
    /// Content files saved in place, as paths under `content/`.
    saved: std::collections::HashSet<String>,
    /// Anything else: a file added, removed or renamed, or not content.
    other: bool,
}

impl Changes {
    fn add(&mut self, root: &Path, event: &notify::Result<notify::Event>) {
        // An error or a dropped queue (`Rescan`): anything may have changed.
        if event.as_ref().map_or(true, notify::Event::need_rescan) {
            self.relevant = true;
            self.other = true;
            return;
        }
        if !is_source_event(root, event) {
            return;
        }
        self.relevant = true;
        let Ok(event) = event else { return };
        let in_place = matches!(
            event.kind,
            notify::EventKind::Modify(
                notify::event::ModifyKind::Data(_) | notify::event::ModifyKind::Any
            )
        );
        for p in &event.paths {
            match p.strip_prefix(root.join("content")) {
                Ok(rel) if in_place => {
                    self.saved.insert(rel.to_string_lossy().replace('\\', "/"));
                }
                _ => self.other = true,
            }
        }
    }

    /// The content files saved, if nothing else changed.
    fn content(self) -> Option<std::collections::HashSet<String>> {
        (!self.other).then_some(self.saved)
    }
}

fn is_source_event(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else { return false };
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|p| is_source(root, p))
}

/// `config.toml` and anything under `content/`, `templates/`, `static/`,
/// `themes/`, except hidden files (editor swap files and the like).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first: Option<String> = parts.next();
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name_is_temp = path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.ends_with('~') || n.ends_with(".swp") || n.ends_with(".tmp")
    });
    !hidden
        && !name_is_temp
        && matches!(
            first.as_deref(),
            Some("config.toml" | "content" | "templates" | "static" | "themes")
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = PathBuf::from("/site");
        assert!(is_source(&root, Path::new("/site/content/world/a.md")));
        assert!(is_source(&root, Path::new("/site/config.toml")));
        assert!(!is_source(&root, Path::new("/site/public/index.html")));
        assert!(!is_source(
            &root,
            Path::new("/site/content/world/.a.md.swp")
        ));
        assert!(!is_source(&root, Path::new("/site/.public.dateline-lock")));
    }

    /// Only in-place saves of content files let the next build skip the
    /// walk of `content/`; a file added, or a template saved, does not.
    #[test]
    fn saves_of_content_files_alone_are_named() {
        use notify::event::{CreateKind, DataChange, ModifyKind};
        let root = PathBuf::from("/site");
        let event = |kind, path: &str| Ok(notify::Event::new(kind).add_path(root.join(path)));
        let save = notify::EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let mut saved = Changes::default();
        saved.add(&root, &event(save, "content/world/a.md"));
        assert_eq!(saved.content(), Some(["world/a.md".to_string()].into()));
        let mut added = Changes::default();
        added.add(&root, &event(save, "content/world/a.md"));
        added.add(
            &root,
            &event(
                notify::EventKind::Create(CreateKind::File),
                "content/world/b.md",
            ),
        );
        assert_eq!(added.content(), None);
        let mut template = Changes::default();
        template.add(&root, &event(save, "templates/article.html"));
        assert_eq!(template.content(), None);
        let mut overflow = Changes::default();
        overflow.add(&root, &event(save, "content/world/a.md"));
        let rescan =
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        overflow.add(&root, &Ok(rescan));
        assert!(overflow.relevant);
        assert_eq!(overflow.content(), None);
    }
}
