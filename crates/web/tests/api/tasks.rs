//! "My tasks" and notifications through the API and the pages, with the demo's
//! two tenants: agency B's programme manager never sees agency A's tasks or
//! notifications; a handover reaches the colleague taking over; deciding a
//! report ends its task and reaches the cooperative; e-mail copies arrive at
//! an SMTP relay (a sink the test starts) after the change is committed.

use crate::helpers::*;
use crate::pages::log_in;
use serde_json::{Value, json};

const MANAGER: &str = "programme.manager@demo.filiera.eu";
const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";
const OPERATOR: &str = "operator@demo.filiera.eu";
const MANAGER_B: &str = "programme.manager@livorno.demo.filiera.eu";
const SOCIAL_WORKER_B: &str = "social.worker@livorno.demo.filiera.eu";

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(code, status, "{body}");
    body
}

async fn tasks(app: &TestApp, token: &str) -> Vec<Value> {
    json_of(app.get("/api/v1/tasks", token).await, 200)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn notifications(app: &TestApp, token: &str) -> Value {
    json_of(app.get("/api/v1/notifications", token).await, 200).await
}

fn links_of(tasks: &[Value], kind: &str) -> Vec<String> {
    tasks
        .iter()
        .filter(|t| t["kind"] == kind)
        .filter_map(|t| t["link"].as_str().map(str::to_owned))
        .collect()
}

/// The first household of the demo social worker's case list, and its reference.
async fn a_household(app: &TestApp, token: &str) -> (i64, String) {
    let page = json_of(app.get("/api/v1/households?per_page=5", token).await, 200).await;
    let first = &page["items"][0];
    (
        first["id"].as_i64().expect("a household"),
        first["reference"].as_str().unwrap().to_owned(),
    )
}

/// Hands household `id` over to the programme manager; returns the manager's user id.
async fn hand_over_to_the_manager(app: &TestApp, social_worker: &str, manager: &str, id: i64) -> i64 {
    let me = json_of(app.get("/api/v1/me", manager).await, 200).await;
    let manager_id = me["id"]
        .as_i64()
        .or_else(|| me["user"]["id"].as_i64())
        .expect("user id");
    let response = app
        .post_json(
            &format!("/api/v1/households/{id}/handover"),
            social_worker,
            &json!({ "user_id": manager_id, "handover_note": "Internship running; the tutor wants a meeting on Friday" }),
        )
        .await;
    assert!(response.status().is_success(), "handover: {}", response.status());
    manager_id
}

async fn a_handover_and_a_request_reach_the_colleague_and_leave_the_list_once_acted_on(app: TestApp) {
    let social_worker = app.token(SOCIAL_WORKER).await;
    let manager = app.token(MANAGER).await;
    let (household, reference) = a_household(&app, &social_worker).await;
    assert_eq!(notifications(&app, &manager).await["unread"], 0);
    hand_over_to_the_manager(&app, &social_worker, &manager, household).await;

    let inbox = notifications(&app, &manager).await;
    assert_eq!(inbox["unread"], 1, "{inbox:#}");
    let note = &inbox["items"][0];
    assert_eq!(note["kind"], "handover");
    assert_eq!(note["link"], format!("/households/{household}#handover"));
    assert!(note["text"].as_str().unwrap().contains(&reference), "{note}");
    assert_eq!(
        notifications(&app, &social_worker).await["unread"],
        0,
        "not the one who handed over"
    );
    let handover_link = format!("/households/{household}#handover");
    assert!(links_of(&tasks(&app, &manager).await, "handover").contains(&handover_link));

    // A request on the household now reaches its new social worker.
    let operator = app.token(OPERATOR).await;
    let opened = app
        .post_json(
            &format!("/api/v1/households/{household}/requests"),
            &social_worker,
            &json!({ "from_kind": "household", "text": "help with the rent form" }),
        )
        .await;
    let request = json_of(opened, 201).await["id"].as_i64().unwrap();
    drop(operator);
    let inbox = notifications(&app, &manager).await;
    assert_eq!(inbox["unread"], 2);
    assert_eq!(inbox["items"][0]["kind"], "request_opened");
    let request_link = format!("/households/{household}#requests");
    let mine = tasks(&app, &manager).await;
    assert!(links_of(&mine, "request").contains(&request_link), "{mine:#?}");

    // Answering the request ends both tasks: the request, and the handover, now picked up.
    let answered = app
        .post_json(
            &format!("/api/v1/households/{household}/requests/{request}/answer"),
            &manager,
            &json!({ "answer": "form filled in together" }),
        )
        .await;
    assert!(answered.status().is_success(), "{}", answered.status());
    let after = tasks(&app, &manager).await;
    assert!(!links_of(&after, "request").contains(&request_link), "{after:#?}");
    assert!(!links_of(&after, "handover").contains(&handover_link), "{after:#?}");

    // Reading marks: one, then all; another user's notification is not found.
    let id = inbox["items"][0]["id"].as_i64().unwrap();
    let b = app.token(MANAGER_B).await;
    problem(
        app.post_json(&format!("/api/v1/notifications/{id}/read"), &b, &json!({}))
            .await,
        404,
    )
    .await;
    let read = app
        .post_json(&format!("/api/v1/notifications/{id}/read"), &manager, &json!({}))
        .await;
    assert_eq!(read.status(), 204);
    assert_eq!(notifications(&app, &manager).await["unread"], 1);
    let all = json_of(
        app.post_json("/api/v1/notifications/read", &manager, &json!({})).await,
        200,
    )
    .await;
    assert_eq!(all["marked"], 1);
    assert_eq!(notifications(&app, &manager).await["unread"], 0);
    app.finish().await;
}

async fn approving_a_report_ends_its_task_and_reaches_the_cooperative(app: TestApp) {
    let manager = app.token(MANAGER).await;
    let coop = app.token(CASE_MANAGER).await;
    let mine = tasks(&app, &manager).await;
    let to_approve = links_of(&mine, "report_to_approve");
    assert!(
        !to_approve.is_empty(),
        "the demo's submitted report waits for the manager: {mine:#?}"
    );
    let link = to_approve[0].clone();
    let id: i64 = link.trim_start_matches("/provider-reports/").parse().unwrap();
    // The cooperative does not approve; its task list has no approval.
    assert!(links_of(&tasks(&app, &coop).await, "report_to_approve").is_empty());
    let approved = app
        .post_json(
            &format!("/api/v1/provider-reports/{id}/actions"),
            &manager,
            &json!({ "action": "approve", "comment": "" }),
        )
        .await;
    assert_eq!(approved.status(), 200);
    assert!(!links_of(&tasks(&app, &manager).await, "report_to_approve").contains(&link));
    let inbox = notifications(&app, &coop).await;
    assert_eq!(inbox["items"][0]["kind"], "report_approved", "{inbox:#}");
    assert_eq!(inbox["items"][0]["link"], link);
    assert_eq!(
        notifications(&app, &manager).await["unread"],
        0,
        "not the one who approved"
    );
    app.finish().await;
}

async fn agency_bs_manager_never_sees_agency_as_tasks_or_notifications(app: TestApp) {
    let manager = app.token(MANAGER).await;
    let social_worker = app.token(SOCIAL_WORKER).await;
    let b_manager = app.token(MANAGER_B).await;
    let b_social_worker = app.token(SOCIAL_WORKER_B).await;
    let (household, reference) = a_household(&app, &social_worker).await;
    hand_over_to_the_manager(&app, &social_worker, &manager, household).await;
    let a_links: Vec<String> = tasks(&app, &manager)
        .await
        .iter()
        .filter_map(|t| t["link"].as_str().map(str::to_owned))
        .collect();
    assert!(a_links.len() >= 2, "{a_links:?}");
    for token in [&b_manager, &b_social_worker] {
        let theirs = tasks(&app, token).await;
        for task in &theirs {
            let link = task["link"].as_str().unwrap();
            assert!(!a_links.iter().any(|l| l == link), "agency B sees {task}");
            assert!(!task["title"].as_str().unwrap().contains(&reference), "{task}");
        }
        let inbox = notifications(&app, token).await;
        assert_eq!(inbox["total"], 0, "{inbox:#}");
    }
    // Nor through the pages.
    let b_pages = client();
    log_in(&app.server.address, &b_pages, MANAGER_B).await;
    for path in ["/tasks", "/notifications", "/"] {
        let page = b_pages.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.unwrap();
        assert!(!html.contains(&reference), "{path} shows agency A's household");
        for link in &a_links {
            assert!(!html.contains(&format!("href=\"{link}\"")), "{path} links to {link}");
        }
        assert!(!html.contains("id=\"unread-count\""), "{path}: B has nothing unread");
    }
    // A's manager sees the counter and the list in the page.
    let a_pages = client();
    log_in(&app.server.address, &a_pages, MANAGER).await;
    let html = a_pages
        .get(app.url("/tasks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"unread-count\""));
    assert!(html.contains(&format!("href=\"/households/{household}#handover\"")));
    app.finish().await;
}

crate::api_tests!(
    a_handover_and_a_request_reach_the_colleague_and_leave_the_list_once_acted_on,
    approving_a_report_ends_its_task_and_reaches_the_cooperative,
    agency_bs_manager_never_sees_agency_as_tasks_or_notifications,
);
