//! Participant statistics of a programme, as JSON or as the long CSV.

use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::export::sheet::csv_text_response;
use crate::extract::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use filiera_domain::evidence::publication::Audience;
use filiera_domain::ids::ProgrammeId;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatisticsParams {
    /// `json` (default) or `csv` (`dimension,category,round,count,percent`).
    pub format: Option<String>,
    /// `staff` (default, every figure) or `public`: counts below the programme's
    /// publication threshold, and what would reveal them, are hidden (`null`
    /// in JSON, `<5` in CSV).
    pub audience: Option<Audience>,
}

/// Participants by round and in total: gender, country of birth, age band,
/// household size, single parents, average age, interventions per service.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/statistics/participants", tag = "programme data",
    security(("bearer" = [])), params(("id" = i64, Path), StatisticsParams),
    responses((status = 200, body = Object, description = "JSON statistics, or text/csv with ?format=csv"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn participants(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiQuery(params): ApiQuery<StatisticsParams>,
) -> WebResult<Response> {
    let figures = app::evidence::publication::participant_figures_for(
        &state,
        &principal,
        id,
        params.audience.unwrap_or_default(),
    )
    .await?;
    Ok(if params.format.as_deref() == Some("csv") {
        csv_text_response(&figures.to_csv(), &figures.file_name(id))
    } else {
        Json(figures).into_response()
    })
}
