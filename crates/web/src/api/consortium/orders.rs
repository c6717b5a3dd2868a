//! Production orders through the API: a client's order (public or private;
//! quantity, due date, price) with its task tree of phases and graded leaf
//! tasks, checked by the domain's `OrderDraft::validate` and `validate_task_tree`.

use crate::app::consortium::load_cooperative;
use crate::app::consortium::orders::{OrderCreated, OrderInput, create};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::consortium::ConsortiumAction;
use std::sync::Arc;

/// Record a client's order with its task tree (phases and graded leaf tasks).
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/orders", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = OrderInput,
    responses((status = 201, body = OrderCreated), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_order(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<OrderInput>,
) -> WebResult<(StatusCode, Json<OrderCreated>)> {
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageProduction).await?;
    Ok((
        StatusCode::CREATED,
        Json(create(&state, &principal, &cooperative, input).await?),
    ))
}
