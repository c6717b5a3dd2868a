//! The budget of a programme: per funding stream (budget, committed, claimed,
//! paid, remaining) and per delivering cooperative, with the claims.

use crate::app::evidence::budget::{BudgetDto, CooperativeBudgetDto, StreamBudgetDto, budget_of};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::ApiPath;
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use filiera_domain::ids::ProgrammeId;
use filiera_storage::evidence::provider_reports;
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new().route("/programmes/{id}/budget", get(show))
}

/// The budget per funding stream and per cooperative, and every claim.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/budget", operation_id = "show_budget", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = BudgetDto),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
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
        claims,
    }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(show), components(schemas(BudgetDto, StreamBudgetDto, CooperativeBudgetDto)))]
pub struct BudgetApiDoc;
