//! Input beyond its documented range (`docs/input-limits.md`) is a 4xx problem
//! naming the field: never a panic, a 500, a wrapped number or a megabyte note.

use crate::helpers::*;
use serde_json::{Value, json};

const SUPERVISOR: &str = "production.supervisor@demo.filiera.eu";

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(code, status, "{body}");
    body
}

async fn organisation_id(app: &TestApp, token: &str, name: &str) -> i64 {
    let page = json_of(
        app.get(
            &format!("/api/v1/organisations?search={}", name.replace(' ', "%20")),
            token,
        )
        .await,
        200,
    )
    .await;
    page["items"][0]["id"].as_i64().expect("organisation found")
}

/// A new household referred by the social worker: (household, member, a programme of the agency).
async fn new_household(app: &TestApp, sw: &str) -> (i64, i64, i64) {
    let me = json_of(app.get("/api/v1/me", sw).await, 200).await;
    let agency = me["memberships"][0]["organisation_id"].as_i64().unwrap();
    let household = json_of(
        app.post_json(
            "/api/v1/households",
            sw,
            &json!({ "agency_id": agency, "first_name": "Marta", "last_name": "Limiti", "birth_date": "1988-04-04" }),
        )
        .await,
        201,
    )
    .await;
    let hid = household["id"].as_i64().unwrap();
    let detail = json_of(app.get(&format!("/api/v1/households/{hid}"), sw).await, 200).await;
    let member = detail["members"][0]["id"].as_i64().unwrap();
    let programmes = json_of(app.get("/api/v1/programmes", sw).await, 200).await;
    let programme = programmes[0]["id"].as_i64().expect("a demo programme");
    (hid, member, programme)
}

async fn a_week_in_the_year_9999_is_a_422_naming_the_week_not_a_dropped_connection(app: TestApp) {
    let supervisor = app.token(SUPERVISOR).await;
    let laundry = organisation_id(&app, &supervisor, "Lavanderia Solidale").await;
    let path = format!("/api/v1/cooperatives/{laundry}/allocations");
    for week in ["9999-12-31", "0001-01-01", "-9999-01-01"] {
        let refused = problem(app.post_json(&path, &supervisor, &json!({ "week": week })).await, 422).await;
        assert_eq!(blamed_fields(&refused), vec!["week"], "{week}");
    }
    app.finish().await;
}

async fn a_posting_beyond_a_billion_euros_is_refused_instead_of_wrapping_the_balance(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let path = format!("/api/v1/consortia/{consortium}/movements");
    let huge = json!({ "on": "2025-05-02", "kind": "fund_grant", "description": "Overflow",
        "postings": [{ "account": "solidarity_fund", "amount": "-92233720368547758.07" },
                     { "account": format!("cooperative:{laundry}"), "amount": "92233720368547758.07" }] });
    let refused = problem(app.post_json(&path, &manager, &huge).await, 422).await;
    let fields = blamed_fields(&refused);
    assert!(fields.contains(&"postings[0].amount".to_owned()), "{fields:?}");
    let far = json!({ "on": "9999-12-31", "kind": "fund_grant", "description": "Far",
        "postings": [{ "account": "solidarity_fund", "amount": "-1.00" },
                     { "account": format!("cooperative:{laundry}"), "amount": "1.00" }] });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&path, &manager, &far).await, 422).await),
        vec!["on"]
    );
    let year = app
        .get(
            &format!("/api/v1/consortia/{consortium}/cooperatives/{laundry}/statement?year=9999"),
            &manager,
        )
        .await;
    assert_eq!(blamed_fields(&problem(year, 422).await), vec!["year"]);
    app.finish().await;
}

async fn a_nul_byte_is_a_4xx_naming_the_field_even_on_the_login(app: TestApp) {
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": "admin@demo.filiera.eu\u{0}", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(blamed_fields(&problem(login, 422).await), vec!["email"]);
    let token = app.token(ADMIN).await;
    let name = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "Nul\u{0}Coop", "kind": "firm" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(name, 422).await), vec!["name"]);
    let escape = app
        .post_json(
            "/api/v1/organisations",
            &token,
            &json!({ "name": "Esc\u{1b}[31m", "kind": "firm" }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(escape, 422).await), vec!["name"]);
    let search = app.get("/api/v1/organisations?search=a%00b", &token).await;
    assert_eq!(blamed_fields(&problem(search, 400).await), vec!["search"]);
    app.finish().await;
}

async fn a_search_of_fifty_thousand_characters_is_refused_naming_the_search(app: TestApp) {
    let token = app.token(ADMIN).await;
    let long = "a".repeat(50_000);
    for path in ["/api/v1/organisations", "/api/v1/households"] {
        let response = app.get(&format!("{path}?search={long}"), &token).await;
        assert_eq!(blamed_fields(&problem(response, 400).await), vec!["search"], "{path}");
    }
    let fits = app
        .get(&format!("/api/v1/organisations?search={}", "a".repeat(200)), &token)
        .await;
    assert_eq!(fits.status(), 200);
    app.finish().await;
}

async fn a_path_or_project_for_a_missing_programme_or_round_is_a_422_naming_it(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let (hid, member, programme) = new_household(&app, &sw).await;
    let paths = format!("/api/v1/households/{hid}/paths");
    let missing = app
        .post_json(
            &paths,
            &sw,
            &json!({ "participant_id": member, "programme_id": 987_654 }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(missing, 422).await), vec!["programme_id"]);
    let missing_round = app
        .post_json(
            &paths,
            &sw,
            &json!({ "participant_id": member, "programme_id": programme, "round_id": 987_654 }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(missing_round, 422).await), vec!["round_id"]);
    let projects = format!("/api/v1/households/{hid}/projects");
    let missing = app
        .post_json(
            &projects,
            &sw,
            &json!({ "programme_id": 987_654, "focus_participant_id": member }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(missing, 422).await), vec!["programme_id"]);
    let missing_round = app
        .post_json(
            &projects,
            &sw,
            &json!({ "programme_id": programme, "round_id": 987_654, "focus_participant_id": member }),
        )
        .await;
    assert_eq!(blamed_fields(&problem(missing_round, 422).await), vec!["round_id"]);
    app.finish().await;
}

async fn huge_notes_far_dates_and_absurd_hours_are_refused_on_activities_and_assessments(app: TestApp) {
    let sw = app.token(SOCIAL_WORKER).await;
    let (hid, member, programme) = new_household(&app, &sw).await;
    json_of(
        app.post_json(
            &format!("/api/v1/households/{hid}/paths"),
            &sw,
            &json!({ "participant_id": member, "programme_id": programme }),
        )
        .await,
        201,
    )
    .await;
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
    let activities = format!("/api/v1/projects/{}/activities", project["id"].as_i64().unwrap());
    let huge = "x".repeat(500_000);
    for (body, field) in [
        (json!({ "kind": "home_visit", "text": huge }), "text"),
        (
            json!({ "kind": "home_visit", "occurred_on": "0001-01-01" }),
            "occurred_on",
        ),
        (json!({ "kind": "home_visit", "minutes": i64::MAX }), "minutes"),
        (json!({ "kind": "home_visit", "minutes": -5 }), "minutes"),
    ] {
        let refused = problem(app.post_json(&activities, &sw, &body).await, 422).await;
        assert_eq!(blamed_fields(&refused), vec![field], "{field}");
    }
    let fine = app
        .post_json(
            &activities,
            &sw,
            &json!({ "kind": "home_visit", "minutes": 90, "text": "Visita\nin casa" }),
        )
        .await;
    assert!(fine.status().is_success(), "{}", fine.status());
    let assessments = format!("/api/v1/participants/{member}/assessments");
    let far = problem(
        app.post_json(&assessments, &sw, &json!({ "assessed_on": "0001-01-01" }))
            .await,
        422,
    )
    .await;
    assert!(blamed_fields(&far).contains(&"assessed_on".to_owned()), "{far}");
    let notes = problem(
        app.post_json(
            &assessments,
            &sw,
            &json!({ "assessed_on": "2025-01-10", "health_notes": huge }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&notes), vec!["health_notes"]);
    app.finish().await;
}

async fn random_numbers_far_dates_and_control_characters_never_get_a_5xx(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let admin = app.token(ADMIN).await;
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let mut seed: u64 = 0x5eed_f11e_12a0_0001;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let texts = [
        "\u{0}",
        "\u{7}",
        "\u{1b}[0m",
        "a\u{7f}",
        "\u{85}",
        "😀\u{0}",
        "9999-12-31",
        "0000-00-00",
    ];
    for _ in 0..40 {
        let number = next() as i64;
        let text = texts[(next() % texts.len() as u64) as usize];
        let amount = format!("{}.{:02}", number / 100, (number % 100).abs());
        let requests = [
            (
                format!("/api/v1/consortia/{consortium}/movements"),
                manager.as_str(),
                json!({ "on": text, "kind": "fund_grant", "description": text,
                    "postings": [{ "account": "solidarity_fund", "amount": amount }, { "account": format!("cooperative:{laundry}"), "amount": number.to_string() }] }),
            ),
            (
                format!("/api/v1/cooperatives/{laundry}/allocations"),
                manager.as_str(),
                json!({ "week": text }),
            ),
            (
                "/api/v1/organisations".to_owned(),
                admin.as_str(),
                json!({ "name": format!("{text}{number}"), "kind": "firm", "consortium_id": number }),
            ),
        ];
        for (path, token, body) in requests {
            let status = app.post_json(&path, token, &body).await.status();
            assert!(!status.is_server_error(), "{path} {body}: {status}");
        }
        let query = app
            .get(
                &format!(
                    "/api/v1/organisations?search={}&page={number}",
                    text.replace('\u{0}', "%00")
                ),
                &admin,
            )
            .await
            .status();
        assert!(!query.is_server_error(), "search {text:?}: {query}");
    }
    app.finish().await;
}

crate::api_tests!(
    a_week_in_the_year_9999_is_a_422_naming_the_week_not_a_dropped_connection,
    a_posting_beyond_a_billion_euros_is_refused_instead_of_wrapping_the_balance,
    a_nul_byte_is_a_4xx_naming_the_field_even_on_the_login,
    a_search_of_fifty_thousand_characters_is_refused_naming_the_search,
    a_path_or_project_for_a_missing_programme_or_round_is_a_422_naming_it,
    huge_notes_far_dates_and_absurd_hours_are_refused_on_activities_and_assessments,
    random_numbers_far_dates_and_control_characters_never_get_a_5xx,
);
