//! The ESF+ common indicators for participants, computed from the records.
//!
//! Source: Regulation (EU) 2021/1057 (ESF+), Annex I, "Common indicators for
//! general support from the ESF+ strand under shared management". Point 1.1
//! lists the common output indicators for participants, point 1.2 the other
//! output indicators, point 2 the common immediate result indicators ("upon
//! leaving") and point 3 the common longer-term result indicators ("six months
//! after leaving"). Personal data are broken down by gender; data on
//! disability, minorities and homelessness may be missing where the
//! participant does not declare them (Annex I, footnote to point 1.2), so such
//! indicators count only declared answers and report how many were not recorded.
//!
//! A *participant* here is a household member whose path reached an active
//! project (ALI's "activated" members): the person who benefits directly and
//! for whom expenditure is earmarked. *Entry* is the project's start; *leaving*
//! is its closure.

use crate::ids::HouseholdId;
use crate::pathways::closure::Outcome;
use crate::pathways::household::{EmploymentStatus, Gender};
use serde::Serialize;
use time::Date;

/// Member States of the European Union (ISO 3166-1 alpha-2), for "third-country nationals".
pub const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// What the indicators need to know about one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantFacts {
    pub household_id: HouseholdId,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub entered_on: Option<Date>,
    pub employment_status: Option<EmploymentStatus>,
    pub isced: Option<u8>,
    pub disability: Option<bool>,
    pub citizenship: Option<String>,
    pub country_of_birth: Option<String>,
    pub minority: Option<bool>,
    pub housing_exclusion: Option<bool>,
    /// Set when the project was closed.
    pub left_with: Option<Outcome>,
    /// Status recorded at the 6-month follow-up.
    pub status_after_six_months: Option<EmploymentStatus>,
}

/// One indicator: its identifier, the Annex I reference, and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub id: &'static str,
    pub reference: &'static str,
    pub women: u64,
    pub men: u64,
    /// Participants whose gender is not recorded.
    pub gender_not_recorded: u64,
    pub total: u64,
    /// Participants for whom the underlying attribute is not recorded.
    pub not_recorded: u64,
}

/// How a participant stands with respect to one indicator.
enum Answer {
    Yes,
    No,
    Unknown,
}

fn answer(value: Option<bool>) -> Answer {
    match value {
        Some(true) => Answer::Yes,
        Some(false) => Answer::No,
        None => Answer::Unknown,
    }
}

fn age_at_entry(p: &ParticipantFacts) -> Option<i32> {
    Some(p.entered_on?.year() - p.birth_year?)
}

fn is_third_country(code: &str) -> bool {
    !EU_MEMBER_STATES.contains(&code)
}

type Rule = fn(&ParticipantFacts) -> Option<bool>;

/// The indicators, in the order of Annex I, each with its rule.
pub const DEFINITIONS: [(&str, &str, Rule); 23] = [
    ("participants", "Annex I, 1.1: total number of participants", |_| {
        Some(true)
    }),
    (
        "unemployed",
        "Annex I, 1.1: unemployed, including long-term unemployed",
        |p| {
            p.employment_status
                .map(|s| matches!(s, EmploymentStatus::Unemployed | EmploymentStatus::LongTermUnemployed))
        },
    ),
    ("long_term_unemployed", "Annex I, 1.1: long-term unemployed", |p| {
        p.employment_status.map(|s| s == EmploymentStatus::LongTermUnemployed)
    }),
    ("inactive", "Annex I, 1.1: inactive", |p| {
        p.employment_status.map(|s| {
            matches!(
                s,
                EmploymentStatus::Inactive | EmploymentStatus::Student | EmploymentStatus::Retired
            )
        })
    }),
    ("employed", "Annex I, 1.1: employed, including self-employed", |p| {
        p.employment_status
            .map(|s| matches!(s, EmploymentStatus::Employed | EmploymentStatus::SelfEmployed))
    }),
    (
        "below_18",
        "Annex I, 1.1: number of children below 18 years of age",
        |p| age_at_entry(p).map(|a| a < 18),
    ),
    (
        "aged_18_29",
        "Annex I, 1.1: young people between 18 and 29 years of age",
        |p| age_at_entry(p).map(|a| (18..=29).contains(&a)),
    ),
    (
        "aged_55_plus",
        "Annex I, 1.1: participants of 55 years of age and above",
        |p| age_at_entry(p).map(|a| a >= 55),
    ),
    (
        "isced_0_2",
        "Annex I, 1.1: with lower secondary education or less (ISCED 0-2)",
        |p| p.isced.map(|l| l <= 2),
    ),
    (
        "isced_3_4",
        "Annex I, 1.1: with upper secondary (ISCED 3) or post-secondary education (ISCED 4)",
        |p| p.isced.map(|l| (3..=4).contains(&l)),
    ),
    (
        "isced_5_8",
        "Annex I, 1.1: with tertiary education (ISCED 5 to 8)",
        |p| p.isced.map(|l| l >= 5),
    ),
    ("disability", "Annex I, 1.2: participants with disabilities", |p| {
        p.disability
    }),
    (
        "third_country_nationals",
        "Annex I, 1.2: third-country nationals",
        |p| p.citizenship.as_deref().map(is_third_country),
    ),
    (
        "foreign_background",
        "Annex I, 1.2: participants with a foreign background",
        |p| {
            // Born abroad or holding a foreign citizenship.
            match (p.country_of_birth.as_deref(), p.citizenship.as_deref()) {
                (None, None) => None,
                (born, citizen) => Some(born.is_some_and(|c| c != "IT") || citizen.is_some_and(|c| c != "IT")),
            }
        },
    ),
    (
        "minorities",
        "Annex I, 1.2: minorities (including marginalised communities such as Roma people)",
        |p| p.minority,
    ),
    (
        "homeless",
        "Annex I, 1.2: homeless or affected by housing exclusion",
        |p| p.housing_exclusion,
    ),
    (
        "left",
        "Annex I, 2: participants who left the operation (base of the result indicators)",
        |p| Some(p.left_with.is_some()),
    ),
    (
        "job_searching_upon_leaving",
        "Annex I, 2: participants engaged in job searching upon leaving",
        |p| p.left_with.map(|o| o == Outcome::ActivatedContinuing),
    ),
    (
        "in_education_upon_leaving",
        "Annex I, 2: participants in education or training upon leaving",
        |p| p.left_with.map(|o| o == Outcome::TrainingCompleted),
    ),
    (
        "qualification_upon_leaving",
        "Annex I, 2: participants gaining a qualification upon leaving",
        |p| p.left_with.map(|o| o == Outcome::QualificationObtained),
    ),
    (
        "employed_upon_leaving",
        "Annex I, 2: participants in employment, including self-employment, upon leaving",
        |p| p.left_with.map(Outcome::is_employment),
    ),
    (
        "employed_six_months_after",
        "Annex I, 3: participants in employment, including self-employment, six months after leaving",
        |p| {
            p.left_with?;
            p.status_after_six_months
                .map(|s| matches!(s, EmploymentStatus::Employed | EmploymentStatus::SelfEmployed))
        },
    ),
    (
        "improved_six_months_after",
        "Annex I, 3: participants with an improved labour market situation six months after leaving",
        |p| {
            p.left_with?;
            Some(improved(p.employment_status?, p.status_after_six_months?))
        },
    ),
];

/// A better labour-market situation: from inactivity to looking for work or
/// to work, from unemployment to work (the ESF+ guidance's reading of "improved").
fn improved(at_entry: EmploymentStatus, later: EmploymentStatus) -> bool {
    use EmploymentStatus::*;
    let rank = |s: EmploymentStatus| match s {
        Inactive | Retired | Student => 0,
        Unemployed | LongTermUnemployed => 1,
        Employed | SelfEmployed => 2,
    };
    rank(later) > rank(at_entry)
}

/// The indicators for a set of participants, plus the households they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicators {
    pub indicators: Vec<Indicator>,
    /// Households with at least one participant (ALI's projects are for households).
    pub households: u64,
}

pub fn compute(participants: &[ParticipantFacts]) -> Indicators {
    let indicators = DEFINITIONS
        .iter()
        .map(|&(id, reference, rule)| {
            let mut indicator = Indicator {
                id,
                reference,
                women: 0,
                men: 0,
                gender_not_recorded: 0,
                total: 0,
                not_recorded: 0,
            };
            for participant in participants {
                match answer(rule(participant)) {
                    Answer::Yes => {
                        indicator.total += 1;
                        match participant.gender {
                            Some(Gender::F) => indicator.women += 1,
                            Some(Gender::M) => indicator.men += 1,
                            None => indicator.gender_not_recorded += 1,
                        }
                    }
                    Answer::No => {}
                    Answer::Unknown => indicator.not_recorded += 1,
                }
            }
            indicator
        })
        .collect();
    let mut households: Vec<HouseholdId> = participants.iter().map(|p| p.household_id).collect();
    households.sort_unstable();
    households.dedup();
    Indicators {
        indicators,
        households: households.len() as u64,
    }
}

#[cfg(test)]
mod tests;
