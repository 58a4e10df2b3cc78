//! Where each key of a front matter is written, from the parsers' own spans
//! (toml's `DeTable`, serde-saphyr's `Spanned`): a message about a key
//! points at it however it is written, indented, dotted, quoted or nested.

use std::collections::HashMap;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::frontmatter::Format;
use crate::error::line_col;

/// The line and column of each key path (`["live", "start"]`) in the file.
#[derive(Debug, Default)]
pub(crate) struct Spans(HashMap<Vec<String>, (usize, usize)>);

impl Spans {
    /// The keys of `front_matter`, found at `offset` in `file_text`; none
    /// if it does not parse (then its parse error is the message).
    pub(crate) fn of(format: Format, file_text: &str, offset: usize, front_matter: &str) -> Spans {
        let mut spans = Spans::default();
        match format {
            Format::Toml => {
                if let Ok(table) = toml::de::DeTable::parse(front_matter) {
                    let at = |byte: usize| line_col(file_text, offset + byte);
                    spans.toml_table(&mut Vec::new(), table.get_ref(), &at);
                }
            }
            Format::Yaml => {
                if let Ok(node) = serde_saphyr::from_str::<Node>(front_matter) {
                    let at = |l: &serde_saphyr::Location| yaml_place(l, file_text, offset);
                    spans.yaml_node(&mut Vec::new(), &node, &at);
                }
            }
        }
        spans
    }

    /// Where the key at `path` is written.
    pub(crate) fn key(&self, path: &[&str]) -> Option<(usize, usize)> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        self.0.get(&path).copied()
    }

    fn toml_table(
        &mut self,
        path: &mut Vec<String>,
        table: &toml::de::DeTable<'_>,
        at: &impl Fn(usize) -> (usize, usize),
    ) {
        for (key, value) in table {
            path.push(key.get_ref().to_string());
            self.0.insert(path.clone(), at(key.span().start));
            self.toml_value(path, value.get_ref(), at);
            path.pop();
        }
    }

    fn toml_value(
        &mut self,
        path: &mut Vec<String>,
        value: &toml::de::DeValue<'_>,
        at: &impl Fn(usize) -> (usize, usize),
    ) {
        match value {
            toml::de::DeValue::Table(t) => self.toml_table(path, t, at),
            toml::de::DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.0.insert(path.clone(), at(item.span().start));
                    self.toml_value(path, item.get_ref(), at);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn yaml_node(
        &mut self,
        path: &mut Vec<String>,
        node: &Node,
        at: &impl Fn(&serde_saphyr::Location) -> (usize, usize),
    ) {
        match node {
            Node::Map(entries) => {
                for (key, value) in entries {
                    path.push(key.value.clone());
                    self.0.insert(path.clone(), at(&key.referenced));
                    self.yaml_node(path, &value.value, at);
                    path.pop();
                }
            }
            Node::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.0.insert(path.clone(), at(&item.referenced));
                    self.yaml_node(path, &item.value, at);
                    path.pop();
                }
            }
            Node::Leaf => {}
        }
    }
}

/// Where a YAML node is in the file: from its byte offset, counting lines
/// as the rest of dateline does (the parser also breaks lines at a lone
/// carriage return); else from the parser's line and column.
fn yaml_place(l: &serde_saphyr::Location, file_text: &str, offset: usize) -> (usize, usize) {
    if let Some(byte) = l.span().byte_offset().and_then(|b| usize::try_from(b).ok()) {
        return line_col(file_text, offset + byte);
    }
    let first_line = line_col(file_text, offset).0;
    let line = usize::try_from(l.line()).unwrap_or(1).max(1);
    let col = usize::try_from(l.column()).unwrap_or(1).max(1);
    (first_line + line - 1, col)
}

/// A YAML document with the place of each key and item.
enum Node {
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Leaf,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }
}

/// A YAML key as text (`2024: x` has the key "2024").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = KeyText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
        }
        d.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(format: Format, text: &str) -> Spans {
        let fence = if format == Format::Toml {
            "+++\n"
        } else {
            "---\n"
        };
        let file = format!("{fence}{text}{fence}");
        Spans::of(format, &file, fence.len(), text)
    }

    #[test]
    fn toml_keys_indented_dotted_quoted_and_in_tables() {
        let s = spans(
            Format::Toml,
            "title = \"T\"\n  date = 2025-01-01\nseries.part = 2\n\"updated\" = 2025-01-02\n[live]\n  start = 2025-01-01T10:00:00Z\n[extra]\nmood = \"calm\"\n",
        );
        assert_eq!(s.key(&["title"]), Some((2, 1)));
        assert_eq!(s.key(&["date"]), Some((3, 3)));
        assert_eq!(s.key(&["series", "part"]), Some((4, 8)));
        assert_eq!(s.key(&["updated"]), Some((5, 1)));
        assert_eq!(s.key(&["live", "start"]), Some((7, 3)));
        assert_eq!(s.key(&["extra", "mood"]), Some((9, 1)));
        assert_eq!(s.key(&["missing"]), None);
    }

    #[test]
    fn yaml_keys_nested_and_in_lists() {
        let s = spans(
            Format::Yaml,
            "title: T\nlive:\n  start: 2025-01-01T10:00:00Z\nextra:\n  mood: calm\ntags:\n  - a\n  - b\n",
        );
        assert_eq!(s.key(&["title"]), Some((2, 1)));
        assert_eq!(s.key(&["live", "start"]), Some((4, 3)));
        assert_eq!(s.key(&["extra", "mood"]), Some((6, 3)));
        assert_eq!(s.key(&["tags", "1"]), Some((9, 5)));
    }

    #[test]
    fn a_lone_carriage_return_does_not_move_yaml_keys() {
        let s = spans(
            Format::Yaml,
            "title: A\r\r\nsummary: \"a\rb\"\r\nslug: x\r\n",
        );
        assert_eq!(s.key(&["summary"]), Some((3, 1)));
        assert_eq!(s.key(&["slug"]), Some((4, 1)));
    }

    #[test]
    fn a_front_matter_that_does_not_parse_has_no_spans() {
        assert_eq!(spans(Format::Toml, "title = \n").key(&["title"]), None);
        assert_eq!(spans(Format::Yaml, "a: [\n").key(&["a"]), None);
    }
}
