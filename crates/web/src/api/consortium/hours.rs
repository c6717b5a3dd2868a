//! The hours register: hours worked per worker and month in a cooperative,
//! read and entered one worker-month at a time (the CSV import loads many).

use super::borsa::MonthParams;
use super::load_cooperative;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use crate::work::with_unit;
use axum::Json;
use axum::extract::State;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::YearMonth;
use filiera_domain::consortium::workforce::{Hours, hours_in_month};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::hours::{self, WorkerHours};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// A worker's hours in the month, in hundredths (`16050` = 160.5 h); `null` when none were entered.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerHoursDto {
    pub worker_id: i64,
    pub worker: String,
    pub hours: Option<i64>,
}

/// A cooperative's hours register for one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursMonthDto {
    pub cooperative_id: i64,
    pub month: String,
    pub lines: Vec<WorkerHoursDto>,
    /// The month's total, in hundredths of an hour.
    pub total: i64,
}

pub(crate) fn month_dto(cooperative_id: i64, month: YearMonth, lines: Vec<WorkerHours>) -> HoursMonthDto {
    let total: Hours = lines.iter().filter_map(|l| l.hours).sum();
    HoursMonthDto {
        cooperative_id,
        month: month.to_string(),
        total: total.hundredths(),
        lines: lines
            .into_iter()
            .map(|l| WorkerHoursDto {
                worker_id: l.worker_id,
                worker: l.code,
                hours: l.hours.map(Hours::hundredths),
            })
            .collect(),
    }
}

/// The hours register of a month: every worker in force that month, with the hours entered.
#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/hours", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), MonthParams),
    responses((status = 200, body = HoursMonthDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn month(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<MonthParams>,
) -> WebResult<Json<HoursMonthDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ViewRegisters).await?;
    let month = params.month()?;
    let lines = hours::hours_of_month(&state.store, id, month).await?;
    Ok(Json(month_dto(id, month, lines)))
}

/// Hours worked by one worker in one month (replacing any entered before).
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HoursInput {
    pub worker_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    /// Hours, e.g. `"160.5"`; at most the month's days × 24.
    pub hours: String,
}

/// Checks an entry against the hours-in-a-month rule.
pub(crate) fn parse_entry(month: &str, text: &str) -> Result<(YearMonth, Hours), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let month = YearMonth::parse(month.trim()).map_err(|m| errors.add("month", m)).ok();
    let hours = month.and_then(|m| hours_in_month(m, text).map_err(|e| errors.add("hours", e)).ok());
    match (month, hours) {
        (Some(month), Some(hours)) => Ok((month, hours)),
        _ => Err(errors),
    }
}

/// Enter a worker's hours for a month; answers with the month's register.
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/hours", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = HoursInput,
    responses((status = 200, body = HoursMonthDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<HoursInput>,
) -> WebResult<Json<HoursMonthDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let (month, entered) = parse_entry(&input.month, &input.hours)?;
    with_unit(&state, &principal, async |unit| {
        hours::record(unit, id, input.worker_id, month, entered).await
    })
    .await?;
    let lines = hours::hours_of_month(&state.store, id, month).await?;
    Ok(Json(month_dto(id, month, lines)))
}
