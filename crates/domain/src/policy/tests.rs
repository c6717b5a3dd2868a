use super::*;
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

#[test]
fn a_consortium_membership_makes_its_member_cooperatives_own() {
    let manager = Membership {
        organisation_id: 10,
        role: Role::ConsortiumManager,
    };
    let member_cooperative = Target::organisation(11, Some(10));
    let outside_cooperative = Target::organisation(12, Some(99));
    assert_eq!(Relation::of(&manager, &member_cooperative), Relation::Own);
    assert_eq!(Relation::of(&manager, &outside_cooperative), Relation::Other);
}

#[test]
fn the_organisation_that_registered_a_firm_looks_after_it() {
    let agency_admin = Membership {
        organisation_id: 1,
        role: Role::Admin,
    };
    let firm = Target::organisation(7, None).registered_by(Some(1));
    assert!(authorize(&[agency_admin], Action::UpdateOrganisation, &firm).is_ok());
    let other_admin = Membership {
        organisation_id: 2,
        role: Role::Admin,
    };
    assert!(authorize(&[other_admin], Action::UpdateOrganisation, &firm).is_err());
}

#[test]
fn a_cooperative_membership_does_not_reach_its_consortium() {
    let admin = Membership {
        organisation_id: 11,
        role: Role::Admin,
    };
    let consortium = Target::organisation(10, None);
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
        assert!(authorize(&[], action, &Target::organisation(1, None)).is_err());
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
            pairs.iter().map(|&(organisation_id, role)| Membership { organisation_id, role }).collect()
        };
        let target = Target::organisation(target_org, consortium);
        let before = to_memberships(&base);
        let mut after = before.clone();
        after.extend(to_memberships(&[extra]));
        if authorize(&before, action, &target).is_ok() {
            prop_assert!(authorize(&after, action, &target).is_ok());
        }
    }

    /// Whatever is allowed on another organisation is allowed on one's own.
    #[test]
    fn nothing_is_allowed_on_another_organisation_that_is_refused_on_ones_own(
        role in any_role(), action in any_action(),
    ) {
        if allowed(role, action, Relation::Other) {
            prop_assert!(allowed(role, action, Relation::Own));
        }
    }
}
