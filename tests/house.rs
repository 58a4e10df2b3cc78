//! The newsroom's own data: labels (types of work), kickers, sponsors,
//! datelines and `[extra]` house fields, checked at their line and shown
//! by the default theme, in JSON-LD and in feeds.

mod common;

use common::*;
use scraper::Html;
use serde_json::Value as Json;

fn article(front: &str, body: &str) -> String {
    format!("+++\ndate = 2025-09-04 09:00\n{front}\n+++\n{body}\n")
}

fn jsonld_article(html: &Html) -> Json {
    html.select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str::<Json>(&s.inner_html()).unwrap())
        .find(|j| j["@type"].as_str().is_some_and(|t| t.ends_with("Article")))
        .expect("an article document")
}

/// The errors as (file name, line, message).
fn errors(ds: &[dateline::Diagnostic]) -> Vec<(String, usize, String)> {
    ds.iter()
        .filter(|d| d.severity == dateline::error::Severity::Error)
        .map(|d| {
            let name = d
                .location
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, d.location.line, d.message.clone())
        })
        .collect()
}

#[test]
fn a_label_is_the_kicker_the_json_ld_type_and_a_feed_category() {
    let dir = temp_site(
        "",
        &[(
            "content/world/deal.md",
            &article(
                "title = \"Why the deal holds\"\nlabel = \"analysis\"",
                "The text.",
            ),
        )],
    );
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/deal/index.html");
    assert_eq!(texts(&html, ".story-header .kicker .label"), ["Analysis"]);
    assert_eq!(
        texts(&html, ".story-header .kicker .kicker-section"),
        ["World"]
    );
    assert_eq!(
        attrs(&html, "article.story", "class"),
        ["story label-analysis"]
    );
    assert_eq!(jsonld_article(&html)["@type"], "AnalysisNewsArticle");
    let home = built_page(&out, "index.html");
    assert_eq!(texts(&home, ".lead .kicker .label"), ["Analysis"]);
    let rss = std::fs::read_to_string(out.path().join("public/rss.xml")).unwrap();
    let rss = roxmltree::Document::parse(&rss).unwrap();
    let categories: Vec<&str> = rss
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(categories.first(), Some(&"Analysis"), "{categories:?}");
}

#[test]
fn an_unknown_label_fails_at_its_line_with_a_suggestion() {
    let dir = temp_site(
        "",
        &[(
            "content/world/deal.md",
            &article("title = \"Deal\"\nlabel = \"Analyis\"", "Text."),
        )],
    );
    let ds = build_site(dir.path()).unwrap_err();
    assert_eq!(
        errors(&ds),
        [(
            "deal.md".to_string(),
            4,
            "unknown label `Analyis`; did you mean `Analysis`?".to_string()
        )]
    );
}

#[test]
fn a_site_declares_its_own_labels_and_a_kicker_overrides_the_text() {
    let config =
        "[labels]\n\"Fact check\" = \"ReportageNewsArticle\"\nOpinion = \"OpinionNewsArticle\"\n";
    let dir = temp_site(
        config,
        &[
            (
                "content/world/claim.md",
                &article(
                    "title = \"Claim\"\nlabel = \"Fact check\"\nkicker = \"Verified\"",
                    "Text.",
                ),
            ),
            (
                "content/world/view.md",
                &article("title = \"View\"\nlabel = \"Opinion\"", "Text."),
            ),
        ],
    );
    let out = build_site(dir.path()).unwrap();
    let claim = built_page(&out, "world/claim/index.html");
    assert_eq!(texts(&claim, ".story-header .kicker .label"), ["Verified"]);
    assert_eq!(jsonld_article(&claim)["@type"], "ReportageNewsArticle");
    let view = built_page(&out, "world/view/index.html");
    assert_eq!(
        attrs(&view, "article.story", "class"),
        ["story label-opinion"]
    );
    // `Analysis` is not one of this site's labels.
    let bad = temp_site(
        config,
        &[(
            "content/world/x.md",
            &article("title = \"X\"\nlabel = \"Analysis\"", "T."),
        )],
    );
    let ds = build_site(bad.path()).unwrap_err();
    assert!(
        errors(&ds)[0].2.starts_with("unknown label `Analysis`"),
        "{ds:?}"
    );
    let wrong = temp_site("[labels]\nOpinion = \"OpinonNewsArticle\"\n", &[]);
    let ds = build_site(wrong.path()).unwrap_err();
    let (file, line, message) = &errors(&ds)[0];
    assert_eq!((file.as_str(), *line), ("config.toml", 4));
    assert!(
        message.contains("did you mean `OpinionNewsArticle`?"),
        "{message}"
    );
}

#[test]
fn sponsored_content_names_its_sponsor_in_a_visible_disclosure() {
    let dir = temp_site(
        "",
        &[(
            "content/business/tea.md",
            &article(
                "title = \"Tea\"\nlabel = \"Sponsored\"\nsponsor = \"Highland Tea Growers\"",
                "Text.",
            ),
        )],
    );
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "business/tea/index.html");
    let disclosure = texts(&html, ".story-header .disclosure").join("");
    assert!(disclosure.contains("Highland Tea Growers"), "{disclosure}");
    let ld = jsonld_article(&html);
    assert_eq!(ld["@type"], "AdvertiserContentArticle");
    assert_eq!(ld["sponsor"]["name"], "Highland Tea Growers");
    let missing = temp_site(
        "",
        &[(
            "content/business/tea.md",
            &article("title = \"Tea\"\nlabel = \"Sponsored\"", "T."),
        )],
    );
    let ds = build_site(missing.path()).unwrap_err();
    assert_eq!(errors(&ds)[0].1, 4, "{ds:?}");
    assert!(errors(&ds)[0].2.contains("sponsor"), "{ds:?}");
    let stray = temp_site(
        "",
        &[(
            "content/business/tea.md",
            &article("title = \"Tea\"\nsponsor = \"X\"", "T."),
        )],
    );
    let ds = build_site(stray.path()).unwrap_err();
    assert_eq!(errors(&ds)[0].1, 4, "{ds:?}");
}

#[test]
fn a_dateline_opens_the_first_paragraph_and_stays_out_of_the_description() {
    let dir = temp_site(
        "",
        &[(
            "content/world/talks.md",
            &article(
                "title = \"Talks resume\"\ndateline = \"GENEVA\"\nlocation = \"Geneva, Switzerland\"",
                "Negotiators met again on Thursday.\n\nA second paragraph.",
            ),
        )],
    );
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/talks/index.html");
    let first = html.select(&sel(".story-body p")).next().unwrap();
    let text: String = first.text().collect();
    assert!(text.starts_with("GENEVA — Negotiators met"), "{text}");
    assert_eq!(texts(&html, ".story-body p .dateline"), ["GENEVA"]);
    let ld = jsonld_article(&html);
    assert_eq!(ld["dateline"], "GENEVA");
    assert_eq!(ld["locationCreated"]["name"], "Geneva, Switzerland");
    let description = attrs(&html, "meta[property='og:description']", "content");
    assert_eq!(description, ["Negotiators met again on Thursday."]);
    let malformed = temp_site(
        "",
        &[(
            "content/world/x.md",
            &article(
                "title = \"X\"\ndateline = \"\"\"GENEVA\nand more\"\"\"",
                "T.",
            ),
        )],
    );
    let ds = build_site(malformed.path()).unwrap_err();
    assert_eq!(errors(&ds)[0].1, 4, "{ds:?}");
    assert!(errors(&ds)[0].2.contains("one line"), "{ds:?}");
}

#[test]
fn house_fields_reach_templates_and_top_level_keys_stay_strict() {
    let template = "{% extends \"base.html\" %}{% block content %}<p id=\"desk\">{{ article.extra.desk }}</p>\
        <p id=\"edition\">{{ site.extra.edition }}</p><p id=\"beat\">{{ article.authors[0].extra.beat }}</p>{% endblock %}";
    let dir = temp_site(
        "[extra]\nedition = \"Morning\"\n",
        &[
            (
                "content/world/deal.md",
                &article(
                    "title = \"Deal\"\nauthor = \"Mei Lin\"\n[extra]\ndesk = \"Foreign\"",
                    "Text.",
                ),
            ),
            (
                "content/authors/mei-lin.md",
                "+++\nname = \"Mei Lin\"\n[extra]\nbeat = \"Diplomacy\"\n+++\nBio.\n",
            ),
            ("templates/article.html", template),
        ],
    );
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/deal/index.html");
    assert_eq!(texts(&html, "#desk"), ["Foreign"]);
    assert_eq!(texts(&html, "#edition"), ["Morning"]);
    assert_eq!(texts(&html, "#beat"), ["Diplomacy"]);
    let typo = temp_site(
        "",
        &[(
            "content/world/x.md",
            &article("title = \"X\"\ncategroy = \"World\"", "T."),
        )],
    );
    let ds = build_site(typo.path()).unwrap_err();
    assert!(
        errors(&ds)[0].2.contains("did you mean `category`?"),
        "{ds:?}"
    );
}

#[test]
fn declared_house_fields_are_checked_at_their_line() {
    let config = "[schema.extra]\ndesk = { type = \"string\", required = true, values = [\"Foreign\", \"Home\"] }\n\
        priority = { type = \"number\" }\nembargo = { type = \"date\" }\n";
    let dir = temp_site(
        config,
        &[
            (
                "content/world/a.md",
                &article(
                    "title = \"A\"\n[extra]\ndesk = \"Foriegn\"\npriority = \"high\"\nembargo = 2025-09-04",
                    "T.",
                ),
            ),
            ("content/world/b.md", &article("title = \"B\"", "T.")),
            (
                "content/world/c.md",
                &article(
                    "title = \"C\"\n[extra]\ndesk = \"Home\"\npriority = 2\nunknown_is_fine = true",
                    "T.",
                ),
            ),
        ],
    );
    let ds = build_site(dir.path()).unwrap_err();
    let found = errors(&ds);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.contains(&(
        "a.md".into(),
        5,
        "`extra.desk` cannot be `Foriegn`; did you mean `Foreign`?".into()
    )));
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "a.md" && *l == 6 && m.contains("must be a number")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, _, m)| f == "b.md" && m.contains("missing house field `extra.desk`")),
        "{found:#?}"
    );
    // A declared type that does not exist is config.toml's error.
    let bad = temp_site("[schema.extra]\ndesk = { type = \"strnig\" }\n", &[]);
    let ds = build_site(bad.path()).unwrap_err();
    assert!(
        errors(&ds)[0].2.contains("did you mean `string`?"),
        "{ds:?}"
    );
}

/// `content/<section>/_index.md` and `content/tags/<tag>/_index.md` give a
/// list page a title, description, picture and introduction.
#[test]
fn section_and_tag_pages_have_their_own_title_description_and_intro() {
    let dir = temp_site(
        "",
        &[
            (
                "content/world/deal.md",
                &article("title = \"Deal\"\ntags = [\"Trade\"]", "Text."),
            ),
            (
                "content/world/_index.md",
                "+++\ntitle = \"World news\"\ndescription = \"Reporting from every continent.\"\nimage = { src = \"/world.svg\", alt = \"A globe\" }\n+++\nOur foreign desk, starting with [the deal](@/world/deal.md).\n",
            ),
            (
                "static/world.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1600 900\"></svg>",
            ),
            (
                "content/tags/trade/_index.md",
                "+++\ndescription = \"Tariffs, shipping and markets.\"\n+++\nHow goods move.\n",
            ),
            (
                "content/nowhere/_index.md",
                "+++\ntitle = \"Nowhere\"\n+++\nNothing.\n",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let warned: Vec<&str> = report.warnings.iter().map(|d| d.message.as_str()).collect();
    assert!(
        report
            .warnings
            .iter()
            .any(|d| d.location.path.ends_with("nowhere/_index.md")),
        "{warned:?}"
    );
    let world = built_page(&out, "world/index.html");
    assert_eq!(texts(&world, "h1"), ["World news"]);
    assert_eq!(
        texts(&world, ".page-header .standfirst"),
        ["Reporting from every continent."]
    );
    assert_eq!(attrs(&world, ".intro a", "href"), ["/world/deal/"]);
    assert_eq!(
        attrs(&world, "meta[name='description']", "content"),
        ["Reporting from every continent."]
    );
    assert_eq!(
        attrs(&world, "meta[property='og:image']", "content"),
        ["https://example.org/world.svg"]
    );
    let ld: Vec<Json> = world
        .select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str(&s.inner_html()).unwrap())
        .collect();
    let collection = ld.iter().find(|j| j["@type"] == "CollectionPage").unwrap();
    assert_eq!(
        collection["mainEntity"]["itemListElement"][0]["url"],
        "https://example.org/world/deal/"
    );
    let feed = std::fs::read_to_string(out.path().join("public/world/rss.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let description = feed
        .descendants()
        .find(|n| n.has_tag_name("description"))
        .and_then(|n| n.text());
    assert_eq!(description, Some("Reporting from every continent."));
    let trade = built_page(&out, "tag/trade/index.html");
    assert_eq!(texts(&trade, "h1"), ["Trade"]);
    assert_eq!(texts(&trade, ".intro p"), ["How goods move."]);
    assert!(!out.path().join("public/nowhere").exists());
}

/// A Windows-edited file (CRLF) put every message one line early, and a
/// house field was located at a top-level key of the same name.
#[test]
fn messages_find_their_line_in_crlf_files_and_inside_extra() {
    let crlf =
        "+++\r\ntitle = \"T\"\r\ndate = 2025-09-04\r\nlabel = \"Analyis\"\r\n+++\r\nBody.\r\n";
    let config = "[schema.extra]\nlocation = { type = \"number\" }\n";
    let dir = temp_site(
        config,
        &[
            ("content/world/crlf.md", crlf),
            (
                "content/world/nested.md",
                &article(
                    "title = \"N\"\nlocation = \"Geneva\"\n[extra]\nlocation = \"x\"",
                    "T.",
                ),
            ),
        ],
    );
    let ds = build_site(dir.path()).unwrap_err();
    let found = errors(&ds);
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "crlf.md" && *l == 4 && m.contains("Analyis")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "nested.md" && *l == 6 && m.contains("extra.location")),
        "{found:#?}"
    );
}

/// `## Correction` twice gives the second heading `correction-1`, the id of
/// the first correction note: the note takes another, and the log links to it.
#[test]
fn correction_notes_never_share_an_id_with_a_heading() {
    let dir = temp_site(
        "",
        &[(
            "content/world/fix.md",
            &article(
                "title = \"Fix\"\ncorrections = [{ date = 2025-09-05, text = \"A name was misspelt.\" }]",
                "Intro.\n\n## Correction\n\nOne.\n\n## Correction\n\nTwo.",
            ),
        )],
    );
    let out = build_site(dir.path()).unwrap();
    let html = built_page(&out, "world/fix/index.html");
    let ids = attrs(&html, "[id]", "id");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let note = attrs(&html, "section.corrections li", "id");
    let log = built_page(&out, "corrections/index.html");
    let links = attrs(&log, "a[href*='#']", "href");
    assert!(
        links.contains(&format!("/world/fix/#{}", note[0])),
        "{links:?} {note:?}"
    );
}

/// Only a section or tag with its own `_index.md` has a CollectionPage; a
/// list page's picture is checked like an article's; an `extra` that is no
/// table is one error, not one per declared field.
#[test]
fn list_page_details_and_one_error_for_an_extra_that_is_no_table() {
    let dir = temp_site(
        "",
        &[(
            "content/world/deal.md",
            &article("title = \"Deal\"\ntags = [\"Trade\"]", "Text."),
        )],
    );
    let out = build_site(dir.path()).unwrap();
    for rel in ["world/index.html", "tag/trade/index.html"] {
        let html = built_page(&out, rel);
        let types: Vec<Json> = html
            .select(&sel("script[type='application/ld+json']"))
            .map(|s| serde_json::from_str::<Json>(&s.inner_html()).unwrap()["@type"].clone())
            .collect();
        assert!(
            !types.contains(&Json::from("CollectionPage")),
            "{rel}: {types:?}"
        );
    }
    let config = "[schema.extra]\ndesk = { type = \"string\", required = true }\nbeat = { type = \"string\", required = true }\n";
    let bad = temp_site(
        config,
        &[
            (
                "content/world/x.md",
                &article("title = \"X\"\nextra = \"Foreign\"", "T."),
            ),
            (
                "content/world/_index.md",
                "+++\nimage = { src = \"/w.png\", alt = \"W\", license = \"javascript:alert(1)\" }\n+++\nIntro.\n",
            ),
        ],
    );
    let ds = build_site(bad.path()).unwrap_err();
    let found = errors(&ds);
    let on_x: Vec<_> = found.iter().filter(|(f, _, _)| f == "x.md").collect();
    assert_eq!(on_x.len(), 1, "{found:#?}");
    assert_eq!(on_x[0].1, 4, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|(f, l, m)| f == "_index.md" && *l == 2 && m.contains("image.license")),
        "{found:#?}"
    );
}

/// A template that walks `[extra]` gets its keys in one order, build after
/// build: template maps keep their order instead of a hash's.
#[test]
fn a_template_looping_over_extra_writes_the_same_page_every_time() {
    let keys = [
        "desk", "wire", "embargo", "priority", "region", "budget", "slot", "legal", "photo",
    ];
    let extra: String = keys
        .iter()
        .map(|k| format!("{k} = \"{k}-value\"\n"))
        .collect();
    let dir = temp_site(
        "",
        &[
            (
                "content/world/deal.md",
                &article("title = \"Deal\"", "Text.\n")
                    .replace("+++\nText.", &format!("[extra]\n{extra}+++\nText.")),
            ),
            (
                "templates/article.html",
                "{% for k, v in article.extra %}{{ k }}={{ v }};{% endfor %}",
            ),
        ],
    );
    let pages: Vec<String> = (0..4)
        .map(|_| {
            let out = build_site(dir.path()).unwrap();
            std::fs::read_to_string(out.path().join("public/world/deal/index.html")).unwrap()
        })
        .collect();
    assert!(pages.iter().all(|p| p == &pages[0]), "{pages:?}");
    let written: Vec<&str> = pages[0]
        .trim_end_matches(';')
        .split(';')
        .map(|kv| kv.split('=').next().unwrap())
        .collect();
    let mut sorted = keys.to_vec();
    sorted.sort_unstable();
    assert!(written == keys || written == sorted, "{written:?}");
}

/// A section's, tag's or series' page is read before its first article
/// comes out: its broken link fails the build now, not on the day the
/// article is published, and so does a second page for one tag.
#[test]
fn the_pages_of_terms_with_nothing_out_yet_are_checked_now() {
    let later = "+++\ntitle = \"Later\"\ndate = 2025-09-20 09:00\ncategory = \"Sport\"\ntags = [\"Zoë\"]\nseries = { name = \"The river\", part = 1 }\n+++\nText.\n";
    let page =
        |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nSee [this](@/world/nope.md).\n");
    let dir = temp_site(
        "",
        &[
            ("content/sport/later.md", later),
            ("content/world/now.md", &article("title = \"Now\"", "Text.")),
            ("content/sport/_index.md", &page("Sport")),
            ("content/tags/ZOË/_index.md", &page("Zoë")),
            (
                "content/tags/zoë/_index.md",
                "+++\ntitle = \"Again\"\n+++\nText.\n",
            ),
            ("content/series/the-river/_index.md", &page("The river")),
        ],
    );
    let stderr = failing_run(dir.path());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    for file in [
        "sport/_index.md",
        "tags/ZOË/_index.md",
        "series/the-river/_index.md",
    ] {
        assert!(
            errors
                .iter()
                .any(|l| l.contains(file) && l.contains("world/nope.md")),
            "{file}: {stderr}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|l| l.contains("two pages describe the tag `zoe`")),
        "{stderr}"
    );
}

/// Labels are read in any case, beyond ASCII too; so two labels of the
/// site that differ only in case, or one with no name, are errors.
#[test]
fn labels_match_in_any_case_and_clashing_names_are_errors() {
    let config =
        "[labels]\n\"Éditorial\" = \"OpinionNewsArticle\"\n\"Анализ\" = \"AnalysisNewsArticle\"\n";
    let dir = temp_site(
        config,
        &[
            (
                "content/world/a.md",
                &article("title = \"A\"\nlabel = \"éditorial\"", "T."),
            ),
            (
                "content/world/b.md",
                &article("title = \"B\"\nlabel = \"АНАЛИЗ\"", "T."),
            ),
        ],
    );
    let out = build_site(dir.path()).unwrap();
    assert_eq!(
        jsonld_article(&built_page(&out, "world/a/index.html"))["@type"],
        "OpinionNewsArticle"
    );
    assert_eq!(
        jsonld_article(&built_page(&out, "world/b/index.html"))["@type"],
        "AnalysisNewsArticle"
    );
    let clash = temp_site(
        "[labels]\nNews = \"NewsArticle\"\nnews = \"OpinionNewsArticle\"\n\" \" = \"NewsArticle\"\n",
        &[],
    );
    let ds = build_site(clash.path()).unwrap_err();
    let messages: Vec<String> = errors(&ds).into_iter().map(|e| e.2).collect();
    assert!(
        messages.iter().any(|m| m.contains("differ only in case")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("a label with no name")),
        "{messages:?}"
    );
}

/// A control character written as an escape in a key of `[extra]` is
/// removed with a warning, as in a value; in config.toml it is an error.
#[test]
fn control_characters_in_extra_keys_never_reach_pages() {
    let dir = temp_site(
        "",
        &[
            (
                "content/world/a.md",
                "+++\ntitle = \"A\"\ndate = 2025-09-01\n[extra]\n\"k\\u000bey\" = \"v\"\n+++\nBody.\n",
            ),
            (
                "content/world/b.md",
                "---\ntitle: B\ndate: 2025-09-01\nextra: {\"y\\vkey\": v}\n---\nBody.\n",
            ),
            (
                "templates/article.html",
                "{% for k, v in article.extra %}[{{ k }}]{% endfor %}",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let report = dateline::build(&request(dir.path(), &out.path().join("public"))).unwrap();
    let warned: Vec<(String, usize)> = report
        .warnings
        .iter()
        .filter(|d| d.message.contains("U+000B"))
        .map(|d| {
            (
                d.location
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d.location.line,
            )
        })
        .collect();
    assert_eq!(warned, [("a.md".to_string(), 5), ("b.md".to_string(), 4)]);
    let page = |p: &str| std::fs::read_to_string(report.output.join(p)).unwrap();
    assert_eq!(page("world/a/index.html"), "[key]");
    assert_eq!(page("world/b/index.html"), "[ykey]");
    let config =
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[extra]\n\"e\\u000bd\" = \"x\"\n";
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let stderr = failing_run(dir.path());
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("config.toml:4:3") && l.contains("U+000B")),
        "{stderr}"
    );
}

/// A value of the wrong type is shown by its start, not whole.
#[test]
fn a_long_value_of_the_wrong_type_is_cut_in_its_message() {
    let list: Vec<String> = (0..2000).map(|i| format!("\"item {i}\"")).collect();
    let dir = temp_site(
        "[schema.extra]\npriority = { type = \"number\" }\n",
        &[(
            "content/world/a.md",
            &article(
                &format!("title = \"A\"\n[extra]\npriority = [{}]", list.join(", ")),
                "T.",
            ),
        )],
    );
    let ds = build_site(dir.path()).unwrap_err();
    let found = errors(&ds);
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].2;
    assert!(
        message.starts_with("`extra.priority` must be a number, not [\"item 0\""),
        "{message}"
    );
    assert!(
        message.ends_with('…') && message.chars().count() < 120,
        "{message}"
    );
}
