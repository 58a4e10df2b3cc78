//! The search index while serving: made on a thread of its own after each
//! build, so a save shows at once; a request for one of its files waits
//! until it is ready, and a newer build stops an older index.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::site::Site;

/// The index's files by path under the site, or why there are none.
type Files = Result<HashMap<String, Vec<u8>>, String>;

pub(super) struct Background {
    files: OnceLock<Files>,
    stop: AtomicBool,
}

impl Background {
    /// Starts indexing `site`.
    pub(super) fn start(site: Arc<Site>) -> Arc<Background> {
        let me = Arc::new(Background {
            files: OnceLock::new(),
            stop: AtomicBool::new(false),
        });
        let worker = Arc::clone(&me);
        std::thread::spawn(move || {
            let made = crate::render::search::files_unless(&site, &worker.stop);
            let made = made.map(|files| files.into_iter().collect());
            let _ = worker.files.set(made.map_err(|d| d.to_string()));
        });
        me
    }

    /// File `path` of the index, once it is made (blocks until then).
    pub(super) fn file(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        match self.files.wait() {
            Ok(files) => files.get(path).cloned().map(Ok),
            Err(why) => Some(Err(why.clone())),
        }
    }

    pub(super) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
