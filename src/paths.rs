//! Slugs and URL paths: nothing a content file says may leave the output.

/// A URL- and file-safe slug: lowercase ASCII letters, digits and hyphens.
/// Non-Latin text is transliterated (deunicode), so `北京` gives `bei-jing`.
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// True when `path` (relative, `/`-separated) cannot escape the directory it
/// is joined to: no `..`, no absolute or drive paths, no backslashes or NULs.
pub(crate) fn is_safe_url_path(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && path.split('/').all(|seg| seg != ".." && seg != ".")
}

/// Names Windows keeps for devices, with or without an extension.
const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];

/// Why `name` cannot be a file or folder name on every system a site is
/// built on or deployed to, if it cannot.
pub(crate) fn bad_file_name(name: &str) -> Option<String> {
    if name.len() > 255 {
        return Some(format!(
            "is {} bytes long, more than the 255 file systems allow",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || r#"<>:"|?*\"#.contains(*c))
    {
        return Some(format!(
            "holds `{}`, which Windows and many hosts refuse in file names",
            c.escape_debug()
        ));
    }
    // Compared in place: this runs on every name of every output path.
    let stem = name.split('.').next().unwrap_or(name);
    let numbered = |p: &str| {
        let b = stem.as_bytes();
        b.len() == 4 && b[..3].eq_ignore_ascii_case(p.as_bytes()) && matches!(b[3], b'1'..=b'9')
    };
    let reserved = RESERVED.iter().any(|r| stem.eq_ignore_ascii_case(r));
    if reserved || numbered("com") || numbered("lpt") {
        let stem = stem.to_ascii_lowercase();
        return Some(format!("is a device name Windows reserves (`{stem}`)"));
    }
    None
}

/// Joins the site's root path (`/` or `/news/`) and a relative path.
pub(crate) fn url_in(root: &str, rel: &str) -> String {
    format!("{root}{}", rel.trim_start_matches('/'))
}

/// Checks a URL that a content file gives for a link or a picture: an
/// `http`, `https` or `mailto` URL (the scheme in any case), or a path
/// (`/images/x.png`, `photo.jpg`). Any other scheme, `javascript:` and
/// `data:` first of all, would run or load what it holds on a published page.
pub(crate) fn check_link(url: &str) -> Result<(), String> {
    if url.is_empty() || url.chars().any(|c| c <= ' ' || c == '\u{7f}') {
        return Err(format!(
            "the URL `{}` is empty or holds spaces or control characters",
            url.escape_debug()
        ));
    }
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        Some(s)
            if ["http", "https", "mailto"]
                .iter()
                .any(|k| s.eq_ignore_ascii_case(k)) =>
        {
            Ok(())
        }
        Some(s) => Err(format!(
            "`{url}`: links and pictures may use http, https or mailto, not `{s}:`"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(slugify("Putin, Kim Join Xi"), "putin-kim-join-xi");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Tomás Ortega"), "tomas-ortega");
        assert!(!slugify("Москва").is_empty());
    }

    #[test]
    fn only_web_and_mail_links_and_site_paths_pass() {
        for ok in [
            "https://e.org/x",
            "HTTP://e.org",
            "mailto:desk@e.org",
            "/images/x.png",
            "/a?b#c:d",
            "x.png",
            "//e.org/x",
        ] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            " javascript:x",
            "java\tscript:x",
            "vbscript:x",
            "",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unsafe_paths_are_rejected() {
        assert!(is_safe_url_path("news/{slug}/"));
        assert!(!is_safe_url_path("../x"));
        assert!(!is_safe_url_path("/etc"));
        assert!(!is_safe_url_path("a\\b"));
        assert!(!is_safe_url_path("c:/x"));
    }
}
