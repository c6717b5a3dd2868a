use super::*;
use proptest::prelude::*;
use time::macros::date;

const ROUND_START: Date = date!(2020 - 10 - 01);

fn rdc_recipient() -> Person {
    Person {
        birth_date: Some(date!(1986 - 03 - 15)),
        gender: Some(Gender::F),
        country_of_birth: Some("MA".into()),
        citizenship: Some("IT".into()),
        residence_municipality: Some("Pisa".into()),
        household_size: Some(4),
        single_parent: Some(true),
        minimum_income: Some(true),
        employment_status: Some(EmploymentStatus::Unemployed),
        education_level: Some(2),
        ..Default::default()
    }
}

fn poverty_fund() -> Rule {
    Rule::All(vec![
        Rule::MinimumIncome(true),
        Rule::Age(AgeRange {
            min: Some(18),
            max: Some(64),
            on: None,
        }),
    ])
}

#[test]
fn a_minimum_income_recipient_of_working_age_is_eligible_for_the_poverty_fund() {
    let explanation = poverty_fund().explain(&rdc_recipient(), ROUND_START);
    assert_eq!(explanation.verdict, Verdict::Eligible);
    assert_eq!(
        explanation.summary(),
        "Eligible: receives minimum income: yes (rule: yes); age on 2020-10-01: 34 (rule: 18 to 64)."
    );
}

#[test]
fn a_person_without_minimum_income_is_not_eligible_and_only_that_reason_is_given() {
    let person = Person {
        minimum_income: Some(false),
        ..rdc_recipient()
    };
    let explanation = poverty_fund().explain(&person, ROUND_START);
    assert_eq!(explanation.verdict, Verdict::NotEligible);
    assert_eq!(
        explanation.summary(),
        "Not eligible: receives minimum income: no (rule: yes)."
    );
}

#[test]
fn a_missing_attribute_makes_the_answer_cannot_tell_and_names_it() {
    let person = Person {
        minimum_income: None,
        ..rdc_recipient()
    };
    let explanation = poverty_fund().explain(&person, ROUND_START);
    assert_eq!(explanation.verdict, Verdict::CannotTell);
    assert_eq!(
        explanation.summary(),
        "Cannot tell yet: receives minimum income: not recorded (rule: yes)."
    );
}

#[test]
fn a_failing_condition_decides_even_when_another_is_not_recorded() {
    let person = Person {
        minimum_income: Some(false),
        birth_date: None,
        ..rdc_recipient()
    };
    assert_eq!(poverty_fund().evaluate(&person, ROUND_START), Verdict::NotEligible);
}

#[test]
fn an_age_with_only_the_birth_year_is_the_age_reached_in_that_year() {
    let person = Person {
        birth_date: None,
        birth_year: Some(2002),
        ..Default::default()
    };
    let young = Rule::Age(AgeRange {
        max: Some(18),
        ..Default::default()
    });
    assert_eq!(young.evaluate(&person, ROUND_START), Verdict::Eligible);
    assert!(
        young
            .explain(&person, ROUND_START)
            .summary()
            .contains("18 (born in 2002)")
    );
}

#[test]
fn an_age_fixed_on_a_date_ignores_the_evaluation_date() {
    let rule = Rule::Age(AgeRange {
        min: Some(35),
        max: None,
        on: Some(date!(2021 - 04 - 01)),
    });
    assert_eq!(
        rule.evaluate(&rdc_recipient(), date!(2000 - 01 - 01)),
        Verdict::Eligible
    );
}

#[test]
fn a_negated_condition_states_the_requirement_negated() {
    let rule = Rule::Not(Box::new(Rule::CitizenshipIn(vec!["IT".into()])));
    let explanation = rule.explain(&rdc_recipient(), ROUND_START);
    assert_eq!(explanation.summary(), "Not eligible: citizenship: IT (rule: not IT).");
}

#[test]
fn a_rule_is_described_in_words() {
    assert_eq!(poverty_fund().describe(), "(receives minimum income and aged 18 to 64)");
    assert_eq!(Rule::everyone().describe(), "everyone");
}

#[test]
fn residence_is_compared_ignoring_case() {
    let rule = Rule::ResidenceIn(vec!["PISA".into(), "Cascina".into()]);
    assert_eq!(rule.evaluate(&rdc_recipient(), ROUND_START), Verdict::Eligible);
}

#[test]
fn the_stored_json_reads_as_the_rule_is_meant() {
    let json = r#"{"all":[{"minimum_income":true},{"age":{"min":18,"max":64,"on":"2020-10-01"}},
        {"any":[{"single_parent":true},{"household_size":{"min":4}}]},{"not":{"citizenship_in":["IT"]}},
        {"employment_status_in":["unemployed","long_term_unemployed"]},{"education_level":{"max":3}}]}"#;
    let rule = Rule::parse_json(json).unwrap();
    let Rule::All(parts) = &rule else {
        panic!("not an all: {rule:?}")
    };
    assert_eq!(
        parts[1],
        Rule::Age(AgeRange {
            min: Some(18),
            max: Some(64),
            on: Some(ROUND_START)
        })
    );
    assert_eq!(Rule::parse_json(&rule.to_json()), Ok(rule));
}

#[test]
fn a_rule_with_an_empty_range_or_a_bad_country_is_refused_with_every_problem() {
    let problems = Rule::parse_json(
        r#"{"all":[{"age":{"min":65,"max":18}},{"country_of_birth_in":["Italy"]},{"residence_in":[]}]}"#,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn an_unknown_condition_is_refused() {
    assert!(Rule::parse_json(r#"{"income_above":1000}"#).is_err());
    assert!(Rule::parse_json(r#"{"age":{"minimum":18}}"#).is_err());
}

fn any_person() -> impl Strategy<Value = Person> {
    (
        proptest::option::of(0i32..40000),
        proptest::option::of(1930i32..2010),
        proptest::option::of(prop_oneof![Just(Gender::M), Just(Gender::F)]),
        proptest::option::of(prop_oneof![Just("IT"), Just("MA"), Just("RO")]),
        proptest::option::of(prop_oneof![Just("Pisa"), Just("Cascina")]),
        proptest::option::of(1u32..9),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            proptest::option::of(proptest::sample::select(EmploymentStatus::ALL.to_vec())),
            proptest::option::of(0u8..9),
        ),
    )
        .prop_map(
            |(birth, year, gender, country, town, size, (sp, mi, dis, emp, edu))| Person {
                birth_date: birth.map(|days| date!(1930 - 01 - 01) + time::Duration::days(i64::from(days))),
                birth_year: year,
                gender,
                country_of_birth: country.map(str::to_owned),
                citizenship: country.map(str::to_owned),
                residence_municipality: town.map(str::to_owned),
                household_size: size,
                single_parent: sp,
                minimum_income: mi,
                disability: dis,
                employment_status: emp,
                education_level: edu,
            },
        )
}

fn any_range(top: u32) -> impl Strategy<Value = Range> {
    (proptest::option::of(0..top), proptest::option::of(0..top)).prop_map(|(a, b)| match (a, b) {
        (Some(a), Some(b)) => Range {
            min: Some(a.min(b)),
            max: Some(a.max(b)),
        },
        (min, max) => Range { min, max },
    })
}

fn any_condition() -> impl Strategy<Value = Rule> {
    prop_oneof![
        any::<bool>().prop_map(Rule::MinimumIncome),
        any::<bool>().prop_map(Rule::SingleParent),
        any::<bool>().prop_map(Rule::Disability),
        prop_oneof![Just(Gender::M), Just(Gender::F)].prop_map(Rule::Gender),
        (any_range(90), proptest::option::of(0i64..20000)).prop_map(|(r, on)| Rule::Age(AgeRange {
            min: r.min,
            max: r.max,
            on: on.map(|d| date!(1990 - 01 - 01) + time::Duration::days(d)),
        })),
        any_range(10).prop_map(Rule::HouseholdSize),
        any_range(9).prop_map(Rule::EducationLevel),
        proptest::sample::subsequence(vec!["Pisa".to_owned(), "Cascina".to_owned()], 1..=2).prop_map(Rule::ResidenceIn),
        proptest::sample::subsequence(vec!["IT".to_owned(), "MA".to_owned()], 1..=2).prop_map(Rule::CountryOfBirthIn),
        proptest::sample::subsequence(vec!["IT".to_owned(), "RO".to_owned()], 1..=2).prop_map(Rule::CitizenshipIn),
        proptest::sample::subsequence(EmploymentStatus::ALL.to_vec(), 1..=3).prop_map(Rule::EmploymentStatusIn),
    ]
}

fn any_rule() -> impl Strategy<Value = Rule> {
    any_condition().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Rule::All),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Rule::Any),
            inner.prop_map(|r| Rule::Not(Box::new(r))),
        ]
    })
}

/// Every node of an explanation carries the verdict of the rule part it explains.
fn agrees(rule: &Rule, explanation: &Explanation, person: &Person) -> bool {
    let children: Vec<&Rule> = match rule {
        Rule::All(parts) | Rule::Any(parts) => parts.iter().collect(),
        Rule::Not(inner) => vec![inner.as_ref()],
        _ => Vec::new(),
    };
    explanation.verdict == rule.evaluate(person, ROUND_START)
        && children.len() == explanation.parts.len()
        && children
            .iter()
            .zip(&explanation.parts)
            .all(|(r, e)| agrees(r, e, person))
}

proptest! {
    #[test]
    fn all_of_nothing_admits_everyone_and_any_of_nothing_admits_no_one(person in any_person()) {
        prop_assert_eq!(Rule::All(vec![]).evaluate(&person, ROUND_START), Verdict::Eligible);
        prop_assert_eq!(Rule::Any(vec![]).evaluate(&person, ROUND_START), Verdict::NotEligible);
    }

    #[test]
    fn not_not_a_rule_is_the_rule(rule in any_rule(), person in any_person()) {
        let twice = Rule::Not(Box::new(Rule::Not(Box::new(rule.clone()))));
        prop_assert_eq!(twice.evaluate(&person, ROUND_START), rule.evaluate(&person, ROUND_START));
    }

    #[test]
    fn de_morgans_laws_hold(parts in proptest::collection::vec(any_rule(), 0..4), person in any_person()) {
        let negated: Vec<Rule> = parts.iter().map(|r| Rule::Not(Box::new(r.clone()))).collect();
        let not_all = Rule::Not(Box::new(Rule::All(parts.clone())));
        let not_any = Rule::Not(Box::new(Rule::Any(parts)));
        prop_assert_eq!(not_all.evaluate(&person, ROUND_START), Rule::Any(negated.clone()).evaluate(&person, ROUND_START));
        prop_assert_eq!(not_any.evaluate(&person, ROUND_START), Rule::All(negated).evaluate(&person, ROUND_START));
    }

    #[test]
    fn a_rule_and_its_negation_never_both_admit_a_person(rule in any_rule(), person in any_person()) {
        let verdict = rule.evaluate(&person, ROUND_START);
        let negated = Rule::Not(Box::new(rule)).evaluate(&person, ROUND_START);
        prop_assert!(!(verdict == Verdict::Eligible && negated == Verdict::Eligible));
    }

    #[test]
    fn the_explanation_agrees_with_the_verdict_everywhere(rule in any_rule(), person in any_person()) {
        let explanation = rule.explain(&person, ROUND_START);
        prop_assert!(agrees(&rule, &explanation, &person));
        let summary = explanation.summary();
        let expected = match explanation.verdict {
            Verdict::Eligible => "Eligible: ",
            Verdict::NotEligible => "Not eligible: ",
            Verdict::CannotTell => "Cannot tell yet: ",
        };
        prop_assert!(summary.starts_with(expected), "{}", summary);
        if explanation.verdict == Verdict::CannotTell {
            prop_assert!(summary.contains("not recorded"), "{}", summary);
        }
    }

    #[test]
    fn a_complete_record_always_gets_a_yes_or_a_no(rule in any_rule(), person in any_person()) {
        let complete = Person {
            birth_date: person.birth_date.or(Some(date!(1980 - 01 - 01))),
            gender: person.gender.or(Some(Gender::F)),
            country_of_birth: person.country_of_birth.clone().or(Some("IT".into())),
            citizenship: person.citizenship.clone().or(Some("IT".into())),
            residence_municipality: person.residence_municipality.clone().or(Some("Pisa".into())),
            household_size: person.household_size.or(Some(2)),
            single_parent: person.single_parent.or(Some(false)),
            minimum_income: person.minimum_income.or(Some(true)),
            disability: person.disability.or(Some(false)),
            employment_status: person.employment_status.or(Some(EmploymentStatus::Unemployed)),
            education_level: person.education_level.or(Some(3)),
            ..person
        };
        prop_assert_ne!(rule.evaluate(&complete, ROUND_START), Verdict::CannotTell);
    }

    #[test]
    fn the_json_form_round_trips(rule in any_rule()) {
        let json = rule.to_json();
        prop_assert_eq!(Rule::parse_json(&json), Ok(rule));
    }
}

#[test]
fn an_explained_condition_carries_its_parts_for_translation() {
    let explanation = poverty_fund().explain(&rdc_recipient(), ROUND_START);
    let age = explanation.parts[1].condition.as_ref().expect("a condition");
    assert_eq!(age.attribute, builder::Attribute::Age);
    assert_eq!(age.operator, "between");
    assert_eq!(age.expected, vec!["18".to_owned(), "64".to_owned()]);
    assert_eq!(age.actual.as_deref(), Some("34"));
    assert_eq!(age.on, Some(ROUND_START));
    assert!(explanation.condition.is_none());
}

#[test]
fn a_place_admits_only_whom_its_rule_calls_eligible() {
    let rule = poverty_fund();
    assert!(rule.admits(&rdc_recipient(), ROUND_START));
    let unknown_income = Person {
        minimum_income: None,
        ..rdc_recipient()
    };
    assert_eq!(rule.evaluate(&unknown_income, ROUND_START), Verdict::CannotTell);
    assert!(
        !rule.admits(&unknown_income, ROUND_START),
        "cannot tell is not admitted"
    );
    let no_income = Person {
        minimum_income: Some(false),
        ..rdc_recipient()
    };
    assert!(!rule.admits(&no_income, ROUND_START));
}
