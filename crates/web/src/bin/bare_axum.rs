//! The HTTP ceiling for `bench/api/run.sh`: a bare axum server on the same
//! runtime, answering `GET /households/{id}` with JSON of the size and shape of
//! filiera's household detail, serialised per request, with no database, no
//! authentication and no middleware.
//!
//! `cargo run --release -p filiera-web --bin bare_axum -- 127.0.0.1:8090`
//! (a bin, not an example, so it builds without the dev-dependencies).

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

#[derive(Serialize)]
struct Household {
    id: i64,
    agency_id: i64,
    reference: String,
    residence_municipality: Option<String>,
    residence_address: Option<String>,
    declared_size: Option<i64>,
    social_worker_id: Option<i64>,
    social_worker_name: Option<String>,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
struct Member {
    id: i64,
    household_id: i64,
    first_name: String,
    last_name: String,
    tax_code: Option<String>,
    relationship: String,
    birth_date: Option<String>,
    gender: Option<String>,
    citizenship: Option<String>,
    languages: String,
    employment_status: Option<String>,
    interests: String,
}

#[derive(Serialize)]
struct PathRow {
    id: i64,
    participant_id: i64,
    participant_name: String,
    programme_name: String,
    state: String,
    updated_at: String,
}

#[derive(Serialize)]
struct Assignment {
    role: String,
    user_id: i64,
    user_name: String,
    handover_note: Option<String>,
    from_at: String,
    to_at: Option<String>,
}

#[derive(Serialize)]
struct Detail {
    household: Household,
    members: Vec<Member>,
    paths: Vec<PathRow>,
    projects: Vec<serde_json::Value>,
    requests: Vec<serde_json::Value>,
    assignments: Vec<Assignment>,
}

async fn household(Path(id): Path<i64>) -> Json<Detail> {
    let at = "2026-12-03T09:00:00Z".to_owned();
    let members = (0..3)
        .map(|n| Member {
            id: id * 10 + n,
            household_id: id,
            first_name: format!("Nome{n}"),
            last_name: "Rossi".to_owned(),
            tax_code: Some(format!("RSSMRA80A0{n}G702X")),
            relationship: if n == 0 { "head" } else { "child" }.to_owned(),
            birth_date: Some("1980-01-01".to_owned()),
            gender: Some("f".to_owned()),
            citizenship: Some("IT".to_owned()),
            languages: "it,en".to_owned(),
            employment_status: Some("unemployed".to_owned()),
            interests: "gardening,cooking".to_owned(),
        })
        .collect();
    let paths = (0..2)
        .map(|n| PathRow {
            id: id * 10 + n,
            participant_id: id * 10 + n,
            participant_name: format!("Nome{n} Rossi"),
            programme_name: "Percorsi di autonomia 2026".to_owned(),
            state: "project_active".to_owned(),
            updated_at: at.clone(),
        })
        .collect();
    Json(Detail {
        household: Household {
            id,
            agency_id: 1,
            reference: format!("H-2026-{id:05}"),
            residence_municipality: Some("Pisa".to_owned()),
            residence_address: Some("Via Roma 1".to_owned()),
            declared_size: Some(3),
            social_worker_id: Some(3),
            social_worker_name: Some("Sara Sociale".to_owned()),
            created_at: at.clone(),
            updated_at: at.clone(),
        },
        members,
        paths,
        projects: Vec::new(),
        requests: Vec::new(),
        assignments: vec![Assignment {
            role: "social_worker".to_owned(),
            user_id: 3,
            user_name: "Sara Sociale".to_owned(),
            handover_note: None,
            from_at: at,
            to_at: None,
        }],
    })
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bare axum is serving on http://{}", listener.local_addr()?);
    let app = Router::new().route("/households/{id}", get(household));
    axum::serve(listener, app).await
}
