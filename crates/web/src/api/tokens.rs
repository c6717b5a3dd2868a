use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::ApiJson;
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use filiera_domain::ids::ApiTokenId;
use filiera_storage::api_tokens;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    pub id: ApiTokenId,
    pub name: String,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// From this instant the token no longer opens the API (90 days after creation).
    #[serde(with = "filiera_domain::time_format::instant")]
    pub expires_at: OffsetDateTime,
}

impl From<api_tokens::ApiToken> for TokenDto {
    fn from(t: api_tokens::ApiToken) -> Self {
        TokenDto {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            expires_at: t.expires_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    /// What the token is for, e.g. the script that uses it.
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NewTokenResponse {
    /// The secret, shown only now.
    pub token: String,
    #[serde(flatten)]
    pub details: TokenDto,
}

/// Your personal access tokens.
#[utoipa::path(get, path = "/api/v1/tokens", operation_id = "list_tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = [TokenDto]), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(State(state): State<AppState>, principal: Arc<Principal>) -> WebResult<Json<Vec<TokenDto>>> {
    let tokens = app::account::tokens(&state, &principal).await?;
    Ok(Json(tokens.into_iter().map(TokenDto::from).collect()))
}

/// Create a personal access token.
#[utoipa::path(post, path = "/api/v1/tokens", operation_id = "create_token", tag = "auth", security(("bearer" = [])), request_body = NewTokenRequest,
    responses((status = 201, body = NewTokenResponse), (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiJson(request): ApiJson<NewTokenRequest>,
) -> WebResult<(StatusCode, Json<NewTokenResponse>)> {
    let (token, secret) = app::account::create_token(&state, &principal, &request.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(NewTokenResponse {
            token: secret,
            details: token.into(),
        }),
    ))
}

/// Revoke one of your tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn revoke(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    Path(id): Path<ApiTokenId>,
) -> WebResult<StatusCode> {
    app::account::revoke_token(&state, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
