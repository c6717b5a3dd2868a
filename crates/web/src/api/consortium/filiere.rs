//! The filière through the API: a cooperative's users with their dated
//! autonomy levels, recording a progression and the move to a Type B
//! cooperative (a hire), under the domain's `check_progression` and `check_hire`.

use super::{load_cooperative, parse_field_date};
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use crate::work::with_unit;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::filiere::{AutonomyLevel, Path, Progression, check_hire, check_progression, level_on};
use filiera_domain::consortium::table_a::UserCategory;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::registers::{self, ServiceUser};
use filiera_storage::consortium::{self, MemberCooperative};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressionDto {
    pub on: String,
    pub level: u8,
}

/// A user's place on the filière (dates `YYYY-MM-DD`).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPathDto {
    pub id: i64,
    pub code: String,
    pub category: UserCategory,
    pub entered_on: Option<String>,
    /// The autonomy level today, from the latest progression.
    pub level: Option<u8>,
    pub progressions: Vec<ProgressionDto>,
    pub hired_by: Option<i64>,
    pub hired_on: Option<String>,
}

pub(crate) async fn user_path(state: &AppState, user: ServiceUser) -> WebResult<UserPathDto> {
    let progressions = registers::progressions(&state.store, user.id).await?;
    Ok(UserPathDto {
        id: user.id,
        code: user.code,
        category: user.category,
        entered_on: user.entered_on.map(|d| d.to_string()),
        level: level_on(&progressions, consortium::today()).map(AutonomyLevel::get),
        progressions: progressions
            .iter()
            .map(|p| ProgressionDto {
                on: p.on.to_string(),
                level: p.level.get(),
            })
            .collect(),
        hired_by: user.hired_by,
        hired_on: user.hired_on.map(|d| d.to_string()),
    })
}

/// The user of this cooperative (404 for another cooperative's user) and their path.
async fn user_of(state: &AppState, cooperative: &MemberCooperative, user_id: i64) -> WebResult<(ServiceUser, Path)> {
    let user = registers::service_user(&state.store, user_id).await?;
    if user.organisation_id != cooperative.id {
        return Err(WebError::NotFound { what: "user" });
    }
    let path = Path {
        entered: user.entered_on.unwrap_or(Date::MIN),
        hired: user.hired_on,
    };
    Ok((user, path))
}

/// Records a progression after the domain's check (shared with the pages).
pub(crate) async fn progress(
    state: &AppState,
    principal: &Principal,
    cooperative: &MemberCooperative,
    user_id: i64,
    progression: Progression,
) -> WebResult<ServiceUser> {
    let (user, path) = user_of(state, cooperative, user_id).await?;
    check_progression(Some(path), progression.on)?;
    with_unit(state, principal, async |unit| {
        registers::record_progression(unit, user_id, progression).await
    })
    .await?;
    Ok(user)
}

/// Records a hire by a Type B or mixed member of the same consortium (shared with the pages).
pub(crate) async fn hire(
    state: &AppState,
    principal: &Principal,
    cooperative: &MemberCooperative,
    user_id: i64,
    hired_by: i64,
    on: Date,
) -> WebResult<ServiceUser> {
    let (_, path) = user_of(state, cooperative, user_id).await?;
    let hiring = match consortium::member_cooperative(&state.store, hired_by).await {
        Ok(hiring) if hiring.consortium_id == cooperative.consortium_id => hiring,
        Ok(_) | Err(filiera_storage::StorageError::NotFound { .. }) => {
            return Err(ValidationErrors::single("hired_by", "is not a member cooperative of this consortium").into());
        }
        Err(other) => return Err(other.into()),
    };
    check_hire(Some(path), hiring.kind, on)?;
    with_unit(state, principal, async |unit| {
        registers::record_hire(unit, user_id, hired_by, on).await
    })
    .await?;
    Ok(registers::service_user(&state.store, user_id).await?)
}

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/users", operation_id = "list_service_users", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<UserPathDto>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<i64>,
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
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
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
    pub hired_by: i64,
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
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
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
