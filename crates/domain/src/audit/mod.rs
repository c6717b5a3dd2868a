//! The audit chain: every change and every read of a sensitive record is an
//! entry, and each entry carries the hash of the one before it, so an edited or
//! deleted entry breaks the chain where it happened.
//!
//! GDPR art. 5(2) (accountability) and art. 32 (security of processing) ask the
//! controller to be able to show who accessed special-category data and when;
//! the chain makes that record tamper-evident.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that stands before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as stored. `seq` numbers entries 1, 2, 3… without gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    /// When, as RFC 3339 UTC (see [`crate::time_format`]).
    pub at: String,
    pub actor_user_id: Option<i64>,
    /// Who, in words: the user's e-mail, or `system` / `cli` for the operator.
    pub actor: String,
    /// What: `organisation.create`, `session.login`, `health_note.read`, …
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    /// The organisation the record belongs to, to scope who may browse it.
    pub organisation_id: Option<i64>,
    /// From where: the client's address as seen by the server.
    pub ip: Option<String>,
    /// A short JSON object with what changed (never the sensitive content itself).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry: SHA-256 over every field and the previous hash, with
/// each field length-prefixed so no two different entries share an encoding.
pub fn entry_hash(entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    let optional_int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let fields: [&str; 11] = [
        &entry.seq.to_string(),
        &entry.at,
        &optional_int(entry.actor_user_id),
        &entry.actor,
        &entry.action,
        &entry.resource_type,
        entry.resource_id.as_deref().unwrap_or(""),
        &optional_int(entry.organisation_id),
        entry.ip.as_deref().unwrap_or(""),
        &entry.detail,
        &entry.prev_hash,
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("entry {seq} was changed after it was written (its hash does not match its content)")]
    Edited { seq: i64 },
    #[error("entry {seq} does not follow entry {previous}: an entry was deleted or inserted")]
    Gap { previous: i64, seq: i64 },
    #[error("entry {seq} does not carry the hash of the entry before it")]
    Relinked { seq: i64 },
    #[error("the log ends at entry {last} but {expected} entries were written: entries at the end were deleted")]
    Truncated { last: i64, expected: i64 },
}

/// Incremental checker, so a verifier can stream millions of entries.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the next entry in `seq` order.
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.last_seq + 1 {
            return Err(ChainBreak::Gap {
                previous: self.last_seq,
                seq: entry.seq,
            });
        }
        if entry_hash(entry) != entry.hash {
            return Err(ChainBreak::Edited { seq: entry.seq });
        }
        if entry.prev_hash != self.last_hash {
            return Err(ChainBreak::Relinked { seq: entry.seq });
        }
        self.last_seq = entry.seq;
        self.last_hash.clone_from(&entry.hash);
        self.checked += 1;
        Ok(())
    }

    /// Checks the end of the log against the head kept beside it (the number of
    /// entries ever written and the last hash).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<u64, ChainBreak> {
        if head_seq != self.last_seq {
            return Err(ChainBreak::Truncated {
                last: self.last_seq,
                expected: head_seq,
            });
        }
        if head_hash != self.last_hash {
            return Err(ChainBreak::Relinked { seq: self.last_seq });
        }
        Ok(self.checked)
    }
}

#[cfg(test)]
mod tests;
