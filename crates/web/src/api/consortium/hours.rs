//! The hours register: hours worked per worker and month in a cooperative,
//! read and entered one worker-month at a time (the CSV import loads many).

use crate::app::consortium::borsa::MonthParams;
use crate::app::consortium::hours::{HoursMonthDto, month_dto, parse_entry};
use crate::app::consortium::load_cooperative;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::hours::{self};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// The hours register of a month: every worker in force that month, with the hours entered.
#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/hours", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), MonthParams),
    responses((status = 200, body = HoursMonthDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn month(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<MonthParams>,
) -> WebResult<Json<HoursMonthDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ViewRegisters).await?;
    let month = params.month(state.clock.today())?;
    let lines = hours::hours_of_month(&state.store, id, month).await?;
    Ok(Json(month_dto(id, month, lines)))
}

/// Hours worked by one worker in one month (replacing any entered before).
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HoursInput {
    pub worker_id: WorkerId,
    /// `YYYY-MM`.
    pub month: String,
    /// Hours, e.g. `"160.5"`; at most the month's days × 24.
    pub hours: String,
}

/// Enter a worker's hours for a month; answers with the month's register.
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/hours", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = HoursInput,
    responses((status = 200, body = HoursMonthDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<HoursInput>,
) -> WebResult<Json<HoursMonthDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let (month, entered) = parse_entry(&input.month, &input.hours)?;
    crate::app::consortium::hours::record(&state, &principal, id, input.worker_id, month, entered).await?;
    let lines = hours::hours_of_month(&state.store, id, month).await?;
    Ok(Json(month_dto(id, month, lines)))
}
