//! filiera's storage: one repository API over SQLite (embedded, the default) and
//! PostgreSQL (for deployments with several server instances), chosen by URL.
//!
//! Every write goes through a [`Unit`] of work, which records its audit entries in
//! the same transaction, so a change is never stored without its audit entry and
//! a failed change leaves nothing behind. This crate holds no domain rules (they
//! are in `filiera-domain`) and knows nothing of HTTP.

pub mod api_tokens;
pub mod audit_log;
pub mod backup;
pub mod clock;
mod columns;
pub mod consortium;
mod constraint;
pub mod documents;
pub mod error;
pub mod evidence;
pub mod login_attempts;
pub mod notifications;
pub mod organisations;
mod page;
pub mod passwords;
pub mod pathways;
pub mod raw;
mod secrets;
pub mod sessions;
mod store;
pub mod tasks;
mod unit;
pub mod users;

pub use error::StorageError;
pub use page::{Page, PageRequest};
pub use store::{Backend, Reader, Store, redact_password};
pub use unit::{Actor, AuditEvent, Unit};

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The current instant in the storage text form.
pub(crate) fn now_text() -> String {
    columns::instant_text(time::OffsetDateTime::now_utc())
}
