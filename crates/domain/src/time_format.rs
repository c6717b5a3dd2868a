//! One textual form for instants, used in storage and in the audit hash: RFC 3339
//! in UTC with milliseconds. Fixed width, so text order is time order on every
//! database backend.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// Formats an instant as `2026-11-23T09:00:00.123Z`.
pub fn format_instant(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    let millis = utc.millisecond();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        millis
    )
}

/// Parses any RFC 3339 instant (as written by [`format_instant`]).
pub fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// Serde for calendar dates as ISO 8601 `YYYY-MM-DD`, the one form every date
/// takes in the API, exports and stored JSON: `#[serde(with = "iso_date")]`
/// (or `iso_date::option`, `iso_date::pairs`). Without it `time` writes a date
/// as a `[year, day-of-year]` pair no client can read; that old form is still
/// accepted when reading, so JSON stored before the change still loads.
pub mod iso_date {
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::{Deserialize, Serializer};
    use std::fmt;
    use time::Date;
    use time::format_description::well_known::Iso8601;

    /// `2026-11-23`.
    pub fn format(date: Date) -> String {
        format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
    }

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }

    struct DateVisitor;

    impl<'de> Visitor<'de> for DateVisitor {
        type Value = Date;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
            Date::parse(text, &Iso8601::DATE).map_err(|_| E::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
        }

        /// The `[year, day-of-year]` pair `time` wrote before dates were ISO.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Date, A::Error> {
            let year: i32 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let ordinal: u16 = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
            Date::from_ordinal_date(year, ordinal).map_err(de::Error::custom)
        }
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapped(#[serde(with = "super")] Date);
            Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(date)| date))
        }
    }

    /// A series of `(date, value)` points, each written `["2026-11-23", 3]`.
    pub mod pairs {
        use super::*;
        use serde::Serialize;

        pub fn serialize<S: Serializer, T: Serialize>(points: &[(Date, T)], serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(points.iter().map(|(date, value)| (format(*date), value)))
        }

        pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
            deserializer: D,
        ) -> Result<Vec<(Date, T)>, D::Error> {
            #[derive(Deserialize)]
            struct Point<T>(#[serde(with = "super")] Date, T);
            Ok(Vec::<Point<T>>::deserialize(deserializer)?
                .into_iter()
                .map(|Point(date, value)| (date, value))
                .collect())
        }
    }
}

/// Serde for instants in the one textual form of [`format_instant`]
/// (`2026-11-23T09:00:00.123Z`): `#[serde(with = "instant")]` or
/// `instant::option`. Reads any RFC 3339 instant.
pub mod instant {
    use serde::{Deserialize, Deserializer, Serializer, de};
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_instant(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_instant(&text).ok_or_else(|| de::Error::custom(format!("`{text}` is not an RFC 3339 instant")))
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(at: &Option<OffsetDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => super::serialize(at, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<OffsetDateTime>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| {
                    super::super::parse_instant(&text)
                        .ok_or_else(|| de::Error::custom(format!("`{text}` is not an RFC 3339 instant")))
                })
                .transpose()
        }
    }
}

/// Reads an ISO `YYYY-MM-DD` date: the one reader of dates as text, for dates
/// stored by filiera (typed input goes through [`crate::bounds::parse_date`],
/// which also checks the range).
pub fn parse_iso_date(text: &str) -> Option<time::Date> {
    time::Date::parse(text.trim(), &time::format_description::well_known::Iso8601::DATE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_instant_is_formatted_in_utc_with_milliseconds() {
        let at = datetime!(2026-11-23 10:00:00.5 +01:00);
        assert_eq!(format_instant(at), "2026-11-23T09:00:00.500Z");
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Dated {
        #[serde(with = "iso_date")]
        on: time::Date,
        #[serde(with = "iso_date::option")]
        until: Option<time::Date>,
    }

    #[test]
    fn a_date_is_written_as_iso_8601_and_read_back() {
        let dated = Dated {
            on: time::macros::date!(2026 - 11 - 23),
            until: None,
        };
        let json = serde_json::to_string(&dated).unwrap();
        assert_eq!(json, r#"{"on":"2026-11-23","until":null}"#);
        assert_eq!(serde_json::from_str::<Dated>(&json).unwrap(), dated);
    }

    #[test]
    fn a_date_stored_as_a_year_and_ordinal_pair_still_loads() {
        let dated: Dated = serde_json::from_str(r#"{"on":[2026,327],"until":[2027,1]}"#).unwrap();
        assert_eq!(dated.on, time::macros::date!(2026 - 11 - 23));
        assert_eq!(dated.until, Some(time::macros::date!(2027 - 01 - 01)));
    }

    #[test]
    fn a_formatted_instant_parses_back_to_itself() {
        let at = datetime!(2026-01-02 03:04:05.006 UTC);
        assert_eq!(parse_instant(&format_instant(at)), Some(at));
    }
}
