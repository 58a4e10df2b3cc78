//! The `dateline` command: parse arguments, call the library, report.

use std::process::ExitCode;

use clap::Parser;
use dateline::cli::{BuildArgs, Cli, Command};
use dateline::error::plural;
use dateline::{BuildRequest, Diagnostic, Error};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
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
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let now = dateline::cli::resolve_now(args.now, epoch.as_deref()).map_err(Error::Usage)?;
    let req = BuildRequest {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
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
        "Built {}, {}, {}, {} and {} into {} in {} ms ({} written, {} unchanged, {} removed)",
        plural(c.articles, "article"),
        plural(c.categories, "category page"),
        plural(c.authors, "author page"),
        plural(c.tags, "tag page"),
        plural(c.other, "other page"),
        report.output.display(),
        report.timings.total().as_millis(),
        report.writes.written,
        report.writes.unchanged,
        report.writes.removed,
    );
    Ok(())
}

fn print_diagnostics(ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("{d}");
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
