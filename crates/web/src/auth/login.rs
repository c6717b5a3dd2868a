//! Logging in, shared by the login page and `POST /api/v1/auth/login`: the
//! throttle, the password check, and the record of every attempt.

use crate::error::WebError;
use crate::state::AppState;
use filiera_domain::throttle::LoginThrottle;
use filiera_domain::user::normalise_email;
use filiera_storage::users::User;
use filiera_storage::{login_attempts, passwords, users};

/// Checks the credentials; on success returns the user.
pub async fn verify_credentials(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<User, WebError> {
    let email = normalise_email(email);
    if let LoginThrottle::PausedUntil(until) = login_attempts::throttle(&state.store, &email).await? {
        let wait = (until - time::OffsetDateTime::now_utc()).whole_seconds().max(1);
        return Err(WebError::TooManyRequests { retry_after_secs: wait });
    }
    let found = users::find_for_login(&state.store, &email).await?;
    // Verify against a dummy hash for unknown users so timing does not reveal
    // which e-mail addresses have accounts.
    let hash = found
        .as_ref()
        .map(|(_, h)| h.as_str())
        .unwrap_or(passwords::dummy_hash());
    let password = password.to_owned();
    let hash_owned = hash.to_owned();
    let matches = tokio::task::spawn_blocking(move || passwords::verify_password(&password, &hash_owned))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let succeeded = matches && found.is_some();
    login_attempts::record(&state.store, &email, succeeded, ip).await?;
    match found {
        Some((user, _)) if succeeded => Ok(user),
        _ => Err(WebError::BadCredentials),
    }
}
