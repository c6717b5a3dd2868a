//! The filière through the API: a cooperative's users with their dated
//! autonomy levels, recording a progression and the move to a Type B
//! cooperative (a hire), under the domain's `check_progression` and `check_hire`.

use crate::app::consortium::filiere::{UserPathDto, hire, progress, user_path};
use crate::app::consortium::{load_cooperative, parse_field_date};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::filiere::{AutonomyLevel, Progression};
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::registers::{self};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::ToSchema;

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/users", operation_id = "list_service_users", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<UserPathDto>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<Vec<UserPathDto>>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ViewRegisters).await?;
    let mut users = Vec::new();
    for user in registers::users_of(&state.store, id).await? {
        users.push(user_path(&state, user).await?);
    }
    Ok(Json(users))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressionInput {
    /// `YYYY-MM-DD`.
    pub on: String,
    /// 1 (fully guided) to 5 (ready for employment).
    pub level: u8,
}

/// Record a dated change of a user's autonomy level.
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/users/{user_id}/progressions", tag = "consortium",
    security(("bearer" = [])), params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = ProgressionInput,
    responses((status = 201, body = UserPathDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_progression(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(OrganisationId, i64)>,
    ApiJson(input): ApiJson<ProgressionInput>,
) -> WebResult<(StatusCode, Json<UserPathDto>)> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let mut errors = ValidationErrors::new();
    let on = parse_field_date(&mut errors, "on", &input.on);
    let level = AutonomyLevel::new(input.level).map_err(|m| errors.add("level", m)).ok();
    let (Some(on), Some(level)) = (on, level) else {
        return Err(errors.into());
    };
    let user = progress(&state, &principal, &cooperative, user_id, Progression { on, level }).await?;
    Ok((StatusCode::CREATED, Json(user_path(&state, user).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HireInput {
    /// The Type B or mixed member cooperative that hires the user.
    pub hired_by: OrganisationId,
    /// `YYYY-MM-DD`.
    pub hired_on: String,
}

/// Record the user's move to a Type B cooperative (the end of the path).
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/users/{user_id}/hire", tag = "consortium",
    security(("bearer" = [])), params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = HireInput,
    responses((status = 200, body = UserPathDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_hire(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(OrganisationId, i64)>,
    ApiJson(input): ApiJson<HireInput>,
) -> WebResult<Json<UserPathDto>> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let mut errors = ValidationErrors::new();
    let Some(on) = parse_field_date(&mut errors, "hired_on", &input.hired_on) else {
        return Err(errors.into());
    };
    let user = hire(&state, &principal, &cooperative, user_id, input.hired_by, on).await?;
    Ok(Json(user_path(&state, user).await?))
}
