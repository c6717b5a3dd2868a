//! The consortium's settings (API and page) and the statement per cooperative
//! on the finance page (API, page, CSV and XLSX).

use super::*;

async fn put_json(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    client()
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("PUT")
}

async fn a_manager_changes_the_settings_and_the_warnings_and_fund_follow(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let girasole = organisation_id(&app, &manager, "Il Girasole").await;
    let path = format!("/api/v1/consortia/{consortium}/settings");
    let defaults: Value = app.get(&path, &manager).await.json().await.unwrap();
    assert_eq!(defaults["human_scale_limit"], 100);
    assert_eq!(defaults["fund_cents_per_hour"], 10);
    assert_eq!(defaults["borsa_public_share_bp"], 5_000);
    assert_eq!(defaults["stretch_share_bp"], 1_000);
    // The demo's hours register holds last year in full.
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let fund_path = format!("/api/v1/consortia/{consortium}/solidarity-fund?year={year}");
    let before: Value = app.get(&fund_path, &manager).await.json().await.unwrap();

    let mut bad = defaults.clone();
    bad["borsa_public_share_bp"] = json!(10_001);
    bad["fund_cents_per_hour"] = json!(-1);
    bad["human_scale_limit"] = json!(0);
    let refused = problem(put_json(&app, &path, &manager, &bad).await, 422).await;
    let mut blamed = blamed_fields(&refused);
    blamed.sort();
    assert_eq!(
        blamed,
        vec!["borsa_public_share_bp", "fund_cents_per_hour", "human_scale_limit"]
    );
    let auditor = app.token(AUDITOR).await;
    problem(put_json(&app, &path, &auditor, &defaults).await, 403).await;

    let mut changed = defaults.clone();
    changed["human_scale_limit"] = json!(1);
    changed["fund_cents_per_hour"] = json!(20);
    changed["stretch_share_bp"] = json!(2_500);
    let saved = put_json(&app, &path, &manager, &changed).await;
    assert_eq!(saved.status(), 200);
    let read: Value = app.get(&path, &manager).await.json().await.unwrap();
    assert_eq!(read, changed);
    let register: Value = app
        .get(&format!("/api/v1/cooperatives/{girasole}/members"), &manager)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        register["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["rule"] == "above_human_scale"),
        "{register}"
    );
    let after: Value = app.get(&fund_path, &manager).await.json().await.unwrap();
    assert_eq!(after["total_hours"], before["total_hours"]);
    let (was, now) = (before["total"].as_i64().unwrap(), after["total"].as_i64().unwrap());
    assert!(was > 0 && (now - 2 * was).abs() <= 4, "{was} → {now}");
    app.finish().await;
}

async fn the_settings_page_keeps_typed_values_on_a_refusal_and_saves_a_valid_form(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let url = app.url(&format!("/consortium/{consortium}/settings"));
    let html = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("value=\"100\"") && html.contains("value=\"0.10\""),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("human_scale_limit", "80"),
        ("fund_per_hour", "0,15"),
        ("rate_1", "1.50"),
        ("rate_2", "2.00"),
        ("rate_3", "2.50"),
        ("rate_4", "3.00"),
        ("rate_5", "3.50"),
        ("effort_bonus", "20"),
        ("result_bonus", "30"),
        ("public_share", "150"),
        ("stretch_share", "12.5"),
    ];
    let refused = http.post(&url).form(&form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("public_share") && html.contains("value=\"150\"") && html.contains("value=\"0,15\""));
    form[10].1 = "60";
    let saved = http.post(&url).form(&form).send().await.unwrap();
    assert!(saved.status().is_redirection(), "{}", saved.status());
    let read: Value = app
        .get(&format!("/api/v1/consortia/{consortium}/settings"), &manager)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            read["human_scale_limit"].as_i64(),
            read["fund_cents_per_hour"].as_i64(),
            read["borsa_public_share_bp"].as_i64(),
            read["stretch_share_bp"].as_i64()
        ),
        (Some(80), Some(15), Some(6_000), Some(1_250))
    );
    let html = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("value=\"12.5\"") && html.contains("value=\"60\""));
    app.finish().await;
}

async fn a_cooperatives_statement_runs_its_balance_and_exports(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let laundry = organisation_id(&app, &manager, "Lavanderia Solidale").await;
    let movements = format!("/api/v1/consortia/{consortium}/movements");
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let (march, december) = (format!("{year}-03-01"), format!("{year}-12-31"));
    for (on, kind, from, to, amount) in [
        (
            march.as_str(),
            "fund_grant",
            "solidarity_fund".to_owned(),
            format!("cooperative:{laundry}"),
            "1000.00",
        ),
        (
            december.as_str(),
            "fund_contribution",
            format!("cooperative:{laundry}"),
            "solidarity_fund".to_owned(),
            "150.00",
        ),
    ] {
        let body = json!({ "on": on, "kind": kind, "description": "Statement test",
            "postings": [{ "account": from, "amount": format!("-{amount}") }, { "account": to, "amount": amount }] });
        assert_eq!(app.post_json(&movements, &manager, &body).await.status(), 201);
    }
    let path = format!("/api/v1/consortia/{consortium}/cooperatives/{laundry}/statement?year={year}");
    let statement: Value = app.get(&path, &manager).await.json().await.unwrap();
    let lines = statement["lines"].as_array().unwrap();
    assert!(lines.len() >= 2, "{statement}");
    let last = lines.last().unwrap();
    assert_eq!(statement["closing"], last["balance"]);
    assert_eq!(
        statement["closing"].as_i64().unwrap() - statement["opening"].as_i64().unwrap(),
        lines.iter().map(|l| l["amount"].as_i64().unwrap()).sum::<i64>()
    );
    assert!(statement["grants_received"].as_i64().unwrap() >= 100_000);
    assert!(statement["fund_paid"].as_i64().unwrap() >= 15_000);
    assert!(statement["fund_owed"].as_i64().unwrap() > 0, "{statement}");
    assert_eq!(
        statement["fund_outstanding"].as_i64().unwrap(),
        statement["fund_owed"].as_i64().unwrap() - statement["fund_paid"].as_i64().unwrap()
    );
    let fund: Value = app
        .get(
            &format!("/api/v1/consortia/{consortium}/solidarity-fund?year={year}"),
            &manager,
        )
        .await
        .json()
        .await
        .unwrap();
    let owed = fund["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["cooperative"].as_str().is_some_and(|c| c.contains("Lavanderia")))
        .unwrap();
    assert_eq!(statement["fund_owed"], owed["contribution"]);
    problem(
        app.get(
            &format!("/api/v1/consortia/{consortium}/cooperatives/999999/statement"),
            &manager,
        )
        .await,
        404,
    )
    .await;
    problem(app.get(&format!("{path}0"), &manager).await, 422).await;
    problem(app.get(&path, &app.token(SOCIAL_WORKER).await).await, 403).await;

    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let query = format!("year={year}&cooperative={laundry}");
    let html = http
        .get(app.url(&format!("/consortium/{consortium}/finance?{query}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=\"statement\"") && html.contains("Statement test"),
        "{html}"
    );
    let csv = http
        .get(app.url(&format!("/consortium/{consortium}/statement.csv?{query}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    assert!(csv.starts_with("section,date,kind,description,amount,balance"), "{csv}");
    assert!(
        csv.contains(&format!("movement,{march},fund_grant,Statement test,1000.00,")),
        "{csv}"
    );
    assert!(csv.lines().last().unwrap().starts_with("grants_received,"));
    let xlsx = http
        .get(app.url(&format!("/consortium/{consortium}/statement.xlsx?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK");
    let missing = http
        .get(app.url(&format!("/consortium/{consortium}/statement.csv?year={year}")))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 422);
    app.finish().await;
}

crate::api_tests!(
    a_manager_changes_the_settings_and_the_warnings_and_fund_follow,
    the_settings_page_keeps_typed_values_on_a_refusal_and_saves_a_valid_form,
    a_cooperatives_statement_runs_its_balance_and_exports,
);
