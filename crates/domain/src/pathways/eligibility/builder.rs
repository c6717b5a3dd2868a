//! Rules without JSON: a programme manager picks, for each condition, an
//! attribute, an operator and types a value, and says whether all of them or
//! any of them must hold. The result is an ordinary [`Rule`], stored as JSON.
//!
//! The way back — a condition of a rule as attribute, operator and values —
//! is [`facts`]: the pages word it in the reader's language, and explanations
//! carry it beside their English sentence.

use super::{AgeRange, Range, Rule};
use crate::Message;
use crate::msg;
use crate::pathways::household::{EmploymentStatus, Gender, word_enum};
use crate::validation::ValidationErrors;
use serde::Serialize;
use time::Date;

word_enum!(
    /// What a condition asks about a person.
    Attribute {
        MinimumIncome => "minimum_income",
        SingleParent => "single_parent",
        Disability => "disability",
        Gender => "gender",
        Age => "age",
        HouseholdSize => "household_size",
        EducationLevel => "education_level",
        Residence => "residence",
        CountryOfBirth => "country_of_birth",
        Citizenship => "citizenship",
        EmploymentStatus => "employment_status",
    }
);

word_enum!(
    /// How the person's value is compared with the typed one.
    Operator {
        Is => "is",
        IsNot => "is_not",
        AtLeast => "at_least",
        AtMost => "at_most",
        Between => "between",
        OneOf => "one_of",
        NotOneOf => "not_one_of",
    }
);

word_enum!(
    /// Whether every condition must hold, or one is enough.
    Combine {
        All => "all",
        Any => "any",
    }
);

/// What a value of an attribute looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    YesNo,
    Gender,
    Number,
    List,
}

impl Attribute {
    pub fn value_kind(self) -> ValueKind {
        match self {
            Attribute::MinimumIncome | Attribute::SingleParent | Attribute::Disability => ValueKind::YesNo,
            Attribute::Gender => ValueKind::Gender,
            Attribute::Age | Attribute::HouseholdSize | Attribute::EducationLevel => ValueKind::Number,
            Attribute::Residence | Attribute::CountryOfBirth | Attribute::Citizenship | Attribute::EmploymentStatus => {
                ValueKind::List
            }
        }
    }

    /// The operators that make sense for this attribute.
    pub fn operators(self) -> &'static [Operator] {
        match self.value_kind() {
            ValueKind::YesNo | ValueKind::Gender => &[Operator::Is, Operator::IsNot],
            ValueKind::Number => &[Operator::Is, Operator::AtLeast, Operator::AtMost, Operator::Between],
            ValueKind::List => &[Operator::Is, Operator::IsNot, Operator::OneOf, Operator::NotOneOf],
        }
    }
}

/// One row of the builder, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionRow {
    pub attribute: String,
    pub operator: String,
    pub value: String,
}

impl ConditionRow {
    pub fn is_blank(&self) -> bool {
        self.attribute.trim().is_empty() && self.value.trim().is_empty()
    }
}

/// The field name the builder's errors use for row `index` (from 0): rows
/// are counted from 1 for people, `condition-1` is the first.
pub fn row_field(index: usize) -> String {
    format!("condition-{}", index + 1)
}

/// Builds the rule; blank rows are skipped and no condition at all admits
/// everyone. Each problem names its row (see [`row_field`]).
pub fn build(combine: &str, rows: &[ConditionRow]) -> Result<Rule, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let combine = match combine.trim() {
        "" => Combine::All,
        text => text.parse().unwrap_or_else(|m: Message| {
            errors.add("combine", m);
            Combine::All
        }),
    };
    let mut parts = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        match condition(row) {
            Ok(rule) => {
                let problems = rule.problems();
                if problems.is_empty() {
                    parts.push(rule);
                } else {
                    problems.into_iter().for_each(|p| errors.add(&row_field(index), p));
                }
            }
            Err(message) => errors.add(&row_field(index), message),
        }
    }
    let rule = match (parts.is_empty(), combine) {
        (true, _) => Rule::everyone(),
        (false, Combine::All) => Rule::All(parts),
        (false, Combine::Any) => Rule::Any(parts),
    };
    errors.into_result(rule)
}

fn condition(row: &ConditionRow) -> Result<Rule, Message> {
    let attribute: Attribute = row
        .attribute
        .trim()
        .parse()
        .map_err(|_| msg!("error-condition-attribute"))?;
    let operator: Operator = match row.operator.trim() {
        "" => Operator::Is,
        text => text.parse()?,
    };
    if !attribute.operators().contains(&operator) {
        return Err(msg!(
            "error-condition-operator",
            operator = operator.to_string(),
            attribute = attribute.to_string()
        ));
    }
    let value = row.value.trim();
    if value.is_empty() {
        return Err(msg!("error-condition-value"));
    }
    let negate = matches!(operator, Operator::IsNot | Operator::NotOneOf);
    let rule = match attribute.value_kind() {
        ValueKind::YesNo => {
            let wanted = yes_no(value)? != negate;
            return Ok(match attribute {
                Attribute::MinimumIncome => Rule::MinimumIncome(wanted),
                Attribute::SingleParent => Rule::SingleParent(wanted),
                _ => Rule::Disability(wanted),
            });
        }
        ValueKind::Gender => Rule::Gender(gender(value)?),
        ValueKind::Number => {
            let range = range(operator, value)?;
            match attribute {
                Attribute::Age => Rule::Age(AgeRange {
                    min: range.min,
                    max: range.max,
                    on: None,
                }),
                Attribute::HouseholdSize => Rule::HouseholdSize(range),
                _ => Rule::EducationLevel(range),
            }
        }
        ValueKind::List => {
            let items: Vec<String> = value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            match attribute {
                Attribute::Residence => Rule::ResidenceIn(items),
                Attribute::CountryOfBirth => Rule::CountryOfBirthIn(items.iter().map(|c| c.to_uppercase()).collect()),
                Attribute::Citizenship => Rule::CitizenshipIn(items.iter().map(|c| c.to_uppercase()).collect()),
                _ => Rule::EmploymentStatusIn(
                    items
                        .iter()
                        .map(|s| s.to_lowercase().replace([' ', '-'], "_").parse::<EmploymentStatus>())
                        .collect::<Result<_, _>>()?,
                ),
            }
        }
    };
    Ok(if negate { Rule::Not(Box::new(rule)) } else { rule })
}

fn yes_no(text: &str) -> Result<bool, Message> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "sì" | "si" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(msg!("error-yes-no", value = text)),
    }
}

fn gender(text: &str) -> Result<Gender, Message> {
    match text.to_lowercase().as_str() {
        "m" | "male" | "man" | "men" | "uomo" | "maschio" => Ok(Gender::M),
        "f" | "female" | "woman" | "women" | "donna" | "femmina" => Ok(Gender::F),
        _ => Err(msg!("error-gender", value = text)),
    }
}

fn number(text: &str) -> Result<u32, Message> {
    text.trim()
        .parse()
        .map_err(|_| msg!("error-not-whole-number", value = text.trim()))
}

/// `18`, or for `between` two numbers: `18-64`, `18 – 64`, `18 and 64`, `18 e 64`.
fn range(operator: Operator, text: &str) -> Result<Range, Message> {
    match operator {
        Operator::Between => {
            let normalised = text
                .replace(['–', '—', ','], "-")
                .replace(" and ", "-")
                .replace(" e ", "-")
                .replace(" to ", "-");
            let (low, high) = normalised
                .split_once('-')
                .ok_or_else(|| msg!("error-two-numbers", value = text))?;
            Ok(Range {
                min: Some(number(low)?),
                max: Some(number(high)?),
            })
        }
        Operator::AtLeast => Ok(Range {
            min: Some(number(text)?),
            max: None,
        }),
        Operator::AtMost => Ok(Range {
            min: None,
            max: Some(number(text)?),
        }),
        _ => {
            let n = number(text)?;
            Ok(Range {
                min: Some(n),
                max: Some(n),
            })
        }
    }
}

/// A condition of a rule in parts, for wording it in any language:
/// `attribute operator expected…`, e.g. `age between [18, 64]`. The operator
/// already includes any negation (`is_not`, `not_one_of`, `less_than`,
/// `more_than`, `not_between`); yes/no values are `yes` and `no`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionFacts {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub attribute: Attribute,
    pub operator: &'static str,
    pub expected: Vec<String>,
    /// The person's value (`None`: not recorded); absent when no person is checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The date ages are measured on, when the rule or the check fixes one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[serde(with = "crate::time_format::iso_date::option")]
    pub on: Option<Date>,
}

fn yes_no_word(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

fn range_facts(range: Range, negated: bool) -> (&'static str, Vec<String>) {
    match (range.min, range.max, negated) {
        (Some(a), Some(b), false) if a == b => ("is", vec![a.to_string()]),
        (Some(a), Some(b), true) if a == b => ("is_not", vec![a.to_string()]),
        (Some(a), Some(b), false) => ("between", vec![a.to_string(), b.to_string()]),
        (Some(a), Some(b), true) => ("not_between", vec![a.to_string(), b.to_string()]),
        (Some(a), None, false) => ("at_least", vec![a.to_string()]),
        (Some(a), None, true) => ("less_than", vec![a.to_string()]),
        (None, Some(b), false) => ("at_most", vec![b.to_string()]),
        (None, Some(b), true) => ("more_than", vec![b.to_string()]),
        (None, None, _) => ("any", Vec::new()),
    }
}

fn list_facts(items: Vec<String>, negated: bool) -> (&'static str, Vec<String>) {
    let operator = match (items.len() == 1, negated) {
        (true, false) => "is",
        (true, true) => "is_not",
        (false, false) => "one_of",
        (false, true) => "not_one_of",
    };
    (operator, items)
}

/// The parts of a single condition (`None` for `all`, `any` and `not`), stated
/// negated under an odd number of `not`s. `actual` is left empty.
pub fn facts(rule: &Rule, negated: bool) -> Option<ConditionFacts> {
    let yes_no = |attribute: Attribute, wanted: bool| {
        // "is not yes" reads better as "is no".
        (attribute, "is", vec![yes_no_word(wanted != negated)], None)
    };
    let (attribute, operator, expected, on) = match rule {
        Rule::All(_) | Rule::Any(_) | Rule::Not(_) => return None,
        Rule::MinimumIncome(w) => yes_no(Attribute::MinimumIncome, *w),
        Rule::SingleParent(w) => yes_no(Attribute::SingleParent, *w),
        Rule::Disability(w) => yes_no(Attribute::Disability, *w),
        Rule::Gender(g) => (
            Attribute::Gender,
            if negated { "is_not" } else { "is" },
            vec![g.as_str().to_owned()],
            None,
        ),
        Rule::Age(age) => {
            let (operator, expected) = range_facts(
                Range {
                    min: age.min,
                    max: age.max,
                },
                negated,
            );
            (Attribute::Age, operator, expected, age.on)
        }
        Rule::HouseholdSize(r) => {
            let (operator, expected) = range_facts(*r, negated);
            (Attribute::HouseholdSize, operator, expected, None)
        }
        Rule::EducationLevel(r) => {
            let (operator, expected) = range_facts(*r, negated);
            (Attribute::EducationLevel, operator, expected, None)
        }
        Rule::ResidenceIn(items) => {
            let (operator, expected) = list_facts(items.clone(), negated);
            (Attribute::Residence, operator, expected, None)
        }
        Rule::CountryOfBirthIn(items) => {
            let (operator, expected) = list_facts(items.clone(), negated);
            (Attribute::CountryOfBirth, operator, expected, None)
        }
        Rule::CitizenshipIn(items) => {
            let (operator, expected) = list_facts(items.clone(), negated);
            (Attribute::Citizenship, operator, expected, None)
        }
        Rule::EmploymentStatusIn(items) => {
            let words = items.iter().map(|s| s.as_str().to_owned()).collect();
            let (operator, expected) = list_facts(words, negated);
            (Attribute::EmploymentStatus, operator, expected, None)
        }
    };
    Some(ConditionFacts {
        attribute,
        operator,
        expected,
        actual: None,
        on,
    })
}

/// The builder's rows for a rule it could have built (one level of `all` or
/// `any` over conditions, each possibly negated); `None` for deeper rules.
pub fn rows_of(rule: &Rule) -> Option<(Combine, Vec<ConditionRow>)> {
    let (combine, parts) = match rule {
        Rule::All(parts) => (Combine::All, parts.as_slice()),
        Rule::Any(parts) => (Combine::Any, parts.as_slice()),
        single => (Combine::All, std::slice::from_ref(single)),
    };
    let rows = parts
        .iter()
        .map(|part| {
            let facts = match part {
                Rule::Not(inner) => facts(inner, true)?,
                other => facts(other, false)?,
            };
            let operator = match facts.operator {
                "not_between" | "less_than" | "more_than" | "any" => return None,
                word => word,
            };
            let value = match facts.operator {
                "between" => facts.expected.join("-"),
                _ => facts.expected.join(", "),
            };
            Some(ConditionRow {
                attribute: facts.attribute.as_str().to_owned(),
                operator: operator.to_owned(),
                value,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((combine, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(attribute: &str, operator: &str, value: &str) -> ConditionRow {
        ConditionRow {
            attribute: attribute.into(),
            operator: operator.into(),
            value: value.into(),
        }
    }

    #[test]
    fn minimum_income_recipients_of_working_age_are_built_without_json() {
        let rule = build(
            "all",
            &[
                row("minimum_income", "is", "yes"),
                row("age", "between", "18 - 64"),
                ConditionRow::default(),
            ],
        )
        .unwrap();
        assert_eq!(
            rule.to_json(),
            r#"{"all":[{"minimum_income":true},{"age":{"min":18,"max":64}}]}"#
        );
    }

    #[test]
    fn no_condition_admits_everyone() {
        assert_eq!(build("any", &[ConditionRow::default()]).unwrap(), Rule::everyone());
    }

    #[test]
    fn a_wrong_value_is_blamed_on_its_row() {
        let errors = build(
            "all",
            &[
                row("gender", "is", "F"),
                row("age", "between", "64-18"),
                row("country_of_birth", "one_of", "Italy"),
            ],
        )
        .unwrap_err();
        assert!(errors.for_field("condition-1").is_none());
        assert!(errors.for_field("condition-2").is_some());
        assert!(errors.for_field("condition-3").is_some());
    }

    #[test]
    fn an_operator_that_does_not_fit_the_attribute_is_refused() {
        let errors = build("all", &[row("minimum_income", "at_least", "3")]).unwrap_err();
        assert!(errors.for_field("condition-1").is_some());
    }

    #[test]
    fn negated_lists_become_not_rules_and_read_back_as_rows() {
        let rule = build(
            "any",
            &[
                row("citizenship", "not_one_of", "it, fr"),
                row("single_parent", "is", "sì"),
            ],
        )
        .unwrap();
        let (combine, rows) = rows_of(&rule).unwrap();
        assert_eq!(combine, Combine::Any);
        assert_eq!(rows[0], row("citizenship", "not_one_of", "IT, FR"));
        assert_eq!(rows[1], row("single_parent", "is", "yes"));
        assert_eq!(build("any", &rows).unwrap(), rule);
    }

    #[test]
    fn facts_state_negations_in_the_operator() {
        let facts = facts(&Rule::MinimumIncome(true), true).unwrap();
        assert_eq!((facts.operator, facts.expected), ("is", vec!["no".to_owned()]));
    }
}
