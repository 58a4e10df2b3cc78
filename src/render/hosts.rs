//! The redirect files of `[redirects] formats`: every alias of the site as
//! a permanent redirect in a host's own format, drawn by the templates
//! `hosts/_redirects` (Netlify, Cloudflare Pages), `hosts/vercel.json`,
//! `hosts/s3-routing-rules.json` and `hosts/nginx-redirects.conf`. The
//! `<meta refresh>` page at each alias is written too, for every other host.
//! And `_headers` (`[output] headers`), the cache lifetimes Netlify and
//! Cloudflare Pages read, drawn by `hosts/_headers`.

use super::record::Vars;
use serde::Serialize;

use super::jobs::{self, Job};
use crate::config::HostFormat;
use crate::error::Diagnostic;
use crate::site::Site;

/// One alias, as the templates get it.
#[derive(Serialize)]
struct Redirect {
    /// The alias's URL path with the site's path, percent-encoded: `/news/old/`.
    from: String,
    /// The same, decoded, as a server compares it (nginx's `$uri`).
    from_decoded: String,
    /// `from_decoded` without its first `/`: an S3 key.
    from_key: String,
    /// Where it goes: the article's URL path, or its `canonical` URL elsewhere.
    to: String,
    /// The absolute URL it goes to, and its parts for S3's rules.
    to_url: String,
    protocol: String,
    host: String,
    /// The target's path without its first `/`.
    to_key: String,
}

/// `[output] headers`: the file, and its template.
pub(crate) const HEADERS: &str = "_headers";
pub(crate) const HEADERS_TEMPLATE: &str = "hosts/_headers";

/// The jobs of the files to write.
pub(crate) fn jobs(site: &Site) -> impl Iterator<Item = Job> {
    let redirects = site.config.redirects.files().into_iter().map(Job::Host);
    redirects.chain(site.config.headers.then_some(Job::Headers))
}

/// The variables of `_headers`: `root`, the site's path, and
/// `fingerprinted`, the URL path of each fingerprinted file (percent-encoded).
pub(crate) fn fill_headers(site: &Site, ctx: &mut Vars) {
    let url = |rel: &str| path_of(&site.permalink(rel));
    let paths: Vec<String> = site.assets.fingerprinted().map(url).collect();
    ctx.insert("root", &url(""));
    ctx.insert("fingerprinted", &paths);
}

/// The variables of every host file: `redirects`, and `force` (Netlify's
/// `301!`: it serves a file where there is one, and the alias's redirect
/// page is one, unless the rule is forced).
pub(crate) fn fill(site: &Site, ctx: &mut Vars) {
    ctx.insert("redirects", &redirects(site));
    let netlify = site.config.redirects.formats.contains(&HostFormat::Netlify);
    ctx.insert("force", &netlify);
}

/// Every alias, in the site's order (newest article first).
fn redirects(site: &Site) -> Vec<Redirect> {
    let mut out = Vec::new();
    for (i, p) in site.articles.iter().enumerate() {
        for k in 0..p.publishing.aliases.len() {
            let rel = jobs::path(site, &Job::Alias(i, k));
            let (to_url, to) = match &p.publishing.canonical {
                Some(c) => (c.clone(), c.clone()),
                None => (site.permalink(&p.path), path_of(&site.permalink(&p.path))),
            };
            let target = url::Url::parse(&to_url).ok();
            let from = path_of(&site.permalink(&rel));
            let from_decoded = percent_encoding::percent_decode_str(&from)
                .decode_utf8_lossy()
                .into_owned();
            out.push(Redirect {
                from,
                from_key: from_decoded.trim_start_matches('/').to_string(),
                from_decoded,
                to,
                protocol: target.as_ref().map_or("https", |u| u.scheme()).into(),
                host: target
                    .as_ref()
                    .and_then(|u| Some(u.host_str()?.to_string()))
                    .unwrap_or_default(),
                to_key: target
                    .as_ref()
                    .map_or("", |u| u.path())
                    .trim_start_matches('/')
                    .into(),
                to_url,
            });
        }
    }
    out
}

/// The percent-encoded path of an absolute URL.
fn path_of(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_string(), |u| u.path().to_string())
}

/// An error at each alias a chosen format cannot hold: a character with a
/// meaning of its own there, one more than the host reads, or (S3, whose
/// rules match by prefix) a path that other files of the site lie under;
/// and, with `_headers`, a file in `img/` that is not a picture variant,
/// as the folder is cached for a year. `paths` are every output path.
pub(crate) fn check(site: &Site, paths: &[String]) -> Vec<Diagnostic> {
    let mut errors = aliases(site, paths);
    if site.config.headers {
        errors.extend(paths.iter().filter(|p| p.starts_with("img/") && !is_variant(p)).map(|p| {
            let m = format!(
                "`{p}` is published in `img/`, which `[output] headers` has browsers cache for a year as picture variants never change: publish it elsewhere, or turn `headers` off"
            );
            Diagnostic::error(crate::error::Location::file(&site.config.root), m)
        }));
    }
    errors
}

/// A picture variant's name: `img/<stem>-<width>-<12 hex digits>.<ext>`.
fn is_variant(path: &str) -> bool {
    let Some(name) = path.strip_prefix("img/").filter(|n| !n.contains('/')) else {
        return false;
    };
    let Some((rest, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let mut parts = rest.rsplitn(3, '-');
    let hash = parts.next().unwrap_or_default();
    let width = parts.next().unwrap_or_default();
    hash.len() == 12
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && !width.is_empty()
        && width.bytes().all(|b| b.is_ascii_digit())
        && parts.next().is_some()
}

fn aliases(site: &Site, paths: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let aliases: Vec<(&String, &crate::error::Location)> = site
        .articles
        .iter()
        .flat_map(|p| p.publishing.aliases.iter().zip(&p.publishing.alias_at))
        .collect();
    for &f in &site.config.redirects.formats {
        for (alias, at) in &aliases {
            if let Some(c) = alias.chars().find(|c| f.reserved().contains(*c)) {
                let m = format!(
                    "alias `{alias}` holds `{c}`, which means something else in {}: `[redirects] formats` cannot write it",
                    f.file()
                );
                errors.push(Diagnostic::error((*at).clone(), m));
            }
        }
        if f == HostFormat::S3 {
            for (alias, at) in &aliases {
                // As the alias's page is written (see `jobs::path`).
                let rel = alias.trim_start_matches('/');
                let rel = match rel.ends_with(".html") || rel.ends_with('/') {
                    true => rel.to_string(),
                    false => format!("{rel}/"),
                };
                let own = [rel.clone(), format!("{rel}index.html")];
                if let Some(under) = paths
                    .iter()
                    .find(|p| p.starts_with(&rel) && !own.contains(p))
                {
                    let m = format!(
                        "alias `{alias}` would also redirect `{under}`: S3's routing rules match the start of a path"
                    );
                    errors.push(Diagnostic::error((*at).clone(), m));
                }
            }
        }
        if let Some(limit) = f.limit()
            && let Some((_, at)) = aliases.get(limit)
        {
            let m = format!(
                "the site has {} aliases, but `{}` takes at most {limit} redirects ({}); this is the first one past that",
                aliases.len(),
                f.file(),
                f.name()
            );
            errors.push(Diagnostic::error((*at).clone(), m));
        }
    }
    errors
}
