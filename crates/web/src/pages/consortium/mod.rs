//! Consortium operations pages: the consortium dashboard (every member's 30%
//! ratio, Table A, warnings, the filière), a cooperative's workforce and
//! membership registers, finance (fund and ledger), production and the
//! weekly allocation a supervisor reviews, edits and accepts.

mod allocation;
mod borsa;
mod dashboard;
mod exports;
mod filiere;
mod finance;
mod hours;
mod members;
mod orders;
mod production;
mod settings;
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
        .route("/consortium/{id}/borsa", get(borsa::show))
        .route("/consortium/{id}/borsa.csv", get(borsa::csv))
        .route("/consortium/{id}/finance.csv", get(exports::finance_csv))
        .route("/consortium/{id}/finance.xlsx", get(exports::finance_xlsx))
        .route("/consortium/{id}/statement.csv", get(exports::cooperative_csv))
        .route("/consortium/{id}/statement.xlsx", get(exports::cooperative_xlsx))
        .route("/consortium/{id}/settings", get(settings::show).post(settings::save))
        .route(
            "/cooperatives/{id}/workforce",
            get(workforce::show).post(workforce::add_worker),
        )
        .route("/cooperatives/{id}/hours", get(hours::show).post(hours::record))
        .route("/cooperatives/{id}/members", get(members::show).post(members::add))
        .route("/cooperatives/{id}/members/{member_id}/leave", post(members::leave))
        .route("/cooperatives/{id}/spin-off", post(members::spin_off))
        .route("/cooperatives/{id}/users", get(filiere::show))
        .route(
            "/cooperatives/{id}/users/progressions",
            post(filiere::record_progression),
        )
        .route("/cooperatives/{id}/users/hire", post(filiere::record_hire))
        .route("/cooperatives/{id}/production", get(production::show))
        .route("/cooperatives/{id}/orders/new", get(orders::new))
        .route("/cooperatives/{id}/orders", post(orders::create_order))
        .route("/cooperatives/{id}/allocations", post(production::compute))
        .route("/allocations/{id}", get(allocation::show).post(allocation::update))
        .route("/allocations/{id}/accept", post(allocation::accept))
}
