//! "Also read": inline boxes, explicit and computed lists, their errors, and
//! the quality of the computed list on a corpus of story threads.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;

#[test]
fn inline_also_read_renders_a_box_with_title_category_and_date() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    let links = attrs(&page, ".story-body aside.also-read a", "href");
    assert_eq!(links, ["/news/china/troops/"]);
    assert_eq!(
        texts(&page, ".story-body aside.also-read a"),
        ["Troops honoured in Pyongyang"]
    );
    let meta = texts(&page, ".story-body aside.also-read .also-read-meta");
    assert_eq!(meta, ["China · 22 August 2025"]);
    let body = texts(&page, ".story-body").join(" ");
    assert!(
        !body.contains("ALSO READ:"),
        "the paragraph is replaced by the box"
    );
}

#[test]
fn also_read_list_is_explicit_first_then_computed() {
    let site = build_fixture("basic");
    let page = site.page("china/parade/index.html");
    let links = attrs(&page, ".related a", "href");
    assert_eq!(
        &links[..2],
        ["/news/world/reaction/", "https://example.com/explainer"]
    );
    // Computed entries follow: older articles only (the default), never the article itself.
    let computed = &links[2..];
    assert!(!computed.is_empty());
    assert!(
        computed
            .iter()
            .all(|l| l == "/news/china/troops/" || l == "/news/china/rehearsal/"),
        "{computed:?}"
    );
    assert!(links.len() <= 5);
}

#[test]
fn related_command_explains_the_scores() {
    let root = fixture("basic");
    let run = dateline(&[
        "related",
        "--root",
        root.to_str().unwrap(),
        "china/parade.md",
    ]);
    assert!(run.status.success(), "{run:?}");
    let out = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Leaders gather for the September parade"));
    assert!(lines[1].contains("listed") && lines[1].contains("world/reaction.md"));
    let computed: Vec<&&str> = lines.iter().filter(|l| l.contains("x recency")).collect();
    assert!(!computed.is_empty());
    for l in computed {
        let score: f64 = l.split_whitespace().next().unwrap().parse().unwrap();
        assert!(score > 0.0, "{l}");
        assert!(
            l.contains("category")
                && l.contains("tags")
                && l.contains("authors")
                && l.contains("text")
        );
    }
}

#[test]
fn related_command_rejects_an_unknown_article() {
    let run = dateline(&[
        "related",
        "--root",
        fixture("basic").to_str().unwrap(),
        "nope.md",
    ]);
    assert_eq!(run.status.code(), Some(2));
}

fn write_site(dir: &Path, config: &str, files: &[(String, String)]) {
    std::fs::write(dir.join("config.toml"), config).unwrap();
    for (rel, text) in files {
        let path = dir.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn load(dir: &Path) -> Result<dateline::Site, dateline::Error> {
    let req = dateline::BuildRequest {
        root: dir.to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        future: false,
        now: Some(NOW.parse().unwrap()),
        cache: true,
        cache_dir: None,
        gc: false,
    };
    dateline::load(&req, &mut dateline::Timings::default()).map(|(site, _, _)| site)
}

#[test]
fn related_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let a = "+++\ntitle = \"A\"\ndate = 2025-09-01\nrelated = [\"world/a.md\"]\n+++\nBody.\n\nAlso read: no link here.\n";
    write_site(
        dir.path(),
        "title = \"T\"\n",
        &[("world/a.md".into(), a.into())],
    );
    let Err(dateline::Error::Content(ds)) = load(dir.path()) else {
        panic!("expected errors")
    };
    let messages: Vec<String> = ds
        .iter()
        .map(|d| format!("{}:{}", d.location.line, d.message))
        .collect();
    assert_eq!(ds.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("4:") && messages[0].contains("itself"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("8:") && messages[1].contains("needs at least one link"),
        "{messages:?}"
    );
}

#[test]
fn repeated_related_entry_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let a = "+++\ntitle = \"A\"\ndate = 2025-09-01\nrelated = [\"world/b.md\", \"world/b\"]\n+++\nBody.\n";
    let b = "+++\ntitle = \"B\"\ndate = 2025-08-01\n+++\nBody.\n";
    write_site(
        dir.path(),
        "title = \"T\"\n",
        &[
            ("world/a.md".into(), a.into()),
            ("world/b.md".into(), b.into()),
        ],
    );
    let req = common::request(dir.path(), &dir.path().join("public"));
    let (site, _, warnings) = dateline::load(&req, &mut dateline::Timings::default()).unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("twice"));
    assert_eq!(site.articles[0].related.len(), 1);
}

#[test]
fn invalid_weight_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        "title = \"T\"\n[related.weights]\ntext = -2\n",
        &[],
    );
    let Err(dateline::Error::Content(ds)) = load(dir.path()) else {
        panic!("expected errors")
    };
    assert!(ds[0].location.path.ends_with("config.toml"));
    assert_eq!(ds[0].location.line, 3);
}

/// A deterministic pseudo-random generator for the corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next(xs.len())]
    }
}

const FILLER: &[&str] = &[
    "officials",
    "government",
    "statement",
    "week",
    "report",
    "plans",
    "public",
    "council",
    "meeting",
    "local",
    "national",
    "spokesperson",
    "analysts",
    "market",
    "budget",
    "policy",
    "residents",
    "minister",
    "committee",
    "agency",
    "region",
    "support",
    "critics",
    "decision",
    "proposal",
    "morning",
    "evening",
    "sources",
    "figures",
    "data",
    "pressure",
    "funding",
    "warned",
    "announced",
    "confirmed",
    "expected",
    "reported",
    "planned",
];
const CATEGORIES: &[&str] = &[
    "World", "Business", "Science", "Politics", "Health", "Sport",
];
const AUTHORS: &[&str] = &[
    "Ana Silva",
    "Ben Okoro",
    "Chen Wei",
    "Dara Byrne",
    "Eli Haddad",
    "Fay Moreau",
];

/// `threads` story threads of `per_thread` follow-ups each. A thread has
/// its own person and words, but shares a place, a second person and some
/// words with other threads; categories, authors and weeks vary, and filler
/// words make up most of the text.
fn thread_corpus(threads: usize, per_thread: usize) -> Vec<(String, String, usize)> {
    let mut rng = Lcg(7);
    let shared_people: Vec<String> = (0..threads / 2)
        .map(|k| format!("Shared{k} Person"))
        .collect();
    let shared_words: Vec<String> = (0..threads).map(|k| format!("common{k}")).collect();
    let mut out = Vec::new();
    for t in 0..threads {
        let people = [
            format!("Own{t} Person"),
            shared_people[rng.next(shared_people.len())].clone(),
        ];
        let place = format!("Town{}ville", rng.next(threads / 3));
        let mut topic: Vec<String> = (0..3).map(|k| format!("topic{t}word{k}")).collect();
        topic.extend((0..2).map(|_| shared_words[rng.next(shared_words.len())].clone()));
        let start_day = rng.next(300);
        for f in 0..per_thread {
            let day = start_day + f * (2 + rng.next(12));
            let date = jiff::civil::date(2024, 1, 1)
                .checked_add(jiff::Span::new().days(day as i64))
                .unwrap();
            let mut body = String::new();
            for para in 0..4 {
                for s in 0..4 {
                    let mut words: Vec<String> =
                        (0..12).map(|_| rng.pick(FILLER).to_string()).collect();
                    if (para + s + f) % 3 == 0 {
                        words[rng.next(12)] = people[rng.next(2)].clone();
                    }
                    if (para + s) % 4 == 0 {
                        words[rng.next(12)] = place.clone();
                    }
                    if (para * 4 + s) % 3 == f % 3 {
                        words[rng.next(12)] = topic[rng.next(5)].clone();
                    }
                    let _ = write!(body, "{}. ", words.join(" "));
                }
                body.push_str("\n\n");
            }
            let title = format!(
                "{} {} {}",
                rng.pick(FILLER),
                topic[rng.next(5)],
                rng.pick(FILLER)
            );
            let text = format!(
                "+++\ntitle = \"{title}\"\ndate = {date}\ncategory = \"{}\"\nauthor = \"{}\"\n+++\n\n{body}",
                rng.pick(CATEGORIES),
                rng.pick(AUTHORS)
            );
            out.push((format!("t{t}/t{t}-f{f}.md"), text, t));
        }
    }
    out
}

/// Share of the computed top-3 entries that come from the article's own
/// thread, over the articles that have at least 3 eligible thread-mates.
fn thread_precision(include_newer: bool) -> f64 {
    let corpus = thread_corpus(60, 6);
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, String)> = corpus
        .iter()
        .map(|(p, t, _)| (p.clone(), t.clone()))
        .collect();
    let config =
        format!("title = \"Threads\"\n[related]\ncount = 3\ninclude_newer = {include_newer}\n");
    write_site(dir.path(), &config, &files);
    let site = load(dir.path()).unwrap();
    let thread_of = |rel: &str| rel.split('/').next().unwrap().to_string();
    let (mut hits, mut total) = (0, 0);
    for (i, p) in site.articles.iter().enumerate() {
        let mates = site
            .articles
            .iter()
            .enumerate()
            .filter(|(j, q)| *j != i && thread_of(&q.rel_path) == thread_of(&p.rel_path))
            .filter(|(_, q)| include_newer || q.date.timestamp() <= p.date.timestamp())
            .count();
        if mates < 3 {
            continue;
        }
        total += 3;
        hits += p
            .computed
            .iter()
            .take(3)
            .filter(|s| thread_of(&site.articles[s.article].rel_path) == thread_of(&p.rel_path))
            .count();
    }
    assert!(total > 100, "too few articles measured: {total}");
    hits as f64 / total as f64
}

#[test]
fn computed_top3_comes_from_the_story_thread() {
    let with_newer = thread_precision(true);
    let older_only = thread_precision(false);
    println!("precision@3: {with_newer:.3} (include_newer), {older_only:.3} (older only)");
    assert!(
        with_newer >= 0.8,
        "precision@3 with newer articles: {with_newer:.3}"
    );
    assert!(
        older_only >= 0.8,
        "precision@3 with older articles only: {older_only:.3}"
    );
}

#[test]
fn computed_lists_are_deterministic() {
    let corpus = thread_corpus(10, 4);
    let files: Vec<(String, String)> = corpus
        .iter()
        .map(|(p, t, _)| (p.clone(), t.clone()))
        .collect();
    let lists = |dir: &Path| {
        write_site(dir, "title = \"T\"\n", &files);
        let site = load(dir).unwrap();
        site.articles
            .iter()
            .map(|p| p.computed.iter().map(|s| s.article).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(lists(a.path()), lists(b.path()));
}

#[test]
fn templates_can_ask_for_related_and_latest_articles() {
    let dir = copy_fixture("basic");
    let tpl = r#"<!doctype html><title>x</title>
<ul id="related">{% for r in related(path="china/parade.md") %}<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul>
<ul id="latest">{% for a in latest(category="China", count=2) %}<li><a href="{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>
{% set one = article(path="@/world/reaction.md") %}<p id="one">{{ one.title }}</p>"#;
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/404.html"), tpl).unwrap();
    let out = tempfile::tempdir().unwrap();
    let req = request(dir.path(), &out.path().join("public"));
    dateline::build(&req).unwrap();
    let text = std::fs::read_to_string(out.path().join("public/404.html")).unwrap();
    let page = scraper::Html::parse_document(&text);
    assert_eq!(
        attrs(&page, "#related a", "href")[..2],
        ["/news/world/reaction/", "https://example.com/explainer"]
    );
    assert_eq!(
        attrs(&page, "#latest a", "href"),
        ["/news/china/parade/", "/news/china/rehearsal/"]
    );
    assert_eq!(
        texts(&page, "#one"),
        ["Neighbours weigh the parade's message"]
    );
}

/// `article.related` entries say whether they were computed; the entry
/// partial, drawn once for both kinds of list, sees neither that nor `html`.
#[test]
fn related_entries_carry_their_kind_and_their_drawn_html() {
    let site = copy_fixture("basic");
    let partials = site.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    let entry = r#"<span data-computed="{{ r.computed is defined }}" data-html="{{ r.html is defined }}">{{ r.title }}</span>"#;
    std::fs::write(partials.join("related_entry.html"), entry).unwrap();
    let article = r#"{% extends "base.html" %}{% block content %}<ul class="kinds">{% for r in article.related %}<li data-computed="{{ r.computed }}" data-external="{{ r.external }}">{{ r.html }}</li>{% endfor %}</ul>{% endblock content %}"#;
    std::fs::write(site.path().join("templates/article.html"), article).unwrap();
    let out = tempfile::tempdir().unwrap();
    dateline::build(&request(site.path(), &out.path().join("public"))).unwrap();
    let html = std::fs::read_to_string(out.path().join("public/china/parade/index.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let kinds = attrs(&page, ".kinds > li", "data-computed");
    assert_eq!(&kinds[..2], ["false", "false"], "explicit entries first");
    assert!(
        kinds.len() > 2 && kinds[2..].iter().all(|k| k == "true"),
        "{kinds:?}"
    );
    let external = attrs(&page, ".kinds > li", "data-external");
    assert_eq!(external[..2], ["false", "true"]);
    // Each article's entry is drawn once for both kinds of list, by a
    // partial that sees no `computed` (nor `html`).
    let drawn = attrs(&page, ".kinds > li > span", "data-computed");
    assert_eq!(drawn.len(), kinds.len());
    let articles = drawn.iter().zip(&external).filter(|(_, e)| *e == "false");
    assert!(articles.clone().count() > 2);
    assert!(articles.clone().all(|(d, _)| d == "false"), "{drawn:?}");
    let html_seen = attrs(&page, ".kinds > li > span", "data-html");
    assert!(html_seen.iter().all(|d| d == "false"), "{html_seen:?}");
}
