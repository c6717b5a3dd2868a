//! Running storage calls in a unit of work on behalf of the principal.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use filiera_storage::Unit;

/// Runs one storage call in a unit of work on behalf of the principal.
pub async fn with_unit<T>(
    state: &AppState,
    principal: &Principal,
    work: impl AsyncFnOnce(&mut Unit) -> filiera_storage::Result<T>,
) -> WebResult<T> {
    let mut unit = state.store.begin(&principal.actor()).await?;
    let value = work(&mut unit).await?;
    unit.commit().await?;
    Ok(value)
}
