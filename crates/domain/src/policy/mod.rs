//! Authorization in one place: "may this principal do this action on this
//! resource?", answered from the principal's roles and organisations alone.
//!
//! Every handler of the web layer asks [`authorize`]; nothing else grants access.
//! The rule is a table ([`allowed`]) of role × action × relation, where the
//! relation says whether the resource belongs to one of the principal's own
//! organisations. An organisation is also "own" to its stewards: the consortium
//! it belongs to, and the organisation that registered it (the agency that
//! entered a partner firm keeps looking after that entry, since firms and
//! funders usually have no users of their own).

pub mod consortium;
pub mod evidence;
pub mod pathways;

use crate::role::Role;
use serde::Serialize;

pub type OrganisationId = i64;

/// One organisation a user belongs to, with the role held there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub organisation_id: OrganisationId,
    pub role: Role,
}

/// What an action is performed on: the organisation that owns the resource,
/// the consortium that organisation belongs to and the organisation that
/// registered it (its stewards). `None` is a resource that belongs to no
/// organisation yet (e.g. a new registry entry).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    pub organisation_id: Option<OrganisationId>,
    pub consortium_id: Option<OrganisationId>,
    pub registered_by: Option<OrganisationId>,
    /// Organisations working on the record together with its owner, e.g. the
    /// cooperatives delivering a household's project for the public agency.
    pub partners: Vec<OrganisationId>,
}

impl Target {
    pub fn organisation(organisation_id: OrganisationId, consortium_id: Option<OrganisationId>) -> Self {
        Self {
            organisation_id: Some(organisation_id),
            consortium_id,
            registered_by: None,
            partners: Vec::new(),
        }
    }

    pub fn with_partners(mut self, partners: impl IntoIterator<Item = OrganisationId>) -> Self {
        self.partners.extend(partners);
        self
    }

    pub fn registered_by(mut self, steward: Option<OrganisationId>) -> Self {
        self.registered_by = steward;
        self
    }

    /// A resource of no organisation, such as a registry entry about to be created.
    pub fn none() -> Self {
        Self::default()
    }
}

/// How a membership's organisation stands to a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The target belongs to the member's organisation, or to an organisation
    /// it stewards (a cooperative of its consortium, an entry it registered).
    Own,
    /// Any other organisation, or none.
    Other,
}

impl Relation {
    pub const ALL: [Relation; 2] = [Relation::Own, Relation::Other];

    pub fn of(membership: &Membership, target: &Target) -> Relation {
        let org = Some(membership.organisation_id);
        let stewards = [target.organisation_id, target.consortium_id, target.registered_by];
        let is_partner = target.partners.contains(&membership.organisation_id);
        if target.organisation_id.is_some() && (stewards.contains(&org) || is_partner) {
            Relation::Own
        } else {
            Relation::Other
        }
    }
}

/// Everything a principal may ask to do. The registry and accounts actions
/// are listed here; each capability area keeps its own actions and table in a
/// submodule ([`pathways`], [`consortium`]) so its rules read in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See an organisation's registry entry (name, type, sectors, registration).
    ViewOrganisation,
    /// Add a new organisation to the registry.
    CreateOrganisation,
    /// Change an organisation's registry entry.
    UpdateOrganisation,
    /// Archive an organisation (registry entries are never deleted).
    ArchiveOrganisation,
    /// See who works in an organisation and with which role.
    ViewMembers,
    /// Add users to an organisation, change their role, remove them.
    ManageMembers,
    /// Browse the audit log of an organisation.
    ViewAuditLog,
    /// Paths to autonomy: programmes, households, projects (issue: pathways).
    Pathway(pathways::PathwayAction),
    /// Consortium operations: workforce, production, finance.
    Consortium(consortium::ConsortiumAction),
    /// Money and evidence: provider reports, claims, indicators, outcomes.
    Evidence(evidence::EvidenceAction),
}

impl Action {
    /// The registry and accounts actions, decided by [`allowed`] directly.
    pub const FOUNDATION: [Action; 7] = [
        Action::ViewOrganisation,
        Action::CreateOrganisation,
        Action::UpdateOrganisation,
        Action::ArchiveOrganisation,
        Action::ViewMembers,
        Action::ManageMembers,
        Action::ViewAuditLog,
    ];

    /// Every action of every area.
    pub fn all() -> Vec<Action> {
        let mut all = Action::FOUNDATION.to_vec();
        all.extend(pathways::PathwayAction::ALL.iter().map(|a| Action::Pathway(*a)));
        all.extend(consortium::ConsortiumAction::ALL.iter().map(|a| Action::Consortium(*a)));
        all.extend(evidence::EvidenceAction::ALL.iter().map(|a| Action::Evidence(*a)));
        all
    }
}

/// The policy table: may a holder of `role`, related to the target by `relation`,
/// perform `action`?
pub fn allowed(role: Role, action: Action, relation: Relation) -> bool {
    use Action::*;
    use Relation::*;
    use Role::*;
    match action {
        // The registry of organisations is shared reference data for everyone
        // working on the platform: who the agencies, cooperatives and firms are.
        ViewOrganisation => true,
        // Admins register new partners (firms, funders, cooperatives); consortium
        // managers register the cooperatives that join their consortium.
        CreateOrganisation => matches!(role, Admin | ConsortiumManager),
        UpdateOrganisation => relation == Own && matches!(role, Admin | ConsortiumManager),
        ArchiveOrganisation => relation == Own && role == Admin,
        // Staff lists are personal data: only inside one's own organisation.
        ViewMembers => relation == Own,
        ManageMembers => relation == Own && role == Admin,
        ViewAuditLog => relation == Own && matches!(role, Admin | Auditor),
        Pathway(action) => pathways::allowed(role, action, relation),
        Consortium(action) => consortium::allowed(role, action, relation),
        Evidence(action) => evidence::allowed(role, action, relation),
    }
}

/// Why a request was refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("your roles do not allow this action ({action:?}) on this organisation")]
pub struct Denied {
    pub action: Action,
}

/// The one question every handler asks. A principal is allowed when any of its
/// memberships allows the action on the target.
pub fn authorize(memberships: &[Membership], action: Action, target: &Target) -> Result<(), Denied> {
    let permitted = memberships
        .iter()
        .any(|m| allowed(m.role, action, Relation::of(m, target)));
    if permitted { Ok(()) } else { Err(Denied { action }) }
}

/// Whether the principal may perform the action on at least one organisation:
/// used to decide which navigation entries to show.
pub fn may_somewhere(memberships: &[Membership], action: Action) -> bool {
    memberships.iter().any(|m| allowed(m.role, action, Relation::Own))
}

#[cfg(test)]
mod tests;
