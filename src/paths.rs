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

/// Joins the site's root path (`/` or `/news/`) and a relative path.
pub(crate) fn url_in(root: &str, rel: &str) -> String {
    format!("{root}{}", rel.trim_start_matches('/'))
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
    fn unsafe_paths_are_rejected() {
        assert!(is_safe_url_path("news/{slug}/"));
        assert!(!is_safe_url_path("../x"));
        assert!(!is_safe_url_path("/etc"));
        assert!(!is_safe_url_path("a\\b"));
        assert!(!is_safe_url_path("c:/x"));
    }
}
