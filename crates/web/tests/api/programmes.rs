//! Programmes, eligibility, catalogue (with HSDS 3.0), CSV import and statistics.

use crate::helpers::*;
use serde_json::{Value, json};

const MANAGER: &str = "programme.manager@demo.filiera.eu";
const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/programme");
const HSDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/standards/hsds-3");

async fn ali(app: &TestApp, token: &str) -> Value {
    let list: Value = app.get("/api/v1/programmes", token).await.json().await.unwrap();
    list.as_array()
        .and_then(|l| l.iter().find(|p| p["name"] == "ALI — Agenzia per il Lavoro Innovativo"))
        .cloned()
        .expect("the demo programme")
}

fn fixture(folder: &str) -> Value {
    let read = |name: &str| std::fs::read_to_string(format!("{FIXTURES}/{folder}/{name}.csv")).expect("fixture");
    json!({
        "rounds": read("rounds"),
        "services": read("services"),
        "participants": read("participants"),
        "interventions": read("interventions"),
    })
}

async fn a_manager_checks_who_the_funding_streams_admit_and_why(app: TestApp) {
    let token = app.token(MANAGER).await;
    let programme = ali(&app, &token).await;
    assert_eq!(programme["total_budget_cents"], 79_316_500);
    assert_eq!(programme["cooperatives"].as_array().map(Vec::len), Some(3));
    let path = format!("/api/v1/programmes/{}/eligibility", programme["id"]);
    let person = json!({ "birth_year": 1985, "minimum_income": false, "residence_municipality": "Pisa",
        "single_parent": true });
    let verdicts: Value = app.post_json(&path, &token, &person).await.json().await.unwrap();
    assert_eq!(verdicts[0]["funding_stream"], "Poverty Fund");
    assert_eq!(verdicts[0]["verdict"], "not_eligible");
    assert_eq!(
        verdicts[0]["summary"],
        "Not eligible: receives minimum income: no (rule: yes)."
    );
    assert_eq!(verdicts[1]["verdict"], "eligible", "{verdicts:#}");
    app.finish().await;
}

async fn a_manager_adds_a_round_and_a_funding_stream_with_a_checked_rule(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali(&app, &token).await["id"].clone();
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{id}/rounds"),
            &token,
            &json!({ "number": 3, "start_date": "2022-07-01", "end_date": "2022-12-31" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{id}/funding-streams"),
            &token,
            &json!({ "name": "Regional fund", "budget": "10000", "eligibility": { "age": { "min": 70, "max": 18 } } }),
        )
        .await;
    let problem = problem(response, 422).await;
    assert_eq!(blamed_fields(&problem), ["eligibility"]);
    app.finish().await;
}

async fn a_case_manager_sees_the_catalogue_but_may_not_change_it(app: TestApp) {
    let token = app.token(CASE_MANAGER).await;
    let id = ali(&app, &token).await["id"].clone();
    let services: Value = app
        .get(&format!("/api/v1/programmes/{id}/services"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(services.as_array().is_some_and(|s| s.len() >= 11));
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{id}/services"),
            &token,
            &json!({ "code": "yoga", "name": "Yoga", "kind": "other" }),
        )
        .await;
    problem(response, 403).await;
    let response = app
        .get(&format!("/api/v1/programmes/{id}/statistics/participants"), &token)
        .await;
    problem(response, 403).await;
    app.finish().await;
}

async fn an_internship_needs_a_real_occupation_code_and_a_firm_as_host(app: TestApp) {
    let token = app.token(MANAGER).await;
    let programme = ali(&app, &token).await;
    let cooperative = programme["cooperatives"][0]["id"].clone();
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{}/services", programme["id"]),
            &token,
            &json!({ "code": "internship_bakery", "name": "Internship in a bakery", "kind": "internship",
                "isco08": "1700", "host_firm_id": cooperative, "capacities": [{ "round": 1, "capacity": 3 }] }),
        )
        .await;
    let problem = problem(response, 422).await;
    assert_eq!(blamed_fields(&problem), ["isco08"]);
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{}/services", programme["id"]),
            &token,
            &json!({ "code": "internship_bakery", "name": "Internship in a bakery", "kind": "internship",
                "isco08": "7512", "host_firm_id": cooperative }),
        )
        .await;
    let problem = crate::helpers::problem(response, 422).await;
    assert_eq!(blamed_fields(&problem), ["host_firm_id"]);
    app.finish().await;
}

fn hsds_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{HSDS}/service.schema.json")).expect("HSDS schema"))
            .expect("schema JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema")
}

async fn the_hsds_export_is_valid_against_the_hsds_3_schema_and_imports_back(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali(&app, &token).await["id"].clone();
    let document: Value = app
        .get(&format!("/api/v1/programmes/{id}/catalogue.hsds.json"), &token)
        .await
        .json()
        .await
        .unwrap();
    let services = document.as_array().expect("an array of services");
    assert!(services.len() >= 11);
    let validator = hsds_validator();
    for service in services {
        let errors: Vec<String> = validator
            .iter_errors(service)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", service["name"]);
    }
    let internship = services.iter().find(|s| s["alternate_name"] == "internship").unwrap();
    assert_eq!(internship["contacts"][0]["title"], "Tutor");
    // An invalid document is refused and names the service.
    let broken = json!([{ "name": "", "status": "active" }]);
    let response = app
        .post_json(&format!("/api/v1/programmes/{id}/catalogue/hsds"), &token, &broken)
        .await;
    let problem = problem(response, 422).await;
    assert!(
        blamed_fields(&problem).contains(&"services[0].name".to_owned()),
        "{problem:#}"
    );
    // Importing the export again changes nothing but updates every service.
    let response = app
        .post_json(&format!("/api/v1/programmes/{id}/catalogue/hsds"), &token, &document)
        .await;
    assert_eq!(response.status(), 200);
    let again: Value = app
        .get(&format!("/api/v1/programmes/{id}/catalogue.hsds.json"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, document);
    app.finish().await;
}

async fn a_csv_import_with_one_bad_row_changes_nothing_and_a_clean_one_gives_exact_statistics(app: TestApp) {
    let token = app.token(MANAGER).await;
    let created: Value = app
        .post_json(
            "/api/v1/programmes",
            &token,
            &json!({ "name": "Pilot 2020", "agency_id": ali(&app, &token).await["agency"]["id"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].clone();
    let response = app
        .post_json(
            &format!("/api/v1/programmes/{id}/import"),
            &token,
            &fixture("one_bad_row"),
        )
        .await;
    let problem = problem(response, 422).await;
    assert_eq!(blamed_fields(&problem), ["participants.csv:5:household_size"]);
    let programme: Value = app
        .get(&format!("/api/v1/programmes/{id}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(programme["rounds"], json!([]), "nothing may be half-imported");
    let response = app
        .post_json(&format!("/api/v1/programmes/{id}/import"), &token, &fixture("small"))
        .await;
    assert_eq!(response.status(), 200);
    let summary: Value = response.json().await.unwrap();
    assert_eq!(
        (summary["participants"].clone(), summary["interventions"].clone()),
        (json!(6), json!(7))
    );
    let response = app
        .get(
            &format!("/api/v1/programmes/{id}/statistics/participants?format=csv"),
            &token,
        )
        .await;
    let bytes = response.bytes().await.unwrap();
    let expected = std::fs::read_to_string(format!("{FIXTURES}/small/expected_participants.csv")).unwrap();
    assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(String::from_utf8_lossy(&bytes[3..]), expected);
    let stats: Value = app
        .get(&format!("/api/v1/programmes/{id}/statistics/participants"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["rounds"][0]["average_age"], 36.7);
    // For the public, with the default threshold of 5: the rounds (4 and 2
    // people) and their average ages are hidden, the total of 6 is not.
    let public: Value = app
        .get(
            &format!("/api/v1/programmes/{id}/statistics/participants?audience=public"),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["audience"], "public");
    let rounds: Vec<(Value, Value)> = public["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["participants"].clone(), r["average_age"].clone()))
        .collect();
    assert_eq!(
        rounds,
        [
            (Value::Null, Value::Null),
            (Value::Null, Value::Null),
            (json!(6), json!(39.8))
        ]
    );
    let response = app
        .get(
            &format!("/api/v1/programmes/{id}/statistics/participants?audience=public&format=csv"),
            &token,
        )
        .await;
    let csv = String::from_utf8_lossy(&response.bytes().await.unwrap()).into_owned();
    assert!(csv.contains("gender,F,1,<5,\n"), "{csv}");
    assert!(
        !csv.contains(",1,3,"),
        "the three women of round 1 are not published: {csv}"
    );
    let response = app
        .get(
            &format!("/api/v1/programmes/{id}/statistics/participants?audience=everyone"),
            &token,
        )
        .await;
    let refused = crate::helpers::problem(response, 400).await;
    assert_eq!(blamed_fields(&refused), ["audience"]);
    app.finish().await;
}

crate::api_tests!(
    a_manager_checks_who_the_funding_streams_admit_and_why,
    a_manager_adds_a_round_and_a_funding_stream_with_a_checked_rule,
    a_case_manager_sees_the_catalogue_but_may_not_change_it,
    an_internship_needs_a_real_occupation_code_and_a_firm_as_host,
    the_hsds_export_is_valid_against_the_hsds_3_schema_and_imports_back,
    a_csv_import_with_one_bad_row_changes_nothing_and_a_clean_one_gives_exact_statistics,
);
