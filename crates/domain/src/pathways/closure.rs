//! Closing a project: the conclusive evaluation and its outcome, and the
//! follow-up at 6 and 12 months after closure (what ALI could not measure).

use super::household::word_enum;
use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use time::Date;

word_enum!(
    /// How a project ended, for the evaluation tables.
    Outcome {
        HiredByHostFirm => "hired_by_host_firm",
        HiredElsewhere => "hired_elsewhere",
        TrainingCompleted => "training_completed",
        QualificationObtained => "qualification_obtained",
        ActivatedContinuing => "activated_continuing",
        Withdrew => "withdrew",
        InterruptedByProgrammeEnd => "interrupted_by_programme_end",
        ReferredToSpecialisedService => "referred_to_specialised_service",
    }
);

impl Outcome {
    /// Outcomes that count as employment for funders' result indicators.
    pub fn is_employment(self) -> bool {
        matches!(self, Outcome::HiredByHostFirm | Outcome::HiredElsewhere)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ClosureDraft {
    pub closed_on: Option<Date>,
    pub objectives_achieved: String,
    pub skills_acquired: String,
    pub critical_issues: String,
    pub resources_activated: String,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClosure {
    pub closed_on: Date,
    pub objectives_achieved: String,
    pub skills_acquired: String,
    pub critical_issues: String,
    pub resources_activated: String,
    pub outcome: Outcome,
}

impl ClosureDraft {
    /// The four parts of the conclusive evaluation and the outcome are all required.
    pub fn validate(self, project_started_on: Date, today: Date) -> Result<ValidClosure, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let closed_on = match self.closed_on {
            Some(date) if date < project_started_on => {
                errors.add("closed_on", msg!("error-project-closes-before-start"));
                date
            }
            Some(date) if date > today => {
                errors.add("closed_on", msg!("error-closing-in-future"));
                date
            }
            Some(date) => date,
            None => {
                errors.add("closed_on", msg!("error-required"));
                today
            }
        };
        let objectives_achieved = required_text(&mut errors, "objectives_achieved", &self.objectives_achieved, 4000);
        let skills_acquired = required_text(&mut errors, "skills_acquired", &self.skills_acquired, 4000);
        let critical_issues = required_text(&mut errors, "critical_issues", &self.critical_issues, 4000);
        let resources_activated = required_text(&mut errors, "resources_activated", &self.resources_activated, 4000);
        if self.outcome.is_none() {
            errors.add("outcome", msg!("error-choose-outcome"));
        }
        errors.into_result(ValidClosure {
            closed_on,
            objectives_achieved,
            skills_acquired,
            critical_issues,
            resources_activated,
            outcome: self.outcome.unwrap_or(Outcome::ActivatedContinuing),
        })
    }
}

/// Follow-ups are recorded 6 and 12 months after closure.
pub const FOLLOW_UP_MONTHS: [i64; 2] = [6, 12];

/// The date a follow-up is due.
pub fn follow_up_due(closed_on: Date, months: i64) -> Option<Date> {
    let total = i64::from(closed_on.year()) * 12 + i64::from(closed_on.month() as u8) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let last_day = month.length(year);
    Date::from_calendar_date(year, month, closed_on.day().min(last_day)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_closure_without_its_evaluation_lists_every_missing_part() {
        let errors = ClosureDraft {
            closed_on: Some(date!(2026 - 10 - 01)),
            ..Default::default()
        }
        .validate(date!(2026 - 01 - 01), date!(2026 - 11 - 23))
        .unwrap_err();
        for field in [
            "objectives_achieved",
            "skills_acquired",
            "critical_issues",
            "resources_activated",
            "outcome",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn follow_ups_fall_six_and_twelve_months_after_closure() {
        assert_eq!(follow_up_due(date!(2026 - 08 - 31), 6), Some(date!(2027 - 02 - 28)));
        assert_eq!(follow_up_due(date!(2026 - 01 - 15), 12), Some(date!(2027 - 01 - 15)));
    }

    #[test]
    fn only_hiring_counts_as_employment() {
        assert!(Outcome::HiredByHostFirm.is_employment());
        assert!(!Outcome::TrainingCompleted.is_employment());
    }
}
