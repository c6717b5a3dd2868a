//! The calendar filiera's users live in: "today" is a date in Europe/Rome,
//! never a UTC date (between midnight and 01:00/02:00 in Italy the UTC date
//! is still yesterday, which would shift due dates and every "overdue").
//!
//! The offset comes from the IANA time zone database (bundled by `jiff`), so
//! a change of the summer-time rules is a dependency update, not a code change.

use std::sync::OnceLock;
use time::{Date, OffsetDateTime, UtcOffset};

/// The zone every "today" is read in.
pub const ZONE: &str = "Europe/Rome";

fn rome() -> Option<&'static jiff::tz::TimeZone> {
    static ROME: OnceLock<Option<jiff::tz::TimeZone>> = OnceLock::new();
    ROME.get_or_init(|| jiff::tz::TimeZone::get(ZONE).ok()).as_ref()
}

/// The offset from UTC in Rome at an instant (Central European Time, UTC+1,
/// or summer time, UTC+2). The bundled database always holds Rome; were it
/// missing, CET is the answer that is wrong for the fewest hours of the year.
pub fn rome_offset(instant: OffsetDateTime) -> UtcOffset {
    let cet = UtcOffset::from_hms(1, 0, 0).unwrap_or(UtcOffset::UTC);
    let (Some(zone), Ok(timestamp)) = (rome(), jiff::Timestamp::from_second(instant.unix_timestamp())) else {
        return cet;
    };
    UtcOffset::from_whole_seconds(zone.to_offset(timestamp).seconds()).unwrap_or(cet)
}

/// The date in Rome at an instant: what an Italian user calls "today".
pub fn date_in_rome(instant: OffsetDateTime) -> Date {
    instant.to_offset(rome_offset(instant)).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn half_past_midnight_in_rome_is_already_tomorrow_while_utc_is_still_today() {
        // 23:30 UTC on 2 December is 00:30 on 3 December in Rome (winter, UTC+1).
        assert_eq!(
            date_in_rome(datetime!(2026-12-02 23:30 UTC)),
            time::macros::date!(2026 - 12 - 03)
        );
        // 22:30 UTC on 2 July is 00:30 on 3 July in Rome (summer, UTC+2).
        assert_eq!(
            date_in_rome(datetime!(2026-07-02 22:30 UTC)),
            time::macros::date!(2026 - 07 - 03)
        );
        assert_eq!(
            date_in_rome(datetime!(2026-07-02 21:30 UTC)),
            time::macros::date!(2026 - 07 - 02)
        );
    }

    #[test]
    fn the_bundled_time_zone_database_holds_rome() {
        assert!(rome().is_some());
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays_of_march_and_october() {
        // 2026: 29 March and 25 October.
        assert_eq!(rome_offset(datetime!(2026-03-29 00:59 UTC)).whole_hours(), 1);
        assert_eq!(rome_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(), 2);
        assert_eq!(rome_offset(datetime!(2026-10-25 00:59 UTC)).whole_hours(), 2);
        assert_eq!(rome_offset(datetime!(2026-10-25 01:00 UTC)).whole_hours(), 1);
    }

    proptest! {
        /// Rome is always one or two hours ahead of UTC, never behind it.
        #[test]
        fn the_rome_date_is_the_utc_date_or_the_day_after(seconds in 0i64..7_258_118_400) {
            let instant = OffsetDateTime::from_unix_timestamp(seconds).unwrap();
            let rome = date_in_rome(instant);
            let utc = instant.date();
            prop_assert!(rome == utc || Some(rome) == utc.next_day());
            let hours = rome_offset(instant).whole_hours();
            prop_assert!(hours == 1 || hours == 2);
        }
    }
}
