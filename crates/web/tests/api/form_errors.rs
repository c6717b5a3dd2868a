//! Validation messages in the reader's language: next to the field on the
//! pages, with the typed values kept; as `code`, `args` and an English (or
//! requested) `message` in the API.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use serde_json::{Value, json};

const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";

/// A demo project the case manager manages, one of its household's members
/// and a service of its programme.
async fn demo_project(app: &TestApp) -> (i64, i64, i64) {
    let cm = app.token(CASE_MANAGER).await;
    let page: Value = app
        .get("/api/v1/households?search=kaur", &cm)
        .await
        .json()
        .await
        .unwrap();
    let household = page["items"][0]["id"].as_i64().expect("demo household");
    let detail: Value = app
        .get(&format!("/api/v1/households/{household}"), &cm)
        .await
        .json()
        .await
        .unwrap();
    let project = detail["projects"][0]["id"].as_i64().expect("demo project");
    let member = detail["members"][0]["id"].as_i64().expect("a member");
    let shown: Value = app
        .get(&format!("/api/v1/projects/{project}"), &cm)
        .await
        .json()
        .await
        .unwrap();
    let service = shown["interventions"][0]["intervention"]["service_id"]
        .as_i64()
        .expect("a planned service");
    (project, member, service)
}

async fn an_intervention_ending_before_it_starts_comes_back_in_italian_beside_the_end_date(app: TestApp) {
    let (project, member, service) = demo_project(&app).await;
    log_in(&app.server.address, &app.http, CASE_MANAGER).await;
    let page = app
        .http
        .get(app.url(&format!("/projects/{project}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = app
        .http
        .post(app.url(&format!("/projects/{project}/interventions")))
        .form(&[
            ("csrf_token", csrf_of(&page).as_str()),
            ("service_id", &service.to_string()),
            ("participant_id", &member.to_string()),
            ("planned_start", "2026-06-10"),
            ("planned_end", "2026-06-01"),
            ("hours", "40"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    // The typed values are back in the form.
    assert!(
        html.contains(r#"name="planned_start" type="date" value="2026-06-10""#),
        "start kept"
    );
    assert!(
        html.contains(r#"name="planned_end" type="date" value="2026-06-01""#),
        "end kept"
    );
    assert!(
        html.contains(r#"name="hours" type="number" min="0" value="40""#),
        "hours kept"
    );
    assert!(
        html.contains(&format!(r#"<option value="{service}" selected>"#)),
        "service kept"
    );
    // The Italian message is next to the end date, which is marked invalid.
    let end = html.find(r#"id="iv-end""#).expect("end date input");
    let input = &html[end..end + html[end..].find('>').unwrap_or(0)];
    assert!(input.contains(r#"aria-invalid="true""#), "{input}");
    assert!(input.contains(r#"aria-describedby="iv-end-error""#), "{input}");
    let message =
        r#"<p class="field-error" id="iv-end-error">la fine prevista è precedente all&#39;inizio previsto</p>"#;
    let message_at = html.find(message).expect("Italian message beside the field");
    assert!(
        message_at > end && message_at - end < 400,
        "the message follows the field"
    );
    // The summary names the field in Italian too.
    assert!(html.contains("Fine prevista: la fine prevista"), "summary with label");
    app.finish().await;
}

async fn an_api_field_error_carries_its_code_arguments_and_english_message(app: TestApp) {
    let token = app.token(ADMIN).await;
    let body = json!({ "name": "x".repeat(201), "kind": "firm" });
    let english = problem(app.post_json("/api/v1/organisations", &token, &body).await, 422).await;
    let error = english["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "name")
        .cloned()
        .expect("name refused");
    assert_eq!(error["code"], "error-too-long");
    assert_eq!(error["args"], json!({ "max": 200 }));
    assert_eq!(error["message"], "must be at most 200 characters");
    // Asked in Italian, the message is Italian; code and args stay.
    let italian: Value = app
        .http
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(&token)
        .header("accept-language", "it-IT,it;q=0.9")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let error = italian["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "name")
        .cloned()
        .expect("name refused");
    assert_eq!(error["code"], "error-too-long");
    assert_eq!(error["message"], "deve essere al massimo di 200 caratteri");
    app.finish().await;
}

crate::api_tests!(
    an_intervention_ending_before_it_starts_comes_back_in_italian_beside_the_end_date,
    an_api_field_error_carries_its_code_arguments_and_english_message,
);
