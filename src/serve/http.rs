//! The HTTP side: pages rendered on request, and the live-reload stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use super::conn::{self, Timeouts};
use super::{Built, Message, State, file};
use crate::error::{Error, Result};
use crate::output::Contents;
use crate::output::Files;

pub(crate) const EVENTS_PATH: &str = "/__dateline/events";

pub(super) async fn serve(listener: std::net::TcpListener, state: Arc<State>) -> Result<()> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Usage(e.to_string()))?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|e| Error::Usage(e.to_string()))?;
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), own_host))
        .with_state(state);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = stop.send(true);
        }
    });
    conn::serve(listener, app, Timeouts::SERVE, stopping, SHUTDOWN_GRACE).await;
    Ok(())
}

/// How long requests under way may take after Ctrl-C: live-reload streams
/// never end by themselves, and Ctrl-C should stop the server at once.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// How often the live-reload stream sends a comment: the connection must
/// move bytes well within the idle timeout, or it would be closed.
const PING: Duration = Duration::from_secs(15);
const _: () = assert!(PING.as_secs() * 2 < conn::IDLE_TIMEOUT.as_secs());

/// Answers only requests for this server by a loopback name or its own
/// address: a page on another site could otherwise read the preview, drafts
/// and all, through a name of its own that resolves here (DNS rebinding).
async fn own_host(Shared(state): Shared<Arc<State>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if host.is_some_and(|h| allowed_host(h, state.addr.ip())) {
        next.run(req).await
    } else {
        let text = "dateline serve answers only requests for localhost or its own address";
        (StatusCode::FORBIDDEN, text).into_response()
    }
}

/// Whether `host` (a Host header: a name or address, maybe with a port)
/// names this machine's loopback or `own`.
fn allowed_host(host: &str, own: std::net::IpAddr) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback() || ip == own)
}

/// The live-reload stream: `reload` after a good build, `problems` (JSON
/// text) after a failed one, and the current problems on connecting.
async fn events(
    Shared(state): Shared<Arc<State>>,
) -> Sse<impl Stream<Item = std::result::Result<SseEvent, Infallible>>> {
    let now = state.problems().map(Message::Problems);
    let later =
        BroadcastStream::new(state.events.subscribe()).filter_map(|m| async move { m.ok() });
    let all = stream::iter(now).chain(later).map(|m| Ok(sse(&m)));
    Sse::new(all).keep_alive(KeepAlive::new().interval(PING))
}

fn sse(m: &Message) -> SseEvent {
    match m {
        Message::Reload => SseEvent::default().event("reload").data("1"),
        Message::Problems(text) => SseEvent::default()
            .event("problems")
            .json_data(text)
            .unwrap_or_default(),
    }
}

async fn page(Shared(state): Shared<Arc<State>>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(built) = state.current() else {
        return no_build_yet(state.problems().as_deref());
    };
    let path = site_path(uri.path());
    if let (Some(search), Some(path)) = (&built.search, &path)
        && path.starts_with(crate::render::search::DIR)
    {
        let search = std::sync::Arc::clone(search);
        // Not kept while waiting: a newer save must be able to drop this
        // build and so stop its index.
        drop(built);
        return search_file(search, path.clone()).await;
    }
    let found = path.and_then(|p| lookup(&built, &p));
    let (index, status) = match found {
        Some(i) => (i, StatusCode::OK),
        None => match built.index.get("404.html") {
            Some(&i) => (i, StatusCode::NOT_FOUND),
            None => return (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    };
    respond(&built, index, status, &headers, state.problems()).await
}

/// A file of the search index, once the background indexing has made it.
async fn search_file(search: std::sync::Arc<super::search::Background>, path: String) -> Response {
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let found = tokio::task::spawn_blocking(move || search.file(&path)).await;
    match found {
        Ok(Some(Ok(bytes))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, mime.essence_str().to_string()),
                (header::CACHE_CONTROL, "no-store".into()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Some(Err(why))) => (StatusCode::INTERNAL_SERVER_ERROR, why).into_response(),
        Ok(None) | Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// What every request gets until a build succeeds: the problems over an
/// empty page with the live-reload script, which turns it into the site on
/// the next good save.
fn no_build_yet(problems: Option<&str>) -> Response {
    let shell = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The build failed</title></head><body></body></html>";
    let problems = problems.unwrap_or("the build failed; see the terminal");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        inject(shell.as_bytes().to_vec(), Some(problems)),
    )
        .into_response()
}

/// The decoded path under the site, or `None` when it cannot name a file
/// of the site (bad encoding, NUL, backslash).
pub(crate) fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    Some(decoded.trim_start_matches('/').to_string())
}

/// `x/` and `x` find `x/index.html`; anything not in the site finds nothing.
fn lookup(built: &Built, path: &str) -> Option<usize> {
    if path.is_empty() || path.ends_with('/') {
        return built.index.get(&format!("{path}index.html")).copied();
    }
    built
        .index
        .get(path)
        .or_else(|| built.index.get(&format!("{path}/index.html")))
        .copied()
}

async fn respond(
    built: &Built,
    index: usize,
    status: StatusCode,
    headers: &HeaderMap,
    problems: Option<String>,
) -> Response {
    let rel = built.plan.rel_path(index);
    let file = match built.plan.file(index) {
        Ok(f) => f,
        Err(d) => return (StatusCode::INTERNAL_SERVER_ERROR, d.to_string()).into_response(),
    };
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = content_type(&mime, is_html);
    let bytes = match file.contents {
        Contents::Bytes(b) => b,
        // Only HTML is changed (the script added), so only HTML is read whole.
        Contents::Copy(p) if !is_html => return file::respond(&p, headers, &content_type).await,
        Contents::Copy(p) => match tokio::fs::read(&p).await {
            Ok(b) => b,
            Err(e) => {
                let text = format!("{}: cannot read: {e}", p.display());
                return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
            }
        },
    };
    let body = if is_html {
        inject(bytes, problems.as_deref())
    } else {
        bytes
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
        body,
    )
        .into_response()
}

/// The `Content-Type` of a file of type `mime`; text is always UTF-8.
fn content_type(mime: &mime_guess::Mime, is_html: bool) -> String {
    match (mime.type_(), is_html) {
        (_, true) => "text/html; charset=utf-8".to_string(),
        (mime_guess::mime::TEXT, _) => format!("{}; charset=utf-8", mime.essence_str()),
        _ => mime.essence_str().to_string(),
    }
}

/// The live-reload script, only in served pages (never in `build` output).
const SCRIPT: &str = r#"<script>(()=>{const es=new EventSource("/__dateline/events");es.addEventListener("reload",()=>location.reload());es.addEventListener("problems",e=>{let o=document.getElementById("dateline-problems");if(!o){o=document.createElement("pre");o.id="dateline-problems";o.style.cssText="position:fixed;inset:0;margin:0;padding:2rem;background:rgba(30,0,0,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap;overflow:auto;z-index:2147483647";document.body.appendChild(o)}o.textContent=JSON.parse(e.data)})})();</script>"#;

fn inject(mut html: Vec<u8>, problems: Option<&str>) -> Vec<u8> {
    let mut script = String::from(SCRIPT);
    if let Some(p) = problems {
        // A page loaded while the build is broken shows the problems at once.
        let escaped = p.replace('&', "&amp;").replace('<', "&lt;");
        script.push_str(&format!(
            "<pre id=\"dateline-problems\" style=\"position:fixed;inset:0;margin:0;padding:2rem;background:rgba(30,0,0,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap;overflow:auto;z-index:2147483647\">{escaped}</pre>"
        ));
    }
    let at = find_last(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_loopback_names_and_the_own_address_are_served() {
        let own: std::net::IpAddr = "192.168.1.20".parse().unwrap();
        for ok in [
            "localhost:1111",
            "LOCALHOST",
            "127.0.0.1:1111",
            "127.3.4.5",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert!(allowed_host(ok, own), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example",
            "10.0.0.1:1111",
            "[::2]:1111",
            "",
        ] {
            assert!(!allowed_host(bad, own), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn paths_are_decoded_and_odd_ones_refused() {
        assert_eq!(site_path("/china/x/").as_deref(), Some("china/x/"));
        assert_eq!(
            site_path("/%2e%2e/etc/passwd").as_deref(),
            Some("../etc/passwd")
        );
        assert_eq!(site_path("/a%00b"), None);
        assert_eq!(site_path("/a%5cb"), None);
        assert_eq!(site_path("/%ff"), None);
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec(), None))
            .unwrap();
        assert!(out.contains("<p>x</p><script>") && out.ends_with("</script></body></html>"));
    }
}
