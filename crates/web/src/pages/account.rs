use super::chrome::{Chrome, PageContext};
use super::errors::render;
use super::forms::PageForm;
use crate::app;
use crate::app::account::PasswordRefused;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{ApiTokenId, OrganisationId};
use filiera_domain::msg;
use filiera_storage::api_tokens::{self, ApiToken};
use serde::Deserialize;

pub struct MembershipLine {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub role: String,
}

#[derive(Template)]
#[template(path = "account/show.html")]
struct AccountPage {
    chrome: Chrome,
    email: String,
    display_name: String,
    memberships: Vec<MembershipLine>,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    errors: ValidationErrors,
    password_changed: bool,
    token_lifetime_days: i64,
}

async fn account_page(
    state: &AppState,
    ctx: &PageContext,
    new_token: Option<String>,
    errors: ValidationErrors,
    password_changed: bool,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let tokens = app::account::tokens(state, principal).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AccountPage {
        chrome: ctx.chrome("account-title"),
        email: principal.user.email.clone(),
        display_name: principal.user.display_name.clone(),
        memberships: principal
            .memberships
            .iter()
            .map(|m| MembershipLine {
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name.clone(),
                role: ctx.t.get(&format!("role-{}", m.role.as_str())),
            })
            .collect(),
        tokens,
        new_token,
        errors,
        password_changed,
        token_lifetime_days: api_tokens::TOKEN_LIFETIME.whole_days(),
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountParams {
    password_changed: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    axum::extract::Query(params): axum::extract::Query<AccountParams>,
) -> WebResult<Response> {
    account_page(
        &state,
        &ctx,
        None,
        ValidationErrors::new(),
        params.password_changed.is_some(),
    )
    .await
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: PageContext,
    PageForm(form): PageForm<TokenForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let result = app::account::create_token(&state, &principal, &form.name).await;
    match result {
        Ok((_, secret)) => account_page(&state, &ctx, Some(secret), ValidationErrors::new(), false).await,
        Err(WebError::Invalid(errors)) => account_page(&state, &ctx, None, errors, false).await,
        Err(other) => Err(other),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ApiTokenId>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    app::account::revoke_token(&state, &principal, id).await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    PageForm(form): PageForm<PasswordForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    match app::account::change_password(&state, &principal, &form.current_password, &form.new_password).await? {
        Ok(()) => {}
        Err(PasswordRefused::WrongCurrentPassword) => {
            let errors = ValidationErrors::single("current_password", msg!("account-wrong-password"));
            return account_page(&state, &ctx, None, errors, false).await;
        }
        Err(PasswordRefused::WeakNewPassword(errors)) => {
            let errors = errors.prefixed(|_| "new_password".to_owned());
            return account_page(&state, &ctx, None, errors, false).await;
        }
    }
    Ok(Redirect::to("/account?password_changed=1").into_response())
}
