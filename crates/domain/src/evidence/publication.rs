//! The ESF+ indicators and the outcome report as published: for the programme
//! staff every figure, for the public the [`disclosure`] rules applied with
//! the programme's threshold.
//!
//! What a reader could work out is decided line by line, as the tables are
//! printed: an indicator's women, men and "gender not recorded" add up to its
//! total, so they are protected as one line with its total; the number of
//! participants whose attribute was not recorded and the households reached
//! stand alone. A rate is its employed count over the people whose status is
//! known; the employed **and** the not employed are protected (either one
//! small identifies people: "all but two found work"), and a hidden count
//! hides the rate and the difference that would give it back.
//!
//! Known limit: relations *between* indicators (unemployed + inactive +
//! employed + not recorded = participants) are not used for secondary
//! suppression; a reader could in principle subtract published totals to
//! recover a hidden total of the employment-status or education groups.

use super::comparison::{Difference, OutcomeRow, Rate};
use super::disclosure::{Cell, protect_count, protect_list};
use super::indicators::{Indicator, Indicators};
use crate::Message;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Who a table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Audience {
    /// Anyone: small counts and what would reveal them are hidden.
    Public,
    /// The programme's staff: every figure, not for publication.
    #[default]
    Staff,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Result<Audience, Message> {
        match text.trim() {
            "public" => Ok(Audience::Public),
            "staff" => Ok(Audience::Staff),
            other => Err(msg!("error-unknown-choice", value = other, expected = "public, staff")),
        }
    }
}

/// What a hidden cell shows with a given threshold: `<5`, `<10`.
pub fn hidden_mark(threshold: u64) -> String {
    format!("<{threshold}")
}

/// The text of a published cell.
pub fn cell_text(cell: Cell, threshold: u64) -> String {
    match cell {
        Cell::Shown(n) => n.to_string(),
        Cell::Hidden => hidden_mark(threshold),
    }
}

/// One indicator as published; a hidden cell serialises as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedIndicator {
    pub id: &'static str,
    pub reference: &'static str,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub women: Cell,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub men: Cell,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub gender_not_recorded: Cell,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub total: Cell,
    /// Participants whose underlying attribute is not recorded.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub not_recorded: Cell,
}

/// The indicators of a programme as published to an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedIndicators {
    pub audience: Audience,
    /// Counts below this are hidden when the audience is public.
    pub threshold: u64,
    pub indicators: Vec<PublishedIndicator>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub households: Cell,
}

fn publish_indicator(indicator: &Indicator, audience: Audience, threshold: u64) -> PublishedIndicator {
    let counts = [indicator.women, indicator.men, indicator.gender_not_recorded];
    let (cells, total, not_recorded) = match audience {
        Audience::Staff => (
            counts.map(Cell::Shown).to_vec(),
            Cell::Shown(indicator.total),
            Cell::Shown(indicator.not_recorded),
        ),
        Audience::Public => {
            let (cells, total) = protect_list(&counts, threshold);
            (cells, total, protect_count(indicator.not_recorded, threshold))
        }
    };
    let cell = |i: usize| cells.get(i).copied().unwrap_or(Cell::Hidden);
    PublishedIndicator {
        id: indicator.id,
        reference: indicator.reference,
        women: cell(0),
        men: cell(1),
        gender_not_recorded: cell(2),
        total,
        not_recorded,
    }
}

pub fn publish_indicators(indicators: &Indicators, audience: Audience, threshold: u64) -> PublishedIndicators {
    PublishedIndicators {
        audience,
        threshold,
        indicators: indicators
            .indicators
            .iter()
            .map(|i| publish_indicator(i, audience, threshold))
            .collect(),
        households: match audience {
            Audience::Staff => Cell::Shown(indicators.households),
            Audience::Public => protect_count(indicators.households, threshold),
        },
    }
}

/// A group's employment rate as published; `rate` is `None` when no status is
/// known or when a count behind it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedRate {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub employed: Cell,
    /// People whose status at the follow-up is known.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub known: Cell,
    /// Employed over known, 0–1.
    pub rate: Option<f64>,
}

impl PublishedRate {
    fn of(rate: Rate, audience: Audience, threshold: u64) -> PublishedRate {
        if audience == Audience::Staff {
            return PublishedRate {
                employed: Cell::Shown(rate.employed),
                known: Cell::Shown(rate.known),
                rate: rate.proportion(),
            };
        }
        let not_employed = rate.known.saturating_sub(rate.employed);
        let (cells, known) = protect_list(&[rate.employed, not_employed], threshold);
        let hidden = cells.contains(&Cell::Hidden) || known == Cell::Hidden;
        PublishedRate {
            employed: cells.first().copied().unwrap_or(Cell::Hidden),
            known,
            rate: if hidden { None } else { rate.proportion() },
        }
    }

    fn is_hidden(&self) -> bool {
        self.employed == Cell::Hidden || self.known == Cell::Hidden
    }
}

/// One follow-up (6 or 12 months) of the outcome report as published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedOutcome {
    pub months: i64,
    pub participants: PublishedRate,
    pub comparison: PublishedRate,
    /// Participants minus comparison group with its 95% interval (proportions, −1 to 1);
    /// `None` when a group has no one or when a hidden count would be given back by it.
    pub difference: Option<Difference>,
}

pub fn publish_outcomes(rows: &[OutcomeRow], audience: Audience, threshold: u64) -> Vec<PublishedOutcome> {
    rows.iter()
        .map(|row| {
            let participants = PublishedRate::of(row.participants, audience, threshold);
            let comparison = PublishedRate::of(row.comparison, audience, threshold);
            let hidden = participants.is_hidden() || comparison.is_hidden();
            PublishedOutcome {
                months: row.months,
                participants,
                comparison,
                difference: if hidden { None } else { row.difference },
            }
        })
        .collect()
}

/// A proportion as a percentage with one decimal (`0.4166` → `41.7`).
pub fn percent(proportion: f64) -> String {
    format!("{:.1}", proportion * 100.0)
}

/// A difference of proportions in percentage points with its interval: `+12.5 (−20.1 to +41.0)`.
pub fn points(difference: &Difference) -> (String, String, String) {
    let signed = |p: f64| format!("{:+.1}", p * 100.0);
    (
        signed(difference.estimate),
        signed(difference.lower),
        signed(difference.upper),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::comparison::outcome_row;

    fn indicator(women: u64, men: u64, unknown: u64, not_recorded: u64) -> Indicator {
        Indicator {
            id: "disability",
            reference: "Annex I, 1.2",
            women,
            men,
            gender_not_recorded: unknown,
            total: women + men + unknown,
            not_recorded,
        }
    }

    #[test]
    fn the_public_sees_no_small_count_nor_the_total_that_would_reveal_it() {
        let indicators = Indicators {
            indicators: vec![indicator(12, 3, 0, 2), indicator(20, 30, 0, 0)],
            households: 4,
        };
        let public = publish_indicators(&indicators, Audience::Public, 5);
        let first = &public.indicators[0];
        assert_eq!(first.men, Cell::Hidden);
        // 12 women shown with a total of 15 would give the 3 men back.
        assert!(first.women == Cell::Hidden || first.total == Cell::Hidden);
        assert_eq!(first.not_recorded, Cell::Hidden);
        assert_eq!(first.gender_not_recorded, Cell::Shown(0));
        assert_eq!(public.indicators[1].total, Cell::Shown(50));
        assert_eq!(public.households, Cell::Hidden);
        let staff = publish_indicators(&indicators, Audience::Staff, 5);
        assert_eq!(staff.indicators[0].men, Cell::Shown(3));
        assert_eq!(staff.households, Cell::Shown(4));
    }

    #[test]
    fn a_rate_with_few_people_out_of_work_is_hidden_with_its_difference() {
        let rows = [outcome_row(
            6,
            Rate {
                employed: 18,
                known: 20,
            },
            Rate { employed: 6, known: 12 },
        )];
        let public = publish_outcomes(&rows, Audience::Public, 5);
        assert_eq!(public[0].participants.rate, None);
        assert_eq!(public[0].difference, None);
        assert!(public[0].comparison.rate.is_some());
        let staff = publish_outcomes(&rows, Audience::Staff, 5);
        assert!(staff[0].difference.is_some());
        assert_eq!(staff[0].participants.employed, Cell::Shown(18));
    }

    #[test]
    fn the_hidden_mark_names_the_threshold() {
        assert_eq!(cell_text(Cell::Hidden, 10), "<10");
        assert_eq!(cell_text(Cell::Shown(7), 10), "7");
        assert_eq!(Audience::parse("public"), Ok(Audience::Public));
        assert!(Audience::parse("press").is_err());
    }

    #[test]
    fn differences_read_in_percentage_points() {
        let d = Difference {
            estimate: 0.125,
            lower: -0.201,
            upper: 0.41,
        };
        assert_eq!(points(&d), ("+12.5".into(), "-20.1".into(), "+41.0".into()));
        assert_eq!(percent(0.41666), "41.7");
    }
}
