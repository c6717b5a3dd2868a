//! The web layer's one error type. Every variant is an outcome a client can see;
//! internal details are logged and never sent. The API renders errors as RFC 9457
//! problem documents; the pages turn the same errors into HTML (see
//! `pages::errors`), so both surfaces say the same thing.

use crate::i18n::Tr;
use crate::problem::{FieldProblem, PROBLEM_CONTENT_TYPE, Problem};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use filiera_domain::{FieldError, ValidationErrors};
use filiera_storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// 400: the request could not be read (malformed JSON, wrong types, unknown fields).
    #[error("{detail}")]
    BadRequest { detail: String, errors: Vec<FieldError> },
    /// 422: the request was read but breaks a rule; each field says which.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// 409: the request conflicts with stored data (a duplicate name).
    #[error("{0}")]
    Conflict(ValidationErrors),
    /// 401: no valid session or token.
    #[error("you need to log in")]
    Unauthenticated,
    /// 401: wrong e-mail or password (deliberately not saying which).
    #[error("wrong e-mail or password")]
    BadCredentials,
    /// 403: logged in, but the policy does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// 403: a state-changing request without a valid CSRF token.
    #[error("the form has expired or did not come from filiera; reload the page and try again")]
    CsrfRejected,
    /// 404.
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// 413.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// 415.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 429: too many failed logins.
    #[error("too many failed logins for this account; try again in {retry_after_secs} seconds")]
    TooManyRequests { retry_after_secs: i64 },
    /// 500: logged with its cause, shown as a generic message.
    #[error("internal error")]
    Internal(String),
}

/// What the pages need to render an error as HTML; attached to the response.
#[derive(Debug, Clone)]
pub struct ErrorForPages {
    pub status: StatusCode,
    pub kind: &'static str,
    pub detail: String,
    /// The field errors as the domain named them, for the page to word in
    /// its reader's language.
    pub errors: Vec<FieldError>,
}

impl ErrorForPages {
    /// The problem document with its field messages in `t`'s language.
    pub fn problem(&self, t: &Tr) -> Problem {
        Problem {
            kind: self.kind.to_owned(),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.iter().map(|e| FieldProblem::new(e, t)).collect(),
        }
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Unauthenticated | WebError::BadCredentials => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::CsrfRejected => StatusCode::FORBIDDEN,
            WebError::NotFound { .. } => StatusCode::NOT_FOUND,
            WebError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            WebError::BadRequest { .. } => "urn:filiera:problem:malformed-request",
            WebError::Invalid(_) => "urn:filiera:problem:invalid-input",
            WebError::Conflict(_) => "urn:filiera:problem:conflict",
            WebError::CsrfRejected => "urn:filiera:problem:csrf",
            WebError::TooManyRequests { .. } => "urn:filiera:problem:login-throttled",
            _ => "about:blank",
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            WebError::BadRequest { errors, .. } => errors.clone(),
            WebError::Invalid(errors) | WebError::Conflict(errors) => errors.0.clone(),
            _ => Vec::new(),
        }
    }

    fn detail(&self) -> String {
        match self {
            WebError::Invalid(_) => "the input is not valid: see `errors` for each field".to_owned(),
            WebError::Conflict(_) => "the input conflicts with existing records: see `errors`".to_owned(),
            other => other.to_string(),
        }
    }

    /// The problem document, field messages in English (the API's language
    /// unless the request asks for another, see `pages::errors`).
    pub fn problem(&self) -> Problem {
        self.for_pages().problem(&Tr::new("en"))
    }

    fn for_pages(&self) -> ErrorForPages {
        ErrorForPages {
            status: self.status(),
            kind: self.kind(),
            detail: self.detail(),
            errors: self.field_errors(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(cause) = &self {
            tracing::error!(%cause, "request failed");
        }
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
        if let WebError::TooManyRequests { retry_after_secs } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if self.status() == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response.extensions_mut().insert(self.for_pages());
        response
    }
}

impl From<StorageError> for WebError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound { what } => WebError::NotFound { what },
            StorageError::Conflict(errors) => WebError::Conflict(errors),
            StorageError::Invalid(errors) => WebError::Invalid(errors),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<ValidationErrors> for WebError {
    fn from(errors: ValidationErrors) -> Self {
        WebError::Invalid(errors)
    }
}

impl From<filiera_domain::policy::Denied> for WebError {
    fn from(denied: filiera_domain::policy::Denied) -> Self {
        WebError::Forbidden(denied.to_string())
    }
}

pub type WebResult<T> = Result<T, WebError>;
