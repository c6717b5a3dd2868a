//! Quarterly provider reports, claims, payments and the budget, through the API
//! and the pages (downloads), with the roles of both sides.

use crate::helpers::*;
use crate::pages::log_in;
use serde_json::{Value, json};

const MANAGER: &str = "programme.manager@demo.filiera.eu";
const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";
const SOCIAL_WORKER: &str = "social.worker@demo.filiera.eu";

async fn ali_id(app: &TestApp, token: &str) -> i64 {
    let list: Value = app.get("/api/v1/programmes", token).await.json().await.unwrap();
    list.as_array()
        .and_then(|l| l.iter().find(|p| p["name"] == "ALI — Agenzia per il Lavoro Innovativo"))
        .and_then(|p| p["id"].as_i64())
        .expect("the demo programme")
}

async fn act(app: &TestApp, token: &str, id: i64, action: &str, comment: &str) -> reqwest::Response {
    let path = format!("/api/v1/provider-reports/{id}/actions");
    app.post_json(&path, token, &json!({ "action": action, "comment": comment }))
        .await
}

async fn a_report_goes_from_the_cooperative_to_the_agency_and_freezes(app: TestApp) {
    let coop = app.token(CASE_MANAGER).await;
    let manager = app.token(MANAGER).await;
    let programme = ali_id(&app, &manager).await;
    let reports: Value = app
        .get(&format!("/api/v1/programmes/{programme}/provider-reports"), &coop)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reports.as_array().map(Vec::len), Some(2), "{reports:#}");
    let cooperative = reports[0]["cooperative_id"].as_i64().unwrap();
    let path = format!("/api/v1/programmes/{programme}/provider-reports");
    // A malformed quarter names the field.
    let bad = app
        .post_json(
            &path,
            &coop,
            &json!({ "cooperative_id": cooperative, "quarter": "2021-Q9" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(bad, 422).await), ["quarter"]);
    // The agency's manager does not prepare the cooperative's report.
    let denied = app
        .post_json(
            &path,
            &manager,
            &json!({ "cooperative_id": cooperative, "quarter": "2021-Q4" }),
        )
        .await;
    problem(denied, 403).await;
    let created = app
        .post_json(
            &path,
            &coop,
            &json!({ "cooperative_id": cooperative, "quarter": "2021-Q4" }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let report: Value = created.json().await.unwrap();
    let id = report["id"].as_i64().unwrap();
    assert_eq!(report["status"], "draft");
    assert_eq!(report["content"]["quarter"], "2021-Q4");
    assert_eq!(act(&app, &coop, id, "submit", "").await.status(), 200);
    // The cooperative does not approve its own report; sending back needs a comment.
    problem(act(&app, &coop, id, "approve", "").await, 403).await;
    let no_comment = problem(act(&app, &manager, id, "return", " ").await, 422).await;
    assert_eq!(blamed_fields(&no_comment), ["comment"]);
    let approved: Value = act(&app, &manager, id, "approve", "ok").await.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    let actions: Vec<&str> = approved["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    // Submitting regenerates first: what is submitted is the register as it is then.
    assert_eq!(actions, ["generate", "regenerate", "submit", "approve"]);
    // Frozen: every action of either side is refused, naming the status.
    for (token, action) in [
        (&coop, "regenerate"),
        (&coop, "submit"),
        (&manager, "approve"),
        (&manager, "return"),
    ] {
        let refused = problem(act(&app, token, id, action, "again").await, 422).await;
        assert_eq!(blamed_fields(&refused), ["status"], "{action}");
    }
    let again = app
        .post_json(
            &path,
            &coop,
            &json!({ "cooperative_id": cooperative, "quarter": "2021-Q4" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(again, 422).await), ["status"]);
    // A correction needs a reason and is a new version.
    let corrections = format!("/api/v1/provider-reports/{id}/corrections");
    let no_reason = app.post_json(&corrections, &coop, &json!({ "reason": "" })).await;
    assert_eq!(blamed_fields(&problem(no_reason, 422).await), ["reason"]);
    let unknown = app
        .post_json(&corrections, &coop, &json!({ "reason": "x", "content": {} }))
        .await;
    problem(unknown, 400).await;
    let corrected = app
        .post_json(&corrections, &coop, &json!({ "reason": "late register entries" }))
        .await;
    assert_eq!(corrected.status(), 201);
    let corrected: Value = corrected.json().await.unwrap();
    assert_eq!(
        (corrected["version"].as_i64(), corrected["status"].as_str()),
        (Some(2), Some("draft"))
    );
    let first: Value = app
        .get(&format!("/api/v1/provider-reports/{id}"), &coop)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["superseded"], true);
    assert_eq!(first["content_sha256"], report["content_sha256"]);
    // A social worker of the agency has no business with provider reports.
    let social = app.token(SOCIAL_WORKER).await;
    problem(app.get(&format!("/api/v1/provider-reports/{id}"), &social).await, 403).await;
    app.finish().await;
}

async fn approving_the_demo_report_claims_and_the_agency_pays(app: TestApp) {
    let manager = app.token(MANAGER).await;
    let programme = ali_id(&app, &manager).await;
    let reports: Value = app
        .get(&format!("/api/v1/programmes/{programme}/provider-reports"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let submitted = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "submitted")
        .expect("the demo's submitted report");
    let id = submitted["id"].as_i64().unwrap();
    let approved: Value = act(&app, &manager, id, "approve", "").await.json().await.unwrap();
    let claims = approved["claims"].as_array().unwrap();
    let claimed: i64 = claims.iter().filter_map(|c| c["amount_cents"].as_i64()).sum();
    assert!(claimed > 0);
    assert_eq!(claimed, approved["content"]["claimable_cents"].as_i64().unwrap());
    let claim = claims[0]["id"].as_i64().unwrap();
    let pay = format!("/api/v1/claims/{claim}/payment");
    let early = app
        .post_json(
            &pay,
            &manager,
            &json!({ "paid_on": "2001-01-01", "payment_reference": "X" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(early, 422).await), ["paid_on"]);
    let coop = app.token(CASE_MANAGER).await;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let by_coop = app
        .post_json(&pay, &coop, &json!({ "paid_on": today, "payment_reference": "X" }))
        .await;
    problem(by_coop, 403).await;
    let paid: Value = app
        .post_json(
            &pay,
            &manager,
            &json!({ "paid_on": today, "payment_reference": "MAND-7" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid["payment_reference"], "MAND-7");
    let budget: Value = app
        .get(&format!("/api/v1/programmes/{programme}/budget"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let streams = budget["streams"].as_array().unwrap();
    let total_claimed: i64 = streams.iter().filter_map(|s| s["claimed_cents"].as_i64()).sum();
    let all_claims: i64 = budget["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["amount_cents"].as_i64())
        .sum();
    assert_eq!(total_claimed, all_claims);
    for stream in streams {
        let remaining = stream["budget_cents"].as_i64().unwrap() - stream["claimed_cents"].as_i64().unwrap();
        assert_eq!(stream["remaining_cents"].as_i64(), Some(remaining));
    }
    problem(
        app.get(&format!("/api/v1/programmes/{programme}/budget"), &coop).await,
        403,
    )
    .await;
    app.finish().await;
}

async fn reports_download_as_csv_xlsx_and_a_pdf_and_show_as_pages(app: TestApp) {
    let manager = app.token(MANAGER).await;
    let programme = ali_id(&app, &manager).await;
    let reports: Value = app
        .get(&format!("/api/v1/programmes/{programme}/provider-reports"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let id = reports[0]["id"].as_i64().unwrap();
    let http = client();
    log_in(&app.url(""), &http, MANAGER).await;
    let page = http
        .get(app.url(&format!("/provider-reports/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("report-lines") && html.contains("Cooperativa Sociale Il Girasole"));
    for (suffix, content_type, magic) in [
        ("csv", "text/csv; charset=utf-8", &b"\xEF\xBB\xBFsection"[..]),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &b"PK"[..],
        ),
        ("pdf", "application/pdf", &b"%PDF-"[..]),
    ] {
        let response = http
            .get(app.url(&format!("/provider-reports/{id}/export.{suffix}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{suffix}");
        assert_eq!(response.headers()["content-type"], content_type);
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(magic), "{suffix}");
    }
    // The page route refuses to move an approved report too, and says why on the page.
    let approved = reports
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "approved")
        .and_then(|r| r["id"].as_i64())
        .unwrap();
    let page = http
        .get(app.url(&format!("/provider-reports/{approved}")))
        .send()
        .await
        .unwrap();
    let csrf = crate::pages::csrf_of(&page.text().await.unwrap());
    let refused = http
        .post(app.url(&format!("/provider-reports/{approved}/actions")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("action", "return"),
            ("comment", "reopen it"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("frozen"));
    let still: Value = app
        .get(&format!("/api/v1/provider-reports/{approved}"), &manager)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["status"], "approved");
    let list = http
        .get(app.url(&format!("/programmes/{programme}/reports")))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let budget = http
        .get(app.url(&format!("/programmes/{programme}/budget")))
        .send()
        .await
        .unwrap();
    let html = budget.text().await.unwrap();
    assert!(
        html.contains("<svg") && html.contains("Poverty Fund"),
        "the budget chart"
    );
    app.finish().await;
}

crate::api_tests!(
    a_report_goes_from_the_cooperative_to_the_agency_and_freezes,
    approving_the_demo_report_claims_and_the_agency_pays,
    reports_download_as_csv_xlsx_and_a_pdf_and_show_as_pages,
);
