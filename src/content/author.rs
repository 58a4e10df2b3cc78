//! Author profiles: `content/authors/<id>.md`, the body being the bio.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::frontmatter;
use super::image::{Image, ProfileImage};
use crate::error::{Diagnostic, Location, line_col};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: Option<String>,
    role: Option<String>,
    image: Option<ProfileImage>,
    #[serde(default)]
    links: Vec<ProfileLink>,
    #[serde(default, deserialize_with = "crate::config::house::some_extra")]
    extra: Option<serde_json::Value>,
    fediverse: Option<String>,
}

/// Every field of an author profile, by name: `dateline cms` offers each.
pub(crate) fn profile_fields() -> &'static [&'static str] {
    serde_aux::serde_introspection::serde_introspect::<RawProfile>()
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileLink {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// An author's profile, `content/authors/<id>.md`: name, role, links and bio.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The file name without `.md`: the id bylines resolve to.
    pub(crate) id: String,
    pub(crate) source: PathBuf,
    pub(crate) name: String,
    pub(crate) role: Option<String>,
    pub(crate) image: Option<Image>,
    pub(crate) links: Vec<ProfileLink>,
    /// A fediverse handle, `@name@example.social`.
    pub(crate) fediverse: Option<String>,
    /// Markdown.
    pub(crate) bio: String,
    pub(crate) body_line: usize,
    /// `[extra]`: the newsroom's own data about the author.
    pub(crate) extra: serde_json::Value,
}

impl Profile {
    pub(crate) fn parse(id: &str, source: &Path, text: &str) -> Result<Profile, Vec<Diagnostic>> {
        let split = frontmatter::split(source, text).map_err(|d| vec![d])?;
        let RawProfile {
            name,
            role,
            image,
            links,
            extra,
            fediverse,
        } = frontmatter::parse(source, text, &split).map_err(|d| vec![d])?;
        // A CMS writes fields left empty as `""`: they are not there.
        let image = image.and_then(|i| i.0.without_blanks());
        let role = role.filter(|v| !v.trim().is_empty());
        let fediverse = fediverse.filter(|v| !v.trim().is_empty());
        let front = Front {
            source,
            text,
            len: split.body_offset,
        };
        let mut errors = front.value_errors(image.as_ref(), &links, fediverse.as_deref());
        let name = name.filter(|n| !n.trim().is_empty());
        if name.is_none() {
            errors.push(Diagnostic::error(
                Location::at(source, 1, 1),
                "missing required field `name`",
            ));
        }
        let (Some(name), true) = (name, errors.is_empty()) else {
            return Err(errors);
        };
        let image = image.map(|mut i| {
            i.at = Some(front.at(front.find(&i.src, 0)));
            i
        });
        Ok(Profile {
            id: id.to_string(),
            source: source.to_path_buf(),
            name: name.trim().to_string(),
            role,
            image,
            links,
            fediverse,
            bio: split.body.to_string(),
            body_line: line_col(text, split.body_offset).0,
            extra: extra.unwrap_or_else(crate::config::house::no_extra),
        })
    }
}

/// A profile's file up to its body, to locate messages about its values.
struct Front<'a> {
    source: &'a Path,
    text: &'a str,
    len: usize,
}

impl Front<'_> {
    /// Every bad URL and handle, each at its value.
    fn value_errors(
        &self,
        image: Option<&Image>,
        links: &[ProfileLink],
        fediverse: Option<&str>,
    ) -> Vec<Diagnostic> {
        let mut problems: Vec<(&str, String)> = image.iter().flat_map(|i| i.problems()).collect();
        for url in links.iter().map(|l| &l.url) {
            if let Err(m) = crate::paths::check_link(url) {
                problems.push((url, m));
            }
        }
        let mut errors: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(value, m)| Diagnostic::error(self.at(self.find(value, 0)), m))
            .collect();
        if let Some(h) = fediverse
            && let Err(m) = check_fediverse(h)
        {
            // After its key: the same text may be a link's URL above it.
            let at = self.find(h, self.key_offset("fediverse"));
            errors.push(Diagnostic::error(self.at(at), m));
        }
        errors
    }

    /// Where `value` is first written from `from` on: quoted first, else
    /// bare (a YAML value); else at `from`.
    fn find(&self, value: &str, from: usize) -> usize {
        let front = &self.text[from..self.len];
        let quoted = front.find(&format!("\"{value}\"")).map(|at| at + 1);
        from + quoted.or_else(|| front.find(value)).unwrap_or(0)
    }

    fn at(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.text, offset);
        Location::at(self.source, line, col)
    }

    /// The offset of the line that sets `key`, else 0.
    fn key_offset(&self, key: &str) -> usize {
        let mut offset = 0;
        for line in self.text[..self.len].split_inclusive('\n') {
            let rest = line.strip_prefix(key).map(str::trim_start);
            if rest.is_some_and(|r| r.starts_with(['=', ':'])) {
                return offset;
            }
            offset += line.len();
        }
        0
    }
}

/// A fediverse handle is `@user@domain.tld`: Mastodon and the others show
/// a `fediverse:creator` that is not one as plain text, if at all.
fn check_fediverse(handle: &str) -> Result<(), String> {
    let parts = handle
        .strip_prefix('@')
        .and_then(|h| h.split_once('@'))
        .filter(|(user, domain)| valid_user(user) && valid_domain(domain));
    match parts {
        Some(_) => Ok(()),
        None => Err(format!(
            "`fediverse` must be a handle like `@name@example.social`, not `{}`",
            handle.escape_debug()
        )),
    }
}

fn valid_user(user: &str) -> bool {
    !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// A host name with at least two labels, the last starting with a letter.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld = labels.last().and_then(|l| l.chars().next());
    labels.len() >= 2 && labels.iter().all(label_ok) && tld.is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_parses_with_links() {
        let p = Profile::parse(
            "mei-lin",
            Path::new("content/authors/mei-lin.md"),
            "+++\nname = \"Mei Lin\"\nrole = \"Correspondent\"\nlinks = [{ name = \"Site\", url = \"https://e.org\" }]\n+++\nBio.\n",
        )
        .unwrap();
        assert_eq!(p.name, "Mei Lin");
        assert_eq!(p.links[0].name, "Site");
        assert_eq!(p.body_line, 6);
    }

    #[test]
    fn profile_needs_a_name() {
        let e = Profile::parse("x", Path::new("x.md"), "+++\nrole = \"R\"\n+++\n").unwrap_err();
        assert!(e[0].message.contains("`name`"));
    }

    /// `links[].url = "javascript:..."` became a clickable link on the
    /// author page and a `sameAs` entry in its JSON-LD.
    #[test]
    fn profile_urls_must_be_web_mail_or_site_links() {
        let text = "+++\nname = \"X\"\nimage = \"data:image/png,x\"\nlinks = [\n  { name = \"Site\", url = \"JavaScript:alert(1)\" },\n  { name = \"Mail\", url = \"mailto:x@e.org\" },\n]\n+++\n";
        let e = Profile::parse("x", Path::new("x.md"), text).unwrap_err();
        let at: Vec<(usize, usize)> = e
            .iter()
            .map(|d| (d.location.line, d.location.col))
            .collect();
        assert_eq!(at, [(3, 10), (5, 27)], "{e:?}");
        assert!(
            e[1].message.contains("not `JavaScript:`"),
            "{}",
            e[1].message
        );
    }

    #[test]
    fn fediverse_handles_are_at_user_at_domain() {
        for ok in [
            "@meilin@example.social",
            "@a_b.c@mastodon.xn--p1ai",
            "@X@a.io",
        ] {
            assert!(check_fediverse(ok).is_ok(), "{ok}");
        }
        let bad = [
            "meilin@example.social",
            "@meilin",
            "@@example.social",
            "@mei lin@example.social",
            "@meilin@localhost",
            "@meilin@example.123",
            "@meilin@-x.social",
            "@a@b@example.social",
            "https://example.social/@meilin",
        ];
        for b in bad {
            assert!(check_fediverse(b).is_err(), "{b}");
        }
    }
}
