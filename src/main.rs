//! The `dateline` command: parse arguments, call the library, report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use dateline::cli::{
    BuildArgs, CheckArgs, Cli, CmsArgs, Command, ManArgs, NewArgs, NextArgs, RelatedArgs, ServeArgs,
};
use dateline::error::plural;
use dateline::report::Reporter;
use dateline::serve::{Event, ServeOptions};
use dateline::site::RelatedEntry;
use dateline::{BuildRequest, Diagnostic, Error};

/// `println!` that does not panic when the reader has gone (`dateline
/// related x | head -1`): what is left to print is simply not wanted.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Builds allocate many small strings from many threads; mimalloc handles
/// that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How much to print.
#[derive(Clone, Copy)]
struct Out {
    quiet: bool,
    verbose: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let result = match cli.command {
        Command::Build(args) => build(args, out),
        Command::Serve(args) => serve(args, out),
        Command::New(args) => new(args),
        Command::Init(args) => init(&args.dir, out),
        Command::Check(args) => check(args, out),
        Command::Related(args) => related(args),
        Command::Next(args) => next(args),
        Command::Cms(args) => cms(args, out),
        Command::Completions(args) => {
            completions(args.shell);
            Ok(())
        }
        Command::Man(args) => man(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// `dateline cms`: writes the admin pages and says where.
fn cms(args: CmsArgs, out: Out) -> Result<(), Error> {
    let req = dateline::cms::CmsRequest {
        root: args.root,
        kind: args.kind,
        repo: args.repo,
        branch: args.branch,
    };
    let written = dateline::cms::write(&req)?;
    if !out.quiet {
        for path in written {
            say!("Wrote {}", path.display());
        }
        say!("Build the site and open /admin/ to sign in with GitHub.");
    }
    Ok(())
}

/// `dateline completions <shell>`: the script, from the command's definitions.
fn completions(shell: clap_complete::Shell) {
    use clap::CommandFactory;
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "dateline", &mut std::io::stdout());
}

/// `dateline man [command]`: a manual page in roff, from the same definitions.
fn man(args: ManArgs) -> Result<(), Error> {
    use clap::CommandFactory;
    let mut top = Cli::command().name("dateline");
    top.build();
    let page = match &args.command {
        None => clap_mangen::Man::new(top),
        Some(name) => {
            let command = top.find_subcommand(name).cloned();
            let command = command.ok_or_else(|| {
                Error::Usage(format!("no command `{name}`; see `dateline --help`"))
            })?;
            clap_mangen::Man::new(command).title(format!("dateline-{name}"))
        }
    };
    let mut roff = Vec::new();
    page.render(&mut roff)
        .map_err(|e| Error::Usage(e.to_string()))?;
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(&roff);
    Ok(())
}

fn now(flag: Option<jiff::Timestamp>) -> Result<Option<jiff::Timestamp>, Error> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    dateline::cli::resolve_now(flag, epoch.as_deref()).map_err(Error::Usage)
}

fn build(args: BuildArgs, out: Out) -> Result<(), Error> {
    let args_gc = args.gc;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global()
            .map_err(|e| Error::Usage(format!("--jobs {n}: {e}")))?;
    }
    let req = BuildRequest {
        root: site_root(args.root)?,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        now: now(args.now)?,
        cache: !args.no_cache,
        cache_dir: args.cache_dir,
        gc: args.gc,
    };
    let progress = std::io::stderr().is_terminal() && !out.quiet;
    if progress {
        eprint!("Building {}...", req.root.display());
    }
    let report = dateline::build(&req);
    if progress {
        eprint!("\r\x1b[2K");
    }
    let report = report?;
    print_diagnostics(&report.warnings);
    if out.verbose {
        print_timings(&report.timings);
        let i = report.images;
        eprintln!(
            "  images: {} encoded, {} reused from the cache",
            i.encoded, i.reused
        );
        let b = report.bodies;
        eprintln!(
            "  articles: {} converted, {} bodies reused from the cache",
            b.converted, b.kept
        );
    }
    if !out.quiet {
        print_built(&report);
        if args_gc {
            let i = report.images;
            let mb = i.removed_bytes as f64 / 1e6;
            say!(
                "Removed {} unused picture variants ({mb:.1} MB) from the image cache",
                i.removed
            );
        }
    }
    // The process ends now, and gives its memory back at once.
    std::mem::forget(report);
    Ok(())
}

/// The summary line of a build, and when the site next changes.
fn print_built(report: &dateline::BuildReport) {
    let c = report.counts;
    say!(
        "Built {}, {}, {}, {}, {} and {} into {} in {} ms ({} written, {} unchanged, {} removed; {} not drawn again, from the build cache)",
        plural(c.articles, "article"),
        plural(c.categories, "category page"),
        plural(c.authors, "author page"),
        plural(c.tags, "tag page"),
        plural(c.feeds, "feed"),
        plural(c.other, "other page"),
        report.output.display(),
        report.timings.total().as_millis(),
        report.writes.written,
        report.writes.unchanged,
        report.writes.removed,
        report.writes.reused,
    );
    if let Some(line) = skipped_line(report.skipped) {
        say!("{line}");
    }
    if let Some(n) = &report.next_change {
        say!(
            "Next scheduled change: {} {} at {}",
            n.rel_path,
            n.what,
            n.at.timestamp()
        );
    }
}

fn serve(args: ServeArgs, out: Out) -> Result<(), Error> {
    let opts = ServeOptions {
        root: site_root(args.root)?,
        interface: args.interface,
        port: args.port,
        drafts: args.drafts,
    };
    if opts.exposes_drafts() {
        eprintln!(
            "warning: --drafts on {} shows drafts and embargoed stories to anyone who can reach this machine",
            opts.interface
        );
    }
    let open = args.open;
    dateline::serve::run(opts, move |event| match event {
        Event::Listening(addr) => {
            say!("Serving at http://{addr}/ (Ctrl-C to stop)");
            if open {
                let _ = open::that(format!("http://{addr}/"));
            }
        }
        Event::Built {
            elapsed,
            warnings,
            timings,
        } => {
            print_diagnostics(&warnings);
            if out.verbose {
                let stages: Vec<String> = timings
                    .0
                    .iter()
                    .map(|(s, d)| format!("{s} {}", d.as_millis()))
                    .collect();
                say!(
                    "Rebuilt in {} ms ({})",
                    elapsed.as_millis(),
                    stages.join(", ")
                );
            }
        }
        Event::Failed(ds) => {
            print_diagnostics(&ds);
            eprintln!(
                "error: the build failed; pages show these problems until the next good save"
            );
        }
    })
}

fn new(args: NewArgs) -> Result<(), Error> {
    let clock = now(None)?.unwrap_or_else(jiff::Timestamp::now);
    let article = dateline::scaffold::NewArticle {
        title: &args.title,
        slug: args.slug.as_deref(),
        category: args.category.as_deref(),
        authors: &args.authors,
    };
    let path = dateline::scaffold::new_article(&site_root(args.root)?, &article, clock)?;
    say!("{}", path.display());
    Ok(())
}

fn init(dir: &std::path::Path, out: Out) -> Result<(), Error> {
    let clock = now(None)?.unwrap_or_else(jiff::Timestamp::now);
    dateline::scaffold::init(dir, clock)?;
    if !out.quiet {
        say!(
            "Created a new site in {}; build it with `dateline build --root {}`",
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}

fn check(args: CheckArgs, out: Out) -> Result<(), Error> {
    let req = BuildRequest {
        root: site_root(args.root)?,
        output: None,
        base_url: None,
        drafts: args.drafts,
        future: args.future,
        now: now(args.now)?,
        cache: false,
        cache_dir: None,
        gc: false,
    };
    let mut timings = dateline::Timings::default();
    let (warnings, files) = dateline::check(&req, &mut timings)?;
    print_diagnostics(&warnings);
    if out.verbose {
        print_timings(&timings);
    }
    if args.strict && !warnings.is_empty() {
        return Err(Error::Strict(warnings.len()));
    }
    if !out.quiet {
        say!(
            "No errors; {} and {} checked",
            plural(warnings.len(), "warning"),
            plural(files, "file")
        );
    }
    Ok(())
}

/// The next scheduled change alone, for a scheduler (`at` a cron job):
/// nothing when none is coming. Problems of the content fail as in `check`.
fn next(args: NextArgs) -> Result<(), Error> {
    let req = BuildRequest {
        root: site_root(args.root)?,
        output: None,
        base_url: None,
        drafts: false,
        future: false,
        now: now(args.now)?,
        cache: false,
        cache_dir: None,
        gc: false,
    };
    let (site, _, warnings) = dateline::load(&req, &mut dateline::Timings::default())?;
    print_diagnostics(&warnings);
    if let Some(n) = site.next_change() {
        say!("{}", n.at.timestamp());
    }
    Ok(())
}

fn related(args: RelatedArgs) -> Result<(), Error> {
    let req = BuildRequest {
        root: site_root(args.root)?,
        output: None,
        base_url: None,
        drafts: args.drafts,
        future: true,
        now: None,
        cache: false,
        cache_dir: None,
        gc: false,
    };
    let (site, _, warnings) = dateline::load(&req, &mut dateline::Timings::default())?;
    print_diagnostics(&warnings);
    let i = dateline::find_article(&site, &args.article)
        .ok_or_else(|| Error::Usage(format!("no article `{}` in the site", args.article)))?;
    let p = &site.articles[i];
    say!("{} ({})", p.title, p.rel_path);
    for r in &p.related {
        match r {
            RelatedEntry::Article(j) => say!("  listed    {}", site.articles[*j].rel_path),
            RelatedEntry::External { url, .. } => say!("  listed    {url}"),
        }
    }
    for s in &p.computed {
        let q = &site.articles[s.article];
        let x = &s.parts;
        say!(
            "  {:>7.3}   {}  [category {:.2} + tags {:.2} + authors {:.2} + text {:.2}] x recency {:.2}",
            s.score,
            q.rel_path,
            x.category,
            x.tags,
            x.authors,
            x.text,
            x.recency
        );
    }
    if p.related.is_empty() && p.computed.is_empty() {
        say!("  (no related articles)");
    }
    Ok(())
}

/// `Not published: 2 drafts, 1 scheduled (--drafts, --future publish them)`.
fn skipped_line(s: dateline::site::schedule::Skipped) -> Option<String> {
    let mut parts = Vec::new();
    if s.drafts > 0 {
        parts.push(plural(s.drafts, "draft"));
    }
    if s.scheduled > 0 {
        parts.push(format!("{} scheduled", s.scheduled));
    }
    if s.expired > 0 {
        parts.push(format!("{} expired", s.expired));
    }
    let flags: Vec<&str> = [(s.drafts, "--drafts"), (s.scheduled, "--future")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, f)| f)
        .collect();
    let hint = match flags.is_empty() {
        true => String::new(),
        false => format!(" ({} publish them)", flags.join(", ")),
    };
    (!parts.is_empty()).then(|| format!("Not published: {}{hint}", parts.join(", ")))
}

/// The site's folder: `--root`, or without it (`.`) the nearest folder,
/// this one or above, that holds a `config.toml`, as git finds its
/// repository.
fn site_root(root: PathBuf) -> Result<PathBuf, Error> {
    let config = dateline::config::CONFIG_FILE;
    if root != Path::new(".") || Path::new(config).is_file() {
        return Ok(root);
    }
    let here = std::env::current_dir()
        .map_err(|e| Error::Usage(format!("cannot read the current folder: {e}")))?;
    here.ancestors()
        .skip(1)
        .find(|dir| dir.join(config).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Error::Usage(format!(
                "no {config} in {} or any folder above it: run dateline inside the site's folder, pass --root, or make a site with `dateline init`",
                here.display()
            ))
        })
}

/// How long each stage took, for `--verbose`.
fn print_timings(timings: &dateline::Timings) {
    for (stage, d) in &timings.0 {
        eprintln!("  {stage:<12} {:>6} ms", d.as_millis());
    }
}

fn print_diagnostics(ds: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut reporter = Reporter::new(color);
    for d in ds {
        eprintln!("{}", reporter.format(d));
    }
}

fn report_error(e: &Error) {
    if let Error::Content(ds) = e {
        print_diagnostics(ds);
    }
    let mut message = format!("error: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        // An I/O error names its cause already.
        let text = s.to_string();
        if !message.ends_with(&text) {
            message.push_str(&format!(": {text}"));
        }
        source = s.source();
    }
    eprintln!("{}", dateline::report::visible(&message));
}
