//! The OpenAPI document tells clients the truth: parameters sit where the
//! server reads them, every operation has its own id and a documented answer,
//! and dates are ISO 8601 strings.

use crate::helpers::{ADMIN, CONSORTIUM_MANAGER, TestApp};
use serde_json::Value;
use std::collections::BTreeMap;

pub const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Content types that are documents, not JSON, and so carry no JSON schema.
const DOCUMENT_TYPES: [&str; 4] = [
    "text/csv",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/html",
];

pub async fn document(app: &TestApp) -> Value {
    app.http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("openapi request")
        .json()
        .await
        .expect("openapi JSON")
}

/// Every operation as (path template, method, operation).
pub fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((path.clone(), method.to_owned(), operation.clone()));
            }
        }
    }
    found
}

fn path_variables(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Whether a schema (following `$ref`s) can be an array; `seen` stops cycles.
fn is_array(doc: &Value, schema: &Value, seen: &mut Vec<String>) -> bool {
    if let Some(reference) = schema["$ref"].as_str() {
        if seen.iter().any(|s| s == reference) {
            return false;
        }
        seen.push(reference.to_owned());
        let name = reference.trim_start_matches("#/components/schemas/");
        return is_array(doc, &doc["components"]["schemas"][name], seen);
    }
    match &schema["type"] {
        Value::String(kind) => kind == "array",
        Value::Array(kinds) => kinds.iter().any(|k| k == "array"),
        _ => ["oneOf", "anyOf", "allOf"]
            .iter()
            .filter_map(|k| schema[*k].as_array())
            .flatten()
            .any(|s| is_array(doc, s, seen)),
    }
}

fn looks_like_a_date(property: &str) -> bool {
    property == "on"
        || property.ends_with("_on")
        || property.ends_with("date")
        || property.ends_with("_until")
        || ["start", "end", "entered", "hired", "week_start"].contains(&property)
}

/// Collects, under `at`, every property that names a date but is documented as
/// an array, and every `format: date` that is not a string.
fn array_dates(doc: &Value, schema: &Value, at: &str, found: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date") && is_array(doc, schema, &mut Vec::new()) {
                found.push(at.to_owned());
            }
            if let Some(properties) = map.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    if looks_like_a_date(name) && is_array(doc, property, &mut Vec::new()) {
                        found.push(format!("{at}.{name}"));
                    }
                }
            }
            for (key, value) in map {
                array_dates(doc, value, &format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                array_dates(doc, item, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

async fn the_openapi_document_declares_only_the_path_parameters_its_paths_hold(app: TestApp) {
    let doc = document(&app).await;
    let mut wrong = Vec::new();
    for (path, method, operation) in operations(&doc) {
        let variables = path_variables(&path);
        let mut declared = Vec::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap_or_default();
            if parameter["in"] == "path" {
                declared.push(name.to_owned());
                if !variables.iter().any(|v| v == name) {
                    wrong.push(format!("{method} {path}: `{name}` is not in the path"));
                }
            }
        }
        for variable in &variables {
            if !declared.contains(variable) {
                wrong.push(format!("{method} {path}: path variable `{variable}` is not declared"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong parameters:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    app.finish().await;
}

async fn every_operation_has_its_own_id(app: TestApp) {
    let doc = document(&app).await;
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, method, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap_or("(none)").to_owned();
        ids.entry(id).or_default().push(format!("{method} {path}"));
    }
    let shared: Vec<String> = ids
        .iter()
        .filter(|(id, users)| users.len() > 1 || id.as_str() == "(none)")
        .map(|(id, users)| format!("{id}: {}", users.join(", ")))
        .collect();
    assert!(shared.is_empty(), "shared operationIds:\n{}", shared.join("\n"));
    app.finish().await;
}

async fn every_operation_documents_a_successful_answer_with_its_schema(app: TestApp) {
    let doc = document(&app).await;
    let mut undocumented = Vec::new();
    for (path, method, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().cloned().unwrap_or_default();
        let successes: Vec<(&String, &Value)> =
            responses.iter().filter(|(status, _)| status.starts_with('2')).collect();
        let documented = !successes.is_empty()
            && successes.iter().all(|(status, response)| {
                let Some(content) = response["content"].as_object() else {
                    // Only "no content" may have no body.
                    return status.as_str() == "204";
                };
                !content.is_empty()
                    && content.iter().all(|(kind, media)| {
                        DOCUMENT_TYPES.contains(&kind.as_str())
                            || media["schema"].as_object().is_some_and(|s| !s.is_empty())
                    })
            });
        if !documented {
            undocumented.push(format!("{method} {path}"));
        }
    }
    assert!(
        undocumented.is_empty(),
        "{} operations without a documented 2xx schema:\n{}",
        undocumented.len(),
        undocumented.join("\n")
    );
    app.finish().await;
}

async fn no_date_in_the_openapi_document_is_an_array(app: TestApp) {
    let doc = document(&app).await;
    let mut found = Vec::new();
    array_dates(&doc, &doc["components"], "#/components", &mut found);
    array_dates(&doc, &doc["paths"], "#/paths", &mut found);
    assert!(found.is_empty(), "dates documented as arrays:\n{}", found.join("\n"));
    app.finish().await;
}

fn is_iso_date(value: &Value) -> bool {
    value.as_str().is_some_and(|text| {
        text.len() == 10 && time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).is_ok()
    })
}

async fn dates_in_api_answers_are_iso_8601_strings(app: TestApp) {
    let admin = app.token(ADMIN).await;
    let page: Value = app
        .get("/api/v1/organisations?per_page=100", &admin)
        .await
        .json()
        .await
        .expect("organisations");
    let registered: Vec<&Value> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["law381"].get("registered_on"))
        .collect();
    assert!(
        !registered.is_empty(),
        "a demo cooperative is on the Law 381 register: {page}"
    );
    assert!(registered.iter().all(|d| is_iso_date(d)), "{registered:?}");

    let manager = app.token(CONSORTIUM_MANAGER).await;
    let cooperatives: Vec<i64> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["law381"].is_object())
        .filter_map(|o| o["id"].as_i64())
        .collect();
    let mut starts = Vec::new();
    for id in cooperatives {
        let response = app.get(&format!("/api/v1/cooperatives/{id}/workers"), &manager).await;
        if response.status() != 200 {
            continue;
        }
        let workers: Value = response.json().await.expect("workers");
        for worker in workers.as_array().into_iter().flatten() {
            starts.extend(worker["record"]["contract"].get("start").cloned());
        }
    }
    assert!(!starts.is_empty(), "some demo worker has a contract");
    assert!(starts.iter().all(is_iso_date), "{starts:?}");
    app.finish().await;
}

crate::api_tests!(
    the_openapi_document_declares_only_the_path_parameters_its_paths_hold,
    every_operation_has_its_own_id,
    every_operation_documents_a_successful_answer_with_its_schema,
    no_date_in_the_openapi_document_is_an_array,
    dates_in_api_answers_are_iso_8601_strings,
);
