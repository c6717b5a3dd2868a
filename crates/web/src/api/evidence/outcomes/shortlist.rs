//! The selection shortlist as a source of the comparison group: who was
//! shortlisted and not selected, and adding one of them under a code.

use super::comparison::ComparisonMemberDto;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{PathId, ProgrammeId};
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_storage::evidence::shortlist::{self, ShortlistEntry};
use filiera_storage::pathways::programmes;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::ToSchema;

/// A shortlisted person not selected, as the API lists them (no names: the code they would get).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortlistEntryDto {
    pub path_id: PathId,
    pub reference: String,
    pub round: Option<i64>,
    pub state: String,
    pub reason: Option<String>,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub ended_on: Date,
}

impl From<ShortlistEntry> for ShortlistEntryDto {
    fn from(e: ShortlistEntry) -> Self {
        Self {
            path_id: e.path_id,
            reference: e.reference,
            round: e.round,
            state: e.state,
            reason: e.reason,
            ended_on: e.ended_on,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromShortlistInput {
    /// The path of the shortlisted person (from the shortlist).
    pub path_id: PathId,
}

const MANAGE: Action = Action::Evidence(EvidenceAction::ManageComparisonGroup);

/// Shortlisted people whose path ended before any project ran (at most 200, latest first), not yet in the group.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/comparison-group/shortlist", operation_id = "list_comparison_shortlist", tag = "evidence",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ShortlistEntryDto>),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<Vec<ShortlistEntryDto>>> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(MANAGE, &crate::app::evidence::reports::agency_side(&programme))?;
    let entries = shortlist::shortlist(&state.store, id).await?;
    Ok(Json(entries.into_iter().map(Into::into).collect()))
}

/// Add a shortlisted person who was not selected to the comparison group, with their record at entry.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/comparison-group/shortlist", operation_id = "add_to_comparison_shortlist", tag = "evidence",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = FromShortlistInput,
    responses((status = 201, body = ComparisonMemberDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<FromShortlistInput>,
) -> WebResult<(StatusCode, Json<ComparisonMemberDto>)> {
    let member = crate::app::evidence::comparison::add_from_shortlist(&state, &principal, id, input.path_id).await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}
