//! Turns a database constraint violation into a client error naming the field,
//! in one place, for both backends (PostgreSQL names the constraint; SQLite names
//! the table and columns in its message).

use crate::StorageError;
use filiera_domain::Message;
use filiera_domain::ValidationErrors;

/// A unique constraint and what it means for the user.
pub(crate) struct UniqueRule {
    pub constraint: &'static str,
    pub sqlite_columns: &'static str,
    pub field: &'static str,
    pub message: Message,
}

pub(crate) fn on_unique(error: sqlx::Error, rules: &[UniqueRule]) -> StorageError {
    if let sqlx::Error::Database(db) = &error
        && db.kind() == sqlx::error::ErrorKind::UniqueViolation
    {
        let message = db.message();
        let constraint = db.constraint().unwrap_or_default();
        for rule in rules {
            if constraint == rule.constraint || message.ends_with(rule.sqlite_columns) {
                return StorageError::Conflict(ValidationErrors::single(rule.field, rule.message.clone()));
            }
        }
    }
    StorageError::Database(error)
}
