//! The Personalised Individual Project (progetto individualizzato) of a
//! household: a focus person, objectives, and interventions — one catalogue
//! service for one household member each — with their own small life cycle.

use super::household::word_enum;
use crate::Message;
use crate::consortium::Money;
use crate::msg;
use crate::validation::{ValidationErrors, optional_long_text, required_text};
use time::Date;

word_enum!(
    /// Where an intervention stands.
    InterventionStatus { Planned => "planned", Active => "active", Completed => "completed",
        Interrupted => "interrupted", Cancelled => "cancelled" }
);

impl InterventionStatus {
    /// The statuses an intervention may move to.
    pub fn next(self) -> &'static [InterventionStatus] {
        use InterventionStatus::*;
        match self {
            Planned => &[Active, Cancelled],
            Active => &[Completed, Interrupted],
            Completed | Interrupted | Cancelled => &[],
        }
    }

    /// Interrupting or cancelling must say why (a record the next operator reads).
    pub fn needs_reason(self) -> bool {
        matches!(self, InterventionStatus::Interrupted | InterventionStatus::Cancelled)
    }

    /// Planned and active interventions hold a place in the service's capacity;
    /// completed and interrupted ones held it for the round too.
    pub fn uses_capacity(self) -> bool {
        !matches!(self, InterventionStatus::Cancelled)
    }
}

/// Why an intervention could not change status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusChangeRefused {
    #[error("an intervention that is {from} cannot become {to}")]
    NotAllowed {
        from: InterventionStatus,
        to: InterventionStatus,
    },
    #[error("say why the intervention is {to}")]
    ReasonRequired { to: InterventionStatus },
}

impl StatusChangeRefused {
    /// The refusal for the person who asked.
    pub fn message(&self) -> Message {
        match self {
            StatusChangeRefused::NotAllowed { from, to } => {
                msg!("error-intervention-status-move", from = from.as_str(), to = to.as_str())
            }
            StatusChangeRefused::ReasonRequired { to } => msg!("error-intervention-status-reason", to = to.as_str()),
        }
    }
}

pub fn change_status(
    from: InterventionStatus,
    to: InterventionStatus,
    reason: Option<&str>,
) -> Result<Option<String>, StatusChangeRefused> {
    if !from.next().contains(&to) {
        return Err(StatusChangeRefused::NotAllowed { from, to });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if to.needs_reason() && reason.is_none() {
        return Err(StatusChangeRefused::ReasonRequired { to });
    }
    Ok(reason)
}

/// The service has no free place left in the round.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("all {capacity} places of this service in this round are taken; the person can join the waiting list")]
pub struct CapacityFull {
    pub capacity: i64,
}

impl CapacityFull {
    pub fn message(&self) -> Message {
        msg!("error-capacity-full", capacity = self.capacity)
    }
}

/// Capacity is enforced: no intervention beyond a service's capacity for the round.
pub fn check_capacity(capacity: i64, places_in_use: i64) -> Result<(), CapacityFull> {
    if places_in_use < capacity {
        Ok(())
    } else {
        Err(CapacityFull { capacity })
    }
}

word_enum!(
    /// How an objective ended up.
    ObjectiveStatus { Open => "open", Achieved => "achieved", PartlyAchieved => "partly_achieved",
        NotAchieved => "not_achieved" }
);

word_enum!(
    /// What an operator does on a project.
    Profession { Educator => "educator", Tutor => "tutor", Psychologist => "psychologist", Trainer => "trainer" }
);

/// An objective of the project: what, by when, how it is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidObjective {
    pub text: String,
    pub target_date: Option<Date>,
    pub measure: String,
}

pub fn validate_objective(
    text: &str,
    target_date: Option<Date>,
    measure: &str,
) -> Result<ValidObjective, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let text = required_text(&mut errors, "text", text, 500);
    if measure.chars().count() > 500 {
        errors.add("measure", msg!("error-too-long", max = 500));
    }
    errors.into_result(ValidObjective {
        text,
        target_date,
        measure: measure.trim().to_owned(),
    })
}

/// Planned dates of an intervention must be in order.
pub fn check_dates(start: Option<Date>, end: Option<Date>) -> Result<(), ValidationErrors> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ValidationErrors::single(
            "planned_end",
            msg!("error-planned-end-before-start"),
        )),
        _ => Ok(()),
    }
}

word_enum!(
    /// What an activity-register entry records.
    ActivityKind { Meeting => "meeting", PhoneCall => "phone_call", HomeVisit => "home_visit",
        SessionAttended => "session_attended", SessionMissed => "session_missed",
        InternshipDay => "internship_day", Note => "note" }
);

#[cfg(test)]
mod tests {
    use super::*;
    use InterventionStatus::*;
    use proptest::prelude::*;

    #[test]
    fn a_planned_intervention_starts_and_completes() {
        assert!(change_status(Planned, Active, None).is_ok());
        assert!(change_status(Active, Completed, None).is_ok());
    }

    #[test]
    fn cancelling_needs_a_reason_and_a_completed_one_cannot_restart() {
        assert_eq!(
            change_status(Planned, Cancelled, None),
            Err(StatusChangeRefused::ReasonRequired { to: Cancelled })
        );
        assert!(change_status(Completed, Active, Some("again")).is_err());
    }

    #[test]
    fn the_last_place_can_be_taken_but_not_one_more() {
        assert!(check_capacity(12, 11).is_ok());
        assert_eq!(check_capacity(12, 12), Err(CapacityFull { capacity: 12 }));
    }

    #[test]
    fn planned_dates_out_of_order_are_refused() {
        use time::macros::date;
        assert!(check_dates(Some(date!(2026 - 05 - 01)), Some(date!(2026 - 04 - 01))).is_err());
        assert!(check_dates(Some(date!(2026 - 05 - 01)), None).is_ok());
    }

    proptest! {
        #[test]
        fn a_service_never_holds_more_interventions_than_places(capacity in 0i64..30, requests in 0usize..60) {
            let mut used = 0;
            for _ in 0..requests {
                if check_capacity(capacity, used).is_ok() { used += 1; }
            }
            prop_assert!(used <= capacity.max(0));
            prop_assert_eq!(used, capacity.min(requests as i64));
        }

        #[test]
        fn final_statuses_have_no_way_out(to in proptest::sample::select(InterventionStatus::ALL.to_vec())) {
            for from in [Completed, Interrupted, Cancelled] {
                prop_assert!(change_status(from, to, Some("r")).is_err());
            }
        }
    }
}

/// An entry of the activity register as the operator wrote it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidActivity {
    pub occurred_on: Date,
    pub minutes: i64,
    pub text: String,
}

/// *Activity register*: an activity happened on a day within the documented
/// range and not in the future, lasted between 0 and
/// [`crate::bounds::MAX_MINUTES`] minutes, and its note is long text.
pub fn validate_activity(
    occurred_on: Date,
    minutes: Option<i64>,
    text: Option<&str>,
    today: Date,
) -> Result<ValidActivity, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if occurred_on > today {
        errors.add("occurred_on", msg!("error-activity-in-future"));
    } else if let Err(message) = crate::bounds::check_date(occurred_on) {
        errors.add("occurred_on", message);
    }
    let minutes = crate::bounds::check_minutes(minutes.unwrap_or(0))
        .map_err(|message| errors.add("minutes", message))
        .unwrap_or(0);
    let text = optional_long_text(&mut errors, "text", text).unwrap_or_default();
    errors.into_result(ValidActivity {
        occurred_on,
        minutes,
        text,
    })
}

/// The planned hours and cost of an intervention, as minutes and cents within
/// their documented ranges ([`crate::bounds::MAX_HOURS`], [`Money::MAX_AMOUNT`]):
/// negative or absurd figures are refused, never clamped or overflowed.
pub fn validate_intervention_effort(
    hours: Option<i64>,
    cost_cents: Option<i64>,
    justification: Option<&str>,
) -> Result<(i64, i64, Option<String>), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let minutes = crate::bounds::minutes_from_hours(hours.unwrap_or(0))
        .map_err(|message| errors.add("hours", message))
        .unwrap_or(0);
    let cost = cost_cents.unwrap_or(0);
    if cost < 0 {
        errors.add("cost_cents", msg!("error-negative"));
    } else if let Err(message) = Money::bounded(cost) {
        errors.add("cost_cents", message);
    }
    let justification = optional_long_text(&mut errors, "justification", justification);
    errors.into_result((minutes, cost, justification))
}
