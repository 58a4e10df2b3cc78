//! The newsroom's own data in `config.toml`: `[extra]` (any shape, for
//! templates as `site.extra`), `[schema.extra]` (the house fields articles
//! are checked against) and `[labels]` (article types, each with its
//! schema.org type).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// `[schema]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSchema {
    extra: Option<BTreeMap<String, Spanned<RawField>>>,
}

/// One declared house field: `desk = { type = "string", required = true }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    #[serde(default)]
    required: bool,
    values: Option<Vec<String>>,
}

/// What a declared house field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Text.
    String,
    /// An integer or a decimal number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A date or date-time, written as for `date`.
    Date,
    /// A list of any values.
    List,
}

impl FieldKind {
    const NAMES: [&str; 5] = ["string", "number", "bool", "date", "list"];

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Self::String,
            "number" => Self::Number,
            "bool" => Self::Bool,
            "date" => Self::Date,
            "list" => Self::List,
            _ => return None,
        })
    }

    /// The name config.toml uses for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Number => "number",
            Self::Bool => "bool",
            Self::Date => "date",
            Self::List => "list",
        }
    }
}

/// A house field the site declares under `[schema.extra]`.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) kind: FieldKind,
    pub(crate) required: bool,
    /// The values a string field may take; empty: any.
    pub(crate) values: Vec<String>,
}

/// The declared house fields, in name order.
pub(super) fn resolve_schema(
    raw: RawSchema,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> Vec<Field> {
    let fields = raw.extra.unwrap_or_default();
    let mut out = Vec::with_capacity(fields.len());
    for (name, field) in fields {
        let span = field.span();
        let RawField {
            kind,
            required,
            values,
        } = field.into_inner();
        let Some(k) = FieldKind::parse(kind.get_ref()) else {
            let hint = crate::suggest::nearest(kind.get_ref(), FieldKind::NAMES, 0.7)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            fail(
                Some(kind.span()),
                format!(
                    "`schema.extra.{name}`: the type `{}` is none of {}{hint}",
                    kind.get_ref(),
                    FieldKind::NAMES.join(", ")
                ),
            );
            continue;
        };
        if values.is_some() && k != FieldKind::String {
            fail(
                Some(span),
                format!("`schema.extra.{name}`: only a string field can list `values`"),
            );
        }
        out.push(Field {
            name,
            kind: k,
            required,
            values: values.unwrap_or_default(),
        });
    }
    out
}

/// An article type a site offers, shown as the kicker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// As editors write it and readers see it: `Analysis`.
    pub(crate) name: String,
    /// Its schema.org type, the JSON-LD `@type` of its articles.
    pub(crate) schema_type: String,
}

/// What `[labels]` holds unless a site says otherwise.
const DEFAULT_LABELS: [(&str, &str); 7] = [
    ("News", "NewsArticle"),
    ("Analysis", "AnalysisNewsArticle"),
    ("Opinion", "OpinionNewsArticle"),
    ("Review", "ReviewNewsArticle"),
    ("Explainer", "BackgroundNewsArticle"),
    ("Sponsored", "AdvertiserContentArticle"),
    ("Obituary", "NewsArticle"),
];

/// The schema.org types an article may have (`NewsArticle` and its kinds).
const SCHEMA_TYPES: [&str; 11] = [
    "Article",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "AdvertiserContentArticle",
    "SatiricalArticle",
    "Report",
];

/// The schema.org type of sponsored content, whose articles name a sponsor.
pub(crate) const ADVERTISER: &str = "AdvertiserContentArticle";

/// `[labels]` (name = schema.org type), else the default list.
pub(super) fn resolve_labels(
    raw: Option<BTreeMap<String, Spanned<String>>>,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> Vec<Label> {
    let Some(raw) = raw else {
        let label = |(name, kind): &(&str, &str)| Label {
            name: name.to_string(),
            schema_type: kind.to_string(),
        };
        return DEFAULT_LABELS.iter().map(label).collect();
    };
    let mut labels = Vec::with_capacity(raw.len());
    for (name, kind) in raw {
        if !SCHEMA_TYPES.contains(&kind.get_ref().as_str()) {
            let hint = crate::suggest::nearest(kind.get_ref(), SCHEMA_TYPES, 0.8)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            fail(
                Some(kind.span()),
                format!(
                    "`labels.{name}`: `{}` is not a schema.org article type ({}){hint}",
                    kind.get_ref(),
                    SCHEMA_TYPES.join(", ")
                ),
            );
            continue;
        }
        if name.trim().is_empty() {
            fail(
                Some(kind.span()),
                "`labels` names a label with no name".into(),
            );
            continue;
        }
        // Articles write a label in any case, so two that differ only so are one.
        let folded = name.to_lowercase();
        if let Some(same) = labels
            .iter()
            .find(|l: &&Label| l.name.to_lowercase() == folded)
        {
            let m = format!(
                "`labels.{name}` and `labels.{}` differ only in case: an article's `label` could not tell them apart",
                same.name
            );
            fail(Some(kind.span()), m);
            continue;
        }
        labels.push(Label {
            name,
            schema_type: kind.into_inner(),
        });
    }
    labels
}

/// House data as templates read it: TOML's dates become their text (the
/// toml crate hands them over as one-entry maps).
pub(crate) fn tidy(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(mut map) if map.len() == 1 && map.contains_key(TOML_DATETIME) => {
            map.remove(TOML_DATETIME).unwrap_or(Value::Null)
        }
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, tidy(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
        other => other,
    }
}

/// The key the toml crate wraps a date in when it hands it to serde.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// Reads house data in any shape (TOML or YAML), with dates as text.
pub(crate) fn extra<'de, D: serde::Deserializer<'de>>(d: D) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(d).map(tidy)
}

/// House data that is not there: an empty table, so templates may ask for
/// any key of it.
pub(crate) fn no_extra() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

/// [`extra`] for a front matter, where `[extra]` may be missing.
pub(crate) fn some_extra<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    extra(d).map(Some)
}
