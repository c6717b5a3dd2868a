//! A household's timeline and its interviews through the API, with both demo
//! tenants: the other agency's users find nothing, a recorded interview comes
//! first, the kind filter keeps one kind, bad input is a 422 naming the field,
//! and health notes reach only those who may read them.

use crate::helpers::*;
use serde_json::{Value, json};

const SECOND_SOCIAL_WORKER: &str = "social.worker@livorno.demo.filiera.eu";
const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(code, status, "{body}");
    body
}

/// The id of the first household a search finds for this user.
async fn household(app: &TestApp, token: &str, search: &str) -> i64 {
    let page = json_of(
        app.get(&format!("/api/v1/households?search={search}"), token).await,
        200,
    )
    .await;
    page["items"][0]["id"].as_i64().expect("a household")
}

fn today() -> String {
    filiera_storage::clock::today().to_string()
}

async fn the_other_agency_finds_neither_the_timeline_nor_a_way_to_write_in_it(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let theirs = app.token(SECOND_SOCIAL_WORKER).await;
    let kaur = household(&app, &sw, "kaur").await;
    let livorno = household(&app, &theirs, "").await;
    let path = format!("/api/v1/households/{kaur}/timeline");
    json_of(app.get(&path, &sw).await, 200).await;
    problem(app.get(&path, &theirs).await, 404).await;
    problem(app.get(&format!("{path}?kind=interview"), &theirs).await, 404).await;
    let interview = json!({ "held_on": today(), "attendees": "Someone from Livorno" });
    let writes = format!("/api/v1/households/{kaur}/interviews");
    problem(app.post_json(&writes, &theirs, &interview).await, 404).await;
    // Even a bad request learns nothing: the wall comes before the input.
    problem(
        app.post_json(&writes, &theirs, &json!({ "held_on": "yesterday" }))
            .await,
        404,
    )
    .await;
    let ours = json_of(app.get(&path, &sw).await, 200).await;
    assert!(
        ours["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["summary"] != "Someone from Livorno"),
        "nothing was written"
    );
    // And the other way round.
    problem(
        app.get(&format!("/api/v1/households/{livorno}/timeline"), &sw).await,
        404,
    )
    .await;
    json_of(
        app.get(&format!("/api/v1/households/{livorno}/timeline"), &theirs)
            .await,
        200,
    )
    .await;
    app.finish().await;
}

async fn a_recorded_interview_comes_first_and_the_kind_filter_keeps_one_kind(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let kaur = household(&app, &sw, "kaur").await;
    let interview = json!({
        "held_on": today(),
        "attendees": "Sara Bianchi (social worker), Harpreet Kaur",
        "notes": "Agreed to try the laundry internship in spring.",
    });
    let recorded = json_of(
        app.post_json(&format!("/api/v1/households/{kaur}/interviews"), &sw, &interview)
            .await,
        201,
    )
    .await;
    assert_eq!(recorded["held_on"], today());
    assert_eq!(recorded["path_step"], Value::Null);
    let timeline = json_of(app.get(&format!("/api/v1/households/{kaur}/timeline"), &sw).await, 200).await;
    let first = &timeline["items"][0];
    assert_eq!(first["kind"], "interview");
    assert_eq!(first["id"], recorded["id"]);
    assert_eq!(first["on"], today());
    assert_eq!(first["note"], "Agreed to try the laundry internship in spring.");
    assert_eq!(first["summary"], "Sara Bianchi (social worker), Harpreet Kaur");
    assert!(first["author"].as_str().is_some_and(|a| !a.is_empty()));
    let all = timeline["total"].as_i64().unwrap();
    let kinds: Vec<&str> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().any(|k| *k != "interview"), "{kinds:?}");

    let only = json_of(
        app.get(&format!("/api/v1/households/{kaur}/timeline?kind=interview"), &sw)
            .await,
        200,
    )
    .await;
    let items = only["items"].as_array().unwrap();
    assert!(
        !items.is_empty() && items.iter().all(|e| e["kind"] == "interview"),
        "{only}"
    );
    assert!(only["total"].as_i64().unwrap() < all);
    assert_eq!(items[0]["id"], recorded["id"]);
    // Pages cut the same list.
    let second = json_of(
        app.get(&format!("/api/v1/households/{kaur}/timeline?page=2&per_page=1"), &sw)
            .await,
        200,
    )
    .await;
    assert_eq!(second["items"][0], timeline["items"][1]);
    app.finish().await;
}

async fn an_interview_on_a_referred_path_moves_it_to_the_first_interview(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let benali = household(&app, &sw, "benali").await;
    let detail = json_of(app.get(&format!("/api/v1/households/{benali}"), &sw).await, 200).await;
    let path = detail["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["state"] == "referred")
        .expect("a referred path")
        .clone();
    let interview = json!({ "held_on": today(), "attendees": "Sara, Dr. Neri", "path_id": path["id"] });
    let writes = format!("/api/v1/households/{benali}/interviews");
    let recorded = json_of(app.post_json(&writes, &sw, &interview).await, 201).await;
    assert_eq!(recorded["path_step"], "first_interview");
    assert_eq!(recorded["participant_id"], path["participant_id"]);
    let detail = json_of(app.get(&format!("/api/v1/households/{benali}"), &sw).await, 200).await;
    let moved = detail["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == path["id"])
        .unwrap();
    assert_eq!(moved["state"], "first_interview");
    let steps = json_of(
        app.get(&format!("/api/v1/households/{benali}/timeline?kind=state_change"), &sw)
            .await,
        200,
    )
    .await;
    assert_eq!(steps["items"][0]["detail"], "first_interview");
    // A path step for a path of another household is refused, naming the field.
    let kaur = household(&app, &sw, "kaur").await;
    let elsewhere = app
        .post_json(&format!("/api/v1/households/{kaur}/interviews"), &sw, &interview)
        .await;
    assert_eq!(blamed_fields(&problem(elsewhere, 422).await), vec!["path_id"]);
    app.finish().await;
}

async fn bad_interviews_are_refused_naming_each_field(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let kaur = household(&app, &sw, "kaur").await;
    let writes = format!("/api/v1/households/{kaur}/interviews");
    let refused = async |body: Value| blamed_fields(&problem(app.post_json(&writes, &sw, &body).await, 422).await);
    assert_eq!(
        refused(json!({ "held_on": "20/11/2026", "attendees": "Sara" })).await,
        vec!["held_on"]
    );
    let tomorrow = (filiera_storage::clock::today() + time::Duration::days(1)).to_string();
    assert_eq!(
        refused(json!({ "held_on": tomorrow, "attendees": "Sara" })).await,
        vec!["held_on"]
    );
    assert_eq!(
        refused(json!({ "held_on": "1899-12-31", "attendees": "Sara" })).await,
        vec!["held_on"]
    );
    assert_eq!(
        refused(json!({ "held_on": "not a date", "attendees": "   " })).await,
        vec!["held_on", "attendees"]
    );
    assert_eq!(
        refused(json!({ "held_on": today(), "attendees": "a".repeat(501) })).await,
        vec!["attendees"]
    );
    assert_eq!(
        refused(json!({ "held_on": today(), "attendees": "Sara", "notes": "n".repeat(20_001) })).await,
        vec!["notes"]
    );
    // Nothing was written.
    let only = json_of(
        app.get(&format!("/api/v1/households/{kaur}/timeline?kind=interview"), &sw)
            .await,
        200,
    )
    .await;
    assert!(only["items"].as_array().unwrap().iter().all(|e| e["summary"] != "Sara"));
    // A kind the timeline does not know is a 422 naming the filter.
    let unknown = app
        .get(&format!("/api/v1/households/{kaur}/timeline?kind=meeting"), &sw)
        .await;
    assert_eq!(blamed_fields(&problem(unknown, 422).await), vec!["kind"]);
    let page = app
        .get(&format!("/api/v1/households/{kaur}/timeline?page=0"), &sw)
        .await;
    assert_eq!(blamed_fields(&problem(page, 422).await), vec!["page"]);
    app.finish().await;
}

async fn health_notes_reach_the_social_worker_in_charge_but_not_the_case_manager(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let cm = app.token(CASE_MANAGER).await;
    let kaur = household(&app, &sw, "kaur").await;
    let forms = format!("/api/v1/households/{kaur}/timeline?kind=assessment");
    let audited = async || {
        let query = filiera_storage::audit_log::AuditQuery {
            action_prefix: Some("health_note.read".into()),
            ..Default::default()
        };
        let log = filiera_storage::audit_log::list(&app.db.store, &query, Default::default())
            .await
            .unwrap();
        (
            log.total,
            log.items.first().map(|e| e.detail.clone()).unwrap_or_default(),
        )
    };
    let before = audited().await;
    let theirs = json_of(app.get(&forms, &cm).await, 200).await;
    let items = theirs["items"].as_array().unwrap();
    assert!(items.iter().any(|e| e["has_health_note"] == true), "{theirs}");
    assert!(items.iter().all(|e| e["health_note"].is_null()), "{theirs}");
    assert_eq!(audited().await.0, before.0, "withheld notes are no read");
    let ours = json_of(app.get(&forms, &sw).await, 200).await;
    let read = ours["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| !e["health_note"].is_null())
        .expect("the social worker in charge reads them");
    assert!(read["health_note"].as_str().unwrap().contains("Back pain"));
    let (total, detail) = audited().await;
    assert_eq!(total, before.0 + 1, "the read is audited");
    assert!(detail.contains("timeline") && !detail.contains("Back pain"), "{detail}");
    app.finish().await;
}

crate::api_tests!(
    the_other_agency_finds_neither_the_timeline_nor_a_way_to_write_in_it,
    a_recorded_interview_comes_first_and_the_kind_filter_keeps_one_kind,
    an_interview_on_a_referred_path_moves_it_to_the_first_interview,
    bad_interviews_are_refused_naming_each_field,
    health_notes_reach_the_social_worker_in_charge_but_not_the_case_manager,
);
