//! JSON-LD for search engines: `NewsArticle` and `BreadcrumbList` on
//! article pages, `ProfilePage` on author pages, `CollectionPage` on
//! series pages, `WebSite` and `Organization` on the home page.
//!
//! Each document is serialized as JSON, then escaped for a `<script>`
//! element, so a title holding `</script>` or quotes cannot break out of it.
//! Article documents (one per article) are typed structs, serialized
//! directly; their fields are in the sorted order the others print in.

use serde::Serialize;
use serde_json::{Value as Json, json};

use super::meta::{PageMeta, absolute, iso, modified};
use super::series::series_path;
use super::views::{author_path, category_path};
use crate::content::image::Image;
use crate::content::live::{Live, Update};
use crate::markdown::components::{Component, iso_duration, seconds};
use crate::site::series::Series;
use crate::site::{Author, Page, Site};

const SCHEMA: &str = "https://schema.org";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    /// `NewsArticle`, or the type of the article's label (`OpinionNewsArticle`).
    #[serde(rename = "@type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    author: Vec<Person<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_created: Option<Place<'a>>,
    /// Who paid for sponsored content.
    #[serde(skip_serializing_if = "Option::is_none")]
    sponsor: Option<Sponsor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<Correction<'a>>,
    date_modified: String,
    date_published: String,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Images<'a>>,
    in_language: &'a str,
    /// The series the article is a part of, with `position`.
    #[serde(skip_serializing_if = "Option::is_none")]
    is_part_of: Option<SeriesRef<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    main_entity_of_page: WebPage<'a>,
    /// The part number in its series.
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
    publisher: Organization<'a>,
    url: &'a str,
    /// The body's `video` components.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    video: Vec<VideoObject<'a>>,
    /// A live blog's coverage and updates.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    live: Option<LiveBlog<'a>>,
}

/// What `LiveBlogPosting` adds to an article.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LiveBlog<'a> {
    coverage_start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage_end_time: Option<String>,
    /// Newest first, as the page shows them.
    live_blog_update: Vec<BlogPosting<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BlogPosting<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    date_published: String,
    author: Vec<Person<'a>>,
    article_body: &'a str,
    url: String,
}

impl<'a> LiveBlog<'a> {
    fn new(site: &'a Site, p: &'a Page, live: &'a Live, canonical: &str) -> Self {
        let c = &live.coverage;
        let bylines = || {
            p.authors
                .iter()
                .map(|&a| Person::new(site, &site.authors[a]))
        };
        let update = |u: &'a Update| BlogPosting {
            kind: "BlogPosting",
            headline: &u.title,
            date_published: iso(&u.time),
            // An update names its writer, else it is the article's bylines'.
            author: match u.author.as_deref() {
                Some(name) => vec![match super::live::author(site, name) {
                    Some(a) => Person::new(site, a),
                    None => Person {
                        kind: "Person",
                        name,
                        url: None,
                    },
                }],
                None => bylines().collect(),
            },
            article_body: &u.text,
            url: format!("{canonical}#{}", u.id),
        };
        LiveBlog {
            coverage_start_time: iso(&c.start),
            coverage_end_time: c.end.as_ref().map(iso),
            live_blog_update: live.updates.iter().map(update).collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VideoObject<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    content_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_url: Option<String>,
    upload_date: String,
}

/// The absolute URL of a picture in structured data: its 16:9 crop when
/// dateline processed it (a page bundle's `src` is relative to the page),
/// else the picture as written.
fn picture_url(site: &Site, i: &Image) -> String {
    super::meta::social_picture(site, i).0
}

/// A `VideoObject` for each `video` component of the body, its arguments
/// checked when the content was read. Google requires a thumbnail and an
/// upload date: without a `poster` or `upload_date` the article's picture
/// and date stand in.
fn videos<'a>(site: &Site, p: &'a Page) -> Vec<VideoObject<'a>> {
    let called = |c: &&Component| c.name == "video";
    p.shown_components()
        .filter(called)
        .filter_map(|c| {
            Some(VideoObject {
                kind: "VideoObject",
                content_url: absolute(site, c.str_arg("src")?),
                duration: c.arg("duration").and_then(seconds).map(iso_duration),
                name: c.str_arg("title")?,
                thumbnail_url: match c.str_arg("poster") {
                    Some(poster) => Some(absolute(site, poster)),
                    None => p.image.as_ref().map(|i| picture_url(site, i)),
                },
                upload_date: c
                    .str_arg("upload_date")
                    .map_or_else(|| iso(&p.date), str::to_string),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct SeriesRef<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

impl<'a> SeriesRef<'a> {
    fn new(site: &Site, s: &'a Series) -> Self {
        SeriesRef {
            kind: "CreativeWorkSeries",
            name: &s.name,
            url: site.permalink(&series_path(s)),
        }
    }
}

#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Sponsor<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    /// The author page; none for a writer without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> Person<'a> {
    fn new(site: &Site, a: &'a Author) -> Self {
        Person {
            kind: "Person",
            name: &a.name,
            url: Some(site.permalink(&author_path(a))),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Correction<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    date_published: String,
    text: &'a str,
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<ImageObject<'a>>,
    name: &'a str,
    url: &'a str,
}

impl<'a> Organization<'a> {
    fn new(site: &'a Site) -> Self {
        let p = &site.config.publisher;
        Organization {
            kind: "Organization",
            logo: p
                .logo
                .as_ref()
                .map(|logo| ImageObject::logo(absolute(site, logo))),
            name: &p.name,
            url: site.config.base_url.as_str(),
        }
    }
}

/// A picture with what search engines show about its credit and licence.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImageObject<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    acquire_license_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    /// The same URL as `url`: Google reads licence details only with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright_notice: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

/// An article's `image`: Google's three crops (16:9, 4:3, 1:1) of a
/// processed picture, else the picture as it is.
#[derive(Serialize)]
#[serde(untagged)]
enum Images<'a> {
    One(ImageObject<'a>),
    Crops(Vec<ImageObject<'a>>),
}

impl<'a> Images<'a> {
    fn new(site: &Site, i: &'a Image) -> Self {
        let picture = site.images.image(i);
        let crops = picture.and_then(|p| p.raster.as_ref()).map(|r| &r.crops);
        match crops {
            Some(crops) if !crops.is_empty() => Images::Crops(
                crops
                    .iter()
                    .map(|c| {
                        let url = site.permalink(&c.rel_path);
                        ImageObject {
                            url: url.clone(),
                            content_url: Some(url),
                            width: Some(c.width),
                            height: Some(c.height),
                            ..ImageObject::new(site, i)
                        }
                    })
                    .collect(),
            ),
            _ => Images::One(ImageObject {
                width: picture.and_then(|p| p.width),
                height: picture.and_then(|p| p.height),
                ..ImageObject::new(site, i)
            }),
        }
    }
}

impl<'a> ImageObject<'a> {
    fn new(site: &Site, i: &'a Image) -> Self {
        let url = absolute(site, &i.src);
        ImageObject {
            acquire_license_page: i.acquire_license_page.as_deref(),
            caption: i.caption.as_deref(),
            content_url: Some(url.clone()),
            copyright_notice: i.copyright.as_deref(),
            credit_text: i.credit.as_deref(),
            license: i.license.as_deref(),
            ..Self::logo(url)
        }
    }

    /// An image known by its URL alone.
    fn logo(url: String) -> Self {
        ImageObject {
            kind: "ImageObject",
            acquire_license_page: None,
            caption: None,
            content_url: None,
            copyright_notice: None,
            credit_text: None,
            license: None,
            url,
            width: None,
            height: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

/// `NewsArticle` and `BreadcrumbList` for an article page.
pub(crate) fn article(site: &Site, p: &Page, canonical: &str) -> Vec<String> {
    let series = p
        .series
        .map(|place| (&site.series[place.series], place.index));
    let doc = NewsArticle {
        context: SCHEMA,
        kind: match (&p.live, &p.house.label) {
            (Some(_), _) => "LiveBlogPosting",
            (None, Some(l)) => &l.schema_type,
            (None, None) => "NewsArticle",
        },
        article_section: p.category.map(|c| site.categories[c].name.as_str()),
        dateline: p.house.dateline.as_deref(),
        location_created: p.house.location.as_deref().map(|name| Place {
            kind: "Place",
            name,
        }),
        sponsor: p.house.sponsor.as_deref().map(|name| Sponsor {
            kind: "Organization",
            name,
        }),
        author: p
            .authors
            .iter()
            .map(|&a| Person::new(site, &site.authors[a]))
            .collect(),
        correction: p
            .publishing
            .corrections
            .iter()
            .map(|c| Correction {
                kind: "CorrectionComment",
                date_published: iso(&c.date),
                text: &c.text,
            })
            .collect(),
        date_modified: iso(modified(p)),
        date_published: iso(&p.date),
        description: &p.summary,
        headline: &p.title,
        image: p.image.as_ref().map(|img| Images::new(site, img)),
        in_language: &site.config.language,
        is_part_of: series.map(|(s, _)| SeriesRef::new(site, s)),
        position: series.map(|(s, k)| s.parts[k]),
        keywords: p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
        main_entity_of_page: WebPage {
            id: canonical,
            kind: "WebPage",
        },
        publisher: Organization::new(site),
        url: canonical,
        video: videos(site, p),
        live: p
            .live
            .as_ref()
            .map(|l| LiveBlog::new(site, p, l, canonical)),
    };
    vec![
        script_json(&doc),
        script_json(&breadcrumbs(site, p, canonical)),
    ]
}

fn breadcrumbs<'a>(site: &'a Site, p: &'a Page, canonical: &str) -> BreadcrumbList<'a> {
    let mut items = vec![(site.config.title.as_str(), site.config.base_url.to_string())];
    if let Some(c) = p.category {
        let t = &site.categories[c];
        items.push((&t.name, site.permalink(&category_path(t))));
    }
    items.push((&p.title, canonical.to_string()));
    BreadcrumbList {
        context: SCHEMA,
        kind: "BreadcrumbList",
        item_list_element: items
            .into_iter()
            .enumerate()
            .map(|(i, (name, item))| ListItem {
                kind: "ListItem",
                item,
                name,
                position: i + 1,
            })
            .collect(),
    }
}

/// `ProfilePage` with the `Person` for an author page.
pub(crate) fn profile(site: &Site, a: &Author) -> Vec<String> {
    let mut p = to_json(&Person::new(site, a));
    if let Some(role) = &a.role {
        p["jobTitle"] = json!(role);
    }
    if let Some(img) = &a.image {
        p["image"] = to_json(&ImageObject::new(site, img));
    }
    if !a.links.is_empty() {
        p["sameAs"] = json!(a.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>());
    }
    let doc = json!({ "@context": SCHEMA, "@type": "ProfilePage", "mainEntity": p });
    vec![script_json(&doc)]
}

/// A `CollectionPage` for a section's or tag's page: its name,
/// description and the articles it lists.
pub(crate) fn collection(
    site: &Site,
    m: &PageMeta,
    name: &str,
    shown: impl Iterator<Item = usize>,
) -> Vec<String> {
    let items: Vec<Json> = shown
        .enumerate()
        .map(|(k, i)| {
            let p = &site.articles[i];
            json!({ "@type": "ListItem", "name": p.title, "position": k + 1, "url": site.permalink(&p.path) })
        })
        .collect();
    let doc = json!({
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "description": m.description,
        "inLanguage": site.config.language,
        "mainEntity": { "@type": "ItemList", "itemListElement": items },
        "name": name,
        "publisher": Organization::new(site),
        "url": m.canonical,
    });
    vec![script_json(&doc)]
}

/// `CollectionPage` for a series page: the series, and an `ItemList` of
/// the parts the page shows (`positions` in the series' lists).
pub(crate) fn series(
    site: &Site,
    s: &Series,
    positions: std::ops::Range<usize>,
    m: &PageMeta,
) -> Vec<String> {
    let parts: Vec<Json> = positions
        .map(|k| {
            let p = &site.articles[s.articles[k]];
            let url = site.permalink(&p.path);
            json!({ "@type": "ListItem", "name": p.title, "position": s.parts[k], "url": url })
        })
        .collect();
    let doc = json!({
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "about": SeriesRef::new(site, s),
        "description": m.description,
        "inLanguage": site.config.language,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": parts,
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "numberOfItems": s.articles.len(),
        },
        "name": s.name,
        "publisher": Organization::new(site),
        "url": m.canonical,
    });
    vec![script_json(&doc)]
}

/// `WebSite` and the publisher's `Organization` for the home page.
pub(crate) fn home(site: &Site) -> Vec<String> {
    let c = &site.config;
    let website = json!({
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": c.title,
        "url": c.base_url.as_str(),
        "inLanguage": c.language,
        "publisher": Organization::new(site),
    });
    let mut org = to_json(&Organization::new(site));
    org["@context"] = json!(SCHEMA);
    vec![script_json(&website), script_json(&org)]
}

fn to_json(value: &impl Serialize) -> Json {
    serde_json::to_value(value).unwrap_or_default()
}

/// JSON for inside `<script>`: `<`, `>` and `&` as `\u` escapes, which JSON
/// parsers read back unchanged but HTML cannot mistake for markup.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let b = text.as_bytes();
    // Most documents hold none of these: find them at vector speed.
    let line_ends = || {
        let seps = ["\u{2028}", "\u{2029}"];
        seps.iter()
            .any(|s| memchr::memmem::find(b, s.as_bytes()).is_some())
    };
    if memchr::memchr3(b'<', b'>', b'&', b).is_none() && !line_ends() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            // U+2028 and U+2029 (E2 80 A8, E2 80 A9) end a line in JavaScript.
            0xe2 if text[i..].starts_with('\u{2028}') => "\\u2028",
            0xe2 if text[i..].starts_with('\u{2029}') => "\\u2029",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(escape);
        copied = i + text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let v = json!({ "headline": "</script><script>alert(1)</script> \"q\" & more \u{2028}é\u{2029}" });
        let s = script_json(&v);
        assert!(!s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
        let back: Json = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn script_json_escapes_a_lone_line_separator_and_keeps_plain_text() {
        for (text, escaped) in [("a\u{2028}b", "a\\u2028b"), ("a\u{2029}b", "a\\u2029b")] {
            let v = json!({ "headline": text });
            assert_eq!(script_json(&v), format!("{{\"headline\":\"{escaped}\"}}"));
        }
        let plain = json!({ "headline": "Reykjavík’s “budget” vote" });
        assert_eq!(script_json(&plain), serde_json::to_string(&plain).unwrap());
    }
}
