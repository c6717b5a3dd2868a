//! Bad input gets a 4xx problem naming the field; never a 500 or a panic.

use crate::helpers::*;
use serde_json::json;

async fn send_raw(app: &TestApp, token: &str, content_type: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn malformed_json_is_a_400_problem(app: TestApp) {
    let token = app.token(ADMIN).await;
    let body = problem(send_raw(&app, &token, "application/json", "{\"name\": ").await, 400).await;
    assert!(body["detail"].as_str().unwrap_or_default().contains("JSON"));
    app.finish().await;
}

async fn an_unknown_field_is_named(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "X", "kind": "firm", "colour": "red" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(response, 400).await), vec!["colour"]);
    app.finish().await;
}

async fn a_wrong_type_is_named(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .post_json("/api/v1/organisations", &token, &json!({ "name": 42, "kind": "firm" }))
        .await;
    assert_eq!(blamed_fields(&problem(response, 400).await), vec!["name"]);
    let response = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "X", "kind": "firm", "consortium_id": "three" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(response, 400).await), vec!["consortium_id"]);
    app.finish().await;
}

async fn an_invalid_enum_value_is_named(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .post_json("/api/v1/organisations", &token, &json!({ "name": "X", "kind": "bank" }))
        .await;
    let body = problem(response, 400).await;
    assert_eq!(blamed_fields(&body), vec!["kind"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("public_agency")
    );
    let response = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "X", "kind": "cooperative", "cooperative_type": "C" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(response, 400).await), vec!["cooperative_type"]);
    app.finish().await;
}

async fn a_nested_bad_date_is_named_with_its_path(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "X", "kind": "cooperative", "cooperative_type": "B",
                     "law381": { "region": "Toscana", "number": "1", "registered_on": "yesterday" } }),
        )
        .await;
    assert_eq!(
        blamed_fields(&problem(response, 422).await),
        vec!["law381.registered_on"]
    );
    app.finish().await;
}

async fn an_oversize_body_is_a_413_problem(app: TestApp) {
    let token = app.token(ADMIN).await;
    let huge = format!("{{\"name\": \"{}\", \"kind\": \"firm\"}}", "x".repeat(2 * 1024 * 1024));
    problem(send_raw(&app, &token, "application/json", huge).await, 413).await;
    app.finish().await;
}

async fn a_body_that_is_not_json_is_a_415_problem(app: TestApp) {
    let token = app.token(ADMIN).await;
    problem(send_raw(&app, &token, "text/plain", "name=X").await, 415).await;
    app.finish().await;
}

async fn a_non_numeric_id_and_a_bad_query_parameter_are_400_problems(app: TestApp) {
    let token = app.token(ADMIN).await;
    problem(app.get("/api/v1/organisations/abc", &token).await, 400).await;
    let body = problem(app.get("/api/v1/organisations?page=first", &token).await, 400).await;
    assert_eq!(blamed_fields(&body), vec!["page"]);
    let body = problem(app.get("/api/v1/organisations?kind=bank", &token).await, 400).await;
    assert_eq!(blamed_fields(&body), vec!["kind"]);
    problem(app.get("/api/v1/organisations/999999", &token).await, 404).await;
    problem(app.get("/api/v1/no-such-endpoint", &token).await, 404).await;
    app.finish().await;
}

async fn rule_violations_are_422_problems_listing_every_field(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "  ", "kind": "cooperative", "vat_number": "12345678901" }),
        )
        .await;
    let fields = blamed_fields(&problem(response, 422).await);
    for field in ["name", "cooperative_type", "vat_number"] {
        assert!(fields.contains(&field.to_owned()), "{fields:?}");
    }
    app.finish().await;
}

crate::api_tests!(
    malformed_json_is_a_400_problem,
    an_unknown_field_is_named,
    a_wrong_type_is_named,
    an_invalid_enum_value_is_named,
    a_nested_bad_date_is_named_with_its_path,
    an_oversize_body_is_a_413_problem,
    a_body_that_is_not_json_is_a_415_problem,
    a_non_numeric_id_and_a_bad_query_parameter_are_400_problems,
    rule_violations_are_422_problems_listing_every_field,
);
