//! The search index while serving: made on a thread of its own when a page
//! first asks for one of its files after a build, so a save shows at once
//! and an edit costs no indexing until someone searches (indexing takes
//! seconds and gigabytes on a large archive). Requests wait until the index
//! is ready; a newer build stops an older index.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once, OnceLock};

use crate::site::Site;

/// The index's files by path under the site, or why there are none.
type Files = Result<HashMap<String, Vec<u8>>, String>;

pub(super) struct Background {
    site: Arc<Site>,
    started: Once,
    files: OnceLock<Files>,
    stop: AtomicBool,
}

impl Background {
    /// The index of `site`, made when first asked for.
    pub(super) fn new(site: Arc<Site>) -> Arc<Background> {
        Arc::new(Background {
            site,
            started: Once::new(),
            files: OnceLock::new(),
            stop: AtomicBool::new(false),
        })
    }

    /// File `path` of the index, once it is made (blocks until then).
    pub(super) fn file(self: &Arc<Self>, path: &str) -> Option<Result<Vec<u8>, String>> {
        self.started.call_once(|| {
            let worker = Arc::clone(self);
            std::thread::spawn(move || {
                let made = std::panic::catch_unwind(|| {
                    crate::render::search::files_unless(&worker.site, &worker.stop)
                });
                // A panic in the indexer still answers the waiting requests.
                let made = match made {
                    Ok(made) => made
                        .map(|f| f.into_iter().collect())
                        .map_err(|d| d.to_string()),
                    Err(_) => Err("the search index could not be built".to_string()),
                };
                let _ = worker.files.set(made);
            });
        });
        match self.files.wait() {
            Ok(files) => files.get(path).cloned().map(Ok),
            Err(why) => Some(Err(why.clone())),
        }
    }

    pub(super) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
