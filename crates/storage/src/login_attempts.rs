//! Login attempts, kept so throttling holds across all server instances.
//!
//! Deciding and recording are one step ([`admit`]): otherwise parallel guesses
//! would all read "four failures so far" before any of them was written, and
//! far more than [`MAX_FAILURES`](filiera_domain::throttle::MAX_FAILURES)
//! passwords could be tried at once.

use crate::{Result, Store};
use filiera_domain::throttle::{LoginThrottle, WINDOW, login_throttle};
use filiera_domain::time_format::{format_instant, parse_instant};
use time::OffsetDateTime;

/// An attempt let through the throttle. It is recorded as a failure until
/// [`succeeded`] says otherwise, so an attempt still checking its password
/// already counts against the ones that come after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    id: i64,
}

/// What the throttle says to one login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The password may be checked; the attempt is recorded.
    Admitted(Attempt),
    /// Too many failures: nothing is checked or recorded until then.
    PausedUntil(OffsetDateTime),
}

/// Decides whether this e-mail may try a password now and, if so, records the
/// attempt — in one transaction that first locks the e-mail's row, so attempts
/// for one address are decided one after the other on both databases (a
/// SQLite transaction that starts with a write holds the write lock; a
/// PostgreSQL upsert holds the row lock until commit).
pub async fn admit(store: &Store, email: &str, ip: Option<&str>) -> Result<Admission> {
    let mut tx = store.pool().begin().await?;
    sqlx::query(
        "INSERT INTO login_emails (email) VALUES ($1) ON CONFLICT (email) DO UPDATE SET email = excluded.email",
    )
    .bind(email)
    .execute(&mut *tx)
    .await?;
    let now = OffsetDateTime::now_utc();
    // "Since the last success" goes by id, not by instant: attempts for one
    // e-mail get ids in the order they are admitted (they are admitted one at
    // a time), while several can share a millisecond.
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT at FROM login_attempts WHERE email = $1 AND at > $2 AND succeeded = FALSE \
         AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE email = $1 AND succeeded = TRUE), 0)",
    )
    .bind(email)
    .bind(format_instant(now - WINDOW))
    .fetch_all(&mut *tx)
    .await?;
    let failures: Vec<OffsetDateTime> = rows.iter().filter_map(|(at,)| parse_instant(at)).collect();
    if let LoginThrottle::PausedUntil(until) = login_throttle(&failures, now) {
        tx.rollback().await?;
        return Ok(Admission::PausedUntil(until));
    }
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO login_attempts (email, at, succeeded, ip) VALUES ($1, $2, FALSE, $3) RETURNING id")
            .bind(email)
            .bind(format_instant(now))
            .bind(ip)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(Admission::Admitted(Attempt { id }))
}

/// The admitted attempt gave the right password: it no longer counts as a
/// failure, and failures before it stop counting.
pub async fn succeeded(store: &Store, attempt: Attempt) -> Result<()> {
    sqlx::query("UPDATE login_attempts SET succeeded = TRUE WHERE id = $1")
        .bind(attempt.id)
        .execute(store.pool())
        .await?;
    Ok(())
}
