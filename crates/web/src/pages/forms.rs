//! Reading HTML forms: a malformed submission is a 400 page, never a panic.

use crate::error::WebError;
use axum::extract::{FromRequest, Request};
use filiera_domain::bounds::LONG_TEXT_MAX_CHARS;
use serde::de::DeserializeOwned;

/// A submitted `application/x-www-form-urlencoded` form. A field with a
/// control character (other than tab and line breaks) or longer than
/// [`LONG_TEXT_MAX_CHARS`] is refused naming it, as the JSON API does.
pub struct PageForm<T>(pub T);

/// A form carrying whole documents (the CSV import): like [`PageForm`], but a
/// field may be as long as the body limit allows.
pub struct PageDocumentForm<T>(pub T);

impl<S, T> FromRequest<S> for PageDocumentForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_form(req, state, None).await.map(PageDocumentForm)
    }
}

impl<S, T> FromRequest<S> for PageForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_form(req, state, Some(LONG_TEXT_MAX_CHARS)).await.map(PageForm)
    }
}

async fn read_form<S: Send + Sync, T: DeserializeOwned>(
    req: Request,
    state: &S,
    max_chars: Option<usize>,
) -> Result<T, WebError> {
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(crate::extract::body_error)?;
    let unreadable = |e: serde_urlencoded::de::Error| WebError::BadRequest {
        detail: format!("the form could not be read: {e}"),
        errors: Vec::new(),
    };
    // The CSRF token was checked by the middleware; dropping it (and blank
    // fields, which mean "not given") lets forms and the JSON API share
    // input types that refuse unknown fields.
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(unreadable)?;
    crate::extract::check_form_fields(&fields, max_chars)?;
    let kept: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(name, value)| name != crate::auth::CSRF_FIELD && !value.trim().is_empty())
        .collect();
    let encoded = serde_urlencoded::to_string(&kept).unwrap_or_default();
    serde_urlencoded::from_str(&encoded).map_err(unreadable)
}

/// Only local paths are followed after login, so a link cannot send a user to
/// another site (open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/organisations?page=2")), "/organisations?page=2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
