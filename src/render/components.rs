//! Draws the body's components through `components/<name>.html`, and
//! checks, once the templates are known, that each call names one.

use tera::{Context, Tera, Value};

use super::Templates;
use super::shared::Shared;
use super::views::asset_url;
use crate::error::Diagnostic;
use crate::markdown::components::{Component, Kind, builtin};
use crate::site::Site;

/// The template that draws the component `name`.
fn template(name: &str) -> String {
    format!("components/{name}.html")
}

/// Component `c`, with its filled `body` for a block; `feed` when drawn
/// for a feed, where a pull quote (a repeat of the story) is left out.
pub(super) fn draw(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    c: &Component,
    body: Option<String>,
    feed: bool,
) -> tera::TeraResult<String> {
    if feed && c.name == "pullquote" {
        return Ok(String::new());
    }
    let mut ctx = Context::new();
    ctx.insert_value("site", shared.site_value());
    ctx.insert("feed", &feed);
    let declared = builtin(&c.name).map_or(&[][..], |b| b.params);
    // An optional argument not given is null, so `{% if cite %}` works.
    for param in declared {
        ctx.insert_value(param.name, Value::none());
    }
    for (key, value) in &c.args {
        let url = declared
            .iter()
            .any(|p| p.name == key && matches!(p.kind, Kind::Url | Kind::Media));
        match (url, value) {
            (true, crate::markdown::components::Arg::Str(s)) => {
                ctx.insert(key.clone(), &asset_url(site, s));
            }
            _ => ctx.insert(key.clone(), value),
        }
    }
    if let Some(body) = body {
        ctx.insert("body", &body);
    }
    picture(site, c, &mut ctx);
    tera.render(&template(&c.name), &ctx)
}

/// A picture component's `pic` (its variants, null when published as it
/// is), `width` and `height` (the source's, when known).
fn picture(site: &Site, c: &Component, ctx: &mut Context) {
    if !crate::images::PICTURE_COMPONENTS.contains(&c.name.as_str()) {
        return;
    }
    let focus = crate::content::image::Focus::CENTRE;
    let picture = c
        .str_arg("src")
        .and_then(|src| site.images.get(&c.at.path, src, focus));
    let pic = picture.and_then(|p| p.raster.as_ref()?.markup.full.as_ref());
    ctx.insert("pic", &pic);
    ctx.insert("width", &picture.and_then(|p| p.width));
    ctx.insert("height", &picture.and_then(|p| p.height));
}

/// An error for each component of a published article, or of one waiting
/// for its date, that no template draws, with the nearest known name.
pub(crate) fn unknown(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let known: Vec<&str> = templates
        .names()
        .filter_map(|n| n.strip_prefix("components/")?.strip_suffix(".html"))
        .collect();
    let mut errors = Vec::new();
    let published = site.articles.iter().flat_map(|p| &p.components);
    let scheduled = site.scheduled.iter().flat_map(|s| &s.components);
    for c in published.chain(scheduled) {
        if known.contains(&c.name.as_str()) {
            continue;
        }
        let hint = crate::suggest::nearest(&c.name, known.iter().copied(), 0.7)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let message = format!(
            "unknown component `{}`: no template `templates/{}`{hint}",
            c.name,
            template(&c.name)
        );
        errors.push(Diagnostic::error(c.at.clone(), message));
    }
    errors
}
