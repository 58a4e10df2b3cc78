//! One fixture per kind of bad input: each must fail with `path:line:col:
//! message` naming the right file, exit 1, and leave the output untouched.

mod common;

use common::*;

/// Runs `dateline build` on an error fixture; returns the error lines.
fn failing_build(case: &str) -> Vec<String> {
    let stderr = failing_run(&fixture(&format!("errors/{case}")));
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

/// Splits `path:line:col: error: message` (or `warning:`).
fn parse(line: &str) -> (String, usize, usize, String) {
    let (loc, message) = line
        .split_once(": error: ")
        .or_else(|| line.split_once(": warning: "))
        .unwrap();
    let mut parts = loc.rsplitn(3, ':');
    let col = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no column in {line}"));
    let ln = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line in {line}"));
    (
        parts.next().unwrap().to_string(),
        ln,
        col,
        message.to_string(),
    )
}

fn single_error(case: &str) -> (String, usize, usize, String) {
    let lines = failing_build(case);
    assert_eq!(lines.len(), 1, "{case}: {lines:?}");
    parse(&lines[0])
}

#[test]
fn malformed_front_matter() {
    let (path, line, col, message) = single_error("malformed_front_matter");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!((line, col), (2, 18));
    assert!(message.contains("string"), "{message}");
}

#[test]
fn missing_title() {
    let (path, line, _, message) = single_error("missing_title");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!(line, 1);
    assert!(message.contains("missing required field `title`"));
}

#[test]
fn invalid_date() {
    let (path, line, col, message) = single_error("invalid_date");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!((line, col), (3, 1));
    assert!(message.contains("invalid date `3rd of September`"));
}

#[test]
fn unknown_field_suggests_the_right_name() {
    let (path, line, _, message) = single_error("unknown_field");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!(line, 4);
    assert!(message.contains("did you mean `category`?"), "{message}");
}

#[test]
fn duplicate_url() {
    let (path, line, _, message) = single_error("duplicate_url");
    assert!(path.ends_with(".md"));
    assert_eq!(line, 1);
    assert!(message.contains("`/world/good/`"), "{message}");
    let both = format!("{path} {message}");
    assert!(
        both.contains("good.md") && both.contains("bad.md"),
        "{both}"
    );
}

#[test]
fn related_points_nowhere() {
    let (path, line, col, message) = single_error("related_nowhere");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!((line, col), (6, 4));
    assert!(message.contains("world/missing.md"));
}

#[test]
fn inline_link_points_nowhere() {
    let (path, line, col, message) = single_error("broken_link");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!((line, col), (8, 5));
    assert!(
        message.contains("did you mean `world/good.md`?"),
        "{message}"
    );
}

#[test]
fn missing_anchor() {
    let (path, line, _, message) = single_error("missing_anchor");
    assert!(path.ends_with("content/world/bad.md"));
    assert_eq!(line, 6);
    assert!(message.contains("#backstory"));
}

#[test]
fn unknown_theme() {
    let (path, line, _, message) = single_error("unknown_theme");
    assert!(path.ends_with("config.toml"));
    assert_eq!(line, 2);
    assert!(message.contains("unknown theme `broadsheet`"));
}

#[test]
fn template_error() {
    let (path, line, _, _) = single_error("template_error");
    assert!(path.ends_with("templates/article.html"), "{path}");
    assert_eq!(line, 3);
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file() {
    let lines = failing_build("many_errors");
    let files: Vec<String> = lines.iter().map(|l| parse(l).0).collect();
    assert_eq!(files.len(), 3, "{lines:?}");
    assert!(
        files[0].ends_with("bad.md")
            && files[1].ends_with("broken.md")
            && files[2].ends_with("worse.md")
    );
}

/// Misspelt correction `type`s and correction dates that are no dates, in
/// one file and in two: all reported in one run, each at its value.
#[test]
fn bad_corrections_are_located_with_a_suggestion() {
    let lines = failing_build("bad_correction");
    let errors: Vec<_> = lines.iter().map(|l| parse(l)).collect();
    assert_eq!(errors.len(), 3, "{lines:?}");
    let (path, line, col, message) = &errors[0];
    assert!(path.ends_with("content/world/typo.md"), "{path}");
    assert_eq!((*line, *col), (6, 32));
    assert!(
        message.contains("unknown correction type `clarifcation`")
            && message.contains("did you mean `clarification`?"),
        "{message}"
    );
    let (path, line, _, message) = &errors[1];
    assert!(path.ends_with("content/world/typo.md"), "{path}");
    assert_eq!(*line, 7);
    assert!(message.contains("invalid date `soon`"), "{message}");
    let (path, line, col, message) = &errors[2];
    assert!(path.ends_with("content/world/undated.md"), "{path}");
    assert_eq!((*line, *col), (5, 11));
    assert!(message.contains("invalid date `last Tuesday`"), "{message}");
}

#[test]
fn missing_output_stays_missing_after_a_failed_build() {
    let root = fixture("errors/missing_title");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let run = dateline(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!target.exists());
}

#[test]
fn a_bad_now_is_a_usage_error() {
    let run = dateline(&[
        "build",
        "--root",
        fixture("basic").to_str().unwrap(),
        "--now",
        "tomorrow",
    ]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn a_cached_partial_that_calls_itself() {
    let lines = failing_build("partial_loop");
    assert!(!lines.is_empty());
    for line in &lines {
        let (path, line, _, message) = parse(line);
        assert!(path.ends_with("templates/base.html"), "{path}");
        assert_eq!(line, 11, "the partial_cached call");
        assert!(
            message.starts_with("in `partials/masthead.html` line 2: "),
            "{message}"
        );
        assert!(
            message.contains("does `partials/masthead.html` call itself?"),
            "{message}"
        );
    }
}

#[test]
fn related_entry_template_error() {
    let (path, line, col, message) = single_error("related_entry_error");
    assert!(
        path.ends_with("templates/partials/related_entry.html"),
        "{path}"
    );
    assert_eq!((line, col), (2, 30));
    assert!(message.contains("headline"), "{message}");
}

/// An "also read" entry whose template calls `related()` on a list that
/// holds it drew itself until the stack overflowed and the process aborted.
#[test]
fn an_also_read_entry_that_draws_itself() {
    let lines = failing_build("related_entry_loop");
    assert!(!lines.is_empty());
    for line in &lines {
        let (path, line, col, message) = parse(line);
        assert!(
            path.ends_with("templates/partials/related_entry.html"),
            "{path}"
        );
        assert_eq!((line, col), (2, 54), "the related() call");
        assert!(message.contains("without end"), "{message}");
    }
}

/// A template including itself: Tera names the templates of the loop but
/// no place, which was printed as `: error: ...` with no file at all.
#[test]
fn a_template_that_includes_itself_is_located_at_the_include() {
    let (path, line, col, message) = single_error("include_loop");
    assert!(path.ends_with("templates/partials/kicker.html"), "{path}");
    assert_eq!((line, col), (2, 14));
    assert!(message.contains("Circular include"), "{message}");
}

/// `-o templates` turned the built pages into template overrides and
/// `-o static/site` copied the site into itself on every build: an output
/// inside the sources, or one holding the site, is refused (exit 2) before
/// anything is made or locked.
#[test]
fn an_output_inside_the_sources_or_holding_the_site_is_refused() {
    let site = copy_fixture("basic");
    let root = site.path();
    let before = snapshot(root);
    let parent = root.parent().unwrap().to_path_buf();
    for out in [
        root.join("templates/x"),
        root.join("static/site"),
        root.join("content"),
        root.to_path_buf(),
        parent,
    ] {
        let run = dateline(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{}: {stderr}", out.display());
        assert!(stderr.contains("output folder"), "{stderr}");
    }
    assert_eq!(
        snapshot(root),
        before,
        "nothing made in the site, not even a lock"
    );
    let ok = dateline(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "-o",
        root.join("public").to_str().unwrap(),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// Bodies are trusted input, but a `javascript:` link or a `<script>`
/// pasted into one is a warning at its line and column, so `check --strict`
/// can keep them out.
#[test]
fn scripts_and_javascript_links_in_bodies_are_warned_about() {
    let site = copy_fixture("basic");
    let root = site.path();
    std::fs::write(
        root.join("content/world/pasted.md"),
        "+++\ntitle = \"Pasted\"\ndate = 2025-09-04 09:00\n+++\n\
         Read [this](javascript:alert(1)) now.\n\n\
         <script>steal()</script>\n\n\
         A <a href=\"JavaScript:x()\">raw link</a> and a [safe one](https://example.org/).\n",
    )
    .unwrap();
    let root_arg = root.to_str().unwrap();
    let run = dateline(&["check", "--root", root_arg]);
    assert!(run.status.success(), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warned: Vec<(usize, usize)> = stderr
        .lines()
        .filter(|l| l.contains("pasted.md") && l.contains(": warning: "))
        .map(|l| {
            let (loc, _) = l.split_once(": warning: ").unwrap();
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().unwrap().parse().unwrap();
            (parts.next().unwrap().parse().unwrap(), col)
        })
        .collect();
    assert_eq!(warned, [(5, 6), (7, 1), (9, 3)], "{stderr}");
    let strict = dateline(&["check", "--strict", "--root", root_arg]);
    assert_eq!(strict.status.code(), Some(1));
}

/// A site in a temporary folder: `config.toml` and the given files under
/// `content/`.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "title = \"T\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    for (rel, text) in files {
        let path = dir.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Where each problem is: its file's name, line and column.
fn places(problems: &[Problem]) -> Vec<(&str, usize, usize)> {
    problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.col))
        .collect()
}

/// A problem as `dateline check` printed it.
#[derive(Debug, PartialEq, Eq)]
struct Problem {
    /// `error` or `warning`.
    severity: &'static str,
    /// The file's name, without its folders.
    file: String,
    line: usize,
    col: usize,
    message: String,
}

/// Runs `dateline check` on `root`: its exit code and the problems it
/// printed.
fn check(root: &std::path::Path) -> (Option<i32>, Vec<Problem>) {
    check_with(root, &[])
}

/// [`check`] with more options.
fn check_with(root: &std::path::Path, options: &[&str]) -> (Option<i32>, Vec<Problem>) {
    let root = root.to_str().unwrap();
    let run = dateline(&[&["check", "--root", root, "--now", NOW], options].concat());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let problems = stderr
        .lines()
        .filter_map(|l| {
            let severity = match () {
                _ if l.contains(": error: ") => "error",
                _ if l.contains(": warning: ") => "warning",
                _ => return None,
            };
            let (path, line, col, message) = parse(l);
            let file = path.rsplit(['/', '\\']).next().unwrap().to_string();
            Some(Problem {
                severity,
                file,
                line,
                col,
                message,
            })
        })
        .collect();
    (run.status.code(), problems)
}

/// A warning at `file:line:col`.
fn warning(file: &str, line: usize, col: usize, message: &str) -> Problem {
    Problem {
        severity: "warning",
        file: file.to_string(),
        line,
        col,
        message: message.to_string(),
    }
}

/// The 1-based column of `needle` in line `line` (1-based) of `text`.
fn column(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    l[..l.find(needle).unwrap()].chars().count() + 1
}

/// "Jane Smtih" got an author page of her own beside Jane Smith's profile.
/// A byline one typo from a profile now warns at the byline with the
/// profile's name (or id, for a byline written as an id); bylines far
/// from every profile stay plain names, without a word.
#[test]
fn a_byline_close_to_a_profile_warns_with_a_suggestion() {
    let typo = "+++\ntitle = \"A\"\ndate = 2025-09-01\nauthors = [\"Mei Lin\", \"Jane Smtih\"]\n+++\nBody.\n";
    let id = "---\ntitle: B\ndate: 2025-09-02\nauthor: jane-smtih\n---\nBody.\n";
    let fine = "+++\ntitle = \"C\"\ndate = 2025-09-03\nauthor = \"Jane Smith\"\n+++\nBody.\n";
    let dir = site(&[
        (
            "authors/jane-smith.md",
            "+++\nname = \"Jane Smith\"\n+++\nBio.\n",
        ),
        ("world/a.md", typo),
        ("world/b.md", id),
        ("world/c.md", fine),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(0), "warnings only: {problems:?}");
    assert_eq!(
        problems,
        [
            warning(
                "a.md",
                4,
                column(typo, 4, "\"Jane Smtih\""),
                "no author profile `Jane Smtih`; did you mean `Jane Smith`?"
            ),
            warning(
                "b.md",
                4,
                column(id, 4, "jane-smtih"),
                "no author profile `jane-smtih`; did you mean `jane-smith`?"
            ),
        ]
    );
}

/// An error at `file:line:col`.
fn error(file: &str, line: usize, col: usize, message: &str) -> Problem {
    Problem {
        severity: "error",
        ..warning(file, line, col, message)
    }
}

/// `authors/Mei_Lin.md` and `authors/mei-lin.md` both make the id
/// `mei-lin`: one profile was silently dropped. It is an error at the
/// second (in file order), naming the first.
#[test]
fn two_profiles_with_one_id_are_an_error_at_the_second() {
    let dir = site(&[
        ("authors/Mei_Lin.md", "+++\nname = \"Mei Lin\"\n+++\nBio.\n"),
        (
            "authors/mei-lin.md",
            "+++\nname = \"Mei Lin\"\n+++\nOther bio.\n",
        ),
        (
            "world/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-09-01\nauthor = \"Mei Lin\"\n+++\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1));
    let first = dir.path().join("content/authors/Mei_Lin.md");
    assert_eq!(
        problems,
        [error(
            "mei-lin.md",
            1,
            1,
            &format!(
                "two author profiles have the id `mei-lin`: this one and {} (rename one of the files)",
                first.display()
            )
        )]
    );
}

/// `authors/!!!.md` made the id "" and wrote its page over the list of
/// authors (`author/index.html`).
#[test]
fn a_profile_named_without_letters_or_digits_is_an_error() {
    let dir = site(&[("authors/!!!.md", "+++\nname = \"X\"\n+++\nBio.\n")]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        problems,
        [error(
            "!!!.md",
            1,
            1,
            "the file name `!!!` has no letters or digits to make an author id from; rename the file"
        )]
    );
}

/// `C++`, `C#` and `C` all slug to `c`: three topics on one tag page,
/// unnoticed. One warning names the spellings and the slug, at the first
/// article (newest first) to use the second spelling; spellings that
/// differ only in case (`Rust`, `rust`) are one tag, as ever.
#[test]
fn tags_that_share_a_slug_warn_once_naming_the_spellings() {
    let b = "+++\ntitle = \"B\"\ndate = 2025-09-02\ntags = [\"Rust\", \"C#\"]\n+++\nBody.\n";
    let dir = site(&[
        (
            "tech/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-09-03\ntags = [\"C++\", \"Rust\"]\n+++\nBody.\n",
        ),
        ("tech/b.md", b),
        (
            "tech/c.md",
            "+++\ntitle = \"C\"\ndate = 2025-09-01\ntags = [\"C\", \"c\", \"rust\", \"C#\"]\n+++\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(0), "{problems:?}");
    assert_eq!(
        problems,
        [warning(
            "b.md",
            4,
            column(b, 4, "\"C#\""),
            "tags `C++`, `C#` and `C` all have the slug `c` and share one page; name different topics with different letters or digits"
        )]
    );
}

/// `related` naming a draft said "no article", as if the path were wrong,
/// and an entry written as the article's URL (`/world/story/`), as a
/// page bundle's folder or as the file's path from the site's folder
/// (`content/world/c.md`) named nothing. A draft now says so and which
/// option links it, a typo is matched against drafts too, and those
/// paths resolve.
#[test]
fn related_to_a_draft_hints_drafts_and_urls_and_file_paths_resolve() {
    let entries = [
        "/world/b",
        "content/world/c.md",
        "/world/story/",
        "@/world/renamed/",
        "world/draft.md",
    ];
    let article = |extra: &str| {
        let related: String = entries.iter().map(|e| format!("  \"{e}\",\n")).collect();
        format!(
            "+++\ntitle = \"A\"\ndate = 2025-09-05\nrelated = [\n{related}{extra}]\n+++\nSee [the draft](@/world/draft).\n"
        )
    };
    let story = |title: &str, more: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2025-09-01\n{more}+++\nBody.\n")
    };
    let a = article("  \"world/drfat.md\",\n");
    let dir = site(&[
        ("world/a.md", a.as_str()),
        ("world/b.md", &story("B", "")),
        ("world/c.md", &story("C", "")),
        ("world/story/index.md", &story("Story", "")),
        (
            "world/old-name.md",
            &story("Renamed", "slug = \"renamed\"\n"),
        ),
        ("world/draft.md", &story("Draft", "draft = true\n")),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1));
    let draft = "`world/draft.md` is a draft; build with --drafts to link it";
    assert_eq!(
        problems,
        [
            error(
                "a.md",
                9,
                column(&a, 9, "world/draft.md"),
                &format!("`related`: {draft}")
            ),
            error(
                "a.md",
                10,
                column(&a, 10, "world/drfat.md"),
                "`related`: no article `world/drfat.md` under content/; did you mean `world/draft.md`?"
            ),
            error("a.md", 13, 5, &draft.replace("draft.md`", "draft`")),
        ]
    );
    std::fs::write(dir.path().join("content/world/a.md"), article("")).unwrap();
    let (code, problems) = check_with(dir.path(), &["--drafts"]);
    assert_eq!((code, problems), (Some(0), vec![]));
    let out = dir.path().join("public");
    let root = dir.path().to_str().unwrap();
    let run = dateline(&[
        "build",
        "--root",
        root,
        "-o",
        out.to_str().unwrap(),
        "--drafts",
        "--now",
        NOW,
    ]);
    assert!(run.status.success(), "{run:?}");
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("world/a/index.html")).unwrap(),
    );
    let listed = attrs(&page, ".related a", "href");
    assert_eq!(
        &listed[..5],
        [
            "/world/b/",
            "/world/c/",
            "/world/story/",
            "/world/renamed/",
            "/world/draft/"
        ]
    );
}

/// Article A with a bad date made every article linking it fail too, with
/// "no article `world/a.md`" and a suggestion of some other article, as if
/// the links were wrong. A's error is reported once; the links, the
/// `related` entry and the "also read" box naming it add nothing.
#[test]
fn one_broken_article_does_not_cascade_to_the_articles_linking_it() {
    let a = "+++\ntitle = \"A\"\ndate = \"3rd of September\"\n+++\nBody.\n";
    let b = "+++\ntitle = \"B\"\ndate = 2025-09-05\nrelated = [\"world/a.md\"]\n+++\nSee [A](@/world/a.md#part) and [](@/world/a).\n\nAlso read: [](@/world/a.md)\n";
    let dir = site(&[("world/a.md", a), ("world/b.md", b)]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].file.as_str(), problems[0].line), ("a.md", 3));
    assert!(
        problems[0].message.starts_with("invalid date"),
        "{problems:?}"
    );
}

/// A related link's scheme is compared in any case (`HTTPS://` is https),
/// and a link that is no http(s) URL is an error at its line.
#[test]
fn related_link_schemes_are_compared_in_any_case_and_bad_ones_located() {
    let good = site(&[(
        "world/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-09-01\nrelated = [{ title = \"Wire\", url = \"HTTPS://Example.org/wire\" }]\n+++\nBody.\n",
    )]);
    let (code, problems) = check(good.path());
    assert_eq!(code, Some(0), "{problems:?}");
    let bad = site(&[(
        "world/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-09-01\nrelated = [\n  { title = \"Wire\", url = \"javascript:alert(1)\" },\n]\n+++\nBody.\n",
    )]);
    let (code, problems) = check(bad.path());
    assert_eq!(code, Some(1));
    let p = problems.iter().find(|p| p.severity == "error").unwrap();
    assert_eq!((p.file.as_str(), p.line), ("a.md", 5), "{problems:?}");
    assert!(p.message.contains("javascript:alert(1)"), "{}", p.message);
}

/// Messages about a front-matter key point at the key as the parser read
/// it: indented, dotted, quoted or nested in YAML. A search of the text
/// for a line starting with the key put the first three at line 2.
#[test]
fn errors_about_keys_point_at_the_key_however_it_is_written() {
    let dir = site(&[
        (
            "world/indented.md",
            "+++\ntitle = \"A\"\n  date = 2025-09-01\n  updated = 2025-08-01\n+++\nBody.\n",
        ),
        (
            "world/dotted.md",
            "+++\ntitle = \"B\"\ndate = 2025-09-01\nseries.name = \"S\"\nseries.part = 0\n+++\nBody.\n",
        ),
        (
            "world/quoted.md",
            "+++\ntitle = \"D\"\ndate = 2025-09-01\n\"slug\" = \"///\"\n+++\nBody.\n",
        ),
        (
            "world/yaml.md",
            "---\ntitle: C\ndate: 2025-09-01\nlive:\n  start: 2025-09-01T10:00:00Z\n  end: 2025-08-01T10:00:00Z\n---\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    let places: Vec<(&str, usize, usize, bool)> = problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.col, p.severity == "error"))
        .collect();
    assert_eq!(
        places,
        [
            ("dotted.md", 5, 8, true),
            ("indented.md", 4, 3, true),
            ("quoted.md", 4, 1, true),
            ("yaml.md", 6, 3, true),
        ]
    );
    assert!(
        problems[0].message.contains("`series.part`"),
        "{problems:?}"
    );
    assert!(problems[1].message.starts_with("`updated`"), "{problems:?}");
    assert!(problems[2].message.contains("slug"), "{problems:?}");
    assert!(
        problems[3].message.starts_with("`live.end`"),
        "{problems:?}"
    );
}

/// An article waiting for its date is checked as the build that publishes
/// it will check it: a link to no article, or to one that comes out after
/// it, or to a heading it lacks, is an error now (in the body or in
/// `related`); a link to one out by then is fine.
#[test]
fn links_of_an_article_waiting_for_its_date_are_checked_now() {
    let later = "+++\ntitle = \"Later\"\ndate = 2025-09-20\nrelated = [\"@/world/soon.md\", \"@/world/after.md\"]\n+++\n\nSee [gone](@/world/gone.md), [soon](@/world/soon.md)\nand [after](@/world/after.md).\nAlso [now](@/world/now.md#missing).\nAnd [s](@/world/soon.md#nope).\n";
    let dir = site(&[
        ("world/later.md", later),
        (
            "world/soon.md",
            "+++\ntitle = \"Soon\"\ndate = 2025-09-15\n+++\nBody.\n",
        ),
        (
            "world/now.md",
            "+++\ntitle = \"Now\"\ndate = 2025-09-01\n+++\n\n## Known\n\nBody.\n",
        ),
        (
            "world/after.md",
            "+++\ntitle = \"After\"\ndate = 2025-09-25\n+++\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    let places = places(&problems);
    assert_eq!(
        places,
        [
            ("later.md", 4, 32),
            ("later.md", 7, 5),
            ("later.md", 8, 5),
            ("later.md", 9, 6),
            ("later.md", 10, 5)
        ]
    );
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[0].starts_with("`related`: `@/world/after.md` is scheduled for"));
    assert!(messages[1].starts_with("no article `world/gone.md`"));
    assert!(messages[2].starts_with("`world/after.md` is scheduled for"));
    assert_eq!(
        messages[3],
        "`world/now.md` has no heading with the id `#missing`"
    );
    assert_eq!(
        messages[4],
        "`world/soon.md` has no heading with the id `#nope`"
    );
}

/// An article waiting for its date at a URL another article holds then
/// would fail the build that publishes it: an error now. One taking the
/// URL of an article that has expired by then is fine.
#[test]
fn an_article_waiting_for_a_url_that_will_be_taken_is_an_error_now() {
    let dir = site(&[
        (
            "world/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-09-01\n+++\nBody.\n",
        ),
        (
            "world/b.md",
            "+++\ntitle = \"B\"\ndate = 2025-09-20\nslug = \"a\"\n+++\nBody.\n",
        ),
        (
            "world/c.md",
            "+++\ntitle = \"C\"\ndate = 2025-09-01\nexpires = 2025-09-15\n+++\nBody.\n",
        ),
        (
            "world/d.md",
            "+++\ntitle = \"D\"\ndate = 2025-09-20\nslug = \"c\"\n+++\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!((p.file.as_str(), p.line, p.col), ("b.md", 1, 1));
    assert!(
        p.message
            .starts_with("two articles will have the URL `/world/a/` when this one is published"),
        "{problems:?}"
    );
}

/// A page bundle's files go with their article when it expires: a waiting
/// alias at one of them, out after that, is fine, now and later.
#[test]
fn a_waiting_alias_at_a_file_of_an_expiring_bundle_is_fine() {
    let dir = site(&[
        (
            "world/p/index.md",
            "+++\ntitle = \"P\"\ndate = 2025-09-01\nexpires = 2025-09-15\n+++\nThe [report](report.html).\n",
        ),
        ("world/p/report.html", "<p>The report.</p>\n"),
        (
            "world/w.md",
            "+++\ntitle = \"W\"\ndate = 2025-09-20\naliases = [\"/world/p/report.html\"]\n+++\nBody.\n",
        ),
    ]);
    for now in [NOW, "2025-09-21T00:00:00Z"] {
        let root = dir.path().to_str().unwrap();
        let run = dateline(&["check", "--root", root, "--now", now]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{now}: {stderr}");
    }
}

/// An alias into a hidden folder would write into a deploy checkout's
/// `.git/` (which the build then no longer carries over) or over the
/// output's own entries: an error at the alias.
#[test]
fn an_alias_in_a_hidden_folder_is_an_error_at_the_alias() {
    let dir = site(&[(
        "world/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-09-01\naliases = [\"/.git/x/\", \"/old/.dateline-new/\"]\n+++\nBody.\n",
    )]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    assert_eq!(
        places(&problems),
        [("a.md", 4, 13), ("a.md", 4, 25)],
        "{problems:?}"
    );
    assert!(
        problems.iter().all(|p| p.message.contains("hidden")),
        "{problems:?}"
    );
}

/// An alias over another page is told where the alias is written.
#[test]
fn an_alias_over_a_page_is_an_error_at_the_alias() {
    let dir = site(&[
        (
            "world/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-09-01\naliases = [\"/old/\", \"/world/b/\"]\n+++\nBody.\n",
        ),
        (
            "world/b.md",
            "+++\ntitle = \"B\"\ndate = 2025-09-02\n+++\nBody.\n",
        ),
    ]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    let told = places(&problems);
    assert_eq!(told, [("a.md", 4, 22)], "{problems:?}");
    assert!(
        problems[0].message.contains("would be written twice"),
        "{problems:?}"
    );
}

/// An alias of an article waiting for its date, at a path another page,
/// alias or file holds when it comes out, would fail the build that
/// publishes it: an error now, at the alias, whether the holder is there now
/// or comes with the article (its new tag's page). One whose holder is gone
/// by then (an expired article, and the tag and author pages it alone made),
/// or another waiting alias gone before, is fine, now and later.
#[test]
fn an_alias_waiting_for_a_path_that_will_be_taken_is_an_error_now() {
    // (file under world/, date, front matter lines after the date)
    let fine = [
        (
            "c",
            "2025-09-01",
            "expires = 2025-09-15\naliases = [\"/old/c/\"]",
        ),
        ("d", "2025-09-20", "aliases = [\"/old/c/\"]"),
        (
            "g",
            "2025-09-20",
            "expires = 2025-09-22\naliases = [\"/old/g/\"]",
        ),
        ("h", "2025-09-25", "aliases = [\"/old/g/\"]"),
        (
            "l",
            "2025-09-01",
            "expires = 2025-09-15\ntags = [\"Uniqtag\"]\nauthor = \"Solo Writer\"",
        ),
        (
            "m",
            "2025-09-20",
            "aliases = [\"/tag/uniqtag/\", \"/author/solo-writer/\"]",
        ),
        // A tag's page, there now, that a waiting article will be listed on.
        ("o", "2025-09-01", "tags = [\"Harbour\"]"),
        ("p", "2025-09-20", "tags = [\"Harbour\"]"),
    ];
    let taken = [
        ("a", "2025-09-01", "aliases = [\"/old/a/\"]"),
        ("b", "2025-09-20", "aliases = [\"/old/a/\"]"),
        ("e", "2025-09-20", "aliases = [\"/old/e/\"]"),
        ("f", "2025-09-25", "aliases = [\"/old/e/\"]"),
        ("i", "2025-09-01", "aliases = [\"/world/j/\"]"),
        ("j", "2025-09-20", ""),
        ("k", "2025-09-20", "aliases = [\"/old/k/\", \"/old/k\"]"),
        // A folder where the site's feed is a file; the section in another case.
        ("r", "2025-09-20", "aliases = [\"/rss.xml\"]"),
        ("u", "2025-09-20", "aliases = [\"/World/\"]"),
        // The page of a tag no article has yet, which this one brings.
        (
            "v",
            "2025-09-20",
            "tags = [\"Brandnew\"]\naliases = [\"/tag/brandnew/\"]",
        ),
        // Two waiting aliases that differ only in case.
        ("x", "2025-09-20", "aliases = [\"/Old/X/\"]"),
        ("y", "2025-09-21", "aliases = [\"/old/x/\"]"),
        // A folder where the feed of a section it brings is a file.
        (
            "w",
            "2025-09-20",
            "category = \"Opinion\"\naliases = [\"/opinion/rss.xml\"]",
        ),
    ];
    let make = |list: &[(&str, &str, &str)]| {
        let files: Vec<(String, String)> = list
            .iter()
            .map(|(name, date, more)| {
                let text = format!("+++\ntitle = \"T\"\ndate = {date}\n{more}\n+++\nBody.\n");
                (format!("world/{name}.md"), text)
            })
            .collect();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        site(&refs)
    };
    let good = make(&fine);
    for now in [NOW, "2025-09-21T00:00:00Z", "2025-10-01T00:00:00Z"] {
        let root = good.path().to_str().unwrap();
        let run = dateline(&["check", "--root", root, "--now", now]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{now}: {stderr}");
    }
    let bad = make(&[&fine[..], &taken[..]].concat());
    let (code, problems) = check(bad.path());
    assert_eq!(code, Some(1), "{problems:?}");
    let told = places(&problems);
    let expected = [
        ("b.md", 4, 13),
        ("f.md", 4, 13),
        ("j.md", 1, 1),
        ("k.md", 4, 13),
        ("r.md", 4, 13),
        ("u.md", 4, 13),
        ("v.md", 5, 13),
        ("w.md", 5, 13),
        ("y.md", 4, 13),
    ];
    assert_eq!(told, expected, "{problems:?}");
    let published = "once this article is published, `";
    assert!(
        problems.iter().all(|p| p.message.contains(published)),
        "{problems:?}"
    );
}

/// A slug no file system takes, on an article waiting for its date, is an
/// error now rather than in the build that publishes it.
#[test]
fn an_unwritable_url_of_an_article_waiting_for_its_date_is_an_error_now() {
    let dir = site(&[(
        "world/b.md",
        "+++\ntitle = \"B\"\ndate = 2025-09-20\nslug = \"con\"\n+++\nBody.\n",
    )]);
    let (code, problems) = check(dir.path());
    assert_eq!(code, Some(1), "{problems:?}");
    let p = &problems[0];
    assert_eq!((p.file.as_str(), p.line, p.col), ("b.md", 1, 1));
    assert!(
        p.message
            .starts_with("the article's URL cannot be written: `con`"),
        "{problems:?}"
    );
}

/// An article that expires must not fail the next build of the articles
/// linking it: its links are left out with a warning (their text kept),
/// its `related` entries too.
#[test]
fn links_to_an_article_that_has_expired_are_left_out_with_a_warning() {
    let b = "+++\ntitle = \"B\"\ndate = 2025-09-02\nrelated = [\"@/world/a.md\"]\n+++\n\nSee [the first report](@/world/a.md \"A\") and [](@/world/a.md).\n";
    let dir = site(&[
        (
            "world/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-09-01\nexpires = 2025-09-14\n+++\nBody.\n",
        ),
        ("world/b.md", b),
    ]);
    let before = build_at(dir.path(), "2025-09-10T12:00:00Z");
    let page = built_page(&before, "world/b/index.html");
    assert_eq!(
        attrs(&page, ".story-body a", "href"),
        ["/world/a/", "/world/a/"]
    );
    let out = build_at(dir.path(), "2025-09-20T12:00:00Z");
    let page = built_page(&out, "world/b/index.html");
    assert!(attrs(&page, ".story-body a", "href").is_empty());
    assert_eq!(
        texts(&page, ".story-body p"),
        ["See the first report and ."]
    );
    assert!(page.select(&sel("aside.related")).next().is_none());
    let root = dir.path().to_str().unwrap();
    let run = dateline(&["check", "--root", root, "--now", "2025-09-20T12:00:00Z"]);
    assert!(run.status.success());
    let stderr = String::from_utf8(run.stderr).unwrap();
    let warnings: Vec<(usize, usize, String)> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .map(|l| {
            let (_, line, col, message) = parse(l);
            (line, col, message)
        })
        .collect();
    let places: Vec<(usize, usize)> = warnings.iter().map(|w| (w.0, w.1)).collect();
    assert_eq!(places, [(4, 13), (7, 5), (7, 46)], "{stderr}");
    assert!(warnings[0].2.ends_with("the entry is left out"), "{stderr}");
    assert!(
        warnings[1]
            .2
            .ends_with("the link is left out, its text kept"),
        "{stderr}"
    );
}
