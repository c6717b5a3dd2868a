//! Programmes, their rounds and funding streams: what pays, when, for whom.
//!
//! ALI (source `002_…txt`) was a programme of the Società della Salute della Zona
//! Pisana worth €793,165, run with three cooperatives in two rounds (October
//! 2020 – December 2021, January – June 2022), paid by the Poverty Fund (only
//! minimum-income recipients) and the NOP "Social Inclusion" (wider social
//! marginality).

use super::eligibility::Rule;
use crate::validation::{ValidationErrors, required_text};
use time::Date;

/// A programme as entered in a form or the API.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeDraft {
    pub name: String,
    pub agency_id: Option<i64>,
    pub description: String,
    /// In euros, as typed (`793165`, `793.165,00`, `793165.00`).
    pub total_budget: String,
    pub cooperative_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProgramme {
    pub name: String,
    pub agency_id: i64,
    pub description: String,
    pub total_budget_cents: i64,
    pub cooperative_ids: Vec<i64>,
}

impl ProgrammeDraft {
    pub fn validate(self) -> Result<ValidProgramme, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 160);
        if self.agency_id.is_none() {
            errors.add("agency_id", "choose the public agency that owns the programme");
        }
        let description = self.description.trim().to_owned();
        if description.chars().count() > 4000 {
            errors.add("description", "must be at most 4000 characters");
        }
        let total_budget_cents = parse_euros(&self.total_budget).unwrap_or_else(|m| {
            errors.add("total_budget", m);
            0
        });
        let mut cooperative_ids = self.cooperative_ids;
        cooperative_ids.sort_unstable();
        cooperative_ids.dedup();
        errors.into_result(ValidProgramme {
            name,
            agency_id: self.agency_id.unwrap_or_default(),
            description,
            total_budget_cents,
            cooperative_ids,
        })
    }
}

/// Parses an amount in euros into cents. Accepts `1234`, `1234.5`, `1234,50`,
/// `1.234,50`, `1,234.50` and a leading `€`; blank is zero.
pub fn parse_euros(text: &str) -> Result<i64, String> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    let invalid = || format!("`{}` is not an amount in euros such as 793165.00", text.trim());
    // The last separator followed by one or two digits is the decimal one;
    // every other separator groups thousands.
    let split_at = cleaned
        .rfind([',', '.'])
        .filter(|&i| (1..=2).contains(&(cleaned.len() - i - 1)));
    let (whole, fraction) = match split_at {
        Some(i) => (&cleaned[..i], &cleaned[i + 1..]),
        None => (cleaned.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != ',' && *c != '.').collect();
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    let euros: i64 = whole.parse().map_err(|_| invalid())?;
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    let cents = euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .ok_or_else(invalid)?;
    crate::consortium::Money::bounded(cents).map(crate::consortium::Money::cents)
}

/// Cents as euros for people: `€793,165.00`.
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}€{grouped}.{:02}", cents % 100)
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
            errors.add("number", "rounds are numbered 1, 2, 3, …");
        }
        if end < start {
            errors.add("end_date", "the round must end on or after its start");
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
        let budget_cents = parse_euros(&self.budget).unwrap_or_else(|m| {
            errors.add("budget", m);
            0
        });
        let eligibility = if self.eligibility.trim().is_empty() {
            Rule::everyone()
        } else {
            Rule::parse_json(&self.eligibility).unwrap_or_else(|problems| {
                errors.add("eligibility", problems.join("; "));
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
            assert_eq!(parse_euros(text), Ok(79_316_500), "{text}");
        }
        assert_eq!(parse_euros(""), Ok(0));
        assert_eq!(parse_euros("12,5"), Ok(1250));
    }

    #[test]
    fn words_and_negative_amounts_are_not_euros() {
        for text in ["lots", "-5", "12.3.4a", "1,2x"] {
            assert!(parse_euros(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_budget_beyond_a_billion_euros_is_refused_rather_than_summed() {
        assert_eq!(parse_euros("1.000.000.000,00"), Ok(100_000_000_000));
        assert!(parse_euros("1.000.000.000,01").is_err());
        assert!(parse_euros("92233720368547758").is_err());
    }

    #[test]
    fn cents_are_shown_as_euros_with_thousands_grouped() {
        assert_eq!(format_euros(79_316_500), "€793,165.00");
        assert_eq!(format_euros(5), "€0.05");
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
            prop_assert_eq!(parse_euros(&format_euros(cents)), Ok(cents));
        }
    }
}
