//! The service catalogue of a programme, and its HSDS 3.0 export and import.

use super::dto::{ServiceDto, ServiceInput};
use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiDocument, ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{ProgrammeId, ServiceId};
use filiera_domain::pathways::catalogue::ServiceDraft;
use filiera_storage::pathways::programmes::{self};
use std::sync::Arc;

pub(crate) fn draft(input: ServiceInput) -> ServiceDraft {
    ServiceDraft {
        code: input.code,
        name: input.name,
        kind: Some(input.kind),
        organisation_id: input.organisation_id,
        description: input.description,
        unit_cost: input.unit_cost,
        hours: input.hours,
        language: input.language,
        location: input.location,
        eligibility: input.eligibility.map(|r| r.to_string()).unwrap_or_default(),
        isco08: input.isco08,
        host_firm_id: input.host_firm_id,
        tutor_name: input.tutor_name,
        tutor_email: input.tutor_email,
        interest_tags: input.interest_tags,
        improves_areas: input.improves_areas,
        capacities: input.capacities.into_iter().map(|c| (c.round, c.capacity)).collect(),
    }
}

/// The programme's catalogue (archived services with `include_archived`).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/services", operation_id = "list_services", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<ServiceDto>)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<Vec<ServiceDto>>> {
    let services = app::catalogue::list(&state, &principal, id).await?;
    Ok(Json(services.into_iter().map(ServiceDto::from).collect()))
}

/// One service.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/services/{service_id}", operation_id = "get_service", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path), ("service_id" = i64, Path)),
    responses((status = 200, body = ServiceDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
) -> WebResult<Json<ServiceDto>> {
    let programme = app::catalogue::programme(&state, &principal, id, app::catalogue::VIEW).await?;
    let service = app::catalogue::service(&state, &principal, &programme, service_id, app::catalogue::VIEW).await?;
    Ok(Json(service.into()))
}

/// Add a service to the catalogue.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/services", operation_id = "create_service", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ServiceInput,
    responses((status = 201, body = ServiceDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> WebResult<(StatusCode, Json<ServiceDto>)> {
    let programme = app::catalogue::programme(&state, &principal, id, app::catalogue::MANAGE).await?;
    let valid = draft(input).validate()?;
    let created = app::catalogue::create(&state, &principal, &programme, valid).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Replace a service.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/services/{service_id}", operation_id = "update_service", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path), ("service_id" = i64, Path)), request_body = ServiceInput,
    responses((status = 200, body = ServiceDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> WebResult<Json<ServiceDto>> {
    let programme = programmes::get(&state.store, id).await?;
    app::catalogue::service(&state, &principal, &programme, service_id, app::catalogue::MANAGE).await?;
    let valid = draft(input).validate()?;
    let updated = app::catalogue::update(&state, &principal, &programme, service_id, valid).await?;
    Ok(Json(updated.into()))
}

/// Take a service out of the catalogue.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/services/{service_id}/archive", operation_id = "archive_service", tag = "catalogue",
    security(("bearer" = [])), params(("id" = i64, Path), ("service_id" = i64, Path)),
    responses((status = 200, body = ServiceDto), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn archive(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
) -> WebResult<Json<ServiceDto>> {
    let programme = programmes::get(&state.store, id).await?;
    let archived = app::catalogue::archive(&state, &principal, &programme, service_id).await?;
    Ok(Json(archived.into()))
}

/// The catalogue as an Open Referral HSDS 3.0 array of services.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/catalogue.hsds.json", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<Object>, description = "An array of HSDS 3.0 service objects")))]
pub async fn export_hsds(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<serde_json::Value>> {
    Ok(Json(app::catalogue::export_hsds(&state, &principal, id).await?))
}

/// Add or update (by code) services from an HSDS 3.0 array; all or nothing.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/catalogue/hsds", tag = "catalogue", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body(content = Vec<Object>, description = "An array of HSDS 3.0 service objects"),
    responses((status = 200, body = Vec<ServiceDto>), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import_hsds(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiDocument(document): ApiDocument<serde_json::Value>,
) -> WebResult<Json<Vec<ServiceDto>>> {
    let stored = app::catalogue::import_hsds(&state, &principal, id, &document).await?;
    Ok(Json(stored.into_iter().map(ServiceDto::from).collect()))
}
