//! Eligibility rules and explanations in the reader's language: the domain
//! gives each condition in parts (attribute, operator, values, the person's
//! value) and the words come from Fluent (`eligibility-*` in programmes.ftl).

use crate::i18n::Tr;
use filiera_domain::pathways::eligibility::builder::{Attribute, ValueKind, facts};
use filiera_domain::pathways::eligibility::{ConditionFacts, Explanation, PartKind, Rule, Verdict};

/// A value of an attribute as people read it.
pub fn value_words(t: &Tr, attribute: Attribute, value: &str) -> String {
    match (attribute.value_kind(), attribute) {
        (ValueKind::YesNo, _) => t.word("eligibility-value", value),
        (ValueKind::Gender, _) => t.word("eligibility-gender", value),
        (_, Attribute::EmploymentStatus) => t.word("employment", value),
        _ => value.to_owned(),
    }
}

/// One condition: `receives minimum income`, `age between 18 and 64`.
pub fn condition_words(t: &Tr, facts: &ConditionFacts) -> String {
    let attribute = facts.attribute;
    let mut words = if attribute.value_kind() == ValueKind::YesNo {
        let wanted = facts.expected.first().map(String::as_str).unwrap_or("yes");
        t.get(&format!("eligibility-bool-{}-{wanted}", attribute.as_str()))
    } else {
        let values: Vec<String> = facts.expected.iter().map(|v| value_words(t, attribute, v)).collect();
        let joined = match facts.operator {
            "between" | "not_between" => values.join(&format!(" {} ", t.get("eligibility-and-word"))),
            _ => values.join(", "),
        };
        format!(
            "{} {} {joined}",
            t.word("eligibility-attribute", attribute.as_str()),
            t.word("eligibility-op", facts.operator)
        )
    };
    if let Some(on) = facts.on {
        words.push(' ');
        words.push_str(&t.with("eligibility-on-date", "date", on));
    }
    words
}

/// A whole rule in words, nested parts in parentheses.
pub fn rule_words(t: &Tr, rule: &Rule) -> String {
    words(t, rule, false, true)
}

fn words(t: &Tr, rule: &Rule, negated: bool, top: bool) -> String {
    let list = |parts: &[Rule], joiner: &str| {
        let inner: Vec<String> = parts.iter().map(|p| words(t, p, negated, false)).collect();
        let text = inner.join(&format!(" {} ", t.get(joiner)));
        if top { text } else { format!("({text})") }
    };
    match rule {
        Rule::All(parts) if parts.is_empty() => t.get("eligibility-everyone"),
        Rule::Any(parts) if parts.is_empty() => t.get("eligibility-no-one"),
        Rule::All(parts) | Rule::Any(parts) if parts.len() == 1 => words(t, &parts[0], negated, top),
        // Under a negation "all" turns into "any" (De Morgan), so the words stay right.
        Rule::All(parts) => list(parts, if negated { "eligibility-or" } else { "eligibility-and" }),
        Rule::Any(parts) => list(parts, if negated { "eligibility-and" } else { "eligibility-or" }),
        Rule::Not(inner) => words(t, inner, !negated, top),
        condition => facts(condition, negated)
            .map(|f| condition_words(t, &f))
            .unwrap_or_default(),
    }
}

/// One checked condition, for the eligibility page.
pub struct ConditionLine {
    pub verdict: &'static str,
    pub mark: &'static str,
    pub condition: String,
    pub recorded: String,
}

/// Every condition of an explanation, in the rule's order.
pub fn condition_lines(t: &Tr, explanation: &Explanation) -> Vec<ConditionLine> {
    let mut lines = Vec::new();
    collect(t, explanation, &mut lines);
    lines
}

fn collect(t: &Tr, node: &Explanation, lines: &mut Vec<ConditionLine>) {
    if node.kind != PartKind::Condition {
        for part in &node.parts {
            collect(t, part, lines);
        }
        return;
    }
    let Some(facts) = &node.condition else {
        return;
    };
    lines.push(ConditionLine {
        verdict: node.verdict.as_str(),
        mark: match node.verdict {
            Verdict::Eligible => "✓",
            Verdict::NotEligible => "✗",
            Verdict::CannotTell => "?",
        },
        condition: condition_words(
            t,
            &ConditionFacts {
                on: None,
                ..facts.clone()
            },
        ),
        recorded: match &facts.actual {
            Some(value) => value_words(t, facts.attribute, value),
            None => t.get("eligibility-not-recorded"),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use filiera_domain::pathways::eligibility::builder::{ConditionRow, build};

    fn rule() -> Rule {
        let row = |a: &str, o: &str, v: &str| ConditionRow {
            attribute: a.into(),
            operator: o.into(),
            value: v.into(),
        };
        build(
            "all",
            &[
                row("minimum_income", "is", "yes"),
                row("age", "between", "18-64"),
                row("citizenship", "is_not", "FR"),
            ],
        )
        .expect("a rule")
    }

    #[test]
    fn a_rule_reads_in_english_and_in_italian() {
        assert_eq!(
            rule_words(&Tr::new("en"), &rule()),
            "receives minimum income and age between 18 and 64 and citizenship is not FR"
        );
        assert_eq!(
            rule_words(&Tr::new("it"), &rule()),
            "riceve il reddito minimo e età tra 18 e 64 e cittadinanza non è FR"
        );
    }
}
