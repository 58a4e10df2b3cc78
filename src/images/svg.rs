//! An SVG's size, from its root element's `width` and `height` or `viewBox`.

/// The size in CSS pixels, when the root element gives one.
pub(crate) fn size(text: &str) -> (Option<u32>, Option<u32>) {
    let Some(start) = text.find("<svg") else {
        return (None, None);
    };
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let (w, h) = (
        attr(tag, "width").and_then(pixels),
        attr(tag, "height").and_then(pixels),
    );
    if w.is_some() && h.is_some() {
        return (w, h);
    }
    let view: Vec<f64> = attr(tag, "viewBox")
        .map(|v| v.split([' ', ',']).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    match view[..] {
        [_, _, vw, vh] if vw > 0.0 && vh > 0.0 => {
            (Some(vw.round() as u32), Some(vh.round() as u32))
        }
        _ => (w, h),
    }
}

/// The value of attribute `name` in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().last();
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &value[1..];
        return Some(&value[..value.find(quote)?]);
    }
    None
}

/// `640` or `640px`; a percentage or an `em` is no size.
fn pixels(v: &str) -> Option<u32> {
    let n: f64 = v.trim().trim_end_matches("px").parse().ok()?;
    (n > 0.0).then(|| n.round() as u32)
}

#[cfg(test)]
mod tests {
    #[test]
    fn size_from_attributes_or_view_box() {
        assert_eq!(
            super::size("<svg width=\"640\" height='360px'>"),
            (Some(640), Some(360))
        );
        assert_eq!(
            super::size("<svg xmlns=\"x\" viewBox=\"0 0 1200 675\">"),
            (Some(1200), Some(675))
        );
        assert_eq!(super::size("<svg width=\"100%\">"), (None, None));
    }
}
