use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::membership::{MemberKind, MemberRecord, MembershipWarning, cooperative_warnings};
use filiera_domain::consortium::{Money, parse_date};
use filiera_domain::ids::{CooperativeMemberId, OrganisationId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::members;
use filiera_storage::consortium::registers::StoredMember;
use filiera_storage::consortium::{self, MemberCooperative, registers};
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

/// The register and the warnings computed from it on `date`.
pub async fn register(
    state: &AppState,
    cooperative: &MemberCooperative,
    date: Date,
) -> WebResult<(Vec<registers::StoredMember>, Vec<MembershipWarning>)> {
    let settings = consortium::settings(&state.store, cooperative.consortium_id).await?;
    let stored = registers::members_of(&state.store, cooperative.id).await?;
    let records: Vec<MemberRecord> = stored.iter().map(|m| m.record.clone()).collect();
    let warnings = cooperative_warnings(&records, date, settings.human_scale_limit);
    Ok((stored, warnings))
}

/// A new member of the register.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = RegisterMemberInput)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    pub name: String,
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub joined_on: String,
    /// Share capital subscribed in euros, e.g. `"25.00"`; none when absent.
    #[serde(default)]
    pub shares: Option<String>,
}

impl MemberInput {
    pub fn into_record(self) -> Result<MemberRecord, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = self.kind.parse::<MemberKind>().map_err(|m| errors.add("kind", m)).ok();
        let joined_on = parse_date(&self.joined_on).map_err(|m| errors.add("joined_on", m)).ok();
        let shares = match self.shares.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(Money::ZERO),
            Some(text) => Money::parse(text).map_err(|m| errors.add("shares", m)).ok(),
        };
        let (Some(kind), Some(joined_on), Some(shares)) = (kind, joined_on, shares) else {
            return Err(errors);
        };
        MemberRecord {
            name: self.name,
            kind,
            joined_on,
            left_on: None,
            shares,
        }
        .validate()
    }
}

/// The cooperative, once the principal may change its registers.
async fn managed(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
) -> WebResult<MemberCooperative> {
    super::load_cooperative(state, principal, cooperative_id, ConsortiumAction::ManageRegisters).await
}

/// Adds a member to the cooperative's register of members; returns its id.
pub async fn add(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
    record: &MemberRecord,
) -> WebResult<CooperativeMemberId> {
    managed(state, principal, cooperative_id).await?;
    with_unit(state, principal, async |unit| {
        registers::add_member(unit, cooperative_id, record).await
    })
    .await
}

/// Records that a member left (once, not before they joined).
pub async fn leave(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
    member_id: CooperativeMemberId,
    on: Date,
) -> WebResult<StoredMember> {
    managed(state, principal, cooperative_id).await?;
    with_unit(state, principal, async |unit| {
        members::record_leaving(unit, cooperative_id, member_id, on).await
    })
    .await
}

/// Records the member cooperative of the same consortium that incubated this one.
pub async fn spin_off(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
    incubated_by: OrganisationId,
    founded_on: Date,
) -> WebResult<()> {
    let cooperative = managed(state, principal, cooperative_id).await?;
    with_unit(state, principal, async |unit| {
        members::record_spin_off_in_consortium(
            unit,
            cooperative.consortium_id,
            cooperative_id,
            incubated_by,
            founded_on,
        )
        .await
    })
    .await
}
