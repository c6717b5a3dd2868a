use super::dto::MatchingAccepted;
use crate::app::pathways::matching::{self, AcceptInput, RoundProposal};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{ProgrammeId, RoundId};
use filiera_optimisation::matching::MatchingWeights;
use std::sync::Arc;

/// The best assignment of household members to service places for a round, explained.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/rounds/{round_id}/matching", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("round_id" = i64, Path)),
    responses((status = 200, body = RoundProposal), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn propose(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, round_id)): ApiPath<(ProgrammeId, RoundId)>,
) -> WebResult<Json<RoundProposal>> {
    Ok(Json(matching::propose(&state, &principal, id, round_id).await?))
}

/// Accept a proposal (or an edited part of it): creates the planned interventions, all or none.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/rounds/{round_id}/matching/accept", operation_id = "accept_matching", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("round_id" = i64, Path)), request_body = AcceptInput,
    responses((status = 201, body = MatchingAccepted, description = "how many interventions were planned"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "a service filled up meanwhile")))]
pub async fn accept(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, round_id)): ApiPath<(ProgrammeId, RoundId)>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> WebResult<(StatusCode, Json<MatchingAccepted>)> {
    let planned = matching::accept(&state, &principal, id, round_id, input).await?;
    Ok((StatusCode::CREATED, Json(MatchingAccepted { planned })))
}

/// The weights of the cost components the programme's proposals use (see `docs/matching.md`).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/matching-weights", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn weights(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<MatchingWeights>> {
    Ok(Json(matching::weights(&state, &principal, id).await?))
}

/// Sets the programme's weights: any weight left out takes its default, unknown
/// names are refused, each weight is within 0..=1,000,000.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/matching-weights", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_weights(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<MatchingWeights>,
) -> WebResult<Json<MatchingWeights>> {
    Ok(Json(matching::save_weights(&state, &principal, id, Some(input)).await?))
}

/// Goes back to the default weights.
#[utoipa::path(delete, path = "/api/v1/programmes/{id}/matching-weights", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn reset_weights(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<MatchingWeights>> {
    Ok(Json(matching::save_weights(&state, &principal, id, None).await?))
}
