//! `theme`: the theme's name, written `theme = "wire"`, or a `[theme]`
//! table with the name and the options themes read.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// `theme` as written.
#[derive(Debug)]
pub(super) enum RawTheme {
    /// `theme = "wire"`.
    Name(String),
    Table(Table),
}

/// The `[theme]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Table {
    name: Option<Spanned<String>>,
    toc_min_headings: Option<Spanned<i64>>,
}

/// A string or a table, with a message naming both (serde's untagged
/// enums only say "did not match any variant").
impl<'de> Deserialize<'de> for RawTheme {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawTheme;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a theme name like \"default\" or a [theme] table")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTheme, E> {
                Ok(RawTheme::Name(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawTheme, A::Error> {
                let map = serde::de::value::MapAccessDeserializer::new(map);
                Table::deserialize(map).map(RawTheme::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// The theme and its options, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ThemeConfig {
    /// A folder of `themes/`, or `default`.
    pub(crate) name: String,
    /// Where the name is set, for messages about it.
    pub(super) name_span: Option<Range<usize>>,
    /// Articles with at least this many h2 and h3 headings show a table of
    /// contents; 0: none does.
    pub(crate) toc_min_headings: usize,
}

/// The default of `toc_min_headings`: three sections make a page long
/// enough to want a way to jump between them.
const TOC_MIN_HEADINGS: usize = 3;

pub(super) fn resolve_theme(
    raw: Option<Spanned<RawTheme>>,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> ThemeConfig {
    let whole = raw.as_ref().map(Spanned::span);
    let table = match raw.map(Spanned::into_inner) {
        None => Table::default(),
        Some(RawTheme::Table(t)) => t,
        Some(RawTheme::Name(n)) => Table {
            name: whole.clone().map(|span| Spanned::new(span, n)),
            toc_min_headings: None,
        },
    };
    let name_span = table.name.as_ref().map(Spanned::span).or(whole);
    let name = table
        .name
        .map_or_else(|| "default".to_string(), Spanned::into_inner);
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        fail(
            name_span.clone(),
            format!("`theme` must be the name of a folder in themes/, not `{name}`"),
        );
    }
    let toc_min_headings = match table.toc_min_headings.map(|t| (t.span(), t.into_inner())) {
        None => TOC_MIN_HEADINGS,
        Some((_, n)) if n >= 0 => n as usize,
        Some((span, n)) => {
            let m = format!("`theme.toc_min_headings` must be 0 (never) or more, not {n}");
            fail(Some(span), m);
            TOC_MIN_HEADINGS
        }
    };
    ThemeConfig {
        name,
        name_span,
        toc_min_headings,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::parse;

    #[test]
    fn theme_is_a_name_or_a_table_with_options() {
        let c = parse("theme = \"wire\"").unwrap();
        assert_eq!((c.theme.as_str(), c.toc_min_headings), ("wire", 3));
        let c = parse("[theme]\nname = \"wire\"\ntoc_min_headings = 0\n").unwrap();
        assert_eq!((c.theme.as_str(), c.toc_min_headings), ("wire", 0));
        let c = parse("[theme]\ntoc_min_headings = 5\n").unwrap();
        assert_eq!((c.theme.as_str(), c.toc_min_headings), ("default", 5));
        assert_eq!(c.theme_at.line, 1, "the table, having no name");
    }

    #[test]
    fn bad_theme_values_are_located() {
        let e =
            parse("title = \"x\"\n[theme]\nname = \"../x\"\ntoc_min_headings = -1\n").unwrap_err();
        let at: Vec<(usize, usize)> = e
            .iter()
            .map(|d| (d.location.line, d.location.col))
            .collect();
        assert_eq!(at, [(3, 8), (4, 20)], "{e:?}");
        assert!(
            e[1].message.contains("toc_min_headings"),
            "{}",
            e[1].message
        );
        let e = parse("[theme]\ntoc_min_heading = 2\n").unwrap_err();
        assert_eq!(e[0].location.line, 2, "{e:?}");
        assert!(
            e[0].message.contains("did you mean `toc_min_headings`?"),
            "{}",
            e[0].message
        );
        let e = parse("theme = 3\n").unwrap_err();
        assert!(e[0].message.contains("[theme] table"), "{}", e[0].message);
    }

    #[test]
    fn a_theme_name_is_located_in_either_form() {
        let c = parse("title = \"x\"\ntheme = \"wire\"\n").unwrap();
        assert_eq!((c.theme_at.line, c.theme_at.col), (2, 9));
        let c = parse("[theme]\ntoc_min_headings = 2\nname = \"wire\"\n").unwrap();
        assert_eq!((c.theme_at.line, c.theme_at.col), (3, 8));
    }
}
