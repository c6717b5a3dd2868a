//! The documented range of every kind of input (see `docs/input-limits.md`).
//! A value outside its range is refused with a message naming the limit, so
//! nothing absurd reaches arithmetic, the database or a page: no overflow on a
//! far date, no wrapped sum of money, no megabyte note, no NUL byte that
//! PostgreSQL cannot store.

use crate::message::Message;
use crate::msg;
use time::Date;
use time::macros::date;

/// Names of people, organisations, services, clients, products.
pub const NAME_MAX_CHARS: usize = 200;
/// Any other single-line text: descriptions, reasons, references, locations.
pub const LINE_MAX_CHARS: usize = 500;
/// Long text typed in a text area: activity notes, health notes, answers, closure reports.
pub const LONG_TEXT_MAX_CHARS: usize = 20_000;
/// A search term, and any other query-string value.
pub const SEARCH_MAX_CHARS: usize = 200;

/// The earliest date anyone can mean in a work-integration record (a birth date
/// of an elderly household member is the oldest date we keep).
pub const FIRST_DATE: Date = date!(1900 - 01 - 01);
/// The latest date a plan, contract or deadline can reach.
pub const LAST_DATE: Date = date!(2200 - 12 - 31);

/// The most hours one entry (an intervention's plan, an activity) can count:
/// ten thousand hours is five years of full-time work.
pub const MAX_HOURS: i64 = 10_000;
/// [`MAX_HOURS`] in minutes.
pub const MAX_MINUTES: i64 = MAX_HOURS * 60;

/// Why a text was refused, if it holds a control character. Tabs and line
/// breaks are allowed only where the text may span several lines.
pub fn control_character_problem(text: &str, multi_line: bool) -> Option<Message> {
    let refused = |c: char| c.is_control() && !(multi_line && matches!(c, '\t' | '\n' | '\r'));
    text.chars().find(|c| refused(*c)).map(|c| {
        if c == '\0' {
            msg!("error-nul-character")
        } else {
            msg!("error-control-character", code = format!("U+{:04X}", u32::from(c)))
        }
    })
}

/// Why a text was refused, if it is longer than `max_chars` characters.
pub fn length_problem(text: &str, max_chars: usize) -> Option<Message> {
    // Counting stops one past the limit, so a huge text costs no more than a legal one.
    (text.chars().take(max_chars + 1).count() > max_chars).then(|| msg!("error-too-long", max = max_chars))
}

/// Refuses a date outside [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn check_date(date: Date) -> Result<Date, Message> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        Ok(date)
    } else {
        Err(out_of_range_date())
    }
}

fn out_of_range_date() -> Message {
    msg!("error-date-out-of-range", first = FIRST_DATE, last = LAST_DATE)
}

/// Parses an ISO date `YYYY-MM-DD` within the documented range: the one way
/// every date typed by a person or sent to the API is read.
pub fn parse_date(text: &str) -> Result<Date, Message> {
    let text = text.trim();
    let format = time::format_description::well_known::Iso8601::DATE;
    let date = Date::parse(text, &format).map_err(|_| msg!("error-not-a-date", text = text))?;
    check_date(date)
}

/// [`parse_date`] for the form or JSON field `field`, its error named after it.
pub fn date_field(field: &str, text: &str) -> Result<Date, crate::ValidationErrors> {
    parse_date(text).map_err(|message| crate::ValidationErrors::single(field, message))
}

/// Refuses a year outside the years of [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn check_year(year: i32) -> Result<i32, Message> {
    if (FIRST_DATE.year()..=LAST_DATE.year()).contains(&year) {
        Ok(year)
    } else {
        Err(msg!(
            "error-year-out-of-range",
            first = FIRST_DATE.year(),
            last = LAST_DATE.year()
        ))
    }
}

/// Refuses a number of minutes below zero or above [`MAX_MINUTES`].
pub fn check_minutes(minutes: i64) -> Result<i64, Message> {
    if (0..=MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(msg!("error-minutes-out-of-range", max = MAX_MINUTES))
    }
}

/// Hours as minutes, refusing hours below zero or above [`MAX_HOURS`] (so the
/// multiplication cannot overflow).
pub fn minutes_from_hours(hours: i64) -> Result<i64, Message> {
    if (0..=MAX_HOURS).contains(&hours) {
        Ok(hours * 60)
    } else {
        Err(msg!("error-hours-out-of-range", max = MAX_HOURS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nul_and_escape_characters_are_refused_but_line_breaks_only_in_long_text() {
        assert!(control_character_problem("Rossi\0", false).is_some());
        assert!(control_character_problem("a\u{1b}b", true).is_some());
        assert!(control_character_problem("a\u{7f}", true).is_some());
        assert!(control_character_problem("first line\nsecond\ttab\r\n", true).is_none());
        assert!(control_character_problem("first line\nsecond", false).is_some());
        assert!(control_character_problem("Società «Il Girasole» – 2024", false).is_none());
    }

    #[test]
    fn a_text_one_character_over_its_limit_is_refused() {
        assert!(length_problem(&"è".repeat(200), NAME_MAX_CHARS).is_none());
        assert!(length_problem(&"è".repeat(201), NAME_MAX_CHARS).is_some());
        assert!(length_problem(&"x".repeat(500_000), LONG_TEXT_MAX_CHARS).is_some());
    }

    #[test]
    fn far_dates_are_refused_and_dates_in_range_are_read() {
        assert_eq!(parse_date("2024-03-01"), Ok(date!(2024 - 03 - 01)));
        assert_eq!(parse_date(" 1900-01-01 "), Ok(FIRST_DATE));
        assert_eq!(parse_date("2200-12-31"), Ok(LAST_DATE));
        for far in ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"] {
            assert_eq!(parse_date(far).unwrap_err().key(), "error-date-out-of-range", "{far}");
        }
        assert_eq!(parse_date("2024-02-30").unwrap_err().key(), "error-not-a-date");
    }

    #[test]
    fn hours_beyond_the_limit_are_refused_before_they_are_multiplied() {
        assert_eq!(minutes_from_hours(2), Ok(120));
        assert!(minutes_from_hours(i64::MAX).is_err());
        assert!(minutes_from_hours(-1).is_err());
        assert!(check_minutes(i64::MAX).is_err());
        assert_eq!(check_minutes(MAX_MINUTES), Ok(MAX_MINUTES));
    }

    proptest! {
        #[test]
        fn every_date_read_lies_in_the_documented_range(days in -1_000_000i64..1_000_000) {
            let date = date!(2000 - 01 - 01).checked_add(time::Duration::days(days)).unwrap_or(Date::MAX);
            let text = crate::time_format::iso_date::format(date);
            match parse_date(&text) {
                Ok(read) => prop_assert!((FIRST_DATE..=LAST_DATE).contains(&read)),
                Err(_) => prop_assert!(!(FIRST_DATE..=LAST_DATE).contains(&date)),
            }
        }

        #[test]
        fn any_hours_either_convert_exactly_or_are_refused(hours in any::<i64>()) {
            match minutes_from_hours(hours) {
                Ok(minutes) => prop_assert_eq!(minutes, hours * 60),
                Err(_) => prop_assert!(!(0..=MAX_HOURS).contains(&hours)),
            }
        }

        #[test]
        fn text_with_any_control_character_but_line_breaks_is_refused(
            prefix in "[a-z ]{0,10}", c in any::<char>(), suffix in "[a-z ]{0,10}",
        ) {
            let text = format!("{prefix}{c}{suffix}");
            let refused = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            prop_assert_eq!(control_character_problem(&text, true).is_some(), refused);
        }
    }
}
