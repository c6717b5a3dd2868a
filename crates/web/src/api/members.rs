use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use crate::work::with_unit;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::policy::Action;
use filiera_domain::role::Role;
use filiera_domain::user::{UserDraft, check_password};
use filiera_storage::{organisations, passwords, users};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// A person working in an organisation, with their role there.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OrganisationMemberDto)]
pub struct MemberDto {
    pub user_id: i64,
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
    ApiPath(id): ApiPath<i64>,
) -> WebResult<Json<Vec<MemberDto>>> {
    let target = organisations::target(&state.store, id).await?;
    principal.authorize(Action::ViewMembers, &target)?;
    let members = users::members_of(&state.store, id).await?;
    Ok(Json(
        members
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
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<AddMemberRequest>,
) -> WebResult<(StatusCode, Json<AddMemberResponse>)> {
    let target = organisations::target(&state.store, id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    let added = add_member(
        &state,
        &principal,
        id,
        NewMember {
            email: request.email,
            display_name: request.display_name.unwrap_or_default(),
            role: request.role,
            password: request.password,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// What is needed to add someone to an organisation (API and page share it).
pub struct NewMember {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: Option<String>,
}

/// Adds an existing user, or creates the account first, in one unit of work.
pub async fn add_member(
    state: &AppState,
    principal: &Principal,
    organisation_id: i64,
    new: NewMember,
) -> WebResult<AddMemberResponse> {
    let email = filiera_domain::user::normalise_email(&new.email);
    let existing = users::find_by_email(&state.store, &email).await?;
    let (password_hash, one_time_password) = match (&existing, new.password) {
        (Some(_), _) => (None, None),
        (None, Some(password)) => {
            check_password(&password)?;
            (Some(hash(password).await?), None)
        }
        (None, None) => {
            let generated = filiera_storage::passwords::one_time_password();
            (Some(hash(generated.clone()).await?), Some(generated))
        }
    };
    let valid = match &existing {
        Some(_) => None,
        None => Some(
            UserDraft {
                email: email.clone(),
                display_name: new.display_name,
            }
            .validate()?,
        ),
    };
    let role = new.role;
    let user = with_unit(state, principal, async |unit| {
        let user = match (existing, valid, password_hash) {
            (Some(user), _, _) => user,
            (None, Some(valid), Some(hash)) => users::create(unit, &valid, &hash).await?,
            _ => return Err(filiera_storage::StorageError::NotFound { what: "user" }),
        };
        users::set_membership(unit, user.id, organisation_id, role).await?;
        Ok(user)
    })
    .await?;
    Ok(AddMemberResponse {
        member: MemberDto {
            user_id: user.id,
            email: user.email,
            display_name: user.display_name,
            role,
        },
        one_time_password,
    })
}

async fn hash(password: String) -> WebResult<String> {
    tokio::task::spawn_blocking(move || passwords::hash_password(&password))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(WebError::from)
}

/// Change a member's role.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = SetRoleRequest,
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn set_role(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
    ApiJson(request): ApiJson<SetRoleRequest>,
) -> WebResult<StatusCode> {
    let target = organisations::target(&state.store, id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    users::get(&state.store, user_id).await?;
    with_unit(&state, &principal, async |unit| {
        users::set_membership(unit, user_id, id, request.role).await
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a person from an organisation (their account stays).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/members/{user_id}", tag = "members", security(("bearer" = [])),
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
) -> WebResult<StatusCode> {
    let target = organisations::target(&state.store, id).await?;
    principal.authorize(Action::ManageMembers, &target)?;
    if user_id == principal.user.id {
        return Err(WebError::Invalid(filiera_domain::ValidationErrors::single(
            "user_id",
            "you cannot remove yourself; ask another admin of the organisation",
        )));
    }
    with_unit(&state, &principal, async |unit| {
        users::remove_membership(unit, user_id, id).await
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
