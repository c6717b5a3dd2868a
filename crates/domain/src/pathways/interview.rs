//! Interviews with a household: the first interview (social worker and
//! psychotherapist, seed 002 step 2), the second interview (the cooperative's
//! case manager, step 3) and any later meeting, each recorded with its date,
//! who attended and what was said — so the history survives a change of
//! social worker, one of the failures ALI reported.
//!
//! An interview may be a step of a path: the path state machine
//! ([`super::path`]) expects a first interview after the referral and a
//! second one after the first; [`interview_step`] says which step an
//! interview on a path in a given state is.

use super::path::PathState;
use crate::bounds::{FIRST_DATE, LINE_MAX_CHARS, check_date};
use crate::validation::{ValidationErrors, optional_long_text, required_text};
use time::Date;

/// The longest list of attendees (names and roles on one line).
pub const ATTENDEES_MAX_CHARS: usize = LINE_MAX_CHARS;

/// An interview as typed: the date already read as a date (or missing).
#[derive(Debug, Clone, Default)]
pub struct InterviewDraft {
    pub held_on: Option<Date>,
    pub attendees: String,
    pub notes: Option<String>,
}

/// An interview whose date, attendees and notes are within the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInterview {
    pub held_on: Date,
    pub attendees: String,
    /// The notes, trimmed; empty when none were written.
    pub notes: String,
}

impl InterviewDraft {
    /// An interview took place on a real day: not after `today` (Rome's date,
    /// from the injected clock) and not before [`FIRST_DATE`]; someone
    /// attended it (1 to [`ATTENDEES_MAX_CHARS`] characters); its notes fit
    /// a long text.
    pub fn validate(self, today: Date) -> Result<ValidInterview, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let held_on = match self.held_on {
            None => {
                errors.add("held_on", crate::msg!("error-required"));
                today
            }
            Some(date) if date > today => {
                errors.add("held_on", crate::msg!("error-interview-in-future"));
                date
            }
            Some(date) => check_date(date).unwrap_or_else(|message| {
                errors.add("held_on", message);
                FIRST_DATE
            }),
        };
        let attendees = required_text(&mut errors, "attendees", &self.attendees, ATTENDEES_MAX_CHARS);
        let notes = optional_long_text(&mut errors, "notes", self.notes.as_deref()).unwrap_or_default();
        errors.into_result(ValidInterview {
            held_on,
            attendees,
            notes,
        })
    }
}

/// The step of the path an interview is, for a path in `state`: a referred
/// path's interview is its first, a path after its first interview has its
/// second. Later meetings are recorded without a path step.
pub fn interview_step(state: PathState) -> Result<PathState, crate::message::Message> {
    match state {
        PathState::Referred => Ok(PathState::FirstInterview),
        PathState::FirstInterview => Ok(PathState::SecondInterview),
        other => Err(crate::msg!("error-interview-path-done", state = other.as_str())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounds::LONG_TEXT_MAX_CHARS;
    use crate::pathways::path::transition;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn draft(held_on: Option<Date>, attendees: &str) -> InterviewDraft {
        InterviewDraft {
            held_on,
            attendees: attendees.into(),
            notes: Some("  Talked about the laundry internship.  ".into()),
        }
    }

    #[test]
    fn an_interview_held_today_with_its_attendees_is_kept_trimmed() {
        let valid = draft(Some(TODAY), " Sara Bianchi (social worker), Dr. Neri ")
            .validate(TODAY)
            .unwrap();
        assert_eq!(valid.attendees, "Sara Bianchi (social worker), Dr. Neri");
        assert_eq!(valid.notes, "Talked about the laundry internship.");
    }

    #[test]
    fn an_interview_dated_tomorrow_is_refused_on_its_date() {
        let errors = draft(Some(date!(2026 - 11 - 24)), "Sara").validate(TODAY).unwrap_err();
        assert!(errors.for_field("held_on").is_some());
        assert_eq!(errors.0.len(), 1);
    }

    #[test]
    fn an_interview_before_1900_is_refused() {
        let errors = draft(Some(date!(1899 - 12 - 31)), "Sara").validate(TODAY).unwrap_err();
        assert_eq!(errors.for_field("held_on").unwrap().key(), "error-date-out-of-range");
        assert!(draft(Some(FIRST_DATE), "Sara").validate(TODAY).is_ok());
    }

    #[test]
    fn an_interview_without_date_or_attendees_names_both_fields() {
        let errors = draft(None, "   ").validate(TODAY).unwrap_err();
        assert!(errors.for_field("held_on").is_some());
        assert!(errors.for_field("attendees").is_some());
    }

    #[test]
    fn attendees_longer_than_a_line_and_notes_longer_than_a_long_text_are_refused() {
        let mut long = draft(Some(TODAY), &"a".repeat(ATTENDEES_MAX_CHARS + 1));
        long.notes = Some("n".repeat(LONG_TEXT_MAX_CHARS + 1));
        let errors = long.validate(TODAY).unwrap_err();
        assert!(errors.for_field("attendees").is_some());
        assert!(errors.for_field("notes").is_some());
        let fits = draft(Some(TODAY), &"a".repeat(ATTENDEES_MAX_CHARS));
        assert!(fits.validate(TODAY).is_ok());
    }

    #[test]
    fn a_referred_path_has_its_first_interview_then_its_second_and_no_third() {
        assert_eq!(interview_step(PathState::Referred), Ok(PathState::FirstInterview));
        assert_eq!(
            interview_step(PathState::FirstInterview),
            Ok(PathState::SecondInterview)
        );
        for state in [
            PathState::SecondInterview,
            PathState::ProjectActive,
            PathState::Closed,
            PathState::Withdrawn,
        ] {
            assert!(interview_step(state).is_err(), "{state}");
        }
    }

    proptest! {
        #[test]
        fn the_date_rule_is_not_after_today_and_not_before_1900(days in -60_000i64..2_000) {
            let held_on = TODAY.checked_add(time::Duration::days(days)).unwrap();
            let accepted = draft(Some(held_on), "Sara").validate(TODAY).is_ok();
            prop_assert_eq!(accepted, held_on <= TODAY && held_on >= FIRST_DATE);
        }

        #[test]
        fn attendees_are_accepted_exactly_when_one_to_500_characters_after_trimming(text in "[a-zà ]{0,520}") {
            let accepted = draft(Some(TODAY), &text).validate(TODAY).is_ok();
            let length = text.trim().chars().count();
            prop_assert_eq!(accepted, (1..=ATTENDEES_MAX_CHARS).contains(&length));
        }

        #[test]
        fn every_interview_step_is_a_legal_move_of_the_state_machine(state in proptest::sample::select(PathState::ALL.to_vec())) {
            if let Ok(step) = interview_step(state) {
                prop_assert!(transition(state, step, None).is_ok());
            }
        }
    }
}
