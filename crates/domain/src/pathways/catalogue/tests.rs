use super::hsds::{CatalogueEntry, export, import, stable_uuid};
use super::*;
use crate::ids::OrganisationId;
use proptest::prelude::*;

fn forklift_internship() -> ServiceDraft {
    ServiceDraft {
        code: "internship".into(),
        name: "Internship in logistics".into(),
        kind: Some(ServiceKind::Internship),
        organisation_id: Some(OrganisationId(3)),
        description: "Six months in a warehouse".into(),
        unit_cost: "2400".into(),
        hours: "480".into(),
        language: Some("it".into()),
        location: Some("Cascina".into()),
        eligibility: r#"{"age":{"min":18}}"#.into(),
        isco08: Some("8344".into()),
        host_firm_id: Some(OrganisationId(9)),
        tutor_name: Some("Marco Rossi".into()),
        tutor_email: Some("marco.rossi@officine-rossi.example.it".into()),
        interest_tags: vec!["Logistics, mechanics".into()],
        improves_areas: vec!["employment_stability".into(), "transversal_skills".into()],
        capacities: vec![(2, 8), (1, 12)],
    }
}

#[test]
fn an_internship_with_an_occupation_host_firm_and_tutor_is_valid() {
    let valid = forklift_internship().validate().unwrap();
    assert_eq!(valid.minutes, 480 * 60);
    assert_eq!(valid.unit_cost_cents, 240_000);
    assert_eq!(
        valid.interest_tags,
        vec!["logistics".to_owned(), "mechanics".to_owned()]
    );
    assert_eq!(valid.capacities, vec![(1, 12), (2, 8)]);
    assert_eq!(valid.isco08.as_ref().map(Isco08::as_str), Some("8344"));
}

#[test]
fn isco08_codes_need_four_digits_of_an_existing_group() {
    assert!(Isco08::parse("8344").is_ok());
    assert!(Isco08::parse("5120").is_ok());
    assert!(Isco08::parse("834").is_err());
    assert!(Isco08::parse("83a4").is_err());
    assert!(Isco08::parse("1700").is_err(), "there is no sub-major group 17");
}

#[test]
fn a_course_cannot_have_a_host_firm_or_an_occupation() {
    let draft = ServiceDraft {
        kind: Some(ServiceKind::TrainingCourse),
        ..forklift_internship()
    };
    let errors = draft.validate().unwrap_err();
    for field in ["isco08", "host_firm_id", "tutor_name"] {
        assert!(errors.for_field(field).is_some(), "{field}");
    }
}

#[test]
fn every_problem_of_a_service_is_listed_together() {
    let draft = ServiceDraft {
        code: "Forklift Course!".into(),
        hours: "many".into(),
        unit_cost: "cheap".into(),
        tutor_email: Some("nobody".into()),
        improves_areas: vec!["happiness".into()],
        capacities: vec![(1, -1)],
        ..Default::default()
    };
    let errors = draft.validate().unwrap_err();
    for field in [
        "code",
        "name",
        "kind",
        "hours",
        "unit_cost",
        "tutor_email",
        "improves_areas",
        "capacities",
    ] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
}

#[test]
fn stable_uuids_are_well_formed_and_repeatable() {
    let id = stable_uuid("programme/ALI/service/forklift");
    assert_eq!(id, stable_uuid("programme/ALI/service/forklift"));
    assert_ne!(id, stable_uuid("programme/ALI/service/haccp"));
    let parts: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(parts, vec![8, 4, 4, 4, 12]);
    assert_eq!(&id[14..15], "8");
}

fn entry(draft: ServiceDraft) -> CatalogueEntry {
    CatalogueEntry {
        service: draft.validate().unwrap(),
        organisation_name: Some("Cooperativa Sociale Il Girasole".into()),
        host_firm_name: Some("Officine Rossi S.r.l.".into()),
        archived: false,
    }
}

#[test]
fn the_hsds_export_carries_filiera_attributes_and_reads_back_the_same() {
    let document = export(
        "ALI",
        "Agenzia per il Lavoro Innovativo",
        &[entry(forklift_internship())],
    );
    let service = &document[0];
    assert_eq!(service["status"], "active");
    assert_eq!(service["organization"]["name"], "Cooperativa Sociale Il Girasole");
    assert_eq!(service["cost_options"][0]["amount"], 2400.0);
    let back = import(&document).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        back[0].organisation_name.as_deref(),
        Some("Cooperativa Sociale Il Girasole")
    );
    assert_eq!(back[0].host_firm_name.as_deref(), Some("Officine Rossi S.r.l."));
    let original = forklift_internship().validate().unwrap();
    let reread = ServiceDraft {
        organisation_id: Some(OrganisationId(3)),
        host_firm_id: Some(OrganisationId(9)),
        ..back[0].draft.clone()
    }
    .validate()
    .unwrap();
    assert_eq!(reread, original);
}

#[test]
fn a_service_from_another_directory_becomes_an_other_service_coded_from_its_name() {
    let document = serde_json::json!([{ "id": "x", "name": "Corso HACCP base", "status": "active" }]);
    let back = import(&document).unwrap();
    assert_eq!(back[0].draft.code, "corso_haccp_base");
    assert_eq!(back[0].draft.kind, Some(ServiceKind::Other));
}

#[test]
fn an_hsds_import_names_the_service_and_field_at_fault() {
    let document = serde_json::json!([
        { "name": "Fine", "status": "active" },
        { "name": "", "status": "active", "attributes": [
            { "id": "a", "value": "spaceship", "taxonomy_term": { "code": "service_kind" } } ] },
    ]);
    let errors = import(&document).unwrap_err();
    assert!(errors.for_field("services[1].name").is_some(), "{errors}");
    assert!(
        errors.for_field("services[1].attributes.service_kind").is_some(),
        "{errors}"
    );
}

proptest! {
    #[test]
    fn hours_parse_to_whole_minutes(quarters in 0u32..40_000) {
        let hours = f64::from(quarters) / 4.0;
        prop_assert_eq!(parse_hours(&hours.to_string()), Ok(i64::from(quarters) * 15));
    }

    #[test]
    fn a_valid_code_is_kept_and_anything_else_is_refused(code in "[a-z0-9_-]{1,40}", junk in "[a-z]{0,3}[!@#€ä.][a-z]{0,3}") {
        prop_assert_eq!(parse_code(&code), Ok(code.clone()));
        prop_assert!(parse_code(&junk).is_err());
    }
}
