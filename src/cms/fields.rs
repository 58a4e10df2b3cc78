//! The CMS's form for each front-matter field: one entry per field of the
//! article and profile types (a test fails when a field has none).

use serde::Serialize;

use crate::config::Config;
use crate::config::house::FieldKind;

/// One field of the CMS's form (Decap's and Sveltia's shared format).
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) widget: &'static str,
    #[serde(skip_serializing_if = "is_true")]
    pub(crate) required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) default: Option<serde_json::Value>,
    /// `select`: the choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) options: Option<Vec<String>>,
    /// `select`, `relation`: several values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) multiple: Option<bool>,
    /// `object`, `list`: the fields of each value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fields: Option<Vec<Field>>,
    /// `list` of one kind of value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) field: Option<Box<Field>>,
    /// `datetime`: how the value is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) format: Option<&'static str>,
    /// `relation`: where the values come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) collection: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) search_fields: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value_field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) display_fields: Option<Vec<&'static str>>,
    /// `number`: whole numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<i64>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// Dates as dateline reads them: RFC 3339 with the offset.
const DATE_FORMAT: &str = "YYYY-MM-DDTHH:mm:ssZ";

fn field(name: &str, label: &str, widget: &'static str) -> Field {
    Field {
        name: name.into(),
        label: label.into(),
        widget,
        required: false,
        ..Field::default()
    }
}

fn required(mut f: Field) -> Field {
    f.required = true;
    f
}

fn hint(mut f: Field, text: &str) -> Field {
    f.hint = Some(text.into());
    f
}

fn date(name: &str, label: &str) -> Field {
    Field {
        format: Some(DATE_FORMAT),
        ..field(name, label, "datetime")
    }
}

fn strings(name: &str, label: &str) -> Field {
    Field {
        field: Some(Box::new(required(field("value", label, "string")))),
        ..field(name, label, "list")
    }
}

fn object(name: &str, label: &str, fields: Vec<Field>) -> Field {
    Field {
        fields: Some(fields),
        ..field(name, label, "object")
    }
}

fn select(name: &str, label: &str, options: Vec<String>) -> Field {
    Field {
        options: Some(options),
        ..field(name, label, "select")
    }
}

/// The form of the article field `name`; `None` for a field the CMS does
/// not offer on purpose (see [`NOT_OFFERED`]) or one it does not know.
pub(crate) fn article(name: &str, config: &Config, sections: &[String]) -> Option<Field> {
    let tz = config.timezone.iana_name().unwrap_or("UTC");
    Some(match name {
        "title" => headline(),
        // Required, but for a live blog, which is published at its start.
        "date" => hint(
            date("date", "Published"),
            &format!(
                "The story goes live at this time (required, but for a live blog); the site's time zone is {tz}."
            ),
        ),
        "updated" => date("updated", "Updated"),
        "category" => select("category", "Section", sections.to_vec()),
        "categories" => Field {
            multiple: Some(true),
            ..select("categories", "Also in sections", sections.to_vec())
        },
        // Kept as written in older files (hidden); the form writes `authors`,
        // which may name the same people (see `one_byline_key`).
        "author" => field("author", "Byline", "hidden"),
        "authors" => Field {
            collection: Some("authors"),
            search_fields: Some(vec!["name"]),
            value_field: Some("name"),
            display_fields: Some(vec!["name"]),
            multiple: Some(true),
            ..field("authors", "Bylines", "relation")
        },
        "summary" => field("summary", "Standfirst", "text"),
        "tags" => strings("tags", "Tags"),
        "related" => hint(
            Field {
                collection: Some(ALL_ARTICLES),
                search_fields: Some(vec!["title"]),
                display_fields: Some(vec!["title"]),
                // The article's file under content/, as `related` names it.
                value_field: Some("{{dirname}}/{{filename}}.{{extension}}"),
                multiple: Some(true),
                ..field("related", "Also read", "relation")
            },
            "The editor's picks; links to other sites are added in the file",
        ),
        "image" => image("image", "Lead image"),
        "draft" => Field {
            default: Some(false.into()),
            ..field("draft", "Draft", "boolean")
        },
        "slug" => hint(
            field("slug", "URL slug", "string"),
            "The last part of the address; the file's name when empty",
        ),
        "expires" => date("expires", "Taken down at"),
        "corrections" => Field {
            fields: Some(vec![
                required(date("date", "Date")),
                required(field("text", "Text", "text")),
                select(
                    "type",
                    "Type",
                    ["correction", "clarification", "update", "editors-note"]
                        .map(String::from)
                        .to_vec(),
                ),
            ]),
            ..field("corrections", "Corrections", "list")
        },
        "aliases" => hint(
            strings("aliases", "Old addresses"),
            "Paths that redirect here, such as /old/ferry/",
        ),
        "sitemap" => Field {
            default: Some(true.into()),
            ..field("sitemap", "In the sitemaps", "boolean")
        },
        "canonical" => hint(
            field("canonical", "Canonical URL", "string"),
            "The original's address, for a story first published elsewhere",
        ),
        "breaking" => object(
            "breaking",
            "Breaking-news banner",
            vec![
                field("text", "Banner text", "string"),
                date("until", "Shown until"),
            ],
        ),
        "label" => select(
            "label",
            "Label",
            config.labels.iter().map(|l| l.name.clone()).collect(),
        ),
        "kicker" => field("kicker", "Kicker", "string"),
        "sponsor" => field("sponsor", "Sponsor", "string"),
        "dateline" => field("dateline", "Dateline", "string"),
        "location" => field("location", "Place", "string"),
        "extra" => object("extra", "House fields", house_fields(config)),
        "series" => object(
            "series",
            "Series",
            vec![
                field("name", "Series name", "string"),
                Field {
                    value_type: Some("int"),
                    min: Some(1),
                    ..field("part", "Part", "number")
                },
            ],
        ),
        "live" => object(
            "live",
            "Live coverage",
            vec![
                date("start", "Coverage starts"),
                date("end", "Coverage ends"),
                strings("key_points", "Key points"),
            ],
        ),
        _ => return None,
    })
}

/// The headline field, which every article form starts with.
pub(crate) fn headline() -> Field {
    required(field("title", "Headline", "string"))
}

/// The hidden collection of every article, which `related` picks from.
pub(crate) const ALL_ARTICLES: &str = "all_articles";

/// The article fields the CMS leaves out, and why: none today.
pub(crate) const NOT_OFFERED: [(&str, &str); 0] = [];

/// A picture with its credit and licence.
fn image(name: &str, label: &str) -> Field {
    object(
        name,
        label,
        vec![
            field("src", "Picture", "image"),
            hint(
                field("alt", "Description", "string"),
                "What the picture shows, for readers who cannot see it",
            ),
            field("caption", "Caption", "string"),
            field("credit", "Credit", "string"),
            field("copyright", "Copyright", "string"),
            field("license", "Licence URL", "string"),
            field("acquire_license_page", "Licensing page URL", "string"),
        ],
    )
}

/// The house fields `[schema.extra]` declares, each by its kind.
fn house_fields(config: &Config) -> Vec<Field> {
    config
        .extra_fields
        .iter()
        .map(|f| {
            let mut out = match (f.kind, f.values.is_empty()) {
                (FieldKind::String, false) => select(&f.name, &f.name, f.values.clone()),
                (FieldKind::String, true) => field(&f.name, &f.name, "string"),
                (FieldKind::Number, _) => Field {
                    value_type: Some("float"),
                    ..field(&f.name, &f.name, "number")
                },
                (FieldKind::Bool, _) => field(&f.name, &f.name, "boolean"),
                (FieldKind::Date, _) => date(&f.name, &f.name),
                (FieldKind::List, _) => strings(&f.name, &f.name),
            };
            out.required = f.required;
            out
        })
        .collect()
}

/// The form of the author profile field `name`.
pub(crate) fn profile(name: &str) -> Option<Field> {
    Some(match name {
        "name" => required(field("name", "Name", "string")),
        "role" => field("role", "Role", "string"),
        "image" => image("image", "Photo"),
        "links" => Field {
            fields: Some(vec![
                required(field("name", "Name", "string")),
                required(field("url", "URL", "string")),
            ]),
            ..field("links", "Links", "list")
        },
        "extra" => object("extra", "House fields", Vec::new()),
        "fediverse" => hint(
            field("fediverse", "Fediverse handle", "string"),
            "@name@host",
        ),
        _ => return None,
    })
}
