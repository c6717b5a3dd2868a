use crate::helpers::*;
use serde_json::json;

async fn a_user_logs_in_and_the_token_says_who_they_are(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let me: serde_json::Value = app.get("/api/v1/me", &token).await.json().await.unwrap();
    assert_eq!(me["email"], SOCIAL_WORKER);
    assert_eq!(me["memberships"][0]["role"], "social_worker");
    app.finish().await;
}

async fn a_wrong_password_is_a_401_problem_that_does_not_say_which_part_was_wrong(app: TestApp) {
    let response = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": ADMIN, "password": "not the password" }))
        .send()
        .await
        .unwrap();
    let body = problem(response, 401).await;
    assert_eq!(body["detail"], "wrong e-mail or password");
    app.finish().await;
}

async fn five_failed_logins_pause_the_account_with_a_429(app: TestApp) {
    for _ in 0..5 {
        let response = app
            .http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": AUDITOR, "password": "guess" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    let response = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": AUDITOR, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("retry-after"));
    problem(response, 429).await;
    app.finish().await;
}

async fn a_revoked_token_no_longer_opens_the_api(app: TestApp) {
    let token = app.token(ADMIN).await;
    let response = app
        .http
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    problem(app.get("/api/v1/me", &token).await, 401).await;
    app.finish().await;
}

async fn requests_without_credentials_get_a_401_problem(app: TestApp) {
    let response = app.http.get(app.url("/api/v1/organisations")).send().await.unwrap();
    problem(response, 401).await;
    problem(app.get("/api/v1/me", "flr_not-a-token").await, 401).await;
    app.finish().await;
}

async fn only_admins_and_auditors_browse_the_audit_log(app: TestApp) {
    let auditor = app.token(AUDITOR).await;
    let page: serde_json::Value = app.get("/api/v1/audit", &auditor).await.json().await.unwrap();
    assert!(page["total"].as_i64().unwrap_or(0) > 0, "{page}");
    let social_worker = app.token(SOCIAL_WORKER).await;
    problem(app.get("/api/v1/audit", &social_worker).await, 403).await;
    app.finish().await;
}

async fn the_openapi_document_is_version_3_1_and_lists_the_endpoints(app: TestApp) {
    let doc: serde_json::Value = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        doc["openapi"].as_str().unwrap_or_default().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/auth/login",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}/members",
        "/api/v1/audit",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    app.finish().await;
}

async fn health_and_readiness_answer(app: TestApp) {
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    assert_eq!(app.http.get(app.url("/readyz")).send().await.unwrap().status(), 200);
    app.finish().await;
}

crate::api_tests!(
    a_user_logs_in_and_the_token_says_who_they_are,
    a_wrong_password_is_a_401_problem_that_does_not_say_which_part_was_wrong,
    five_failed_logins_pause_the_account_with_a_429,
    a_revoked_token_no_longer_opens_the_api,
    requests_without_credentials_get_a_401_problem,
    only_admins_and_auditors_browse_the_audit_log,
    the_openapi_document_is_version_3_1_and_lists_the_endpoints,
    health_and_readiness_answer,
);
