//! `dateline serve`: the site from memory, rebuilt on every save.
//!
//! 1. Bind 127.0.0.1 (or `--interface`) on the port asked for, or the next
//!    free one.
//! 2. Build the site in memory, keeping each content file's parse for the
//!    next build while the file is unchanged (`store`); every later stage
//!    runs in full, so pages equal `build`'s. Nothing is written: pages are
//!    rendered when requested, and `public/` is never touched.
//! 3. Watch `config.toml`, `content/`, `templates/`, `static/` and `themes/`;
//!    on a change, rebuild and tell open pages (server-sent events) to reload.
//!    A failed build keeps the last good one and shows the problems in the
//!    terminal and over the page (over an empty page when the first build
//!    failed); the next good save recovers.
//! 4. Serve only the site's own files: anything else (`..`, encoded
//!    traversal, absolute paths) is not in the site, so it is a 404. Files
//!    from `static/` are streamed from disk, in byte ranges when asked
//!    (`file`); slow and idle connections are closed (`conn`).

mod conn;
mod file;
mod http;
mod search;
mod store;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::error::{Diagnostic, Error, Result};
use crate::output::Files;
use crate::render::Plan;
use crate::report::Reporter;
use crate::{BuildRequest, Timings};

/// What `dateline serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (holds `config.toml` and `content/`).
    pub root: PathBuf,
    /// The address to listen on.
    pub interface: IpAddr,
    /// The port to try first; the next ones are tried when it is taken.
    pub port: u16,
    /// Show articles marked `draft = true`.
    pub drafts: bool,
}

impl ServeOptions {
    /// Whether drafts (embargoed stories) would be served to other
    /// machines: `--drafts` on an interface that is not loopback.
    pub fn exposes_drafts(&self) -> bool {
        self.drafts && !self.interface.is_loopback()
    }
}

/// What the server reports; the command prints it.
#[derive(Debug)]
pub enum Event {
    /// The server is up, at this address.
    Listening(SocketAddr),
    /// A build succeeded and is being served.
    Built {
        /// How long the build took.
        elapsed: Duration,
        /// Its problems that did not fail it.
        warnings: Vec<Diagnostic>,
        /// How long each stage took.
        timings: Timings,
    },
    /// A build failed with these problems; they are shown over the last good
    /// build's pages, or alone when no build has succeeded yet.
    Failed(Vec<Diagnostic>),
}

/// Ports tried after the one asked for, when it is taken.
const PORT_TRIES: u16 = 50;

/// Builds the site and serves it, rebuilding on every change until the
/// process ends; `on_event` hears of each build.
pub fn run(opts: ServeOptions, on_event: impl Fn(Event) + Send + Sync + 'static) -> Result<()> {
    let listener = bind(opts.interface, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot bind: {e}")))?;
    let state = Arc::new(State::new(&opts, addr));
    let on_event: Arc<dyn Fn(Event) + Send + Sync> = Arc::new(on_event);
    state.rebuild(&*on_event);
    on_event(Event::Listening(addr));
    let _watcher = watch::start(&opts.root, Arc::clone(&state), on_event)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(http::serve(listener, state))
}

fn bind(interface: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    for p in port..port.saturating_add(PORT_TRIES) {
        match TcpListener::bind((interface, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map_or_else(|| "no port to try".to_string(), |e| e.to_string());
    Err(Error::Usage(format!(
        "cannot listen on {interface} ports {port}-{}: {e}",
        port.saturating_add(PORT_TRIES - 1)
    )))
}

/// A built site, ready to render any of its files.
struct Built {
    plan: Plan,
    /// File path under the site (`china/x/index.html`) to its index in the plan.
    index: std::collections::HashMap<String, usize>,
    /// The search index's files by path, made in the background when first
    /// asked for (indexing takes seconds on a large archive); `None` when
    /// `[search]` is off.
    search: Option<Arc<search::Background>>,
}

impl Drop for Built {
    fn drop(&mut self) {
        if let Some(s) = &self.search {
            s.stop();
        }
    }
}

/// What the server shares between the watcher and the requests.
pub(crate) struct State {
    /// The address served; requests must name it or a loopback host.
    addr: SocketAddr,
    request: BuildRequest,
    store: Mutex<store::Store>,
    built: RwLock<Option<Arc<Built>>>,
    /// The problems of the last build, shown over every page until fixed.
    problems: RwLock<Option<String>>,
    events: broadcast::Sender<Message>,
}

#[derive(Debug, Clone)]
pub(crate) enum Message {
    Reload,
    Problems(String),
}

impl State {
    fn new(opts: &ServeOptions, addr: SocketAddr) -> Self {
        let request = BuildRequest {
            root: opts.root.clone(),
            output: None,
            base_url: Some(format!("http://{addr}/")),
            drafts: opts.drafts,
            future: false,
            now: None,
            // Pages are drawn when asked for, never written.
            cache: false,
            cache_dir: None,
            gc: false,
        };
        State {
            addr,
            request,
            store: Mutex::default(),
            built: RwLock::new(None),
            problems: RwLock::new(None),
            events: broadcast::channel(16).0,
        }
    }

    /// Tells the next build which content files were saved: `None` when
    /// something else changed too (then every file is looked at).
    pub(crate) fn note_changes(&self, content: Option<std::collections::HashSet<String>>) {
        self.store.lock().unwrap_or_else(|e| e.into_inner()).changed = content;
    }

    /// Rebuilds; a failure keeps the last good build and records the problems.
    pub(crate) fn rebuild(&self, on_event: &(dyn Fn(Event) + Send + Sync)) {
        let started = Instant::now();
        match self.build() {
            Ok((built, warnings, timings)) => {
                let mut current = self.built.write().unwrap_or_else(|e| e.into_inner());
                let previous = current.replace(Arc::new(built));
                drop(current);
                *self.problems.write().unwrap_or_else(|e| e.into_inner()) = None;
                let _ = self.events.send(Message::Reload);
                on_event(Event::Built {
                    elapsed: started.elapsed(),
                    warnings,
                    timings,
                });
                // Freed once the new build is served, not before.
                drop(previous);
            }
            Err(ds) => {
                let mut reporter = Reporter::new(false);
                let text = ds
                    .iter()
                    .map(|d| reporter.format(d))
                    .collect::<Vec<_>>()
                    .join("\n");
                *self.problems.write().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
                on_event(Event::Failed(ds));
                let _ = self.events.send(Message::Problems(text));
            }
        }
    }

    fn build(&self) -> std::result::Result<(Built, Vec<Diagnostic>, Timings), Vec<Diagnostic>> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let mut t = Timings::default();
        let loaded = crate::load_with(&self.request, &mut t, &mut *store);
        let (mut site, templates, warnings) =
            loaded.map_err(|e| as_diagnostics(&self.request, e))?;
        t.time("encode", || crate::images::publish(&mut site))?;
        let site = Arc::new(site);
        let plan = t.time("plan", || {
            crate::render::site(Arc::clone(&site), Arc::new(templates))
        })?;
        let search = site
            .config
            .search
            .enabled
            .then(|| search::Background::new(site));
        let index = t.time("index", || {
            (0..plan.count())
                .map(|i| (plan.rel_path(i).to_string(), i))
                .collect()
        });
        let built = Built {
            plan,
            index,
            search,
        };
        Ok((built, warnings, t))
    }

    fn current(&self) -> Option<Arc<Built>> {
        self.built.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn problems(&self) -> Option<String> {
        self.problems
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Every failure as diagnostics, for the terminal and the overlay.
fn as_diagnostics(req: &BuildRequest, e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Content(ds) => ds,
        other => vec![Diagnostic::error(
            crate::error::Location::file(&req.root),
            other.to_string(),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_exposed_only_beyond_loopback() {
        let opts = |interface: &str, drafts| ServeOptions {
            root: PathBuf::from("."),
            interface: interface.parse().unwrap(),
            port: 1111,
            drafts,
        };
        assert!(opts("0.0.0.0", true).exposes_drafts());
        assert!(opts("192.168.1.20", true).exposes_drafts());
        assert!(!opts("127.0.0.1", true).exposes_drafts());
        assert!(!opts("::1", true).exposes_drafts());
        assert!(!opts("0.0.0.0", false).exposes_drafts());
    }
}
