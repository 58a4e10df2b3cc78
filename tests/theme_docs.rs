//! The theme README documents the template variables: every field it names
//! must exist in what templates get, and every field templates get must be
//! named there. Templates that print the keys of each variable are built on
//! the sample site, and the keys are compared with the README's tables.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{request, sel};
use scraper::Html;

type Fields = BTreeSet<String>;

/// `{% for k, v in x %}<li data-of="name">{{ k }}</li>{% endfor %}`
fn keys_of(name: &str, expr: &str) -> String {
    format!(r#"{{% for k, v in {expr} %}}<li data-of="{name}">{{{{ k }}}}</li>{{% endfor %}}"#)
}

/// The keys of every value of the list `list`.
fn each(name: &str, list: &str) -> String {
    format!(
        "{{% for x in {list} %}}{}{{% endfor %}}",
        keys_of(name, "x")
    )
}

const ARTICLE: &str = "templates/article.html";
const CATEGORY: &str = "templates/category.html";
const SERIES: &str = "templates/series.html";

/// Templates listing the keys of the variables and of one value of each shape.
fn dump_templates() -> Vec<(&'static str, String)> {
    let article = [
        keys_of("site", "site"),
        keys_of("page", "page"),
        keys_of("article", "article"),
        keys_of("Date", "article.date"),
        "{% if article.category %}".to_string()
            + &keys_of("Term", "article.category")
            + "{% endif %}",
        "{% for a in article.authors %}".to_string() + &keys_of("AuthorRef", "a") + "{% endfor %}",
        "{% if article.image %}".to_string() + &keys_of("Image", "article.image") + "{% endif %}",
        "{% for r in article.related %}{% if r.external %}".to_string()
            + &keys_of("Related", "r")
            + "{% endif %}{% endfor %}",
        each("page.feeds", "page.feeds"),
        each("Correction", "article.corrections"),
        each("article.toc", "article.toc"),
        "{% for e in article.toc %}".to_string()
            + &each("article.toc", "e.children")
            + "{% endfor %}",
        "{% if article.series %}".to_string()
            + &keys_of("SeriesPlace", "article.series")
            + "{% if article.series.prev %}"
            + &keys_of("SeriesPlace.prev", "article.series.prev")
            + "{% endif %}{% endif %}",
    ];
    let category = [
        keys_of("TermPage", "category"),
        keys_of("Pagination", "pagination"),
        each("Pagination.pages", "pagination.pages"),
        "{% for item in articles %}".to_string() + &keys_of("Summary", "item") + "{% endfor %}",
    ];
    let archive = [
        keys_of("archive", "archive"),
        each("Period", "archive.parents"),
    ];
    let archives = [
        each("years", "years"),
        "{% for y in years %}".to_string() + &each("Period", "y.months") + "{% endfor %}",
    ];
    let series = [
        keys_of("Series", "series"),
        "{% for item in articles %}".to_string() + &keys_of("SeriesPart", "item") + "{% endfor %}",
    ];
    vec![
        (ARTICLE, format!("<ul>{}</ul>", article.concat())),
        (CATEGORY, format!("<ul>{}</ul>", category.concat())),
        (
            "templates/archive.html",
            format!("<ul>{}</ul>", archive.concat()),
        ),
        (
            "templates/archives.html",
            format!("<ul>{}</ul>", archives.concat()),
        ),
        (
            "templates/corrections.html",
            format!("<ul>{}</ul>", each("corrections", "corrections")),
        ),
        (SERIES, format!("<ul>{}</ul>", series.concat())),
        (
            "templates/search.html",
            format!(
                "<ul>{}{}</ul>",
                keys_of("search", "search"),
                each("search.filters", "search.filters")
            ),
        ),
    ]
}

/// The keys each dump template printed, by variable.
fn printed(html: &Html, into: &mut BTreeMap<String, Fields>) {
    for li in html.select(&sel("li[data-of]")) {
        let of = li.value().attr("data-of").unwrap_or_default().to_string();
        into.entry(of).or_default().insert(li.text().collect());
    }
}

/// Backticked names outside any brackets, before `stop` if it occurs.
fn top_level_names(text: &str, stop: Option<char>) -> Fields {
    let text = stop
        .and_then(|c| text.split_once(c))
        .map_or(text, |(a, _)| a);
    let mut depth = 0i32;
    let mut names = Fields::new();
    let mut parts = text.split('`');
    let mut outside = parts.next().unwrap_or_default();
    while let (Some(code), Some(after)) = (parts.next(), parts.next()) {
        depth += outside.matches(['(', '[', '{']).count() as i32;
        depth -= outside.matches([')', ']', '}']).count() as i32;
        if depth == 0
            && !code.is_empty()
            && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            names.insert(code.to_string());
        }
        outside = after;
    }
    names
}

/// The names in the `{ ... }` (or `[{ ... }]`) that follows `` `field` ``
/// in `text`: the fields of a value, or of the values in a list.
fn inner_names(text: &str, field: &str) -> Fields {
    let after = text
        .split_once(&format!("`{field}`"))
        .map_or("", |(_, a)| a);
    let inner = after.split_once('{').map_or("", |(_, a)| a);
    let inner = inner.split_once('}').map_or("", |(i, _)| i);
    top_level_names(inner, None)
}

/// The README's fields of `site` and `page` (tables), of each shape
/// (bullets) and of `article` (its row in the per-template table).
fn documented(readme: &str) -> BTreeMap<String, Fields> {
    let mut out = BTreeMap::new();
    let mut table: Option<&str> = None;
    let mut shape: Option<(String, String)> = None;
    let finish = |shape: &mut Option<(String, String)>, out: &mut BTreeMap<String, Fields>| {
        if let Some((name, text)) = shape.take() {
            out.insert(name, top_level_names(&text, Some(';')));
        }
    };
    for line in readme.lines() {
        match line {
            "`site`" => table = Some("site"),
            "`page`" => table = Some("page"),
            l if l.starts_with("## ") => table = None,
            _ => {}
        }
        if let (Some(t), Some(row)) = (table, line.strip_prefix("| `")) {
            let first = row.split(" |").next().unwrap_or_default();
            let names = top_level_names(&format!("`{first}"), None);
            out.entry(t.to_string())
                .or_insert_with(Fields::new)
                .extend(names);
        }
        if let Some(rest) = line.strip_prefix("- **") {
            finish(&mut shape, &mut out);
            // `- **Summary** (an article in a list): `title`, ...`
            let (name, rest) = rest.split_once("**").unwrap_or_default();
            let text = rest.split_once(':').map_or("", |(_, t)| t);
            shape = Some((name.to_string(), text.to_string()));
        } else if let Some((_, text)) = shape.as_mut().filter(|_| line.starts_with("  ")) {
            text.push_str(line);
        } else {
            finish(&mut shape, &mut out);
        }
        if let Some(row) =
            line.strip_prefix("| `article.html` | `article`: everything of a Summary plus")
        {
            out.insert("article".into(), top_level_names(row, None));
            out.insert("article.toc".into(), inner_names(row, "toc"));
        }
        if let Some(row) = line.strip_prefix("| `archive.html` | `archive`: a Period plus") {
            out.insert("archive".into(), top_level_names(row, Some(';')));
        }
        if let Some(row) = line.strip_prefix("| `archives.html` |") {
            out.insert("years".into(), inner_names(row, "years"));
        }
        if let Some(row) = line.strip_prefix("| `corrections.html` |") {
            out.insert("corrections".into(), inner_names(row, "corrections"));
        }
        if let Some(row) = line.strip_prefix("| `search.html` | `search`:") {
            out.insert("search".into(), top_level_names(row, None));
            out.insert("search.filters".into(), inner_names(row, "filters"));
        }
        if table == Some("page") && line.starts_with("| `feeds` |") {
            out.insert("page.feeds".into(), inner_names(line, "feeds"));
        }
    }
    out
}

#[test]
fn every_documented_field_exists_and_every_field_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "static"] {
        common::copy_dir(&root.join(dir), &site.path().join(dir));
    }
    // One width and one modern format: every field is still printed, and the
    // sample's pictures encode in a few seconds, not half a minute.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = format!("{config}\n[images]\nwidths = [480]\nformats = [\"webp\"]\n");
    std::fs::write(site.path().join("config.toml"), config).unwrap();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    for (path, text) in dump_templates() {
        std::fs::write(site.path().join(path), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(site.path(), &out.path().join("public"))).unwrap();
    let mut got: BTreeMap<String, Fields> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&report.output) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            printed(&Html::parse_document(&text), &mut got);
        }
    }
    let readme = std::fs::read_to_string(root.join("themes/default/README.md")).unwrap();
    let mut want = documented(&readme);
    // The README lists what an article page adds to a Summary; every
    // "also read" entry also has `html`, said after the Related fields.
    let summary = want.get("Summary").cloned().unwrap_or_default();
    want.entry("article".into())
        .or_default()
        .extend(summary.clone());
    want.entry("Related".into())
        .or_default()
        .insert("html".into());
    let pagination = readme.split_once("- **Pagination**").map_or("", |(_, p)| p);
    want.insert("Pagination.pages".into(), inner_names(pagination, "pages"));
    // Archive pages and the corrections log add fields to a shape.
    for (name, shape) in [
        ("archive", "Period"),
        ("years", "Period"),
        ("corrections", "Correction"),
    ] {
        let fields = want.get(shape).cloned().unwrap_or_default();
        want.entry(name.into()).or_default().extend(fields);
    }
    let place = readme
        .split_once("- **SeriesPlace**")
        .map_or("", |(_, p)| p);
    want.insert("SeriesPlace.prev".into(), inner_names(place, "prev"));
    // A part on the series page is a Summary with its number.
    let mut part = summary;
    part.insert("part".into());
    want.insert("SeriesPart".into(), part);
    for name in [
        "site",
        "page",
        "article",
        "Date",
        "Term",
        "TermPage",
        "AuthorRef",
        "Image",
        "Related",
        "Pagination",
        "Summary",
        "page.feeds",
        "Correction",
        "article.toc",
        "Pagination.pages",
        "Period",
        "archive",
        "years",
        "corrections",
        "Series",
        "SeriesPlace",
        "SeriesPlace.prev",
        "SeriesPart",
        "search",
        "search.filters",
    ] {
        assert!(got.contains_key(name), "`{name}`: no template printed it");
        assert_eq!(
            got.get(name),
            want.get(name),
            "`{name}`: printed by templates (left) and documented (right)"
        );
    }
}

#[test]
fn names_in_brackets_are_not_fields_of_the_outer_value() {
    let names = top_level_names(
        "`pages` ([{ `number`, `url` }], near), `first` (URL); `html`",
        Some(';'),
    );
    assert_eq!(names, Fields::from(["pages".into(), "first".into()]));
}
