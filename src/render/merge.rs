//! Template maps made in one pass.
//!
//! Tera's `From<HashMap>` inserts every entry again into a new map, and a
//! shared map (a summary, say) has to be copied before fields are added to
//! it: three passes over each entry to add one field. Tera's own value
//! serializer builds a struct's map once and passes template values through
//! as shared references, so [`merged`] hands it the entries as a struct.

use serde::ser::{Error as _, Serialize, SerializeStruct, Serializer};
use tera::{Map, Value, value::Key};

/// The entries of the `maps` (values that are not maps add nothing), then
/// `fields`, as one map value; a later entry wins over an earlier one with
/// the same key, as in [`Map::extend`]. No string is copied.
pub fn merged(maps: &[&Value], fields: &[(&'static str, Value)]) -> Value {
    // Collected once: the serializer walks them twice (sizes, then entries).
    let maps: Vec<&Map> = maps.iter().filter_map(|m| m.as_map()).collect();
    Value::try_from_serializable(&Entries {
        maps: &maps,
        fields,
    })
    .unwrap_or_else(|_| by_insertion(&maps, fields))
}

/// A struct's fields can only have static names: a map with another kind of
/// key (none of dateline's own) takes the slow path.
fn by_insertion(maps: &[&Map], fields: &[(&'static str, Value)]) -> Value {
    let mut map = Map::default();
    for m in maps {
        map.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    map.extend(fields.iter().map(|(k, v)| (Key::Str(k), v.clone())));
    Value::from(map)
}

struct Entries<'a> {
    maps: &'a [&'a Map],
    fields: &'a [(&'static str, Value)],
}

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.maps.iter().map(|m| m.len()).sum::<usize>() + self.fields.len();
        let mut s = serializer.serialize_struct("Map", len)?;
        for map in self.maps {
            for (key, value) in map.iter() {
                let Key::Str(name) = key else {
                    return Err(S::Error::custom("a key that is not a static string"));
                };
                s.serialize_field(name, value)?;
            }
        }
        for (name, value) in self.fields {
            s.serialize_field(name, value)?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NAMES: [&str; 6] = ["title", "url", "date", "html", "computed", "external"];

    fn map_of(entries: &[(usize, i64)], owned: bool) -> Value {
        let key = |i: usize| match owned {
            true => Key::String(NAMES[i].into()),
            false => Key::Str(NAMES[i]),
        };
        let map: Map = entries
            .iter()
            .map(|&(i, v)| (key(i), Value::from(v)))
            .collect();
        Value::from(map)
    }

    proptest! {
        /// The same map as inserting every entry in order, whichever path
        /// makes it (static keys through the serializer, others by insertion).
        #[test]
        fn merged_equals_inserting_in_order(
            a in prop::collection::vec((0..6usize, any::<i64>()), 0..6),
            b in prop::collection::vec((0..6usize, any::<i64>()), 0..6),
            f in prop::collection::vec((0..6usize, any::<i64>()), 0..4),
            owned in any::<bool>(),
        ) {
            let (a, b) = (map_of(&a, false), map_of(&b, owned));
            let fields: Vec<(&'static str, Value)> =
                f.iter().map(|&(i, v)| (NAMES[i], Value::from(v))).collect();
            let mut expected = Map::default();
            for m in [&a, &b] {
                expected.extend(m.as_map().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            expected.extend(fields.iter().map(|(k, v)| (Key::Str(k), v.clone())));
            let got = merged(&[&a, &Value::none(), &b], &fields);
            prop_assert_eq!(got.as_map().unwrap(), &expected);
        }
    }

    #[test]
    fn values_are_shared_not_copied() {
        let list = Value::from(vec![Value::from("x")]);
        let base = Value::from(Map::from_iter([(Key::Str("list"), list.clone())]));
        let got = merged(&[&base], &[("html", Value::safe_string("<b>"))]);
        let shared = got.as_map().unwrap()[&Key::Str("list")].as_array().unwrap();
        assert!(std::ptr::eq(shared, list.as_array().unwrap()));
        assert!(got.as_map().unwrap()[&Key::Str("html")].is_safe());
    }
}
