//! Personal access tokens for API clients: shown once, stored as a hash,
//! revocable, expiring ([`TOKEN_LIFETIME`] after creation). Sent as
//! `Authorization: Bearer <token>`.

use crate::secrets::{new_secret, secret_hash};
use crate::users::{ACCOUNT_COLUMNS, Account, AccountRow, MEMBERSHIPS_JOIN, MEMBERSHIPS_ORDER};
use crate::{AuditEvent, Reader, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{ApiTokenId, UserId};
use filiera_domain::msg;
use filiera_domain::time_format::format_instant;
pub use filiera_domain::user::TOKEN_LIFETIME;
use serde::Serialize;
use std::sync::LazyLock;
use time::OffsetDateTime;

/// Prefix of every token, so a leaked one is easy to recognise in logs and scanners.
pub const TOKEN_PREFIX: &str = "flr_";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// From this instant the token no longer opens the API.
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub expires_at: OffsetDateTime,
}

impl ApiToken {
    /// Whether the token still opens the API now (not revoked, not expired).
    pub fn is_live(&self) -> bool {
        self.revoked_at.is_none() && self.expires_at > OffsetDateTime::now_utc()
    }
}

/// Creates a token and returns it with its secret, which is never shown again.
pub async fn create(unit: &mut Unit, user_id: UserId, name: &str) -> Result<(ApiToken, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "name",
            msg!("error-token-name"),
        )));
    }
    let secret = format!("{TOKEN_PREFIX}{}", new_secret());
    let now = OffsetDateTime::now_utc();
    let (id, created_at, expires_at): (ApiTokenId, String, String) = sqlx::query_as(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id, created_at, expires_at",
    )
    .bind(user_id)
    .bind(name)
    .bind(secret_hash(&secret))
    .bind(format_instant(now))
    .bind(format_instant(now + TOKEN_LIFETIME))
    .fetch_one(unit.conn())
    .await?;
    unit.record(AuditEvent::new("api_token.create", "api_token", id).with_detail(serde_json::json!({ "name": name })))
        .await?;
    let token = ApiToken {
        id,
        name: name.to_owned(),
        created_at: crate::columns::instant(&created_at)?,
        last_used_at: None,
        revoked_at: None,
        expires_at: crate::columns::instant(&expires_at)?,
    };
    Ok((token, secret))
}

pub async fn list(store: &Store, user_id: UserId) -> Result<Vec<ApiToken>> {
    Ok(sqlx::query_as::<_, ApiToken>(
        "SELECT id, name, created_at, last_used_at, revoked_at, expires_at FROM api_tokens WHERE user_id = $1 \
         ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(store.pool())
    .await?)
}

/// Revokes one of the user's own tokens.
pub async fn revoke(unit: &mut Unit, user_id: UserId, token_id: ApiTokenId) -> Result<()> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now_text())
            .bind(token_id)
            .bind(user_id)
            .execute(unit.conn())
            .await?;
    if done.rows_affected() == 0 {
        return Err(StorageError::NotFound { what: "active token" });
    }
    unit.record(AuditEvent::new("api_token.revoke", "api_token", token_id))
        .await
}

/// Revokes every live token of a user (their password changed, or they lost a
/// membership); returns how many were revoked.
pub async fn revoke_all(unit: &mut Unit, user_id: i64) -> Result<u64> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now_text())
        .bind(user_id)
        .execute(unit.conn())
        .await?;
    Ok(done.rows_affected())
}

/// `last_used_at` is brought up to date at most this often: a token used again
/// within this time of its recorded use does not write, so an API read stays a
/// read (on SQLite every write waits its turn for the one write lock).
pub const LAST_USED_PRECISION: time::Duration = time::Duration::minutes(1);

/// The user a live (not revoked, not expired) token belongs to.
pub async fn authenticate(store: &Store, secret: &str) -> Result<Option<UserId>> {
    Ok(authenticate_account(store, secret)
        .await?
        .map(|account| account.user.id))
}

#[derive(sqlx::FromRow)]
struct TokenAccountRow {
    #[sqlx(flatten)]
    account: AccountRow,
    token_id: ApiTokenId,
    last_used_at: Option<String>,
}

static ACCOUNT_OF_TOKEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ACCOUNT_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         {MEMBERSHIPS_JOIN} WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 \
         AND u.disabled_at IS NULL ORDER BY {MEMBERSHIPS_ORDER}"
    )
});

/// The user of a live token with their memberships, read in one query, so every
/// request is checked against the roles the user holds now.
pub async fn authenticate_account(store: &Store, secret: &str) -> Result<Option<Account>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    authenticate_account_on(&mut store.reader().await?, secret).await
}

/// [`authenticate_account`] on a connection the caller goes on reading with.
pub async fn authenticate_account_on(reader: &mut Reader, secret: &str) -> Result<Option<Account>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let now = OffsetDateTime::now_utc();
    let rows: Vec<TokenAccountRow> = sqlx::query_as(ACCOUNT_OF_TOKEN.as_str())
        .bind(secret_hash(secret))
        .bind(format_instant(now))
        .fetch_all(reader.conn())
        .await?;
    if let Some(first) = rows.first() {
        let stale_before = format_instant(now - LAST_USED_PRECISION);
        if first.last_used_at.as_ref().is_none_or(|at| *at < stale_before) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(format_instant(now))
                .bind(first.token_id)
                .execute(reader.conn())
                .await?;
        }
    }
    Account::from_rows(rows.into_iter().map(|row| row.account).collect())
}

/// The id of the token with this secret, to revoke the token a client is using.
pub async fn id_of_secret(store: &Store, secret: &str) -> Result<Option<ApiTokenId>> {
    let row: Option<(ApiTokenId,)> =
        sqlx::query_as("SELECT id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(secret_hash(secret))
            .fetch_optional(store.pool())
            .await?;
    Ok(row.map(|(id,)| id))
}
