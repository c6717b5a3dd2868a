//! Documents over HTTP, for the API and the pages alike: reading an upload (a
//! `multipart/form-data` body with a `file` field and the `kind` and `note`
//! fields, read with axum's `Multipart`) and sending a download. The checks
//! of the file itself are the domain's (`filiera_domain::documents`).

use crate::auth::CSRF_FIELD;
use crate::config::UPLOAD_BODY_LIMIT;
use crate::error::WebError;
use crate::extract::check_text;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use filiera_domain::FieldError;
use filiera_domain::bounds::LONG_TEXT_MAX_CHARS;
use filiera_domain::documents::{DocumentDraft, content_disposition};

/// An uploaded document, as sent.
pub struct DocumentUpload(pub DocumentDraft);

fn multipart_error(error: MultipartError) -> WebError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge {
            limit: UPLOAD_BODY_LIMIT,
        }
    } else {
        WebError::BadRequest {
            detail: format!("the form could not be read: {}", error.body_text()),
            errors: Vec::new(),
        }
    }
}

fn rejection(_: MultipartRejection) -> WebError {
    WebError::UnsupportedMediaType(
        "send the document as `multipart/form-data` with the fields `file`, `kind` and `note`".into(),
    )
}

impl<S: Send + Sync> FromRequest<S> for DocumentUpload {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut multipart = Multipart::from_request(req, state).await.map_err(rejection)?;
        let mut draft = DocumentDraft::default();
        while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "file" => {
                    draft.file_name = field.file_name().unwrap_or_default().to_owned();
                    draft.content = field.bytes().await.map_err(multipart_error)?.to_vec();
                }
                "kind" | "note" => {
                    let text = field.text().await.map_err(multipart_error)?;
                    check_text(&name, &text, Some(LONG_TEXT_MAX_CHARS))?;
                    let value = Some(text).filter(|t| !t.trim().is_empty());
                    if name == "kind" {
                        draft.kind = value;
                    } else {
                        draft.note = value;
                    }
                }
                // Checked by the CSRF middleware before the handler runs.
                CSRF_FIELD => {}
                other => {
                    return Err(WebError::BadRequest {
                        detail: format!("unknown field `{other}`: send `file`, `kind` and `note`"),
                        errors: vec![FieldError {
                            field: other.to_owned(),
                            message: filiera_domain::msg!("error-unknown-field"),
                        }],
                    });
                }
            }
        }
        Ok(DocumentUpload(draft))
    }
}

/// A document as a download: labelled with the type its bytes were found to
/// be, always as an attachment (a browser never renders it in filiera's
/// origin), never sniffed into anything else.
pub fn download_response(download: crate::app::documents::Download) -> Response {
    let meta = download.meta;
    let mut response = (StatusCode::OK, download.content).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(meta.media_type.as_str()));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The sanitised name holds no control character, so the value is valid;
    // the fallback keeps the download working if that ever changes.
    let disposition = HeaderValue::from_str(&content_disposition(&meta.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    // The hash taken at upload, so a client can check it received that file.
    if let Ok(digest) = HeaderValue::from_str(&meta.sha256) {
        headers.insert("x-content-sha256", digest);
    }
    response
}
