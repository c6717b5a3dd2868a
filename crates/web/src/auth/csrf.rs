//! Cross-site request forgery protection for every state-changing request.
//!
//! - With a session: the request must carry the session's CSRF token, in the
//!   `X-CSRF-Token` header (htmx and scripts) or the `csrf_token` form field —
//!   of a URL-encoded form or of a `multipart/form-data` one (a document upload).
//! - Without a session (the login form, the language switch): double-submit —
//!   the form field must equal the `filiera_csrf` cookie.
//! - With a bearer token: no cookie is involved, so there is nothing to forge.
//! - Anonymous JSON requests need no token: a cross-site page cannot send JSON
//!   without a CORS preflight, which filiera never grants.

use super::method::AuthMethod;
use crate::client::cookie;
use crate::config::UPLOAD_BODY_LIMIT;
use crate::error::WebError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::response::Response;
use rand::RngCore;

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_COOKIE: &str = "filiera_csrf";

/// The double-submit token of an anonymous visitor, for forms on public pages.
#[derive(Debug, Clone)]
pub struct AnonymousCsrf {
    pub token: String,
    /// Generated for this request, so the response must set the cookie.
    pub is_new: bool,
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_form(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| {
            v.starts_with("application/x-www-form-urlencoded")
                || v.starts_with("multipart/form-data")
                || v.starts_with("text/plain")
        })
}

/// Constant-time comparison, so the token cannot be guessed byte by byte.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads the token from the header or, for forms, from the body (which is put back).
async fn presented_token(state: &AppState, request: Request) -> Result<(Request, Option<String>), WebError> {
    if let Some(token) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let token = token.to_owned();
        return Ok((request, Some(token)));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        return multipart_token(request, &content_type).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, state.config.body_limit)
        .await
        .map_err(|_| WebError::PayloadTooLarge {
            limit: state.config.body_limit,
        })?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let token = fields.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v);
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

/// Reads the token field of a multipart form. The body is read whole (up to
/// the upload limit) and put back for the handler; the token field is found
/// by multer, the parser under axum's `Multipart`, never by hand.
async fn multipart_token(request: Request, content_type: &str) -> Result<(Request, Option<String>), WebError> {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, UPLOAD_BODY_LIMIT)
        .await
        .map_err(|_| WebError::PayloadTooLarge {
            limit: UPLOAD_BODY_LIMIT,
        })?;
    let mut token = None;
    if let Ok(boundary) = multer::parse_boundary(content_type) {
        let mut fields = multer::Multipart::new(Body::from(bytes.clone()).into_data_stream(), boundary);
        while let Ok(Some(field)) = fields.next_field().await {
            if field.name() == Some(CSRF_FIELD) {
                token = field.text().await.ok();
                break;
            }
        }
    }
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

/// Checks the request; returns it (body intact) and the anonymous token, if any.
pub(super) async fn check(
    state: &AppState,
    signed_in_by: Option<&AuthMethod>,
    request: Request,
) -> Result<(Request, Option<AnonymousCsrf>), WebError> {
    let cookie_token = cookie(request.headers(), CSRF_COOKIE).filter(|t| t.len() == 64);
    let anonymous = match (signed_in_by, cookie_token) {
        (None, Some(token)) => Some(AnonymousCsrf { token, is_new: false }),
        (None, None) => Some(AnonymousCsrf {
            token: new_token(),
            is_new: true,
        }),
        (Some(_), _) => None,
    };
    if is_safe(request.method()) {
        return Ok((request, anonymous));
    }
    let expected = match signed_in_by {
        Some(AuthMethod::Token) => return Ok((request, anonymous)),
        Some(AuthMethod::Session { csrf_token, .. }) => csrf_token.clone(),
        None if !is_form(&request) => return Ok((request, anonymous)),
        None => match &anonymous {
            Some(AnonymousCsrf { token, is_new: false }) => token.clone(),
            _ => return Err(WebError::CsrfRejected),
        },
    };
    let (request, presented) = presented_token(state, request).await?;
    match presented {
        Some(token) if same(&token, &expected) => Ok((request, anonymous)),
        _ => Err(WebError::CsrfRejected),
    }
}

pub(super) fn set_cookie(response: &mut Response, token: &str, secure: bool) {
    let value = crate::client::set_cookie(CSRF_COOKIE, token, None, secure);
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn tokens_compare_equal_only_when_identical() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
