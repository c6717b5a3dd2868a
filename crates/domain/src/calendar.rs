//! The calendar filiera's users live in: "today" is a date in Europe/Rome,
//! never a UTC date (between midnight and 01:00/02:00 in Italy the UTC date
//! is still yesterday, which would shift due dates and every "overdue").
//!
//! Italy keeps Central European Time (UTC+1) and, since 1996, the EU's summer
//! time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
//! last Sunday of October (Directive 2000/84/EC, art. 2–3).

use time::{Date, Month, OffsetDateTime, Time, UtcOffset, Weekday};

/// The last Sunday of a month at 01:00 UTC, when EU summer time starts or ends.
fn switch_instant(year: i32, month: Month) -> Option<OffsetDateTime> {
    let last_day = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    let back = i64::from(last_day.weekday().number_days_from_sunday());
    let sunday = last_day.checked_sub(time::Duration::days(back))?;
    debug_assert_eq!(sunday.weekday(), Weekday::Sunday);
    Some(sunday.with_time(Time::from_hms(1, 0, 0).ok()?).assume_utc())
}

/// The offset from UTC in Rome at an instant.
pub fn rome_offset(instant: OffsetDateTime) -> UtcOffset {
    let instant = instant.to_offset(UtcOffset::UTC);
    let year = instant.year();
    let summer = match (switch_instant(year, Month::March), switch_instant(year, Month::October)) {
        (Some(start), Some(end)) => instant >= start && instant < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
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
