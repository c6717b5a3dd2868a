use super::*;
use crate::ids::OrganisationId;
use proptest::prelude::*;

/// The expected policy, written out as a table so a change to [`allowed`] that
/// is not also a deliberate change here fails. Columns: role, action, own, other.
pub(crate) const EXPECTED: &[(Role, Action, bool, bool)] = &[
    (Role::Admin, Action::ViewOrganisation, true, true),
    (Role::Admin, Action::CreateOrganisation, true, true),
    (Role::Admin, Action::UpdateOrganisation, true, false),
    (Role::Admin, Action::ArchiveOrganisation, true, false),
    (Role::Admin, Action::ViewMembers, true, false),
    (Role::Admin, Action::ManageMembers, true, false),
    (Role::Admin, Action::ViewAuditLog, true, false),
    (Role::ProgrammeManager, Action::ViewOrganisation, true, true),
    (Role::ProgrammeManager, Action::CreateOrganisation, false, false),
    (Role::ProgrammeManager, Action::UpdateOrganisation, false, false),
    (Role::ProgrammeManager, Action::ArchiveOrganisation, false, false),
    (Role::ProgrammeManager, Action::ViewMembers, true, false),
    (Role::ProgrammeManager, Action::ManageMembers, false, false),
    (Role::ProgrammeManager, Action::ViewAuditLog, false, false),
    (Role::SocialWorker, Action::ViewOrganisation, true, true),
    (Role::SocialWorker, Action::CreateOrganisation, false, false),
    (Role::SocialWorker, Action::UpdateOrganisation, false, false),
    (Role::SocialWorker, Action::ArchiveOrganisation, false, false),
    (Role::SocialWorker, Action::ViewMembers, true, false),
    (Role::SocialWorker, Action::ManageMembers, false, false),
    (Role::SocialWorker, Action::ViewAuditLog, false, false),
    (Role::CaseManager, Action::ViewOrganisation, true, true),
    (Role::CaseManager, Action::CreateOrganisation, false, false),
    (Role::CaseManager, Action::UpdateOrganisation, false, false),
    (Role::CaseManager, Action::ArchiveOrganisation, false, false),
    (Role::CaseManager, Action::ViewMembers, true, false),
    (Role::CaseManager, Action::ManageMembers, false, false),
    (Role::CaseManager, Action::ViewAuditLog, false, false),
    (Role::Operator, Action::ViewOrganisation, true, true),
    (Role::Operator, Action::CreateOrganisation, false, false),
    (Role::Operator, Action::UpdateOrganisation, false, false),
    (Role::Operator, Action::ArchiveOrganisation, false, false),
    (Role::Operator, Action::ViewMembers, true, false),
    (Role::Operator, Action::ManageMembers, false, false),
    (Role::Operator, Action::ViewAuditLog, false, false),
    (Role::ConsortiumManager, Action::ViewOrganisation, true, true),
    (Role::ConsortiumManager, Action::CreateOrganisation, true, true),
    (Role::ConsortiumManager, Action::UpdateOrganisation, true, false),
    (Role::ConsortiumManager, Action::ArchiveOrganisation, false, false),
    (Role::ConsortiumManager, Action::ViewMembers, true, false),
    (Role::ConsortiumManager, Action::ManageMembers, false, false),
    (Role::ConsortiumManager, Action::ViewAuditLog, false, false),
    (Role::ProductionSupervisor, Action::ViewOrganisation, true, true),
    (Role::ProductionSupervisor, Action::CreateOrganisation, false, false),
    (Role::ProductionSupervisor, Action::UpdateOrganisation, false, false),
    (Role::ProductionSupervisor, Action::ArchiveOrganisation, false, false),
    (Role::ProductionSupervisor, Action::ViewMembers, true, false),
    (Role::ProductionSupervisor, Action::ManageMembers, false, false),
    (Role::ProductionSupervisor, Action::ViewAuditLog, false, false),
    (Role::Auditor, Action::ViewOrganisation, true, true),
    (Role::Auditor, Action::CreateOrganisation, false, false),
    (Role::Auditor, Action::UpdateOrganisation, false, false),
    (Role::Auditor, Action::ArchiveOrganisation, false, false),
    (Role::Auditor, Action::ViewMembers, true, false),
    (Role::Auditor, Action::ManageMembers, false, false),
    (Role::Auditor, Action::ViewAuditLog, true, false),
];

#[test]
fn the_expected_table_covers_every_role_and_action_once() {
    assert_eq!(EXPECTED.len(), Role::ALL.len() * Action::FOUNDATION.len());
    for role in Role::ALL {
        for action in Action::FOUNDATION {
            let rows = EXPECTED
                .iter()
                .filter(|(r, a, _, _)| *r == role && *a == action)
                .count();
            assert_eq!(rows, 1, "{role} × {action:?}");
        }
    }
}

#[test]
fn every_role_action_and_relation_is_decided_as_the_table_says() {
    for &(role, action, own, other) in EXPECTED {
        assert_eq!(allowed(role, action, Relation::Own), own, "{role} {action:?} own");
        assert_eq!(allowed(role, action, Relation::Other), other, "{role} {action:?} other");
    }
}

fn member(organisation_id: OrganisationId, role: Role) -> Membership {
    Membership { organisation_id, role }
}

#[test]
fn a_consortium_membership_relates_to_its_member_cooperatives_only() {
    let manager = member(OrganisationId(10), Role::ConsortiumManager);
    let member_cooperative = Target::organisation(OrganisationId(11), Some(OrganisationId(10)));
    let outside_cooperative = Target::organisation(OrganisationId(12), Some(OrganisationId(99)));
    assert_eq!(
        Relation::of(&manager, &member_cooperative),
        Relation::MemberCooperative { self_governing: true }
    );
    assert_eq!(Relation::of(&manager, &outside_cooperative), Relation::Other);
}

#[test]
fn the_organisation_that_registered_a_firm_without_users_keeps_its_entry() {
    let firm = Target::organisation(OrganisationId(7), None)
        .registered_by(Some(OrganisationId(1)))
        .self_governing(false);
    assert!(
        authorize(
            &[member(OrganisationId(1), Role::Admin)],
            Action::UpdateOrganisation,
            &firm
        )
        .is_ok()
    );
    assert!(
        authorize(
            &[member(OrganisationId(1), Role::Admin)],
            Action::ArchiveOrganisation,
            &firm
        )
        .is_ok()
    );
    assert!(
        authorize(
            &[member(OrganisationId(2), Role::Admin)],
            Action::UpdateOrganisation,
            &firm
        )
        .is_err()
    );
}

/// The takeover of issue 11: an agency's admin registered another agency,
/// which then got users of its own. Registering it gave no lasting power.
#[test]
fn registering_an_organisation_gives_no_power_over_it_once_it_has_users() {
    let registered_agency = Target::organisation(OrganisationId(7), None).registered_by(Some(OrganisationId(1)));
    for role in Role::ALL {
        for action in Action::all() {
            if matches!(action, Action::ViewOrganisation | Action::CreateOrganisation)
                || action == Action::Pathway(pathways::PathwayAction::ViewCatalogue)
            {
                continue;
            }
            assert!(
                authorize(&[member(OrganisationId(1), role)], action, &registered_agency).is_err(),
                "{role} {action:?} on an agency it registered"
            );
        }
    }
}

#[test]
fn a_consortium_does_not_govern_a_member_cooperative_with_users_of_its_own() {
    let cooperative = Target::organisation(OrganisationId(11), Some(OrganisationId(10)));
    for action in [
        Action::UpdateOrganisation,
        Action::ArchiveOrganisation,
        Action::ManageMembers,
        Action::ViewAuditLog,
    ] {
        for role in Role::ALL {
            assert!(
                authorize(&[member(OrganisationId(10), role)], action, &cooperative).is_err(),
                "{role} {action:?}"
            );
        }
    }
    // Its manager still sees who works there and does consortium-level work.
    assert!(
        authorize(
            &[member(OrganisationId(10), Role::ConsortiumManager)],
            Action::ViewMembers,
            &cooperative
        )
        .is_ok()
    );
    assert!(
        authorize(
            &[member(OrganisationId(10), Role::Admin)],
            Action::ViewMembers,
            &cooperative
        )
        .is_err()
    );
    let registers = Action::Consortium(consortium::ConsortiumAction::ManageRegisters);
    assert!(
        authorize(
            &[member(OrganisationId(10), Role::ConsortiumManager)],
            registers,
            &cooperative
        )
        .is_ok()
    );
}

#[test]
fn a_steward_may_give_an_organisation_without_users_its_first_user() {
    let new_cooperative = Target::organisation(OrganisationId(11), Some(OrganisationId(10))).self_governing(false);
    assert!(
        authorize(
            &[member(OrganisationId(10), Role::Admin)],
            Action::ManageMembers,
            &new_cooperative
        )
        .is_ok()
    );
    assert!(
        authorize(
            &[member(OrganisationId(10), Role::ConsortiumManager)],
            Action::UpdateOrganisation,
            &new_cooperative
        )
        .is_ok()
    );
}

#[test]
fn a_target_assumes_its_organisation_governs_itself_unless_told() {
    assert!(Target::organisation(OrganisationId(1), None).self_governing);
    assert!(Target::none().self_governing);
}

#[test]
fn a_cooperative_membership_does_not_reach_its_consortium() {
    let admin = Membership {
        organisation_id: OrganisationId(11),
        role: Role::Admin,
    };
    let consortium = Target::organisation(OrganisationId(10), None);
    assert_eq!(
        authorize(&[admin], Action::UpdateOrganisation, &consortium),
        Err(Denied {
            action: Action::UpdateOrganisation
        })
    );
}

#[test]
fn a_principal_without_memberships_may_do_nothing() {
    for action in Action::all() {
        assert!(authorize(&[], action, &Target::organisation(OrganisationId(1), None)).is_err());
    }
}

fn any_role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL.to_vec())
}

fn any_action() -> impl Strategy<Value = Action> {
    proptest::sample::select(Action::all())
}

proptest! {
    /// Adding a membership never takes a permission away.
    #[test]
    fn more_memberships_never_reduce_what_is_allowed(
        base in proptest::collection::vec((1i64..6, any_role()), 0..4),
        extra in (1i64..6, any_role()),
        action in any_action(),
        target_org in 1i64..6,
        consortium in proptest::option::of(1i64..6),
    ) {
        let to_memberships = |pairs: &[(i64, Role)]| -> Vec<Membership> {
            pairs.iter().map(|&(organisation_id, role)| Membership { organisation_id: OrganisationId(organisation_id), role }).collect()
        };
        let target = Target::organisation(OrganisationId(target_org), consortium.map(OrganisationId));
        let before = to_memberships(&base);
        let mut after = before.clone();
        after.extend(to_memberships(&[extra]));
        if authorize(&before, action, &target).is_ok() {
            prop_assert!(authorize(&after, action, &target).is_ok());
        }
    }

    /// Whatever is allowed on another, member or registered organisation is
    /// allowed on one's own.
    #[test]
    fn nothing_is_allowed_on_a_related_organisation_that_is_refused_on_ones_own(
        role in any_role(), action in any_action(), relation in proptest::sample::select(Relation::ALL.to_vec()),
    ) {
        if allowed(role, action, relation) {
            prop_assert!(allowed(role, action, Relation::Own));
        }
    }

    /// A registrar's power ends with the organisation's first user, whatever
    /// the consortium and registrar of the target.
    #[test]
    fn only_members_act_on_a_self_governing_organisation_outside_consortium_work(
        role in any_role(), action in any_action(), owner in 1i64..6, registrar in 1i64..6, home in 1i64..6,
    ) {
        let target = Target::organisation(OrganisationId(owner), None).registered_by(Some(OrganisationId(registrar)));
        let foundation = Action::FOUNDATION.contains(&action)
            && !matches!(action, Action::ViewOrganisation | Action::CreateOrganisation);
        if foundation && home != owner {
            prop_assert!(authorize(&[member(OrganisationId(home), role)], action, &target).is_err());
        }
    }
}
