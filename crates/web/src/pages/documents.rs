//! The "Documents" section of a household member, a project and a worker:
//! the list (name, kind, size, who uploaded it and when, in the reader's
//! language) with download links, the upload form and removal with a
//! confirmation that says what happens. The household and project pages embed
//! the section ([`section`]); each record also has a page of its own
//! (`/participants/{id}/documents`, `/projects/{id}/documents`,
//! `/workers/{id}/documents`), where an upload that was refused is shown
//! again with the error next to its field and the typed values kept.

use crate::app::documents;
use crate::config::UPLOAD_BODY_LIMIT;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::files::{DocumentUpload, download_response};
use crate::i18n::Tr;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use filiera_domain::documents::{DocumentKind, DocumentOwner, MAX_DOCUMENT_BYTES};
use filiera_domain::ids::{DocumentId, ParticipantId, ProjectId, WorkerId};
use filiera_domain::{ValidationErrors, msg};
use filiera_storage::consortium::registers;
use filiera_storage::documents::DocumentMeta;
use filiera_storage::pathways::{households, projects};

pub fn router() -> Router<AppState> {
    let uploads = || DefaultBodyLimit::max(UPLOAD_BODY_LIMIT);
    Router::new()
        .route(
            "/participants/{id}/documents",
            get(participant_page).post(upload_for_participant).layer(uploads()),
        )
        .route(
            "/projects/{id}/documents",
            get(project_page).post(upload_for_project).layer(uploads()),
        )
        .route(
            "/workers/{id}/documents",
            get(worker_page).post(upload_for_worker).layer(uploads()),
        )
        .route("/documents/{id}", get(download))
        .route("/documents/{id}/delete", post(remove))
}

/// One listed document.
pub struct DocumentLine {
    pub id: DocumentId,
    pub file_name: String,
    pub kind: String,
    pub size: String,
    pub note: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// What the section template shows for one record.
pub struct DocumentsSection {
    /// The `id` of the section, for links back to it.
    pub anchor: String,
    /// The level of its heading in the page that shows it.
    pub level: u8,
    /// Where the upload form posts.
    pub action: String,
    pub documents: Vec<DocumentLine>,
    pub can_change: bool,
    pub kinds: Vec<(&'static str, String)>,
    /// The refused upload's errors, shown next to their fields in the reader's language.
    pub errors: ValidationErrors,
    pub t: Tr,
    /// The values typed in the refused upload, kept.
    pub kind: String,
    pub note: String,
}

impl DocumentsSection {
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(|message| self.t.message(message))
    }
}

/// A size as people read it: `12,5 KB` in Italian, `12.5 KB` in English.
fn size_text(t: &Tr, bytes: i64) -> String {
    let (value, unit) = match bytes {
        b if b < 1024 => return format!("{b} B"),
        b if b < 1024 * 1024 => (b as f64 / 1024.0, "KB"),
        b => (b as f64 / (1024.0 * 1024.0), "MB"),
    };
    let text = format!("{value:.1} {unit}");
    if t.code() == "it" { text.replace('.', ",") } else { text }
}

fn kind_label(t: &Tr, kind: DocumentKind) -> String {
    t.get(&format!("documents-kind-{}", kind.as_str().replace('_', "-")))
}

fn line(t: &Tr, meta: DocumentMeta) -> DocumentLine {
    DocumentLine {
        id: meta.id,
        kind: kind_label(t, meta.kind),
        size: size_text(t, meta.size_bytes),
        uploaded_by: meta.uploaded_by_name.unwrap_or_else(|| "—".into()),
        uploaded_at: t.instant(meta.uploaded_at),
        note: meta.note,
        file_name: meta.file_name,
    }
}

fn anchor(owner: DocumentOwner) -> String {
    format!("documents-{}-{}", owner.kind(), owner.id())
}

fn action(owner: DocumentOwner) -> String {
    format!("/{}s/{}/documents", owner.kind(), owner.id())
}

/// The section of `owner` for the page being built; the list use case checks
/// that the principal may see the record's documents.
pub async fn section(
    state: &AppState,
    ctx: &PageContext,
    owner: DocumentOwner,
    level: u8,
) -> WebResult<DocumentsSection> {
    section_with(state, ctx, owner, ValidationErrors::new(), None)
        .await
        .map(|docs| DocumentsSection { level, ..docs })
}

async fn section_with(
    state: &AppState,
    ctx: &PageContext,
    owner: DocumentOwner,
    errors: ValidationErrors,
    typed: Option<(String, String)>,
) -> WebResult<DocumentsSection> {
    let principal = ctx.require()?;
    let listed = documents::list(state, principal, owner).await?;
    let (kind, note) = typed.unwrap_or_default();
    Ok(DocumentsSection {
        anchor: anchor(owner),
        level: 2,
        action: action(owner),
        documents: listed.into_iter().map(|m| line(&ctx.t, m)).collect(),
        can_change: documents::may_change(state, principal, owner).await?,
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_label(&ctx.t, *k)))
            .collect(),
        errors,
        t: ctx.t.clone(),
        kind,
        note,
    })
}

/// Where the record is shown: the household page at the member, the project
/// page, the worker's own documents page.
async fn record_page(state: &AppState, owner: DocumentOwner) -> WebResult<(String, String)> {
    Ok(match owner {
        DocumentOwner::Participant(id) => {
            let member = households::member(&state.store, id).await?;
            (
                format!("/households/{}#{}", member.household_id, anchor(owner)),
                member.full_name(),
            )
        }
        DocumentOwner::Project(id) => {
            let project = projects::get(&state.store, id).await?;
            (
                format!("/projects/{id}#{}", anchor(owner)),
                format!("{} — {}", project.programme_name, project.focus_name),
            )
        }
        DocumentOwner::Worker(id) => {
            let worker = registers::worker(&state.store, id).await?;
            (
                format!("/cooperatives/{}/workforce", worker.organisation_id),
                worker.record.code,
            )
        }
    })
}

#[derive(Template)]
#[template(path = "documents/page.html")]
struct DocumentsPage {
    chrome: Chrome,
    back: String,
    docs: DocumentsSection,
    max_size: String,
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    owner: DocumentOwner,
    status: StatusCode,
    errors: ValidationErrors,
    typed: Option<(String, String)>,
) -> WebResult<Response> {
    // The section first: it asks the policy before anything of the record is read.
    let docs = section_with(state, ctx, owner, errors, typed).await?;
    let (back, name) = record_page(state, owner).await?;
    let page = DocumentsPage {
        chrome: ctx.chrome_titled(ctx.t.with("documents-title-of", "name", name)),
        back,
        docs,
        max_size: size_text(&ctx.t, MAX_DOCUMENT_BYTES as i64),
    };
    Ok((status, render(&page)).into_response())
}

async fn participant_page(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ParticipantId>,
) -> WebResult<Response> {
    page(
        &state,
        &ctx,
        DocumentOwner::Participant(id),
        StatusCode::OK,
        ValidationErrors::new(),
        None,
    )
    .await
}

async fn project_page(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProjectId>,
) -> WebResult<Response> {
    page(
        &state,
        &ctx,
        DocumentOwner::Project(id),
        StatusCode::OK,
        ValidationErrors::new(),
        None,
    )
    .await
}

async fn worker_page(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<WorkerId>,
) -> WebResult<Response> {
    page(
        &state,
        &ctx,
        DocumentOwner::Worker(id),
        StatusCode::OK,
        ValidationErrors::new(),
        None,
    )
    .await
}

/// The refusals a person can fix, as messages next to the field in their
/// language; anything else (not found, forbidden) is an error page.
fn field_errors(error: WebError) -> Result<(StatusCode, ValidationErrors), WebError> {
    let status = error.status();
    let one = |message, field: &str| Ok((status, ValidationErrors::single(field, message)));
    match error {
        WebError::PayloadTooLarge { .. } => one(msg!("documents-error-too-large"), "file"),
        WebError::UnsupportedMediaType(_) => one(msg!("documents-error-type"), "file"),
        WebError::Invalid(errors) => Ok((status, errors)),
        other => Err(other),
    }
}

async fn upload(
    state: &AppState,
    ctx: &PageContext,
    owner: DocumentOwner,
    form: Result<DocumentUpload, WebError>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let (result, typed) = match form {
        Ok(DocumentUpload(draft)) => {
            let typed = (
                draft.kind.clone().unwrap_or_default(),
                draft.note.clone().unwrap_or_default(),
            );
            (documents::upload(state, principal, owner, draft).await, Some(typed))
        }
        Err(error) => (Err(error), None),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&record_page(state, owner).await?.0).into_response()),
        Err(error) => {
            let (status, errors) = field_errors(error)?;
            page(state, ctx, owner, status, errors, typed).await
        }
    }
}

async fn upload_for_participant(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ParticipantId>,
    form: Result<DocumentUpload, WebError>,
) -> WebResult<Response> {
    upload(&state, &ctx, DocumentOwner::Participant(id), form).await
}

async fn upload_for_project(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProjectId>,
    form: Result<DocumentUpload, WebError>,
) -> WebResult<Response> {
    upload(&state, &ctx, DocumentOwner::Project(id), form).await
}

async fn upload_for_worker(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<WorkerId>,
    form: Result<DocumentUpload, WebError>,
) -> WebResult<Response> {
    upload(&state, &ctx, DocumentOwner::Worker(id), form).await
}

/// The file, through the same use case (and audit) as the API.
async fn download(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<DocumentId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    Ok(download_response(documents::download(&state, principal, id).await?))
}

/// Removes the document after the confirmation in the section, and goes back
/// to the record.
async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<DocumentId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let removed = documents::remove(&state, principal, id).await?;
    Ok(Redirect::to(&record_page(&state, removed.owner).await?.0).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_readers_language() {
        let it = Tr::new("it");
        let en = Tr::new("en");
        assert_eq!(size_text(&en, 900), "900 B");
        assert_eq!(size_text(&en, 1536), "1.5 KB");
        assert_eq!(size_text(&it, 1536), "1,5 KB");
        assert_eq!(size_text(&it, 5 * 1024 * 1024), "5,0 MB");
    }
}
