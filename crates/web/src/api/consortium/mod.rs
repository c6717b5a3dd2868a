//! The consortium operations API: Table A, the 30% rule per cooperative, the
//! workforce register, the solidarity fund and ledger, weekly allocations.

pub(crate) mod allocations;
pub(crate) mod borsa;
pub(crate) mod filiere;
mod finance;
pub(crate) use finance::statement_of;
pub(crate) mod hours;
pub(crate) mod members;
pub(crate) mod orders;
pub(crate) mod registers;
pub(crate) mod settings;
pub(crate) mod week;

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};
use filiera_domain::consortium::parse_date;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, Consortium, MemberCooperative};
use time::Date;
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

/// The Solidarity Fund statement of a year (shared with the pages).
pub(crate) async fn finance_statement(
    state: &AppState,
    consortium: &Consortium,
    year: i32,
) -> WebResult<filiera_domain::consortium::fund::ContributionStatement> {
    Ok(finance::fund_statement(&state.store, consortium, year).await?)
}

pub(crate) async fn load_consortium(
    state: &AppState,
    principal: &Principal,
    id: i64,
    action: ConsortiumAction,
) -> WebResult<Consortium> {
    let consortium = consortium::consortium(&state.store, id).await?;
    principal.authorize(Action::Consortium(action), &consortium.target())?;
    Ok(consortium)
}

pub(crate) async fn load_cooperative(
    state: &AppState,
    principal: &Principal,
    id: i64,
    action: ConsortiumAction,
) -> WebResult<MemberCooperative> {
    let cooperative = consortium::member_cooperative(&state.store, id).await?;
    principal.authorize(Action::Consortium(action), &cooperative.target())?;
    Ok(cooperative)
}

pub(crate) fn date_param(field: &str, text: Option<&str>) -> WebResult<Date> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(consortium::today()),
        Some(text) => parse_date(text)
            .map_err(|message| WebError::Invalid(filiera_domain::ValidationErrors::single(field, message))),
    }
}

/// A statement's year, within the years a date can be written for (422 on `year` otherwise).
pub(crate) fn year_param(year: Option<i32>) -> WebResult<i32> {
    let year = year.unwrap_or_else(|| consortium::today().year());
    filiera_domain::bounds::check_year(year)
        .map_err(|message| WebError::Invalid(filiera_domain::ValidationErrors::single("year", message)))
}

/// Parses a required `YYYY-MM-DD` field, noting the error on `field`.
pub(crate) fn parse_field_date(errors: &mut filiera_domain::ValidationErrors, field: &str, text: &str) -> Option<Date> {
    parse_date(text.trim()).map_err(|m| errors.add(field, m)).ok()
}
