//! Request-body extractors whose failures are problem responses naming the field.

use crate::error::WebError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use filiera_domain::bounds::{LONG_TEXT_MAX_CHARS, SEARCH_MAX_CHARS, control_character_problem, length_problem};
use filiera_domain::msg;
use filiera_domain::{FieldError, ValidationErrors};
use serde::de::DeserializeOwned;

/// A JSON body. Malformed JSON, wrong types, unknown fields and invalid enum
/// values are 400 problems whose `errors` name the offending field; a string
/// holding a control character (other than tab and line breaks) or longer than
/// [`LONG_TEXT_MAX_CHARS`] is a 422 naming it. Fields have tighter limits of
/// their own in the domain; this is the ceiling no text can pass.
pub struct ApiJson<T>(pub T);

/// A JSON body carrying whole documents (CSV files, an HSDS catalogue): like
/// [`ApiJson`], but its strings may be as long as the body limit allows.
pub struct ApiDocument<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(req, state, Some(LONG_TEXT_MAX_CHARS)).await.map(ApiJson)
    }
}

impl<S, T> FromRequest<S> for ApiDocument<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(req, state, None).await.map(ApiDocument)
    }
}

async fn read_json<S: Send + Sync, T: DeserializeOwned>(
    req: Request,
    state: &S,
    max_chars: Option<usize>,
) -> Result<T, WebError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
    if !is_json {
        return Err(WebError::UnsupportedMediaType(
            "send the body as JSON with `Content-Type: application/json`".into(),
        ));
    }
    let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
    let parsed = parse_json(&bytes)?;
    // Read again untyped, so the field holding a bad string can be named
    // whatever type the handler expects.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        check_json_strings(&value, &mut String::new(), max_chars)?;
    }
    Ok(parsed)
}

/// Refuses the first string in `value` with a control character or (when a
/// ceiling is given) too long, naming it as `postings[0].amount` does.
fn check_json_strings(value: &serde_json::Value, path: &mut String, max_chars: Option<usize>) -> Result<(), WebError> {
    use serde_json::Value;
    match value {
        Value::String(text) => check_text(if path.is_empty() { "body" } else { path }, text, max_chars),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, item)| {
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            let result = check_json_strings(item, path, max_chars);
            path.truncate(len);
            result
        }),
        Value::Object(fields) => fields.iter().try_for_each(|(name, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
            let result = check_json_strings(item, path, max_chars);
            path.truncate(len);
            result
        }),
        _ => Ok(()),
    }
}

/// Refuses one text of a request: control characters other than tab and line
/// breaks (PostgreSQL cannot even store a NUL), and more than `max_chars`.
pub(crate) fn check_text(field: &str, text: &str, max_chars: Option<usize>) -> Result<(), WebError> {
    let problem = max_chars
        .and_then(|max| length_problem(text, max))
        .or_else(|| control_character_problem(text, true));
    match problem {
        Some(message) => Err(WebError::Invalid(ValidationErrors::single(field, message))),
        None => Ok(()),
    }
}

/// [`check_text`] for every field of a submitted form.
pub(crate) fn check_form_fields(fields: &[(String, String)], max_chars: Option<usize>) -> Result<(), WebError> {
    fields
        .iter()
        .try_for_each(|(name, value)| check_text(name, value, max_chars))
}

pub(crate) fn body_error(rejection: axum::extract::rejection::BytesRejection) -> WebError {
    use axum::http::StatusCode;
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge {
            limit: crate::config::WebConfig::default().body_limit,
        }
    } else {
        WebError::BadRequest {
            detail: format!("the request body could not be read: {rejection}"),
            errors: Vec::new(),
        }
    }
}

/// Parses JSON, naming the field where it went wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        // serde names an unknown field in its message rather than in the path.
        let field = if path == "." || path.is_empty() {
            unknown_field_name(&message).unwrap_or_else(|| "body".to_owned())
        } else {
            path
        };
        let field = match unknown_field_name(&message) {
            Some(unknown) if field != unknown && !field.ends_with(&unknown) => {
                format!("{field}.{unknown}")
            }
            _ => field,
        };
        WebError::BadRequest {
            detail: format!("the JSON body is not valid at `{field}`: {}", strip_position(&message)),
            errors: vec![FieldError {
                field,
                message: msg!("error-malformed", detail = strip_position(&message)),
            }],
        }
    })
}

/// The field serde names in its message for unknown and missing fields, which
/// it reports on the enclosing object rather than in the path.
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    rest.split('`').next().map(str::to_owned)
}

/// serde_json appends "at line 1 column 17": useful to a parser, noise to a person.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// A path parameter; a malformed one (e.g. a non-numeric id) is a 400 problem.
pub struct ApiPath<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| WebError::BadRequest {
                detail: format!("the address is not valid: {}", rejection.body_text()),
                errors: vec![FieldError {
                    field: "path".into(),
                    message: msg!("error-malformed", detail = rejection.body_text()),
                }],
            })
    }
}

/// Query-string parameters; a malformed one is a 400 problem naming it.
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        // Query values are search terms, ids, dates, page numbers: none is
        // longer than a search, and none may hold a control character.
        for (name, value) in form_urlencoded_parse(query) {
            if let Some(message) =
                length_problem(&value, SEARCH_MAX_CHARS).or_else(|| control_character_problem(&value, false))
            {
                return Err(WebError::BadRequest {
                    detail: format!(
                        "the query parameter `{name}` is not valid: {}",
                        crate::i18n::Tr::new("en").message(&message)
                    ),
                    errors: vec![FieldError {
                        field: name.into_owned(),
                        message,
                    }],
                });
            }
        }
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| {
                let message = error.inner().to_string();
                let field = unknown_field_name(&message).unwrap_or_else(|| error.path().to_string());
                WebError::BadRequest {
                    detail: format!("the query parameter `{field}` is not valid: {message}"),
                    errors: vec![FieldError {
                        field,
                        message: msg!("error-malformed", detail = message),
                    }],
                }
            })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        name: String,
        size: u32,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Firm,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Input>(json.as_bytes()) {
            Err(WebError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_names_its_field() {
        assert_eq!(field_of(r#"{"name": 3, "size": 1, "kind": "firm"}"#), "name");
    }

    #[test]
    fn an_unknown_field_is_named() {
        assert_eq!(
            field_of(r#"{"name": "x", "size": 1, "kind": "firm", "colour": 1}"#),
            "colour"
        );
    }

    #[test]
    fn an_invalid_enum_value_names_its_field() {
        assert_eq!(field_of(r#"{"name": "x", "size": 1, "kind": "bank"}"#), "kind");
    }

    #[test]
    fn a_missing_field_is_named() {
        assert_eq!(field_of(r#"{"name": "x", "kind": "firm"}"#), "size");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse_json::<Input>(b"{\"name\": "),
            Err(WebError::BadRequest { .. })
        ));
    }
}
