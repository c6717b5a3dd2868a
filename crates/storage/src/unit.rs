//! A unit of work: one database transaction plus the audit entries it records.
//!
//! The first statement of every unit locks the audit head row. That serialises
//! writers on both backends (a SQLite transaction takes the write lock up front
//! instead of failing on upgrade; PostgreSQL writers queue on the row lock), and
//! it is what keeps the audit chain a single line with no forks.

use crate::store::WriteTurn;
use crate::{Result, now_text};
use filiera_domain::audit::{AuditEntry, entry_hash};
use sqlx::{Any, AnyConnection, AnyPool, Transaction};

/// Who is acting, as the audit log will name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// The user's e-mail, or a word such as `cli` or `demo` for the operator.
    pub label: String,
    /// Where the request came from.
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
            ip: None,
        }
    }
}

/// What happened, for the audit log.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: &'static str,
    pub resource_type: &'static str,
    pub resource_id: Option<String>,
    pub organisation_id: Option<i64>,
    /// Which fields changed, or what was looked at — never sensitive content.
    pub detail: serde_json::Value,
}

impl AuditEvent {
    pub fn new(action: &'static str, resource_type: &'static str, resource_id: impl ToString) -> Self {
        Self {
            action,
            resource_type,
            resource_id: Some(resource_id.to_string()),
            organisation_id: None,
            detail: serde_json::Value::Object(Default::default()),
        }
    }

    pub fn in_organisation(mut self, organisation_id: Option<i64>) -> Self {
        self.organisation_id = organisation_id;
        self
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

pub struct Unit {
    tx: Transaction<'static, Any>,
    actor: Actor,
    last_seq: i64,
    last_hash: String,
    recorded: bool,
    /// This process's turn to write (SQLite), released when the unit ends.
    _turn: WriteTurn,
}

impl Unit {
    pub(crate) async fn begin(pool: &AnyPool, actor: Actor, turn: WriteTurn) -> Result<Unit> {
        let mut tx = pool.begin().await?;
        let (last_seq, last_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, last_hash")
                .fetch_one(&mut *tx)
                .await?;
        Ok(Unit {
            tx,
            actor,
            last_seq,
            last_hash,
            recorded: false,
            _turn: turn,
        })
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The transaction's connection, for the repository functions.
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Appends an audit entry, chained to the previous one, inside this unit.
    pub async fn record(&mut self, event: AuditEvent) -> Result<()> {
        let mut entry = AuditEntry {
            seq: self.last_seq + 1,
            at: now_text(),
            actor_user_id: self.actor.user_id,
            actor: self.actor.label.clone(),
            action: event.action.to_owned(),
            resource_type: event.resource_type.to_owned(),
            resource_id: event.resource_id,
            organisation_id: event.organisation_id,
            ip: self.actor.ip.clone(),
            detail: event.detail.to_string(),
            prev_hash: self.last_hash.clone(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_user_id, actor, action, resource_type, resource_id, \
             organisation_id, ip, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(entry.seq)
        .bind(&entry.at)
        .bind(entry.actor_user_id)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.resource_type)
        .bind(&entry.resource_id)
        .bind(entry.organisation_id)
        .bind(&entry.ip)
        .bind(&entry.detail)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(&mut *self.tx)
        .await?;
        self.last_seq = entry.seq;
        self.last_hash = entry.hash;
        self.recorded = true;
        Ok(())
    }

    /// Makes the unit's changes and audit entries durable together.
    pub async fn commit(mut self) -> Result<()> {
        if self.recorded {
            sqlx::query("UPDATE audit_head SET seq = $1, last_hash = $2 WHERE id = 1")
                .bind(self.last_seq)
                .bind(&self.last_hash)
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }
}
