//! `[redirects]`: besides the `<meta refresh>` page at each alias, the
//! redirect files that static hosts read themselves.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRedirects {
    formats: Option<Vec<Spanned<String>>>,
}

/// A host's own redirect file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostFormat {
    /// `_redirects`, which Cloudflare Pages reads too.
    Netlify,
    Cloudflare,
    /// `vercel.json`'s `redirects`.
    Vercel,
    /// The routing rules of an S3 static website, for `aws s3api put-bucket-website`.
    S3,
    /// A `map` include for nginx.
    Nginx,
}

impl HostFormat {
    const ALL: [HostFormat; 5] = [
        HostFormat::Netlify,
        HostFormat::Cloudflare,
        HostFormat::Vercel,
        HostFormat::S3,
        HostFormat::Nginx,
    ];

    /// As `config.toml` names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            HostFormat::Netlify => "netlify",
            HostFormat::Cloudflare => "cloudflare",
            HostFormat::Vercel => "vercel",
            HostFormat::S3 => "s3",
            HostFormat::Nginx => "nginx",
        }
    }

    /// The file it writes at the output's root (Netlify and Cloudflare
    /// share `_redirects`), which is also the name of its template under `hosts/`.
    pub(crate) fn file(self) -> &'static str {
        match self {
            HostFormat::Netlify | HostFormat::Cloudflare => "_redirects",
            HostFormat::Vercel => "vercel.json",
            HostFormat::S3 => "s3-routing-rules.json",
            HostFormat::Nginx => "nginx-redirects.conf",
        }
    }

    /// Its template in the theme: `hosts/` and the file's name.
    pub(crate) fn template(self) -> &'static str {
        match self {
            HostFormat::Netlify | HostFormat::Cloudflare => "hosts/_redirects",
            HostFormat::Vercel => "hosts/vercel.json",
            HostFormat::S3 => "hosts/s3-routing-rules.json",
            HostFormat::Nginx => "hosts/nginx-redirects.conf",
        }
    }

    /// How many redirects the host reads from the file, if it says.
    pub(crate) fn limit(self) -> Option<usize> {
        match self {
            HostFormat::Netlify | HostFormat::Nginx => None,
            HostFormat::Cloudflare => Some(2_000),
            HostFormat::Vercel => Some(2_048),
            HostFormat::S3 => Some(50),
        }
    }

    /// Characters an alias cannot hold in this format, as they have a
    /// meaning of their own there (a pattern, a regular expression, a
    /// variable). `_redirects`'s `*` and `:` are refused in every alias.
    pub(crate) fn reserved(self) -> &'static str {
        match self {
            HostFormat::Netlify | HostFormat::Cloudflare | HostFormat::S3 => "",
            HostFormat::Vercel => "()+{}",
            HostFormat::Nginx => "~$",
        }
    }
}

/// `[redirects]` resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RedirectsConfig {
    /// In the order written, none twice; none by default.
    pub(crate) formats: Vec<HostFormat>,
}

impl RedirectsConfig {
    /// A format for each file to write: `_redirects` once for both hosts
    /// that read it.
    pub(crate) fn files(&self) -> Vec<HostFormat> {
        let mut files: Vec<HostFormat> = Vec::new();
        for &f in &self.formats {
            if files.iter().all(|g| g.file() != f.file()) {
                files.push(f);
            }
        }
        files
    }
}

pub(super) fn resolve(
    raw: RawRedirects,
    fail: &mut impl FnMut(Option<Range<usize>>, String),
) -> RedirectsConfig {
    let mut formats: Vec<HostFormat> = Vec::new();
    for name in raw.formats.unwrap_or_default() {
        let found = HostFormat::ALL
            .into_iter()
            .find(|f| f.name() == name.get_ref().trim());
        match found {
            Some(f) if formats.contains(&f) => fail(
                Some(name.span()),
                format!("redirect format `{}` is listed twice", f.name()),
            ),
            // Both read `_redirects`, which Netlify needs forced (`301!`)
            // over the alias's redirect page and Cloudflare reads as an error.
            Some(f) if formats.iter().any(|g| g.file() == f.file()) => fail(
                Some(name.span()),
                "`netlify` and `cloudflare` both read `_redirects`, which differs between them: list the host you deploy to".into(),
            ),
            Some(f) => formats.push(f),
            None => {
                let known = HostFormat::ALL.map(HostFormat::name);
                let near = crate::suggest::nearest(&name.get_ref().to_lowercase(), known, 0.7);
                let hint = near.map(|n| format!("; did you mean `{n}`?"));
                let message = format!(
                    "unknown redirect format `{}`: choose from {}{}",
                    name.get_ref().escape_debug(),
                    known.join(", "),
                    hint.unwrap_or_default()
                );
                fail(Some(name.span()), message);
            }
        }
    }
    RedirectsConfig { formats }
}
