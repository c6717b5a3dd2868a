//! The membership register through the API: members by kind with join and
//! leave dates and shares, the warnings the domain computes from it (human
//! scale, volunteer share), and the cooperative that incubated a spin-off.

use crate::app::consortium::members as app_members;
use crate::app::consortium::members::{MemberInput, register};
use crate::app::consortium::{date_param, load_cooperative};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::membership::{MemberKind, MemberRecord, MembershipWarning};
use filiera_domain::consortium::parse_date;
use filiera_domain::ids::{CooperativeMemberId, OrganisationId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::registers;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::ToSchema;

/// A register entry (dates `YYYY-MM-DD`, shares in cents).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RegisterMemberDto)]
pub struct MemberDto {
    pub id: CooperativeMemberId,
    pub name: String,
    pub kind: MemberKind,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub joined_on: Date,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub left_on: Option<Date>,
    pub shares: i64,
}

impl MemberDto {
    pub fn new(id: CooperativeMemberId, record: MemberRecord) -> Self {
        MemberDto {
            id,
            name: record.name,
            kind: record.kind,
            joined_on: record.joined_on,
            left_on: record.left_on,
            shares: record.shares.cents(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpinOffDto {
    /// The cooperative that incubated this one.
    pub incubated_by: OrganisationId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub founded_on: Date,
}

/// A cooperative's membership register with today's warnings.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterDto {
    pub cooperative_id: OrganisationId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub date: Date,
    pub members: Vec<MemberDto>,
    pub warnings: Vec<MembershipWarning>,
    pub spin_off: Option<SpinOffDto>,
}

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}/members", operation_id = "list_register_members", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = RegisterDto), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<RegisterDto>> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ViewRegisters).await?;
    let today = state.clock.today();
    let (stored, warnings) = register(&state, &cooperative, today).await?;
    let spin_off = registers::incubated_by(&state.store, id)
        .await?
        .map(|(incubated_by, on)| SpinOffDto {
            incubated_by,
            founded_on: on,
        });
    Ok(Json(RegisterDto {
        cooperative_id: id,
        date: today,
        members: stored.into_iter().map(|m| MemberDto::new(m.id, m.record)).collect(),
        warnings,
        spin_off,
    }))
}

#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/members", operation_id = "create_register_member", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MemberInput,
    responses((status = 201, body = MemberDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<MemberInput>,
) -> WebResult<(StatusCode, Json<MemberDto>)> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let record = input.into_record()?;
    let member_id = app_members::add(&state, &principal, id, &record).await?;
    Ok((StatusCode::CREATED, Json(MemberDto::new(member_id, record))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    /// `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    pub left_on: Option<String>,
}

/// Record that a member left (once, not before they joined).
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/members/{member_id}/leave", tag = "consortium",
    security(("bearer" = [])), params(("id" = i64, Path), ("member_id" = i64, Path)), request_body = LeaveInput,
    responses((status = 200, body = MemberDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn leave(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, member_id)): ApiPath<(OrganisationId, CooperativeMemberId)>,
    ApiJson(input): ApiJson<LeaveInput>,
) -> WebResult<Json<MemberDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let on = date_param(state.clock.today(), "left_on", input.left_on.as_deref())?;
    let stored = app_members::leave(&state, &principal, id, member_id, on).await?;
    Ok(Json(MemberDto::new(stored.id, stored.record)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpinOffInput {
    /// The member cooperative of the same consortium that incubated this one.
    pub incubated_by: OrganisationId,
    /// `YYYY-MM-DD`.
    pub founded_on: String,
}

/// Record the cooperative that incubated this one (a spin-off).
#[utoipa::path(put, path = "/api/v1/cooperatives/{id}/spin-off", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = SpinOffInput,
    responses((status = 200, body = SpinOffDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn spin_off(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<SpinOffInput>,
) -> WebResult<Json<SpinOffDto>> {
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let founded_on = parse_date(&input.founded_on)
        .map_err(|m| crate::error::WebError::Invalid(ValidationErrors::single("founded_on", m)))?;
    app_members::spin_off(&state, &principal, id, input.incubated_by, founded_on).await?;
    Ok(Json(SpinOffDto {
        incubated_by: input.incubated_by,
        founded_on,
    }))
}
