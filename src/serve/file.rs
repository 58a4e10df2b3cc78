//! Files copied from `static/`, streamed from disk rather than read whole
//! (a 1 GiB video cost 1 GiB per request), in a byte range when asked
//! (`Range: bytes=a-b`), so that video and audio can seek.

use std::io::SeekFrom;
use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

/// Bytes read at a time: few system calls per megabyte, little memory per
/// request.
const CHUNK: usize = 64 * 1024;

/// What a request's `Range` header asks of a file.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Ranged {
    /// The whole file: no `Range`, or one this server may ignore.
    Whole,
    /// The bytes from `start` to `end`, both included.
    Part {
        /// The first byte.
        start: u64,
        /// The last byte.
        end: u64,
    },
    /// A range wholly past the end of the file.
    Unsatisfiable,
}

/// What `range` (a `Range` header's value) asks of a file of `len` bytes.
///
/// Several ranges, another unit, or a malformed value give the whole file,
/// which RFC 9110 allows (§14.2: a server may ignore `Range`).
pub(super) fn ranged(range: Option<&str>, len: u64) -> Ranged {
    let Some((unit, spec)) = range.and_then(|r| r.split_once('=')) else {
        return Ranged::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Ranged::Whole;
    };
    match (first, digits(first), digits(last)) {
        // `bytes=-n`: the last n bytes.
        ("", _, Some(n)) if n == 0 || len == 0 => Ranged::Unsatisfiable,
        ("", _, Some(n)) => Ranged::Part {
            start: len - n.min(len),
            end: len - 1,
        },
        (_, Some(start), _) if last.is_empty() => from(start, u64::MAX, len),
        (_, Some(start), Some(end)) if start <= end => from(start, end, len),
        _ => Ranged::Whole,
    }
}

/// `start-end` of a file of `len` bytes, the end cut to the file's.
fn from(start: u64, end: u64, len: u64) -> Ranged {
    if start >= len {
        Ranged::Unsatisfiable
    } else {
        Ranged::Part {
            start,
            end: end.min(len - 1),
        }
    }
}

/// A number made of ASCII digits alone (`parse` also takes a leading `+`).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The file at `path`, whole or in the range `headers` ask for.
pub(super) async fn respond(path: &Path, headers: &HeaderMap, content_type: &str) -> Response {
    let mut file = match tokio::fs::File::open(path).await {
        Ok(f) => f,
        Err(e) => return unreadable(path, &e),
    };
    let len = match file.metadata().await {
        Ok(m) => m.len(),
        Err(e) => return unreadable(path, &e),
    };
    let (status, start, count) = match ranged(asked_range(headers), len) {
        Ranged::Whole => (StatusCode::OK, 0, len),
        Ranged::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
        Ranged::Unsatisfiable => return unsatisfiable(len),
    };
    if start > 0
        && let Err(e) = file.seek(SeekFrom::Start(start)).await
    {
        return unreadable(path, &e);
    }
    let body = Body::from_stream(ReaderStream::with_capacity(file.take(count), CHUNK));
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    set(h, header::CONTENT_TYPE, content_type);
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + count - 1;
        set(
            h,
            header::CONTENT_RANGE,
            &format!("bytes {start}-{end}/{len}"),
        );
    }
    common_headers(h);
    response
}

/// The `Range` asked for, unless `If-Range` makes it conditional: this
/// server sends no validator (`ETag`, `Last-Modified`), so none can match.
fn asked_range(headers: &HeaderMap) -> Option<&str> {
    if headers.contains_key(header::IF_RANGE) {
        return None;
    }
    headers.get(header::RANGE).and_then(|v| v.to_str().ok())
}

fn unsatisfiable(len: u64) -> Response {
    let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
    let h = response.headers_mut();
    set(h, header::CONTENT_RANGE, &format!("bytes */{len}"));
    common_headers(h);
    response
}

fn common_headers(h: &mut HeaderMap) {
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

fn set(h: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

/// A static file gone or unreadable since the build (the watcher will
/// rebuild): `path: message`, as the terminal shows problems.
fn unreadable(path: &Path, e: &std::io::Error) -> Response {
    let status = if e.kind() == std::io::ErrorKind::NotFound {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    (status, format!("{}: cannot read: {e}", path.display())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_ranges_are_read_as_rfc_9110_says() {
        let part = |start, end| Ranged::Part { start, end };
        assert_eq!(ranged(None, 100), Ranged::Whole);
        assert_eq!(ranged(Some("bytes=0-9"), 100), part(0, 9));
        assert_eq!(ranged(Some("Bytes=10-"), 100), part(10, 99));
        assert_eq!(ranged(Some("bytes=90-1000"), 100), part(90, 99));
        assert_eq!(ranged(Some("bytes=-10"), 100), part(90, 99));
        assert_eq!(ranged(Some("bytes=-1000"), 100), part(0, 99));
        assert_eq!(ranged(Some("bytes=99-99"), 100), part(99, 99));
    }

    #[test]
    fn ranges_past_the_end_are_unsatisfiable() {
        assert_eq!(ranged(Some("bytes=100-"), 100), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=100-200"), 100), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=-0"), 100), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=0-"), 0), Ranged::Unsatisfiable);
        assert_eq!(ranged(Some("bytes=-5"), 0), Ranged::Unsatisfiable);
    }

    #[test]
    fn other_ranges_are_ignored_for_the_whole_file() {
        for odd in [
            "bytes=5-1",
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=a-b",
            "bytes=+1-2",
            "bytes=-",
            "bytes=1",
            "bytes",
            "",
        ] {
            assert_eq!(ranged(Some(odd), 100), Ranged::Whole, "{odd}");
        }
    }
}
