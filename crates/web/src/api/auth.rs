use crate::auth::{AuthMethod, Principal, login::verify_credentials};
use crate::client::ClientInfo;
use crate::error::{WebError, WebResult};
use crate::extract::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ids::{ApiTokenId, OrganisationId, UserId};
use filiera_domain::role::Role;
use filiera_storage::{Actor, api_tokens};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// A name for the token this login creates (default `api login`).
    #[serde(default)]
    pub token_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// A personal access token: send it as `Authorization: Bearer <token>`.
    /// It is shown only now; filiera keeps only its hash.
    pub token: String,
    pub token_id: ApiTokenId,
    pub user: MeResponse,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipDto {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub memberships: Vec<MembershipDto>,
}

pub(super) fn me_response(
    user: &filiera_storage::users::User,
    memberships: &[filiera_storage::users::MembershipView],
) -> MeResponse {
    MeResponse {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        memberships: memberships
            .iter()
            .map(|m| MembershipDto {
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name.clone(),
                role: m.role,
            })
            .collect(),
    }
}

/// Log in with e-mail and password and receive a personal access token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json", description = "too many failed logins"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(request): ApiJson<LoginRequest>,
) -> WebResult<Json<LoginResponse>> {
    let user = verify_credentials(&state, &request.email, &request.password, client.ip.as_deref()).await?;
    let actor = Actor {
        user_id: Some(user.id.get()),
        label: user.email.clone(),
        ip: client.ip.clone(),
    };
    let mut unit = state.store.begin(&actor).await?;
    let name = request.token_name.as_deref().unwrap_or("api login");
    let (token, secret) = api_tokens::create(&mut unit, user.id, name).await?;
    unit.commit().await?;
    let memberships = filiera_storage::users::memberships(&state.store, user.id).await?;
    Ok(Json(LoginResponse {
        token: secret,
        token_id: token.id,
        user: me_response(&user, &memberships),
    }))
}

/// Revoke the bearer token this request carries.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    headers: axum::http::HeaderMap,
) -> WebResult<StatusCode> {
    let AuthMethod::Token = principal.method else {
        return Err(WebError::BadRequest {
            detail: "this endpoint ends token sessions; browsers log out with POST /logout".into(),
            errors: Vec::new(),
        });
    };
    let secret = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let mut unit = state.store.begin(&principal.actor()).await?;
    if let Some(id) = api_tokens::id_of_secret(&state.store, secret).await? {
        api_tokens::revoke(&mut unit, principal.user.id, id).await?;
    }
    unit.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who am I: the authenticated user and their roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeResponse), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn me(principal: Arc<Principal>) -> Json<MeResponse> {
    Json(me_response(&principal.user, &principal.memberships))
}
