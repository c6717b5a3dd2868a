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
    /// The operator's anchor names an entry the log no longer reaches: entries
    /// at the end were deleted and the stored head rewound to match.
    #[error("the log ends at entry {last} but the anchor was taken at entry {anchor}: entries at the end were deleted")]
    ShorterThanAnchor { last: i64, anchor: i64 },
    /// The entry at the anchor's position is not the one anchored: the chain up
    /// to it was rewritten (and possibly recomputed so every link still holds).
    #[error("entry {seq} is not the entry that was anchored: the log was rewritten up to it")]
    AnchorMismatch { seq: i64 },
}

/// A point of the chain kept outside the database by the operator
/// (`SEQ:HASH`). Whoever can write the database can recompute a whole chain or
/// rewind its head, but cannot change an anchor written down elsewhere, so a
/// log that still holds the anchored entry was not rewritten up to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

/// Why a text is not an anchor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an audit anchor: expected SEQ:HASH, e.g. 42:3f9a… (64 hexadecimal digits)")]
pub struct AnchorParseError(pub String);

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl std::str::FromStr for Anchor {
    type Err = AnchorParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || AnchorParseError(text.to_owned());
        let (seq, hash) = text.trim().split_once(':').ok_or_else(invalid)?;
        let seq: i64 = seq.parse().map_err(|_| invalid())?;
        let is_hash = hash.len() == GENESIS_HASH.len() && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if seq < 0 || !is_hash {
            return Err(invalid());
        }
        Ok(Anchor {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// Incremental checker, so a verifier can stream millions of entries.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    checked: u64,
    anchor: Option<Anchor>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
            checked: 0,
            anchor: None,
        }
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// A verifier that also requires the chain to pass through `anchor`.
    pub fn anchored(anchor: Anchor) -> Self {
        Self {
            anchor: Some(anchor),
            ..Self::default()
        }
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
        if let Some(anchor) = &self.anchor
            && anchor.seq == entry.seq
            && anchor.hash != entry.hash
        {
            return Err(ChainBreak::AnchorMismatch { seq: entry.seq });
        }
        self.last_seq = entry.seq;
        self.last_hash.clone_from(&entry.hash);
        self.checked += 1;
        Ok(())
    }

    /// Checks the end of the log against the head kept beside it (the number of
    /// entries ever written and the last hash).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<u64, ChainBreak> {
        if let Some(anchor) = &self.anchor {
            if anchor.seq > self.last_seq {
                return Err(ChainBreak::ShorterThanAnchor {
                    last: self.last_seq,
                    anchor: anchor.seq,
                });
            }
            // Only the genesis hash stands before entry 1.
            if anchor.seq == 0 && anchor.hash != GENESIS_HASH {
                return Err(ChainBreak::AnchorMismatch { seq: 0 });
            }
        }
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
