use crate::app::members;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{OrganisationId, UserId};
use filiera_domain::role::Role;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// A person working in an organisation, with their role there.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationMemberDto)]
pub struct MemberDto {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMemberRequest {
    pub email: String,
    /// Needed only when the e-mail has no account yet.
    #[serde(default)]
    pub display_name: Option<String>,
    pub role: Role,
    /// For a new account; when absent a one-time password is generated and returned.
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AddMemberResponse {
    pub member: MemberDto,
    /// Set when a new account was created without a password: give it to the
    /// person through a safe channel; it is shown only now.
    pub one_time_password: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRoleRequest {
    pub role: Role,
}

/// The people of an organisation.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/members", operation_id = "list_organisation_members", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = [MemberDto]), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<Vec<MemberDto>>> {
    Ok(Json(
        members::list_members(&state, &principal, id)
            .await?
            .into_iter()
            .map(|(user, role)| MemberDto {
                user_id: user.id,
                email: user.email,
                display_name: user.display_name,
                role,
            })
            .collect(),
    ))
}

/// Add a person to an organisation, creating their account if needed.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/members", operation_id = "add_organisation_member", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = AddMemberRequest,
    responses(
        (status = 201, body = AddMemberResponse),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(request): ApiJson<AddMemberRequest>,
) -> WebResult<(StatusCode, Json<AddMemberResponse>)> {
    let added = members::add_member(
        &state,
        &principal,
        id,
        members::NewMember {
            email: request.email,
            display_name: request.display_name.unwrap_or_default(),
            role: request.role,
            password: request.password,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(AddMemberResponse {
            member: MemberDto {
                user_id: added.user.id,
                email: added.user.email,
                display_name: added.user.display_name,
                role: added.role,
            },
            one_time_password: added.one_time_password,
        }),
    ))
}

/// Change a member's role.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = SetRoleRequest,
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn set_role(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(OrganisationId, UserId)>,
    ApiJson(request): ApiJson<SetRoleRequest>,
) -> WebResult<StatusCode> {
    members::set_role(&state, &principal, id, user_id, request.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a person from an organisation (their account stays).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(OrganisationId, UserId)>,
) -> WebResult<StatusCode> {
    members::remove_member(&state, &principal, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
