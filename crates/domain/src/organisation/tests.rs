use super::*;
use crate::ids::OrganisationId;
use proptest::prelude::*;
use time::macros::date;

fn type_b_cooperative() -> OrganisationDraft {
    OrganisationDraft {
        name: "  La Lavanderia Solidale  ".into(),
        kind: Some(OrganisationKind::Cooperative),
        cooperative_type: Some(CooperativeType::B),
        sectors: vec!["laundry".into(), " laundry ".into(), "cleaning".into()],
        ..Default::default()
    }
}

#[test]
fn a_type_b_cooperative_is_accepted_with_its_name_trimmed_and_sectors_deduplicated() {
    let valid = type_b_cooperative().validate().expect("valid");
    assert_eq!(valid.name, "La Lavanderia Solidale");
    assert_eq!(valid.sectors, vec!["laundry".to_owned(), "cleaning".to_owned()]);
}

#[test]
fn a_cooperative_without_a_type_is_rejected_on_that_field() {
    let draft = OrganisationDraft {
        cooperative_type: None,
        ..type_b_cooperative()
    };
    let errors = draft.validate().unwrap_err();
    assert!(errors.for_field("cooperative_type").is_some());
}

#[test]
fn a_firm_with_a_cooperative_type_is_rejected() {
    let draft = OrganisationDraft {
        kind: Some(OrganisationKind::Firm),
        ..type_b_cooperative()
    };
    assert!(draft.validate().unwrap_err().for_field("cooperative_type").is_some());
}

#[test]
fn a_firm_cannot_be_a_consortium_member_nor_in_the_law381_register() {
    let draft = OrganisationDraft {
        name: "Officine Rossi".into(),
        kind: Some(OrganisationKind::Firm),
        consortium_id: Some(OrganisationId(3)),
        law381_number: Some("12".into()),
        ..Default::default()
    };
    let errors = draft.validate().unwrap_err();
    assert!(errors.for_field("consortium_id").is_some());
    assert!(errors.for_field("law381_number").is_some());
}

#[test]
fn an_incomplete_law381_registration_names_each_missing_part() {
    let draft = OrganisationDraft {
        law381_number: Some("B-101".into()),
        ..type_b_cooperative()
    };
    let errors = draft.validate().unwrap_err();
    assert!(errors.for_field("law381_region").is_some());
    assert!(errors.for_field("law381_registered_on").is_some());
    assert!(errors.for_field("law381_number").is_none());
}

#[test]
fn a_complete_law381_registration_is_kept() {
    let draft = OrganisationDraft {
        law381_region: Some("Veneto".into()),
        law381_number: Some("B-101".into()),
        law381_registered_on: Some(date!(1995 - 03 - 01)),
        ..type_b_cooperative()
    };
    let law381 = draft.validate().expect("valid").law381.expect("registration");
    assert_eq!(law381.region, "Veneto");
}

#[test]
fn a_blank_name_and_missing_kind_are_both_reported() {
    let errors = OrganisationDraft {
        name: "   ".into(),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert!(errors.for_field("name").is_some());
    assert!(errors.for_field("kind").is_some());
}

#[test]
fn known_valid_and_invalid_partite_iva_are_told_apart() {
    assert!(is_valid_partita_iva("01234567897"));
    assert!(!is_valid_partita_iva("01234567890"));
    assert!(!is_valid_partita_iva("0123456789"));
    assert!(!is_valid_partita_iva("0123456789a"));
}

/// Computes a correct check digit independently, to generate valid numbers.
fn with_check_digit(first_ten: [u32; 10]) -> String {
    let mut odd_sum = 0;
    let mut even_sum = 0;
    for (i, d) in first_ten.iter().enumerate() {
        if i % 2 == 0 {
            odd_sum += d;
        } else {
            let x = d * 2;
            even_sum += x / 10 + x % 10;
        }
    }
    let check = (10 - (odd_sum + even_sum) % 10) % 10;
    first_ten
        .iter()
        .chain(std::iter::once(&check))
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

proptest! {
    #[test]
    fn every_number_with_a_correct_check_digit_is_valid(digits in proptest::array::uniform10(0u32..10)) {
        prop_assert!(is_valid_partita_iva(&with_check_digit(digits)));
    }

    #[test]
    fn changing_one_digit_makes_a_valid_number_invalid(
        digits in proptest::array::uniform10(0u32..10), position in 0usize..11, bump in 1u32..10,
    ) {
        let valid = with_check_digit(digits);
        let mut chars: Vec<char> = valid.chars().collect();
        let old = chars[position].to_digit(10).unwrap_or(0);
        chars[position] = char::from_digit((old + bump) % 10, 10).unwrap_or('0');
        let changed: String = chars.into_iter().collect();
        prop_assert!(!is_valid_partita_iva(&changed));
    }

    #[test]
    fn validation_never_panics_on_any_text(name in ".*", vat in proptest::option::of(".*"), email in proptest::option::of(".*")) {
        let draft = OrganisationDraft { name, vat_number: vat, email, kind: Some(OrganisationKind::Firm), ..Default::default() };
        let _ = draft.validate();
    }
}
