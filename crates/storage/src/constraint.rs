//! Turns a database constraint violation into a client error naming the field,
//! in one place, for both backends (PostgreSQL names the constraint; SQLite names
//! the table and columns in its message).

use crate::StorageError;
use filiera_domain::ValidationErrors;

/// A unique constraint and what it means for the user.
pub(crate) struct UniqueRule {
    pub constraint: &'static str,
    pub sqlite_columns: &'static str,
    pub field: &'static str,
    pub message: &'static str,
}

pub(crate) fn on_unique(error: sqlx::Error, rules: &[UniqueRule]) -> StorageError {
    if let sqlx::Error::Database(db) = &error
        && db.kind() == sqlx::error::ErrorKind::UniqueViolation
    {
        let message = db.message();
        let constraint = db.constraint().unwrap_or_default();
        for rule in rules {
            if constraint == rule.constraint || message.ends_with(rule.sqlite_columns) {
                return StorageError::Conflict(ValidationErrors::single(rule.field, rule.message));
            }
        }
    }
    StorageError::Database(error)
}

/// A column of a row about to be written that refers to a row of `table`,
/// optionally one belonging to a parent (a round *of this programme*).
pub(crate) struct Reference {
    pub field: &'static str,
    pub table: &'static str,
    pub id: Option<i64>,
    /// `(column, id)` the referenced row must also have.
    pub within: Option<(&'static str, i64)>,
}

impl Reference {
    pub fn to(field: &'static str, table: &'static str, id: Option<i64>) -> Self {
        Reference {
            field,
            table,
            id,
            within: None,
        }
    }

    pub fn within(mut self, column: &'static str, parent_id: i64) -> Self {
        self.within = Some((column, parent_id));
        self
    }
}

/// Refuses (422, naming each field) references to rows that do not exist.
/// Checked before writing rather than read from the foreign-key error,
/// because SQLite's error does not say which column failed.
pub(crate) async fn require_references(
    conn: &mut sqlx::AnyConnection,
    references: &[Reference],
) -> Result<(), StorageError> {
    let mut errors = ValidationErrors::new();
    for reference in references {
        let Some(id) = reference.id else { continue };
        // Table and column names are constants of this crate, never input.
        let found: Option<(i64,)> = match reference.within {
            None => {
                sqlx::query_as(&format!("SELECT id FROM {} WHERE id = $1", reference.table))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            Some((column, parent_id)) => {
                sqlx::query_as(&format!(
                    "SELECT id FROM {} WHERE id = $1 AND {column} = $2",
                    reference.table
                ))
                .bind(id)
                .bind(parent_id)
                .fetch_optional(&mut *conn)
                .await?
            }
        };
        if found.is_none() {
            let message = match reference.within {
                None => "refers to a record that does not exist",
                Some(_) => "refers to a record that does not exist or does not belong here",
            };
            errors.add(reference.field, message);
        }
    }
    errors.into_result(()).map_err(StorageError::Invalid)
}
