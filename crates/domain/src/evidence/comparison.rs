//! Participants against the comparison group: the employment rate at 6 and
//! 12 months after leaving, and the difference with a 95% confidence interval.
//!
//! The comparison group is the eligible people who were not selected (source
//! `002_…txt`, §"Methodology": the evaluators wanted exactly this and had no
//! data). Selection was not random, so the difference describes the two groups;
//! it does not measure the programme's effect. Every report says so.
//!
//! The interval is Newcombe's hybrid score interval for a difference of two
//! independent proportions (Newcombe 1998, Statistics in Medicine 17:873–890,
//! method 10), built from Wilson score intervals: unlike the textbook Wald
//! interval it stays inside [-1, 1] and behaves with the small groups and the
//! rates near 0 or 1 that social programmes have.

use crate::msg;
use crate::pathways::closure::{FOLLOW_UP_MONTHS, follow_up_due};
use crate::pathways::household::{EmploymentStatus, Gender};
use crate::validation::{ValidationErrors, required_text};
use serde::Serialize;
use time::Date;

/// The 97.5th percentile of the standard normal distribution (two-sided 95%).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The statement every outcome report carries.
pub const NOT_RANDOMISED: &str = "The comparison group is made of eligible people who were not selected; \
selection was not random, so the difference describes the two groups and is not an estimate of the programme's effect.";

/// How many of a group were employed, out of those whose status is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    pub employed: u64,
    pub known: u64,
}

impl Rate {
    pub fn proportion(self) -> Option<f64> {
        (self.known > 0).then(|| self.employed as f64 / self.known as f64)
    }

    /// Wilson's score interval at the given z.
    pub fn wilson(self, z: f64) -> Option<(f64, f64)> {
        let p = self.proportion()?;
        let n = self.known as f64;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Some(((centre - half).max(0.0), (centre + half).min(1.0)))
    }
}

/// The difference of employment rates (participants minus comparison group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Newcombe's hybrid score interval for p1 − p2; `None` when a group has no one.
pub fn difference(participants: Rate, comparison: Rate) -> Option<Difference> {
    let (p1, p2) = (participants.proportion()?, comparison.proportion()?);
    let (l1, u1) = participants.wilson(Z_95)?;
    let (l2, u2) = comparison.wilson(Z_95)?;
    let estimate = p1 - p2;
    let lower = estimate - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let upper = estimate + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some(Difference {
        estimate,
        lower: lower.max(-1.0),
        upper: upper.min(1.0),
    })
}

/// Whether a follow-up status counts as employment (employed or self-employed).
pub fn is_employed(status: EmploymentStatus) -> bool {
    matches!(status, EmploymentStatus::Employed | EmploymentStatus::SelfEmployed)
}

/// The employment rate of a group from its recorded follow-up statuses.
pub fn rate_of(statuses: impl IntoIterator<Item = EmploymentStatus>) -> Rate {
    statuses.into_iter().fold(Rate::default(), |rate, status| Rate {
        employed: rate.employed + u64::from(is_employed(status)),
        known: rate.known + 1,
    })
}

/// One row of the outcome report: participants and comparison group at a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeRow {
    pub months: i64,
    pub participants: Rate,
    pub comparison: Rate,
    pub difference: Option<Difference>,
}

pub fn outcome_row(months: i64, participants: Rate, comparison: Rate) -> OutcomeRow {
    OutcomeRow {
        months,
        participants,
        comparison,
        difference: difference(participants, comparison),
    }
}

/// An eligible person who was not selected, as typed in.
#[derive(Debug, Clone, Default)]
pub struct ComparisonMemberDraft {
    pub reference: String,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub employment_status: Option<EmploymentStatus>,
    pub reference_date: Option<Date>,
    pub not_selected_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidComparisonMember {
    pub reference: String,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub employment_status: Option<EmploymentStatus>,
    pub reference_date: Date,
    pub not_selected_reason: String,
}

impl ComparisonMemberDraft {
    /// The comparison group is pseudonymous: a code, never a name or a tax code.
    pub fn validate(self, today: Date) -> Result<ValidComparisonMember, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let reference = required_text(&mut errors, "reference", &self.reference, 40);
        if reference.contains('@') || reference.chars().filter(|c| c.is_ascii_digit()).count() >= 11 {
            errors.add("reference", msg!("error-pseudonymous-code"));
        }
        if let Some(year) = self.birth_year
            && !(1900..=today.year()).contains(&year)
        {
            errors.add("birth_year", msg!("error-birth-year", last = today.year()));
        }
        if self.reference_date.is_none_or(|d| d > today) {
            errors.add("reference_date", msg!("error-selection-closed-on"));
        }
        if self.not_selected_reason.chars().count() > 500 {
            errors.add("not_selected_reason", msg!("error-too-long", max = 500));
        }
        errors.into_result(ValidComparisonMember {
            reference,
            gender: self.gender,
            birth_year: self.birth_year,
            employment_status: self.employment_status,
            reference_date: self.reference_date.unwrap_or(today),
            not_selected_reason: self.not_selected_reason.trim().to_owned(),
        })
    }
}

/// A follow-up is recorded at 6 or 12 months, not before it is due, not in the future.
pub fn check_follow_up(
    reference_date: Date,
    months: i64,
    recorded_on: Date,
    today: Date,
) -> Result<(), ValidationErrors> {
    if !FOLLOW_UP_MONTHS.contains(&months) {
        return Err(ValidationErrors::single("months", msg!("error-follow-up-months")));
    }
    if recorded_on > today {
        return Err(ValidationErrors::single("recorded_on", msg!("error-date-in-future")));
    }
    match follow_up_due(reference_date, months) {
        Some(due) if recorded_on < due => Err(ValidationErrors::single(
            "recorded_on",
            msg!("error-follow-up-not-due", months = months, due = due),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_comparison_member_is_pseudonymous_and_dated() {
        let today = date!(2026 - 11 - 23);
        let ok = ComparisonMemberDraft {
            reference: "CG-2021-014".into(),
            reference_date: Some(date!(2021 - 01 - 15)),
            ..Default::default()
        }
        .validate(today)
        .unwrap();
        assert_eq!(ok.reference, "CG-2021-014");
        let errors = ComparisonMemberDraft {
            reference: "RSSMRA80A01G702X mario@example.org".into(),
            reference_date: Some(date!(2027 - 01 - 01)),
            birth_year: Some(1850),
            ..Default::default()
        }
        .validate(today)
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"reference") && fields.contains(&"reference_date") && fields.contains(&"birth_year"));
    }

    #[test]
    fn follow_ups_wait_for_their_month() {
        let today = date!(2026 - 11 - 23);
        let left = date!(2021 - 01 - 15);
        assert!(check_follow_up(left, 6, date!(2021 - 07 - 15), today).is_ok());
        assert!(check_follow_up(left, 6, date!(2021 - 07 - 14), today).is_err());
        assert!(check_follow_up(left, 9, date!(2022 - 07 - 14), today).is_err());
        assert!(check_follow_up(left, 12, date!(2027 - 01 - 01), today).is_err());
    }

    #[test]
    fn rates_count_employment_only() {
        use EmploymentStatus::*;
        let rate = rate_of([Employed, SelfEmployed, Unemployed, Inactive]);
        assert_eq!(rate, Rate { employed: 2, known: 4 });
        let row = outcome_row(6, rate, Rate { employed: 0, known: 0 });
        assert!(row.difference.is_none());
    }
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn matches_newcombes_published_example() {
        // Newcombe (1998), table II, example (a): 56/70 vs 48/80 → 0.2000 (0.0524, 0.3339).
        let d = difference(
            Rate {
                employed: 56,
                known: 70,
            },
            Rate {
                employed: 48,
                known: 80,
            },
        )
        .unwrap();
        assert!(close(d.estimate, 0.2), "{d:?}");
        assert!(close(d.lower, 0.0524), "{d:?}");
        assert!(close(d.upper, 0.3339), "{d:?}");
        // Example (d): 10/10 vs 0/20 → 1.0 (0.6791, 1.0000).
        let d = difference(
            Rate {
                employed: 10,
                known: 10,
            },
            Rate { employed: 0, known: 20 },
        )
        .unwrap();
        assert!(close(d.lower, 0.6791) && close(d.upper, 1.0), "{d:?}");
    }

    #[test]
    fn wilson_matches_a_known_interval() {
        // 81/263: Wilson 95% interval (0.2553, 0.3662) (Newcombe 1998b, example).
        let (l, u) = Rate {
            employed: 81,
            known: 263,
        }
        .wilson(Z_95)
        .unwrap();
        assert!(close(l, 0.2553) && close(u, 0.3662), "{l} {u}");
    }

    #[test]
    fn an_empty_group_has_no_difference() {
        assert!(difference(Rate { employed: 0, known: 0 }, Rate { employed: 1, known: 4 }).is_none());
    }

    proptest! {
        #[test]
        fn the_interval_holds_the_estimate_and_stays_in_range(
            n1 in 1u64..500, k1 in 0u64..500, n2 in 1u64..500, k2 in 0u64..500
        ) {
            let a = Rate { employed: k1 % (n1 + 1), known: n1 };
            let b = Rate { employed: k2 % (n2 + 1), known: n2 };
            let d = difference(a, b).unwrap();
            prop_assert!(-1.0 <= d.lower && d.lower <= d.estimate + 1e-12);
            prop_assert!(d.estimate <= d.upper + 1e-12 && d.upper <= 1.0);
            // Swapping the groups mirrors the interval.
            let m = difference(b, a).unwrap();
            prop_assert!((m.lower + d.upper).abs() < 1e-9 && (m.upper + d.lower).abs() < 1e-9);
        }
    }
}
