//! A consortium's own choices: the human-scale member limit, the solidarity
//! fund's contribution per hour, the borsa lavoro schedule with its public
//! share, and the stretch share of weekly allocations. Each value has the
//! Harmony case's default and a range checked here, before anything is stored.

use super::Money;
use super::borsa::BorsaSchedule;
use super::fund::DEFAULT_CONTRIBUTION_PER_HOUR;
use super::membership::DEFAULT_HUMAN_SCALE_LIMIT;
use crate::Message;
use crate::msg;
use crate::validation::ValidationErrors;
use serde::{Deserialize, Serialize};

/// The stretch share by default: 10% of a person's hours may be work at their grade + 1.
pub const DEFAULT_STRETCH_SHARE_BP: i64 = 1_000;

/// The largest human-scale limit accepted: beyond it the warning means nothing.
pub const MAX_HUMAN_SCALE_LIMIT: u64 = 10_000;

/// The largest contribution per hour accepted (€10): a guard against a typed
/// amount in cents where euros were meant.
pub const MAX_FUND_PER_HOUR: Money = Money::euros(10);

/// A consortium's configurable values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsortiumSettings {
    /// Members a cooperative may have before it loses its human scale (warned from 90%).
    pub human_scale_limit: u64,
    /// The solidarity fund's contribution per hour worked, in cents.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fund_per_hour: Money,
    /// The borsa lavoro schedule and its public share.
    pub borsa: BorsaSchedule,
    /// Share of a person's hours that may be stretch work (grade + 1), in basis points.
    pub stretch_share_bp: i64,
}

impl Default for ConsortiumSettings {
    fn default() -> Self {
        ConsortiumSettings {
            human_scale_limit: DEFAULT_HUMAN_SCALE_LIMIT,
            fund_per_hour: DEFAULT_CONTRIBUTION_PER_HOUR,
            borsa: BorsaSchedule::default(),
            stretch_share_bp: DEFAULT_STRETCH_SHARE_BP,
        }
    }
}

impl ConsortiumSettings {
    /// **The settings' ranges**: a human-scale limit from 1 to
    /// [`MAX_HUMAN_SCALE_LIMIT`] members; a contribution per hour from €0 to
    /// [`MAX_FUND_PER_HOUR`]; a stretch share from 0 to 100%; and a borsa
    /// schedule that passes [`BorsaSchedule::validate`] (no negative amount,
    /// not decreasing with the level, public share 0–100%).
    pub fn validate(self) -> Result<ConsortiumSettings, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(1..=MAX_HUMAN_SCALE_LIMIT).contains(&self.human_scale_limit) {
            errors.add(
                "human_scale_limit",
                msg!("error-human-scale-limit", max = MAX_HUMAN_SCALE_LIMIT),
            );
        }
        if self.fund_per_hour < Money::ZERO || self.fund_per_hour > MAX_FUND_PER_HOUR {
            errors.add(
                "fund_per_hour",
                msg!("error-fund-per-hour-range", max = MAX_FUND_PER_HOUR),
            );
        }
        if !(0..=10_000).contains(&self.stretch_share_bp) {
            errors.add("stretch_share_bp", msg!("error-basis-points"));
        }
        if let Err(borsa) = self.borsa.clone().validate() {
            errors.0.extend(borsa.0);
        }
        errors.into_result(self)
    }
}

/// Parses a percentage such as `50`, `12.5` or `12,25` into basis points (0–10,000).
pub fn parse_percent(text: &str) -> Result<i64, Message> {
    let bad = || msg!("error-not-a-percentage", value = text.trim());
    let amount = Money::parse(text).map_err(|_| bad())?;
    if !(0..=10_000).contains(&amount.cents()) {
        return Err(bad());
    }
    Ok(amount.cents())
}

/// Basis points as a percentage for a form: `5000` → `50`, `1250` → `12.5`.
pub fn percent_text(basis_points: i64) -> String {
    let text = Money::from_cents(basis_points).decimal();
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() { "0".into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_harmony_case_and_pass() {
        let settings = ConsortiumSettings::default().validate().unwrap();
        assert_eq!(settings.human_scale_limit, 100);
        assert_eq!(settings.fund_per_hour, Money::from_cents(10));
        assert_eq!(settings.borsa.public_share_bp, 5_000);
        assert_eq!(settings.stretch_share_bp, 1_000);
    }

    #[test]
    fn every_value_out_of_range_is_named() {
        let mut settings = ConsortiumSettings {
            human_scale_limit: 0,
            fund_per_hour: Money::from_cents(-1),
            stretch_share_bp: 10_001,
            ..ConsortiumSettings::default()
        };
        settings.borsa.public_share_bp = 10_001;
        settings.borsa.per_hour[2] = Money::from_cents(100);
        let errors = ConsortiumSettings::validate(settings).unwrap_err();
        for field in [
            "human_scale_limit",
            "fund_per_hour",
            "stretch_share_bp",
            "public_share_bp",
            "per_hour",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn the_bounds_are_included() {
        let settings = ConsortiumSettings {
            human_scale_limit: MAX_HUMAN_SCALE_LIMIT,
            fund_per_hour: Money::ZERO,
            stretch_share_bp: 10_000,
            ..ConsortiumSettings::default()
        };
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn percentages_read_and_print_as_people_write_them() {
        assert_eq!(parse_percent("50"), Ok(5_000));
        assert_eq!(parse_percent("12,5"), Ok(1_250));
        assert!(parse_percent("100.01").is_err());
        assert!(parse_percent("-1").is_err());
        assert_eq!(percent_text(5_000), "50");
        assert_eq!(percent_text(1_250), "12.5");
        assert_eq!(percent_text(0), "0");
    }
}
