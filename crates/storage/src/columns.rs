//! One column list per record, shared by the record's INSERT and its UPDATE
//! and bound by one function, so a new column cannot be added to one
//! statement and forgotten in the other.
//!
//! The record's own columns always take the first placeholders (`$1`…); the
//! statement's extra columns (who created it, when) follow in the order given.

use sqlx::{AnyConnection, Row};
use time::{Date, OffsetDateTime};

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

/// Dates and instants are stored as text (ISO `YYYY-MM-DD`, and RFC 3339 in
/// UTC with milliseconds; fixed width, so text order is time order on both
/// backends) and decoded once, here, into `time` types. A row field reads
/// `#[sqlx(try_from = "DateText")] on: Date`; a row decoded by hand calls
/// [`date`] or [`instant`]. A stored text that does not parse is a decode
/// error naming the text, never a silent default.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct DateText(String);

/// An optional date column; see [`DateText`].
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct OptionalDateText(Option<String>);

/// An instant column; see [`DateText`].
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct InstantText(String);

/// An optional instant column; see [`DateText`].
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct OptionalInstantText(Option<String>);

/// A stored date or instant that is not in filiera's form.
#[derive(Debug, thiserror::Error)]
#[error("stored value `{0}` is not a valid {1}")]
pub struct BadStoredTime(String, &'static str);

/// Decodes a stored ISO date.
pub(crate) fn date(text: &str) -> Result<Date, BadStoredTime> {
    filiera_domain::time_format::parse_iso_date(text).ok_or_else(|| BadStoredTime(text.to_owned(), "date"))
}

/// Decodes a stored RFC 3339 instant.
pub(crate) fn instant(text: &str) -> Result<OffsetDateTime, BadStoredTime> {
    filiera_domain::time_format::parse_instant(text).ok_or_else(|| BadStoredTime(text.to_owned(), "instant"))
}

/// The stored form of a date, for binding.
pub(crate) fn date_text(on: Date) -> String {
    filiera_domain::time_format::iso_date::format(on)
}

/// The stored form of an instant, for binding.
pub(crate) fn instant_text(at: OffsetDateTime) -> String {
    filiera_domain::time_format::format_instant(at)
}

impl TryFrom<DateText> for Date {
    type Error = BadStoredTime;
    fn try_from(text: DateText) -> Result<Self, Self::Error> {
        date(&text.0)
    }
}

impl TryFrom<OptionalDateText> for Option<Date> {
    type Error = BadStoredTime;
    fn try_from(text: OptionalDateText) -> Result<Self, Self::Error> {
        text.0.as_deref().map(date).transpose()
    }
}

impl TryFrom<InstantText> for OffsetDateTime {
    type Error = BadStoredTime;
    fn try_from(text: InstantText) -> Result<Self, Self::Error> {
        instant(&text.0)
    }
}

impl TryFrom<OptionalInstantText> for Option<OffsetDateTime> {
    type Error = BadStoredTime;
    fn try_from(text: OptionalInstantText) -> Result<Self, Self::Error> {
        text.0.as_deref().map(instant).transpose()
    }
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

    #[test]
    fn stored_times_decode_once_and_refuse_what_is_not_theirs() {
        let on: Date = DateText("2026-12-03".into()).try_into().unwrap();
        assert_eq!(date_text(on), "2026-12-03");
        let none: Option<Date> = OptionalDateText(None).try_into().unwrap();
        assert_eq!(none, None);
        let at: OffsetDateTime = InstantText("2026-12-03T08:15:58.201Z".into()).try_into().unwrap();
        assert_eq!(instant_text(at), "2026-12-03T08:15:58.201Z");
        let bad = Date::try_from(DateText("3/12/2026".into())).unwrap_err();
        assert_eq!(bad.to_string(), "stored value `3/12/2026` is not a valid date");
    }
}
