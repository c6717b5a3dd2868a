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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_instant_is_formatted_in_utc_with_milliseconds() {
        let at = datetime!(2026-11-23 10:00:00.5 +01:00);
        assert_eq!(format_instant(at), "2026-11-23T09:00:00.500Z");
    }

    #[test]
    fn a_formatted_instant_parses_back_to_itself() {
        let at = datetime!(2026-01-02 03:04:05.006 UTC);
        assert_eq!(parse_instant(&format_instant(at)), Some(at));
    }
}
