//! Reading HTML forms: a malformed submission is a 400 page, never a panic.

use crate::error::WebError;
use axum::extract::{FromRequest, Request};
use filiera_domain::bounds::LONG_TEXT_MAX_CHARS;
use serde::de::DeserializeOwned;

/// A submitted `application/x-www-form-urlencoded` form. A field with a
/// control character (other than tab and line breaks) or longer than
/// [`LONG_TEXT_MAX_CHARS`] is refused naming it, as the JSON API does.
pub struct PageForm<T>(pub T);

/// A [`PageForm`] together with what the user typed, field by field, so a
/// form refused for a rule it breaks can be shown again as it was filled in.
pub struct PageFormTyped<T>(pub T, pub Typed);

/// The submitted fields as typed (blank ones and the CSRF token left out).
#[derive(Debug, Clone, Default)]
pub struct Typed(Vec<(String, String)>);

impl Typed {
    /// The value typed in `name`, or "" (the field was blank or not sent).
    pub fn value(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// Whether `value` was the one chosen in `name` (a select's option, a checkbox).
    pub fn chose(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && v == value)
    }
}

impl<S, T> FromRequest<S> for PageFormTyped<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (value, typed) = read_typed(req, state, Some(LONG_TEXT_MAX_CHARS)).await?;
        Ok(PageFormTyped(value, typed))
    }
}

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
    read_typed(req, state, max_chars).await.map(|(value, _)| value)
}

async fn read_typed<S: Send + Sync, T: DeserializeOwned>(
    req: Request,
    state: &S,
    max_chars: Option<usize>,
) -> Result<(T, Typed), WebError> {
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
    let value = serde_urlencoded::from_str(&encoded).map_err(unreadable)?;
    Ok((value, Typed(kept)))
}

/// Only a path on this site is followed after login or a language switch, so a
/// link cannot send a user to another site (open redirect). Browsers drop tabs
/// and line breaks inside URLs and read `\` as `/`, so `/\t/evil.example`
/// and `/\\evil.example` would become `//evil.example`: any control character
/// or backslash, anywhere, sends the user home instead.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.chars().any(|c| c == '\\' || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use proptest::prelude::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/organisations?page=2")), "/organisations?page=2");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn control_characters_and_backslashes_anywhere_send_the_user_home() {
        for next in [
            "/\t/evil.example/x",
            "/\r\n/evil.example",
            "/a\\b",
            "/\u{7f}x",
            "/x\u{85}",
            "\t//evil.example",
        ] {
            assert_eq!(safe_next(Some(next)), "/", "{next:?}");
        }
        assert_eq!(safe_next(Some("/città?q=a b")), "/città?q=a b");
    }

    proptest! {
        #[test]
        fn a_followed_next_never_leaves_the_site(next in "[/\\\\\t\r\n :@%.a-z\u{0}-\u{1f}\u{7f}-\u{9f}]{0,12}") {
            let target = safe_next(Some(&next));
            prop_assert!(target == next || target == "/");
            let base = reqwest::Url::parse("https://filiera.example/organisations").unwrap();
            let followed = base.join(&target).unwrap();
            prop_assert_eq!(followed.scheme(), "https");
            prop_assert_eq!(followed.host_str(), Some("filiera.example"));
            prop_assert!(followed.username().is_empty() && followed.port().is_none());
        }
    }
}
