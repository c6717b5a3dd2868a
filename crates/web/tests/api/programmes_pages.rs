//! The programme manager's pages over HTTP: forms post back, redirect on
//! success and come back with 422, the typed values and the field errors; the
//! rule builder stores an ordinary rule; the eligibility and catalogue pages.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use serde_json::Value;
use time::macros::date;

const MANAGER: &str = "programme.manager@demo.filiera.eu";

/// A client logged in through the login form, and the CSRF token of its session.
async fn browser(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    // The pages speak the browser's language; these tests read English.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept-language", reqwest::header::HeaderValue::from_static("en"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .expect("client");
    log_in(&app.server.address, &http, email).await;
    let page = http
        .get(app.url("/programmes"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    (http, csrf)
}

async fn post_form(http: &reqwest::Client, url: String, fields: &[(&str, &str)]) -> reqwest::Response {
    http.post(url).form(fields).send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn ali_id(app: &TestApp) -> i64 {
    let token = app.token(MANAGER).await;
    let list: Value = app.get("/api/v1/programmes", &token).await.json().await.unwrap();
    list.as_array()
        .and_then(|l| l.iter().find(|p| p["name"] == "ALI — Agenzia per il Lavoro Innovativo"))
        .and_then(|p| p["id"].as_i64())
        .expect("the demo programme")
}

async fn a_programme_is_created_and_edited_through_its_form(app: TestApp) {
    let (http, csrf) = browser(&app, MANAGER).await;
    let form = http.get(app.url("/programmes/new")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("name=\"cooperative_ids\""), "cooperatives are checkboxes");

    let bad = post_form(
        &http,
        app.url("/programmes"),
        &[
            ("csrf_token", &csrf),
            ("name", ""),
            ("total_budget", "lots"),
            ("description", "Kept as typed"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for id in ["name-error", "total_budget-error", "agency_id-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(
        html.contains("value=\"lots\"") && html.contains("Kept as typed"),
        "typed values are kept"
    );

    let agency = html
        .split("id=\"agency_id\"")
        .nth(1)
        .unwrap_or_default()
        .split("<option value=\"")
        .nth(2)
        .and_then(|s| s.split('"').next())
        .expect("the manager's agency is offered")
        .to_owned();
    let created = post_form(
        &http,
        app.url("/programmes"),
        &[
            ("csrf_token", &csrf),
            ("name", "Inclusione 2027"),
            ("agency_id", &agency),
            ("total_budget", "250.000,00"),
        ],
    )
    .await;
    assert_eq!(created.status(), 303);
    let page = location(&created);
    let html = http.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Inclusione 2027") && html.contains("€250,000.00"));

    let edited = post_form(
        &http,
        app.url(&page),
        &[
            ("csrf_token", &csrf),
            ("name", "Inclusione 2027 bis"),
            ("total_budget", "1000"),
        ],
    )
    .await;
    assert_eq!(edited.status(), 303, "{}", edited.text().await.unwrap_or_default());
    let html = http.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Inclusione 2027 bis") && html.contains("€1,000.00"));
    // The same amount in Italian, as an Italian user reads it.
    let switched = post_form(
        &http,
        app.url("/language"),
        &[("csrf_token", &csrf), ("lang", "it"), ("back", &page)],
    )
    .await;
    assert_eq!(switched.status(), 303);
    let html = http.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("€ 1.000,00"), "Italian amounts");
    app.finish().await;
}

async fn a_round_and_a_rule_built_from_conditions_are_stored(app: TestApp) {
    let id = ali_id(&app).await;
    let (http, csrf) = browser(&app, MANAGER).await;
    let story = filiera_fixtures::demo::DemoCalendar::as_of(filiera_storage::clock::today());
    let overlapping_start = story.on(date!(2022 - 03 - 01)).to_string();
    let overlapping = post_form(
        &http,
        app.url(&format!("/programmes/{id}/rounds")),
        &[
            ("csrf_token", &csrf),
            ("number", "3"),
            ("start_date", &overlapping_start),
            ("end_date", &story.on(date!(2022 - 12 - 31)).to_string()),
        ],
    )
    .await;
    assert_eq!(overlapping.status(), 422, "overlaps round 2");
    assert!(
        overlapping
            .text()
            .await
            .unwrap()
            .contains(&format!("value=\"{overlapping_start}\""))
    );
    let round = post_form(
        &http,
        app.url(&format!("/programmes/{id}/rounds")),
        &[
            ("csrf_token", &csrf),
            ("number", "3"),
            ("start_date", &story.on(date!(2025 - 01 - 01)).to_string()),
            ("end_date", &story.on(date!(2025 - 12 - 31)).to_string()),
        ],
    )
    .await;
    assert_eq!(round.status(), 303);

    let rows = |age: &'static str| {
        vec![
            ("name", "Minimum income recipients"),
            ("budget", "1000"),
            ("combine", "all"),
            ("attribute", "minimum_income"),
            ("operator", "is"),
            ("value", "yes"),
            ("attribute", "age"),
            ("operator", "between"),
            ("value", age),
            ("attribute", ""),
            ("operator", "is"),
            ("value", ""),
        ]
    };
    let mut bad = vec![("csrf_token", csrf.as_str())];
    bad.extend(rows("64-18"));
    let refused = post_form(&http, app.url(&format!("/programmes/{id}/funding-streams")), &bad).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"condition-2-error\""), "the second row is blamed");
    assert!(html.contains("value=\"64-18\""));

    let mut good = vec![("csrf_token", csrf.as_str())];
    good.extend(rows("18-64"));
    let added = post_form(&http, app.url(&format!("/programmes/{id}/funding-streams")), &good).await;
    assert_eq!(added.status(), 303);
    let token = app.token(MANAGER).await;
    let programme: Value = app
        .get(&format!("/api/v1/programmes/{id}"), &token)
        .await
        .json()
        .await
        .unwrap();
    let stream = programme["funding_streams"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == "Minimum income recipients"))
        .expect("the stream");
    assert_eq!(
        stream["eligibility"],
        serde_json::json!({"all": [{"minimum_income": true}, {"age": {"min": 18, "max": 64}}]})
    );
    let html = http
        .get(app.url(&format!("/programmes/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("receives minimum income and age between 18 and 64"));
    app.finish().await;
}

async fn a_service_is_added_changed_and_archived(app: TestApp) {
    let id = ali_id(&app).await;
    let (http, csrf) = browser(&app, MANAGER).await;
    let url = app.url(&format!("/programmes/{id}/services"));
    let nameless = post_form(
        &http,
        url.clone(),
        &[("csrf_token", &csrf), ("kind", "other"), ("capacity_1", "-3")],
    )
    .await;
    assert_eq!(nameless.status(), 422);
    let html = nameless.text().await.unwrap();
    assert!(html.contains("id=\"name-error\"") && html.contains("id=\"capacity_1-error\""));

    let added = post_form(
        &http,
        url.clone(),
        &[
            ("csrf_token", &csrf),
            ("kind", "training_course"),
            ("name", "Corso muletto"),
            ("unit_cost", "250,50"),
            ("hours", "12,5"),
            ("capacity_1", "10"),
            ("improves_areas", "education_and_skills"),
            ("improves_areas", "employment_stability"),
            ("interest_tags", "logistics, warehouse"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303);
    let token = app.token(MANAGER).await;
    let services: Value = app
        .get(&format!("/api/v1/programmes/{id}/services"), &token)
        .await
        .json()
        .await
        .unwrap();
    let service = services
        .as_array()
        .and_then(|s| s.iter().find(|s| s["code"] == "corso_muletto"))
        .cloned()
        .expect("the service, with a code made from its name");
    assert_eq!(service["unit_cost_cents"], 25050);
    let service_id = service["id"].as_i64().unwrap();

    let edit = http
        .get(app.url(&format!("/programmes/{id}/services/{service_id}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(edit.contains("value=\"Corso muletto\"") && edit.contains("value=\"education_and_skills\" checked"));
    let internship_fields_on_a_course = post_form(
        &http,
        app.url(&format!("/programmes/{id}/services/{service_id}")),
        &[
            ("csrf_token", &csrf),
            ("kind", "training_course"),
            ("name", "Corso muletto"),
            ("isco08", "8344"),
        ],
    )
    .await;
    assert_eq!(internship_fields_on_a_course.status(), 422);
    let changed = post_form(
        &http,
        app.url(&format!("/programmes/{id}/services/{service_id}")),
        &[
            ("csrf_token", &csrf),
            ("kind", "internship"),
            ("name", "Tirocinio magazzino"),
            ("isco08", "8344"),
        ],
    )
    .await;
    assert_eq!(changed.status(), 303);

    let archived = post_form(
        &http,
        app.url(&format!("/programmes/{id}/services/{service_id}/archive")),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(archived.status(), 303);
    let services: Value = app
        .get(&format!("/api/v1/programmes/{id}/services"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(!services.as_array().unwrap().iter().any(|s| s["id"] == service_id));
    app.finish().await;
}

async fn the_eligibility_page_finds_a_member_and_explains_each_stream(app: TestApp) {
    let id = ali_id(&app).await;
    let (http, _) = browser(&app, MANAGER).await;
    let search = http
        .get(app.url(&format!("/programmes/{id}/eligibility?q=rossi")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(search.contains("Maria Rossi"));
    let marker = "member=";
    let start = search.find(marker).expect("Maria Rossi is found") + marker.len();
    let member: String = search[start..].chars().take_while(char::is_ascii_digit).collect();
    let result = http
        .get(app.url(&format!("/programmes/{id}/eligibility?member={member}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(result.contains("Maria Rossi"));
    assert!(
        result.contains("class=\"card verdict-card verdict-"),
        "a verdict per funding stream"
    );
    assert!(result.contains("receives minimum income — on record"));
    app.finish().await;
}

async fn the_catalogue_is_in_the_navigation_and_searchable(app: TestApp) {
    let (http, _) = browser(&app, SOCIAL_WORKER).await;
    let html = http
        .get(app.url("/catalogue?q=forklift"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("href=\"/catalogue\""),
        "the navigation links the catalogue"
    );
    assert!(html.contains("Forklift training") && !html.contains("Italian for foreigners"));
    assert!(html.contains("catalogue.hsds.json"));
    app.finish().await;
}

async fn only_programme_managers_open_the_programme_forms(app: TestApp) {
    let id = ali_id(&app).await;
    let (http, csrf) = browser(&app, SOCIAL_WORKER).await;
    for path in [
        "/programmes/new".to_owned(),
        format!("/programmes/{id}/edit"),
        format!("/programmes/{id}/funding-streams/new"),
        format!("/programmes/{id}/services/new"),
    ] {
        assert_eq!(http.get(app.url(&path)).send().await.unwrap().status(), 403, "{path}");
    }
    let refused = post_form(
        &http,
        app.url(&format!("/programmes/{id}/rounds")),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(refused.status(), 403);
    let (manager, _) = browser(&app, MANAGER).await;
    let forged = post_form(&manager, app.url("/programmes"), &[("name", "No token")]).await;
    assert_eq!(forged.status(), 403, "a form without the CSRF token is refused");
    app.finish().await;
}

crate::api_tests!(
    a_programme_is_created_and_edited_through_its_form,
    a_round_and_a_rule_built_from_conditions_are_stored,
    a_service_is_added_changed_and_archived,
    the_eligibility_page_finds_a_member_and_explains_each_stream,
    the_catalogue_is_in_the_navigation_and_searchable,
    only_programme_managers_open_the_programme_forms,
);
