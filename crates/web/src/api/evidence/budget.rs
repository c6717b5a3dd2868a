//! The budget of a programme: per funding stream (budget, committed, claimed,
//! paid, remaining) and per delivering cooperative, with the claims.

use super::reports::ClaimDto;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::evidence::reports::agency_side;
use crate::extract::ApiPath;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use filiera_domain::evidence::reimbursement::StreamBudget;
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_storage::evidence::budget::{self, CooperativeBudget};
use filiera_storage::evidence::provider_reports;
use filiera_storage::pathways::programmes::{self, Programme};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new().route("/programmes/{id}/budget", get(show))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StreamBudgetDto {
    #[serde(flatten)]
    pub stream: StreamBudget,
    pub remaining_cents: i64,
    pub over_committed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CooperativeBudgetDto {
    pub cooperative_id: i64,
    pub name: String,
    pub committed_cents: i64,
    pub claimed_cents: i64,
    pub paid_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetDto {
    pub programme_id: i64,
    pub streams: Vec<StreamBudgetDto>,
    pub cooperatives: Vec<CooperativeBudgetDto>,
    pub claims: Vec<ClaimDto>,
}

/// Everything the budget page shows, after checking the principal may see the programme's evidence.
pub(crate) async fn budget_of(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> WebResult<(Programme, Vec<StreamBudget>, Vec<CooperativeBudget>)> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Evidence(EvidenceAction::ViewEvidence), &agency_side(&programme))?;
    let streams = budget::stream_budgets(&state.store, &programme).await?;
    let cooperatives = budget::cooperative_budgets(&state.store, id).await?;
    Ok((programme, streams, cooperatives))
}

/// The budget per funding stream and per cooperative, and every claim.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/budget", operation_id = "show_budget", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = BudgetDto),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<i64>,
) -> WebResult<Json<BudgetDto>> {
    let (programme, streams, cooperatives) = budget_of(&state, &principal, id).await?;
    let claims = provider_reports::claims_of_programme(&state.store, programme.id).await?;
    Ok(Json(BudgetDto {
        programme_id: programme.id,
        streams: streams
            .into_iter()
            .map(|stream| StreamBudgetDto {
                remaining_cents: stream.remaining_cents(),
                over_committed: stream.over_committed(),
                stream,
            })
            .collect(),
        cooperatives: cooperatives
            .into_iter()
            .map(|c| CooperativeBudgetDto {
                cooperative_id: c.cooperative_id,
                name: c.name,
                committed_cents: c.committed_cents,
                claimed_cents: c.claimed_cents,
                paid_cents: c.paid_cents,
            })
            .collect(),
        claims: claims.into_iter().map(ClaimDto::from).collect(),
    }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(show), components(schemas(BudgetDto, StreamBudgetDto, CooperativeBudgetDto)))]
pub struct BudgetApiDoc;
