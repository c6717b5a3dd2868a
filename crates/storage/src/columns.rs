//! One column list per record, shared by the record's INSERT and its UPDATE
//! and bound by one function, so a new column cannot be added to one
//! statement and forgotten in the other.
//!
//! The record's own columns always take the first placeholders (`$1`…); the
//! statement's extra columns (who created it, when) follow in the order given.

use sqlx::{AnyConnection, Row};

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Runs a bound [`insert`] statement and returns the new row's id.
pub(crate) async fn insert_returning_id(query: AnyQuery<'_>, conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    query.fetch_one(conn).await.and_then(|row| row.try_get(0))
}

/// `INSERT INTO table (columns…, extra…) VALUES ($1, …) RETURNING id`.
pub(crate) fn insert(table: &str, columns: &[&str], extra: &[&str]) -> String {
    let all: Vec<&str> = columns.iter().chain(extra).copied().collect();
    let values: Vec<String> = (1..=all.len()).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({}) RETURNING id",
        all.join(", "),
        values.join(", ")
    )
}

/// `UPDATE table SET column = $1, …, extra = $n WHERE id = $last`.
pub(crate) fn update(table: &str, columns: &[&str], extra: &[&str]) -> String {
    let all: Vec<&str> = columns.iter().chain(extra).copied().collect();
    let sets: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    format!("UPDATE {table} SET {} WHERE id = ${}", sets.join(", "), all.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_columns_come_first_in_both_statements() {
        assert_eq!(
            insert("t", &["a", "b"], &["created_at"]),
            "INSERT INTO t (a, b, created_at) VALUES ($1, $2, $3) RETURNING id"
        );
        assert_eq!(
            update("t", &["a", "b"], &["updated_at"]),
            "UPDATE t SET a = $1, b = $2, updated_at = $3 WHERE id = $4"
        );
    }
}
