//! The consortium operations API: Table A, the 30% rule per cooperative, the
//! workforce register, the solidarity fund and ledger, weekly allocations.

pub(crate) mod allocations;
pub(crate) mod borsa;
pub(crate) mod filiere;
mod finance;
pub(crate) mod hours;
pub(crate) mod members;
pub(crate) mod orders;
pub(crate) mod registers;
pub(crate) mod settings;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consortia/{id}/table-a", get(registers::table_a))
        .route("/consortia/{id}/borsa", get(borsa::statements))
        .route("/consortia/{id}/solidarity-fund", get(finance::solidarity_fund))
        .route("/consortia/{id}/settings", get(settings::get).put(settings::put))
        .route(
            "/consortia/{id}/cooperatives/{cooperative_id}/statement",
            get(finance::cooperative_statement),
        )
        .route(
            "/consortia/{id}/movements",
            get(finance::list_movements).post(finance::create_movement),
        )
        .route("/cooperatives/{id}/hours", get(hours::month).post(hours::record))
        .route("/cooperatives/{id}/members", get(members::list).post(members::create))
        .route("/cooperatives/{id}/members/{member_id}/leave", post(members::leave))
        .route("/cooperatives/{id}/spin-off", put(members::spin_off))
        .route("/cooperatives/{id}/users", get(filiere::list))
        .route(
            "/cooperatives/{id}/users/{user_id}/progressions",
            post(filiere::record_progression),
        )
        .route("/cooperatives/{id}/users/{user_id}/hire", post(filiere::record_hire))
        .route("/cooperatives/{id}/compliance", get(registers::compliance))
        .route(
            "/cooperatives/{id}/workers",
            get(registers::list_workers).post(registers::create_worker),
        )
        .route("/cooperatives/{id}/orders", post(orders::create_order))
        .route("/cooperatives/{id}/allocations", post(allocations::compute))
        .route("/allocations/{id}", get(allocations::get).put(allocations::update))
        .route("/allocations/{id}/accept", post(allocations::accept))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        registers::table_a, registers::compliance, registers::list_workers, registers::create_worker,
        finance::solidarity_fund, finance::list_movements, finance::create_movement, borsa::statements,
        finance::cooperative_statement, settings::get, settings::put,
        hours::month, hours::record, members::list, members::create, members::leave, members::spin_off,
        filiere::list, filiere::record_progression, filiere::record_hire, orders::create_order,
        allocations::compute, allocations::get, allocations::update, allocations::accept,
    ),
    tags((name = "consortium", description = "Consortium operations: Table A, the 30% rule, workforce, solidarity fund, ledger, borsa lavoro, weekly allocations"))
)]
pub struct ConsortiumApiDoc;
