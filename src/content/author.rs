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
    /// Markdown.
    pub(crate) bio: String,
    pub(crate) body_line: usize,
}

impl Profile {
    pub(crate) fn parse(id: &str, source: &Path, text: &str) -> Result<Profile, Vec<Diagnostic>> {
        let split = frontmatter::split(source, text).map_err(|d| vec![d])?;
        let RawProfile {
            name,
            role,
            image,
            links,
        } = frontmatter::parse(source, text, &split).map_err(|d| vec![d])?;
        let image = image.map(|i| i.0);
        let front = &text[..split.body_offset];
        let locate = |value: &str| {
            let (line, col) = line_col(text, front.find(value).unwrap_or(0));
            Location::at(source, line, col)
        };
        let mut errors: Vec<Diagnostic> = image
            .iter()
            .flat_map(Image::problems)
            .map(|(value, m)| Diagnostic::error(locate(value), m))
            .collect();
        for url in links.iter().map(|l| &l.url) {
            if let Err(m) = crate::paths::check_link(url) {
                errors.push(Diagnostic::error(locate(url), m));
            }
        }
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
        Ok(Profile {
            id: id.to_string(),
            source: source.to_path_buf(),
            name: name.trim().to_string(),
            role,
            image,
            links,
            bio: split.body.to_string(),
            body_line: line_col(text, split.body_offset).0,
        })
    }
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
}
