//! The Consortium Solidarity Fund: a contribution per hour worked across the
//! consortium, collected from each member cooperative and granted to Type B
//! projects and new enterprises.

use super::workforce::Hours;
use super::{Money, div_round};
use serde::Serialize;

/// Harmony's contribution: €0.10 per hour worked (`000_…txt`: "0.10 euro
/// cents per hour worked across the consortium. Every year 150 thousand euros
/// ca. were collected"). Configurable per consortium.
pub const DEFAULT_CONTRIBUTION_PER_HOUR: Money = Money::from_cents(10);

/// **The solidarity-fund contribution** of one cooperative: hours worked ×
/// the contribution per hour, rounded to the cent (half up) once per
/// cooperative and period, so the fund's total is the sum of what each
/// cooperative is asked to pay. At €0.10, 1,500,000 hours give €150,000.
pub fn solidarity_contribution(hours: Hours, per_hour: Money) -> Money {
    let cents = div_round(i128::from(hours.hundredths()) * i128::from(per_hour.cents()), 100);
    Money::from_cents(i64::try_from(cents).unwrap_or(i64::MAX))
}

/// One cooperative's line of the fund statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContributionLine {
    pub cooperative: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub hours: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub contribution: Money,
}

/// The contributions of every cooperative and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContributionStatement {
    pub lines: Vec<ContributionLine>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total_hours: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total: Money,
}

/// The statement for a period from each cooperative's hours, in the order given.
pub fn contribution_statement(hours_by_cooperative: &[(String, Hours)], per_hour: Money) -> ContributionStatement {
    let lines: Vec<ContributionLine> = hours_by_cooperative
        .iter()
        .map(|(cooperative, hours)| ContributionLine {
            cooperative: cooperative.clone(),
            hours: *hours,
            contribution: solidarity_contribution(*hours, per_hour),
        })
        .collect();
    ContributionStatement {
        total_hours: lines.iter().map(|l| l.hours).sum(),
        total: lines.iter().map(|l| l.contribution).sum(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn harmonys_one_and_a_half_million_hours_at_ten_cents_give_150000_euros() {
        assert_eq!(
            solidarity_contribution(Hours::whole(1_500_000), DEFAULT_CONTRIBUTION_PER_HOUR),
            Money::euros(150_000)
        );
    }

    #[test]
    fn a_cooperative_of_30_workers_at_130_hours_a_month_pays_4680_euros_a_year() {
        // 30 × 130 × 12 = 46,800 hours × €0.10.
        assert_eq!(
            solidarity_contribution(Hours::whole(30 * 130 * 12), DEFAULT_CONTRIBUTION_PER_HOUR),
            Money::euros(4_680)
        );
    }

    #[test]
    fn fractions_of_a_cent_round_half_up_once_per_cooperative() {
        // 12.25 h × 10 c = 122.5 c → 123 c; 0.04 h × 10 c = 0.4 c → 0.
        assert_eq!(
            solidarity_contribution(Hours::from_hundredths(1225), Money::from_cents(10)),
            Money::from_cents(123)
        );
        assert_eq!(
            solidarity_contribution(Hours::from_hundredths(4), Money::from_cents(10)),
            Money::ZERO
        );
    }

    #[test]
    fn the_statement_total_is_the_sum_of_the_cooperatives_lines() {
        let statement = contribution_statement(
            &[
                ("La Lavanderia Solidale".into(), Hours::whole(52_000)),
                ("Il Girasole".into(), Hours::from_hundredths(4_800_050)),
            ],
            DEFAULT_CONTRIBUTION_PER_HOUR,
        );
        assert_eq!(statement.lines[0].contribution, Money::euros(5_200));
        assert_eq!(statement.lines[1].contribution, Money::from_cents(480_005));
        assert_eq!(statement.total, Money::from_cents(1_000_005));
        assert_eq!(statement.total_hours, Hours::from_hundredths(10_000_050));
    }

    proptest! {
        /// The contribution is within half a cent of the exact product and
        /// grows with the hours.
        #[test]
        fn the_contribution_is_the_rounded_product(hundredths in 0i64..1_000_000_000, rate in 0i64..1_000) {
            let paid = solidarity_contribution(Hours::from_hundredths(hundredths), Money::from_cents(rate)).cents();
            let exact = hundredths as f64 * rate as f64 / 100.0;
            prop_assert!((paid as f64 - exact).abs() <= 0.5 + 1e-6);
            let more = solidarity_contribution(Hours::from_hundredths(hundredths + 100), Money::from_cents(rate)).cents();
            prop_assert!(more >= paid);
        }
    }
}
