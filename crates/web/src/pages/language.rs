use super::chrome::PageContext;
use super::forms::{PageForm, safe_next};
use crate::auth::secure_cookies;
use crate::client::set_cookie;
use crate::error::WebResult;
use crate::i18n::{LANGUAGE_COOKIE, Tr};
use crate::state::AppState;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    back: Option<String>,
}

/// Switches the interface language, remembering it in a cookie and, for a
/// logged-in user, in their account.
pub async fn switch(
    State(state): State<AppState>,
    ctx: PageContext,
    parts: Parts,
    PageForm(form): PageForm<LanguageForm>,
) -> WebResult<Response> {
    let code = Tr::new(&form.lang).code();
    if let Some(principal) = &ctx.principal {
        filiera_storage::users::set_preferred_language(&state.store, principal.user.id, code).await?;
    }
    let cookie = set_cookie(
        LANGUAGE_COOKIE,
        code,
        Some(365 * 24 * 3600),
        secure_cookies(&state, &parts),
    );
    let back = safe_next(form.back.as_deref());
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, back)],
    )
        .into_response())
}
