//! Programmes: which ones a principal sees, creating and changing them, their
//! rounds and their funding streams. Only the owning agency manages a
//! programme; its cooperatives and the agency see it.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_domain::pathways::programme::{RoundPeriod, ValidFundingStream, ValidProgramme};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::policy::{Action, Target};
use filiera_storage::pathways::programmes::{self, FundingStream, Programme, Round};

const VIEW: Action = Action::Pathway(PathwayAction::ViewProgramme);
const MANAGE: Action = Action::Pathway(PathwayAction::ManageProgramme);

/// The programmes the principal may see.
pub async fn visible(state: &AppState, principal: &Principal) -> WebResult<Vec<Programme>> {
    Ok(programmes::list(&state.store)
        .await?
        .into_iter()
        .filter(|p| principal.authorize(VIEW, &p.target()).is_ok())
        .collect())
}

/// One programme the principal may see.
pub async fn get(state: &AppState, principal: &Principal, id: ProgrammeId) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(VIEW, &programme.target())?;
    Ok(programme)
}

/// One programme the principal manages (its owning agency's programme managers).
pub async fn managed(state: &AppState, principal: &Principal, id: ProgrammeId) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(MANAGE, &programme.owner_target())?;
    Ok(programme)
}

/// Whether the principal may create a programme for `agency_id` (asked before
/// the form is read, so nobody learns about the form's rules without the right).
pub fn may_create(principal: &Principal, agency_id: OrganisationId) -> WebResult<()> {
    principal.authorize(MANAGE, &Target::organisation(agency_id, None))
}

pub async fn create(state: &AppState, principal: &Principal, valid: ValidProgramme) -> WebResult<Programme> {
    may_create(principal, valid.agency_id)?;
    with_unit(state, principal, async |unit| programmes::create(unit, &valid).await).await
}

/// Replaces a programme's name, description, budget and cooperatives.
pub async fn update(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    valid: ValidProgramme,
) -> WebResult<Programme> {
    managed(state, principal, id).await?;
    with_unit(state, principal, async |unit| {
        programmes::update(unit, id, &valid).await
    })
    .await
}

/// Adds a round (rounds may not overlap).
pub async fn add_round(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    period: RoundPeriod,
) -> WebResult<Round> {
    managed(state, principal, id).await?;
    with_unit(state, principal, async |unit| {
        programmes::add_round(unit, id, &period).await
    })
    .await
}

/// Adds a funding stream with its eligibility rule.
pub async fn add_funding_stream(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    valid: ValidFundingStream,
) -> WebResult<FundingStream> {
    managed(state, principal, id).await?;
    with_unit(state, principal, async |unit| {
        programmes::add_funding_stream(unit, id, &valid).await
    })
    .await
}
