//! What a page says about itself in its `<head>`: canonical URL,
//! description, social cards, feed links, and JSON-LD for search engines.
//!
//! JSON-LD is made here as JSON and escaped for a `<script>` element, so a
//! title holding `</script>` or quotes cannot break out of it.

use serde::Serialize;
use serde_json::{Value as Json, json};

use super::views::{asset_url, author_path, category_path};
use crate::site::{Author, Page, Site};

#[derive(Serialize)]
pub struct PageMeta {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Root-relative URL of the page.
    pub url: String,
    /// Absolute URL of the page.
    pub permalink: String,
    /// The canonical URL: the permalink, or the article's `canonical`.
    pub canonical: String,
    /// Absolute URL of the page's image for social cards.
    pub image: Option<String>,
    pub feeds: Vec<FeedLink>,
    /// JSON-LD documents, already escaped for a `<script>` element.
    pub jsonld: Vec<String>,
    pub robots: &'static str,
    pub twitter_site: Option<String>,
    /// Slug of the section the page belongs to (a section's pages and its
    /// articles), for the navigation to mark; else null.
    pub section: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
    /// `application/rss+xml` or `application/atom+xml`.
    pub mime: &'static str,
}

impl PageMeta {
    pub fn new(
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
            feeds: feed_links(site, &site.config.title, ""),
            jsonld: Vec::new(),
            robots: if kind == "404" {
                "noindex"
            } else {
                "index, follow, max-image-preview:large"
            },
            twitter_site: site.config.publisher.twitter.clone(),
            section: None,
        }
    }

    /// Adds the feeds of a category, author or tag page (`base` is its path).
    pub fn with_feeds(mut self, site: &Site, name: &str, base: &str) -> Self {
        let title = format!("{name} | {}", site.config.title);
        self.feeds.extend(feed_links(site, &title, base));
        self
    }
}

/// The RSS and Atom feeds under `base` (`""` for the site's own).
pub fn feed_links(site: &Site, title: &str, base: &str) -> Vec<FeedLink> {
    vec![
        FeedLink {
            title: format!("{title} (RSS)"),
            url: site.url(&format!("{base}rss.xml")),
            mime: "application/rss+xml",
        },
        FeedLink {
            title: format!("{title} (Atom)"),
            url: site.url(&format!("{base}atom.xml")),
            mime: "application/atom+xml",
        },
    ]
}

/// An absolute URL for a site path or URL.
pub fn absolute(site: &Site, src: &str) -> String {
    let url = asset_url(site, src);
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{}{url}", origin(&site.config.base_url))
    } else {
        url
    }
}

/// `https://example.org` (with the port, if any), without a path.
pub fn origin(base: &url::Url) -> String {
    base.origin().ascii_serialization()
}

/// JSON for inside `<script>`: `<`, `>` and `&` as `\u` escapes, which JSON
/// parsers read back unchanged but HTML cannot mistake for markup.
pub fn script_json(value: &Json) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
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

pub fn organization(site: &Site) -> Json {
    let p = &site.config.publisher;
    let mut org =
        json!({ "@type": "Organization", "name": p.name, "url": site.config.base_url.as_str() });
    if let Some(logo) = &p.logo {
        org["logo"] = json!({ "@type": "ImageObject", "url": absolute(site, logo) });
    }
    org
}

fn person(site: &Site, a: &Author) -> Json {
    json!({ "@type": "Person", "name": a.name, "url": site.permalink(&author_path(a)) })
}

/// The latest of `updated` and the corrections' dates, else the date.
pub fn modified(p: &Page) -> &jiff::ZonedDateTime {
    let corrections = p.publishing.corrections.iter().map(|c| &c.date);
    p.updated
        .iter()
        .chain(corrections)
        .max_by_key(|d| d.timestamp())
        .unwrap_or(&p.date)
}

pub fn iso(z: &jiff::ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `NewsArticle` and `BreadcrumbList` for an article page.
pub fn article_jsonld(site: &Site, p: &Page, canonical: &str) -> Vec<String> {
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": p.title,
        "description": p.summary,
        "datePublished": iso(&p.date),
        "dateModified": iso(modified(p)),
        "author": p.authors.iter().map(|&a| person(site, &site.authors[a])).collect::<Vec<_>>(),
        "publisher": organization(site),
        "mainEntityOfPage": { "@type": "WebPage", "@id": canonical },
        "url": canonical,
        "inLanguage": site.config.language,
    });
    if let Some(img) = &p.image {
        doc["image"] = json!([absolute(site, &img.src)]);
    }
    if let Some(c) = p.category {
        doc["articleSection"] = json!(site.categories[c].name);
    }
    if !p.tags.is_empty() {
        let tags: Vec<&str> = p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
        doc["keywords"] = json!(tags);
    }
    if !p.publishing.corrections.is_empty() {
        let c: Vec<Json> = p
            .publishing
            .corrections
            .iter()
            .map(|c| json!({ "@type": "CorrectionComment", "text": c.text, "datePublished": iso(&c.date) }))
            .collect();
        doc["correction"] = json!(c);
    }
    vec![
        script_json(&doc),
        script_json(&breadcrumbs(site, p, canonical)),
    ]
}

fn breadcrumbs(site: &Site, p: &Page, canonical: &str) -> Json {
    let mut items = vec![(site.config.title.clone(), site.config.base_url.to_string())];
    if let Some(c) = p.category {
        let t = &site.categories[c];
        items.push((t.name.clone(), site.permalink(&category_path(t))));
    }
    items.push((p.title.clone(), canonical.to_string()));
    let list: Vec<Json> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url }))
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": list })
}

/// `ProfilePage` with the `Person` for an author page.
pub fn profile_jsonld(site: &Site, a: &Author) -> Vec<String> {
    let mut p = person(site, a);
    if let Some(role) = &a.role {
        p["jobTitle"] = json!(role);
    }
    if let Some(img) = &a.image {
        p["image"] = json!(absolute(site, img));
    }
    if !a.links.is_empty() {
        p["sameAs"] = json!(a.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>());
    }
    let doc = json!({ "@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": p });
    vec![script_json(&doc)]
}

/// `WebSite` and the publisher's `Organization` for the home page.
pub fn home_jsonld(site: &Site) -> Vec<String> {
    let c = &site.config;
    let website = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": c.title,
        "url": c.base_url.as_str(),
        "inLanguage": c.language,
        "publisher": organization(site),
    });
    let mut org = organization(site);
    org["@context"] = json!("https://schema.org");
    vec![script_json(&website), script_json(&org)]
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
}
