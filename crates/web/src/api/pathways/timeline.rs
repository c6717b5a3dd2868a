//! A household's timeline and its interviews.

use crate::app::pathways::timeline::{self, InterviewInput, TimelineParams};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::HouseholdId;
use filiera_domain::pathways::timeline::TimelineEntry;
use filiera_storage::Page;
use filiera_storage::pathways::interviews::Interview;
use std::sync::Arc;

/// Everything that happened to the household, newest first: state changes,
/// interviews, forms, handovers, requests and answers, interventions,
/// activities, focus changes, closures and follow-ups. Health notes of forms
/// come only to those who may read them, and that read is audited.
#[utoipa::path(get, path = "/api/v1/households/{id}/timeline", operation_id = "household_timeline", tag = "pathways",
    security(("bearer" = [])), params(("id" = i64, Path), TimelineParams),
    responses((status = 200, body = Page<TimelineEntry>, description = "a page of the timeline, newest first"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "a filter that cannot be read, named")))]
pub async fn show(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiQuery(params): ApiQuery<TimelineParams>,
) -> WebResult<Json<Page<TimelineEntry>>> {
    Ok(Json(timeline::timeline(&state, &principal, id, &params).await?))
}

/// Record an interview with its date, attendees and notes. With `path_id`,
/// the interview is that path's first (or second) interview and the path
/// moves there in the same transaction.
#[utoipa::path(post, path = "/api/v1/households/{id}/interviews", operation_id = "record_interview", tag = "pathways",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = InterviewInput,
    responses((status = 201, body = Interview, description = "the interview"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "each field in error, named")))]
pub async fn record_interview(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(input): ApiJson<InterviewInput>,
) -> WebResult<(StatusCode, Json<Interview>)> {
    let interview = timeline::record_interview(&state, &principal, id, input).await?;
    Ok((StatusCode::CREATED, Json(interview)))
}
