//! Multi-row `INSERT … VALUES (…), (…)` with bound values: one statement per
//! batch of rows instead of one per row, which is what makes a ten-million-row
//! load take minutes. A full batch always has the same text, so each backend
//! prepares it once.
//!
//! On SQLite the placeholders are anonymous `?`: SQLite finds a named
//! parameter (`$7`) by a linear search of the statement's names, so binding a
//! thousand-row statement by name costs time quadratic in its size.

use crate::{Backend, Result};
use sqlx::AnyConnection;

/// SQLite accepts at most 32,766 bound values per statement (PostgreSQL 65,535).
const MAX_PARAMETERS: usize = 32_766;
const MAX_ROWS: usize = 2_000;

/// One value of a row; `None` is SQL NULL.
#[derive(Clone)]
pub(crate) enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Word(Option<&'static str>),
    Bool(Option<bool>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        Value::Int(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(Some(v))
    }
}

impl From<&'static str> for Value {
    fn from(v: &'static str) -> Value {
        Value::Word(Some(v))
    }
}

impl From<Option<&'static str>> for Value {
    fn from(v: Option<&'static str>) -> Value {
        Value::Word(v)
    }
}

impl From<Option<bool>> for Value {
    fn from(v: Option<bool>) -> Value {
        Value::Bool(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(Some(v))
    }
}

/// Rows waiting to be written to one table.
pub(crate) struct Batch {
    head: String,
    /// The row's SQL with `?1`, `?2`… standing for this row's values (each may
    /// appear more than once, or inside an expression).
    row: Vec<Segment>,
    width: usize,
    capacity: usize,
    values: Vec<Value>,
    /// SQLite: anonymous placeholders, values bound in the order they appear.
    anonymous: bool,
    full_sql: Option<String>,
    pub(crate) written: u64,
}

enum Segment {
    Text(String),
    Param(usize),
}

impl Batch {
    /// `columns` as in `INSERT INTO table (columns)`; `row` as `(?1, ?2, 0, ?2 || 'x')`.
    pub(crate) fn new(backend: Backend, table: &str, columns: &str, row: &str) -> Batch {
        let mut segments = Vec::new();
        let mut text = String::new();
        let mut width = 0;
        let mut chars = row.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '?' {
                text.push(c);
                continue;
            }
            let mut number = 0;
            while let Some(digit) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                number = number * 10 + digit as usize;
            }
            segments.push(Segment::Text(std::mem::take(&mut text)));
            segments.push(Segment::Param(number));
            width = width.max(number);
        }
        segments.push(Segment::Text(text));
        // Anonymous placeholders repeat a value each time it is used.
        let occurrences = segments.iter().filter(|s| matches!(s, Segment::Param(_))).count();
        let capacity = (MAX_PARAMETERS / width.max(occurrences).max(1)).min(MAX_ROWS);
        Batch {
            head: format!("INSERT INTO {table} ({columns}) VALUES "),
            row: segments,
            width,
            capacity,
            values: Vec::with_capacity(capacity * width),
            anonymous: backend == Backend::Sqlite,
            full_sql: None,
            written: 0,
        }
    }

    fn sql(&self, rows: usize) -> String {
        let mut sql = self.head.clone();
        for r in 0..rows {
            if r > 0 {
                sql.push(',');
            }
            for segment in &self.row {
                match segment {
                    Segment::Text(t) => sql.push_str(t),
                    Segment::Param(_) if self.anonymous => sql.push('?'),
                    Segment::Param(p) => {
                        sql.push('$');
                        sql.push_str(&(r * self.width + p).to_string());
                    }
                }
            }
        }
        sql
    }

    /// Adds one row (exactly as many values as the row has parameters),
    /// writing the batch when it is full.
    pub(crate) async fn push(&mut self, conn: &mut AnyConnection, row: Vec<Value>) -> Result<()> {
        debug_assert_eq!(row.len(), self.width);
        self.values.extend(row);
        if self.values.len() >= self.capacity * self.width {
            self.flush(conn).await?;
        }
        Ok(())
    }

    pub(crate) async fn flush(&mut self, conn: &mut AnyConnection) -> Result<()> {
        let rows = self.values.len() / self.width.max(1);
        if rows == 0 {
            return Ok(());
        }
        let partial;
        let sql: &str = if rows == self.capacity {
            if self.full_sql.is_none() {
                self.full_sql = Some(self.sql(rows));
            }
            self.full_sql.as_deref().unwrap_or_default()
        } else {
            partial = self.sql(rows);
            &partial
        };
        let mut query = sqlx::query(sql);
        if self.anonymous {
            for row in self.values.chunks(self.width) {
                for segment in &self.row {
                    if let Segment::Param(p) = segment {
                        query = bind(query, row[p - 1].clone());
                    }
                }
            }
            self.values.clear();
        } else {
            for value in self.values.drain(..) {
                query = bind(query, value);
            }
        }
        query.execute(&mut *conn).await?;
        self.written += rows as u64;
        Ok(())
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind(query: AnyQuery<'_>, value: Value) -> AnyQuery<'_> {
    match value {
        Value::Int(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Word(v) => query.bind(v),
        Value::Bool(v) => query.bind(v),
    }
}

#[cfg(test)]
mod tests {
    use super::Batch;
    use crate::Backend;

    #[test]
    fn rows_are_numbered_on_from_the_previous_row() {
        let batch = Batch::new(Backend::Postgres, "t", "a, b, c", "(?1, ?2, ?1 || 'x')");
        assert_eq!(
            batch.sql(2),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, $1 || 'x'),($3, $4, $3 || 'x')"
        );
        let batch = Batch::new(Backend::Sqlite, "t", "a, b, c", "(?1, ?2, ?1 || 'x')");
        assert_eq!(batch.sql(1), "INSERT INTO t (a, b, c) VALUES (?, ?, ? || 'x')");
    }

    #[test]
    fn a_batch_stays_under_sqlites_parameter_limit() {
        let batch = Batch::new(
            Backend::Sqlite,
            "t",
            "a",
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        );
        assert_eq!(batch.width, 11);
        assert!(batch.capacity * batch.width <= 32_766);
        let repeated = Batch::new(Backend::Sqlite, "t", "a", "(?1, ?1, ?1, ?1)");
        assert!(repeated.capacity * 4 <= 32_766);
    }
}
