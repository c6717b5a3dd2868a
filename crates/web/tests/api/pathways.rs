//! Paths to autonomy through the API: referral to closure, the guards, and
//! health notes visible only to the roles that must see them.

use crate::helpers::*;
use filiera_fixtures::testing::RawSql;
use serde_json::{Value, json};

const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";
const OPERATOR: &str = "operator@demo.filiera.eu";
const PROGRAMME_MANAGER: &str = "programme.manager@demo.filiera.eu";

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(code, status, "{body}");
    body
}

async fn agency_of(app: &TestApp, token: &str) -> i64 {
    let me = json_of(app.get("/api/v1/me", token).await, 200).await;
    me["memberships"][0]["organisation_id"].as_i64().unwrap()
}

/// The demo household whose reference person has health notes on file (Kaur).
async fn household_with_health_notes(app: &TestApp, token: &str) -> (i64, i64, i64) {
    let page = json_of(app.get("/api/v1/households?search=kaur", token).await, 200).await;
    let id = page["items"][0]["id"].as_i64().expect("demo household");
    let household = json_of(app.get(&format!("/api/v1/households/{id}"), token).await, 200).await;
    let member = household["members"][0]["id"].as_i64().unwrap();
    let forms = json_of(
        app.get(&format!("/api/v1/participants/{member}/assessments"), token)
            .await,
        200,
    )
    .await;
    let with_notes = forms["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["has_health_notes"] == true)
        .unwrap();
    (id, member, with_notes["id"].as_i64().unwrap())
}

async fn a_household_goes_from_referral_to_closure_through_the_api(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let agency = agency_of(&app, &sw).await;
    let household = json_of(
        app.post_json(
            "/api/v1/households",
            &sw,
            &json!({ "agency_id": agency, "first_name": "Nadia", "last_name": "Ferri", "birth_date": "1991-03-03",
                     "interests": "retail", "minimum_income": true }),
        )
        .await,
        201,
    )
    .await;
    let hid = household["id"].as_i64().unwrap();
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), &sw).await, 200).await;
    let member = detail["members"][0]["id"].as_i64().unwrap();
    let programmes: Value = sqlx_free_programme(&app).await;
    let programme = programmes["id"].as_i64().unwrap();
    let path = json_of(
        app.post_json(
            &format!("/api/v1/households/{hid}/paths"),
            &sw,
            &json!({ "participant_id": member, "programme_id": programme }),
        )
        .await,
        201,
    )
    .await;
    let pid = path["id"].as_i64().unwrap();
    // Skipping a step is refused, naming the field.
    let skipped = app
        .post_json(
            &format!("/api/v1/paths/{pid}/transitions"),
            &sw,
            &json!({ "to": "project_active" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(skipped, 422).await), vec!["state"]);
    for to in ["first_interview", "second_interview"] {
        json_of(
            app.post_json(&format!("/api/v1/paths/{pid}/transitions"), &sw, &json!({ "to": to }))
                .await,
            200,
        )
        .await;
    }
    let project = json_of(
        app.post_json(
            &format!("/api/v1/households/{hid}/projects"),
            &sw,
            &json!({ "programme_id": programme, "focus_participant_id": member }),
        )
        .await,
        201,
    )
    .await;
    let project_id = project["id"].as_i64().unwrap();
    let closure = json!({ "objectives_achieved": "a", "skills_acquired": "b", "critical_issues": "c",
                          "resources_activated": "d", "outcome": "training_completed" });
    let response = app
        .post_json(&format!("/api/v1/projects/{project_id}/closure"), &sw, &closure)
        .await;
    assert_eq!(response.status(), 204);
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), &sw).await, 200).await;
    assert_eq!(detail["paths"][0]["state"], "closed");
    let again = app
        .post_json(&format!("/api/v1/projects/{project_id}/closure"), &sw, &closure)
        .await;
    problem(again, 409).await;
    app.finish().await;
}

/// The demo programme, read through the API's household detail of a demo household.
async fn sqlx_free_programme(app: &TestApp) -> Value {
    let sw = app.token(SOCIAL_WORKER).await;
    let page = json_of(app.get("/api/v1/households?search=rossi", &sw).await, 200).await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let detail = json_of(app.get(&format!("/api/v1/households/{id}"), &sw).await, 200).await;
    json!({ "id": detail["paths"][0]["programme_id"] })
}

async fn health_notes_are_read_only_by_the_roles_that_must_see_them_and_each_read_is_audited(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let (_, member, form) = household_with_health_notes(&app, &sw).await;
    let path = format!("/api/v1/participants/{member}/assessments/{form}/health-notes");
    // The social worker in charge, the psychologist on the project, the programme manager.
    for email in [SOCIAL_WORKER, OPERATOR, PROGRAMME_MANAGER] {
        let token = app.token(email).await;
        let notes = json_of(app.get(&path, &token).await, 200).await;
        assert!(
            notes["health_notes"].as_str().unwrap_or_default().contains("Back pain"),
            "{email}"
        );
    }
    // Everyone else: refused, even when they may see the household.
    for email in [CASE_MANAGER, AUDITOR, ADMIN, CONSORTIUM_MANAGER] {
        let token = app.token(email).await;
        let status = app.get(&path, &token).await.status().as_u16();
        assert!(status == 403, "{email} got {status}");
    }
    // The forms themselves never carry the notes.
    let forms = app
        .get(&format!("/api/v1/participants/{member}/assessments"), &sw)
        .await
        .text()
        .await
        .unwrap();
    assert!(!forms.contains("Back pain"));
    let log = filiera_storage::audit_log::list(
        &app.db.store,
        &filiera_storage::audit_log::AuditQuery {
            action_prefix: Some("health_note.read".into()),
            ..Default::default()
        },
        Default::default(),
    )
    .await
    .unwrap();
    let readers: Vec<&str> = log.items.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(log.total, 3, "{readers:?}");
    for email in [SOCIAL_WORKER, OPERATOR, PROGRAMME_MANAGER] {
        assert!(readers.contains(&email));
    }
    app.finish().await;
}

async fn a_full_service_is_refused_with_the_waiting_list_offered(app: TestApp) {
    let cm = app.token(CASE_MANAGER).await;
    let sw = app.token(SOCIAL_WORKER).await;
    let (hid, member, _) = household_with_health_notes(&app, &sw).await;
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), &sw).await, 200).await;
    let project = detail["projects"][0]["id"].as_i64().unwrap();
    let round = detail["projects"][0]["round_id"].as_i64().unwrap();
    let shown = json_of(app.get(&format!("/api/v1/projects/{project}"), &cm).await, 200).await;
    // The demo internship is planned past its round: the conflict is reported.
    let internship = shown["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["intervention"]["service_kind"] == "internship")
        .unwrap();
    assert_eq!(internship["conflicts"][0]["limit"], "round");
    let service = internship["intervention"]["service_id"].as_i64().unwrap();
    app.db
        .store
        .execute_raw_for_tests(&format!(
            "UPDATE service_capacity SET capacity = 1 WHERE service_id = {service} AND round_id = {round}"
        ))
        .await;
    let body = json!({ "participant_id": member, "service_id": service, "round_id": round });
    let full = app
        .post_json(&format!("/api/v1/projects/{project}/interventions"), &cm, &body)
        .await;
    let problem_body = problem(full, 409).await;
    assert!(
        problem_body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("waiting list")
    );
    let mut waiting = body.clone();
    waiting["join_waiting_list"] = json!(true);
    let joined = json_of(
        app.post_json(&format!("/api/v1/projects/{project}/interventions"), &cm, &waiting)
            .await,
        202,
    )
    .await;
    assert_eq!(joined["waiting_list"], true);
    app.finish().await;
}

async fn an_auditor_may_read_households_but_not_change_them(app: TestApp) {
    let auditor = app.token(AUDITOR).await;
    let page = json_of(app.get("/api/v1/households", &auditor).await, 200).await;
    assert!(page["total"].as_i64().unwrap() >= 6);
    let agency = agency_of(&app, &auditor).await;
    let response = app
        .post_json(
            "/api/v1/households",
            &auditor,
            &json!({ "agency_id": agency, "first_name": "X", "last_name": "Y" }),
        )
        .await;
    problem(response, 403).await;
    let production = app.token("production.supervisor@demo.filiera.eu").await;
    let page = json_of(app.get("/api/v1/households", &production).await, 200).await;
    assert_eq!(page["total"], 0, "a Type B production supervisor sees no household");
    app.finish().await;
}

async fn overdue_requests_are_listed_for_the_agency(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let overdue = json_of(app.get("/api/v1/requests/overdue", &sw).await, 200).await;
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"].as_str().unwrap_or("").contains("canteen"))
    );
    app.finish().await;
}

crate::api_tests!(
    a_household_goes_from_referral_to_closure_through_the_api,
    health_notes_are_read_only_by_the_roles_that_must_see_them_and_each_read_is_audited,
    a_full_service_is_refused_with_the_waiting_list_offered,
    an_auditor_may_read_households_but_not_change_them,
    overdue_requests_are_listed_for_the_agency,
    a_round_matching_is_proposed_explained_and_accepted_as_planned_interventions,
    a_programme_weighs_its_proposals_through_the_api_and_the_page,
);

/// The demo programme and round of the Saleh household's project.
async fn saleh_round(app: &TestApp) -> (i64, i64) {
    let sw = app.token(SOCIAL_WORKER).await;
    let page = json_of(app.get("/api/v1/households?search=saleh", &sw).await, 200).await;
    let hid = page["items"][0]["id"].as_i64().unwrap();
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), &sw).await, 200).await;
    let project = &detail["projects"][0];
    (
        project["programme_id"].as_i64().unwrap(),
        project["round_id"].as_i64().unwrap(),
    )
}

async fn a_programme_weighs_its_proposals_through_the_api_and_the_page(app: TestApp) {
    let pm = app.token(PROGRAMME_MANAGER).await;
    let (programme, round) = saleh_round(&app).await;
    let weights = format!("/api/v1/programmes/{programme}/matching-weights");
    let proposal = format!("/api/v1/programmes/{programme}/rounds/{round}/matching");
    let defaults = json_of(app.get(&weights, &pm).await, 200).await;
    assert_eq!(
        (defaults["interest_fit"].clone(), defaults["unmatched"].clone()),
        (json!(300), json!(10000))
    );
    let component = |proposal: &Value, name: &str| -> Vec<i64> {
        proposal["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a[name].as_i64().unwrap())
            .collect()
    };
    let before = json_of(app.get(&proposal, &pm).await, 200).await;
    assert!(
        component(&before, "employability_gap").iter().any(|&c| c != 0),
        "{before}"
    );
    // Weights left out keep their defaults.
    let saved = app
        .http
        .put(app.url(&weights))
        .bearer_auth(&pm)
        .json(&json!({ "employability_gap": 0, "interest_fit": 0 }))
        .send()
        .await
        .unwrap();
    let saved = json_of(saved, 200).await;
    assert_eq!(
        (saved["interest_fit"].clone(), saved["travel_per_hour"].clone()),
        (json!(0), json!(240))
    );
    let after = json_of(app.get(&proposal, &pm).await, 200).await;
    assert_eq!(after["weights"]["employability_gap"], 0);
    assert!(
        component(&after, "employability_gap").iter().all(|&c| c == 0),
        "{after}"
    );
    assert!(component(&after, "interest_fit").iter().all(|&c| c == 0), "{after}");
    let refused = app
        .http
        .put(app.url(&weights))
        .bearer_auth(&pm)
        .json(&json!({ "unmatched": 2_000_000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(blamed_fields(&problem(refused, 422).await), ["unmatched"]);
    let sw = app.token(SOCIAL_WORKER).await;
    let forbidden = app
        .http
        .put(app.url(&weights))
        .bearer_auth(&sw)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    problem(forbidden, 403).await;
    let reset = app
        .http
        .delete(app.url(&weights))
        .bearer_auth(&pm)
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(reset, 200).await, defaults);

    // The page: a typed mistake is shown with the typed value; a good form saves.
    crate::pages::log_in(&app.server.address, &app.http, PROGRAMME_MANAGER).await;
    let page_path = format!("/programmes/{programme}/rounds/{round}/matching");
    let html = app
        .http
        .get(app.url(&page_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"weights-form\""));
    let csrf = crate::pages::csrf_of(&html);
    let response = app
        .http
        .post(app.url(&format!("{page_path}/weights")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("interest_fit", "3OO"),
            ("unmatched", "10000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("value=\"3OO\"") && html.contains("id=\"weight-interest_fit-error\""),
        "{html}"
    );
    let response = app
        .http
        .post(app.url(&format!("{page_path}/weights")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("interest_fit", "450"),
            ("unmatched", "9000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("id=\"weights-saved\""));
    let stored = json_of(app.get(&weights, &pm).await, 200).await;
    assert_eq!(
        (stored["interest_fit"].clone(), stored["unmatched"].clone()),
        (json!(450), json!(9000))
    );
    app.finish().await;
}

async fn a_round_matching_is_proposed_explained_and_accepted_as_planned_interventions(app: TestApp) {
    let pm = app.token(PROGRAMME_MANAGER).await;
    let sw = app.token(SOCIAL_WORKER).await;
    let page = json_of(app.get("/api/v1/households?search=saleh", &sw).await, 200).await;
    let hid = page["items"][0]["id"].as_i64().unwrap();
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), &sw).await, 200).await;
    let programme = detail["projects"][0]["programme_id"].as_i64().unwrap();
    let round = detail["projects"][0]["round_id"].as_i64().unwrap();
    let path = format!("/api/v1/programmes/{programme}/rounds/{round}/matching");
    let proposal = json_of(app.get(&path, &pm).await, 200).await;
    let assignments = proposal["assignments"].as_array().unwrap();
    let ahmed: Vec<&Value> = assignments
        .iter()
        .filter(|a| a["participant_name"] == "Ahmed Saleh")
        .collect();
    assert!(!ahmed.is_empty(), "{proposal}");
    assert!(ahmed.len() <= 2, "at most two interventions per person");
    for a in assignments {
        let parts = [
            "interest_fit",
            "employability_gap",
            "travel",
            "waiting",
            "cooperative_fairness",
        ];
        let sum: i64 = parts.iter().map(|k| a[*k].as_i64().unwrap()).sum();
        assert_eq!(sum, a["total"].as_i64().unwrap(), "the components explain the cost");
    }
    // Kaur already has two interventions: she is left out, with the binding reason.
    let kaur = proposal["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["participant_name"] == "Harpreet Kaur");
    assert!(kaur.is_none_or(|u| !u["reason"].as_str().unwrap_or("").is_empty()));
    // A social worker may not ask for proposals.
    problem(app.get(&path, &sw).await, 403).await;
    let kept = json!({ "assignments": [{ "participant_id": ahmed[0]["participant_id"], "service_id": ahmed[0]["service_id"] }] });
    let accepted = json_of(app.post_json(&format!("{path}/accept"), &pm, &kept).await, 201).await;
    assert_eq!(accepted["planned"], 1);
    let project = ahmed[0]["project_id"].as_i64().unwrap();
    let shown = json_of(app.get(&format!("/api/v1/projects/{project}"), &pm).await, 200).await;
    assert_eq!(shown["interventions"].as_array().unwrap().len(), 1);
    assert_eq!(shown["interventions"][0]["intervention"]["status"], "planned");
    // A service whose own rule admits only people aged 100 or more (or whose
    // age is not recorded: they cannot be told eligible) is proposed to nobody.
    let service = ahmed[0]["service_id"].as_i64().unwrap();
    let offered = |proposal: &Value| {
        proposal["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["service_id"] == service)
            .count()
    };
    app.db
        .store
        .execute_raw_for_tests(&format!(
            "UPDATE service_capacity SET capacity = 50 WHERE service_id = {service} AND round_id = {round}"
        ))
        .await;
    let before = offered(&json_of(app.get(&path, &pm).await, 200).await);
    assert!(before > 0, "with room for fifty, the service is proposed to someone");
    app.db
        .store
        .execute_raw_for_tests(&format!(
            "UPDATE services SET eligibility = '{{\"age\":{{\"min\":100}}}}' WHERE id = {service}"
        ))
        .await;
    let after = json_of(app.get(&path, &pm).await, 200).await;
    assert_eq!(offered(&after), 0, "{after}");
    app.finish().await;
}
