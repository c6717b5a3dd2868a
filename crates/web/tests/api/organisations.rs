use crate::helpers::*;
use serde_json::{Value, json};

async fn an_admin_registers_a_firm_and_everyone_can_find_it(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &admin,
            &json!({ "name": "Pizzeria Da Gino", "kind": "firm", "sectors": ["catering"], "municipality": "Pisa" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["sectors"], json!(["catering"]));
    let social_worker = app.token(SOCIAL_WORKER).await;
    let page: Value = app
        .get("/api/v1/organisations?search=gino", &social_worker)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], created["id"]);
    app.finish().await;
}

async fn a_social_worker_may_not_register_or_change_organisations(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let response = app
        .post_json("/api/v1/organisations", &token, &json!({ "name": "X", "kind": "firm" }))
        .await;
    problem(response, 403).await;
    let response = app
        .http
        .put(app.url("/api/v1/organisations/1"))
        .bearer_auth(&token)
        .json(&json!({ "name": "Renamed", "kind": "public_agency" }))
        .send()
        .await
        .unwrap();
    problem(response, 403).await;
    app.finish().await;
}

async fn a_duplicate_name_is_a_409_problem_on_the_name(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &admin,
            &json!({ "name": "Consorzio Armonia", "kind": "consortium" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(response, 409).await), vec!["name"]);
    app.finish().await;
}

async fn a_consortium_manager_edits_a_member_cooperative_but_not_an_outside_firm(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let coops: Value = app
        .get("/api/v1/organisations?kind=cooperative", &manager)
        .await
        .json()
        .await
        .unwrap();
    let coop = &coops["items"][0];
    let id = coop["id"].as_i64().unwrap();
    let mut body = json!({ "name": coop["name"], "kind": "cooperative", "cooperative_type": coop["cooperative_type"],
                           "consortium_id": coop["consortium_id"], "municipality": "Cascina" });
    let response = app
        .http
        .put(app.url(&format!("/api/v1/organisations/{id}")))
        .bearer_auth(&manager)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let firms: Value = app
        .get("/api/v1/organisations?kind=firm", &manager)
        .await
        .json()
        .await
        .unwrap();
    let firm_id = firms["items"][0]["id"].as_i64().unwrap();
    body = json!({ "name": "Officine Rossi S.r.l.", "kind": "firm" });
    let response = app
        .http
        .put(app.url(&format!("/api/v1/organisations/{firm_id}")))
        .bearer_auth(&manager)
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(response, 403).await;
    app.finish().await;
}

async fn an_admin_adds_a_member_who_gets_a_one_time_password_that_works(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let me: Value = app.get("/api/v1/me", &admin).await.json().await.unwrap();
    let org = me["memberships"][0]["organisation_id"].as_i64().unwrap();
    let response = app
        .post_json(
            &format!("/api/v1/organisations/{org}/members"),
            &admin,
            &json!({ "email": "New.Person@sds.example", "display_name": "New Person", "role": "operator" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let added: Value = response.json().await.unwrap();
    let password = added["one_time_password"].as_str().unwrap().to_owned();
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "new.person@sds.example", "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let members: Value = app
        .get(&format!("/api/v1/organisations/{org}/members"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["email"] == "new.person@sds.example" && m["role"] == "operator")
    );
    app.finish().await;
}

async fn every_change_through_the_api_is_in_the_audit_log_with_the_actor(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let created: Value = app
        .post_json(
            "/api/v1/organisations",
            &admin,
            &json!({ "name": "Fondazione Esempio", "kind": "funder" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let response = app
        .http
        .post(app.url(&format!("/api/v1/organisations/{id}/archive")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let log = filiera_storage::audit_log::list(&app.db.store, &Default::default(), Default::default())
        .await
        .unwrap();
    let archive = log
        .items
        .iter()
        .find(|e| e.action == "organisation.archive")
        .expect("archive audited");
    assert_eq!(archive.actor, ADMIN);
    assert_eq!(archive.resource_id.as_deref(), Some(id.to_string().as_str()));
    assert!(archive.ip.as_deref().is_some_and(|ip| ip.starts_with("127.")));
    assert_eq!(
        filiera_storage::audit_log::verify(&app.db.store, |_, _| {})
            .await
            .unwrap(),
        log.total as u64
    );
    app.finish().await;
}

crate::api_tests!(
    an_admin_registers_a_firm_and_everyone_can_find_it,
    a_social_worker_may_not_register_or_change_organisations,
    a_duplicate_name_is_a_409_problem_on_the_name,
    a_consortium_manager_edits_a_member_cooperative_but_not_an_outside_firm,
    an_admin_adds_a_member_who_gets_a_one_time_password_that_works,
    every_change_through_the_api_is_in_the_audit_log_with_the_actor,
);
