//! The API of money and evidence: quarterly provider reports with their
//! claims and payments, the budget per funding stream and cooperative, the
//! ESF+ indicators, the comparison group and the outcome report.

mod budget;
mod outcomes;
mod reports;

use crate::state::AppState;
use axum::Router;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(reports::router())
        .merge(budget::router())
        .merge(outcomes::router())
}

/// The OpenAPI of this area, merged into `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = reports::ReportsApiDoc::openapi();
    doc.merge(budget::BudgetApiDoc::openapi());
    doc.merge(outcomes::OutcomesApiDoc::openapi());
    doc
}
