//! The comparison group of a programme and its publication threshold: adding
//! people who were eligible but not selected (typed in or from the shortlist),
//! their follow-ups at 6 and 12 months, and the threshold below which counts
//! are hidden from the public. The programme's agency keeps the group.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::evidence::comparison::ValidComparisonMember;
use filiera_domain::ids::ComparisonMemberId;
use filiera_domain::ids::{PathId, ProgrammeId, RoundId};
use filiera_domain::pathways::household::EmploymentStatus;
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::evidence::comparison::{self, ComparisonMember};
use filiera_storage::evidence::{settings, shortlist};
use filiera_storage::pathways::programmes::{self, Programme};
use time::Date;

pub const MANAGE_GROUP: Action = Action::Evidence(EvidenceAction::ManageComparisonGroup);
pub const MANAGE_PROGRAMME: Action = Action::Pathway(PathwayAction::ManageProgramme);

/// The programme, if the principal may do `action` on its agency's side.
pub async fn programme(
    state: &AppState,
    principal: &Principal,
    id: ProgrammeId,
    action: Action,
) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(action, &super::reports::agency_side(&programme))?;
    Ok(programme)
}

/// A member of this programme's group; one of another programme is not found here.
pub async fn member_of(
    state: &AppState,
    programme_id: ProgrammeId,
    member_id: ComparisonMemberId,
) -> WebResult<ComparisonMember> {
    let member = comparison::member(&state.store, member_id).await?;
    if member.programme_id != programme_id {
        return Err(WebError::NotFound {
            what: "comparison group member",
        });
    }
    Ok(member)
}

/// Adds an eligible person who was not selected.
pub async fn add_member(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    round_id: Option<RoundId>,
    valid: &ValidComparisonMember,
) -> WebResult<ComparisonMember> {
    let agency = programme(state, principal, programme_id, MANAGE_GROUP).await?.agency_id;
    with_unit(state, principal, async |unit| {
        let member_id = comparison::add_member(unit, programme_id, agency, round_id, valid).await?;
        comparison::member_in(unit, member_id).await
    })
    .await
}

/// Adds a shortlisted person who was not selected.
pub async fn add_from_shortlist(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    path_id: PathId,
) -> WebResult<ComparisonMember> {
    let agency = programme(state, principal, programme_id, MANAGE_GROUP).await?.agency_id;
    with_unit(state, principal, async |unit| {
        let member_id = shortlist::add_from_shortlist(unit, programme_id, agency, path_id).await?;
        comparison::member_in(unit, member_id).await
    })
    .await
}

/// Records a member's employment status at 6 or 12 months (not in the future).
pub async fn record_follow_up(
    state: &AppState,
    principal: &Principal,
    member: &ComparisonMember,
    months: i64,
    recorded_on: Date,
    status: EmploymentStatus,
) -> WebResult<ComparisonMember> {
    let agency = programme(state, principal, member.programme_id, MANAGE_GROUP)
        .await?
        .agency_id;
    let today = state.clock.today();
    with_unit(state, principal, async |unit| {
        comparison::record_follow_up(unit, member, agency, months, recorded_on, status, today).await?;
        comparison::member_in(unit, member.id).await
    })
    .await
}

/// Sets the publication threshold (already checked by `disclosure::check_threshold`).
pub async fn set_threshold(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    threshold: u64,
) -> WebResult<()> {
    let agency = programme(state, principal, programme_id, MANAGE_PROGRAMME)
        .await?
        .agency_id;
    with_unit(state, principal, async |unit| {
        settings::set_publication_threshold(unit, programme_id, agency, threshold).await
    })
    .await
}
