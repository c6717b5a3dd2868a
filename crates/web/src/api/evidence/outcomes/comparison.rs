//! The comparison group of a programme (eligible people who were not selected,
//! by pseudonymous code), their follow-ups at 6 and 12 months, and the
//! programme's publication threshold.

use crate::app::evidence::comparison as app_comparison;
use crate::app::pathways::inputs::date_field;
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::comparison::ComparisonMemberDraft;
use filiera_domain::evidence::disclosure::check_threshold;
use filiera_domain::ids::ComparisonMemberId;
use filiera_domain::ids::{ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::pathways::household::{EmploymentStatus, Gender};
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_storage::evidence::comparison::{self, ComparisonMember};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::ToSchema;

const MANAGE: Action = Action::Evidence(EvidenceAction::ManageComparisonGroup);

/// One person of the comparison group with their follow-ups.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonMemberDto {
    pub id: ComparisonMemberId,
    pub programme_id: ProgrammeId,
    pub round_id: Option<RoundId>,
    /// Pseudonymous code (never a name or a tax code).
    pub reference: String,
    pub gender: Option<String>,
    pub birth_year: Option<i64>,
    /// Employment status when the selection closed.
    pub employment_status: Option<String>,
    /// The date the selection closed; follow-ups count from it.
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub reference_date: Date,
    pub not_selected_reason: String,
    pub status_at_6: Option<String>,
    pub status_at_12: Option<String>,
}

impl From<ComparisonMember> for ComparisonMemberDto {
    fn from(m: ComparisonMember) -> Self {
        ComparisonMemberDto {
            id: m.id,
            programme_id: m.programme_id,
            round_id: m.round_id,
            reference: m.reference,
            gender: m.gender,
            birth_year: m.birth_year,
            employment_status: m.employment_status,
            reference_date: m.reference_date,
            not_selected_reason: m.not_selected_reason,
            status_at_6: m.status_at_6,
            status_at_12: m.status_at_12,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComparisonMemberInput {
    /// Pseudonymous code, unique in the programme (e.g. `CG-2022-013`).
    #[serde(default)]
    pub reference: String,
    /// One of the programme's rounds.
    pub round_id: Option<RoundId>,
    #[schema(value_type = Option<String>, example = "F")]
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    /// Status when the selection closed.
    #[schema(value_type = Option<String>, example = "unemployed")]
    pub employment_status: Option<EmploymentStatus>,
    /// YYYY-MM-DD: the date the selection closed.
    pub reference_date: Option<String>,
    pub not_selected_reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ComparisonFollowUpInput)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    /// 6 or 12.
    pub months: i64,
    /// YYYY-MM-DD, on or after the follow-up is due, not in the future.
    pub recorded_on: String,
    #[schema(value_type = String, example = "employed")]
    pub employment_status: EmploymentStatus,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdInput {
    /// Counts below this are hidden from public tables (2–100; 5 by default).
    pub threshold: i64,
}

async fn programme_for(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    action: Action,
) -> WebResult<Programme> {
    app_comparison::programme(state, principal, id, action).await
}

/// The comparison group, by code (for those who see the evidence or keep the group).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/comparison-group", operation_id = "list_comparison_group", tag = "evidence", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ComparisonMemberDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<Vec<ComparisonMemberDto>>> {
    let programme = programmes::get(&state.store, id).await?;
    let target = crate::app::evidence::reports::agency_side(&programme);
    if principal.authorize(MANAGE, &target).is_err() {
        principal.authorize(Action::Evidence(EvidenceAction::ViewEvidence), &target)?;
    }
    let members = comparison::members(&state.store, id).await?;
    Ok(Json(members.into_iter().map(Into::into).collect()))
}

/// Add an eligible person who was not selected, by pseudonymous code.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/comparison-group", operation_id = "add_to_comparison_group", tag = "evidence", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ComparisonMemberInput,
    responses((status = 201, body = ComparisonMemberDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<ComparisonMemberInput>,
) -> WebResult<(StatusCode, Json<ComparisonMemberDto>)> {
    let programme = programme_for(&state, &principal, id, MANAGE).await?;
    let mut errors = ValidationErrors::new();
    let reference_date = date_field(&mut errors, "reference_date", input.reference_date.as_deref());
    let draft = ComparisonMemberDraft {
        reference: input.reference,
        gender: input.gender,
        birth_year: input.birth_year,
        employment_status: input.employment_status,
        reference_date,
        not_selected_reason: input.not_selected_reason.unwrap_or_default(),
    };
    let valid = match draft.validate(state.clock.today()) {
        // A malformed date is named once, not again as "missing".
        Err(mut more) if !errors.is_empty() => {
            more.0.retain(|e| e.field != "reference_date");
            errors.0.extend(more.0);
            return Err(WebError::Invalid(errors));
        }
        Err(more) => return Err(WebError::Invalid(more)),
        Ok(_) if !errors.is_empty() => return Err(WebError::Invalid(errors)),
        Ok(valid) => valid,
    };
    let member = app_comparison::add_member(&state, &principal, programme.id, input.round_id, &valid).await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Record a comparison-group member's employment status at 6 or 12 months.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/comparison-group/{member_id}/follow-ups", tag = "evidence",
    security(("bearer" = [])), params(("id" = i64, Path), ("member_id" = i64, Path)), request_body = FollowUpInput,
    responses((status = 201, body = ComparisonMemberDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_follow_up(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, member_id)): ApiPath<(ProgrammeId, ComparisonMemberId)>,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> WebResult<(StatusCode, Json<ComparisonMemberDto>)> {
    programme_for(&state, &principal, id, MANAGE).await?;
    let member = app_comparison::member_of(&state, id, member_id).await?;
    let mut errors = ValidationErrors::new();
    let Some(recorded_on) = date_field(&mut errors, "recorded_on", Some(&input.recorded_on)) else {
        if errors.is_empty() {
            errors.add("recorded_on", msg!("error-status-recorded-on"));
        }
        return Err(WebError::Invalid(errors));
    };
    let updated = app_comparison::record_follow_up(
        &state,
        &principal,
        &member,
        input.months,
        recorded_on,
        input.employment_status,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(updated.into())))
}

/// Set the publication threshold: counts below it are hidden from public tables.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/publication-threshold", tag = "evidence", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ThresholdInput,
    responses((status = 200, body = ThresholdInput),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn set_threshold(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<ThresholdInput>,
) -> WebResult<Json<ThresholdInput>> {
    programme_for(&state, &principal, id, app_comparison::MANAGE_PROGRAMME).await?;
    let threshold =
        check_threshold(input.threshold).map_err(|m| WebError::Invalid(ValidationErrors::single("threshold", m)))?;
    app_comparison::set_threshold(&state, &principal, id, threshold).await?;
    Ok(Json(ThresholdInput {
        threshold: threshold as i64,
    }))
}
