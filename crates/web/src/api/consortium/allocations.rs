use crate::app::consortium::allocations as app_allocations;
use crate::app::consortium::allocations::{LineDto, line_dto, save_edit, to_lines};
use crate::app::consortium::week::{self, Week};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{AllocationId, OrganisationId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_optimisation::allocation::explain;
use filiera_storage::consortium::production::{self, PersonRef};
use filiera_storage::consortium::{self};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputeInput {
    /// Any day of the week to allocate (YYYY-MM-DD); this week when absent.
    #[serde(default)]
    pub week: Option<String>,
}

/// Per person: hours available and given (in seconds), stretch used and allowed, and for workshop users whether they got work.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationDto {
    pub person_kind: String,
    pub person_id: i64,
    pub label: String,
    pub capacity_seconds: i64,
    pub used_seconds: i64,
    pub stretch_seconds: i64,
    pub stretch_allowed_seconds: i64,
    pub eligible_tasks: usize,
    pub included: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationDto {
    pub id: AllocationId,
    pub cooperative_id: OrganisationId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub week_start: Date,
    pub accepted: bool,
    pub lines: Vec<LineDto>,
    pub explanations: Vec<ExplanationDto>,
}

async fn dto(state: &AppState, allocation: production::Allocation) -> WebResult<AllocationDto> {
    let cooperative = consortium::member_cooperative(&state.store, allocation.organisation_id).await?;
    let week = week::load(state, &cooperative, allocation.week_start).await?;
    let explanations = explain(
        &week.tasks,
        &week.people(),
        &week.settings,
        &Week::assignments(&allocation.lines),
    )
    .into_iter()
    .zip(&week.people)
    .map(|(e, available)| {
        let person = week::person_of(e.person_id);
        let (kind, id) = match person {
            PersonRef::Worker(id) => ("worker", id.get()),
            PersonRef::User(id) => ("user", id),
        };
        ExplanationDto {
            person_kind: kind.into(),
            person_id: id,
            label: available.label.clone(),
            capacity_seconds: e.capacity_seconds,
            used_seconds: e.used_seconds,
            stretch_seconds: e.stretch_seconds,
            stretch_allowed_seconds: e.stretch_allowed_seconds,
            eligible_tasks: e.eligible_tasks,
            included: e.included,
        }
    })
    .collect();
    Ok(AllocationDto {
        id: allocation.id,
        cooperative_id: allocation.organisation_id,
        week_start: allocation.week_start,
        accepted: allocation.accepted,
        lines: allocation.lines.iter().map(line_dto).collect(),
        explanations,
    })
}

/// Compute a draft allocation for a week with the optimisation crate.
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/allocations", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ComputeInput,
    responses((status = 201, body = AllocationDto), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn compute(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<ComputeInput>,
) -> WebResult<(StatusCode, Json<AllocationDto>)> {
    let day = crate::app::consortium::date_param(state.clock.today(), "week", input.week.as_deref())?;
    let allocation_id = app_allocations::compute(&state, &principal, id, day).await?;
    let allocation = production::allocation(&state.store, allocation_id).await?;
    Ok((StatusCode::CREATED, Json(dto(&state, allocation).await?)))
}

async fn load(
    state: &AppState,
    principal: &Principal,
    id: AllocationId,
    action: ConsortiumAction,
) -> WebResult<production::Allocation> {
    app_allocations::allocation(state, principal, id, action).await
}

/// An allocation with its per-person explanation.
#[utoipa::path(get, path = "/api/v1/allocations/{id}", operation_id = "get_allocation", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = AllocationDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<AllocationId>,
) -> WebResult<Json<AllocationDto>> {
    let allocation = load(&state, &principal, id, ConsortiumAction::ViewProduction).await?;
    Ok(Json(dto(&state, allocation).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateInput {
    pub lines: Vec<LineDto>,
}

/// Replace a draft's lines; an edit that breaks a constraint (hours, grade, stretch share, units) is refused (422).
#[utoipa::path(put, path = "/api/v1/allocations/{id}", operation_id = "update_allocation", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = UpdateInput,
    responses((status = 200, body = AllocationDto), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<AllocationId>,
    ApiJson(input): ApiJson<UpdateInput>,
) -> WebResult<Json<AllocationDto>> {
    let allocation = load(&state, &principal, id, ConsortiumAction::ManageProduction).await?;
    let lines = to_lines(&input.lines)?;
    save_edit(&state, &principal, &allocation, &lines).await?;
    Ok(Json(
        dto(&state, production::allocation(&state.store, id).await?).await?,
    ))
}

/// Accept a draft: it becomes the week's plan; work sent to Type A workshops is recorded as internal transfers.
#[utoipa::path(post, path = "/api/v1/allocations/{id}/accept", operation_id = "accept_allocation", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = AllocationDto), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn accept(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<AllocationId>,
) -> WebResult<Json<AllocationDto>> {
    app_allocations::accept(&state, &principal, id).await?;
    Ok(Json(
        dto(&state, production::allocation(&state.store, id).await?).await?,
    ))
}
