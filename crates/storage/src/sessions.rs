//! Browser sessions, kept in the database so any server instance can serve any
//! request. The cookie holds a random secret; the table holds only its hash.

use crate::secrets::{new_secret, secret_hash};
use crate::users::{ACCOUNT_COLUMNS, Account, AccountRow, MEMBERSHIPS_JOIN, MEMBERSHIPS_ORDER};
use crate::{AuditEvent, Result, Store, Unit, now_text};
use filiera_domain::time_format::format_instant;
use std::sync::LazyLock;
use time::{Duration, OffsetDateTime};

/// How long a session lasts without a new login.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// What the browser gets: the cookie secret and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf_token: String,
}

/// A live session found from its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: String,
}

pub async fn create(unit: &mut Unit, user_id: i64, user_agent: Option<&str>) -> Result<NewSession> {
    let secret = new_secret();
    let csrf_token = new_secret();
    let now = OffsetDateTime::now_utc();
    let ip = unit.actor().ip.clone();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(secret_hash(&secret))
    .bind(user_id)
    .bind(&csrf_token)
    .bind(format_instant(now))
    .bind(format_instant(now + SESSION_LIFETIME))
    .bind(ip)
    .bind(user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
    .execute(unit.conn())
    .await?;
    unit.record(AuditEvent::new("session.login", "user", user_id)).await?;
    Ok(NewSession { secret, csrf_token })
}

/// The live session for a cookie secret, if any.
pub async fn find(store: &Store, secret: &str) -> Result<Option<Session>> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT s.user_id, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(secret_hash(secret))
    .bind(now_text())
    .fetch_optional(store.pool())
    .await?;
    Ok(row.map(|(user_id, csrf_token, expires_at)| Session {
        user_id,
        csrf_token,
        expires_at,
    }))
}

#[derive(sqlx::FromRow)]
struct SessionAccountRow {
    #[sqlx(flatten)]
    account: AccountRow,
    csrf_token: String,
    session_expires_at: String,
}

static ACCOUNT_OF_SESSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ACCOUNT_COLUMNS}, s.csrf_token, s.expires_at AS session_expires_at FROM sessions s \
         JOIN users u ON u.id = s.user_id {MEMBERSHIPS_JOIN} WHERE s.token_hash = $1 AND s.expires_at > $2 \
         AND u.disabled_at IS NULL ORDER BY {MEMBERSHIPS_ORDER}"
    )
});

/// The live session for a cookie secret with its user and their memberships,
/// read in one query, so every request is checked against the roles held now.
pub async fn find_account(store: &Store, secret: &str) -> Result<Option<(Session, Account)>> {
    let rows: Vec<SessionAccountRow> = sqlx::query_as(ACCOUNT_OF_SESSION.as_str())
        .bind(secret_hash(secret))
        .bind(now_text())
        .fetch_all(store.pool())
        .await?;
    let session = match rows.first() {
        Some(row) => Session {
            user_id: row.account.user_id(),
            csrf_token: row.csrf_token.clone(),
            expires_at: row.session_expires_at.clone(),
        },
        None => return Ok(None),
    };
    let account = Account::from_rows(rows.into_iter().map(|row| row.account).collect())?;
    Ok(account.map(|account| (session, account)))
}

/// Ends a session (logout). Ending an unknown session is not an error.
pub async fn end(unit: &mut Unit, secret: &str) -> Result<()> {
    let row: Option<(i64,)> = sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
        .bind(secret_hash(secret))
        .fetch_optional(unit.conn())
        .await?;
    if let Some((user_id,)) = row {
        unit.record(AuditEvent::new("session.logout", "user", user_id)).await?;
    }
    Ok(())
}

/// Ends every session of a user but the one to keep (the one making the
/// change, if any) and revokes all their API tokens: after a password change or
/// a lost membership, whoever held the old access must log in again.
pub async fn end_other_access(unit: &mut Unit, user_id: i64, keep_session: Option<&str>) -> Result<()> {
    let kept = keep_session.map(secret_hash).unwrap_or_default();
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(kept)
        .execute(unit.conn())
        .await?
        .rows_affected();
    let revoked = crate::api_tokens::revoke_all(unit, user_id).await?;
    if ended > 0 || revoked > 0 {
        unit.record(
            AuditEvent::new("session.end_others", "user", user_id)
                .with_detail(serde_json::json!({ "sessions": ended, "tokens": revoked })),
        )
        .await?;
    }
    Ok(())
}

/// Removes expired sessions; run at start-up and from time to time.
pub async fn purge_expired(store: &Store) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_text())
        .execute(store.pool())
        .await?;
    Ok(done.rows_affected())
}
