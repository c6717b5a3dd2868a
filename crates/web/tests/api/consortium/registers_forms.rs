//! The registers' forms, through the API and the pages: the hours register,
//! the membership register (join, leave, spin-off) and the filière (level
//! progressions, hiring by a Type B cooperative).

use super::*;

async fn hours_are_entered_per_worker_and_month_through_the_api_and_the_page(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let assembly = organisation_id(&app, &manager, "Assemblaggi Riuniti").await;
    let path = format!("/api/v1/cooperatives/{laundry}/hours");
    let register: Value = app
        .get(&format!("{path}?month=2025-02"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let lines = register["lines"].as_array().unwrap();
    assert!(!lines.is_empty(), "{register}");
    let worker = lines[0]["worker_id"].as_i64().unwrap();
    let entry = json!({ "worker_id": worker, "month": "2025-02", "hours": "151.25" });
    let response = app.post_json(&path, &manager, &entry).await;
    assert_eq!(response.status(), 200);
    let after: Value = response.json().await.unwrap();
    assert_eq!(after["lines"][0]["hours"], 15_125);
    let sum: i64 = after["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["hours"].as_i64())
        .sum();
    assert_eq!(after["total"].as_i64().unwrap(), sum);
    let too_many = json!({ "worker_id": worker, "month": "2025-02", "hours": "673" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&path, &manager, &too_many).await, 422).await),
        vec!["hours"]
    );
    let elsewhere: Value = app
        .get(&format!("/api/v1/cooperatives/{assembly}/workers"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let foreign = json!({ "worker_id": elsewhere[0]["id"], "month": "2025-02", "hours": "10" });
    assert_eq!(
        blamed_fields(&problem(app.post_json(&path, &manager, &foreign).await, 422).await),
        vec!["worker_id"]
    );
    problem(app.post_json(&path, &app.token(AUDITOR).await, &entry).await, 403).await;

    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let page = http
        .get(app.url(&format!("/cooperatives/{laundry}/hours?month=2025-02")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("151.25") && page.contains("name=\"hours\""), "{page}");
    let csrf = csrf_of(&page);
    let worker = worker.to_string();
    let saved = http
        .post(app.url(&format!("/cooperatives/{laundry}/hours")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("worker_id", worker.as_str()),
            ("month", "2025-03"),
            ("hours", "80,5"),
        ])
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_redirection(), "{}", saved.status());
    assert_eq!(
        saved.headers()["location"],
        format!("/cooperatives/{laundry}/hours?month=2025-03")
    );
    let march: Value = app
        .get(&format!("{path}?month=2025-03"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let line = march["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["worker_id"].as_i64() == worker.parse().ok())
        .unwrap();
    assert_eq!(line["hours"], 8_050);
    let refused = http
        .post(app.url(&format!("/cooperatives/{laundry}/hours")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("worker_id", worker.as_str()),
            ("month", "2025-03"),
            ("hours", "lots"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("role=\"alert\""));
    app.finish().await;
}

async fn members_join_and_leave_and_the_human_scale_warning_follows_the_register(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let girasole = organisation_id(&app, &manager, "Il Girasole").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let path = format!("/api/v1/cooperatives/{girasole}/members");
    let register: Value = app.get(&path, &manager).await.json().await.unwrap();
    let active = register["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["left_on"].is_null())
        .count();
    assert!(active <= 100, "the demo stays within human scale: {active}");
    let rules = |register: &Value| -> Vec<String> {
        register["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!rules(&register).contains(&"above_human_scale".to_owned()));
    let mut last = 0;
    for i in active..=100 {
        let member = json!({ "name": format!("New family member {i}"), "kind": "user", "joined_on": "2025-01-10", "shares": "25.00" });
        let response = app.post_json(&path, &manager, &member).await;
        assert_eq!(response.status(), 201);
        let created: Value = response.json().await.unwrap();
        assert_eq!(created["shares"], 2500);
        last = created["id"].as_i64().unwrap();
    }
    let above: Value = app.get(&path, &manager).await.json().await.unwrap();
    assert!(
        rules(&above).contains(&"above_human_scale".to_owned()),
        "{}",
        above["warnings"]
    );
    let leave = format!("{path}/{last}/leave");
    let left: Value = app
        .post_json(&leave, &manager, &json!({ "left_on": "2025-02-01" }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(left["left_on"], "2025-02-01");
    let again = problem(
        app.post_json(&leave, &manager, &json!({ "left_on": "2025-03-01" }))
            .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&again), vec!["left_on"]);
    let back: Value = app.get(&path, &manager).await.json().await.unwrap();
    assert_eq!(rules(&back), vec!["approaching_human_scale"]);
    let bad = json!({ "name": "", "kind": "alien", "joined_on": "2025-01-10" });
    let refused = problem(app.post_json(&path, &manager, &bad).await, 422).await;
    assert_eq!(blamed_fields(&refused), vec!["kind"]);
    problem(
        app.post_json(
            &path,
            &app.token(AUDITOR).await,
            &json!({ "name": "X", "kind": "user", "joined_on": "2025-01-10" }),
        )
        .await,
        403,
    )
    .await;

    let spin_off = |body: Value| {
        app.http
            .put(app.url(&format!("/api/v1/cooperatives/{girasole}/spin-off")))
            .bearer_auth(&manager)
            .json(&body)
            .send()
    };
    let outside = problem(
        spin_off(json!({ "incubated_by": 999_999, "founded_on": "2012-05-01" }))
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(blamed_fields(&outside), vec!["incubated_by"]);
    let itself = problem(
        spin_off(json!({ "incubated_by": girasole, "founded_on": "2012-05-01" }))
            .await
            .unwrap(),
        422,
    )
    .await;
    assert_eq!(blamed_fields(&itself), vec!["incubated_by"]);
    assert_eq!(
        spin_off(json!({ "incubated_by": laundry, "founded_on": "2012-05-01" }))
            .await
            .unwrap()
            .status(),
        200
    );
    let recorded: Value = app.get(&path, &manager).await.json().await.unwrap();
    assert_eq!(
        recorded["spin_off"],
        json!({ "incubated_by": laundry, "founded_on": "2012-05-01" })
    );
    app.finish().await;
}

async fn the_membership_register_page_adds_a_member_records_leaving_and_a_spin_off(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let assembly = organisation_id(&app, &manager, "Assemblaggi Riuniti").await;
    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let url = app.url(&format!("/cooperatives/{assembly}/members"));
    let page = http.get(url.clone()).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Banca di Credito Cooperativo di Pisa") && page.contains("name=\"joined_on\""),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let added = http
        .post(url.clone())
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("name", "Maria Rossi"),
            ("kind", "volunteer"),
            ("joined_on", "2025-04-01"),
            ("shares", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(added.status().is_redirection(), "{}", added.status());
    let refused = http
        .post(url.clone())
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("name", "Nobody"),
            ("kind", "worker"),
            ("joined_on", "01/04/2025"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("joined_on"));
    let register: Value = app
        .get(&format!("/api/v1/cooperatives/{assembly}/members"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let maria = register["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Maria Rossi")
        .unwrap();
    assert_eq!(
        (maria["kind"].as_str(), maria["shares"].as_i64()),
        (Some("volunteer"), Some(0))
    );
    let left = http
        .post(app.url(&format!("/cooperatives/{assembly}/members/{}/leave", maria["id"])))
        .form(&[("csrf_token", csrf.as_str()), ("left_on", "2025-03-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 422, "leaving before joining is refused");
    let left = http
        .post(app.url(&format!("/cooperatives/{assembly}/members/{}/leave", maria["id"])))
        .form(&[("csrf_token", csrf.as_str()), ("left_on", "2025-06-30")])
        .send()
        .await
        .unwrap();
    assert!(left.status().is_redirection());
    let laundry_text = laundry.to_string();
    let spun = http
        .post(app.url(&format!("/cooperatives/{assembly}/spin-off")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("incubated_by", laundry_text.as_str()),
            ("founded_on", "2013-09-01"),
        ])
        .send()
        .await
        .unwrap();
    assert!(spun.status().is_redirection());
    let page = http.get(url).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("2025-06-30") && page.contains("Lavanderia Solidale (2013-09-01)"),
        "{page}"
    );
    app.finish().await;
}

async fn a_users_level_progresses_and_a_type_b_cooperative_hires_them(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let girasole = organisation_id(&app, &manager, "Il Girasole").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let users: Value = app
        .get(&format!("/api/v1/cooperatives/{girasole}/users"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["hired_on"].is_null() && u["level"].as_u64().is_some_and(|l| l < 5))
        .expect("a workshop user");
    let id = user["id"].as_i64().unwrap();
    let next = user["level"].as_u64().unwrap() + 1;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let base = format!("/api/v1/cooperatives/{girasole}/users/{id}");
    let response = app
        .post_json(
            &format!("{base}/progressions"),
            &manager,
            &json!({ "on": today, "level": next }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let moved: Value = response.json().await.unwrap();
    assert_eq!(moved["level"].as_u64(), Some(next));
    assert_eq!(
        moved["progressions"].as_array().unwrap().len(),
        user["progressions"].as_array().unwrap().len() + 1
    );
    let early = problem(
        app.post_json(
            &format!("{base}/progressions"),
            &manager,
            &json!({ "on": "1999-01-01", "level": 6 }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&early), vec!["level"]);
    let early = problem(
        app.post_json(
            &format!("{base}/progressions"),
            &manager,
            &json!({ "on": "1999-01-01", "level": 2 }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&early), vec!["on"]);
    let by_type_a = problem(
        app.post_json(
            &format!("{base}/hire"),
            &manager,
            &json!({ "hired_by": girasole, "hired_on": today }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&by_type_a), vec!["hired_by"]);
    let hired: Value = app
        .post_json(
            &format!("{base}/hire"),
            &manager,
            &json!({ "hired_by": laundry, "hired_on": today }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (hired["hired_by"].as_i64(), hired["hired_on"].as_str()),
        (Some(laundry), Some(today.as_str()))
    );
    let again = problem(
        app.post_json(
            &format!("{base}/hire"),
            &manager,
            &json!({ "hired_by": laundry, "hired_on": today }),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&again), vec!["hired_on"]);
    problem(
        app.post_json(
            &format!("/api/v1/cooperatives/{laundry}/users/{id}/progressions"),
            &manager,
            &json!({ "on": today, "level": 2 }),
        )
        .await,
        404,
    )
    .await;
    problem(
        app.post_json(
            &format!("{base}/progressions"),
            &app.token(AUDITOR).await,
            &json!({ "on": today, "level": 2 }),
        )
        .await,
        403,
    )
    .await;

    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let url = app.url(&format!("/cooperatives/{girasole}/users"));
    let page = http.get(url.clone()).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("Lavanderia Solidale ({today})")), "{page}");
    let csrf = csrf_of(&page);
    let other = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["hired_on"].is_null() && u["id"].as_i64() != Some(id) && !u["entered_on"].is_null())
        .unwrap();
    let other_id = other["id"].to_string();
    let form = |path: &'static str, fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf_token", csrf.clone()));
        http.post(app.url(&format!("/cooperatives/{girasole}/users/{path}")))
            .form(&fields)
            .send()
    };
    let saved = form(
        "progressions",
        vec![
            ("user_id", other_id.clone()),
            ("on", today.clone()),
            ("level", "5".into()),
        ],
    )
    .await
    .unwrap();
    assert!(saved.status().is_redirection(), "{}", saved.status());
    let refused = form(
        "progressions",
        vec![
            ("user_id", other_id.clone()),
            ("on", today.clone()),
            ("level", "9".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    let hired = form(
        "hire",
        vec![
            ("user_id", other_id.clone()),
            ("hired_by", laundry.to_string()),
            ("hired_on", today.clone()),
        ],
    )
    .await
    .unwrap();
    assert!(hired.status().is_redirection(), "{}", hired.status());
    let after: Value = app
        .get(&format!("/api/v1/cooperatives/{girasole}/users"), &manager)
        .await
        .json()
        .await
        .unwrap();
    let other = after
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == other["id"])
        .unwrap();
    assert_eq!(
        (other["level"].as_u64(), other["hired_by"].as_i64()),
        (Some(5), Some(laundry))
    );
    app.finish().await;
}

crate::api_tests!(
    hours_are_entered_per_worker_and_month_through_the_api_and_the_page,
    members_join_and_leave_and_the_human_scale_warning_follows_the_register,
    the_membership_register_page_adds_a_member_records_leaving_and_a_spin_off,
    a_users_level_progresses_and_a_type_b_cooperative_hires_them,
);
