//! The `image` table of articles and author profiles: the picture, its
//! caption, and who to credit and how it may be reused.

use serde::{Deserialize, Serialize};

use super::publishing::is_absolute_url;
use crate::paths::check_link;

/// A lead image or a profile photo, as written.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Image {
    pub(crate) src: String,
    #[serde(default)]
    pub(crate) alt: String,
    pub(crate) caption: Option<String>,
    /// The credit line, printed as written (`Photo: Reuters`).
    pub(crate) credit: Option<String>,
    pub(crate) copyright: Option<String>,
    /// An absolute http(s) URL of the licence.
    pub(crate) license: Option<String>,
    /// An absolute http(s) URL of the page that sells a licence.
    pub(crate) acquire_license_page: Option<String>,
    /// The point crops keep in view, `[x, y]` from 0 to 1 (centre when unset).
    pub(crate) focus: Option<Focus>,
    /// Where `src` is written, for messages about the file it names.
    #[serde(skip)]
    pub(crate) at: Option<crate::error::Location>,
}

/// A focal point: fractions of the width and height, from the top left.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
pub(crate) struct Focus(pub(crate) [f64; 2]);

/// Compared by bits: a focus is read from a file, never computed, so no NaN
/// reaches it (TOML and YAML floats may be `nan`, refused by `problems`).
impl Eq for Focus {}

impl Focus {
    pub(crate) const CENTRE: Focus = Focus([0.5, 0.5]);
}

impl Image {
    /// An image known by its URL alone (a profile's `image = "/x.jpg"`).
    fn from_src(src: &str) -> Image {
        Image {
            src: src.to_string(),
            alt: String::new(),
            caption: None,
            credit: None,
            copyright: None,
            license: None,
            acquire_license_page: None,
            focus: None,
            at: None,
        }
    }

    /// Each value that is wrong, with what to say about it: `src` must be
    /// a safe link, the licence URLs absolute http(s) URLs, since search
    /// engines show them to readers outside the site.
    /// Empty texts as absent, and no image at all when `src` is empty too
    /// (a CMS writes every field of a picture left empty as `""`).
    pub(crate) fn without_blanks(mut self) -> Option<Image> {
        for field in [
            &mut self.caption,
            &mut self.credit,
            &mut self.copyright,
            &mut self.license,
            &mut self.acquire_license_page,
        ] {
            if field.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *field = None;
            }
        }
        let nothing = self.caption.is_none()
            && self.credit.is_none()
            && self.copyright.is_none()
            && self.license.is_none()
            && self.acquire_license_page.is_none()
            && self.alt.trim().is_empty()
            && self.focus.is_none();
        match self.src.trim().is_empty() && nothing {
            true => None,
            false => Some(self),
        }
    }

    pub(crate) fn problems(&self) -> Vec<(&str, String)> {
        let mut out = Vec::new();
        if let Err(m) = check_link(&self.src) {
            out.push((self.src.as_str(), m));
        }
        let urls = [
            ("license", &self.license),
            ("acquire_license_page", &self.acquire_license_page),
        ];
        for (key, url) in urls {
            let Some(url) = url.as_deref() else { continue };
            if check_link(url).is_err() || !is_absolute_url(url) {
                let url_text = url.escape_debug();
                let m = format!("`image.{key}` must be an absolute http(s) URL, not `{url_text}`");
                out.push((url, m));
            }
        }
        if let Some(Focus([x, y])) = self.focus
            && !((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y))
        {
            let m = format!(
                "`image.focus` is `[x, y]` with each from 0 to 1 (0.5 is the centre), not `[{x}, {y}]`"
            );
            out.push(("focus", m));
        }
        out
    }

    /// The focal point, the centre when none is given.
    pub(crate) fn focus(&self) -> Focus {
        self.focus.unwrap_or(Focus::CENTRE)
    }
}

/// A profile's `image`: a URL, or a table like an article's image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProfileImage(pub(crate) Image);

/// Written as a string (the form profiles had first) or as a table, with a
/// message naming both (serde's untagged enums only say "did not match").
impl<'de> Deserialize<'de> for ProfileImage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ProfileImage;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a URL like \"/images/x.jpg\" or a table like { src = \"/images/x.jpg\", credit = \"...\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ProfileImage, E> {
                Ok(ProfileImage(Image::from_src(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ProfileImage, A::Error> {
                let map = serde::de::value::MapAccessDeserializer::new(map);
                Image::deserialize(map).map(ProfileImage)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        image: ProfileImage,
    }

    #[test]
    fn a_profile_image_is_a_url_or_a_table() {
        let h: Holder = toml::from_str("image = \"/a.jpg\"").unwrap();
        assert_eq!(h.image.0, Image::from_src("/a.jpg"));
        let h: Holder =
            toml::from_str("image = { src = \"/a.jpg\", credit = \"Photo: X\" }").unwrap();
        assert_eq!(h.image.0.credit.as_deref(), Some("Photo: X"));
        let e = toml::from_str::<Holder>("image = { src = \"/a.jpg\", credits = \"X\" }");
        let e = e.err().unwrap().to_string();
        assert!(e.contains("unknown field `credits`"), "{e}");
    }

    #[test]
    fn licence_urls_must_be_absolute_web_urls() {
        let mut i = Image::from_src("/a.jpg");
        i.license = Some("/licence/".into());
        i.acquire_license_page = Some("https://e.org/buy".into());
        assert_eq!(i.problems().len(), 1);
        assert_eq!(i.problems()[0].0, "/licence/");
        for bad in ["javascript:x", "mailto:a@e.org", "https://e.org/a b"] {
            i.license = Some(bad.into());
            let m = &i.problems()[0].1;
            assert!(m.starts_with("`image.license` must be an absolute"), "{m}");
        }
        i.src = "data:image/png,x".into();
        assert!(i.problems()[0].1.contains("not `data:`"));
    }
}
