use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::ApiQuery;
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use filiera_domain::audit::AuditEntry;
use filiera_domain::ids::OrganisationId;
use filiera_storage::PageRequest;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Only this organisation (one where you may browse the log).
    pub organisation_id: Option<OrganisationId>,
    /// Actions starting with this text, e.g. `organisation.` or `session.login`.
    pub action: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The audit log of your organisations, newest first.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "list_audit_entries", tag = "audit", security(("bearer" = [])), params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> WebResult<Json<AuditPage>> {
    let page = app::audit::browse(
        &state,
        &principal,
        params.organisation_id,
        params.action,
        PageRequest::new(params.page, params.per_page),
    )
    .await?;
    Ok(Json(AuditPage {
        items: page.items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}
