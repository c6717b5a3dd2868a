//! Why a rule admits a person or not, in words: a tree mirroring the rule, each
//! node with its verdict and a sentence, and a one-line summary naming only the
//! conditions that decided the answer.

use super::builder::{ConditionFacts, facts};
use super::{Person, Range, Rule, Verdict};
use serde::Serialize;
use time::Date;

/// The explanation of one rule (or part of a rule) for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    pub kind: PartKind,
    pub verdict: Verdict,
    /// What this part checks and what the person's record says.
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub parts: Vec<Explanation>,
    /// For a condition: what it checks and the person's value, in parts, so
    /// that a page can word it in the reader's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionFacts>,
}

/// What kind of rule part an explanation node explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    All,
    Any,
    Not,
    Condition,
}

impl Explanation {
    /// The conditions that decided this verdict: for `all` that failed, the
    /// failing parts; for `any` that held, the parts that held; and so on.
    pub fn decisive(&self) -> Vec<&str> {
        match self.kind {
            PartKind::Condition => vec![self.text.as_str()],
            // The inner part's reasons are already worded with the negation.
            PartKind::Not => self.parts.iter().flat_map(Explanation::decisive).collect(),
            PartKind::All | PartKind::Any => self
                .parts
                .iter()
                .filter(|p| p.verdict == self.verdict)
                .flat_map(Explanation::decisive)
                .collect(),
        }
    }

    /// One line for a social worker: the verdict and the conditions behind it.
    pub fn summary(&self) -> String {
        let reasons = self.decisive();
        let head = match self.verdict {
            Verdict::Eligible => "Eligible",
            Verdict::NotEligible => "Not eligible",
            Verdict::CannotTell => "Cannot tell yet",
        };
        if reasons.is_empty() {
            let why = match self.verdict {
                Verdict::Eligible => "the rule admits everyone",
                _ => "the rule admits no one",
            };
            format!("{head}: {why}.")
        } else {
            format!("{head}: {}.", reasons.join("; "))
        }
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn recorded<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map(show).unwrap_or_else(|| "not recorded".to_owned())
}

/// The condition's sentence: `label: the person's value (rule: requirement)`;
/// under an odd number of `not`s the requirement is stated negated.
fn condition_text(rule: &Rule, person: &Person, on: Date, negated: bool) -> String {
    let (label, value, requirement) = match rule {
        Rule::MinimumIncome(w) => (
            "receives minimum income".to_owned(),
            recorded(person.minimum_income, |v| yes_no(v).into()),
            yes_no(*w).to_owned(),
        ),
        Rule::SingleParent(w) => (
            "single parent".to_owned(),
            recorded(person.single_parent, |v| yes_no(v).into()),
            yes_no(*w).to_owned(),
        ),
        Rule::Disability(w) => (
            "certified disability".to_owned(),
            recorded(person.disability, |v| yes_no(v).into()),
            yes_no(*w).to_owned(),
        ),
        Rule::Gender(g) => (
            "gender".to_owned(),
            recorded(person.gender, |v| v.to_string()),
            g.to_string(),
        ),
        Rule::Age(age) => {
            let date = age.on.unwrap_or(on);
            let value = match (person.birth_date, person.birth_year) {
                (Some(_), _) => recorded(person.age_on(date), |a| a.to_string()),
                (None, Some(year)) => format!("{} (born in {year})", date.year() - year),
                (None, None) => "not recorded".to_owned(),
            };
            let range = Range {
                min: age.min,
                max: age.max,
            };
            (format!("age on {date}"), value, range.to_string())
        }
        Rule::HouseholdSize(r) => (
            "household size".to_owned(),
            recorded(person.household_size, |v| v.to_string()),
            r.to_string(),
        ),
        Rule::EducationLevel(r) => (
            "education level (ISCED)".to_owned(),
            recorded(person.education_level, |v| v.to_string()),
            r.to_string(),
        ),
        Rule::ResidenceIn(items) => (
            "residence".to_owned(),
            recorded(person.residence_municipality.clone(), |v| v),
            one_of(items),
        ),
        Rule::CountryOfBirthIn(items) => (
            "country of birth".to_owned(),
            recorded(person.country_of_birth.clone(), |v| v),
            one_of(items),
        ),
        Rule::CitizenshipIn(items) => (
            "citizenship".to_owned(),
            recorded(person.citizenship.clone(), |v| v),
            one_of(items),
        ),
        Rule::EmploymentStatusIn(items) => {
            let names: Vec<String> = items.iter().map(|s| s.as_str().replace('_', " ")).collect();
            (
                "employment status".to_owned(),
                recorded(person.employment_status, |v| v.as_str().replace('_', " ")),
                one_of(&names),
            )
        }
        Rule::All(_) | Rule::Any(_) | Rule::Not(_) => (String::new(), String::new(), String::new()),
    };
    let requirement = if negated {
        format!("not {requirement}")
    } else {
        requirement
    };
    format!("{label}: {value} (rule: {requirement})")
}

/// The person's value of the condition's attribute, as a word or number.
fn with_actual(mut facts: ConditionFacts, rule: &Rule, person: &Person, on: Date) -> ConditionFacts {
    let word = |v: bool| yes_no(v).to_owned();
    facts.actual = match rule {
        Rule::MinimumIncome(_) => person.minimum_income.map(word),
        Rule::SingleParent(_) => person.single_parent.map(word),
        Rule::Disability(_) => person.disability.map(word),
        Rule::Gender(_) => person.gender.map(|g| g.as_str().to_owned()),
        Rule::Age(age) => {
            let date = age.on.unwrap_or(on);
            facts.on = Some(date);
            person.age_on(date).map(|a| a.to_string())
        }
        Rule::HouseholdSize(_) => person.household_size.map(|v| v.to_string()),
        Rule::EducationLevel(_) => person.education_level.map(|v| v.to_string()),
        Rule::ResidenceIn(_) => person.residence_municipality.clone(),
        Rule::CountryOfBirthIn(_) => person.country_of_birth.clone(),
        Rule::CitizenshipIn(_) => person.citizenship.clone(),
        Rule::EmploymentStatusIn(_) => person.employment_status.map(|s| s.as_str().to_owned()),
        Rule::All(_) | Rule::Any(_) | Rule::Not(_) => None,
    };
    facts
}

fn one_of(items: &[String]) -> String {
    match items {
        [single] => single.clone(),
        _ => format!("one of {}", items.join(", ")),
    }
}

pub(super) fn explain(rule: &Rule, person: &Person, on: Date, negated: bool) -> Explanation {
    let verdict = rule.evaluate(person, on);
    match rule {
        Rule::All(parts) | Rule::Any(parts) => Explanation {
            kind: if matches!(rule, Rule::All(_)) {
                PartKind::All
            } else {
                PartKind::Any
            },
            verdict,
            text: if matches!(rule, Rule::All(_)) {
                "all of these"
            } else {
                "at least one of these"
            }
            .to_owned(),
            parts: parts.iter().map(|p| explain(p, person, on, negated)).collect(),
            condition: None,
        },
        Rule::Not(inner) => Explanation {
            kind: PartKind::Not,
            verdict,
            text: "not this".to_owned(),
            parts: vec![explain(inner, person, on, !negated)],
            condition: None,
        },
        condition => Explanation {
            kind: PartKind::Condition,
            verdict,
            text: condition_text(condition, person, on, negated),
            parts: Vec::new(),
            condition: facts(condition, negated).map(|f| with_actual(f, condition, person, on)),
        },
    }
}

/// A rule in words, without a person: what the rule asks for.
pub(super) fn describe(rule: &Rule) -> String {
    let list = |parts: &[Rule], joiner: &str| parts.iter().map(describe).collect::<Vec<_>>().join(joiner);
    match rule {
        Rule::All(parts) if parts.is_empty() => "everyone".to_owned(),
        Rule::Any(parts) if parts.is_empty() => "no one".to_owned(),
        Rule::All(parts) if parts.len() == 1 => describe(&parts[0]),
        Rule::Any(parts) if parts.len() == 1 => describe(&parts[0]),
        Rule::All(parts) => format!("({})", list(parts, " and ")),
        Rule::Any(parts) => format!("({})", list(parts, " or ")),
        Rule::Not(inner) => format!("not {}", describe(inner)),
        Rule::MinimumIncome(w) => if *w {
            "receives minimum income"
        } else {
            "does not receive minimum income"
        }
        .into(),
        Rule::SingleParent(w) => if *w { "single parent" } else { "not a single parent" }.into(),
        Rule::Disability(w) => if *w {
            "with a certified disability"
        } else {
            "without a certified disability"
        }
        .into(),
        Rule::Gender(g) => format!("gender {g}"),
        Rule::Age(age) => {
            let range = Range {
                min: age.min,
                max: age.max,
            };
            match age.on {
                Some(on) => format!("aged {range} on {on}"),
                None => format!("aged {range}"),
            }
        }
        Rule::HouseholdSize(r) => format!("household of {r}"),
        Rule::EducationLevel(r) => format!("education level (ISCED) {r}"),
        Rule::ResidenceIn(items) => format!("living in {}", one_of(items)),
        Rule::CountryOfBirthIn(items) => format!("born in {}", one_of(items)),
        Rule::CitizenshipIn(items) => format!("citizen of {}", one_of(items)),
        Rule::EmploymentStatusIn(items) => {
            let names: Vec<String> = items.iter().map(|s| s.as_str().replace('_', " ")).collect();
            format!("employment status {}", one_of(&names))
        }
    }
}
