use crate::app::consortium::registers::WorkerInput;
use crate::app::consortium::{date_param, load_consortium, load_cooperative};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::consortium::YearMonth;
use filiera_domain::consortium::table_a::TableA;
use filiera_domain::consortium::thirty_percent::{
    Compliance, ForecastWarning, MonthCompliance, compliance_on, forecast, monthly_history,
};
use filiera_domain::consortium::workforce::WorkerRecord;
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::registers;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DateParams {
    /// The date (YYYY-MM-DD); today when absent.
    pub date: Option<String>,
}

/// Table A of a consortium on a date: one row per member cooperative and the total.
#[utoipa::path(get, path = "/api/v1/consortia/{id}/table-a", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), DateParams),
    responses((status = 200, body = TableA), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn table_a(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<DateParams>,
) -> WebResult<Json<TableA>> {
    let consortium = load_consortium(&state, &principal, id, ConsortiumAction::ViewCompliance).await?;
    let date = date_param(state.clock.today(), "date", params.date.as_deref())?;
    Ok(Json(
        crate::app::consortium::table_a_on(&state.store, &consortium, date).await?,
    ))
}

/// The 30% rule for one cooperative: compliance on the date, the last twelve months, and the forecast.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplianceDto {
    pub cooperative_id: OrganisationId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub date: Date,
    /// `null` for a Type A cooperative, which the rule does not bind.
    pub compliance: Option<Compliance>,
    pub history: Vec<MonthCompliance>,
    /// Warnings of days on which planned changes would break the threshold (next 365 days).
    pub forecast: Vec<ForecastWarning>,
}

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/compliance", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), DateParams),
    responses((status = 200, body = ComplianceDto), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn compliance(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<DateParams>,
) -> WebResult<Json<ComplianceDto>> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ViewCompliance).await?;
    let date = date_param(state.clock.today(), "date", params.date.as_deref())?;
    let workers: Vec<WorkerRecord> = registers::workers_of(&state.store, id)
        .await?
        .into_iter()
        .map(|w| w.record)
        .collect();
    let last = YearMonth::of(date);
    let first = YearMonth::of(date - time::Duration::days(334));
    let integrates = cooperative.kind.integrates_disadvantaged_workers();
    Ok(Json(ComplianceDto {
        cooperative_id: id,
        date,
        compliance: compliance_on(cooperative.kind, &workers, date),
        history: if integrates {
            monthly_history(cooperative.kind, &workers, first, last, date)
        } else {
            Vec::new()
        },
        forecast: forecast(cooperative.kind, &workers, date, 365),
    }))
}

/// A worker of the workforce register.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerDto {
    pub id: WorkerId,
    pub record: WorkerRecord,
}

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/workers", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<WorkerDto>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_workers(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<Vec<WorkerDto>>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ViewRegisters).await?;
    let workers = registers::workers_of(&state.store, id).await?;
    Ok(Json(
        workers
            .into_iter()
            .map(|w| WorkerDto {
                id: w.id,
                record: w.record,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/workers", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = WorkerInput,
    responses((status = 201, body = WorkerDto), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_worker(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<WorkerInput>,
) -> WebResult<(StatusCode, Json<WorkerDto>)> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let (record, hours) = input.into_record(cooperative.kind)?;
    let worker_id = crate::app::consortium::registers::add_worker(&state, &principal, id, &record, &hours).await?;
    Ok((StatusCode::CREATED, Json(WorkerDto { id: worker_id, record })))
}
