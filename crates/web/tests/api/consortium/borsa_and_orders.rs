//! Borsa lavoro statements (API, page, CSV) and production orders with their
//! task trees (API and the new-order page).

use super::*;

async fn the_borsa_lavoro_statements_split_public_and_type_b_and_export_to_csv(app: TestApp) {
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let consortium = organisation_id(&app, &manager, "Consorzio Armonia").await;
    let path = format!("/api/v1/consortia/{consortium}/borsa");
    let response = app.get(&path, &manager).await;
    assert_eq!(response.status(), 200);
    let month: Value = response.json().await.unwrap();
    let lines = month["lines"].as_array().unwrap();
    assert!(!lines.is_empty(), "the demo records last month's borsa");
    assert_eq!(month["public_share_bp"], 5000);
    let mut total = 0;
    for line in lines {
        let s = &line["statement"];
        let (public, type_b) = (s["public_part"].as_i64().unwrap(), s["type_b_part"].as_i64().unwrap());
        assert_eq!(public + type_b, s["total"].as_i64().unwrap(), "{line}");
        assert!((public - type_b).abs() <= 1, "half and half: {line}");
        total += s["total"].as_i64().unwrap();
    }
    assert_eq!(month["total"].as_i64().unwrap(), total);
    let empty: Value = app
        .get(&format!("{path}?month=2001-01"), &manager)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (empty["lines"].as_array().unwrap().len(), empty["total"].as_i64()),
        (0, Some(0))
    );
    let bad = problem(app.get(&format!("{path}?month=2025-13"), &manager).await, 422).await;
    assert_eq!(blamed_fields(&bad), vec!["month"]);
    problem(app.get(&path, &app.token(SOCIAL_WORKER).await).await, 403).await;

    let http = client();
    log_in(&app.url(""), &http, CONSORTIUM_MANAGER).await;
    let html = http
        .get(app.url(&format!(
            "/consortium/{consortium}/borsa?month={}",
            month["month"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first_user = lines[0]["user"].as_str().unwrap();
    assert!(
        html.contains(first_user) && html.contains("Trasferimenti tipo B"),
        "{html}"
    );
    let csv = http
        .get(app.url(&format!(
            "/consortium/{consortium}/borsa.csv?month={}",
            month["month"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    assert!(
        csv.starts_with("cooperative,user,hours,level,rate,base,bonuses,total,public_part,type_b_part\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), lines.len() + 2);
    let last = csv.lines().last().unwrap();
    let euros = |cents: &Value| format!("{}.{:02}", cents.as_i64().unwrap() / 100, cents.as_i64().unwrap() % 100);
    assert_eq!(
        last,
        format!(
            "total,,,,,,,{},{},{}",
            euros(&month["total"]),
            euros(&month["public_part"]),
            euros(&month["type_b_part"])
        )
    );
    app.finish().await;
}

async fn a_supervisor_creates_an_order_with_its_task_tree_through_the_api_and_the_page(app: TestApp) {
    let supervisor = app.token(SUPERVISOR).await;
    let laundry = organisation_id(&app, &supervisor, "Lavanderia Solidale").await;
    let path = format!("/api/v1/cooperatives/{laundry}/orders");
    let task = |kind: &str, grade: u8, venue: &str| json!({ "kind": kind, "grade": grade, "seconds_per_unit": 45, "units": 400, "venue": venue, "transfer_price": "0.08" });
    let order = json!({ "client": "Comune di Pisa", "client_kind": "public", "product": "Hospital gowns", "quantity": 400,
        "due_on": "2099-12-31", "price": "2400.00", "steps": [
            { "key": "wash", "name": "Washing" },
            { "key": "sort", "parent": "wash", "name": "Sorting", "task": task("sorting", 1, "either") },
            { "key": "press", "parent": "wash", "name": "Pressing", "task": task("pressing", 4, "type_b_floor") },
        ] });
    let response = app.post_json(&path, &supervisor, &order).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["steps"], 3);
    let mut bad = order.clone();
    bad["due_on"] = json!("2001-01-01");
    bad["steps"][0]["task"] = task("washing", 2, "either");
    bad["steps"][2]["task"]["grade"] = json!(6);
    let refused = problem(app.post_json(&path, &supervisor, &bad).await, 422).await;
    let mut blamed = blamed_fields(&refused);
    blamed.sort();
    assert_eq!(blamed, vec!["due_on", "steps[0].task", "steps[2].grade"]);
    problem(app.post_json(&path, &app.token(AUDITOR).await, &order).await, 403).await;

    let http = client();
    log_in(&app.url(""), &http, SUPERVISOR).await;
    let production = http
        .get(app.url(&format!("/cooperatives/{laundry}/production")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        production.contains("Hospital gowns") && production.contains(&format!("/cooperatives/{laundry}/orders/new"))
    );
    let form = http
        .get(app.url(&format!("/cooperatives/{laundry}/orders/new")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("name=\"step-8-minutes\""), "{form}");
    let csrf = csrf_of(&form);
    let mut fields = vec![
        ("csrf_token", csrf.as_str()),
        ("client", "Bottega Rossi"),
        ("client_kind", "private"),
        ("product", "Gift boxes"),
        ("quantity", "200"),
        ("due_on", "2099-06-30"),
        ("price", "900.00"),
        ("step-1-name", "Assembly"),
        ("step-1-parent", ""),
        ("step-2-name", "Folding"),
        ("step-2-parent", "row-1"),
        ("step-2-kind", "folding"),
        ("step-2-grade", "1"),
        ("step-2-minutes", "0,5"),
        ("step-2-units", "200"),
        ("step-2-venue", "type_a_workshop"),
        ("step-2-price", "0.05"),
        ("step-3-name", "Quality check"),
        ("step-3-parent", "row-1"),
        ("step-3-kind", "checking"),
        ("step-3-grade", "3"),
        ("step-3-minutes", "1"),
        ("step-3-units", "200"),
        ("step-3-venue", "type_b_floor"),
    ];
    let url = app.url(&format!("/cooperatives/{laundry}/orders"));
    let saved = http.post(url.clone()).form(&fields).send().await.unwrap();
    assert!(saved.status().is_redirection(), "{}", saved.status());
    let production = http
        .get(app.url(&format!("/cooperatives/{laundry}/production")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        production.contains("Gift boxes") && production.contains("Quality check"),
        "{production}"
    );
    fields.retain(|(name, _)| *name != "step-3-minutes");
    fields.push(("step-3-minutes", "soon"));
    let refused = http.post(url).form(&fields).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("“soon” non è un numero di minuti") && html.contains("value=\"Gift boxes\""),
        "{html}"
    );
    app.finish().await;
}

crate::api_tests!(
    the_borsa_lavoro_statements_split_public_and_type_b_and_export_to_csv,
    a_supervisor_creates_an_order_with_its_task_tree_through_the_api_and_the_page,
);
