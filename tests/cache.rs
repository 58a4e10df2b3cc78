//! The build cache (`.dateline-cache/pages/`): a build that draws only the
//! pages whose inputs changed writes exactly what a cold build writes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{dateline, sel};
use proptest::prelude::*;

const CATEGORIES: [&str; 3] = ["world", "china", "business"];
const AUTHORS: [&str; 3] = ["Mei Lin", "Daniel Okafor", "Ana Souza"];
const TAGS: [&str; 4] = ["Ferries", "Elections", "Markets", "Weather"];
const START: &str = "2026-03-10T12:00:00Z";

/// One invented article; `day` counts from 1 March 2026.
#[derive(Debug, Clone)]
struct Story {
    title: String,
    day: u32,
    category: usize,
    author: usize,
    tags: Vec<usize>,
    body: String,
    /// Another story (by slot) it names in `related` and links in its body.
    related: Option<usize>,
    expires: bool,
}

/// The site as the edits leave it: stories by slot (a file name each).
#[derive(Debug, Clone)]
struct Newsroom {
    stories: BTreeMap<usize, (String, Story)>,
    title: String,
    paginate: usize,
    footer: Option<String>,
    days_on: i64,
}

impl Newsroom {
    fn write(&self, root: &Path) {
        let _ = std::fs::remove_dir_all(root.join("content"));
        for (slot, (name, s)) in &self.stories {
            let dir = root.join("content").join(CATEGORIES[s.category]);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{name}.md")), self.text(*slot, s)).unwrap();
        }
        let config = format!(
            "title = {:?}\nbase_url = \"https://news.example.org/\"\ntimezone = \"Europe/Lisbon\"\npaginate = {}\n",
            self.title, self.paginate
        );
        std::fs::write(root.join("config.toml"), config).unwrap();
        let partial = root.join("templates/partials/footer_about.html");
        match &self.footer {
            Some(text) => {
                std::fs::create_dir_all(partial.parent().unwrap()).unwrap();
                std::fs::write(partial, format!("<p>{text} {{{{ site.title }}}}</p>\n")).unwrap();
            }
            None => {
                let _ = std::fs::remove_file(partial);
            }
        }
    }

    /// A story's file; its `related` link only when that story is out first.
    fn text(&self, slot: usize, s: &Story) -> String {
        let tags: Vec<String> = s.tags.iter().map(|&t| format!("{:?}", TAGS[t])).collect();
        let mut front = format!(
            "title = {:?}\ndate = 2026-03-{:02}T09:00:00Z\nauthor = {:?}\ntags = [{}]\n",
            s.title,
            s.day,
            AUTHORS[s.author],
            tags.join(", ")
        );
        if s.expires {
            front += &format!("expires = 2026-03-{:02}T09:00:00Z\n", s.day + 3);
        }
        let mut body = s.body.clone();
        let target = s.related.filter(|r| *r != slot).and_then(|r| {
            let (name, t) = self.stories.get(&r)?;
            (t.day < s.day && !t.expires).then(|| format!("{}/{name}.md", CATEGORIES[t.category]))
        });
        if let Some(t) = target {
            front += &format!("related = [{t:?}]\n");
            // A link with text, one that shows the story's title and a box.
            body += &format!("\n\nEarlier: [the first report](@/{t}), [](@/{t}).\n");
            body += &format!("\nAlso read: [](@/{t})\n");
        }
        format!("+++\n{front}+++\n\n{body}\n")
    }

    fn now(&self) -> String {
        let start: jiff::Timestamp = START.parse().unwrap();
        let now = start + jiff::SignedDuration::from_hours(24 * self.days_on);
        now.to_string()
    }
}

/// One change an editor (or the clock) makes between two builds.
#[derive(Debug, Clone)]
enum Edit {
    Add(Story),
    Title(usize, String),
    Day(usize, u32),
    Category(usize, usize),
    Author(usize, usize),
    Tags(usize, Vec<usize>),
    Body(usize, String),
    Related(usize, usize),
    Delete(usize),
    Rename(usize),
    SiteTitle(String),
    Paginate(usize),
    Footer(Option<String>),
    Clock(i64),
}

fn words() -> impl Strategy<Value = String> {
    prop::sample::subsequence(
        vec![
            "Ferry", "strike", "ends", "council", "votes", "river", "port", "storm", "prices",
        ],
        2..5,
    )
    .prop_map(|w| w.join(" "))
}

fn story() -> impl Strategy<Value = Story> {
    (
        words(),
        1u32..25,
        0..CATEGORIES.len(),
        0..AUTHORS.len(),
        prop::sample::subsequence((0..TAGS.len()).collect::<Vec<_>>(), 0..3),
        words(),
        prop::option::of(0usize..8),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(title, day, category, author, tags, body, related, expires)| Story {
                title,
                day,
                category,
                author,
                tags,
                body,
                related,
                expires,
            },
        )
}

fn edit() -> impl Strategy<Value = Edit> {
    let slot = 0usize..8;
    prop_oneof![
        story().prop_map(Edit::Add),
        (slot.clone(), words()).prop_map(|(k, t)| Edit::Title(k, t)),
        (slot.clone(), 1u32..25).prop_map(|(k, d)| Edit::Day(k, d)),
        (slot.clone(), 0..CATEGORIES.len()).prop_map(|(k, c)| Edit::Category(k, c)),
        (slot.clone(), 0..AUTHORS.len()).prop_map(|(k, a)| Edit::Author(k, a)),
        (
            slot.clone(),
            prop::sample::subsequence((0..TAGS.len()).collect::<Vec<_>>(), 0..3)
        )
            .prop_map(|(k, t)| Edit::Tags(k, t)),
        (slot.clone(), words()).prop_map(|(k, b)| Edit::Body(k, b)),
        (slot.clone(), 0usize..8).prop_map(|(k, r)| Edit::Related(k, r)),
        slot.clone().prop_map(Edit::Delete),
        slot.prop_map(Edit::Rename),
        words().prop_map(Edit::SiteTitle),
        (1usize..4).prop_map(Edit::Paginate),
        prop::option::of(words()).prop_map(Edit::Footer),
        (1i64..6).prop_map(Edit::Clock),
    ]
}

impl Newsroom {
    fn apply(&mut self, e: &Edit) {
        let mut story = |k: usize, f: &mut dyn FnMut(&mut Story)| {
            let keys: Vec<usize> = self.stories.keys().copied().collect();
            if let Some(k) = keys.get(k % keys.len().max(1)) {
                f(&mut self.stories.get_mut(k).unwrap().1);
            }
        };
        match e.clone() {
            Edit::Add(s) => {
                let slot = self.stories.keys().max().map_or(0, |k| k + 1);
                self.stories.insert(slot, (format!("story-{slot}"), s));
            }
            Edit::Title(k, t) => story(k, &mut |s| s.title = t.clone()),
            Edit::Day(k, d) => story(k, &mut |s| s.day = d),
            Edit::Category(k, c) => story(k, &mut |s| s.category = c),
            Edit::Author(k, a) => story(k, &mut |s| s.author = a),
            Edit::Tags(k, t) => story(k, &mut |s| s.tags = t.clone()),
            Edit::Body(k, b) => story(k, &mut |s| s.body = b.clone()),
            Edit::Related(k, r) => story(k, &mut |s| s.related = Some(r)),
            Edit::Delete(k) => {
                let keys: Vec<usize> = self.stories.keys().copied().collect();
                if keys.len() > 1 {
                    self.stories.remove(&keys[k % keys.len()]);
                }
            }
            Edit::Rename(k) => {
                let keys: Vec<usize> = self.stories.keys().copied().collect();
                let (name, _) = self.stories.get_mut(&keys[k % keys.len()]).unwrap();
                name.push_str("-renamed");
            }
            Edit::SiteTitle(t) => self.title = t,
            Edit::Paginate(p) => self.paginate = p,
            Edit::Footer(f) => self.footer = f,
            Edit::Clock(d) => self.days_on += d,
        }
    }
}

/// Every folder under `dir` (an update in place must leave no empty one a
/// cold build would not make).
fn folders(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// Every file under `dir`, by path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn request(root: &Path, out: &Path, now: &str, cache: bool) -> dateline::BuildRequest {
    dateline::BuildRequest {
        now: Some(now.parse().unwrap()),
        cache,
        ..common::request(root, out)
    }
}

/// Builds `room` with the cache into `out`, and cold into a fresh folder;
/// panics unless both wrote the same files. Returns the cached build's report.
fn both(room: &Newsroom, root: &Path, out: &Path) -> dateline::BuildReport {
    room.write(root);
    let now = room.now();
    let warm = dateline::build(&request(root, out, &now, true));
    let cold_dir = tempfile::tempdir().unwrap();
    let cold_out = cold_dir.path().join("public");
    let cold = dateline::build(&request(root, &cold_out, &now, false));
    match (warm, cold) {
        (Ok(warm), Ok(_)) => {
            let (a, b) = (tree(out), tree(&cold_out));
            let differ: Vec<_> = a
                .keys()
                .chain(b.keys())
                .filter(|k| a.get(*k) != b.get(*k))
                .collect();
            assert!(differ.is_empty(), "differ from a cold build: {differ:?}");
            assert_eq!(folders(out), folders(&cold_out));
            warm
        }
        (warm, cold) => panic!(
            "builds disagree: cached {:?}, cold {:?}",
            warm.err(),
            cold.err()
        ),
    }
}

/// A temporary folder holding a site folder and, beside it, its output.
fn place() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let site = tempfile::tempdir().unwrap();
    let (root, out) = (site.path().join("site"), site.path().join("public"));
    (site, root, out)
}

fn start() -> Newsroom {
    let stories = (0..6)
        .map(|k| {
            let s = Story {
                title: format!("Harbour report number {k}"),
                day: 1 + 2 * k as u32,
                category: k % 3,
                author: k % 2,
                tags: vec![k % 4],
                body: "The ferries ran late again on Tuesday.".to_string(),
                related: (k > 0).then(|| k - 1),
                expires: false,
            };
            (k, (format!("story-{k}"), s))
        })
        .collect();
    Newsroom {
        stories,
        title: "Harbour Herald".to_string(),
        paginate: 2,
        footer: None,
        days_on: 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12)
    ))]

    /// After every edit of a random sequence, the cached build's output is
    /// the cold build's, byte for byte.
    #[test]
    fn a_cached_build_writes_what_a_cold_build_writes(edits in prop::collection::vec(edit(), 1..7)) {
        let (_site, root, out) = place();
        let mut room = start();
        both(&room, &root, &out);
        for e in &edits {
            room.apply(e);
            both(&room, &root, &out);
        }
    }
}

/// The pages and feeds in `out` but the two sitemaps, which list every
/// page and so are drawn by every build.
fn pages(out: &Path) -> usize {
    let drawn = |p: &PathBuf| {
        let ext = p.extension().and_then(|e| e.to_str());
        matches!(ext, Some("html" | "xml"))
            && !p.ends_with("sitemap.xml")
            && !p.ends_with("news-sitemap.xml")
    };
    tree(out).keys().filter(|p| drawn(p)).count()
}

#[test]
fn an_unchanged_site_draws_no_page_and_one_edit_draws_only_its_pages() {
    let (_site, root, out) = place();
    let mut room = start();
    let first = both(&room, &root, &out);
    assert_eq!(first.writes.reused, 0);
    let again = both(&room, &root, &out);
    assert_eq!(again.writes.written, 0);
    assert_eq!(again.writes.reused, pages(&out), "{:?}", again.writes);
    // A second paragraph: the summary lists show (the first) stays.
    let body = "The ferries ran late again on Tuesday.\n\nThe council met at noon.";
    room.apply(&Edit::Body(0, body.into()));
    let edited = both(&room, &root, &out);
    // The article, and the feeds that carry its body: the site's, its
    // section's, its author's and its tag's, RSS and Atom.
    let drawn = pages(&out) - edited.writes.reused;
    assert!((1..=10).contains(&drawn), "{drawn} {:?}", edited.writes);
    assert_eq!(edited.writes.written, drawn);
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap())
}

/// A warm build writes the changed files into the output folder itself:
/// the folder and every unchanged file and folder in it stay the very
/// same (no new tree is linked together), the changed page is a new file,
/// and a deleted article's page and folder are gone.
#[cfg(unix)]
#[test]
fn a_warm_build_changes_only_the_changed_files_in_the_output_folder() {
    let (site, root, out) = place();
    let mut room = start();
    both(&room, &root, &out);
    let before: Vec<(PathBuf, u64)> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .map(|p| (p.clone(), inode(&p)))
        .collect();
    room.apply(&Edit::Body(1, "The ferries ran on time at last.".into()));
    let category = CATEGORIES[room.stories[&0].1.category];
    room.apply(&Edit::Delete(0));
    let edited = both(&room, &root, &out);
    let gone: Vec<&PathBuf> = before
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !p.exists())
        .collect();
    let folder = out.join(category.to_lowercase()).join("story-0");
    assert!(gone.contains(&&folder), "{folder:?} {gone:?}");
    let files = gone.iter().filter(|p| p.extension().is_some()).count();
    assert_eq!(files, edited.writes.removed, "{gone:?}");
    let changed: Vec<&PathBuf> = before
        .iter()
        .filter(|(p, i)| p.exists() && inode(p) != *i)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed.len(), edited.writes.written + 1, "{changed:?}");
    assert!(changed.iter().all(|p| p.is_file()), "{changed:?}");
    assert!(
        changed.contains(&&out.join(".dateline")),
        "the marker lists one file fewer"
    );
    let staging: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public.dateline-"))
        .collect();
    assert!(staging.is_empty(), "{staging:?}");
}

/// A copied file (a static file here, a picture's variant alike) is linked
/// from the previous build, unread, while its source and the copy keep
/// their stamps; it is copied again when either changes, even to other
/// bytes of the same size.
#[test]
fn a_copied_file_is_kept_while_its_source_and_copy_are_unchanged_and_copied_again_when_either_changes()
 {
    let (_site, root, out) = place();
    let room = start();
    let source = root.join("static/press/notice.txt");
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::write(&source, "Offices close at five.").unwrap();
    let copy = out.join("press/notice.txt");
    both(&room, &root, &out);
    let again = both(&room, &root, &out);
    assert_eq!(again.writes.written, 0, "{:?}", again.writes);
    assert_eq!(again.writes.reused, pages(&out) + 1, "{:?}", again.writes);
    // Written in place: the same file, size and name.
    std::fs::write(&source, "Offices close at nine.").unwrap();
    let edited = both(&room, &root, &out);
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "Offices close at nine."
    );
    assert_eq!(edited.writes.written, 1, "{:?}", edited.writes);
    assert_eq!(edited.writes.reused, pages(&out), "{:?}", edited.writes);
    // The copy changed by hand.
    std::fs::write(&copy, "Offices close at noon.").unwrap();
    let mended = both(&room, &root, &out);
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "Offices close at nine."
    );
    assert_eq!(mended.writes.written, 1, "{:?}", mended.writes);
}

/// The same site named by another path (`site` and `./site`) is the same
/// site: the cache holds.
#[test]
fn the_site_named_another_way_uses_the_same_cache() {
    let (_site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let again = dateline::build(&request(&root.join("."), &out, &room.now(), true)).unwrap();
    assert_eq!(again.writes.written, 0, "{:?}", again.writes);
    assert_eq!(again.writes.reused, pages(&out), "{:?}", again.writes);
}

#[test]
fn a_page_with_the_same_size_but_other_bytes_is_drawn_again_and_a_touched_one_is_not() {
    let (_site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let (page, feed) = (out.join("index.html"), out.join("rss.xml"));
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Harbour Herald", "Harbour Hxrald")).unwrap();
    // Bytes kept, time changed: as a CI cache restores a folder.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(86_400);
    let file = std::fs::File::options().write(true).open(&feed).unwrap();
    file.set_modified(old).unwrap();
    drop(file);
    let again = both(&room, &root, &out);
    assert_eq!(again.writes.written, 1, "{:?}", again.writes);
    assert_eq!(again.writes.reused, pages(&out) - 1, "{:?}", again.writes);
}

#[test]
fn a_page_changed_in_the_output_by_hand_is_drawn_again() {
    let (_site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let page = out.join("index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Harbour Herald", "Defaced")).unwrap();
    let again = both(&room, &root, &out);
    assert_eq!(again.writes.written, 1);
    let home = scraper::Html::parse_document(&std::fs::read_to_string(&page).unwrap());
    let title: String = home.select(&sel("title")).next().unwrap().text().collect();
    assert_eq!(title, "Harbour Herald");
}

/// The one cache file beside the output folders in `beside`.
fn cache_file(beside: &Path) -> PathBuf {
    let dir = beside.join(".dateline-cache/pages");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_with_one_warning_and_replaced() {
    let (site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let file = cache_file(site.path());
    let good = std::fs::read(&file).unwrap();
    let damages: [(&str, Vec<u8>); 5] = [
        ("is damaged", good[..good.len() / 2].to_vec()),
        (
            "is damaged",
            [&good[..good.len() - 1], &[good[good.len() - 1] ^ 1]].concat(),
        ),
        (
            "is not a dateline cache",
            b"<html>not a cache</html>".to_vec(),
        ),
        (
            "another build of dateline",
            [&good[..8], &[0u8; 16], &good[24..]].concat(),
        ),
        (
            "another site",
            [&good[..24], &[0u8; 16], &good[40..]].concat(),
        ),
    ];
    for (why, bytes) in damages {
        std::fs::write(&file, bytes).unwrap();
        let r = both(&room, &root, &out);
        assert_eq!(r.writes.reused, 0, "{why}");
        let warnings: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(&file.display().to_string()) && warnings[0].contains(why),
            "{warnings:?}"
        );
        // Written anew: the next build uses it.
        assert!(both(&room, &root, &out).writes.reused > 0, "{why}");
    }
}

#[test]
fn an_unwritable_cache_warns_and_the_build_succeeds() {
    let (site, root, out) = place();
    let room = start();
    room.write(&root);
    // A file where the cache's folder should be: no permission bits stop root.
    std::fs::create_dir_all(site.path().join(".dateline-cache")).unwrap();
    std::fs::write(site.path().join(".dateline-cache/pages"), "in the way").unwrap();
    let r = both(&room, &root, &out);
    let warnings: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("cannot be written"), "{warnings:?}");
}

#[test]
fn no_cache_draws_every_page_and_keeps_no_cache() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    start().write(&root);
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--root", root.to_str().unwrap(), "--now", START];
        args.extend(extra);
        let run = dateline(&args);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8_lossy(&run.stdout).into_owned()
    };
    // The first build, into an output folder not made yet, records under
    // the name the second one looks for.
    assert_eq!(not_drawn(&build(&[])), 0);
    assert!(not_drawn(&build(&[])) > 0);
    assert_eq!(not_drawn(&build(&["--no-cache"])), 0);
    std::fs::remove_dir_all(root.join(".dateline-cache")).unwrap();
    assert_eq!(not_drawn(&build(&["--no-cache"])), 0);
    assert!(!root.join(".dateline-cache/pages").exists());
}

/// A cached partial calling a function: drawn once, it is shown by many
/// pages, and each must count the call as its own, or a page holding it is
/// kept when the answer changed. (Its argument is undefined, which must not
/// read back as none: `default` replaces only the first.)
#[test]
fn a_call_inside_a_cached_partial_is_each_showing_page_s_own() {
    let (_site, root, out) = place();
    let mut room = start();
    room.write(&root);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials");
    let head = std::fs::read_to_string(theme.join("head_tags.html")).unwrap();
    let partials = root.join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    let call = r#"{{ partial_cached(name="partials/promo.html", story=site.extra.promo) }}"#;
    let meta = format!("{head}<meta name=\"promo\" content=\"{call}\">\n");
    std::fs::write(partials.join("head_tags.html"), meta).unwrap();
    // Story 5 comes out a day after the first build.
    let promo = r#"{%- set pick = story | default(value=article(path="business/story-5.md")) -%}{% if pick %}{{ pick.title }}{% endif %}"#;
    std::fs::write(partials.join("promo.html"), promo).unwrap();
    both(&room, &root, &out);
    room.apply(&Edit::Clock(1));
    both(&room, &root, &out);
    // A page that nothing else about story 5 changes: the tag only story 3 has.
    let page = std::fs::read_to_string(out.join("tag/weather/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let meta = html.select(&sel("meta[name=promo]")).next().unwrap();
    assert_eq!(
        meta.value().attr("content"),
        Some("Harbour report number 5")
    );
}

/// An "also read" entry calling a function: drawn once per build, it is
/// shown in the lists of several articles, and each page showing it must
/// count the call as its own, though its digest is made without drawing it.
#[test]
fn a_call_inside_an_also_read_entry_is_each_showing_page_s_own() {
    let (_site, root, out) = place();
    let mut room = start();
    room.write(&root);
    let partials = root.join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    // Story 5 comes out a day after the first build.
    let entry = r#"<li><a href="{{ r.url }}">{{ r.title }}</a>{% set pick = article(path="business/story-5.md") %}{% if pick %} <span class="pick">{{ pick.title }}</span>{% endif %}</li>"#;
    std::fs::write(partials.join("related_entry.html"), entry).unwrap();
    both(&room, &root, &out);
    room.apply(&Edit::Clock(1));
    both(&room, &root, &out);
    // Every article listing another shows the pick now.
    let page = std::fs::read_to_string(out.join("china/story-4/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let picks: Vec<String> = html
        .select(&sel("aside.related span.pick"))
        .map(|e| e.text().collect())
        .collect();
    assert!(!picks.is_empty());
    assert!(
        picks.iter().all(|p| p == "Harbour report number 5"),
        "{picks:?}"
    );
}

#[test]
fn a_cache_dir_elsewhere_is_used_and_one_inside_the_sources_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    start().write(&root);
    let elsewhere = site.path().join("kept");
    let run = |dir: &Path| {
        dateline(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--now",
            START,
            "--cache-dir",
            dir.to_str().unwrap(),
        ])
    };
    assert_eq!(
        not_drawn(&String::from_utf8_lossy(&run(&elsewhere).stdout)),
        0
    );
    assert!(not_drawn(&String::from_utf8_lossy(&run(&elsewhere).stdout)) > 0);
    // The page record, and the bodies kept (`bodies/`).
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 2);
    assert!(elsewhere.join("bodies").is_dir());
    assert!(!root.join(".dateline-cache/pages").exists());
    for inside in ["static/cache", "public/cache"] {
        let refused = run(&root.join(inside));
        assert_eq!(refused.status.code(), Some(2), "{inside}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("the cache folder is inside"), "{stderr}");
    }
    assert!(!root.join("static/cache").exists());
}

/// The count of pages taken from the cache in `build`'s summary line.
fn not_drawn(stdout: &str) -> usize {
    let line = stdout.lines().find(|l| l.starts_with("Built ")).unwrap();
    let (_, tail) = line.rsplit_once("; ").unwrap();
    let (n, rest) = tail.split_once(' ').unwrap();
    assert!(rest.starts_with("not drawn again"), "{line}");
    n.parse().unwrap()
}

/// Warnings of `room` as a build without the cache gives them, as text.
fn cold_warnings(room: &Newsroom, root: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let req = request(root, &dir.path().join("public"), &room.now(), false);
    let report = dateline::build(&req).unwrap();
    report.warnings.iter().map(ToString::to_string).collect()
}

/// The folder of the bodies kept for the output folder of `place()`,
/// after a first build made it.
fn bodies_dir(site: &tempfile::TempDir) -> PathBuf {
    let all = site.path().join(".dateline-cache/bodies");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(all)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "one folder per output folder: {dirs:?}");
    dirs.remove(0)
}

/// Bodies are kept in `.dateline-cache/bodies/` by the digest of
/// the file's path and bytes: an unchanged file's Markdown is not converted
/// again, and what its conversion said (a warning here) is said again.
#[test]
fn an_article_s_body_is_converted_again_only_when_its_file_changed() {
    let (site, root, out) = place();
    let mut room = start();
    room.apply(&Edit::Body(
        2,
        "Read [this](javascript:void(0)) first.".into(),
    ));
    let counts = |r: &dateline::BuildReport| (r.bodies.converted, r.bodies.kept);
    let warnings = |r: &dateline::BuildReport| -> Vec<String> {
        r.warnings.iter().map(ToString::to_string).collect()
    };
    let first = both(&room, &root, &out);
    assert_eq!(counts(&first), (6, 0));
    let dir = tempfile::tempdir().unwrap();
    let cold = request(&root, &dir.path().join("public"), &room.now(), false);
    assert_eq!(counts(&dateline::build(&cold).unwrap()), (6, 0));
    // Beside the output folder, with the pages' record.
    assert!(bodies_dir(&site).is_dir());
    let again = both(&room, &root, &out);
    assert_eq!(counts(&again), (0, 6));
    assert_eq!(warnings(&again), cold_warnings(&room, &root));
    assert!(
        warnings(&again)[0].contains("story-2.md:") && warnings(&again)[0].contains("javascript"),
        "{:?}",
        warnings(&again)
    );
    room.apply(&Edit::Body(3, "The harbour reopened at noon.".into()));
    assert_eq!(counts(&both(&room, &root, &out)), (1, 5));
    // The same bytes under another name: messages must name the new file.
    // (Story 3 names story 2 in `related`: its file changes too.)
    room.apply(&Edit::Rename(2));
    let renamed = both(&room, &root, &out);
    assert_eq!(counts(&renamed), (2, 4));
    assert_eq!(warnings(&renamed), cold_warnings(&room, &root));
    assert!(warnings(&renamed)[0].contains("story-2-renamed.md:"));
}

/// A damaged file of kept bodies is one warning; its articles are parsed
/// anew and the file written again.
#[test]
fn a_damaged_file_of_bodies_is_ignored_with_a_warning_and_replaced() {
    let (site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let dir = bodies_dir(&site);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let good = std::fs::read(&files[0]).unwrap();
    let mut bad = good.clone();
    let middle = bad.len() / 2;
    bad[middle] ^= 1;
    std::fs::write(&files[0], &bad).unwrap();
    let r = both(&room, &root, &out);
    let warnings: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&files[0].display().to_string())
            && warnings[0].contains("is damaged; its articles are converted anew"),
        "{warnings:?}"
    );
    assert!(r.bodies.converted >= 1 && r.bodies.kept + r.bodies.converted == 6);
    assert_eq!(std::fs::read(&files[0]).unwrap(), good);
    let next = both(&room, &root, &out);
    assert!(next.warnings.is_empty());
    assert_eq!((next.bodies.converted, next.bodies.kept), (0, 6));
    // Garbage where no article's body goes is removed by the build that says so.
    let unused = (0..64)
        .map(|b| dir.join(format!("{b:02x}.bin")))
        .find(|f| !f.exists())
        .unwrap();
    std::fs::write(&unused, "not a cache").unwrap();
    assert_eq!(both(&room, &root, &out).warnings.len(), 1);
    assert!(!unused.exists());
    assert!(both(&room, &root, &out).warnings.is_empty());
}

/// A named pipe where a file of bodies goes is not opened (it would wait
/// for a writer forever): one warning, and the build goes on.
#[cfg(unix)]
#[test]
fn a_named_pipe_in_place_of_a_file_of_bodies_does_not_stop_the_build() {
    let (site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    let pipe = bodies_dir(&site).join("00.bin");
    let _ = std::fs::remove_file(&pipe);
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.unwrap().success());
    // On a thread, so that a build waiting on the pipe fails the test.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = both(&room, &root, &out);
        let _ = tx.send(r.warnings.iter().map(ToString::to_string).collect());
    });
    let warnings: Vec<String> = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the build waits on the named pipe");
    assert!(
        warnings.len() == 1 && warnings[0].contains("not a regular file"),
        "{warnings:?}"
    );
}

/// The output folder may not hold the kept bodies, which are written
/// before it, nor lie among them.
#[test]
fn an_output_folder_over_the_kept_bodies_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    start().write(&root);
    let at = |p: &str| root.join(p).to_str().unwrap().to_string();
    let cases = [
        vec!["--output".to_string(), at(".dateline-cache")],
        vec![
            "--output".to_string(),
            at("kept/bodies"),
            "--cache-dir".to_string(),
            at("kept"),
        ],
    ];
    for case in cases {
        let mut args = vec!["build", "--root", root.to_str().unwrap(), "--now", START];
        args.extend(case.iter().map(String::as_str));
        let run = dateline(&args);
        assert_eq!(run.status.code(), Some(2), "{case:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("overlap"), "{stderr}");
        assert!(!root.join(".dateline-cache").exists() && !root.join("kept").exists());
    }
}

/// Two texts of `content/news/evil.md` that differ in 8 bytes and that a
/// fast hash (xxh3) of what the key reads (the path's length, the path and
/// the bytes) cannot tell apart: in its
/// long-input loop, a 64-bit lane whose low half equals the hash's secret
/// adds nothing to its own sum, so two such lanes of one block can move in
/// opposite directions. The first runs a script; the second comments it out.
fn colliding_texts() -> (Vec<u8>, Vec<u8>) {
    const PATH: &[u8] = b"content/news/evil.md";
    let front = "+++\ntitle = \"Harbour report\"\ndate = 2026-01-04\n+++\n\n";
    let text = |lane1: &[u8], lane2: &[u8]| {
        let mut s: Vec<u8> = front.as_bytes().to_vec();
        // The key reads the file, then the path and its length.
        let pad_to = |s: &mut Vec<u8>, at: usize| s.resize(at, b'x');
        s.extend_from_slice(b"The harbour was quiet this morning. ");
        pad_to(&mut s, 383);
        // Bytes 48 to 51 of xxh3's default secret, after a UTF-8 lead byte.
        s.extend_from_slice(b"\xc2\xb8\x08\x46\x74");
        s.extend_from_slice(lane1);
        s.extend_from_slice(b" <script>alert(1)</script> ");
        pad_to(&mut s, 960);
        // Bytes 120 to 123 of the secret.
        s.extend_from_slice(b"\xc8\x9f\x7e\xc9");
        s.extend_from_slice(lane2);
        // Far from the end, which the hash reads again with other secret bytes.
        s.extend_from_slice(b" end of the figures.\n\n");
        s.extend_from_slice(
            "A paragraph long enough to end the file. "
                .repeat(8)
                .as_bytes(),
        );
        s
    };
    let a = text(b"A'05", b"\x80'*6");
    let b = text(b"<!--", b"\x85-->");
    let length = (PATH.len() as u64).to_le_bytes();
    let fast = |t: &[u8]| xxhash_rust::xxh3::xxh3_128(&[t, PATH, &length[..]].concat());
    assert_eq!(fast(&a), fast(&b), "the texts must collide under xxh3");
    assert!(std::str::from_utf8(&a).is_ok() && std::str::from_utf8(&b).is_ok());
    (a, b)
}

/// A kept body is found by a digest an author cannot forge: the second of
/// two texts that collide under xxh3 is converted, not taken for the first.
#[test]
fn a_text_made_to_collide_with_the_last_one_under_a_fast_hash_is_converted() {
    let (a, b) = colliding_texts();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content/news")).unwrap();
    std::fs::write(
        site.join("config.toml"),
        "title = \"Harbour Herald\"\nbase_url = \"https://news.example.org/\"\n",
    )
    .unwrap();
    let build = |out: &str, extra: &[&str]| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
            .current_dir(&site)
            .args(["build", "--now", START, "--output", out])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    let article = site.join("content/news/evil.md");
    let page = |out: &str| {
        let path = dir.path().join(out).join("news/evil/index.html");
        std::fs::read_to_string(path).unwrap()
    };
    std::fs::write(&article, &a).unwrap();
    build("../public", &[]);
    assert!(page("public").contains("05 <script>alert(1)</script>"));
    // Into the same output folder, by the same kept bodies.
    std::fs::write(&article, &b).unwrap();
    build("../public", &[]);
    build("../cold", &["--no-cache"]);
    assert!(page("cold").contains("<!-- <script>alert(1)</script>"));
    assert_eq!(
        tree(&dir.path().join("public")),
        tree(&dir.path().join("cold"))
    );
}

/// Two sites whose outputs stand side by side keep their bodies apart:
/// neither build removes the other's.
#[test]
fn two_sites_built_side_by_side_keep_their_own_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let mut other = start();
    other.apply(&Edit::Body(1, "Another newsroom's story.".into()));
    start().write(&one);
    other.write(&two);
    let build = |root: &Path, out: &str| {
        let req = request(root, &dir.path().join(out), START, true);
        let b = dateline::build(&req).unwrap().bodies;
        (b.converted, b.kept)
    };
    assert_eq!(build(&one, "public-one"), (6, 0));
    assert_eq!(build(&two, "public-two"), (6, 0));
    assert_eq!(build(&one, "public-one"), (0, 6));
    assert_eq!(build(&two, "public-two"), (0, 6));
}

/// A page digests its body by its file, and what the body shows of other
/// articles apart: a linked article's new headline redraws the pages whose
/// links and "also read" boxes show it, as a cold build would.
#[test]
fn a_linked_article_s_new_headline_redraws_the_bodies_that_show_it() {
    let story = |title: &str, day: u32, body: &str| {
        format!("+++\ntitle = {title:?}\ndate = 2026-03-0{day}T09:00:00Z\n+++\n\n{body}\n")
    };
    let linking = "See [](@/world/ferries.md) and [the timetable](@/world/ferries.md).";
    let boxing = "Calm.\n\nAlso read: [](@/world/ferries.md)";
    // Other stories between, so that no list beside a body (the section's,
    // the next and previous stories) shows the ferries.
    let between = (2..7).map(|d| (format!("news/day-{d}.md"), story("Quiet day", d, "Calm.")));
    let mut files: Vec<(String, String)> = between.collect();
    files.push((
        "world/ferries.md".into(),
        story("Ferries resume", 1, "Boats ran."),
    ));
    files.push(("news/linking.md".into(), story("Port reopens", 8, linking)));
    files.push(("news/boxing.md".into(), story("Port busy", 9, boxing)));
    let files: Vec<(String, &str)> = files
        .iter()
        .map(|(p, t)| (format!("content/{p}"), t.as_str()))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let site = common::temp_site("[related]\ncount = 0\n", &files);
    let (root, dir) = (site.path(), tempfile::tempdir().unwrap());
    let out = dir.path().join("public");
    let warm = |out: &Path| dateline::build(&request(root, out, START, true)).unwrap();
    warm(&out);
    let cold = dir.path().join("cold");
    let edit = |text: String| {
        std::fs::write(root.join("content/world/ferries.md"), text).unwrap();
        let report = warm(&out);
        let _ = std::fs::remove_dir_all(&cold);
        dateline::build(&request(root, &cold, START, false)).unwrap();
        assert_eq!(tree(&out), tree(&cold));
        report
    };
    let page = |name: &str| {
        let page = std::fs::read_to_string(out.join(name).join("index.html")).unwrap();
        scraper::Html::parse_document(&page)
    };
    let shown = |name: &str| common::texts(&page(name), "article a[href=\"/world/ferries/\"]");
    // A new headline, which the links and the box show.
    let new = "Ferries resume after the strike";
    edit(story(new, 1, "Boats ran."));
    assert_eq!(shown("news/linking"), [new, "the timetable"]);
    assert_eq!(shown("news/boxing"), [new]);
    // A new time, which only the box shows.
    let report = edit(story(new, 1, "Boats ran.").replace("T09:00", "T07:00"));
    let times = common::attrs(&page("news/boxing"), ".also-read time", "datetime");
    assert_eq!(times, ["2026-03-01T07:00:00+00:00"]);
    // The quiet stories' pages are kept: their bodies show nothing of it.
    assert!(shown("news/day-4").is_empty());
    assert!(report.writes.reused > 0, "{:?}", report.writes);
}

/// A first build moves the HTML it converts out of memory into a spill
/// file of its own until the buckets are written, and leaves none behind.
#[test]
fn a_first_build_leaves_only_the_buckets_of_bodies() {
    let (site, root, out) = place();
    let room = start();
    let first = both(&room, &root, &out);
    assert_eq!(first.bodies.converted, 6);
    let names: Vec<String> = std::fs::read_dir(bodies_dir(&site))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| n.len() == 6 && n.ends_with(".bin")),
        "{names:?}"
    );
}

/// A kept body's HTML damaged in its file is converted again from the
/// article's file, so the pages are a cold build's; the damaged file is
/// named in a warning and removed, and the next build writes it anew.
#[test]
fn damaged_html_in_the_kept_bodies_is_converted_again() {
    let (site, root, out) = place();
    let room = start();
    both(&room, &root, &out);
    // Each file's last bytes are the HTML of its last body.
    let mut damaged: Vec<PathBuf> = std::fs::read_dir(bodies_dir(&site))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    damaged.sort();
    for path in &damaged {
        let mut bytes = std::fs::read(path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 0x20;
        std::fs::write(path, bytes).unwrap();
    }
    // A new output folder beside the first: every page is drawn, from the
    // same kept bodies.
    let build = |name: &str| {
        let out = site.path().join(name);
        let report = dateline::build(&request(&root, &out, &room.now(), true)).unwrap();
        (out, report)
    };
    let (again, report) = build("again");
    assert_eq!(report.bodies.kept, 6, "{:?}", report.bodies);
    let cold = site.path().join("cold");
    dateline::build(&request(&root, &cold, &room.now(), false)).unwrap();
    assert_eq!(tree(&again), tree(&cold));
    // Each file whose HTML was read (an unpublished article's is not).
    let named: Vec<&Path> = report
        .warnings
        .iter()
        .map(|w| w.location.path.as_path())
        .collect();
    assert!(named.len() >= 3, "{:?}", report.warnings);
    assert!(
        named
            .iter()
            .all(|p| damaged.contains(&p.to_path_buf()) && !p.exists())
    );
    let (_, next) = build("next");
    assert!(next.warnings.is_empty(), "{:?}", next.warnings);
    assert!(next.bodies.converted >= named.len(), "{:?}", next.bodies);
    assert!(named.iter().all(|p| p.exists()));
}
