//! Authorization in one place: "may this principal do this action on this
//! resource?", answered from the principal's roles and organisations alone.
//!
//! Every handler of the web layer asks [`authorize`]; nothing else grants access.
//! The rule is a table ([`allowed`]) of role × action × relation, where the
//! relation says how the resource's organisation stands to one of the
//! principal's own ([`Relation::of`]).
//!
//! **An organisation with users of its own governs itself.** Registering an
//! organisation, or being the consortium it belongs to, gives no lasting power
//! over it: the steward may keep the registry entry (and give it its first
//! user) only while the organisation has no users yet — firms, funders and
//! cooperatives not yet on filiera. A consortium keeps its consortium-level
//! work on its member cooperatives (registers, production, finance) and its
//! manager sees their staff lists; nothing more.

pub mod consortium;
pub mod evidence;
pub mod pathways;

use crate::role::Role;
use serde::Serialize;

pub use crate::ids::OrganisationId;

/// One organisation a user belongs to, with the role held there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub organisation_id: OrganisationId,
    pub role: Role,
}

/// What an action is performed on: the organisation that owns the resource,
/// the consortium that organisation belongs to and the organisation that
/// registered it. `None` is a resource that belongs to no organisation yet
/// (e.g. a new registry entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub organisation_id: Option<OrganisationId>,
    pub consortium_id: Option<OrganisationId>,
    pub registered_by: Option<OrganisationId>,
    /// Whether the owning organisation has users of its own, and so governs
    /// itself. Assumed unless storage says otherwise, so a forgotten look-up
    /// fails closed.
    pub self_governing: bool,
    /// Organisations working on the record together with its owner, e.g. the
    /// cooperatives delivering a household's project for the public agency.
    pub partners: Vec<OrganisationId>,
}

impl Default for Target {
    fn default() -> Self {
        Self {
            organisation_id: None,
            consortium_id: None,
            registered_by: None,
            self_governing: true,
            partners: Vec::new(),
        }
    }
}

impl Target {
    pub fn organisation(organisation_id: OrganisationId, consortium_id: Option<OrganisationId>) -> Self {
        Self {
            organisation_id: Some(organisation_id),
            consortium_id,
            ..Self::default()
        }
    }

    pub fn with_partners(mut self, partners: impl IntoIterator<Item = OrganisationId>) -> Self {
        self.partners.extend(partners);
        self
    }

    pub fn registered_by(mut self, registrar: Option<OrganisationId>) -> Self {
        self.registered_by = registrar;
        self
    }

    /// Whether the organisation has users of its own (see the module's rule).
    pub fn self_governing(mut self, has_users: bool) -> Self {
        self.self_governing = has_users;
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
    /// The target belongs to the member's organisation, or the member's
    /// organisation is a partner on the record.
    Own,
    /// The target is a cooperative of the member's consortium;
    /// `self_governing` once the cooperative has users of its own.
    MemberCooperative { self_governing: bool },
    /// The member's organisation registered the target, which has no users
    /// of its own yet. (Once it has, the registrar is [`Relation::Other`].)
    RegisteredEntry,
    /// Any other organisation, or none.
    Other,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Own,
        Relation::MemberCooperative { self_governing: true },
        Relation::MemberCooperative { self_governing: false },
        Relation::RegisteredEntry,
        Relation::Other,
    ];

    pub fn of(membership: &Membership, target: &Target) -> Relation {
        let org = membership.organisation_id;
        let Some(owner) = target.organisation_id else {
            return Relation::Other;
        };
        if owner == org || target.partners.contains(&org) {
            Relation::Own
        } else if target.consortium_id == Some(org) {
            Relation::MemberCooperative {
                self_governing: target.self_governing,
            }
        } else if target.registered_by == Some(org) && !target.self_governing {
            Relation::RegisteredEntry
        } else {
            Relation::Other
        }
    }

    /// Whether the member's organisation works on the target's records: its
    /// own, a partner's, or a member cooperative's (consortium-level work).
    /// Registering an organisation is not working on its records.
    pub fn works_on_records(self) -> bool {
        matches!(self, Relation::Own | Relation::MemberCooperative { .. })
    }

    /// Whether the member's organisation keeps the target's registry entry:
    /// its own, or one it stewards (registered it, or is its consortium)
    /// while it has no users of its own.
    pub fn keeps_registry_entry(self) -> bool {
        matches!(
            self,
            Relation::Own | Relation::MemberCooperative { self_governing: false } | Relation::RegisteredEntry
        )
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
        UpdateOrganisation => relation.keeps_registry_entry() && matches!(role, Admin | ConsortiumManager),
        ArchiveOrganisation => relation.keeps_registry_entry() && role == Admin,
        // Staff lists are personal data: only inside one's own organisation,
        // and for the consortium's manager, inside its member cooperatives.
        ViewMembers => relation == Own || (matches!(relation, MemberCooperative { .. }) && role == ConsortiumManager),
        // A steward may give an organisation without users its first user;
        // from then on the organisation's own admins decide who works there.
        ManageMembers => relation.keeps_registry_entry() && role == Admin,
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

/// Like [`authorize`], for a use case that does several things at once (each
/// may be allowed through a different membership); refused with the first
/// action that is not allowed.
pub fn authorize_all(memberships: &[Membership], actions: &[Action], target: &Target) -> Result<(), Denied> {
    actions
        .iter()
        .try_for_each(|action| authorize(memberships, *action, target))
}

/// Whether the principal may perform the action on at least one organisation:
/// used to decide which navigation entries to show.
pub fn may_somewhere(memberships: &[Membership], action: Action) -> bool {
    memberships.iter().any(|m| allowed(m.role, action, Relation::Own))
}

#[cfg(test)]
mod tests;
