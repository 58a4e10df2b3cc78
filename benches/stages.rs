//! Micro-benchmarks of the hot stages, so a regression shows up as a number:
//! `cargo bench` (or `cargo bench -- markdown` for one group).

use std::fmt::Write as _;
use std::path::Path;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dateline::content::Article;
use dateline::markdown::{self, Resolver, Target, Unresolved};

const WORDS: &[&str] = &[
    "council",
    "minister",
    "budget",
    "harbour",
    "election",
    "storm",
    "court",
    "inflation",
    "transport",
    "museum",
    "report",
    "officials",
    "voters",
    "region",
    "talks",
    "strike",
    "energy",
    "market",
    "river",
    "school",
];

/// A deterministic article of about 800 words with headings, a list and links.
fn article_text(i: usize) -> String {
    let mut body = String::new();
    for p in 0..8 {
        if p % 3 == 1 {
            let _ = writeln!(
                body,
                "## {} and {}\n",
                WORDS[(i + p) % 20],
                WORDS[(i * 7 + p) % 20]
            );
        }
        let sentence: Vec<&str> = (0..100)
            .map(|k| WORDS[(i * 31 + p * 17 + k * 13) % 20])
            .collect();
        let _ = writeln!(
            body,
            "{}. See [more](@/n/a{}.md).\n",
            sentence.join(" "),
            (i + p) % 50
        );
    }
    format!(
        "+++\ntitle = \"{} {} in {}\"\ndate = 2025-0{}-1{}T08:00:00Z\ncategory = \"{}\"\nauthor = \"Writer {}\"\ntags = [\"{}\"]\n+++\n\n{body}",
        WORDS[i % 20],
        WORDS[(i + 3) % 20],
        WORDS[(i + 5) % 20],
        1 + i % 9,
        i % 10,
        WORDS[i % 6],
        i % 12,
        WORDS[(i + 9) % 20]
    )
}

fn config() -> dateline::Config {
    dateline::Config::parse(Path::new("."), "title = \"Bench\"", None).unwrap()
}

struct AnyArticle;

impl Resolver for AnyArticle {
    fn resolve(&self, reference: &str) -> Result<Target, Unresolved> {
        Ok(Target {
            index: 0,
            url: format!("/{reference}/"),
            title: "Linked".into(),
        })
    }
}

fn front_matter(c: &mut Criterion) {
    let texts: Vec<String> = (0..100).map(article_text).collect();
    let cfg = config();
    c.bench_function("front_matter/parse_100_articles", |b| {
        b.iter(|| {
            for (i, t) in texts.iter().enumerate() {
                let rel = format!("n/a{i}.md");
                black_box(Article::parse(&rel, Path::new(&rel), t, &cfg).unwrap());
            }
        })
    });
}

fn markdown_render(c: &mut Criterion) {
    let body = article_text(1);
    c.bench_function("markdown/render_800_words", |b| {
        b.iter(|| {
            let source = markdown::Source {
                path: Path::new("a.md"),
                body: &body,
                first_line: 1,
            };
            black_box(markdown::render(&source, &AnyArticle))
        })
    });
}

/// A site of `n` articles on disk, loaded (parse, related, Markdown).
fn site_dir(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), "title = \"Bench\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content/n")).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("content/n/a{i}.md")),
            article_text(i),
        )
        .unwrap();
    }
    dir
}

fn request(root: &Path) -> dateline::BuildRequest {
    dateline::BuildRequest {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        drafts: false,
        future: true,
        now: Some("2026-01-01T00:00:00Z".parse().unwrap()),
        cache: false,
        cache_dir: None,
        gc: false,
    }
}

fn related_and_render(c: &mut Criterion) {
    let dir = site_dir(1000);
    let req = request(dir.path());
    let mut group = c.benchmark_group("site_1000");
    group.sample_size(10);
    group.bench_function("load_with_related", |b| {
        b.iter(|| black_box(dateline::load(&req, &mut dateline::Timings::default()).unwrap()))
    });
    let (site, templates, _) = dateline::load(&req, &mut dateline::Timings::default()).unwrap();
    let mut ds = dateline::Diagnostics::default();
    let files = dateline::content::discover(&site.config, &mut ds);
    let content = dateline::content::parse(&files, &site.config, &mut ds);
    let tax = dateline::site::taxonomy::build(&content.articles, content.profiles, &mut ds);
    let explicit = vec![Vec::new(); content.articles.len()];
    group.bench_function("related_only", |b| {
        b.iter(|| {
            black_box(dateline::site::related::compute(
                &content.articles,
                &tax,
                &explicit,
                &site.config.related,
            ))
        })
    });
    let plan =
        dateline::render::site(std::sync::Arc::new(site), std::sync::Arc::new(templates)).unwrap();
    group.bench_function("render_every_file", |b| {
        use dateline::output::Files;
        b.iter(|| {
            for i in 0..plan.count() {
                black_box(plan.file(i).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, front_matter, markdown_render, related_and_render);
criterion_main!(benches);
