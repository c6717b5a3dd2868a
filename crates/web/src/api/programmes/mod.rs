//! The API of programmes, their rounds and funding streams, the service
//! catalogue (with HSDS 3.0 export and import), the CSV import of programme
//! data and participant statistics.

mod catalogue;
mod dto;
mod import;
mod programme;
mod statistics;

use crate::error::WebError;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use filiera_domain::ValidationErrors;
use filiera_domain::import::ImportError;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes", get(programme::list).post(programme::create))
        .route("/programmes/{id}", get(programme::get).put(programme::update))
        .route("/programmes/{id}/rounds", post(programme::add_round))
        .route("/programmes/{id}/funding-streams", post(programme::add_funding_stream))
        .route("/programmes/{id}/eligibility", post(programme::check_eligibility))
        .route(
            "/programmes/{id}/services",
            get(catalogue::list).post(catalogue::create),
        )
        .route(
            "/programmes/{id}/services/{service_id}",
            get(catalogue::get).put(catalogue::update),
        )
        .route(
            "/programmes/{id}/services/{service_id}/archive",
            post(catalogue::archive),
        )
        .route("/programmes/{id}/catalogue.hsds.json", get(catalogue::export_hsds))
        .route("/programmes/{id}/catalogue/hsds", post(catalogue::import_hsds))
        .route("/programmes/{id}/import", post(import::import))
        .route(
            "/programmes/{id}/statistics/participants",
            get(statistics::participants),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        programme::list, programme::get, programme::create, programme::update, programme::add_round,
        programme::add_funding_stream, programme::check_eligibility,
        catalogue::list, catalogue::get, catalogue::create, catalogue::update, catalogue::archive,
        catalogue::export_hsds, catalogue::import_hsds,
        import::import, statistics::participants,
    ),
    tags(
        (name = "programmes", description = "Programmes, rounds, funding streams and their eligibility rules"),
        (name = "catalogue", description = "The service catalogue of a programme, also as Open Referral HSDS 3.0"),
        (name = "programme data", description = "All-or-nothing CSV import and participant statistics"),
    )
)]
pub struct ProgrammesApiDoc;

/// Row problems of an import as a 422 problem: each error's `field` is
/// `FILE:LINE:COLUMN` (e.g. `participants.csv:5:household_size`).
pub(crate) fn import_problem(errors: &[ImportError]) -> WebError {
    let mut fields = ValidationErrors::new();
    for e in errors {
        fields.add(&format!("{}:{}:{}", e.file, e.line, e.column), e.message.clone());
    }
    WebError::Invalid(fields)
}
