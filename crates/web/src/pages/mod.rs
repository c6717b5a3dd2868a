//! Server-rendered HTML pages for people: social workers, case managers,
//! managers and auditors. Forms post back to the same address and redirect
//! after success; errors render as pages in the user's language.

mod account;
mod audit;
mod chrome;
mod consortium;
mod dashboard;
mod documents;
mod downloads;
mod errors;
mod evidence;
mod forms;
mod help;
mod households;
mod inbox;
mod language;
mod login;
mod members;
mod organisation_form;
mod organisations;
mod programmes;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub use errors::render_errors_as_pages;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::show))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/language", post(language::switch))
        .route("/help", get(help::index))
        .route("/help/{topic}", get(help::topic))
        .route("/organisations", get(organisations::list).post(organisations::create))
        .route("/organisations.csv", get(organisations::export_csv))
        .route("/organisations/new", get(organisations::new_form))
        .route(
            "/organisations/{id}",
            get(organisations::show).post(organisations::update),
        )
        .route("/organisations/{id}/edit", get(organisations::edit_form))
        .route("/organisations/{id}/archive", post(organisations::archive))
        .route("/organisations/{id}/members", post(members::add))
        .route("/organisations/{id}/members/{user_id}/remove", post(members::remove))
        .route("/audit", get(audit::list))
        .route("/account", get(account::show))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/account/password", post(account::change_password))
        .merge(consortium::router())
        .merge(households::router())
        .merge(programmes::router())
        .merge(evidence::router())
        .merge(documents::router())
        .merge(inbox::router())
        .fallback(errors::not_found)
}
