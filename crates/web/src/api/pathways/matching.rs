use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::pathways::matching::{self, AcceptInput, RoundProposal};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

/// The best assignment of household members to service places for a round, explained.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/rounds/{round_id}/matching", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("round_id" = i64, Path)),
    responses((status = 200, body = RoundProposal), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn propose(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, round_id)): ApiPath<(i64, i64)>,
) -> WebResult<Json<RoundProposal>> {
    Ok(Json(matching::propose(&state, &principal, id, round_id).await?))
}

/// Accept a proposal (or an edited part of it): creates the planned interventions, all or none.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/rounds/{round_id}/matching/accept", tag = "pathways", security(("bearer" = [])),
    params(("id" = i64, Path), ("round_id" = i64, Path)), request_body = AcceptInput,
    responses((status = 201, description = "how many interventions were planned"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "a service filled up meanwhile")))]
pub async fn accept(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, round_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> WebResult<(StatusCode, Json<Value>)> {
    let planned = matching::accept(&state, &principal, id, round_id, input).await?;
    Ok((StatusCode::CREATED, Json(json!({ "planned": planned }))))
}
