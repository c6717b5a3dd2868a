//! The case list through the API and the page: the row fields, search in any
//! order, filters, "only mine" for the case manager, sort, paging with the
//! filters kept, 422 on filters that cannot be read, and the wall between the
//! two demo agencies.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use serde_json::Value;

const CASE_MANAGER: &str = "case.manager@demo.filiera.eu";
const SECOND_SOCIAL_WORKER: &str = "social.worker@livorno.demo.filiera.eu";
const SECOND_ADMIN: &str = "admin@livorno.demo.filiera.eu";

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "{body}");
    body
}

fn references(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["reference"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_case_list_finds_a_name_in_any_order_with_its_stage_and_what_is_due(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let one = json_of(app.get("/api/v1/households?search=harpreet+kaur", &sw).await).await;
    let other = json_of(app.get("/api/v1/households?search=Kaur%20HARPREET", &sw).await).await;
    assert_eq!(one["total"], 1, "{one}");
    assert_eq!(references(&one), references(&other));
    let kaur = &one["items"][0];
    // The household's own fields, as before, and the case list's.
    for field in [
        "id",
        "agency_id",
        "reference",
        "social_worker_name",
        "updated_at",
        "created_at",
    ] {
        assert!(!kaur[field].is_null(), "{field}: {kaur}");
    }
    assert_eq!(kaur["focus_person"], "Harpreet Kaur");
    assert_eq!(kaur["stage"], "project_active");
    assert_eq!(kaur["round_number"], 2);
    assert_eq!(kaur["social_worker_name"], "Sara Conti");
    assert_eq!(kaur["case_manager_name"], "Carla Marini");
    assert!(kaur["programme_name"].as_str().unwrap().starts_with("ALI"));
    assert!(kaur["next_due_on"].as_str().unwrap().len() == 10, "{kaur}");

    let referred = json_of(app.get("/api/v1/households?stage=referred", &sw).await).await;
    assert!(
        referred["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["stage"] == "referred")
    );
    assert!(referred["total"].as_i64().unwrap() >= 1);
    let programme = kaur["programme_id"].as_i64().unwrap();
    let round = kaur["round_id"].as_i64().unwrap();
    let worker = kaur["social_worker_id"].as_i64().unwrap();
    let filtered = json_of(
        app.get(
            &format!(
                "/api/v1/households?programme_id={programme}&round_id={round}&social_worker_id={worker}&search=kaur"
            ),
            &sw,
        )
        .await,
    )
    .await;
    assert_eq!(filtered["total"], 1);
    app.finish().await;
}

async fn only_mine_lists_the_case_managers_households(app: TestApp) {
    let cm = app.token(CASE_MANAGER).await;
    let mine = json_of(app.get("/api/v1/households?mine=1", &cm).await).await;
    assert!(mine["total"].as_i64().unwrap() >= 3, "{mine}");
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["case_manager_name"] == "Carla Marini")
    );
    app.finish().await;
}

async fn sort_and_pages_keep_the_filters(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let all = json_of(app.get("/api/v1/households?sort=reference&per_page=100", &sw).await).await;
    let sorted = references(&all);
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected);
    let down = json_of(app.get("/api/v1/households?sort=-reference&per_page=100", &sw).await).await;
    expected.reverse();
    assert_eq!(references(&down), expected);
    let first = json_of(
        app.get("/api/v1/households?sort=reference&per_page=2&page=1", &sw)
            .await,
    )
    .await;
    let second = json_of(
        app.get("/api/v1/households?sort=reference&per_page=2&page=2", &sw)
            .await,
    )
    .await;
    assert_eq!([references(&first), references(&second)].concat(), sorted[..4].to_vec());
    let due = json_of(app.get("/api/v1/households?sort=next_due", &sw).await).await;
    assert!(
        !due["items"][0]["next_due_on"].is_null(),
        "households with something due come first"
    );
    app.finish().await;
}

async fn a_filter_that_cannot_be_read_is_a_422_naming_it(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    for (query, field) in [
        ("stage=closed", "stage"),
        ("stage=nope", "stage"),
        ("round_id=abc", "round_id"),
        ("programme_id=1.5", "programme_id"),
        ("social_worker_id=me", "social_worker_id"),
        ("sort=colour", "sort"),
        ("search=a+b+c+d+e", "search"),
    ] {
        let response = app.get(&format!("/api/v1/households?{query}"), &sw).await;
        assert_eq!(blamed_fields(&problem(response, 422).await), vec![field], "{query}");
    }
    app.finish().await;
}

async fn agency_b_never_sees_agency_a_through_any_filter_or_search(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let kaur = json_of(app.get("/api/v1/households?search=kaur", &sw).await).await;
    let agency_a = kaur["items"][0]["agency_id"].as_i64().unwrap();
    let programme = kaur["items"][0]["programme_id"].as_i64().unwrap();
    let round = kaur["items"][0]["round_id"].as_i64().unwrap();
    let worker = kaur["items"][0]["social_worker_id"].as_i64().unwrap();
    let reference = kaur["items"][0]["reference"].as_str().unwrap().to_owned();
    for email in [SECOND_SOCIAL_WORKER, SECOND_ADMIN] {
        let token = app.token(email).await;
        if email == SECOND_SOCIAL_WORKER {
            let own = json_of(app.get("/api/v1/households?per_page=200", &token).await).await;
            assert!(own["total"].as_i64().unwrap() >= 1, "{email} sees its own agency");
        }
        for query in [
            String::new(),
            "search=kaur".into(),
            "search=harpreet+kaur".into(),
            format!("search={reference}"),
            "search=pisa".into(),
            format!("programme_id={programme}"),
            format!("round_id={round}"),
            format!("social_worker_id={worker}"),
            "stage=project_active".into(),
            "mine=1".into(),
            "sort=-next_due".into(),
        ] {
            let page = json_of(
                app.get(&format!("/api/v1/households?per_page=200&{query}"), &token)
                    .await,
            )
            .await;
            for item in page["items"].as_array().unwrap() {
                assert_ne!(item["agency_id"].as_i64(), Some(agency_a), "{email} ?{query}: {item}");
            }
        }
    }
    app.finish().await;
}

async fn the_page_shows_the_columns_in_italian_and_keeps_the_filters(app: TestApp) {
    log_in(&app.server.address, &app.http, SOCIAL_WORKER).await;
    let response = app
        .http
        .get(app.url("/households?search=kaur+harpreet&stage=project_active&sort=-next_due"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for header in [
        "Codice",
        "Persona di riferimento",
        "Fase del percorso",
        "Progetto",
        "Annualità",
        "Assistente sociale",
        "Case manager",
        "Prossima scadenza",
    ] {
        assert!(html.contains(&format!("{header}</")), "{header}");
    }
    assert!(html.contains("value=\"kaur harpreet\""), "the search is kept");
    assert!(
        html.contains("<option value=\"project_active\" selected>"),
        "the stage is kept"
    );
    assert!(html.contains("name=\"sort\" value=\"-next_due\""), "the sort is kept");
    assert!(html.contains("Harpreet Kaur") && html.contains("progetto attivo"));
    assert!(html.contains("class=\"due-overdue\""), "Kaur's request is overdue");

    let paged = app
        .http
        .get(app.url("/households?search=a&sort=reference&per_page=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let next = paged
        .split("rel=\"next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .unwrap();
    for kept in ["search=a", "sort=reference", "per_page=1", "page=2"] {
        assert!(next.contains(kept), "{kept} in {next}");
    }
    app.finish().await;
}

async fn the_page_names_a_filter_it_cannot_read_in_the_users_language(app: TestApp) {
    log_in(&app.server.address, &app.http, SOCIAL_WORKER).await;
    let response = app.http.get(app.url("/households?stage=nope")).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("id=\"stage-error\">Scegli una fase"),
        "Italian message by the field"
    );
    let switched = app
        .http
        .post(app.url("/language"))
        .form(&[("lang", "en"), ("back", "/households"), ("csrf_token", &csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 303);
    let response = app.http.get(app.url("/households?round_id=abc")).send().await.unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("id=\"round_id-error\">Choose a round from the list."),
        "English message"
    );
    app.finish().await;
}

crate::api_tests!(
    the_case_list_finds_a_name_in_any_order_with_its_stage_and_what_is_due,
    only_mine_lists_the_case_managers_households,
    sort_and_pages_keep_the_filters,
    a_filter_that_cannot_be_read_is_a_422_naming_it,
    agency_b_never_sees_agency_a_through_any_filter_or_search,
    the_page_shows_the_columns_in_italian_and_keeps_the_filters,
    the_page_names_a_filter_it_cannot_read_in_the_users_language,
);
