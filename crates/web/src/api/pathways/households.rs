use super::dto::{Created, HealthNotes, HouseholdDetail, ParticipantAssessments, PathMoved};
use crate::app::pathways::actions::{self};
use crate::app::pathways::case_list::{self, CaseListParams};
use crate::app::pathways::inputs::*;
use crate::app::pathways::targets;
use crate::auth::{Principal, ReadingPrincipal};
use crate::error::{WebError, WebResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use filiera_domain::ids::{AssessmentId, HouseholdId, ParticipantId, PathId, RequestId};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::Page;
use filiera_storage::pathways::case_list::CaseRow;
use filiera_storage::pathways::households::{Household, Member};
use filiera_storage::pathways::paths::PathRow;
use filiera_storage::pathways::register::Request;
use filiera_storage::pathways::{assessments, paths, register};
use std::sync::Arc;

/// The case list: households you may see with their focus person, stage,
/// programme and round, who is in charge and the next due item; filtered,
/// sorted and paged (newest activity first unless sorted).
#[utoipa::path(get, path = "/api/v1/households", operation_id = "list_households", tag = "pathways", security(("bearer" = [])), params(CaseListParams),
    responses((status = 200, body = Page<CaseRow>, description = "a page of the case list"), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiQuery(params): ApiQuery<CaseListParams>,
) -> WebResult<Json<Page<CaseRow>>> {
    Ok(Json(case_list::case_list(&state, &principal, &params).await?.page))
}

/// Refer a household (duplicates are refused with 409 until confirmed with `confirm_not_duplicate`).
#[utoipa::path(post, path = "/api/v1/households", tag = "pathways", security(("bearer" = [])), request_body = MemberInput,
    responses((status = 201, body = Household, description = "the household"), (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn refer(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiJson(input): ApiJson<MemberInput>,
) -> WebResult<(StatusCode, Json<Household>)> {
    let household = actions::refer_household(&state, &principal, input).await?;
    Ok((StatusCode::CREATED, Json(household)))
}

/// A household with its members, paths, projects, requests and who was in charge.
#[utoipa::path(get, path = "/api/v1/households/{id}", operation_id = "show_household", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = HouseholdDetail), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    ApiPath(id): ApiPath<HouseholdId>,
    ReadingPrincipal { principal, mut reader }: ReadingPrincipal,
) -> WebResult<impl IntoResponse> {
    // The document is written by the database in the shape of `HouseholdDetail`
    // (see `household_document`): one statement instead of eight, on the
    // connection that found the principal.
    let json = targets::household_document(&principal, &mut reader, id).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

#[utoipa::path(post, path = "/api/v1/households/{id}/members", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = MemberInput, responses((status = 201, body = Member, description = "the member"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_member(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<MemberInput>,
) -> WebResult<(StatusCode, Json<Member>)> {
    let member = actions::add_member(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// Refer a member to a programme (a new path, state `referred`).
#[utoipa::path(post, path = "/api/v1/households/{id}/paths", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = OpenPathInput, responses((status = 201, body = PathRow, description = "the path"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn open_path(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<OpenPathInput>,
) -> WebResult<(StatusCode, Json<PathRow>)> {
    let path = actions::open_path(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(path)))
}

/// Move a path (only legal transitions; withdrawn and interrupted need a reason).
#[utoipa::path(post, path = "/api/v1/paths/{id}/transitions", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = MovePathInput, responses((status = 200, body = PathMoved, description = "the path and its history"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn move_path(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<PathId>,
    ApiJson(input): ApiJson<MovePathInput>,
) -> WebResult<Json<PathMoved>> {
    let path = actions::move_path(&state, &principal, id, input).await?;
    let history = paths::history(&state.store, id).await?;
    Ok(Json(PathMoved { path, history }))
}

/// Hand the household over to another social worker (a handover note is required).
#[utoipa::path(post, path = "/api/v1/households/{id}/handover", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = HandoverInput, responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn handover(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<HandoverInput>,
) -> WebResult<StatusCode> {
    actions::handover(&state, &principal, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open a request to the social worker; due in 5 working days.
#[utoipa::path(post, path = "/api/v1/households/{id}/requests", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = RequestInput, responses((status = 201, body = Created, description = "the request id"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn open_request(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<RequestInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let request_id = actions::open_request(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: request_id.get() })))
}

#[utoipa::path(post, path = "/api/v1/households/{id}/requests/{request_id}/answer", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("request_id" = i64, Path)), request_body = AnswerInput,
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn answer_request(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, request_id)): ApiPath<(HouseholdId, RequestId)>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> WebResult<StatusCode> {
    actions::answer_request(&state, &principal, id, request_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unanswered requests past their due date, in your agencies.
#[utoipa::path(get, path = "/api/v1/requests/overdue", tag = "pathways", security(("bearer" = [])),
    responses((status = 200, body = Vec<Request>, description = "overdue requests")))]
pub async fn overdue(State(state): State<AppState>, principal: Arc<Principal>) -> WebResult<Json<Vec<Request>>> {
    let agencies = principal.organisations_allowing(Action::Pathway(PathwayAction::ManageHousehold));
    Ok(Json(
        register::overdue(&state.store, &agencies, state.clock.today()).await?,
    ))
}

/// A participant's Access and Evaluation Forms (without health notes) and the change per area.
#[utoipa::path(get, path = "/api/v1/participants/{id}/assessments", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ParticipantAssessments, description = "forms and journey")))]
pub async fn assessments(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ParticipantId>,
) -> WebResult<Json<ParticipantAssessments>> {
    targets::participant(&state, &principal, id, PathwayAction::ViewHousehold).await?;
    let forms = assessments::for_participant(&state.store, id).await?;
    let journey = crate::app::pathways::journey_of(&forms);
    Ok(Json(ParticipantAssessments {
        assessments: forms,
        journey,
    }))
}

#[utoipa::path(post, path = "/api/v1/participants/{id}/assessments", tag = "pathways", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = AssessmentInput, responses((status = 201, body = Created, description = "the form id"), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_assessment(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ParticipantId>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> WebResult<(StatusCode, Json<Created>)> {
    let assessment_id = actions::record_assessment(&state, &principal, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: assessment_id.get(),
        }),
    ))
}

/// Health notes of one form: special-category data; the read is audited.
#[utoipa::path(get, path = "/api/v1/participants/{id}/assessments/{assessment_id}/health-notes", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("assessment_id" = i64, Path)),
    responses((status = 200, body = HealthNotes, description = "the notes"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn health_notes(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, assessment_id)): ApiPath<(ParticipantId, AssessmentId)>,
) -> WebResult<Json<HealthNotes>> {
    targets::participant(&state, &principal, id, PathwayAction::ViewHousehold).await?;
    match actions::read_health_notes(&state, &principal, id, assessment_id).await? {
        Some(health_notes) => Ok(Json(HealthNotes { health_notes })),
        None => Err(WebError::NotFound { what: "health notes" }),
    }
}
