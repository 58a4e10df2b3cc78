//! Author profiles: `content/authors/<id>.md`, the body being the bio.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::frontmatter;
use crate::error::{Diagnostic, Location, line_col};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: Option<String>,
    role: Option<String>,
    image: Option<String>,
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
    pub(crate) image: Option<String>,
    pub(crate) links: Vec<ProfileLink>,
    /// Markdown.
    pub(crate) bio: String,
    pub(crate) body_line: usize,
}

impl Profile {
    pub(crate) fn parse(id: &str, source: &Path, text: &str) -> Result<Profile, Diagnostic> {
        let split = frontmatter::split(source, text)?;
        let RawProfile {
            name,
            role,
            image,
            links,
        } = frontmatter::parse(source, text, &split)?;
        let name = name.filter(|n| !n.trim().is_empty()).ok_or_else(|| {
            Diagnostic::error(Location::at(source, 1, 1), "missing required field `name`")
        })?;
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
        assert!(e.message.contains("`name`"));
    }
}
