//! Pages of money and evidence: provider reports (list, one report with its
//! review and claims, downloads as CSV, XLSX and PDF), the budget of a
//! programme with its chart, and the evidence page (ESF+ indicators, outcome
//! report against the comparison group, publication-safe exports).

mod budget;
mod outcomes;
mod report_exports;
mod reports;
mod summary;

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(reports::router())
        .merge(budget::router())
        .merge(outcomes::router())
        .route("/programmes/{id}/summary.pdf", axum::routing::get(summary::pdf))
}
