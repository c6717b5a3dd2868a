//! A programme's evidence settings: the publication threshold below which
//! counts are hidden from public tables (`filiera_domain::evidence::disclosure`
//! decides the range and what gets hidden).

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use serde_json::json;

/// The programme's publication threshold (cells below it are hidden in public tables).
pub async fn publication_threshold(store: &Store, programme_id: ProgrammeId) -> Result<u64> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT disclosure_threshold FROM programmes WHERE id = $1")
        .bind(programme_id)
        .fetch_optional(store.pool())
        .await?;
    let (threshold,) = row.ok_or(StorageError::NotFound { what: "programme" })?;
    // The column is only written through `set_publication_threshold`, so it is never negative.
    Ok(u64::try_from(threshold).unwrap_or(filiera_domain::evidence::disclosure::DEFAULT_THRESHOLD))
}

/// Sets the threshold (already checked by `disclosure::check_threshold`); `agency_id`
/// is the programme's owner, for the audit log, which keeps the old value too.
pub async fn set_publication_threshold(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    agency_id: OrganisationId,
    threshold: u64,
) -> Result<()> {
    let before: Option<(i64,)> = sqlx::query_as("SELECT disclosure_threshold FROM programmes WHERE id = $1")
        .bind(programme_id)
        .fetch_optional(unit.conn())
        .await?;
    let (before,) = before.ok_or(StorageError::NotFound { what: "programme" })?;
    sqlx::query("UPDATE programmes SET disclosure_threshold = $1, updated_at = $2 WHERE id = $3")
        .bind(threshold as i64)
        .bind(now_text())
        .bind(programme_id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("programme.publication_threshold", "programme", programme_id)
            .in_organisation(Some(agency_id.get()))
            .with_detail(json!({ "from": before, "to": threshold })),
    )
    .await
}
