//! The JSON API under `/api/v1`. Every error is an RFC 9457 problem document;
//! the OpenAPI 3.1 document is generated from these handlers at
//! `/api/v1/openapi.json`.

pub(crate) mod audit;
mod auth;
pub(crate) mod consortium;
mod documents;
pub(crate) mod evidence;
pub(crate) mod members;
mod notifications;
mod openapi;
pub(crate) mod organisations;
mod pathways;
pub(crate) mod programmes;
mod tasks;
mod tokens;

use crate::error::WebError;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/organisations", get(organisations::list).post(organisations::create))
        .route(
            "/organisations/{id}",
            get(organisations::get).put(organisations::update),
        )
        .route("/organisations/{id}/archive", post(organisations::archive))
        .route("/organisations/{id}/members", get(members::list).post(members::add))
        .route(
            "/organisations/{id}/members/{user_id}",
            put(members::set_role).delete(members::remove),
        )
        .route("/audit", get(audit::list))
        .route("/tasks", get(tasks::list))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_all_read))
        .route("/notifications/{id}/read", post(notifications::mark_read))
        .merge(pathways::router())
        .merge(consortium::router())
        .merge(programmes::router())
        .merge(evidence::router())
        .merge(documents::router())
        .fallback(|| async { WebError::NotFound { what: "API endpoint" } })
}
