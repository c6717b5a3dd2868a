//! Guards that fix what went wrong in ALI (see domain.md §1): training assigned
//! "because it is available" regardless of interests; projects cut off when a
//! round ended; social workers who did not answer for a month; turnover that
//! lost the history.

use crate::msg;
use crate::validation::ValidationErrors;
use serde::Serialize;
use time::{Date, Duration, Weekday};

/// *Interest fit*: a training course must match one of the participant's
/// stated interests, or carry an explicit justification.
pub fn check_interest_fit(
    is_training_course: bool,
    participant_interests: &[String],
    service_interest_tags: &[String],
    justification: Option<&str>,
) -> Result<(), ValidationErrors> {
    if !is_training_course {
        return Ok(());
    }
    let matches = service_interest_tags.iter().any(|tag| {
        participant_interests
            .iter()
            .any(|interest| interest.eq_ignore_ascii_case(tag))
    });
    let justified = justification.is_some_and(|j| j.trim().chars().count() >= 10);
    if matches || justified {
        Ok(())
    } else {
        Err(ValidationErrors::single(
            "justification",
            msg!("error-course-justification"),
        ))
    }
}

/// *Time fit*: an intervention planned to end after its round or its funding
/// stream ends is flagged, so a project is not cut off abruptly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeConflict {
    /// `round` or `funding_stream`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub limit: &'static str,
    #[serde(with = "crate::time_format::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub limit_ends_on: Date,
    #[serde(with = "crate::time_format::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub planned_end: Date,
}

pub fn time_conflicts(
    planned_end: Option<Date>,
    round_end: Option<Date>,
    stream_end: Option<Date>,
) -> Vec<TimeConflict> {
    let Some(planned_end) = planned_end else {
        return Vec::new();
    };
    [("round", round_end), ("funding_stream", stream_end)]
        .into_iter()
        .filter_map(|(limit, end)| {
            end.filter(|end| planned_end > *end).map(|limit_ends_on| TimeConflict {
                limit,
                limit_ends_on,
                planned_end,
            })
        })
        .collect()
}

/// Default time allowed to answer a request from a household or an operator.
pub const DEFAULT_RESPONSE_WORKING_DAYS: u32 = 5;

/// Italian national public holidays on fixed dates (Law 260/1949 and later
/// amendments). Easter Monday is movable and added by [`easter_monday`].
const FIXED_HOLIDAYS: [(u8, u8); 10] = [
    (1, 1),
    (1, 6),
    (4, 25),
    (5, 1),
    (6, 2),
    (8, 15),
    (11, 1),
    (12, 8),
    (12, 25),
    (12, 26),
];

/// Easter Monday of a year (anonymous Gregorian algorithm).
pub fn easter_monday(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let easter = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    easter.next_day()
}

pub fn is_working_day(date: Date) -> bool {
    let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
    let fixed = FIXED_HOLIDAYS.contains(&(date.month() as u8, date.day()));
    !weekend && !fixed && easter_monday(date.year()) != Some(date)
}

/// When a request opened on `opened_on` must be answered: five working days later.
pub fn response_due(opened_on: Date) -> Date {
    due_date(opened_on, DEFAULT_RESPONSE_WORKING_DAYS)
}

/// *Response time*: the due date of a request opened on `opened_on`, counting
/// only working days.
pub fn due_date(opened_on: Date, working_days: u32) -> Date {
    let mut date = opened_on;
    let mut counted = 0;
    while counted < working_days {
        date += Duration::days(1);
        if is_working_day(date) {
            counted += 1;
        }
    }
    date
}

super::household::word_enum!(
    /// Who asks the social worker: the household itself or an operator working with it.
    RequestSource { Household => "household", Operator => "operator" }
);

/// A request must say who it comes from and what it asks.
pub fn check_request(from: &str, text: &str) -> Result<RequestSource, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let source = from
        .parse::<RequestSource>()
        .map_err(|m| errors.add("from_kind", m))
        .ok();
    if text.trim().is_empty() {
        errors.add("text", msg!("error-required"));
    } else {
        crate::validation::check_text(&mut errors, "text", text.trim(), crate::bounds::LONG_TEXT_MAX_CHARS);
    }
    match source {
        Some(source) if errors.is_empty() => Ok(source),
        _ => Err(errors),
    }
}

pub fn is_overdue(due_on: Date, answered: bool, today: Date) -> bool {
    !answered && today > due_on
}

/// *Handover*: reassigning a social worker or case manager requires a note for
/// the person taking over.
pub fn check_handover_note(note: Option<&str>) -> Result<String, ValidationErrors> {
    let note = note.map(str::trim).unwrap_or("");
    if note.chars().count() < 20 {
        return Err(ValidationErrors::single("handover_note", msg!("error-handover-note")));
    }
    let mut errors = ValidationErrors::new();
    crate::validation::check_text(&mut errors, "handover_note", note, crate::bounds::LONG_TEXT_MAX_CHARS);
    errors.into_result(note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn words(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_course_outside_the_persons_interests_needs_a_justification() {
        let result = check_interest_fit(true, &words(&["cooking"]), &words(&["logistics", "forklift"]), None);
        assert!(result.unwrap_err().for_field("justification").is_some());
        assert!(
            check_interest_fit(
                true,
                &words(&["cooking"]),
                &words(&["logistics"]),
                Some("needed to renew the licence")
            )
            .is_ok()
        );
        assert!(check_interest_fit(true, &words(&["Logistics"]), &words(&["logistics"]), None).is_ok());
        assert!(check_interest_fit(false, &words(&[]), &words(&["logistics"]), None).is_ok());
    }

    #[test]
    fn an_intervention_ending_after_its_round_is_flagged() {
        let conflicts = time_conflicts(
            Some(date!(2022 - 07 - 15)),
            Some(date!(2022 - 06 - 30)),
            Some(date!(2022 - 12 - 31)),
        );
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].limit, "round");
        assert_eq!(conflicts[0].limit_ends_on, date!(2022 - 06 - 30));
        assert!(time_conflicts(Some(date!(2022 - 06 - 30)), Some(date!(2022 - 06 - 30)), None).is_empty());
    }

    #[test]
    fn five_working_days_skip_the_weekend_and_holidays() {
        // Friday 2026-04-24; Saturday 25 April (Liberation Day) and Sunday skipped.
        assert_eq!(due_date(date!(2026 - 04 - 24), 5), date!(2026 - 05 - 04));
        // Thursday 2026-12-24: 25, 26 (holidays), 27 (Sunday) skipped.
        assert_eq!(due_date(date!(2026 - 12 - 24), 1), date!(2026 - 12 - 28));
    }

    #[test]
    fn easter_monday_is_found() {
        assert_eq!(easter_monday(2026), Some(date!(2026 - 04 - 06)));
        assert_eq!(easter_monday(2024), Some(date!(2024 - 04 - 01)));
        assert!(!is_working_day(date!(2026 - 04 - 06)));
    }

    #[test]
    fn a_request_is_overdue_only_after_its_due_date_and_while_unanswered() {
        let due = date!(2026 - 11 - 20);
        assert!(!is_overdue(due, false, due));
        assert!(is_overdue(due, false, date!(2026 - 11 - 23)));
        assert!(!is_overdue(due, true, date!(2026 - 11 - 23)));
    }

    #[test]
    fn a_request_needs_a_known_source_and_a_text() {
        assert_eq!(check_request("household", "rent form"), Ok(RequestSource::Household));
        let errors = check_request("neighbour", " ").unwrap_err();
        assert!(errors.for_field("from_kind").is_some());
        assert!(errors.for_field("text").is_some());
    }

    #[test]
    fn a_handover_without_a_real_note_is_refused() {
        assert!(check_handover_note(Some("ok")).is_err());
        assert!(check_handover_note(Some("Internship at Rossi going well; call tutor Friday")).is_ok());
    }

    proptest! {
        #[test]
        fn the_due_date_is_a_working_day_exactly_n_working_days_later(day in 0i64..3650, n in 1u32..15) {
            let opened = date!(2024 - 01 - 01) + Duration::days(day);
            let due = due_date(opened, n);
            prop_assert!(is_working_day(due));
            let mut count = 0;
            let mut d = opened;
            while d < due { d += Duration::days(1); if is_working_day(d) { count += 1; } }
            prop_assert_eq!(count, n);
        }
    }
}
