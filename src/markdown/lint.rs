//! Bodies are trusted input: raw HTML and Markdown links are published as
//! written. What would run code on a reader's page is still worth a warning,
//! since a body may be pasted from anywhere.

use pulldown_cmark::{Event, Tag};

use super::Source;
use crate::error::Diagnostic;

/// Warns, at the event's place, about a link to a URL that runs code or a
/// `<script>` in raw HTML.
pub(super) fn event(
    event: &Event<'_>,
    offset: usize,
    source: &Source<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let problem = match event {
        Event::Start(Tag::Link { dest_url, .. }) => running_scheme(dest_url, true).map(|s| {
            format!("the link goes to a `{s}:` URL, which runs code when a reader follows it")
        }),
        Event::Start(Tag::Image { dest_url, .. }) => running_scheme(dest_url, false)
            .map(|s| format!("the picture's URL is a `{s}:` URL, which runs code on the page")),
        Event::Html(html) | Event::InlineHtml(html) => raw_html(html),
        _ => None,
    };
    if let Some(p) = problem {
        out.push(Diagnostic::warning(
            source.location(offset),
            format!("{p}; article bodies are published as written (trusted input), so check where it came from"),
        ));
    }
}

/// The scheme of `url` when it is one a browser runs (`data:` only for a
/// link: a picture's data URL cannot run a script).
fn running_scheme(url: &str, link: bool) -> Option<String> {
    // Most URLs have no colon before any `/`, `?` or `#`: no scheme to check.
    let scheme_end = url
        .find([':', '/', '?', '#'])
        .filter(|&i| url.as_bytes()[i] == b':')?;
    // Browsers skip leading spaces and control characters, and tabs or
    // newlines inside the scheme: `java\tscript:` runs too.
    let scheme: String = url[..scheme_end]
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let running =
        matches!(scheme.as_str(), "javascript" | "vbscript") || (link && scheme == "data");
    running.then_some(scheme)
}

fn raw_html(html: &str) -> Option<String> {
    let script = html
        .as_bytes()
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"<script"));
    if script {
        return Some("raw HTML holds a `<script>`, which runs on the published page".into());
    }
    if !html.contains(':') {
        return None;
    }
    let url = html
        .split(['"', '\'', '='])
        .find_map(|part| running_scheme(part, false));
    url.map(|s| format!("raw HTML holds a `{s}:` URL, which runs code when a reader follows it"))
}

#[cfg(test)]
mod tests {
    use super::running_scheme;

    #[test]
    fn schemes_that_run_code_are_found_however_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "\u{1}vbscript:x",
            "data:text/html,x",
        ] {
            assert!(running_scheme(url, true).is_some(), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:",
            "/page",
            "mailto:desk@example.org",
            "#top",
            "@/world/x.md",
        ] {
            assert_eq!(running_scheme(url, true), None, "{url:?}");
        }
        assert_eq!(running_scheme("data:image/png;base64,AAAA", false), None);
    }
}
