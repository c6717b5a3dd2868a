//! Logging in, shared by the login page and `POST /api/v1/auth/login`: the
//! throttle, which records the attempt as it lets it through, then the
//! password check.

use crate::error::WebError;
use crate::state::AppState;
use filiera_domain::user::normalise_email;
use filiera_storage::login_attempts::{self, Admission};
use filiera_storage::users::User;
use filiera_storage::{passwords, users};

/// Checks the credentials; on success returns the user.
pub async fn verify_credentials(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<&str>,
) -> Result<User, WebError> {
    let email = normalise_email(email);
    let attempt = match login_attempts::admit(&state.store, &email, ip).await? {
        Admission::Admitted(attempt) => attempt,
        Admission::PausedUntil(until) => {
            let wait = (until - time::OffsetDateTime::now_utc()).whole_seconds().max(1);
            return Err(WebError::TooManyRequests { retry_after_secs: wait });
        }
    };
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
    match found {
        Some((user, _)) if matches => {
            login_attempts::succeeded(&state.store, attempt).await?;
            Ok(user)
        }
        _ => Err(WebError::BadCredentials),
    }
}
