//! Front-matter dates: a date, or an RFC 3339 date-time. Without an offset
//! the site's time zone applies.

use std::fmt;

use jiff::ZonedDateTime;
use jiff::civil::{DateTime, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A date as written in the front matter, before the time zone is applied.
/// Accepts strings (YAML, quoted TOML) and native TOML dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateText(pub(crate) String);

impl<'de> de::Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = DateText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date (2025-09-03) or an RFC 3339 date-time (2025-09-03T09:30:00+08:00)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
        Ok(DateText(v.to_string()))
    }

    /// The toml crate hands its native datetimes over as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateText, A::Error> {
        match map.next_entry::<String, String>()? {
            Some((_, value)) => Ok(DateText(value)),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

/// Resolves a written date in the site's time zone `tz`.
pub(crate) fn resolve(text: &str, tz: &TimeZone) -> Result<ZonedDateTime, String> {
    let bad = |e: &dyn fmt::Display| {
        format!("invalid date `{text}`: {e} (write 2025-09-03 or 2025-09-03T09:30:00+08:00)")
    };
    let normalized = text.trim().replacen(' ', "T", 1);
    let pieces = Pieces::parse(&normalized).map_err(|e| bad(&e))?;
    let year = pieces.date().year();
    if year >= 9999 {
        return Err(format!(
            "the date `{text}` is out of range: dates must fall before the year 9999"
        ));
    }
    let time = pieces.time().unwrap_or(Time::midnight());
    let civil = DateTime::from_parts(pieces.date(), time);
    let zone = match (pieces.time_zone_annotation(), pieces.offset()) {
        (Some(ann), _) => ann.to_time_zone().map_err(|e| bad(&e))?,
        (None, Some(PiecesOffset::Numeric(o))) => TimeZone::fixed(o.offset()),
        (None, Some(PiecesOffset::Zulu)) => TimeZone::fixed(Offset::UTC),
        (None, _) => tz.clone(),
    };
    civil.to_zoned_datetime(zone).map_err(|e| bad(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> TimeZone {
        TimeZone::get("Europe/London").unwrap()
    }

    #[test]
    fn offsets_are_kept_and_missing_ones_use_the_site_zone() {
        let z = resolve("2025-09-03T09:30:00+08:00", &london()).unwrap();
        assert_eq!(z.offset().seconds(), 8 * 3600);
        let z = resolve("2025-09-03 09:30", &london()).unwrap();
        assert_eq!(z.offset().seconds(), 3600, "BST applies in September");
        let z = resolve("2025-01-03", &london()).unwrap();
        assert_eq!((z.hour(), z.offset().seconds()), (0, 0));
        let z = resolve("2025-09-03T09:30:00Z", &london()).unwrap();
        assert_eq!(z.offset().seconds(), 0);
    }

    #[test]
    fn nonsense_is_an_error() {
        assert!(resolve("yesterday", &london()).is_err());
        assert!(resolve("2025-13-01", &london()).is_err());
    }

    #[test]
    fn toml_native_dates_deserialize() {
        #[derive(serde::Deserialize)]
        struct T {
            date: DateText,
        }
        let t: T = toml::from_str("date = 2025-09-03T09:30:00+08:00").unwrap();
        assert_eq!(t.date.0, "2025-09-03T09:30:00+08:00");
        let t: T = toml::from_str("date = 2025-09-03").unwrap();
        assert_eq!(t.date.0, "2025-09-03");
    }
}
