//! Schema-driven fuzz of the whole API: for every operation of the OpenAPI
//! document and each of five roles, a seeded handful of requests with
//! parameters and bodies generated from the declared schemas — valid demo ids,
//! 0, negative and huge numbers, odd text, far dates, missing and extra
//! fields. Nothing may answer 5xx, and every successful JSON answer must match
//! the schema the document declares for it.

use crate::helpers::{ADMIN, CONSORTIUM_MANAGER, SOCIAL_WORKER, TestApp};
use crate::openapi::{document, operations};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

const ROLES: [&str; 5] = [
    ADMIN,
    SOCIAL_WORKER,
    "programme.manager@demo.filiera.eu",
    "case.manager@demo.filiera.eu",
    CONSORTIUM_MANAGER,
];
const REQUESTS_PER_OPERATION_AND_ROLE: usize = 8;
const SEED: u64 = 0x00F1_11E2_A011;
/// The fuzz stops sending (and says so) past this budget, so CI stays bounded.
const TIME_BUDGET: Duration = Duration::from_secs(60);

/// Operations that would end the fuzzer's own session.
const SKIPPED: [(&str, &str); 2] = [("post", "/api/v1/auth/logout"), ("delete", "/api/v1/tokens/{id}")];

/// SplitMix64: small, seeded, good enough to pick test inputs reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Fuzzer<'a> {
    doc: &'a Value,
    rng: Rng,
    /// Ids seen in answers so far: most generated ids are real.
    ids: BTreeSet<i64>,
    /// The same ids by the field that held them (`programme_id`, `round_id`, …).
    named: BTreeMap<String, BTreeSet<i64>>,
    /// Half the requests are plausible (known ids, valid dates, every required
    /// field, sensible text) so they get past validation and reach storage.
    plausible: bool,
}

impl Fuzzer<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.trim_start_matches("#/components/schemas/");
                &self.doc["components"]["schemas"][name]
            }
            None => schema,
        }
    }

    fn id(&mut self) -> i64 {
        let known: Vec<i64> = self.ids.iter().copied().collect();
        if !known.is_empty() && (self.plausible || self.rng.chance(70)) {
            return *self.rng.pick(&known);
        }
        *self.rng.pick(&[0, -1, 1, 999_999, i64::MAX, i64::MIN])
    }

    fn integer(&mut self, name: &str) -> Value {
        if name.ends_with("_id")
            && (self.plausible || self.rng.chance(70))
            && let Some(id) = self.id_for(name)
        {
            return json!(id);
        }
        if name == "id" || name.ends_with("_id") {
            return json!(self.id());
        }
        if self.plausible {
            return json!(*self.rng.pick(&[1, 3, 6, 12, 100]));
        }
        json!(*self.rng.pick(&[
            0,
            1,
            -1,
            3,
            12,
            100,
            2026,
            100_000,
            i64::MAX,
            i64::MIN,
            9_007_199_254_740_993
        ]))
    }

    fn date(&mut self) -> Value {
        if self.plausible {
            return json!(*self.rng.pick(&["2026-11-23", "2026-01-15", "2025-06-30", "2027-03-01"]));
        }
        json!(*self.rng.pick(&[
            "2026-11-23",
            "2020-10-01",
            "2024-02-29",
            "1900-01-01",
            "2026-13-01",
            "not a date",
            "",
            "9999-12-31",
            "-9999-01-01",
            "0000-01-01",
        ]))
    }

    fn text(&mut self, name: &str) -> Value {
        if self.plausible {
            let serial = self.rng.next() % 1_000_000;
            return match name {
                "month" => json!("2026-10"),
                "quarter" => json!("2026-Q3"),
                "email" => json!(format!("fuzz{serial}@example.org")),
                "password" => json!("a long enough password"),
                "region" => json!("Toscana"),
                _ => json!(format!("Fuzz {serial}")),
            };
        }
        let choices: Vec<String> = vec![
            String::new(),
            "a".into(),
            "Cooperativa Sociale Il Girasole".into(),
            "ALI".into(),
            "2022-Q1".into(),
            "2026-11".into(),
            "admin@demo.filiera.eu".into(),
            "àèìòù — Ελληνικά — 日本語 — 🙂".into(),
            "'; DROP TABLE households; --".into(),
            "%_\\".into(),
            " ".repeat(3),
            "nul\0byte".into(),
            "bell\u{7}\u{1b}[0m".into(),
            "x".repeat(50_000),
        ];
        json!(self.rng.pick(&choices).clone())
    }

    fn value(&mut self, name: &str, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema).clone();
        if let Some(options) = schema["enum"].as_array()
            && !options.is_empty()
        {
            return if self.plausible || self.rng.chance(85) {
                self.rng.pick(options).clone()
            } else {
                json!("not-one-of-them")
            };
        }
        for combinator in ["oneOf", "anyOf"] {
            if let Some(options) = schema[combinator].as_array()
                && !options.is_empty()
            {
                let chosen = self.rng.pick(options).clone();
                return self.value(name, &chosen, depth);
            }
        }
        if let Some(parts) = schema["allOf"].as_array() {
            let mut merged = Map::new();
            for part in parts.clone() {
                if let Value::Object(fields) = self.value(name, &part, depth) {
                    merged.extend(fields);
                }
            }
            return Value::Object(merged);
        }
        let kinds: Vec<String> = match &schema["type"] {
            Value::String(kind) => vec![kind.clone()],
            Value::Array(kinds) => kinds.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect(),
            _ if schema["properties"].is_object() => vec!["object".into()],
            _ => vec!["string".into(), "integer".into(), "object".into()],
        };
        let non_null: Vec<&String> = kinds.iter().filter(|k| k.as_str() != "null").collect();
        if non_null.is_empty() || (kinds.iter().any(|k| k == "null") && self.rng.chance(15)) {
            return Value::Null;
        }
        // Now and then the wrong type entirely.
        if !self.plausible && self.rng.chance(5) {
            return json!([true]);
        }
        match self.rng.pick(&non_null).as_str() {
            "integer" => self.integer(name),
            "number" => json!(*self.rng.pick(&[0.0, 1.5, -2.25, 30.0, 1e6])),
            "boolean" => json!(self.rng.chance(50)),
            "string" if schema["format"] == "date" || name.ends_with("_on") || name.contains("date") => self.date(),
            "string" => self.text(name),
            "array" => {
                let count = if depth > 3 { 0 } else { self.rng.below(3) };
                let items = schema["items"].clone();
                Value::Array((0..count).map(|_| self.value(name, &items, depth + 1)).collect())
            }
            _ => self.object(&schema, depth),
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut object = Map::new();
        if depth > 4 {
            return Value::Object(object);
        }
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            let needed = required.contains(&name.as_str());
            let include = if needed {
                !self.rng.chance(5)
            } else {
                self.rng.chance(60)
            };
            if include {
                let value = self.value(name, property, depth + 1);
                object.insert(name.clone(), value);
            }
        }
        if !self.plausible && self.rng.chance(5) {
            object.insert("unexpected_field".into(), json!("extra"));
        }
        Value::Object(object)
    }

    /// Collects every id an answer mentions, for later requests to use: an
    /// `id` under the collection it was read from (`organisations`), any
    /// other `…_id` under its own name.
    fn harvest(&mut self, collection: &str, value: &Value) {
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    if let Some(id) = field.as_i64() {
                        let name = match key.as_str() {
                            "id" => collection.to_owned(),
                            other if other.ends_with("_id") => other.to_owned(),
                            _ => continue,
                        };
                        self.ids.insert(id);
                        self.named.entry(name).or_default().insert(id);
                    }
                    // Nested records are not of the collection; their `id`s still help.
                    let nested = if key == "items" { collection } else { "any" };
                    self.harvest(nested, field);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.harvest(collection, item)),
            _ => {}
        }
    }

    /// An id for the `{id}` of a path under `collection`, or for a `…_id` field.
    fn id_for(&mut self, key: &str) -> Option<i64> {
        let key = match key {
            "cooperatives" | "consortia" => "organisations",
            other => other,
        };
        let seen: Vec<i64> = self.named.get(key)?.iter().copied().collect();
        Some(*self.rng.pick(&seen))
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A validator for `schema`, whose `$ref`s point into the document's components.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.as_object().cloned().unwrap_or_default();
    root.insert("components".into(), doc["components"].clone());
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&Value::Object(root))
        .expect("the document's schemas are valid JSON Schema")
}

struct Sent {
    operation: String,
    input: String,
    status: u16,
    body: String,
}

async fn no_request_the_openapi_document_allows_answers_5xx_or_breaks_its_schema(app: TestApp) {
    let doc = document(&app).await;
    let mut tokens = Vec::new();
    for role in ROLES {
        tokens.push((role, app.token(role).await));
    }
    let mut fuzzer = Fuzzer {
        doc: &doc,
        rng: Rng(SEED),
        ids: BTreeSet::new(),
        named: BTreeMap::new(),
        plausible: false,
    };
    let mut ops = operations(&doc);
    ops.retain(|(path, method, _)| !SKIPPED.contains(&(method.as_str(), path.as_str())));
    // Reads first, without path variables first: they find the ids the rest use.
    ops.sort_by_key(|(path, method, _)| (method != "get", path.contains('{'), path.clone()));

    let started = Instant::now();
    let mut failures: Vec<Sent> = Vec::new();
    let mut sent = 0usize;
    let mut validated = 0usize;
    let mut answered = BTreeSet::new();
    'operations: for (path, method, operation) in &ops {
        for (role, token) in &tokens {
            for attempt in 0..REQUESTS_PER_OPERATION_AND_ROLE {
                fuzzer.plausible = attempt % 2 == 0;
                if started.elapsed() > TIME_BUDGET {
                    eprintln!("fuzz: time budget spent after {sent} requests");
                    break 'operations;
                }
                let mut url = path.clone();
                let mut query = Vec::new();
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    let collection = path
                        .trim_start_matches("/api/v1/")
                        .split('/')
                        .next()
                        .unwrap_or_default();
                    let known = if name == "id" && (fuzzer.plausible || fuzzer.rng.chance(80)) {
                        fuzzer.id_for(collection)
                    } else {
                        None
                    };
                    let value = known.map_or_else(|| fuzzer.value(name, &parameter["schema"], 0), |id| json!(id));
                    match parameter["in"].as_str() {
                        Some("path") => url = url.replace(&format!("{{{name}}}"), &encode(&as_text(&value))),
                        // A value too long for any URL (http's limit is 64 KiB) cannot be sent at all.
                        Some("query") if fuzzer.rng.chance(50) && !value.is_null() => {
                            let encoded = encode(&as_text(&value));
                            if encoded.len() <= 8 * 1024 {
                                query.push(format!("{name}={encoded}"));
                            }
                        }
                        _ => {}
                    }
                }
                if !query.is_empty() {
                    url = format!("{url}?{}", query.join("&"));
                }
                let body = operation["requestBody"]["content"]["application/json"]["schema"]
                    .as_object()
                    .map(|schema| fuzzer.value("body", &Value::Object(schema.clone()), 0));
                let http_method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let mut request = app.http.request(http_method, app.url(&url)).bearer_auth(token);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                let response = request.send().await.expect("request to the test server");
                sent += 1;
                let status = response.status().as_u16();
                let json_answer = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("application/json"));
                let text = response.text().await.unwrap_or_default();
                let input = format!(
                    "{role} {} {url} {}",
                    method.to_uppercase(),
                    body.map(|b| b.to_string()).unwrap_or_default()
                );
                let name = format!("{} {path}", method.to_uppercase());
                if status >= 500 {
                    failures.push(Sent {
                        operation: name,
                        input,
                        status,
                        body: text,
                    });
                    continue;
                }
                if !(200..300).contains(&status) {
                    continue;
                }
                let declared = &operation["responses"][status.to_string()];
                if declared.is_null() {
                    failures.push(Sent {
                        operation: name,
                        input,
                        status,
                        body: "this status is not documented".into(),
                    });
                    continue;
                }
                if !json_answer {
                    continue;
                }
                let Ok(answer) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                let collection = path
                    .trim_start_matches("/api/v1/")
                    .split('/')
                    .next()
                    .unwrap_or_default();
                fuzzer.harvest(collection, &answer);
                answered.insert(name.clone());
                let Some(schema) = declared["content"]["application/json"]["schema"].as_object() else {
                    continue;
                };
                let errors: Vec<String> = validator(&doc, &Value::Object(schema.clone()))
                    .iter_errors(&answer)
                    .take(3)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                validated += 1;
                if !errors.is_empty() {
                    failures.push(Sent {
                        operation: name,
                        input,
                        status,
                        body: format!("does not match its schema: {}", errors.join("; ")),
                    });
                }
            }
        }
    }
    eprintln!(
        "fuzz: {sent} requests over {} operations in {:.1}s, {validated} successful answers checked against their schema",
        ops.len(),
        started.elapsed().as_secs_f64()
    );
    let never: Vec<String> = ops
        .iter()
        .map(|(path, method, _)| format!("{} {path}", method.to_uppercase()))
        .filter(|name| !answered.contains(name))
        .collect();
    eprintln!("fuzz: never answered 2xx JSON: {}", never.join(", "));
    let report: Vec<String> = failures
        .iter()
        .take(40)
        .map(|f| {
            let body: String = f.body.chars().take(300).collect();
            format!(
                "{} → {}: {}\n    {body}",
                f.operation,
                f.status,
                f.input.chars().take(300).collect::<String>()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing requests:\n{}",
        failures.len(),
        report.join("\n")
    );
    app.finish().await;
}

crate::api_tests!(no_request_the_openapi_document_allows_answers_5xx_or_breaks_its_schema);
