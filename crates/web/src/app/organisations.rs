//! The registry of organisations: browsing it, registering an organisation,
//! changing its registry data and archiving it.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::ValidOrganisation;
use filiera_domain::policy::{Action, Target};
use filiera_storage::organisations::{self, Organisation, OrganisationQuery};
use filiera_storage::{Page, PageRequest};

/// One page of the registry.
pub async fn list(
    state: &AppState,
    principal: &Principal,
    query: &OrganisationQuery,
    page: PageRequest,
) -> WebResult<Page<Organisation>> {
    principal.authorize(Action::ViewOrganisation, &Target::none())?;
    Ok(organisations::list(&state.store, query, page).await?)
}

/// One organisation, if the principal may do `action` on it (viewing it, or
/// opening its edit form).
pub async fn get(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
    action: Action,
) -> WebResult<Organisation> {
    let organisation = organisations::get(&state.store, id).await?;
    principal.authorize(action, &organisation.target())?;
    Ok(organisation)
}

/// The consortium a new or changed cooperative joins must also be one the
/// principal may act for, or anyone could attach members to any consortium.
fn authorize_consortium(principal: &Principal, consortium_id: Option<OrganisationId>) -> WebResult<()> {
    match consortium_id {
        Some(id) => principal.authorize(Action::UpdateOrganisation, &Target::organisation(id, None)),
        None => Ok(()),
    }
}

/// Registers an organisation; the registrar's own organisation keeps its entry
/// until the new organisation has users of its own.
pub async fn create(state: &AppState, principal: &Principal, valid: ValidOrganisation) -> WebResult<Organisation> {
    principal.authorize(Action::CreateOrganisation, &Target::none())?;
    authorize_consortium(principal, valid.consortium_id)?;
    let steward = principal
        .organisations_allowing(Action::CreateOrganisation)
        .first()
        .copied();
    with_unit(state, principal, async |unit| {
        organisations::create(unit, &valid, steward).await
    })
    .await
}

/// Replaces an organisation's registry data.
pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
    valid: ValidOrganisation,
) -> WebResult<Organisation> {
    let current = get(state, principal, id, Action::UpdateOrganisation).await?;
    if valid.consortium_id != current.consortium_id {
        authorize_consortium(principal, valid.consortium_id)?;
    }
    with_unit(state, principal, async |unit| {
        organisations::update(unit, id, &valid).await
    })
    .await
}

/// Archives an organisation: it stays in the registry for history.
pub async fn archive(state: &AppState, principal: &Principal, id: OrganisationId) -> WebResult<Organisation> {
    get(state, principal, id, Action::ArchiveOrganisation).await?;
    with_unit(state, principal, async |unit| organisations::archive(unit, id).await).await
}
