//! Access that must end, be counted or stay on this site: the login throttle
//! under parallel guesses, sessions and tokens after a password change or a
//! lost membership, token expiry, the `next` redirect, no caching of personal
//! data, and formulas kept out of CSV downloads.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use filiera_domain::import::read_records;
use filiera_domain::time_format::parse_instant;
use filiera_fixtures::testing::RawSql;
use serde_json::{Value, json};

async fn login_status(app: &TestApp, http: &reqwest::Client, email: &str, password: &str) -> u16 {
    http.post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn forty_parallel_wrong_passwords_get_at_most_five_401s_and_the_rest_429(app: TestApp) {
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let (http, url) = (app.http.clone(), app.url("/api/v1/auth/login"));
        guesses.spawn(async move {
            let guess = json!({ "email": AUDITOR, "password": format!("guess number {i}") });
            http.post(url).json(&guess).send().await.unwrap().status().as_u16()
        });
    }
    let statuses = guesses.join_all().await;
    let refused = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(refused <= 5, "{refused} wrong passwords were checked: {statuses:?}");
    assert_eq!(refused + throttled, 40, "{statuses:?}");
    // The right password is not checked either until the pause ends.
    assert_eq!(login_status(&app, &app.http, AUDITOR, PASSWORD).await, 429);
    app.finish().await;
}

/// The page's own session and the user's id, from the account page and the API.
async fn me(app: &TestApp, token: &str) -> Value {
    let response = app.get("/api/v1/me", token).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn is_logged_in(app: &TestApp, http: &reqwest::Client) -> bool {
    let response = http.get(app.url("/account")).send().await.unwrap();
    match response.status().as_u16() {
        200 => true,
        303 => false,
        other => panic!("/account answered {other}"),
    }
}

async fn changing_the_password_ends_the_other_sessions_and_tokens_but_not_this_one(app: TestApp) {
    let (here, elsewhere) = (client(), client());
    log_in(&app.server.address, &here, AUDITOR).await;
    log_in(&app.server.address, &elsewhere, AUDITOR).await;
    let token = app.token(AUDITOR).await;
    let account = here
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = here
        .post(app.url("/account/password"))
        .form(&[
            ("current_password", PASSWORD),
            ("new_password", "a brand new passphrase"),
            ("csrf_token", &csrf_of(&account)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(is_logged_in(&app, &here).await, "the session that changed it stays");
    assert!(!is_logged_in(&app, &elsewhere).await, "another session ends");
    problem(app.get("/api/v1/me", &token).await, 401).await;
    app.finish().await;
}

async fn removing_a_membership_through_the_api_ends_the_members_sessions_and_tokens(app: TestApp) {
    let browser = client();
    log_in(&app.server.address, &browser, SOCIAL_WORKER).await;
    let token = app.token(SOCIAL_WORKER).await;
    let worker = me(&app, &token).await;
    let (user, agency) = (
        worker["id"].clone(),
        worker["memberships"][0]["organisation_id"].clone(),
    );
    let admin = app.token(ADMIN).await;
    let response = app
        .http
        .delete(app.url(&format!("/api/v1/organisations/{agency}/members/{user}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    problem(app.get("/api/v1/me", &token).await, 401).await;
    assert!(!is_logged_in(&app, &browser).await);
    assert_eq!(me(&app, &admin).await["email"], ADMIN, "the admin's own access stays");
    app.finish().await;
}

async fn removing_a_membership_through_the_page_ends_the_members_sessions_and_tokens(app: TestApp) {
    let browser = client();
    log_in(&app.server.address, &browser, SOCIAL_WORKER).await;
    let token = app.token(SOCIAL_WORKER).await;
    let worker = me(&app, &token).await;
    let (user, agency) = (
        worker["id"].clone(),
        worker["memberships"][0]["organisation_id"].clone(),
    );
    log_in(&app.server.address, &app.http, ADMIN).await;
    let page = app
        .http
        .get(app.url(&format!("/organisations/{agency}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = app
        .http
        .post(app.url(&format!("/organisations/{agency}/members/{user}/remove")))
        .form(&[("csrf_token", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    problem(app.get("/api/v1/me", &token).await, 401).await;
    assert!(!is_logged_in(&app, &browser).await);
    assert!(is_logged_in(&app, &app.http).await, "the admin stays logged in");
    app.finish().await;
}

async fn a_token_expires_ninety_days_after_creation_and_is_then_refused(app: TestApp) {
    let token = app.token(ADMIN).await;
    let listed: Value = app.get("/api/v1/tokens", &token).await.json().await.unwrap();
    let mine = &listed[0];
    let created = parse_instant(mine["created_at"].as_str().unwrap()).unwrap();
    let expires = parse_instant(mine["expires_at"].as_str().expect("expires_at listed")).unwrap();
    assert_eq!(expires - created, time::Duration::days(90));
    log_in(&app.server.address, &app.http, ADMIN).await;
    let account = app
        .http
        .get(app.url("/account"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // As people write it, in the user's saved language, whichever it is.
    let shown = ["en", "it"].map(|code| filiera_web::i18n::Tr::new(code).instant(expires));
    assert!(
        shown.iter().any(|text| account.contains(text.as_str())),
        "the page shows the expiry as one of {shown:?}"
    );
    app.db
        .store
        .execute_raw_for_tests("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00.000Z'")
        .await;
    problem(app.get("/api/v1/me", &token).await, 401).await;
    let account = app
        .http
        .get(app.url("/account"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // In the user's saved language, whichever it is.
    assert!(
        account.contains("Expired on") || account.contains("Scaduto il"),
        "the page says it expired"
    );
    app.finish().await;
}

async fn a_next_with_control_characters_or_backslashes_leads_home(app: TestApp) {
    let page = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = app
        .http
        .post(app.url("/login"))
        .form(&[
            ("email", ADMIN),
            ("password", PASSWORD),
            ("csrf_token", &csrf_of(&page)),
            ("next", "/\t/evil.example/x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
    for next in ["/%09/evil.example/x", "/%5C/evil.example", "/x%0d%0a/evil.example"] {
        let response = app
            .http
            .get(app.url(&format!("/login?next={next}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{next}");
        assert_eq!(response.headers()["location"], "/", "{next}");
    }
    let response = app
        .http
        .get(app.url("/login?next=/organisations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/organisations");
    app.finish().await;
}

fn cache_control(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn personal_data_is_never_cached_but_assets_are(app: TestApp) {
    let worker = app.token(SOCIAL_WORKER).await;
    let households: Value = app
        .get("/api/v1/households?search=kaur", &worker)
        .await
        .json()
        .await
        .unwrap();
    let household = households["items"][0]["id"].as_i64().expect("demo household");
    let detail: Value = app
        .get(&format!("/api/v1/households/{household}"), &worker)
        .await
        .json()
        .await
        .unwrap();
    let member = detail["members"][0]["id"].as_i64().unwrap();
    let forms: Value = app
        .get(&format!("/api/v1/participants/{member}/assessments"), &worker)
        .await
        .json()
        .await
        .unwrap();
    let form = forms["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["has_health_notes"] == true)
        .expect("a form with health notes")["id"]
        .clone();
    let notes = app
        .get(
            &format!("/api/v1/participants/{member}/assessments/{form}/health-notes"),
            &worker,
        )
        .await;
    assert_eq!(notes.status(), 200);
    assert_eq!(cache_control(&notes), "no-store", "health notes");
    let list = app.get("/api/v1/organisations", &worker).await;
    assert_eq!(cache_control(&list), "no-store", "an API list");
    log_in(&app.server.address, &app.http, SOCIAL_WORKER).await;
    let page = app
        .http
        .get(app.url(&format!("/households/{household}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(cache_control(&page), "no-store", "a page");
    let css = app.http.get(app.url("/assets/filiera.css")).send().await.unwrap();
    assert!(cache_control(&css).contains("max-age"), "assets stay cached");
    app.finish().await;
}

async fn a_formula_typed_as_a_name_is_text_in_the_csv_download(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let formula = "=HYPERLINK(\"http://x\",\"y\")";
    let created = app
        .post_json(
            "/api/v1/organisations",
            &admin,
            &json!({ "name": formula, "kind": "firm", "municipality": "-Pisa" }),
        )
        .await;
    assert_eq!(created.status(), 201);
    log_in(&app.server.address, &app.http, ADMIN).await;
    let csv = app
        .http
        .get(app.url("/organisations.csv?kind=firm"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv.lines().find(|l| l.contains("HYPERLINK")).expect("the new firm");
    assert!(
        line.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",firm,") && line.contains(",'-Pisa,"),
        "{line}"
    );
    let records = read_records(&csv).expect("a well-formed CSV");
    let firm = records
        .iter()
        .find(|r| r.fields.iter().any(|cell| cell.contains("HYPERLINK")));
    assert!(
        firm.expect("the new firm").fields[0].parse::<i64>().is_ok(),
        "the id stays a number"
    );
    app.finish().await;
}

crate::api_tests!(
    forty_parallel_wrong_passwords_get_at_most_five_401s_and_the_rest_429,
    changing_the_password_ends_the_other_sessions_and_tokens_but_not_this_one,
    removing_a_membership_through_the_api_ends_the_members_sessions_and_tokens,
    removing_a_membership_through_the_page_ends_the_members_sessions_and_tokens,
    a_token_expires_ninety_days_after_creation_and_is_then_refused,
    a_next_with_control_characters_or_backslashes_leads_home,
    personal_data_is_never_cached_but_assets_are,
    a_formula_typed_as_a_name_is_text_in_the_csv_download,
);
