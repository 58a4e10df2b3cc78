//! `dateline cms`: the editors' CMS configuration made from dateline's
//! fields and the site, files written the way the CMS writes them passing
//! `check --strict`, and the admin pages kept out of crawlers' way.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value as Json;

/// The sample site, copied.
fn sample() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "static"] {
        copy_dir(&root.join(dir), &site.path().join(dir));
    }
    std::fs::copy(root.join("config.toml"), site.path().join("config.toml")).unwrap();
    // What `dateline cms` writes replaces the sample's own.
    let _ = std::fs::remove_dir_all(site.path().join("static/admin"));
    site
}

fn cms(root: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["cms", "--root", root.to_str().unwrap()];
    args.extend(more);
    dateline(&args)
}

fn names(fields: &Json) -> Vec<String> {
    let list = fields.as_array().unwrap();
    list.iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_configuration_has_a_collection_per_section_and_every_field() {
    let site = sample();
    let run = cms(site.path(), &["--repo", "newsroom/ledger"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(site.path().join("static/admin/config.yml")).unwrap();
    let config: Json = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "newsroom/ledger");
    assert_eq!(config["publish_mode"], "editorial_workflow");
    assert_eq!(config["media_folder"], "static/images");
    let collections = config["collections"].as_array().unwrap();
    let folders: Vec<&str> = collections
        .iter()
        .map(|c| c["folder"].as_str().unwrap())
        .collect();
    assert_eq!(
        folders,
        [
            "content/business",
            "content/china",
            "content/science",
            "content/sport",
            "content/world",
            "content",
            "content/authors"
        ]
    );
    // Every article, hidden, for `related` to pick from.
    assert_eq!(collections[5]["hide"], true);
    assert_eq!(collections[5]["nested"]["depth"], 2);
    assert_eq!(collections[6]["identifier_field"], "name");
    let world = &collections[4];
    assert_eq!(world["format"], "toml-frontmatter");
    let fields = names(&world["fields"]);
    for name in [
        "title",
        "date",
        "updated",
        "category",
        "categories",
        "author",
        "authors",
        "summary",
        "tags",
        "related",
        "image",
        "draft",
        "slug",
        "expires",
        "corrections",
        "aliases",
        "sitemap",
        "canonical",
        "breaking",
        "label",
        "kicker",
        "sponsor",
        "dateline",
        "location",
        "extra",
        "series",
        "live",
        "body",
    ] {
        assert!(
            fields.iter().any(|f| f == name),
            "no field `{name}` in {fields:?}"
        );
    }
    let field = |name: &str| {
        let list = world["fields"].as_array().unwrap();
        list.iter().find(|f| f["name"] == name).unwrap().clone()
    };
    assert_eq!(field("date")["widget"], "datetime");
    assert_eq!(field("authors")["widget"], "relation");
    assert_eq!(field("authors")["collection"], "authors");
    assert_eq!(field("related")["widget"], "relation");
    assert_eq!(field("related")["collection"], "all_articles");
    assert_eq!(
        field("related")["value_field"],
        "{{dirname}}/{{filename}}.{{extension}}"
    );
    let sections = field("category")["options"].clone();
    assert_eq!(
        sections,
        serde_json::json!(["Business", "China", "Science", "Sport", "World"])
    );
    let labels = field("label")["options"].as_array().unwrap().len();
    assert!(labels >= 6, "the site's labels");
    // The sample declares one house field, `desk`, with its values.
    let extra = names(&field("extra")["fields"]);
    assert_eq!(extra, ["desk"]);
    let authors = names(&collections[6]["fields"]);
    assert_eq!(
        authors,
        ["name", "role", "image", "links", "fediverse", "body"]
    );
    let index = std::fs::read_to_string(site.path().join("static/admin/index.html")).unwrap();
    let page = scraper::Html::parse_document(&index);
    let scripts = attrs(&page, "script", "src");
    assert_eq!(
        scripts,
        ["https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js"]
    );
    let integrity = attrs(&page, "script", "integrity");
    assert!(integrity[0].starts_with("sha384-"), "{integrity:?}");
    // Sveltia CMS: its script, and empty fields left out of the files.
    let run = cms(
        site.path(),
        &["--repo", "newsroom/ledger", "--kind", "sveltia"],
    );
    assert!(run.status.success());
    let text = std::fs::read_to_string(site.path().join("static/admin/config.yml")).unwrap();
    let config: Json = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(config["output"]["omit_empty_optional_fields"], true);
}

#[test]
fn a_bad_repository_or_a_missing_content_folder_writes_nothing() {
    let site = sample();
    let run = cms(site.path(), &["--repo", "ledger"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("`owner/name`"));
    assert!(!site.path().join("static/admin").exists());
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    let run = cms(site.path(), &["--repo", "newsroom/ledger"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("content"));
    assert!(!site.path().join("static/admin").exists());
}

/// An article and a profile as Decap CMS writes them: TOML, dates as quoted
/// strings with their offset, every optional field left empty as `""`,
/// empty lists, pictures and tables of empty strings.
const FROM_THE_CMS: &str = r#"+++
title = "Ferry strike ends after three days"
date = "2025-09-10T09:30:00+01:00"
updated = ""
category = "World"
categories = []
authors = ["Mei Lin"]
summary = ""
tags = ["Transport"]
related = []
draft = false
slug = ""
expires = ""
corrections = []
aliases = []
sitemap = true
canonical = ""
label = ""
kicker = ""
sponsor = ""
dateline = ""
location = ""

[image]
src = ""
alt = ""
caption = ""
credit = ""
copyright = ""
license = ""
acquire_license_page = ""

[breaking]
text = ""
until = ""

[extra]
desk = ""

[series]
name = ""
part = ""

[live]
start = ""
end = ""
key_points = []
+++

The ferries run again.
"#;

const PROFILE_FROM_THE_CMS: &str = r#"+++
name = "Mei Lin"
role = ""
links = []
fediverse = ""

[image]
src = ""
alt = ""
+++

Mei Lin reports on transport.
"#;

#[test]
fn files_written_the_way_the_cms_writes_them_pass_check_strict() {
    let site = temp_site(
        "timezone = \"Europe/London\"\n[schema.extra]\ndesk = { type = \"string\", values = [\"Foreign\", \"Sport\"] }\n",
        &[
            ("content/world/ferry-strike.md", FROM_THE_CMS),
            ("content/authors/mei-lin.md", PROFILE_FROM_THE_CMS),
            // Sveltia leaves the empty fields out.
            (
                "content/world/harbour.md",
                "+++\ntitle = \"Harbour reopens\"\ndate = \"2025-09-09T08:00:00+01:00\"\nauthors = [\"Mei Lin\"]\ntags = []\ndraft = false\n+++\n\nShips are back.\n",
            ),
        ],
    );
    let run = dateline(&["check", "--strict", "--root", site.path().to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Filled in, the same fields are checked as ever.
    let broken = FROM_THE_CMS
        .replace("desk = \"\"", "desk = \"Sprot\"")
        .replace(
            "[series]\nname = \"\"\npart = \"\"",
            "[series]\nname = \"The ferries\"\npart = \"\"",
        );
    std::fs::write(site.path().join("content/world/ferry-strike.md"), broken).unwrap();
    let stderr = failing_run(site.path());
    assert!(stderr.contains("did you mean `Sport`?"), "{stderr}");
    assert!(stderr.contains("`series.part` is missing"), "{stderr}");
}

#[test]
fn the_admin_pages_are_published_but_kept_from_crawlers() {
    let site = temp_site(
        "",
        &[(
            "content/world/ferry.md",
            "+++\ntitle = \"Ferry\"\ndate = 2025-09-08T10:00:00Z\n+++\nText.\n",
        )],
    );
    let run = cms(site.path(), &["--repo", "newsroom/ledger"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(out.path().join("public/admin/index.html").is_file());
    assert!(out.path().join("public/admin/config.yml").is_file());
    let robots = std::fs::read_to_string(out.path().join("public/robots.txt")).unwrap();
    assert!(robots.lines().any(|l| l == "Disallow: /admin/"), "{robots}");
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.iter().all(|l| !l.contains("/admin")), "{locs:?}");
}

/// A file that has `author` and gets `authors` from the CMS naming the same
/// people builds; different people are still an error.
#[test]
fn author_and_authors_naming_the_same_people_are_one_byline() {
    let both = "+++\ntitle = \"Ferry\"\ndate = 2025-09-08T10:00:00Z\nauthor = \"Mei Lin\"\nauthors = [\"Mei Lin\"]\n+++\nText.\n";
    let site = temp_site("", &[("content/world/ferry.md", both)]);
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let page = built_page(&out, "world/ferry/index.html");
    assert_eq!(texts(&page, ".meta-byline a"), ["Mei Lin"]);
    let other = both.replace("authors = [\"Mei Lin\"]", "authors = [\"Tom Ekker\"]");
    std::fs::write(site.path().join("content/world/ferry.md"), other).unwrap();
    let stderr = failing_run(site.path());
    assert!(
        stderr.contains("use either `author` or `authors`"),
        "{stderr}"
    );
}
