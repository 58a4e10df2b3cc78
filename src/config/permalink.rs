//! The `permalink` pattern of article URLs.

/// The pattern of article URLs, e.g. `{category}/{year}/{slug}/`.
#[derive(Debug, Clone)]
pub(crate) struct Permalink {
    parts: Vec<PermalinkPart>,
}

#[derive(Debug, Clone, PartialEq)]
enum PermalinkPart {
    Literal(String),
    Category,
    Year,
    Month,
    Day,
    Slug,
}

/// The values a permalink pattern can use.
pub(crate) struct PermalinkValues<'a> {
    pub(crate) category: &'a str,
    pub(crate) date: jiff::civil::Date,
    pub(crate) slug: &'a str,
}

impl Permalink {
    pub(crate) const DEFAULT: &'static str = "{category}/{slug}/";

    pub(crate) fn parse(pattern: &str) -> std::result::Result<Permalink, String> {
        let mut parts = Vec::new();
        let mut rest = pattern.trim_start_matches('/');
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PermalinkPart::Literal(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in permalink `{pattern}`"))?;
            parts.push(match &rest[open + 1..open + close] {
                "category" => PermalinkPart::Category,
                "year" => PermalinkPart::Year,
                "month" => PermalinkPart::Month,
                "day" => PermalinkPart::Day,
                "slug" => PermalinkPart::Slug,
                other => {
                    return Err(format!(
                        "unknown placeholder `{{{other}}}` in permalink (use {{category}}, {{year}}, {{month}}, {{day}}, {{slug}})"
                    ));
                }
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PermalinkPart::Literal(rest.to_string()));
        }
        if !parts.contains(&PermalinkPart::Slug) {
            return Err(format!("permalink `{pattern}` must contain `{{slug}}`"));
        }
        let literal_ok = |p: &PermalinkPart| match p {
            PermalinkPart::Literal(s) => crate::paths::is_safe_url_path(s.trim_start_matches('/')),
            _ => true,
        };
        if !parts.iter().all(literal_ok) {
            return Err(format!("permalink `{pattern}` contains an unsafe path"));
        }
        Ok(Permalink { parts })
    }

    /// The article's path relative to the site root, always ending with `/`.
    /// Empty segments (an article without a category) collapse.
    pub(crate) fn expand(&self, v: &PermalinkValues<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                PermalinkPart::Literal(s) => out.push_str(s),
                PermalinkPart::Category => out.push_str(v.category),
                PermalinkPart::Year => out.push_str(&format!("{:04}", v.date.year())),
                PermalinkPart::Month => out.push_str(&format!("{:02}", v.date.month())),
                PermalinkPart::Day => out.push_str(&format!("{:02}", v.date.day())),
                PermalinkPart::Slug => out.push_str(v.slug),
            }
        }
        let segments: Vec<&str> = out.split('/').filter(|s| !s.is_empty()).collect();
        format!("{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_expands_and_collapses_empty_segments() {
        let p = Permalink::parse("{category}/{year}/{month}/{slug}/").unwrap();
        let v = PermalinkValues {
            category: "",
            date: jiff::civil::date(2025, 9, 3),
            slug: "parade",
        };
        assert_eq!(p.expand(&v), "2025/09/parade/");
        assert!(Permalink::parse("{category}/").is_err());
        assert!(Permalink::parse("{slug}/{nope}").is_err());
        assert!(Permalink::parse("../{slug}").is_err());
    }
}
