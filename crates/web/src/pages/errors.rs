//! Turns the web layer's errors into pages: 401 sends the browser to the login
//! page (and back afterwards); every other error is a page in the user's
//! language that says what happened and where to go.

use super::chrome::{Chrome, PageContext};
use crate::error::{ErrorForPages, WebError};
use crate::i18n::{negotiate, negotiate_accept_language};
use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: String,
    detail: String,
}

pub async fn render_errors_as_pages(request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    if uri.path().starts_with("/api/") {
        return in_requested_language(&headers, response);
    }
    let Some(error) = response.extensions().get::<ErrorForPages>().cloned() else {
        return response;
    };
    if error.status == StatusCode::UNAUTHORIZED && uri.path() != "/login" {
        let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = format!(
            "/login?next={}",
            form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        );
        return Redirect::to(&target).into_response();
    }
    let t = negotiate(&headers, None);
    let heading_key = match error.status {
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::TOO_MANY_REQUESTS => "error-throttled",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-request",
    };
    let context = PageContext {
        t: t.clone(),
        principal: None,
        csrf: String::new(),
        path: uri.path().to_owned(),
        unread: 0,
    };
    let mut detail = error.detail.clone();
    for field in &error.errors {
        detail.push_str(&format!(" — {}: {}", field.field, t.message(&field.message)));
    }
    let page = ErrorPage {
        chrome: context.chrome(heading_key),
        status: error.status.as_u16(),
        heading: t.get(heading_key),
        detail,
    };
    (error.status, render(&page)).into_response()
}

/// An API problem whose fields carry messages, in the language the request's
/// `Accept-Language` asks for when filiera speaks it (English otherwise, as
/// `WebError` wrote it).
fn in_requested_language(headers: &HeaderMap, response: Response) -> Response {
    let Some(error) = response.extensions().get::<ErrorForPages>() else {
        return response;
    };
    if error.errors.is_empty() || !headers.contains_key(header::ACCEPT_LANGUAGE) {
        return response;
    }
    let t = negotiate_accept_language(headers);
    if t.code() == "en" {
        return response;
    }
    let body = serde_json::to_vec(&error.problem(&t)).unwrap_or_default();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(t.code()));
    Response::from_parts(parts, axum::body::Body::from(body))
}

pub async fn not_found() -> WebError {
    WebError::NotFound { what: "page" }
}

/// Renders a template; a rendering failure is an internal error page.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => WebError::Internal(format!("template: {error}")).into_response(),
    }
}
