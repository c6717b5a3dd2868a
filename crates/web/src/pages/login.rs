use super::chrome::{Chrome, PageContext};
use super::errors::render;
use super::forms::{PageForm, safe_next};
use crate::auth::login::verify_credentials;
use crate::auth::{AuthMethod, SESSION_COOKIE, secure_cookies};
use crate::client::{ClientInfo, set_cookie};
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use filiera_storage::sessions::{self, SESSION_LIFETIME};
use filiera_storage::{Actor, users};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

pub async fn form(ctx: PageContext, Query(params): Query<NextParam>) -> Response {
    if ctx.principal.is_some() {
        return Redirect::to(&safe_next(params.next.as_deref())).into_response();
    }
    render(&LoginPage {
        chrome: ctx.chrome("login-title"),
        email: String::new(),
        next: safe_next(params.next.as_deref()),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    client: ClientInfo,
    parts: Parts,
    PageForm(form): PageForm<LoginForm>,
) -> WebResult<Response> {
    let next = safe_next(form.next.as_deref());
    let user = match verify_credentials(&state, &form.email, &form.password, client.ip.as_deref()).await {
        Ok(user) => user,
        Err(error @ (WebError::BadCredentials | WebError::TooManyRequests { .. })) => {
            let message = match &error {
                WebError::TooManyRequests { retry_after_secs } => {
                    ctx.t.with("login-throttled", "minutes", (retry_after_secs + 59) / 60)
                }
                _ => ctx.t.get("login-failed"),
            };
            let page = LoginPage {
                chrome: ctx.chrome("login-title"),
                email: form.email,
                next,
                error: Some(message),
            };
            return Ok((error.status(), render(&page)).into_response());
        }
        Err(other) => return Err(other),
    };
    let actor = Actor {
        user_id: Some(user.id.get()),
        label: user.email.clone(),
        ip: client.ip.clone(),
    };
    let mut unit = state.store.begin(&actor).await?;
    let session = sessions::create(&mut unit, user.id.get(), client.user_agent.as_deref()).await?;
    unit.commit().await?;
    let cookie = set_cookie(
        SESSION_COOKIE,
        &session.secret,
        Some(SESSION_LIFETIME.whole_seconds()),
        secure_cookies(&state, &parts),
    );
    if user.preferred_language.is_none() {
        users::set_preferred_language(&state.store, user.id, ctx.t.code()).await?;
    }
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

pub async fn logout(State(state): State<AppState>, ctx: PageContext, parts: Parts) -> WebResult<Response> {
    if let Some(principal) = &ctx.principal
        && let AuthMethod::Session { secret, .. } = &principal.method
    {
        let mut unit = state.store.begin(&principal.actor()).await?;
        sessions::end(&mut unit, secret).await?;
        unit.commit().await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), secure_cookies(&state, &parts));
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, "/login".to_owned())],
    )
        .into_response())
}
