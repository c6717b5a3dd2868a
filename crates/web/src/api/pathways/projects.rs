use super::dto::{Created, OnWaitingList, PlannedIntervention, ProjectDetail};
use crate::app::pathways::actions::{self, Planned};
use crate::app::pathways::inputs::*;
use crate::app::pathways::targets;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use filiera_domain::ids::{HouseholdId, InterventionId, ObjectiveId, ProjectId};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::Page;
use filiera_storage::PageRequest;
use filiera_storage::pathways::interventions::Intervention;
use filiera_storage::pathways::projects::Project;
use filiera_storage::pathways::register::Entry;
use filiera_storage::pathways::{interventions, projects, register};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

/// Start the household's Personalised Individual Project.
#[utoipa::path(post, path = "/api/v1/households/{id}/projects", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewProjectInput, responses((status = 201, body = Project, description = "the project"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn start(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<NewProjectInput>,
) -> WebResult<(StatusCode, Json<Project>)> {
    let project = actions::start_project(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(project)))
}

/// The project with objectives, interventions (and their date conflicts), operators, closure and follow-ups.
#[utoipa::path(get, path = "/api/v1/projects/{id}", operation_id = "show_project", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ProjectDetail), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
) -> WebResult<Json<ProjectDetail>> {
    let project = targets::project(&state, &principal, id, PathwayAction::ViewHousehold).await?;
    let store = &state.store;
    let interventions = projects::interventions(store, id)
        .await?
        .into_iter()
        .map(|intervention| PlannedIntervention {
            conflicts: projects::conflicts_of(&intervention),
            intervention,
        })
        .collect();
    Ok(Json(ProjectDetail {
        project,
        objectives: projects::objectives(store, id).await?,
        interventions,
        operators: projects::operators(store, id).await?,
        waiting_list: interventions::waiting_for_project(store, id).await?,
        closure: projects::closure(store, id).await?,
        follow_ups: projects::follow_ups(store, id).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/focus", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = FocusInput, responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn focus(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<FocusInput>,
) -> WebResult<StatusCode> {
    actions::change_focus(&state, &principal, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/operators", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = OperatorInput, responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn operator(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<OperatorInput>,
) -> WebResult<StatusCode> {
    actions::add_operator(&state, &principal, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/objectives", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ObjectiveInput, responses((status = 201, body = Created, description = "the objective id"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn objective(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<ObjectiveInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let objective_id = actions::add_objective(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: objective_id.get() })))
}

#[utoipa::path(put, path = "/api/v1/projects/{id}/objectives/{objective_id}/status", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("objective_id" = i64, Path)), request_body = ObjectiveStatusInput,
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn objective_status(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, objective_id)): ApiPath<(ProjectId, ObjectiveId)>,
    ApiJson(input): ApiJson<ObjectiveStatusInput>,
) -> WebResult<StatusCode> {
    actions::set_objective_status(&state, &principal, id, objective_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Plan an intervention (capacity, interest fit and dates are checked; `join_waiting_list` when full).
#[utoipa::path(post, path = "/api/v1/projects/{id}/interventions", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = InterventionInput, responses((status = 201, body = PlannedIntervention, description = "the intervention"),
        (status = 202, body = OnWaitingList, description = "the service was full: on its waiting list"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "the service is full for the round"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn intervention(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<InterventionInput>,
) -> WebResult<Response> {
    match actions::plan_intervention(&state, &principal, id, input).await? {
        Planned::Intervention(intervention) => {
            let conflicts = projects::conflicts_of(&intervention);
            let planned = PlannedIntervention {
                intervention: *intervention,
                conflicts,
            };
            Ok((StatusCode::CREATED, Json(planned)).into_response())
        }
        Planned::WaitingList => Ok((StatusCode::ACCEPTED, Json(OnWaitingList { waiting_list: true })).into_response()),
    }
}

#[utoipa::path(put, path = "/api/v1/interventions/{id}/status", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = InterventionStatusInput, responses((status = 200, body = Intervention, description = "the intervention"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn intervention_status(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<InterventionId>,
    ApiJson(input): ApiJson<InterventionStatusInput>,
) -> WebResult<Json<Intervention>> {
    Ok(Json(
        actions::change_intervention_status(&state, &principal, id, input).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The activity register of a project, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/activities", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path), PageParams),
    responses((status = 200, body = Page<Entry>, description = "a page of entries")))]
pub async fn activities(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> WebResult<Json<Page<Entry>>> {
    targets::project(&state, &principal, id, PathwayAction::ViewHousehold).await?;
    Ok(Json(
        register::entries(&state.store, id, PageRequest::new(params.page, params.per_page)).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/activities", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ActivityInput, responses((status = 201, body = Created, description = "the entry id"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn activity(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let entry = actions::add_activity(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: entry.get() })))
}

/// Close the project with its conclusive evaluation and outcome.
#[utoipa::path(post, path = "/api/v1/projects/{id}/closure", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ClosureInput, responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn close(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<ClosureInput>,
) -> WebResult<StatusCode> {
    actions::close_project(&state, &principal, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the employment status 6 or 12 months after closure.
#[utoipa::path(post, path = "/api/v1/projects/{id}/follow-ups", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = FollowUpInput, responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn follow_up(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> WebResult<StatusCode> {
    actions::record_follow_up(&state, &principal, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
