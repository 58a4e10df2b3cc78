//! Commands and their options.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The command line: a command and how much to print.
#[derive(Debug, Parser)]
#[command(
    name = "dateline",
    version = env!("DATELINE_VERSION"),
    about = "A static site generator for news publishers"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only problems.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: how long each stage took (and, for `serve`, every rebuild).
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: <root>/public).
    Build(BuildArgs),
    /// Serve the site on 127.0.0.1, rebuilding and reloading pages on every save.
    Serve(ServeArgs),
    /// Create a new article (a draft) from a headline.
    New(NewArgs),
    /// Create a new site in an empty folder.
    Init(InitArgs),
    /// Run every check of a build without writing anything.
    Check(CheckArgs),
    /// Show an article's "also read" list, with the score of each computed entry.
    Related(RelatedArgs),
    /// Print when the published site next changes (RFC 3339), or nothing:
    /// an article's date or expiry, a breaking banner's end, or a live
    /// blog's next update, start or end. For schedulers.
    Next(NextArgs),
    /// Write the admin pages of a git-based CMS for editors (Decap or Sveltia CMS)
    /// into static/admin/, from dateline's fields and the site's sections.
    Cms(CmsArgs),
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of dateline, or of one of its commands.
    Man(ManArgs),
}

/// Options of `dateline cms`.
#[derive(Debug, Args)]
pub struct CmsArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Which CMS the admin page loads.
    #[arg(long, value_enum, default_value = "decap")]
    pub kind: crate::cms::CmsKind,
    /// The GitHub repository the CMS commits to: owner/name.
    #[arg(long)]
    pub repo: String,
    /// The branch it publishes to.
    #[arg(long, default_value = "main")]
    pub branch: String,
}

/// Options of `dateline completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `dateline man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`build`, `serve`, ...); default: dateline's own.
    pub command: Option<String>,
}

/// Options of `dateline build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: <root>/public).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from config.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Also publish articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Also publish articles dated after "now".
    #[arg(long)]
    pub future: bool,
    /// The current time for everything time-based (RFC 3339, e.g.
    /// 2025-09-03T12:00:00Z). Defaults to SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
    /// Draw every page, ignoring the build cache of earlier builds (and
    /// writing none).
    #[arg(long)]
    pub no_cache: bool,
    /// The folder of the build cache (default: .dateline-cache/pages beside
    /// the output folder; the articles' bodies go in its `bodies/<site>/`,
    /// by default in .dateline-cache/bodies/<site>/ there).
    #[arg(long, conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
    /// After the build, remove from the image cache (.dateline-cache/images)
    /// every picture variant it did not use: pictures taken out of the
    /// site, or named otherwise by an earlier version of dateline.
    #[arg(long)]
    pub gc: bool,
    /// Threads to build with (default: one per core); 1 builds sequentially,
    /// with output identical to a parallel build.
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Options of `dateline serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; the next free one is used when it is taken.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; anything but 127.0.0.1 must be asked for.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Also show articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Options of `dateline new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The headline; the file name is made from it.
    pub title: String,
    /// The section; the article's folder under content/ is made from it.
    #[arg(long, short)]
    pub category: Option<String>,
    /// A byline (repeat for several authors).
    #[arg(long = "author", short)]
    pub authors: Vec<String>,
    /// The file name (without .md); default: made from the headline.
    #[arg(long)]
    pub slug: Option<String>,
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Options of `dateline init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (new or empty).
    pub dir: PathBuf,
}

/// Options of `dateline check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Also check articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Also check articles dated after "now".
    #[arg(long)]
    pub future: bool,
    /// The current time for everything time-based (RFC 3339), as for
    /// `build`. Defaults to SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

/// Options of `dateline next`.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The current time (RFC 3339), as for `build`. Defaults to
    /// SOURCE_DATE_EPOCH when set, else the clock.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

/// Options of `dateline related`.
#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The site's folder (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also consider articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// The article: its path under content/ (`china/parade.md`) or a path to the file.
    pub article: String,
}

fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse::<jiff::Timestamp>()
        .map_err(|e| format!("`{s}` is not an RFC 3339 date-time with an offset: {e}"))
}

/// `--now`, else `SOURCE_DATE_EPOCH` (seconds since 1970), else `None`.
pub fn resolve_now(
    flag: Option<jiff::Timestamp>,
    epoch: Option<&str>,
) -> Result<Option<jiff::Timestamp>, String> {
    if flag.is_some() {
        return Ok(flag);
    }
    let Some(epoch) = epoch.map(str::trim).filter(|e| !e.is_empty()) else {
        return Ok(None);
    };
    let seconds: i64 = epoch
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{epoch}`"))?;
    jiff::Timestamp::from_second(seconds)
        .map(Some)
        .map_err(|e| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_source_date_epoch() {
        let flag: jiff::Timestamp = "2025-09-03T12:00:00Z".parse().unwrap();
        assert_eq!(resolve_now(Some(flag), Some("0")).unwrap(), Some(flag));
        assert_eq!(
            resolve_now(None, Some("0")).unwrap(),
            Some(jiff::Timestamp::UNIX_EPOCH)
        );
        assert_eq!(resolve_now(None, None).unwrap(), None);
        assert!(resolve_now(None, Some("soon")).is_err());
    }
}
