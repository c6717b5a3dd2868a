//! API of documents attached to a household member, a project or a worker.
//! Uploads are `multipart/form-data` (`file`, `kind`, `note`) up to
//! [`UPLOAD_BODY_LIMIT`]; downloads are the file as it was received.

use crate::app::documents;
use crate::auth::Principal;
use crate::config::UPLOAD_BODY_LIMIT;
use crate::error::WebResult;
use crate::extract::ApiPath;
use crate::files::{DocumentUpload, download_response};
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use filiera_domain::documents::{DocumentKind, DocumentOwner, MediaType};
use filiera_domain::ids::{DocumentId, ParticipantId, ProjectId, WorkerId};
use filiera_storage::documents::DocumentMeta;
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    // Only the upload routes take bodies this large; every other route keeps
    // the general body limit.
    let uploads = || DefaultBodyLimit::max(UPLOAD_BODY_LIMIT);
    Router::new()
        .route(
            "/participants/{id}/documents",
            get(list_for_participant).post(upload_for_participant).layer(uploads()),
        )
        .route(
            "/projects/{id}/documents",
            get(list_for_project).post(upload_for_project).layer(uploads()),
        )
        .route(
            "/workers/{id}/documents",
            get(list_for_worker).post(upload_for_worker).layer(uploads()),
        )
        .route("/documents/{id}", get(download).delete(remove))
}

/// The form of an upload (`multipart/form-data`).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUploadForm {
    /// A PDF, PNG or JPEG of at most 5 MiB; its type is read from its bytes.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    kind: DocumentKind,
    /// At most 500 characters, one line.
    note: Option<String>,
}

async fn upload(
    state: &AppState,
    principal: &Principal,
    owner: DocumentOwner,
    upload: DocumentUpload,
) -> WebResult<(StatusCode, Json<DocumentMeta>)> {
    let meta = documents::upload(state, principal, owner, upload.0).await?;
    Ok((StatusCode::CREATED, Json(meta)))
}

async fn list(state: &AppState, principal: &Principal, owner: DocumentOwner) -> WebResult<Json<Vec<DocumentMeta>>> {
    Ok(Json(documents::list(state, principal, owner).await?))
}

/// Attach a document to a household member (who may change the household).
#[utoipa::path(post, path = "/api/v1/participants/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content = DocumentUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentMeta, description = "the stored document"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "no such member, or another organisation's"),
        (status = 413, body = Problem, content_type = "application/problem+json", description = "larger than 5 MiB"),
        (status = 415, body = Problem, content_type = "application/problem+json", description = "the bytes are not a PDF, PNG or JPEG"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn upload_for_participant(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ParticipantId>,
    form: DocumentUpload,
) -> WebResult<(StatusCode, Json<DocumentMeta>)> {
    upload(&state, &principal, DocumentOwner::Participant(id), form).await
}

/// Attach a document to a project (who may change the project).
#[utoipa::path(post, path = "/api/v1/projects/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content = DocumentUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentMeta, description = "the stored document"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn upload_for_project(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
    form: DocumentUpload,
) -> WebResult<(StatusCode, Json<DocumentMeta>)> {
    upload(&state, &principal, DocumentOwner::Project(id), form).await
}

/// Attach a document to a worker of a cooperative (who may change the workforce register).
#[utoipa::path(post, path = "/api/v1/workers/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content = DocumentUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentMeta, description = "the stored document"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn upload_for_worker(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<WorkerId>,
    form: DocumentUpload,
) -> WebResult<(StatusCode, Json<DocumentMeta>)> {
    upload(&state, &principal, DocumentOwner::Worker(id), form).await
}

/// A household member's documents, newest first (descriptions, not the files).
#[utoipa::path(get, path = "/api/v1/participants/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<DocumentMeta>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_for_participant(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ParticipantId>,
) -> WebResult<Json<Vec<DocumentMeta>>> {
    list(&state, &principal, DocumentOwner::Participant(id)).await
}

/// A project's documents, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<DocumentMeta>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_for_project(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProjectId>,
) -> WebResult<Json<Vec<DocumentMeta>>> {
    list(&state, &principal, DocumentOwner::Project(id)).await
}

/// A worker's documents, newest first.
#[utoipa::path(get, path = "/api/v1/workers/{id}/documents", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<DocumentMeta>), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn list_for_worker(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<WorkerId>,
) -> WebResult<Json<Vec<DocumentMeta>>> {
    list(&state, &principal, DocumentOwner::Worker(id)).await
}

/// Download a document: the file with the type its bytes are, as an
/// attachment. Every download is written to the audit log.
#[utoipa::path(get, path = "/api/v1/documents/{id}", operation_id = "download_document", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, description = "the file (application/pdf, image/png or image/jpeg)",
            content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "no such document, removed, or another organisation's")))]
pub async fn download(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<DocumentId>,
) -> WebResult<Response> {
    Ok(download_response(documents::download(&state, &principal, id).await?))
}

/// Remove a document from its record (it is hidden; the audit log keeps the trace).
#[utoipa::path(delete, path = "/api/v1/documents/{id}", operation_id = "remove_document", tag = "documents", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204, description = "removed"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<DocumentId>,
) -> WebResult<StatusCode> {
    documents::remove(&state, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(OpenApi)]
#[openapi(
    paths(
        upload_for_participant, upload_for_project, upload_for_worker,
        list_for_participant, list_for_project, list_for_worker,
        download, remove,
    ),
    components(schemas(DocumentMeta, DocumentUploadForm, DocumentKind, MediaType)),
    tags((name = "documents", description = "Signed forms, certificates and identity documents attached to a household member, a project or a worker"))
)]
pub struct DocumentsApiDoc;
