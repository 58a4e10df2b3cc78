//! What a page says about itself in its `<head>`: canonical URL,
//! description, social cards and feed links (JSON-LD is in `jsonld`).

use serde::Serialize;
use tera::Value;

use super::views::asset_url;
use crate::site::{Page, Site};

#[derive(Serialize)]
pub(crate) struct PageMeta {
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Root-relative URL of the page.
    pub(crate) url: String,
    /// Absolute URL of the page.
    pub(crate) permalink: String,
    /// The canonical URL: the permalink, or the article's `canonical`.
    pub(crate) canonical: String,
    /// Absolute URL of the page's image for social cards.
    pub(crate) image: Option<String>,
    /// The image's size in pixels, when known (`og:image:width`, `og:image:height`).
    pub(crate) image_width: Option<u32>,
    pub(crate) image_height: Option<u32>,
    pub(crate) feeds: Vec<FeedLink>,
    /// JSON-LD documents, already escaped for a `<script>` element: safe
    /// strings in the template value (see [`PageMeta::value`]).
    #[serde(skip)]
    pub(crate) jsonld: Vec<String>,
    pub(crate) robots: &'static str,
    pub(crate) twitter_site: Option<String>,
    /// The fediverse handle of the page's author, for `fediverse:creator`.
    pub(crate) fediverse_creator: Option<String>,
    /// Slug of the section the page belongs to (a section's pages and its
    /// articles), for the navigation to mark; else null.
    pub(crate) section: Option<String>,
    /// A live blog's page, which adds its stylesheet (`live.css`).
    pub(crate) live: bool,
}

/// `page` as templates get it.
#[derive(Serialize)]
struct PageView<'a> {
    #[serde(flatten)]
    meta: &'a PageMeta,
    jsonld: Vec<Value>,
}

#[derive(Serialize, Clone)]
pub(crate) struct FeedLink {
    pub(crate) title: String,
    pub(crate) url: String,
    /// `application/rss+xml` or `application/atom+xml`.
    pub(crate) mime: &'static str,
    /// The feed of the section, author or tag the page shows, rather than
    /// the site's.
    pub(crate) own: bool,
}

impl PageMeta {
    /// The `page` variable of the templates. The JSON-LD documents,
    /// escaped for a `<script>` element already, are marked safe.
    pub(crate) fn value(&self) -> Value {
        let jsonld = self.jsonld.iter().map(|d| Value::safe_string(d)).collect();
        Value::from_serializable(&PageView { meta: self, jsonld })
    }

    pub(crate) fn new(
        site: &Site,
        kind: &'static str,
        title: String,
        description: String,
        rel: &str,
    ) -> Self {
        let permalink = site.permalink(rel);
        PageMeta {
            kind,
            title,
            description,
            url: site.url(rel),
            canonical: permalink.clone(),
            permalink,
            image: site
                .config
                .publisher
                .logo
                .as_deref()
                .map(|l| absolute(site, l)),
            image_width: None,
            image_height: None,
            feeds: feed_links(site, &site.config.title, ""),
            jsonld: Vec::new(),
            robots: if kind == "404" {
                "noindex"
            } else {
                "index, follow, max-image-preview:large"
            },
            twitter_site: site.config.publisher.twitter.clone(),
            fediverse_creator: None,
            section: None,
            live: false,
        }
    }

    /// Adds the feeds of a category, author or tag page (`base` is its path).
    pub(crate) fn with_feeds(mut self, site: &Site, name: &str, base: &str) -> Self {
        let title = format!("{name} | {}", site.config.title);
        self.feeds.extend(feed_links(site, &title, base));
        self
    }
}

/// The RSS and Atom feeds under `base` (`""` for the site's own).
pub(crate) fn feed_links(site: &Site, title: &str, base: &str) -> Vec<FeedLink> {
    let own = !base.is_empty();
    vec![
        FeedLink {
            title: format!("{title} (RSS)"),
            url: site.url(&format!("{base}rss.xml")),
            mime: "application/rss+xml",
            own,
        },
        FeedLink {
            title: format!("{title} (Atom)"),
            url: site.url(&format!("{base}atom.xml")),
            mime: "application/atom+xml",
            own,
        },
    ]
}

/// An absolute URL for a site path or URL.
pub(crate) fn absolute(site: &Site, src: &str) -> String {
    let url = asset_url(site, src);
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", origin(&site.config.base_url))
    } else {
        url
    }
}

/// `https://example.org` (with the port, if any), without a path.
pub(crate) fn origin(base: &url::Url) -> String {
    base.origin().ascii_serialization()
}

/// The latest of `updated`, the corrections' dates and a live blog's
/// newest update, else the date.
pub(crate) fn modified(p: &Page) -> &jiff::ZonedDateTime {
    let corrections = p.publishing.corrections.iter().map(|c| &c.date);
    let update = p.live.as_ref().and_then(|l| l.latest());
    p.updated
        .iter()
        .chain(corrections)
        .chain(update)
        .max_by_key(|d| d.timestamp())
        .unwrap_or(&p.date)
}

/// RFC 3339 to the second, as sitemaps, feeds and JSON-LD print dates.
pub(crate) fn iso(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

impl PageMeta {
    /// The social card's picture: the 16:9 crop of a processed image, else
    /// the image itself, with its size when known.
    pub(crate) fn set_image(&mut self, site: &Site, img: &crate::content::image::Image) {
        let (url, width, height) = social_picture(site, img);
        (self.image, self.image_width, self.image_height) = (Some(url), width, height);
    }
}

/// A picture as metadata shows it, by absolute URL with its size when
/// known: the 16:9 crop of a processed image, else the image itself.
pub(crate) fn social_picture(
    site: &Site,
    img: &crate::content::image::Image,
) -> (String, Option<u32>, Option<u32>) {
    let picture = site.images.image(img);
    match picture.and_then(|p| p.raster.as_ref()?.crops.first()) {
        Some(c) => (site.permalink(&c.rel_path), Some(c.width), Some(c.height)),
        None => (
            absolute(site, &img.src),
            picture.and_then(|p| p.width),
            picture.and_then(|p| p.height),
        ),
    }
}
