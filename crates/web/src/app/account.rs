//! A person's own account: their personal access tokens and their password.
//! The API's `/tokens` and the account page call these, so a token is created,
//! listed and revoked by one rule whichever way it is asked for.

use crate::auth::{AuthMethod, Principal};
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::ApiTokenId;
use filiera_domain::user::check_password;
use filiera_storage::api_tokens::{self, ApiToken};
use filiera_storage::{passwords, users};

/// The principal's own tokens, newest first.
pub async fn tokens(state: &AppState, principal: &Principal) -> WebResult<Vec<ApiToken>> {
    Ok(api_tokens::list(&state.store, principal.user.id).await?)
}

/// A new token for the principal, with its secret (shown once).
pub async fn create_token(state: &AppState, principal: &Principal, name: &str) -> WebResult<(ApiToken, String)> {
    with_unit(state, principal, async |unit| {
        api_tokens::create(unit, principal.user.id, name).await
    })
    .await
}

/// Revokes one of the principal's tokens (404 for anyone else's).
pub async fn revoke_token(state: &AppState, principal: &Principal, id: ApiTokenId) -> WebResult<()> {
    with_unit(state, principal, async |unit| {
        api_tokens::revoke(unit, principal.user.id, id).await
    })
    .await
}

/// Why a password change was refused, for the form to say next to its field.
pub enum PasswordRefused {
    /// `current_password` does not match.
    WrongCurrentPassword,
    /// `new_password` breaks the password rule.
    WeakNewPassword(ValidationErrors),
}

/// Changes the principal's password after checking the current one. The
/// session making the change stays logged in; every other session ends.
pub async fn change_password(
    state: &AppState,
    principal: &Principal,
    current_password: &str,
    new_password: &str,
) -> WebResult<Result<(), PasswordRefused>> {
    let Some((_, hash)) = users::find_for_login(&state.store, &principal.user.email).await? else {
        return Err(WebError::Unauthenticated);
    };
    if !passwords::verify_password(current_password, &hash) {
        return Ok(Err(PasswordRefused::WrongCurrentPassword));
    }
    if let Err(errors) = check_password(new_password) {
        return Ok(Err(PasswordRefused::WeakNewPassword(errors)));
    }
    let new_hash = passwords::hash_password(new_password)?;
    let keep = match &principal.method {
        AuthMethod::Session { secret, .. } => Some(secret.as_str()),
        AuthMethod::Token => None,
    };
    with_unit(state, principal, async |unit| {
        users::set_password(unit, principal.user.id, &new_hash, keep).await
    })
    .await?;
    Ok(Ok(()))
}
