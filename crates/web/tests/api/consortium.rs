//! Consortium operations through the API and the pages, on the demo consortium.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use serde_json::{Value, json};

mod borsa_and_orders;
mod registers_forms;
mod settings_statements;

const SUPERVISOR: &str = "production.supervisor@demo.filiera.eu";

async fn organisation_id(app: &TestApp, token: &str, name: &str) -> i64 {
    let page: Value = app
        .get(
            &format!("/api/v1/organisations?search={}", name.replace(' ', "%20")),
            token,
        )
        .await
        .json()
        .await
        .unwrap();
    page["items"][0]["id"].as_i64().expect("organisation found")
}

async fn the_consortium_manager_reads_table_a_and_a_social_worker_may_not(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let response = app
        .get(&format!("/api/v1/consortia/{consortium}/table-a"), &manager)
        .await;
    assert_eq!(response.status(), 200);
    let table: Value = response.json().await.unwrap();
    assert_eq!(table["rows"].as_array().unwrap().len(), 4);
    assert_eq!(table["total"]["cooperative"], "total");
    assert_eq!(table["total"]["compliant_30"], true);
    let laundry = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cooperative"].as_str().unwrap().contains("Lavanderia"))
        .unwrap();
    assert_eq!(laundry["disadvantaged"], 12);
    let social_worker = app.token(SOCIAL_WORKER).await;
    problem(
        app.get(&format!("/api/v1/consortia/{consortium}/table-a"), &social_worker)
            .await,
        403,
    )
    .await;
    let bad = problem(
        app.get(
            &format!("/api/v1/consortia/{consortium}/table-a?date=31-12-2024"),
            &manager,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&bad), vec!["date"]);
    app.finish().await;
}

async fn the_forecast_warns_before_a_certificate_expiry_breaks_the_rule(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let assembly = organisation_id(&app, &manager, "Assemblaggi Riuniti").await;
    let compliance: Value = app
        .get(&format!("/api/v1/cooperatives/{assembly}/compliance"), &manager)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(compliance["compliance"]["complies"], true);
    assert_eq!(compliance["history"].as_array().unwrap().len(), 12);
    let warning = &compliance["forecast"][0];
    assert_eq!(warning["causes"][0]["kind"], "certification_expires");
    assert_eq!(warning["causes"][0]["worker"], "ASM-001");
    app.finish().await;
}

async fn an_unbalanced_movement_is_refused_and_a_balanced_one_recorded(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let path = format!("/api/v1/consortia/{consortium}/movements");
    let unbalanced = json!({ "on": "2025-05-02", "kind": "fund_grant", "description": "New dryer",
        "postings": [{ "account": "solidarity_fund", "amount": "-1000.00" }, { "account": format!("cooperative:{laundry}"), "amount": "900.00" }] });
    let refused = problem(app.post_json(&path, &manager, &unbalanced).await, 422).await;
    assert_eq!(blamed_fields(&refused), vec!["postings"]);
    let balanced = json!({ "on": "2025-05-02", "kind": "fund_grant", "description": "New dryer",
        "postings": [{ "account": "solidarity_fund", "amount": "-1000.00" }, { "account": format!("cooperative:{laundry}"), "amount": "1000.00" }] });
    assert_eq!(app.post_json(&path, &manager, &balanced).await.status(), 201);
    let auditor = app.token(AUDITOR).await;
    problem(app.post_json(&path, &auditor, &balanced).await, 403).await;
    let fund: Value = app
        .get(
            &format!("/api/v1/consortia/{consortium}/solidarity-fund?year=2024"),
            &manager,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fund["lines"].as_array().unwrap().len(), 4);
    app.finish().await;
}

async fn a_supervisor_computes_edits_within_the_rules_and_accepts_an_allocation(app: TestApp) {
    let supervisor = app.token(SUPERVISOR).await;
    let laundry = organisation_id(&app, &supervisor, "Lavanderia Solidale").await;
    let response = app
        .post_json(
            &format!("/api/v1/cooperatives/{laundry}/allocations"),
            &supervisor,
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let allocation: Value = response.json().await.unwrap();
    let id = allocation["id"].as_i64().unwrap();
    let lines = allocation["lines"].as_array().unwrap().clone();
    assert!(!lines.is_empty());
    // Every workshop user with a task at their grade got some work (inclusion).
    for e in allocation["explanations"].as_array().unwrap() {
        assert!(e["used_seconds"].as_i64() <= e["capacity_seconds"].as_i64());
        if e["person_kind"] == "user" && e["eligible_tasks"].as_i64().unwrap() > 0 {
            assert_eq!(e["included"], true, "{e}");
        }
    }
    // Giving one person ten times their week is refused.
    let mut too_much = lines.clone();
    too_much[0]["units"] = json!(too_much[0]["units"].as_i64().unwrap() * 10 + 10_000);
    let put = |body: Value| {
        app.http
            .put(app.url(&format!("/api/v1/allocations/{id}")))
            .bearer_auth(&supervisor)
            .json(&body)
            .send()
    };
    let refused = problem(put(json!({ "lines": too_much })).await.unwrap(), 422).await;
    assert_eq!(blamed_fields(&refused)[0], "lines");
    let mut fewer = lines.clone();
    fewer[0]["units"] = json!(1);
    assert_eq!(put(json!({ "lines": fewer })).await.unwrap().status(), 200);
    let accepted: Value = app
        .post_json(&format!("/api/v1/allocations/{id}/accept"), &supervisor, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accepted["accepted"], true);
    problem(put(json!({ "lines": lines })).await.unwrap(), 409).await;
    app.finish().await;
}

async fn the_consortium_pages_show_the_demo_consortium_and_export_table_a(app: TestApp) {
    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let response = http.get(app.url("/consortium")).send().await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let html = http.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("Lavanderia Solidale") && html.contains("ratio-chart"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/consortium\""),
        "the navigation offers the consortium"
    );
    let csv = http
        .get(app.url(&format!("{location}/table-a.csv?date=2025-01-31")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.trim_start_matches('\u{feff}')
            .starts_with("cooperative,type,workers,worker_members,disadvantaged,disadvantaged_share,compliant_30,")
    );
    assert!(csv.lines().last().unwrap().starts_with("total,,"));
    let xlsx = http
        .get(app.url(&format!("{location}/table-a.xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&xlsx[..2], b"PK");
    let finance = http
        .get(app.url(&format!("{location}/finance")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(finance.contains("csrf_token"));
    app.finish().await;
}

async fn a_supervisor_reviews_an_allocation_in_the_browser_and_an_invalid_edit_is_refused(app: TestApp) {
    let http = client();
    log_in(&app.url(""), &http, SUPERVISOR).await;
    let supervisor = app.token(SUPERVISOR).await;
    let laundry = organisation_id(&app, &supervisor, "Lavanderia Solidale").await;
    let page = http
        .get(app.url(&format!("/cooperatives/{laundry}/production")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let computed = http
        .post(app.url(&format!("/cooperatives/{laundry}/allocations")))
        .form(&[("csrf_token", csrf.as_str()), ("week", "")])
        .send()
        .await
        .unwrap();
    assert!(computed.status().is_redirection());
    let location = computed.headers()["location"].to_str().unwrap().to_owned();
    let html = http.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    let marker = "name=\"units-";
    let start = html.find(marker).expect("an editable line") + marker.len();
    let field = format!("units-{}", &html[start..start + html[start..].find('"').unwrap()]);
    let refused = http
        .post(app.url(&location))
        .form(&[("csrf_token", csrf.as_str()), (field.as_str(), "999999")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let accepted = http
        .post(app.url(&format!("{location}/accept")))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(accepted.status().is_redirection());
    app.finish().await;
}

crate::api_tests!(
    the_consortium_manager_reads_table_a_and_a_social_worker_may_not,
    the_forecast_warns_before_a_certificate_expiry_breaks_the_rule,
    an_unbalanced_movement_is_refused_and_a_balanced_one_recorded,
    a_supervisor_computes_edits_within_the_rules_and_accepts_an_allocation,
    the_consortium_pages_show_the_demo_consortium_and_export_table_a,
    a_supervisor_reviews_an_allocation_in_the_browser_and_an_invalid_edit_is_refused,
);

/// "Today" is the date in Rome read from the server's one clock: at 23:30 UTC
/// on 2 December it is already 3 December in Italy, and the register says so.
#[tokio::test]
async fn the_register_is_dated_today_in_rome_from_the_injected_clock() {
    let db = filiera_fixtures::testing::TestDatabase::sqlite().await;
    let clock = filiera_storage::clock::Clock::stopped_at(time::macros::datetime!(2026-12-02 23:30 UTC));
    let app = TestApp::on_with_clock(db, clock).await;
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let cooperative = organisation_id(&app, &manager, "Il Girasole").await;
    let register: Value = app
        .get(&format!("/api/v1/cooperatives/{cooperative}/members"), &manager)
        .await
        .json()
        .await
        .expect("register");
    assert_eq!(register["date"], "2026-12-03", "{register}");
    app.finish().await;
}
