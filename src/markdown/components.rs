//! Markdown components, Zola's shortcodes: a line `{{ name(key="value") }}`
//! or a block `{% name(key="value") %}` … Markdown … `{% end %}`, drawn by
//! the template `components/<name>.html` when the page is drawn.
//!
//! Before pulldown-cmark reads the body, each component line becomes an
//! HTML comment holding a NUL marker (`<!--\0component:3\0-->`), one line
//! for one line so every other line keeps its place in messages. A comment
//! interrupts a paragraph, a list or a quote, so a component never ends up
//! inside a `<p>`; lines inside fenced code are left alone. A block's body
//! stays in the document between its two markers, so its links, footnotes
//! and headings work as anywhere else, and is cut out once converted.

use std::ops::Range;

use serde::Serialize;

use super::Source;
use crate::error::{Diagnostic, Location};

/// An argument's value, as the call writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// [`Component::args`] as the build cache keeps them: `Arg` serializes
/// untagged, for templates, which a format without type marks (postcard)
/// cannot read back.
mod tagged {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Arg;

    #[derive(Serialize, Deserialize)]
    enum Tagged {
        Str(String),
        Int(i64),
        Float(f64),
        Bool(bool),
    }

    pub(super) fn serialize<S: Serializer>(
        args: &[(String, Arg)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let tagged = args.iter().map(|(k, v)| {
            let v = match v.clone() {
                Arg::Str(x) => Tagged::Str(x),
                Arg::Int(x) => Tagged::Int(x),
                Arg::Float(x) => Tagged::Float(x),
                Arg::Bool(x) => Tagged::Bool(x),
            };
            (k, v)
        });
        s.collect_seq(tagged)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(String, Arg)>, D::Error> {
        let tagged = Vec::<(String, Tagged)>::deserialize(d)?;
        let args = tagged.into_iter().map(|(k, v)| {
            let v = match v {
                Tagged::Str(x) => Arg::Str(x),
                Tagged::Int(x) => Arg::Int(x),
                Tagged::Float(x) => Arg::Float(x),
                Tagged::Bool(x) => Arg::Bool(x),
            };
            (k, v)
        });
        Ok(args.collect())
    }
}

impl Arg {
    fn kind(&self) -> &'static str {
        match self {
            Arg::Str(_) => "a string",
            Arg::Int(_) => "an integer",
            Arg::Float(_) => "a float",
            Arg::Bool(_) => "a boolean",
        }
    }
}

/// One component of a body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Component {
    pub(crate) name: String,
    /// In the order written; no key twice.
    #[serde(with = "tagged")]
    pub(crate) args: Vec<(String, Arg)>,
    /// A block's body as HTML, with the markers of its links, boxes and
    /// inline components.
    pub(crate) body: Option<String>,
    /// Where its name is written, for "unknown component".
    pub(crate) at: Location,
}

impl Component {
    /// The string argument `key`, if the call gives it.
    pub(crate) fn str_arg(&self, key: &str) -> Option<&str> {
        match self.args.iter().find(|(k, _)| k == key) {
            Some((_, Arg::Str(s))) => Some(s),
            _ => None,
        }
    }

    /// The argument `key`, if the call gives it.
    pub(crate) fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// What an argument of a built-in must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    /// A string checked as a link (`crate::paths::check_link`); a path in
    /// the site gets the site's root path when drawn.
    Url,
    /// A YouTube video's id: 11 characters of `A-Z`, `a-z`, `0-9`, `_`, `-`.
    YoutubeId,
    /// A Vimeo video's id: digits.
    VimeoId,
    /// A whole number of seconds, not negative.
    Seconds,
    /// A length of time: seconds (a number or a string), `mm:ss` or `h:mm:ss`.
    Duration,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// An absolute `https` URL on one of these hosts (`www.` allowed), or
    /// on any host when the list is empty.
    Https(&'static [&'static str]),
    /// A media file: a path from the site's root (`/media/clip.mp4`) or an
    /// `https` URL, so feeds and JSON-LD get an absolute URL and an https
    /// page loads no insecure media.
    Media,
}

/// One declared argument of a built-in.
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
}

/// A component the default theme draws, with its declared arguments.
pub(crate) struct Builtin {
    pub(crate) name: &'static str,
    pub(crate) has_body: bool,
    pub(crate) params: &'static [Param],
}

const fn p(name: &'static str, kind: Kind, required: bool) -> Param {
    Param {
        name,
        kind,
        required,
    }
}

/// A social network's post, quoted as a card: the same arguments for each,
/// its `url` on one of the hosts (any host when none: Mastodon has many).
macro_rules! social {
    ($name:literal, [$($host:literal),*]) => {
        Builtin {
            name: $name,
            has_body: false,
            params: &[
                p("url", Kind::Https(&[$($host),*]), true),
                p("author", Kind::Str, true),
                p("handle", Kind::Str, false),
                p("date", Kind::Str, false),
                p("text", Kind::Str, true),
            ],
        }
    };
}

/// The built-ins; a site's template may draw one differently, but its
/// arguments stay these, since feeds and summaries rely on them.
pub(crate) const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "factbox",
        has_body: true,
        params: &[p("title", Kind::Str, true)],
    },
    Builtin {
        name: "gallery",
        has_body: true,
        params: &[p("title", Kind::Str, false)],
    },
    Builtin {
        name: "figure",
        has_body: false,
        params: &[
            p("src", Kind::Url, true),
            p("alt", Kind::Str, true),
            p("caption", Kind::Str, false),
            p("credit", Kind::Str, false),
        ],
    },
    Builtin {
        name: "pullquote",
        has_body: false,
        params: &[p("text", Kind::Str, true), p("cite", Kind::Str, false)],
    },
    Builtin {
        name: "youtube",
        has_body: false,
        params: &[
            p("id", Kind::YoutubeId, true),
            p("title", Kind::Str, true),
            p("start", Kind::Seconds, false),
        ],
    },
    Builtin {
        name: "vimeo",
        has_body: false,
        params: &[p("id", Kind::VimeoId, true), p("title", Kind::Str, true)],
    },
    Builtin {
        name: "video",
        has_body: false,
        params: &[
            p("src", Kind::Media, true),
            p("poster", Kind::Media, false),
            p("title", Kind::Str, true),
            p("duration", Kind::Duration, false),
            p("upload_date", Kind::Date, false),
        ],
    },
    social!("x", ["x.com", "twitter.com"]),
    social!("bluesky", ["bsky.app"]),
    social!("mastodon", []),
    social!("instagram", ["instagram.com"]),
];

/// The built-in called `name`, if it is one.
pub(crate) fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// How a drawn component's marker starts, inside its NULs.
pub(crate) const MARKER: &str = "component:";

/// The marker standing for component `n` in the converted HTML.
pub(crate) fn marker(n: usize) -> String {
    format!("\0{MARKER}{n}\0")
}

/// A body with its component lines replaced, and what they held.
pub(crate) struct Scan {
    /// The Markdown to convert, as many lines as the source.
    pub(crate) body: String,
    pub(crate) components: Vec<Component>,
    pub(crate) errors: Vec<Diagnostic>,
}

/// Finds the component lines of `source`; `None` when there are none, so
/// the many bodies without one cost a search for `{` and nothing more.
pub(crate) fn scan(source: &Source<'_>) -> Option<Scan> {
    let text = source.body;
    if !text.contains("{{") && !text.contains("{%") {
        return None;
    }
    let mut s = Scanner {
        source,
        out: Scan {
            body: String::with_capacity(text.len() + 64),
            components: Vec::new(),
            errors: Vec::new(),
        },
        open: None,
        fence: None,
        comment: false,
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        s.line(start, line);
        start += line.len();
    }
    if let Some(open) = s.open.take() {
        let message = "this block is never closed: end it with a line `{% end %}`";
        s.error(open.at, message.to_string());
    }
    let found = !s.out.components.is_empty() || !s.out.errors.is_empty();
    found.then_some(s.out)
}

/// An open `{% %}` block: where it starts, and its component (`None` when
/// the call had errors).
struct Open {
    at: usize,
    n: Option<usize>,
}

/// Names the drawing gives every component template.
const RESERVED: [&str; 3] = ["body", "feed", "site"];

struct Scanner<'s, 'a> {
    source: &'s Source<'a>,
    out: Scan,
    open: Option<Open>,
    /// The open code fence's character and length.
    fence: Option<(u8, usize)>,
    /// Inside an HTML comment an editor wrote (`<!--` without its `-->`
    /// yet): a component there is hidden, not drawn.
    comment: bool,
}

impl Scanner<'_, '_> {
    fn error(&mut self, offset: usize, message: String) {
        let at = self.source.location(offset);
        self.out.errors.push(Diagnostic::error(at, message));
    }

    /// Copies one line (with its newline), or its replacement.
    fn line(&mut self, start: usize, line: &str) {
        let content = line.trim_end_matches(['\n', '\r']);
        let newline = &line[content.len()..];
        // Inside a comment only its end matters: a fence there is no fence.
        let hidden = match self.comment {
            true => self.in_comment(content),
            false => self.in_code(content) || self.in_comment(content),
        };
        if hidden {
            self.out.body.push_str(line);
            return;
        }
        let indent = content.len() - content.trim_start_matches(' ').len();
        let t = content[indent..].trim_end();
        let at = start + indent;
        // Only a line of its own at the left margin: an indented one would
        // lose its list item or become code.
        let replacement = if indent > 0 {
            None
        } else if t.len() >= 4 && t.starts_with("{{") && t.ends_with("}}") {
            Some(self.inline(at, &t[2..t.len() - 2]))
        } else if t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}") {
            Some(self.block(at, &t[2..t.len() - 2]))
        } else {
            None
        };
        match replacement {
            Some(r) => {
                self.out.body.push_str(&r);
                self.out.body.push_str(newline);
            }
            None => {
                self.misplaced(at, t);
                if indent == 0 {
                    self.unfinished(at, t);
                }
                self.out.body.push_str(line);
            }
        }
    }

    /// Whether `line` is in an HTML comment block: one that starts a line
    /// (indented at most three spaces, as CommonMark has it) and lasts to the
    /// line that closes it, which is inside too. A `<!--` within a line of
    /// text, a code span or a component's arguments opens nothing.
    fn in_comment(&mut self, line: &str) -> bool {
        if self.comment {
            self.comment = !line.contains("-->");
            return true;
        }
        let t = line.trim_start_matches(' ');
        let opens = line.len() - t.len() <= 3 && t.starts_with("<!--");
        self.comment = opens && !t[4..].contains("-->");
        opens
    }

    /// A warning for what looks like a component inside a list item or a
    /// quote, which is published as text.
    fn misplaced(&mut self, at: usize, t: &str) {
        let bare = t.trim_start_matches(['>', '-', '*', '+', ' ']);
        let bare = bare
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')', ' ']);
        if (bare.starts_with("{{") && bare.ends_with("}}"))
            || (bare.starts_with("{%") && bare.ends_with("%}"))
        {
            let m = "a component must stand on a line of its own at the left margin, outside lists and quotes; this one is published as text";
            self.out
                .errors
                .push(Diagnostic::warning(self.source.location(at), m));
        }
    }

    /// A warning for a line that opens a component but does not close it
    /// on the same line (a call over several lines, or text after it),
    /// which is published as text.
    fn unfinished(&mut self, at: usize, t: &str) {
        let open = (t.starts_with("{{") && !t.ends_with("}}"))
            || (t.starts_with("{%") && !t.ends_with("%}"));
        if open
            && t[2..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let m = "a component must stand alone on one line, from `{{` to `}}` (or `{%` to `%}`); this one is published as text";
            self.out
                .errors
                .push(Diagnostic::warning(self.source.location(at), m));
        }
    }

    /// Whether `line` is inside fenced code or opens or closes a fence.
    fn in_code(&mut self, line: &str) -> bool {
        let t = line.trim_start_matches(' ');
        let indent = line.len() - t.len();
        let c = t.bytes().next().unwrap_or(b' ');
        let run = t.bytes().take_while(|&b| b == c).count();
        let is_fence = indent <= 3 && (c == b'`' || c == b'~') && run >= 3;
        match self.fence {
            Some((f, len)) => {
                if is_fence && c == f && run >= len && t[run..].trim().is_empty() {
                    self.fence = None;
                }
                true
            }
            None if is_fence && !(c == b'`' && t[run..].contains('`')) => {
                self.fence = Some((c, run));
                true
            }
            None => false,
        }
    }

    /// `{{ call }}`: the comment standing for it, or a blank line.
    fn inline(&mut self, at: usize, inner: &str) -> String {
        match self.component(at, inner, false) {
            Some(n) => format!("<!--{}-->", marker(n)),
            None => String::new(),
        }
    }

    /// `{% call %}` or `{% end %}`.
    fn block(&mut self, at: usize, inner: &str) -> String {
        if inner.trim() == "end" {
            return match self.open.take() {
                Some(Open { n: Some(n), .. }) => format!("<!--\0close:{n}\0-->"),
                Some(Open { n: None, .. }) => String::new(),
                None => {
                    self.error(at, "`{% end %}` closes no block".to_string());
                    String::new()
                }
            };
        }
        if let Some(open) = &self.open {
            let message = "blocks cannot be nested: end the block opened on line {} first";
            let line = self.source.location(open.at).line;
            self.error(at, message.replace("{}", &line.to_string()));
            return String::new();
        }
        let n = self.component(at, inner, true);
        self.open = Some(Open { at, n });
        match n {
            Some(n) => format!("<!--\0open:{n}\0-->"),
            None => String::new(),
        }
    }

    /// Parses and checks a call; its number, unless it has errors.
    fn component(&mut self, at: usize, inner: &str, has_body: bool) -> Option<usize> {
        // Offsets in `inner` are from after the two-character opening.
        let base = at + 2;
        let call = match parse_call(inner) {
            Ok(call) => call,
            Err((offset, message)) => {
                self.error(base + offset, message);
                return None;
            }
        };
        let before = self.out.errors.len();
        // A template sees these as the component's body, the feed flag and the site.
        for arg in call
            .args
            .iter()
            .filter(|a| RESERVED.contains(&a.key.as_str()))
        {
            let message = format!(
                "`{}` is not an argument name a component may take: templates give it its own meaning",
                arg.key
            );
            self.error(base + arg.at.start, message);
        }
        if let Some(b) = builtin(&call.name) {
            self.check(b, &call, at, base, has_body);
        }
        if self.out.errors.len() > before {
            return None;
        }
        self.out.components.push(Component {
            name: call.name,
            args: call.args.into_iter().map(|a| (a.key, a.value)).collect(),
            body: None,
            at: self.source.location(base + call.name_at.start),
        });
        Some(self.out.components.len() - 1)
    }

    /// A built-in's call against its declaration.
    fn check(&mut self, b: &Builtin, call: &Call, at: usize, base: usize, has_body: bool) {
        let name = b.name;
        if b.has_body != has_body {
            let message = match b.has_body {
                true => format!(
                    "`{name}` takes a body: write `{{% {name}(…) %}}`, the body, then `{{% end %}}`"
                ),
                false => format!(
                    "`{name}` takes no body: write `{{{{ {name}(…) }}}}` on a line of its own"
                ),
            };
            self.error(at, message);
        }
        for arg in &call.args {
            let Some(param) = b.params.iter().find(|p| p.name == arg.key) else {
                let known = b.params.iter().map(|p| p.name);
                let hint = crate::suggest::nearest(&arg.key, known, 0.7)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let message = format!("`{name}` has no argument `{}`{hint}", arg.key);
                self.error(base + arg.at.start, message);
                continue;
            };
            self.check_value(name, param, arg, base);
        }
        for param in b.params.iter().filter(|p| p.required) {
            if !call.args.iter().any(|a| a.key == param.name) {
                let message = format!("`{name}` needs the argument `{}`", param.name);
                self.error(at, message);
            }
        }
    }

    fn check_value(&mut self, name: &str, param: &Param, arg: &CallArg, base: usize) {
        if let Err(m) = check_kind(param.kind, &arg.value) {
            let message = format!("`{}` of `{name}` {m}", param.name);
            self.error(base + arg.value_at.start, message);
        }
    }
}

/// Whether `value` is what `kind` asks for; the reason it is not, as the
/// end of a sentence starting with the argument's name.
fn check_kind(kind: Kind, value: &Arg) -> Result<(), String> {
    let bad = |what: &str| Err(format!("must be {what}"));
    match (kind, value) {
        (Kind::Seconds, Arg::Int(n)) if *n >= 0 => Ok(()),
        (Kind::Seconds, _) => bad("a whole number of seconds, not negative, as in `start=90`"),
        (Kind::Duration, v) if seconds(v).is_some() => Ok(()),
        (Kind::Duration, _) => bad("a length in seconds (`150`) or as `mm:ss` (`\"2:30\"`)"),
        (_, Arg::Str(s)) => check_str(kind, s),
        (_, v) => bad(&format!("a string, not {}", v.kind())),
    }
}

fn check_str(kind: Kind, s: &str) -> Result<(), String> {
    let bad = |what: &str| Err(format!("must be {what}, not `{}`", s.escape_debug()));
    match kind {
        Kind::Str | Kind::Seconds | Kind::Duration => Ok(()),
        Kind::Url => crate::paths::check_link(s).map_err(|m| format!("is a bad URL: {m}")),
        Kind::YoutubeId if s.len() == 11 && s.bytes().all(is_id_byte) => Ok(()),
        Kind::YoutubeId => bad("a YouTube id: 11 letters, digits, `_` or `-`"),
        Kind::VimeoId
            if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(())
        }
        Kind::VimeoId => bad("a Vimeo id: digits"),
        Kind::Date if is_date(s) => Ok(()),
        Kind::Date => bad("a date written `YYYY-MM-DD`"),
        Kind::Https(hosts) => check_https(s, hosts),
        Kind::Media if s.starts_with('/') && !s.starts_with("//") => {
            crate::paths::check_link(s).map_err(|m| format!("is a bad URL: {m}"))
        }
        Kind::Media => check_https(s, &[]).map_err(|_| {
            "must be a path from the site's root (`/media/clip.mp4`) or an https URL".to_string()
        }),
    }
}

fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `YYYY-MM-DD`, and a day the calendar has.
fn is_date(s: &str) -> bool {
    let shape = s.len() == 10
        && s.bytes()
            .enumerate()
            .all(|(i, b)| matches!(i, 4 | 7) == (b == b'-') && (b == b'-' || b.is_ascii_digit()));
    shape && s.parse::<jiff::civil::Date>().is_ok()
}

/// An absolute `https` URL, on one of `hosts` (or `www.` and one of them)
/// unless `hosts` is empty.
fn check_https(s: &str, hosts: &[&str]) -> Result<(), String> {
    crate::paths::check_link(s).map_err(|m| format!("is a bad URL: {m}"))?;
    let url = url::Url::parse(s)
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()));
    let Some(url) = url else {
        return Err(format!("must be an absolute https URL, not `{s}`"));
    };
    let host = url.host_str().unwrap_or_default();
    let bare = host.strip_prefix("www.").unwrap_or(host);
    if hosts.is_empty() || hosts.contains(&bare) {
        return Ok(());
    }
    Err(format!(
        "must be a URL on {}, not on `{host}`",
        hosts
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    ))
}

/// A duration in seconds: a number, or a string of seconds, `mm:ss` or
/// `h:mm:ss`.
pub(crate) fn seconds(value: &Arg) -> Option<u64> {
    match value {
        Arg::Int(n) => u64::try_from(*n).ok(),
        Arg::Str(s) => {
            let parts: Vec<&str> = s.split(':').collect();
            let digits =
                |p: &&str| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit());
            if parts.len() > 3 || !parts.iter().all(digits) {
                return None;
            }
            // After the first, each part is under 60: `1:75` is a slip.
            let n: Vec<u64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
            if n.iter().skip(1).any(|&x| x >= 60) {
                return None;
            }
            Some(n.iter().fold(0, |total, x| total * 60 + x))
        }
        _ => None,
    }
}

/// A duration in ISO 8601, as schema.org wants it: `PT2M30S`.
pub(crate) fn iso_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// A call as written: `name(key=value, …)`.
#[derive(Debug)]
struct Call {
    name: String,
    name_at: Range<usize>,
    args: Vec<CallArg>,
}

#[derive(Debug)]
struct CallArg {
    key: String,
    /// Where the key is written.
    at: Range<usize>,
    value: Arg,
    value_at: Range<usize>,
}

/// What went wrong, and where in the text parsed.
type ParseError = (usize, String);

/// Parses `name(key="value", n=2, flag=true)` (spaces around anything).
fn parse_call(text: &str) -> Result<Call, ParseError> {
    let mut p = Cursor { text, at: 0 };
    p.spaces();
    let name_at = p.ident().ok_or_else(|| {
        let message = "expected a component's name, as in `{{ pullquote(text=\"…\") }}`";
        (p.at, message.to_string())
    })?;
    p.spaces();
    p.expect('(')?;
    let mut args: Vec<CallArg> = Vec::new();
    loop {
        p.spaces();
        if p.eat(')') {
            break;
        }
        let arg = p.arg()?;
        if args.iter().any(|a| a.key == arg.key) {
            return Err((
                arg.at.start,
                format!("the argument `{}` is given twice", arg.key),
            ));
        }
        args.push(arg);
        p.spaces();
        if p.eat(')') {
            break;
        }
        p.expect(',')?;
    }
    p.spaces();
    if p.at < text.len() {
        return Err((p.at, "unexpected text after the call's `)`".to_string()));
    }
    Ok(Call {
        name: text[name_at.clone()].to_string(),
        name_at,
        args,
    })
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        self.at = self.text.len() - self.rest().trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.rest().starts_with(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        match self.eat(c) {
            true => Ok(()),
            false => Err((self.at, format!("expected `{c}`"))),
        }
    }

    /// A name: a letter or `_`, then letters, digits and `_`.
    fn ident(&mut self) -> Option<Range<usize>> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let start = self.at;
        self.at += len;
        Some(start..self.at)
    }

    fn arg(&mut self) -> Result<CallArg, ParseError> {
        let at = self
            .ident()
            .ok_or_else(|| (self.at, "expected an argument's name".to_string()))?;
        self.spaces();
        self.expect('=')?;
        self.spaces();
        let start = self.at;
        let value = self.value()?;
        Ok(CallArg {
            key: self.text[at.clone()].to_string(),
            at,
            value,
            value_at: start..self.at,
        })
    }

    /// A string in double or single quotes (`\` escapes the next
    /// character), an integer, a float, `true` or `false`.
    fn value(&mut self) -> Result<Arg, ParseError> {
        let start = self.at;
        if let Some(q) = self
            .rest()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
        {
            self.at += 1;
            let mut s = String::new();
            let mut chars = self.rest().char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, e)) => s.push(e),
                        None => break,
                    },
                    c if c == q => {
                        self.at += i + 1;
                        return Ok(Arg::Str(s));
                    }
                    c => s.push(c),
                }
            }
            return Err((start, format!("this string has no closing `{q}`")));
        }
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Some(Arg::Bool(true)),
            "false" => Some(Arg::Bool(false)),
            _ if word.contains(['.', 'e', 'E']) => word
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Arg::Float),
            _ => word.parse().ok().map(Arg::Int),
        };
        self.at += len;
        value.ok_or_else(|| {
            let message = "expected a value: a string in quotes, a number, `true` or `false`";
            (start, message.to_string())
        })
    }
}

/// The converted HTML with each block's body cut out into its component
/// (`components[n].body`) and its two markers made one drawn marker.
pub(crate) fn cut_bodies(html: &str, components: &mut [Component]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<!--\0open:") {
        let after = &rest[open + "<!--\0open:".len()..];
        let Some(end) = after.find("\0-->") else {
            break;
        };
        let n: usize = after[..end].parse().unwrap_or(usize::MAX);
        let close_tag = format!("<!--\0close:{n}\0-->");
        let body_start = &after[end + "\0-->".len()..];
        let Some(close) = body_start.find(&close_tag) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&marker(n));
        if let Some(c) = components.get_mut(n) {
            c.body = Some(body_start[..close].trim_start_matches('\n').to_string());
        }
        rest = &body_start[close + close_tag.len()..];
    }
    out.push_str(rest);
    // Inline components: the comment around the marker goes.
    out.replace("<!--\0", "\0").replace("\0-->", "\0")
}

/// A warning at each gallery holding no picture: it would publish an
/// empty region the keyboard still stops at.
pub(crate) fn empty_galleries(components: &[Component], errors: &mut Vec<Diagnostic>) {
    let picture = format!("\0{MARKER}");
    for c in components.iter().filter(|c| c.name == "gallery") {
        if !c.body.as_deref().unwrap_or_default().contains(&picture) {
            let m = "this gallery holds no picture: write its pictures inside it as Markdown images, one per line (`![alt](/images/x.jpg \"caption | credit\")`)";
            errors.push(Diagnostic::warning(c.at.clone(), m));
        }
    }
}

/// Whether an HTML event opens (`Some(true)`) or closes a block's body.
pub(crate) fn block_edge(html: &str) -> Option<bool> {
    if html.contains("<!--\0open:") {
        Some(true)
    } else if html.contains("<!--\0close:") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_parse_every_kind_of_value() {
        let c = parse_call(r#" note(a="x \"y\"", b='z', n=-2, f=1.5, t=true ) "#).unwrap();
        assert_eq!(c.name, "note");
        let values: Vec<&Arg> = c.args.iter().map(|a| &a.value).collect();
        assert_eq!(
            values,
            [
                &Arg::Str("x \"y\"".into()),
                &Arg::Str("z".into()),
                &Arg::Int(-2),
                &Arg::Float(1.5),
                &Arg::Bool(true)
            ]
        );
        assert!(parse_call("note()").unwrap().args.is_empty());
    }

    #[test]
    fn bad_calls_say_where() {
        assert_eq!(parse_call("note(a=)").unwrap_err().0, 7);
        assert_eq!(parse_call("note(a=\"x)").unwrap_err().0, 7);
        assert_eq!(parse_call("note(a=1, a=2)").unwrap_err().0, 10);
        assert_eq!(parse_call("note(a=1) x").unwrap_err().0, 10);
        assert_eq!(parse_call("(a=1)").unwrap_err().0, 0);
    }

    #[test]
    fn embed_arguments_are_checked_strictly() {
        let s = |v: &str| Arg::Str(v.to_string());
        assert!(check_kind(Kind::YoutubeId, &s("aB3_-xYz901")).is_ok());
        for bad in ["aB3_-xYz90", "aB3_-xYz9012", "aB3_-xYz90\"", "aB3 -xYz901"] {
            assert!(check_kind(Kind::YoutubeId, &s(bad)).is_err(), "{bad}");
        }
        assert!(check_kind(Kind::VimeoId, &s("76979871")).is_ok());
        assert!(check_kind(Kind::VimeoId, &s("7697a")).is_err());
        assert!(check_kind(Kind::Seconds, &Arg::Int(0)).is_ok());
        assert!(check_kind(Kind::Seconds, &Arg::Int(-1)).is_err());
        assert!(check_kind(Kind::Seconds, &s("30")).is_err());
        assert!(check_kind(Kind::Date, &s("2025-09-04")).is_ok());
        assert!(check_kind(Kind::Date, &s("2025-02-30")).is_err());
        assert!(check_kind(Kind::Date, &s("2025-9-04")).is_err());
        let x = Kind::Https(&["x.com", "twitter.com"]);
        assert!(check_kind(x, &s("https://x.com/a/status/1")).is_ok());
        assert!(check_kind(x, &s("https://www.twitter.com/a/status/1")).is_ok());
        assert!(check_kind(x, &s("http://x.com/a")).is_err());
        assert!(check_kind(x, &s("https://evil.com/x.com")).is_err());
        assert!(check_kind(x, &s("https://notx.com/a")).is_err());
        assert!(check_kind(x, &s("/a/b")).is_err());
        assert!(check_kind(Kind::Https(&[]), &s("https://mastodon.social/@a/1")).is_ok());
    }

    #[test]
    fn durations_become_iso_8601() {
        let d = |v: Arg| seconds(&v).map(iso_duration);
        assert_eq!(d(Arg::Int(150)).as_deref(), Some("PT2M30S"));
        assert_eq!(d(Arg::Str("2:30".into())).as_deref(), Some("PT2M30S"));
        assert_eq!(d(Arg::Str("150".into())).as_deref(), Some("PT2M30S"));
        assert_eq!(d(Arg::Str("1:00:05".into())).as_deref(), Some("PT1H5S"));
        assert_eq!(d(Arg::Int(0)).as_deref(), Some("PT0S"));
        assert_eq!(d(Arg::Str("2:75".into())), None);
        assert_eq!(d(Arg::Str("2m".into())), None);
        assert_eq!(d(Arg::Int(-3)), None);
    }
}
