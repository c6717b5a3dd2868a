//! Programmes, their rounds and funding streams: what pays, when, for whom.
//!
//! ALI (source `002_…txt`) was a programme of the Società della Salute della Zona
//! Pisana worth €793,165, run with three cooperatives in two rounds (October
//! 2020 – December 2021, January – June 2022), paid by the Poverty Fund (only
//! minimum-income recipients) and the NOP "Social Inclusion" (wider social
//! marginality).

use super::eligibility::Rule;
use crate::Message;
use crate::consortium::Money;
use crate::ids::OrganisationId;
use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use time::Date;

/// A programme as entered in a form or the API.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeDraft {
    pub name: String,
    pub agency_id: Option<OrganisationId>,
    pub description: String,
    /// In euros, as typed (`793165`, `793.165,00`, `793165.00`).
    pub total_budget: String,
    pub cooperative_ids: Vec<OrganisationId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProgramme {
    pub name: String,
    pub agency_id: OrganisationId,
    pub description: String,
    pub total_budget_cents: i64,
    pub cooperative_ids: Vec<OrganisationId>,
}

impl ProgrammeDraft {
    pub fn validate(self) -> Result<ValidProgramme, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 160);
        if self.agency_id.is_none() {
            errors.add("agency_id", msg!("error-choose-programme-agency"));
        }
        let description = self.description.trim().to_owned();
        if description.chars().count() > 4000 {
            errors.add("description", msg!("error-too-long", max = 4000));
        }
        let total_budget_cents = budget_cents(&self.total_budget).unwrap_or_else(|m| {
            errors.add("total_budget", m);
            0
        });
        let mut cooperative_ids = self.cooperative_ids;
        cooperative_ids.sort_unstable();
        cooperative_ids.dedup();
        errors.into_result(ValidProgramme {
            name,
            agency_id: self.agency_id.unwrap_or(OrganisationId(0)),
            description,
            total_budget_cents,
            cooperative_ids,
        })
    }
}

/// A budget or cost typed in euros ([`Money::parse`]), as cents: blank is
/// zero, and a budget is never negative.
pub fn budget_cents(text: &str) -> Result<i64, Message> {
    let amount = Money::parse_or_zero(text)?;
    if amount.cents() < 0 {
        return Err(msg!("error-negative-budget", value = text.trim()));
    }
    Ok(amount.cents())
}

/// A round: a numbered period of the programme (ALI's "annualità").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundPeriod {
    pub number: u32,
    pub start: Date,
    pub end: Date,
}

impl RoundPeriod {
    /// A round ends on or after its start and is numbered from 1.
    pub fn new(number: i64, start: Date, end: Date) -> Result<RoundPeriod, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let number = u32::try_from(number).ok().filter(|n| *n >= 1);
        if number.is_none() {
            errors.add("number", msg!("error-round-number"));
        }
        if end < start {
            errors.add("end_date", msg!("error-round-ends-before-start"));
        }
        errors.into_result(RoundPeriod {
            number: number.unwrap_or(1),
            start,
            end,
        })
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }

    /// Whether this round's days overlap another's.
    pub fn overlaps(&self, other: &RoundPeriod) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// A funding stream as entered.
#[derive(Debug, Clone, Default)]
pub struct FundingStreamDraft {
    pub name: String,
    pub budget: String,
    /// The eligibility rule as JSON; blank admits everyone.
    pub eligibility: String,
    pub end_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFundingStream {
    pub name: String,
    pub budget_cents: i64,
    pub eligibility: Rule,
    pub end_date: Option<Date>,
}

impl FundingStreamDraft {
    pub fn validate(self) -> Result<ValidFundingStream, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 160);
        let budget_cents = budget_cents(&self.budget).unwrap_or_else(|m| {
            errors.add("budget", m);
            0
        });
        let eligibility = if self.eligibility.trim().is_empty() {
            Rule::everyone()
        } else {
            Rule::parse_json(&self.eligibility).unwrap_or_else(|problems| {
                problems.into_iter().for_each(|p| errors.add("eligibility", p));
                Rule::everyone()
            })
        };
        errors.into_result(ValidFundingStream {
            name,
            budget_cents,
            eligibility,
            end_date: self.end_date,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn alis_budget_is_read_in_any_usual_way_of_writing_it() {
        for text in [
            "793165",
            "793165.00",
            "793.165,00",
            "793,165.00",
            "€ 793165",
            "793165,0",
        ] {
            assert_eq!(budget_cents(text), Ok(79_316_500), "{text}");
        }
        assert_eq!(budget_cents(""), Ok(0));
        assert_eq!(budget_cents("12,5"), Ok(1250));
    }

    #[test]
    fn words_and_negative_amounts_are_not_euros() {
        for text in ["lots", "-5", "12.3.4a", "1,2x"] {
            assert!(budget_cents(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_budget_beyond_a_billion_euros_is_refused_rather_than_summed() {
        assert_eq!(budget_cents("1.000.000.000,00"), Ok(100_000_000_000));
        assert!(budget_cents("1.000.000.000,01").is_err());
        assert!(budget_cents("92233720368547758").is_err());
    }

    #[test]
    fn a_round_ending_before_it_starts_is_refused() {
        let errors = RoundPeriod::new(0, date!(2022 - 06 - 30), date!(2022 - 01 - 01)).unwrap_err();
        assert!(errors.for_field("number").is_some());
        assert!(errors.for_field("end_date").is_some());
    }

    #[test]
    fn alis_two_rounds_do_not_overlap() {
        let first = RoundPeriod::new(1, date!(2020 - 10 - 01), date!(2021 - 12 - 31)).unwrap();
        let second = RoundPeriod::new(2, date!(2022 - 01 - 01), date!(2022 - 06 - 30)).unwrap();
        assert!(!first.overlaps(&second));
        assert!(first.contains(date!(2021 - 12 - 31)));
    }

    #[test]
    fn a_programme_needs_a_name_and_an_agency() {
        let errors = ProgrammeDraft {
            total_budget: "abc".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for field in ["name", "agency_id", "total_budget"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_funding_stream_with_a_broken_rule_names_the_eligibility_field() {
        let draft = FundingStreamDraft {
            name: "Poverty Fund".into(),
            eligibility: r#"{"age":{"min":70,"max":18}}"#.into(),
            ..Default::default()
        };
        assert!(draft.validate().unwrap_err().for_field("eligibility").is_some());
    }

    proptest! {
        #[test]
        fn formatted_euros_parse_back_to_the_same_cents(cents in 0i64..10_000_000_000) {
            prop_assert_eq!(budget_cents(&Money::from_cents(cents).format_in("it")), Ok(cents));
            prop_assert_eq!(budget_cents(&Money::from_cents(cents).format_in("en")), Ok(cents));
        }
    }
}
