//! Reading and verifying the audit log. Entries are only ever written by
//! [`crate::Unit::record`]; nothing here changes them.

use crate::{AuditEvent, Page, PageRequest, Result, Store, Unit};
use filiera_domain::audit::{Anchor, AuditEntry, ChainVerifier};
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

/// Filters for browsing the log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only entries of these organisations; `None` means every entry.
    pub organisations: Option<Vec<i64>>,
    /// Entries whose action starts with this text (`organisation.`, `session.login`).
    pub action_prefix: Option<String>,
    pub actor_user_id: Option<i64>,
}

struct Stored(AuditEntry);

impl FromRow<'_, AnyRow> for Stored {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(Stored(AuditEntry {
            seq: row.try_get("seq")?,
            at: row.try_get("at")?,
            actor_user_id: row.try_get("actor_user_id")?,
            actor: row.try_get("actor")?,
            action: row.try_get("action")?,
            resource_type: row.try_get("resource_type")?,
            resource_id: row.try_get("resource_id")?,
            organisation_id: row.try_get("organisation_id")?,
            ip: row.try_get("ip")?,
            detail: row.try_get("detail")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
        }))
    }
}

const COLUMNS: &str =
    "seq, at, actor_user_id, actor, action, resource_type, resource_id, organisation_id, ip, detail, prev_hash, hash";

/// Newest first.
pub async fn list(store: &Store, query: &AuditQuery, page: PageRequest) -> Result<Page<AuditEntry>> {
    // The organisation filter is a list of ids we generated ourselves, so it is
    // safe to inline; everything from the client is bound.
    let organisations = match &query.organisations {
        None => "TRUE".to_owned(),
        Some(ids) if ids.is_empty() => "FALSE".to_owned(),
        Some(ids) => format!(
            "organisation_id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    };
    let prefix = query
        .action_prefix
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}%", p.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    let filter = format!(
        "WHERE {organisations} AND ($1 IS NULL OR action LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR actor_user_id = $2)"
    );
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM audit_log {filter}"))
        .bind(&prefix)
        .bind(query.actor_user_id)
        .fetch_one(store.pool())
        .await?;
    let rows: Vec<Stored> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM audit_log {filter} ORDER BY seq DESC LIMIT $3 OFFSET $4"
    ))
    .bind(&prefix)
    .bind(query.actor_user_id)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(store.pool())
    .await?;
    Ok(Page {
        items: rows.into_iter().map(|s| s.0).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The current head of the chain (the last entry written and its hash), for
/// the operator to keep outside the database and pass back to
/// [`verify_anchored`].
pub async fn anchor(store: &Store) -> Result<Anchor> {
    let (seq, hash): (i64, String) = sqlx::query_as("SELECT seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?;
    Ok(Anchor { seq, hash })
}

/// Walks the whole chain in batches and checks every link and the head.
/// Returns how many entries were verified.
pub async fn verify(store: &Store, progress: impl FnMut(u64, u64)) -> Result<u64> {
    walk(store, ChainVerifier::new(), progress).await
}

/// Like [`verify`], and the chain must also still pass through `anchor`: this
/// catches what the stored head cannot, a rewound head or a recomputed chain.
pub async fn verify_anchored(store: &Store, anchor: &Anchor, progress: impl FnMut(u64, u64)) -> Result<u64> {
    walk(store, ChainVerifier::anchored(anchor.clone()), progress).await
}

async fn walk(store: &Store, mut verifier: ChainVerifier, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
    const BATCH: i64 = 5_000;
    let (head_seq, head_hash): (i64, String) = sqlx::query_as("SELECT seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(store.pool())
        .await?;
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log")
        .fetch_one(store.pool())
        .await?;
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let rows: Vec<Stored> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after)
        .bind(BATCH)
        .fetch_all(store.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.0.seq;
        for Stored(entry) in &rows {
            verifier.check(entry)?;
        }
        done += rows.len() as u64;
        progress(done, stored.max(0) as u64);
    }
    Ok(verifier.finish(head_seq, &head_hash)?)
}

/// Records that someone read a sensitive record. Its own unit, so the read is
/// audited even though nothing else changes.
pub async fn record_read(store: &Store, actor: &crate::Actor, event: AuditEvent) -> Result<()> {
    let mut unit: Unit = store.begin(actor).await?;
    unit.record(event).await?;
    unit.commit().await
}
