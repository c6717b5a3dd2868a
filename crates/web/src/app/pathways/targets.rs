//! Resolving what a pathway request acts on, and asking the policy once.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use filiera_domain::ids::ProjectId;
use filiera_domain::ids::{HouseholdId, ParticipantId, PathId, UserId};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::policy::{Action, Target};
use filiera_storage::Reader;
use filiera_storage::pathways::{household_document, households, paths, projects};

/// The household's target after checking the principal may do `action` on it.
pub async fn household(
    state: &AppState,
    principal: &Principal,
    id: HouseholdId,
    action: PathwayAction,
) -> WebResult<Target> {
    let target = households::target(&state.store, id).await?;
    principal.authorize(Action::Pathway(action), &target)?;
    Ok(target)
}

/// The household's file as the JSON document the API sends, after the same
/// policy check as [`household`] (`ViewHousehold`), on the target read in the
/// same statement as the document, on the connection that found the principal.
pub async fn household_document(principal: &Principal, reader: &mut Reader, id: HouseholdId) -> WebResult<String> {
    let document = household_document::household_document_on(reader, id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ViewHousehold), &document.target)?;
    Ok(document.json)
}

/// True when any of the actions is allowed on the household.
pub async fn household_allows(
    state: &AppState,
    principal: &Principal,
    id: HouseholdId,
    actions: &[PathwayAction],
) -> WebResult<bool> {
    let target = households::target(&state.store, id).await?;
    Ok(actions
        .iter()
        .any(|a| principal.authorize(Action::Pathway(*a), &target).is_ok()))
}

/// The household a participant belongs to, after the policy check.
pub async fn participant(
    state: &AppState,
    principal: &Principal,
    id: ParticipantId,
    action: PathwayAction,
) -> WebResult<HouseholdId> {
    let member = households::member(&state.store, id).await?;
    household(state, principal, member.household_id, action).await?;
    Ok(member.household_id)
}

/// The project, after the policy check on its household.
pub async fn project(
    state: &AppState,
    principal: &Principal,
    id: ProjectId,
    action: PathwayAction,
) -> WebResult<projects::Project> {
    let project = projects::get(&state.store, id).await?;
    household(state, principal, project.household_id, action).await?;
    Ok(project)
}

/// The path, after the policy check on its household.
pub async fn path(
    state: &AppState,
    principal: &Principal,
    id: PathId,
    actions: &[PathwayAction],
) -> WebResult<paths::PathRow> {
    let path = paths::get(&state.store, id).await?;
    if !household_allows(state, principal, path.household_id, actions).await? {
        return Err(crate::error::WebError::Forbidden(
            "your roles do not allow moving this path".into(),
        ));
    }
    Ok(path)
}

/// The households the principal may see: those of agencies where the role
/// allows it, and those whose projects are delivered by such cooperatives.
pub fn visible_households(
    principal: &Principal,
    search: Option<String>,
    social_worker_id: Option<UserId>,
) -> households::HouseholdQuery {
    let orgs = principal.organisations_allowing(Action::Pathway(PathwayAction::ViewHousehold));
    households::HouseholdQuery {
        agencies: orgs.clone(),
        cooperatives: orgs,
        search,
        social_worker_id,
    }
}
