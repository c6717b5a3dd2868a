//! Documents attached to a participant, a project or a worker, with the file
//! in the database (see migration 0011). A list reads the metadata only —
//! [`METADATA`] never names `content` — and [`content`] reads the bytes of one
//! document when it is downloaded. Removing a document hides it
//! (`deleted_at`); nothing here deletes a row.

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::documents::{DocumentKind, DocumentOwner, MediaType, ValidDocument};
use filiera_domain::ids::{DocumentId, OrganisationId, ParticipantId, ProjectId, UserId, WorkerId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

/// A document's description, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentMeta {
    pub id: DocumentId,
    /// The record it belongs to: `{"type": "participant", "id": 7}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub owner: DocumentOwner,
    /// The organisation that owns that record.
    pub organisation_id: OrganisationId,
    pub file_name: String,
    /// The type the file's bytes are.
    pub media_type: MediaType,
    pub size_bytes: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    pub kind: DocumentKind,
    pub note: Option<String>,
    pub uploaded_by: Option<UserId>,
    pub uploaded_by_name: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub uploaded_at: OffsetDateTime,
}

/// The columns of a [`DocumentMeta`]; `content` is deliberately not among them.
const METADATA: &str = "SELECT d.id, d.participant_id, d.project_id, d.worker_id, d.organisation_id, d.file_name, \
     d.media_type, d.size_bytes, d.sha256, d.kind, d.note, d.uploaded_by, u.display_name AS uploaded_by_name, \
     d.uploaded_at FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by";

fn meta_from_row(row: &AnyRow) -> Result<DocumentMeta> {
    let participant: Option<i64> = row.try_get("participant_id")?;
    let project: Option<i64> = row.try_get("project_id")?;
    let worker: Option<i64> = row.try_get("worker_id")?;
    let owner = match (participant, project, worker) {
        (Some(id), None, None) => DocumentOwner::Participant(ParticipantId(id)),
        (None, Some(id), None) => DocumentOwner::Project(ProjectId(id)),
        (None, None, Some(id)) => DocumentOwner::Worker(WorkerId(id)),
        _ => return Err(StorageError::corrupt("a document must belong to exactly one record")),
    };
    let media_type: String = row.try_get("media_type")?;
    let kind: String = row.try_get("kind")?;
    let uploaded_at: String = row.try_get("uploaded_at")?;
    Ok(DocumentMeta {
        id: row.try_get("id")?,
        owner,
        organisation_id: row.try_get("organisation_id")?,
        file_name: row.try_get("file_name")?,
        media_type: media_type.parse().map_err(StorageError::corrupt)?,
        size_bytes: row.try_get("size_bytes")?,
        sha256: row.try_get("sha256")?,
        kind: kind.parse().map_err(StorageError::corrupt)?,
        note: row.try_get("note")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_by_name: row.try_get("uploaded_by_name")?,
        uploaded_at: crate::columns::instant(&uploaded_at).map_err(StorageError::corrupt)?,
    })
}

/// The column holding the owner's id, and the organisation that owns it.
fn owner_column(owner: DocumentOwner) -> (&'static str, &'static str) {
    match owner {
        DocumentOwner::Participant(_) => (
            "participant_id",
            "SELECT h.agency_id FROM participants p JOIN households h ON h.id = p.household_id WHERE p.id = $1",
        ),
        DocumentOwner::Project(_) => (
            "project_id",
            "SELECT h.agency_id FROM projects p JOIN households h ON h.id = p.household_id WHERE p.id = $1",
        ),
        DocumentOwner::Worker(_) => ("worker_id", "SELECT organisation_id FROM workers WHERE id = $1"),
    }
}

/// Stores a checked document for `owner`, uploaded by the unit's actor, and
/// records the upload in the audit log (type, size and hash; never the name,
/// which may hold personal data).
pub async fn insert(unit: &mut Unit, owner: DocumentOwner, document: &ValidDocument) -> Result<DocumentMeta> {
    let (column, organisation_of) = owner_column(owner);
    let (organisation_id,): (OrganisationId,) = sqlx::query_as(organisation_of)
        .bind(owner.id())
        .fetch_optional(unit.conn())
        .await?
        .ok_or(StorageError::NotFound { what: owner.kind() })?;
    let uploaded_by = unit.actor().user_id;
    let size = i64::try_from(document.size()).map_err(StorageError::corrupt)?;
    let row: (DocumentId,) = sqlx::query_as(&format!(
        "INSERT INTO documents ({column}, organisation_id, file_name, media_type, size_bytes, sha256, kind, note, \
         uploaded_by, uploaded_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    ))
    .bind(owner.id())
    .bind(organisation_id)
    .bind(&document.file_name)
    .bind(document.media_type.as_str())
    .bind(size)
    .bind(&document.sha256)
    .bind(document.kind.as_str())
    .bind(&document.note)
    .bind(uploaded_by)
    .bind(now_text())
    .bind(&document.content)
    .fetch_one(unit.conn())
    .await?;
    let id = row.0;
    unit.record(
        AuditEvent::new("document.upload", "document", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({
                "owner": owner.kind(),
                "owner_id": owner.id(),
                "kind": document.kind.as_str(),
                "media_type": document.media_type.as_str(),
                "size_bytes": size,
                "sha256": document.sha256,
            })),
    )
    .await?;
    let meta = sqlx::query(&format!("{METADATA} WHERE d.id = $1"))
        .bind(id)
        .fetch_one(unit.conn())
        .await?;
    meta_from_row(&meta)
}

/// The documents of a record that are not removed, newest first; metadata only.
pub async fn list(store: &Store, owner: DocumentOwner) -> Result<Vec<DocumentMeta>> {
    let (column, _) = owner_column(owner);
    let rows = sqlx::query(&format!(
        "{METADATA} WHERE d.{column} = $1 AND d.deleted_at IS NULL ORDER BY d.uploaded_at DESC, d.id DESC"
    ))
    .bind(owner.id())
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(meta_from_row).collect()
}

/// One document's description, unless it was removed.
pub async fn get(store: &Store, id: DocumentId) -> Result<DocumentMeta> {
    let row = sqlx::query(&format!("{METADATA} WHERE d.id = $1 AND d.deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StorageError::NotFound { what: "document" })?;
    meta_from_row(&row)
}

/// The bytes of one document, unless it was removed.
pub async fn content(store: &Store, id: DocumentId) -> Result<Vec<u8>> {
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT content FROM documents WHERE id = $1 AND deleted_at IS NULL")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.map(|(content,)| content)
        .ok_or(StorageError::NotFound { what: "document" })
}

/// Records that the actor downloaded a document: a read of a sensitive record.
pub async fn record_download(store: &Store, actor: &crate::Actor, document: &DocumentMeta) -> Result<()> {
    crate::audit_log::record_read(
        store,
        actor,
        AuditEvent::new("document.download", "document", document.id)
            .in_organisation(Some(document.organisation_id.get()))
            .with_detail(serde_json::json!({
                "owner": document.owner.kind(),
                "owner_id": document.owner.id(),
                "sha256": document.sha256,
            })),
    )
    .await
}

/// Removes a document from its record (the row stays, hidden), recording who
/// and when; a document already removed is not found.
pub async fn soft_delete(unit: &mut Unit, id: DocumentId) -> Result<DocumentMeta> {
    let row = sqlx::query(&format!("{METADATA} WHERE d.id = $1 AND d.deleted_at IS NULL"))
        .bind(id)
        .fetch_optional(unit.conn())
        .await?
        .ok_or(StorageError::NotFound { what: "document" })?;
    let meta = meta_from_row(&row)?;
    let deleted_by = unit.actor().user_id;
    sqlx::query("UPDATE documents SET deleted_at = $1, deleted_by = $2 WHERE id = $3")
        .bind(now_text())
        .bind(deleted_by)
        .bind(id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("document.delete", "document", id)
            .in_organisation(Some(meta.organisation_id.get()))
            .with_detail(serde_json::json!({
                "owner": meta.owner.kind(),
                "owner_id": meta.owner.id(),
                "sha256": meta.sha256,
            })),
    )
    .await?;
    Ok(meta)
}
