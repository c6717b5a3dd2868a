//! The borsa lavoro statements of a month: every workshop user's stipend under
//! the consortium's schedule, split between public funding and the Type B
//! cooperatives' transfers (the domain's `borsa_statement`).

use crate::app::consortium::borsa::{BorsaMonthDto, MonthParams, borsa_month};
use crate::app::consortium::load_consortium;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::consortium::ConsortiumAction;
use std::sync::Arc;

/// The borsa lavoro statements of a month, per user, with the public / Type B split.
#[utoipa::path(get, path = "/api/v1/consortia/{id}/borsa", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), MonthParams),
    responses((status = 200, body = BorsaMonthDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn statements(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<MonthParams>,
) -> WebResult<Json<BorsaMonthDto>> {
    let consortium = load_consortium(&state, &principal, id, ConsortiumAction::ViewFinance).await?;
    let month = params.month(state.clock.today())?;
    Ok(Json(borsa_month(&state, &consortium, month).await?))
}
