//! Login attempts, kept so throttling holds across all server instances.

use crate::{Result, Store, now_text};
use filiera_domain::throttle::{LoginThrottle, WINDOW, login_throttle};
use filiera_domain::time_format::{format_instant, parse_instant};
use time::OffsetDateTime;

pub async fn record(store: &Store, email: &str, succeeded: bool, ip: Option<&str>) -> Result<()> {
    sqlx::query("INSERT INTO login_attempts (email, at, succeeded, ip) VALUES ($1, $2, $3, $4)")
        .bind(email)
        .bind(now_text())
        .bind(succeeded)
        .bind(ip)
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Whether this e-mail may try to log in now.
pub async fn throttle(store: &Store, email: &str) -> Result<LoginThrottle> {
    let now = OffsetDateTime::now_utc();
    let since = format_instant(now - WINDOW);
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT at FROM login_attempts WHERE email = $1 AND at > $2 AND succeeded = FALSE \
         AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE email = $1 AND succeeded = TRUE), '')",
    )
    .bind(email)
    .bind(&since)
    .fetch_all(store.pool())
    .await?;
    let failures: Vec<OffsetDateTime> = rows.iter().filter_map(|(at,)| parse_instant(at)).collect();
    Ok(login_throttle(&failures, now))
}
