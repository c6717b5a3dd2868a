//! Consortium operations pages: the consortium dashboard (every member's 30%
//! ratio, Table A, warnings, the filière), a cooperative's workforce and
//! membership registers, finance (fund and ledger), production and the
//! weekly allocation a supervisor reviews, edits and accepts.

mod allocation;
mod dashboard;
mod exports;
mod finance;
mod production;
mod workforce;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consortium", get(dashboard::mine))
        .route("/consortium/{id}", get(dashboard::show))
        .route("/consortium/{id}/table-a.csv", get(exports::table_a_csv))
        .route("/consortium/{id}/table-a.xlsx", get(exports::table_a_xlsx))
        .route("/consortium/{id}/finance", get(finance::show).post(finance::record))
        .route("/consortium/{id}/finance.csv", get(exports::finance_csv))
        .route("/consortium/{id}/finance.xlsx", get(exports::finance_xlsx))
        .route(
            "/cooperatives/{id}/workforce",
            get(workforce::show).post(workforce::add_worker),
        )
        .route("/cooperatives/{id}/production", get(production::show))
        .route("/cooperatives/{id}/allocations", post(production::compute))
        .route("/allocations/{id}", get(allocation::show).post(allocation::update))
        .route("/allocations/{id}/accept", post(allocation::accept))
}
