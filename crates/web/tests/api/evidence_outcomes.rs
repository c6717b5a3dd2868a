//! The evidence of a programme: ESF+ indicators, the outcome report against the
//! comparison group, the comparison group itself, the publication threshold,
//! and the publication-safe downloads.

use crate::helpers::*;
use crate::pages::log_in;
use filiera_domain::import::read_records;
use serde_json::{Value, json};

const MANAGER: &str = "programme.manager@demo.filiera.eu";
const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";

async fn ali_id(app: &TestApp, token: &str) -> i64 {
    let list: Value = app.get("/api/v1/programmes", token).await.json().await.unwrap();
    list.as_array()
        .and_then(|l| l.iter().find(|p| p["name"] == "ALI — Agenzia per il Lavoro Innovativo"))
        .and_then(|p| p["id"].as_i64())
        .expect("the demo programme")
}

async fn put_json(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.http
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("PUT")
}

async fn the_outcome_report_compares_the_groups_with_an_interval_and_says_it_is_not_randomised(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    let report: Value = app
        .get(&format!("/api/v1/programmes/{id}/outcomes"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["audience"], "staff");
    assert!(report["statement"].as_str().is_some_and(|s| s.contains("not random")));
    let six = &report["outcomes"][0];
    assert_eq!(six["months"], 6);
    // The demo's comparison group: 12 people followed up at 6 months, 3 of them in work.
    assert_eq!(six["comparison"]["known"], 12);
    assert_eq!(six["comparison"]["employed"], 3);
    let difference = &six["difference"];
    let (estimate, lower, upper) = (
        difference["estimate"].as_f64().expect("estimate"),
        difference["lower"].as_f64().expect("lower"),
        difference["upper"].as_f64().expect("upper"),
    );
    assert!(
        -1.0 <= lower && lower <= estimate && estimate <= upper && upper <= 1.0,
        "{difference}"
    );

    let indicators: Value = app
        .get(&format!("/api/v1/programmes/{id}/indicators"), &token)
        .await
        .json()
        .await
        .unwrap();
    let participants = &indicators["indicators"][0];
    assert_eq!(participants["id"], "participants");
    assert!(
        participants["reference"]
            .as_str()
            .is_some_and(|r| r.starts_with("Annex I"))
    );
    assert!(participants["total"].as_u64().is_some_and(|n| n > 0));
    app.finish().await;
}

async fn only_the_agency_s_evidence_roles_see_the_evidence(app: TestApp) {
    let manager = app.token(MANAGER).await;
    let id = ali_id(&app, &manager).await;
    for email in [CASE_MANAGER, CONSORTIUM_MANAGER] {
        let token = app.token(email).await;
        for path in ["indicators", "outcomes", "comparison-group"] {
            let response = app.get(&format!("/api/v1/programmes/{id}/{path}"), &token).await;
            problem(response, 403).await;
        }
        let response = app
            .post_json(
                &format!("/api/v1/programmes/{id}/comparison-group"),
                &token,
                &json!({ "reference": "CG-X", "reference_date": "2022-06-30" }),
            )
            .await;
        problem(response, 403).await;
    }
    // The auditor sees the evidence but neither keeps the comparison group nor sets the threshold.
    let auditor = app.token(AUDITOR).await;
    assert_eq!(
        app.get(&format!("/api/v1/programmes/{id}/outcomes"), &auditor)
            .await
            .status(),
        200
    );
    let response = put_json(
        &app,
        &format!("/api/v1/programmes/{id}/publication-threshold"),
        &auditor,
        &json!({ "threshold": 10 }),
    )
    .await;
    problem(response, 403).await;
    app.finish().await;
}

async fn a_manager_keeps_the_comparison_group_and_every_mistake_names_its_field(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    let path = format!("/api/v1/programmes/{id}/comparison-group");
    let wrong = json!({ "reference": "mario.rossi@example.org", "reference_date": "2999-01-01", "birth_year": 1850 });
    let problem_body = problem(app.post_json(&path, &token, &wrong).await, 422).await;
    let mut fields = blamed_fields(&problem_body);
    fields.sort();
    assert_eq!(fields, ["birth_year", "reference", "reference_date"]);
    let malformed = json!({ "reference": "CG-2022-100", "reference_date": "30/06/2022" });
    let problem_body = problem(app.post_json(&path, &token, &malformed).await, 422).await;
    assert_eq!(blamed_fields(&problem_body), ["reference_date"]);
    let unknown = json!({ "reference": "CG-2022-100", "reference_date": "2022-06-30", "name": "Mario" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&path, &token, &unknown).await, 400).await),
        ["name"]
    );

    let good = json!({ "reference": "CG-2022-100", "reference_date": "2022-06-30", "gender": "F",
        "birth_year": 1990, "employment_status": "unemployed", "not_selected_reason": "Round 2 was full" });
    let response = app.post_json(&path, &token, &good).await;
    assert_eq!(response.status(), 201);
    let member: Value = response.json().await.unwrap();
    let duplicate = problem(app.post_json(&path, &token, &good).await, 409).await;
    assert_eq!(blamed_fields(&duplicate), ["reference"]);

    let follow_ups = format!("{path}/{}/follow-ups", member["id"]);
    let early = json!({ "months": 6, "recorded_on": "2022-09-01", "employment_status": "employed" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&follow_ups, &token, &early).await, 422).await),
        ["recorded_on"]
    );
    let odd = json!({ "months": 9, "recorded_on": "2023-06-01", "employment_status": "employed" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&follow_ups, &token, &odd).await, 422).await),
        ["months"]
    );
    let at_six = json!({ "months": 6, "recorded_on": "2023-01-10", "employment_status": "employed" });
    let response = app.post_json(&follow_ups, &token, &at_six).await;
    assert_eq!(response.status(), 201);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["status_at_6"], "employed");
    assert_eq!(
        blamed_fields(&problem(app.post_json(&follow_ups, &token, &at_six).await, 409).await),
        ["months"]
    );
    let elsewhere = format!("/api/v1/programmes/{id}/comparison-group/999999/follow-ups");
    problem(app.post_json(&elsewhere, &token, &at_six).await, 404).await;

    let group: Value = app.get(&path, &token).await.json().await.unwrap();
    assert_eq!(group.as_array().map(Vec::len), Some(13));
    let report: Value = app
        .get(&format!("/api/v1/programmes/{id}/outcomes"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["outcomes"][0]["comparison"]["known"], 13);

    let threshold = format!("/api/v1/programmes/{id}/publication-threshold");
    assert_eq!(
        blamed_fields(
            &problem(
                put_json(&app, &threshold, &token, &json!({ "threshold": 1 })).await,
                422
            )
            .await
        ),
        ["threshold"]
    );
    let response = put_json(&app, &threshold, &token, &json!({ "threshold": 10 })).await;
    assert_eq!(response.status(), 200);
    let public: Value = app
        .get(&format!("/api/v1/programmes/{id}/indicators?audience=public"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["threshold"], 10);
    assert_eq!(
        blamed_fields(
            &problem(
                app.get(&format!("/api/v1/programmes/{id}/indicators?audience=press"), &token)
                    .await,
                400
            )
            .await
        ),
        ["audience"]
    );
    app.finish().await;
}

/// The cells of a downloaded CSV, record by record, read by the importers'
/// reader (the csv crate), which also drops the byte-order mark.
async fn csv_of(response: reqwest::Response) -> (String, Vec<Vec<String>>) {
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    let text = response.text().await.unwrap();
    let records = read_records(&text).expect("a well-formed CSV");
    (disposition, records.into_iter().map(|record| record.fields).collect())
}

async fn the_public_download_hides_small_counts_and_the_totals_that_would_reveal_them(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    log_in(&app.server.address, &app.http, MANAGER).await;
    let download = |audience: &'static str| {
        app.http
            .get(app.url(&format!("/programmes/{id}/indicators.csv?audience={audience}")))
            .send()
    };
    let (staff_name, staff) = csv_of(download("staff").await.unwrap()).await;
    let (public_name, public) = csv_of(download("public").await.unwrap()).await;
    assert!(
        public_name.contains("public") && !staff_name.contains("public"),
        "{public_name} {staff_name}"
    );
    assert!(public[0][0].contains("public"), "{:?}", public[0]);
    assert!(staff[0][0].contains("staff"), "{:?}", staff[0]);
    assert_eq!(public[1][..4], ["indicator", "name", "annex_reference", "women"]);
    let small = |cell: &str| cell.parse::<u64>().is_ok_and(|n| (1..5).contains(&n));
    // Staff see the small counts; the public sees none of them.
    let row = staff
        .iter()
        .skip(2)
        .position(|row| row[3..6].iter().any(|c| small(c)))
        .map(|i| i + 2)
        .expect("the demo has an indicator with fewer than 5 women or men");
    assert!(
        public.iter().skip(2).all(|row| row[3..].iter().all(|c| !small(c))),
        "{public:?}"
    );
    let hidden: Vec<usize> = (3..7).filter(|&c| public[row][c] == "<5").collect();
    assert!(!hidden.is_empty(), "{:?}", public[row]);
    // No women/men/not-recorded/total line has exactly one hidden entry: it could be subtracted back.
    for line in public.iter().skip(2).filter(|line| line[0] != "households") {
        let hidden_in_line = line[3..7].iter().filter(|c| *c == "<5").count();
        assert_ne!(hidden_in_line, 1, "{line:?}");
    }

    let response = app
        .http
        .get(app.url(&format!("/programmes/{id}/outcomes.csv?audience=public")))
        .send()
        .await
        .unwrap();
    let (name, outcomes) = csv_of(response).await;
    assert!(name.contains("outcomes") && name.contains("public"));
    assert!(
        outcomes
            .iter()
            .any(|line| line.iter().any(|c| c.contains("not random"))),
        "{outcomes:?}"
    );
    let response = app
        .http
        .get(app.url(&format!("/programmes/{id}/outcomes.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("staff")
    );
    app.finish().await;
}

async fn the_evidence_page_shows_the_indicators_the_statement_and_keeps_a_typed_form(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    log_in(&app.server.address, &app.http, MANAGER).await;
    let page = app
        .http
        .get(app.url(&format!("/programmes/{id}/evidence")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("id=\"not-randomised\"")
            && html.contains(&format!(
                "CG-{}-001",
                filiera_fixtures::demo::DemoCalendar::as_of(filiera_storage::clock::today()).year(2022)
            ))
            && html.contains("<svg")
    );
    let csrf = crate::pages::csrf_of(&html);
    let response = app
        .http
        .post(app.url(&format!("/programmes/{id}/comparison-group")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("reference", "CG-TYPED-7"),
            ("birth_year", "19x0"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"CG-TYPED-7\"") && html.contains("value=\"19x0\""));
    assert!(html.contains("id=\"cg-birth_year-error\"") && html.contains("id=\"cg-reference_date-error\""));
    app.finish().await;
}

async fn a_member_declares_housing_exclusion_and_minority_or_leaves_them_undeclared(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let page: Value = app.get("/api/v1/households", &token).await.json().await.unwrap();
    let household = page["items"][0]["id"].as_i64().expect("a demo household");
    let path = format!("/api/v1/households/{household}/members");
    let declared = json!({ "first_name": "Amina", "last_name": "Haddad", "relationship": "child",
        "housing_exclusion": "no", "minority": true });
    let response = app.post_json(&path, &token, &declared).await;
    assert_eq!(response.status(), 201);
    let member: Value = response.json().await.unwrap();
    assert_eq!(
        (member["housing_exclusion"].clone(), member["minority"].clone()),
        (json!(false), json!(true))
    );
    let undeclared = json!({ "first_name": "Omar", "last_name": "Haddad", "relationship": "child" });
    let member: Value = app.post_json(&path, &token, &undeclared).await.json().await.unwrap();
    assert!(
        member["housing_exclusion"].is_null() && member["minority"].is_null(),
        "{member}"
    );
    let wrong = json!({ "first_name": "Omar", "last_name": "Haddad", "minority": "perhaps" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&path, &token, &wrong).await, 400).await),
        ["minority"]
    );
    app.finish().await;
}

async fn the_statistics_page_offers_a_file_to_publish_without_small_counts(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    log_in(&app.server.address, &app.http, MANAGER).await;
    let page = app
        .http
        .get(app.url(&format!("/programmes/{id}/statistics")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/programmes/{id}/statistics.csv?audience=public")));
    let download = |audience: &'static str| {
        app.http
            .get(app.url(&format!("/programmes/{id}/statistics.csv?audience={audience}")))
            .send()
    };
    let (staff_name, staff) = csv_of(download("staff").await.unwrap()).await;
    let (public_name, public) = csv_of(download("public").await.unwrap()).await;
    assert!(public_name.contains("public") && !staff_name.contains("public"));
    assert_eq!(public[0], staff[0]);
    assert_eq!(public.len(), staff.len());
    let small = |cell: &str| cell.parse::<u64>().is_ok_and(|n| (1..5).contains(&n));
    assert!(staff.iter().any(|row| small(&row[3])), "the demo has small counts");
    for (published, full) in public.iter().zip(&staff).skip(1) {
        assert_eq!(published[..3], full[..3]);
        assert!(!small(&published[3]), "{published:?}");
        assert!(
            published[3] == full[3] || published[3] == "<5",
            "{published:?} {full:?}"
        );
    }
    app.finish().await;
}

async fn a_shortlisted_person_not_selected_joins_the_comparison_group_under_a_code(app: TestApp) {
    let token = app.token(MANAGER).await;
    let id = ali_id(&app, &token).await;
    let path = format!("/api/v1/programmes/{id}/comparison-group/shortlist");
    let shortlist: Value = app.get(&path, &token).await.json().await.unwrap();
    let entries = shortlist.as_array().expect("a list");
    let first = entries
        .first()
        .expect("the demo has a path withdrawn before its project");
    assert!(first["reference"].as_str().unwrap().starts_with("SL-"));
    assert!(["withdrawn", "interrupted"].contains(&first["state"].as_str().unwrap()));
    let added = app
        .post_json(&path, &token, &json!({ "path_id": first["path_id"] }))
        .await;
    assert_eq!(added.status(), 201);
    let member: Value = added.json().await.unwrap();
    assert_eq!(member["reference"], first["reference"]);
    assert_eq!(member["reference_date"], first["ended_on"]);
    let after: Value = app.get(&path, &token).await.json().await.unwrap();
    assert_eq!(
        after.as_array().unwrap().len(),
        entries.len() - 1,
        "added people leave the shortlist"
    );
    // Twice, or a path that is not on the shortlist: refused, naming the field.
    let again = app
        .post_json(&path, &token, &json!({ "path_id": first["path_id"] }))
        .await;
    assert_eq!(blamed_fields(&problem(again, 422).await), ["path_id"]);
    let selected = app.post_json(&path, &token, &json!({ "path_id": 999_999 })).await;
    assert_eq!(blamed_fields(&problem(selected, 422).await), ["path_id"]);
    // The cooperative's case manager keeps no comparison group.
    let cm = app.token(CASE_MANAGER).await;
    problem(app.get(&path, &cm).await, 403).await;

    // The page lists the shortlist with one button per person.
    log_in(&app.server.address, &app.http, MANAGER).await;
    let html = app
        .http
        .get(app.url(&format!("/programmes/{id}/evidence")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"shortlist-table\"") || after.as_array().unwrap().is_empty());
    assert!(
        html.contains(first["reference"].as_str().unwrap()),
        "the member is listed in the group"
    );
    app.finish().await;
}

crate::api_tests!(
    a_shortlisted_person_not_selected_joins_the_comparison_group_under_a_code,
    the_statistics_page_offers_a_file_to_publish_without_small_counts,
    the_outcome_report_compares_the_groups_with_an_interval_and_says_it_is_not_randomised,
    only_the_agency_s_evidence_roles_see_the_evidence,
    a_manager_keeps_the_comparison_group_and_every_mistake_names_its_field,
    the_public_download_hides_small_counts_and_the_totals_that_would_reveal_them,
    the_evidence_page_shows_the_indicators_the_statement_and_keeps_a_typed_form,
    a_member_declares_housing_exclusion_and_minority_or_leaves_them_undeclared,
);
