//! The borsa lavoro: the progressive training stipend of users in Type A
//! workshops, which "grows as users learn and can increase effort" and is paid
//! "about 50%" by the public sector and half from the demand Type B
//! cooperatives transfer to Type A (`000_…txt`).

use super::filiere::AutonomyLevel;
use super::ledger::share_of;
use super::workforce::Hours;
use super::{Money, YearMonth, div_round};
use crate::msg;
use crate::validation::ValidationErrors;
use serde::{Deserialize, Serialize};

/// The public share by default: half (5,000 basis points).
pub const DEFAULT_PUBLIC_SHARE_BP: u32 = 5_000;

/// A consortium's schedule: an amount per hour for each autonomy level, a
/// bonus for effort and one for results in the month, and the share paid by
/// public funding (the rest comes from the Type B cooperatives' transfers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BorsaSchedule {
    /// Amount per hour for levels 1 to 5, in cents.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub per_hour: [Money; 5],
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub effort_bonus: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub result_bonus: Money,
    /// Public funding's share in basis points (0–10,000).
    pub public_share_bp: u32,
}

impl Default for BorsaSchedule {
    /// A symbolic schedule growing with autonomy: €1.50 to €3.50 an hour,
    /// €20 for effort and €30 for results in a month.
    fn default() -> Self {
        BorsaSchedule {
            per_hour: [150, 200, 250, 300, 350].map(Money::from_cents),
            effort_bonus: Money::euros(20),
            result_bonus: Money::euros(30),
            public_share_bp: DEFAULT_PUBLIC_SHARE_BP,
        }
    }
}

impl BorsaSchedule {
    /// The schedule must grow with the level (the stipend is progressive),
    /// have no negative amount and a public share between 0 and 100%.
    pub fn validate(self) -> Result<BorsaSchedule, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.per_hour.iter().any(|m| *m < Money::ZERO)
            || self.effort_bonus < Money::ZERO
            || self.result_bonus < Money::ZERO
        {
            errors.add("per_hour", msg!("error-amounts-negative"));
        }
        if self.per_hour.windows(2).any(|w| w[1] < w[0]) {
            errors.add("per_hour", msg!("error-per-hour-decreases"));
        }
        if self.public_share_bp > 10_000 {
            errors.add("public_share_bp", msg!("error-basis-points"));
        }
        errors.into_result(self)
    }

    pub fn rate(&self, level: AutonomyLevel) -> Money {
        self.per_hour[usize::from(level.get() - 1)]
    }
}

/// What a user did in a month, from the workshop's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BorsaMonth {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: YearMonth,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub hours: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = u8))]
    pub level: AutonomyLevel,
    pub effort: bool,
    pub result: bool,
}

/// A user's monthly statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BorsaStatement {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: YearMonth,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub hours: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = u8))]
    pub level: AutonomyLevel,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rate: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub base: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub bonuses: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub public_part: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub type_b_part: Money,
}

/// **The borsa lavoro statement**: hours × the rate of the user's level
/// (rounded to the cent), plus the effort and result bonuses earned, split
/// into the public part (the schedule's share, rounded half up) and the Type B
/// part (the rest, so the two always add up to the total).
pub fn borsa_statement(schedule: &BorsaSchedule, month: &BorsaMonth) -> BorsaStatement {
    let rate = schedule.rate(month.level);
    let base =
        Money::from_cents(div_round(i128::from(month.hours.hundredths()) * i128::from(rate.cents()), 100) as i64);
    let bonuses = [
        (month.effort, schedule.effort_bonus),
        (month.result, schedule.result_bonus),
    ]
    .iter()
    .filter(|(earned, _)| *earned)
    .map(|(_, amount)| *amount)
    .sum();
    let total = base + bonuses;
    let public_part = share_of(total, schedule.public_share_bp);
    BorsaStatement {
        month: month.month,
        hours: month.hours,
        level: month.level,
        rate,
        base,
        bonuses,
        total,
        public_part,
        type_b_part: total - public_part,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn month(hours: i64, level: u8, effort: bool, result: bool) -> BorsaMonth {
        BorsaMonth {
            month: YearMonth::parse("2025-03").unwrap(),
            hours: Hours::whole(hours),
            level: AutonomyLevel::new(level).unwrap(),
            effort,
            result,
        }
    }

    #[test]
    fn eighty_hours_at_level_2_with_an_effort_bonus_is_split_half_public_half_type_b() {
        // 80 h × €2.00 = €160 + €20 effort = €180: €90 public, €90 from Type B.
        let statement = borsa_statement(&BorsaSchedule::default(), &month(80, 2, true, false));
        assert_eq!(statement.base, Money::euros(160));
        assert_eq!(statement.total, Money::euros(180));
        assert_eq!(statement.public_part, Money::euros(90));
        assert_eq!(statement.type_b_part, Money::euros(90));
    }

    #[test]
    fn the_stipend_grows_with_the_level() {
        let schedule = BorsaSchedule::default();
        let low = borsa_statement(&schedule, &month(60, 1, false, false));
        let high = borsa_statement(&schedule, &month(60, 4, false, false));
        assert!(high.total > low.total);
    }

    #[test]
    fn a_schedule_that_pays_less_at_a_higher_level_is_rejected() {
        let schedule = BorsaSchedule {
            per_hour: [300, 200, 250, 300, 350].map(Money::from_cents),
            public_share_bp: 12_000,
            ..BorsaSchedule::default()
        };
        let errors = schedule.validate().unwrap_err();
        assert!(errors.for_field("per_hour").is_some());
        assert!(errors.for_field("public_share_bp").is_some());
    }

    proptest! {
        /// The public and Type B parts always add up to the total.
        #[test]
        fn the_split_adds_up(hundredths in 0i64..40_000, level in 1u8..=5, effort in any::<bool>(), result in any::<bool>(), bp in 0u32..=10_000) {
            let schedule = BorsaSchedule { public_share_bp: bp, ..BorsaSchedule::default() };
            let input = BorsaMonth { hours: Hours::from_hundredths(hundredths), ..month(0, level, effort, result) };
            let statement = borsa_statement(&schedule, &input);
            prop_assert_eq!(statement.public_part + statement.type_b_part, statement.total);
            prop_assert!(statement.public_part >= Money::ZERO && statement.type_b_part >= Money::ZERO);
        }
    }
}
