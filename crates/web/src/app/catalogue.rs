//! A programme's service catalogue: reading it, adding, changing and archiving
//! services. A service is managed by the organisation that offers it, with the
//! programme's agency as partner (its managers look after the catalogue).

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::{OrganisationId, ProgrammeId, ServiceId};
use filiera_domain::pathways::catalogue::{ValidService, hsds};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::policy::{Action, Target};
use filiera_storage::pathways::catalogue::{self, Service};
use filiera_storage::pathways::programmes::{self, Programme};

pub const VIEW: Action = Action::Pathway(PathwayAction::ViewCatalogue);
pub const MANAGE: Action = Action::Pathway(PathwayAction::ManageCatalogue);

/// The target for managing a service offered by `organisation_id` (the
/// programme's agency when none).
pub fn service_target(programme: &Programme, organisation_id: Option<OrganisationId>) -> Target {
    Target::organisation(organisation_id.unwrap_or(programme.agency_id), None).with_partners([programme.agency_id])
}

/// The programme, if the principal may do `action` (`VIEW` or `MANAGE`) on its catalogue.
pub async fn programme(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    action: Action,
) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(action, &programme.target())?;
    Ok(programme)
}

/// The programme's services in use.
pub async fn list(state: &AppState, principal: &Principal, programme_id: ProgrammeId) -> WebResult<Vec<Service>> {
    programme(state, principal, programme_id, VIEW).await?;
    Ok(catalogue::list(&state.store, programme_id, false).await?)
}

/// A service of `programme` (404 for a service of another programme), if the
/// principal may do `action` on it: `VIEW` asks only about the catalogue.
pub async fn service(
    state: &AppState,
    principal: &Principal,
    programme: &Programme,
    service_id: ServiceId,
    action: Action,
) -> WebResult<Service> {
    let service = catalogue::get(&state.store, service_id).await?;
    if service.programme_id != programme.id {
        return Err(WebError::NotFound { what: "service" });
    }
    if action != VIEW {
        principal.authorize(action, &service.target(programme))?;
    }
    Ok(service)
}

/// A code made from the name must not clash with another service's: `-2`, `-3`, … is added.
pub async fn free_code(
    state: &AppState,
    programme_id: ProgrammeId,
    valid: &mut ValidService,
    own: Option<ServiceId>,
) -> WebResult<()> {
    let base = valid.code.clone();
    for n in 2..100 {
        match catalogue::find_by_code(&state.store, programme_id, &valid.code).await? {
            Some(existing) if Some(existing.id) != own => valid.code = format!("{base}-{n}"),
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// Adds a service offered by an organisation the principal manages for.
pub async fn create(
    state: &AppState,
    principal: &Principal,
    programme: &Programme,
    valid: ValidService,
) -> WebResult<Service> {
    principal.authorize(MANAGE, &service_target(programme, valid.organisation_id))?;
    let programme_id = programme.id;
    with_unit(state, principal, async |unit| {
        catalogue::create(unit, programme_id, &valid).await
    })
    .await
}

/// Replaces a service; both the old and the new offering organisation must be the principal's to manage.
pub async fn update(
    state: &AppState,
    principal: &Principal,
    programme: &Programme,
    service_id: ServiceId,
    valid: ValidService,
) -> WebResult<Service> {
    service(state, principal, programme, service_id, MANAGE).await?;
    principal.authorize(MANAGE, &service_target(programme, valid.organisation_id))?;
    with_unit(state, principal, async |unit| {
        catalogue::update(unit, service_id, &valid).await
    })
    .await
}

/// Takes a service out of the catalogue.
pub async fn archive(
    state: &AppState,
    principal: &Principal,
    programme: &Programme,
    service_id: ServiceId,
) -> WebResult<Service> {
    service(state, principal, programme, service_id, MANAGE).await?;
    with_unit(state, principal, async |unit| {
        catalogue::archive(unit, service_id).await
    })
    .await
}

/// The catalogue as an Open Referral HSDS 3.0 array of services.
pub async fn export_hsds(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
) -> WebResult<serde_json::Value> {
    programme(state, principal, programme_id, VIEW).await?;
    Ok(catalogue::export_hsds(&state.store, programme_id).await?)
}

/// Adds or updates (by code) the services of an HSDS 3.0 array; all or nothing.
pub async fn import_hsds(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    document: &serde_json::Value,
) -> WebResult<Vec<Service>> {
    programme(state, principal, programme_id, MANAGE).await?;
    let services = hsds::import(document)?;
    with_unit(state, principal, async |unit| {
        catalogue::import_hsds(unit, programme_id, services).await
    })
    .await
}
