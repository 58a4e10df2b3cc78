//! The `dateline` command: parse arguments, call the library, report.

use std::process::ExitCode;

/// Builds allocate many small strings from many threads; mimalloc handles
/// that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use dateline::cli::{BuildArgs, Cli, Command, RelatedArgs};
use dateline::error::plural;
use dateline::site::RelatedEntry;
use dateline::{BuildRequest, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Related(args) => related(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let args_verbose = args.verbose;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global()
            .map_err(|e| Error::Usage(format!("--jobs {n}: {e}")))?;
    }
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let now = dateline::cli::resolve_now(args.now, epoch.as_deref()).map_err(Error::Usage)?;
    let req = BuildRequest {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        now,
    };
    let report = dateline::build(&req)?;
    print_diagnostics(&report.warnings);
    if args_verbose {
        for (stage, d) in &report.timings.0 {
            eprintln!("  {stage:<10} {:>6} ms", d.as_millis());
        }
    }
    let c = report.counts;
    println!(
        "Built {}, {}, {}, {}, {} and {} into {} in {} ms ({} written, {} unchanged, {} removed)",
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
    );
    if let Some(n) = &report.next_change {
        println!(
            "Next scheduled change: {} {} at {}",
            n.rel_path,
            n.what,
            n.at.timestamp()
        );
    }
    Ok(())
}

fn related(args: RelatedArgs) -> Result<(), Error> {
    let req = BuildRequest {
        root: args.root,
        output: None,
        base_url: None,
        drafts: args.drafts,
        future: true,
        now: None,
    };
    let (site, _, warnings) = dateline::load(&req, &mut dateline::Timings::default())?;
    print_diagnostics(&warnings);
    let i = dateline::find_article(&site, &args.article)
        .ok_or_else(|| Error::Usage(format!("no article `{}` in the site", args.article)))?;
    let p = &site.articles[i];
    println!("{} ({})", p.title, p.rel_path);
    for r in &p.related {
        match r {
            RelatedEntry::Article(j) => println!("  listed    {}", site.articles[*j].rel_path),
            RelatedEntry::External { url, .. } => println!("  listed    {url}"),
        }
    }
    for s in &p.computed {
        let q = &site.articles[s.article];
        let x = &s.parts;
        println!(
            "  {:>7.3}   {}  [category {:.2} + tags {:.2} + authors {:.2} + text {:.2}] x recency {:.2}",
            s.score, q.rel_path, x.category, x.tags, x.authors, x.text, x.recency
        );
    }
    if p.related.is_empty() && p.computed.is_empty() {
        println!("  (no related articles)");
    }
    Ok(())
}

fn print_diagnostics(ds: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut reporter = dateline::report::Reporter::new(color);
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
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    eprintln!("{message}");
}
