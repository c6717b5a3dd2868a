//! Eligibility rules as data: who a funding stream (or a service) is for.
//!
//! In ALI each round was paid by funding streams with different target groups:
//! the Poverty Fund only for minimum-income (RdC) recipients, the National
//! Operational Programme "Social Inclusion" for wider social marginality
//! (source `002_…txt`, §"Selection"). A rule is stored as JSON, built from
//! conditions on a person's recorded attributes combined with `all`, `any` and
//! `not`, and evaluated here with an explanation a social worker can read.
//!
//! Attributes are often not recorded yet, so a rule answers in three values
//! (Kleene's logic): yes, no, or "cannot tell" naming what is missing. A
//! condition on a missing attribute is unknown; `all` is no as soon as one part
//! is no, `any` is yes as soon as one part is yes. `not` swaps yes and no.

pub mod builder;
mod explain;
#[cfg(test)]
mod tests;

pub use builder::ConditionFacts;
pub use explain::{Explanation, PartKind};

use super::household::{EmploymentStatus, Gender, age_on};
use crate::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

/// The answer of a rule for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Eligible,
    NotEligible,
    /// Some attribute the rule needs is not recorded.
    CannotTell,
}

impl Verdict {
    fn not(self) -> Verdict {
        match self {
            Verdict::Eligible => Verdict::NotEligible,
            Verdict::NotEligible => Verdict::Eligible,
            Verdict::CannotTell => Verdict::CannotTell,
        }
    }

    fn known(value: Option<bool>) -> Verdict {
        match value {
            Some(true) => Verdict::Eligible,
            Some(false) => Verdict::NotEligible,
            None => Verdict::CannotTell,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Eligible => "eligible",
            Verdict::NotEligible => "not_eligible",
            Verdict::CannotTell => "cannot_tell",
        }
    }
}

/// An inclusive range of whole numbers; an open end is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

impl Range {
    pub fn contains(self, value: u32) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value <= max)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(min), Some(max)) if min == max => write!(f, "{min}"),
            (Some(min), Some(max)) => write!(f, "{min} to {max}"),
            (Some(min), None) => write!(f, "{min} or more"),
            (None, Some(max)) => write!(f, "{max} or less"),
            (None, None) => f.write_str("any"),
        }
    }
}

// Dates in rules are written as people write them: `2020-10-01`.
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// An age range, measured on a fixed date (e.g. a round's start) or, without
/// one, on the date the rule is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "iso_date::option")]
    pub on: Option<Date>,
}

/// An eligibility rule. Its JSON form is externally tagged and reads as it is
/// meant: `{"all": [{"minimum_income": true}, {"age": {"min": 18, "max": 64}}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Every part holds (true when there are no parts).
    All(Vec<Rule>),
    /// At least one part holds (false when there are no parts).
    Any(Vec<Rule>),
    Not(Box<Rule>),
    /// Receives the minimum income (in ALI: Reddito di Cittadinanza).
    MinimumIncome(bool),
    SingleParent(bool),
    /// Has a certified disability.
    Disability(bool),
    Gender(Gender),
    Age(AgeRange),
    HouseholdSize(Range),
    /// ISCED 2011 level, 0 to 8.
    EducationLevel(Range),
    /// Lives in one of these municipalities (compared ignoring case).
    ResidenceIn(Vec<String>),
    /// Born in one of these countries (ISO 3166-1 alpha-2).
    CountryOfBirthIn(Vec<String>),
    /// A citizen of one of these countries (ISO 3166-1 alpha-2).
    CitizenshipIn(Vec<String>),
    EmploymentStatusIn(Vec<EmploymentStatus>),
}

/// What a rule may ask about a person; `None` is "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub birth_date: Option<Date>,
    /// Used when only the birth year is known: the age is then the age reached
    /// in the year of the reference date.
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    pub residence_municipality: Option<String>,
    pub household_size: Option<u32>,
    pub single_parent: Option<bool>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    pub employment_status: Option<EmploymentStatus>,
    pub education_level: Option<u8>,
}

impl Person {
    /// Age in whole years on a date, from the birth date or else the birth year.
    pub fn age_on(&self, on: Date) -> Option<i32> {
        match (self.birth_date, self.birth_year) {
            (Some(birth), _) => Some(age_on(birth, on)),
            (None, Some(year)) => Some(on.year() - year),
            (None, None) => None,
        }
    }
}

/// How deeply rules may nest: deeper rules are not written by people.
pub const MAX_DEPTH: usize = 12;

impl Rule {
    /// The rule that lets everyone in (`{"all": []}`), the stored default.
    pub fn everyone() -> Rule {
        Rule::All(Vec::new())
    }

    /// Reads a stored or submitted rule and checks it (see [`Rule::problems`]).
    pub fn parse_json(text: &str) -> Result<Rule, Vec<Message>> {
        let rule: Rule =
            serde_json::from_str(text).map_err(|e| vec![msg!("error-rule-json", detail = e.to_string())])?;
        let problems = rule.problems();
        if problems.is_empty() { Ok(rule) } else { Err(problems) }
    }

    pub fn to_json(&self) -> String {
        // Serialising a rule cannot fail: it holds only strings, numbers and dates.
        serde_json::to_string(self).unwrap_or_else(|_| "{\"all\":[]}".to_owned())
    }

    /// What is wrong with a rule that parses but cannot mean anything: an empty
    /// range, a list with nothing in it, a country code that is not one.
    pub fn problems(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        self.collect_problems(1, &mut problems);
        problems
    }

    fn collect_problems(&self, depth: usize, problems: &mut Vec<Message>) {
        if depth > MAX_DEPTH {
            problems.push(msg!("error-rule-depth", max = MAX_DEPTH));
            return;
        }
        // `what` is the condition's word (`age`, `citizenship`), which the
        // message turns into the reader's language.
        let range = |min: Option<u32>, max: Option<u32>, what: &str, problems: &mut Vec<Message>| {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                problems.push(msg!("error-rule-range", condition = what, min = min, max = max));
            }
        };
        let list = |items: &[String], what: &str, problems: &mut Vec<Message>| {
            if items.is_empty() {
                problems.push(msg!("error-rule-empty-list", condition = what));
            }
        };
        let countries = |items: &[String], what: &str, problems: &mut Vec<Message>| {
            list(items, what, problems);
            for code in items {
                if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                    problems.push(msg!("error-rule-country", condition = what, code = code));
                }
            }
        };
        match self {
            Rule::All(parts) | Rule::Any(parts) => {
                for part in parts {
                    part.collect_problems(depth + 1, problems);
                }
            }
            Rule::Not(inner) => inner.collect_problems(depth + 1, problems),
            Rule::Age(age) => range(age.min, age.max, "age", problems),
            Rule::HouseholdSize(r) => range(r.min, r.max, "household_size", problems),
            Rule::EducationLevel(r) => {
                range(r.min, r.max, "education_level", problems);
                if r.min.is_some_and(|v| v > 8) || r.max.is_some_and(|v| v > 8) {
                    problems.push(msg!("error-rule-isced"));
                }
            }
            Rule::ResidenceIn(items) => list(items, "residence", problems),
            Rule::CountryOfBirthIn(items) => countries(items, "country_of_birth", problems),
            Rule::CitizenshipIn(items) => countries(items, "citizenship", problems),
            Rule::EmploymentStatusIn(items) => {
                if items.is_empty() {
                    problems.push(msg!("error-rule-empty-list", condition = "employment_status"));
                }
            }
            Rule::MinimumIncome(_) | Rule::SingleParent(_) | Rule::Disability(_) | Rule::Gender(_) => {}
        }
    }

    /// Whether a service with this rule of its own may give the person a place
    /// (matching): only when the rule says eligible. A person it cannot tell
    /// about is not admitted — the eligibility page shows what is missing.
    pub fn admits(&self, person: &Person, on: Date) -> bool {
        self.evaluate(person, on) == Verdict::Eligible
    }

    /// Whether the person is eligible, with `on` the date ages are measured on
    /// when the rule does not fix one.
    pub fn evaluate(&self, person: &Person, on: Date) -> Verdict {
        match self {
            Rule::All(parts) => {
                parts
                    .iter()
                    .fold(Verdict::Eligible, |acc, part| match (acc, part.evaluate(person, on)) {
                        (Verdict::NotEligible, _) | (_, Verdict::NotEligible) => Verdict::NotEligible,
                        (Verdict::CannotTell, _) | (_, Verdict::CannotTell) => Verdict::CannotTell,
                        _ => Verdict::Eligible,
                    })
            }
            Rule::Any(parts) => parts.iter().fold(Verdict::NotEligible, |acc, part| {
                match (acc, part.evaluate(person, on)) {
                    (Verdict::Eligible, _) | (_, Verdict::Eligible) => Verdict::Eligible,
                    (Verdict::CannotTell, _) | (_, Verdict::CannotTell) => Verdict::CannotTell,
                    _ => Verdict::NotEligible,
                }
            }),
            Rule::Not(inner) => inner.evaluate(person, on).not(),
            condition => Verdict::known(condition.holds(person, on)),
        }
    }

    /// A condition's truth for the person; `None` when the attribute is not recorded.
    fn holds(&self, person: &Person, on: Date) -> Option<bool> {
        let in_list = |value: &Option<String>, items: &[String]| {
            value
                .as_ref()
                .map(|v| items.iter().any(|item| item.eq_ignore_ascii_case(v.trim())))
        };
        match self {
            Rule::MinimumIncome(wanted) => person.minimum_income.map(|v| v == *wanted),
            Rule::SingleParent(wanted) => person.single_parent.map(|v| v == *wanted),
            Rule::Disability(wanted) => person.disability.map(|v| v == *wanted),
            Rule::Gender(wanted) => person.gender.map(|g| g == *wanted),
            Rule::Age(range) => person.age_on(range.on.unwrap_or(on)).map(|age| {
                u32::try_from(age).is_ok_and(|age| {
                    Range {
                        min: range.min,
                        max: range.max,
                    }
                    .contains(age)
                })
            }),
            Rule::HouseholdSize(range) => person.household_size.map(|size| range.contains(size)),
            Rule::EducationLevel(range) => person.education_level.map(|level| range.contains(u32::from(level))),
            Rule::ResidenceIn(items) => in_list(&person.residence_municipality, items),
            Rule::CountryOfBirthIn(items) => in_list(&person.country_of_birth, items),
            Rule::CitizenshipIn(items) => in_list(&person.citizenship, items),
            Rule::EmploymentStatusIn(items) => person.employment_status.map(|s| items.contains(&s)),
            Rule::All(_) | Rule::Any(_) | Rule::Not(_) => None,
        }
    }

    /// What the rule asks for, in words: `(receives minimum income and aged 18 or more)`.
    pub fn describe(&self) -> String {
        explain::describe(self)
    }

    /// The verdict with the reasons behind it (see [`Explanation`]).
    pub fn explain(&self, person: &Person, on: Date) -> Explanation {
        explain::explain(self, person, on, false)
    }
}
