//! The policy table, role × action × own/other organisation, decided from
//! memberships and organisations as stored, on both backends.

use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind};
use filiera_domain::policy::{Action, Relation, Target, allowed, authorize};
use filiera_domain::role::Role;
use filiera_domain::user::UserDraft;
use filiera_storage::{Actor, Store, Unit, organisations, users};

async fn org(
    unit: &mut Unit,
    name: &str,
    kind: OrganisationKind,
    consortium: Option<OrganisationId>,
    registered_by: Option<OrganisationId>,
) -> OrganisationId {
    let draft = OrganisationDraft {
        name: name.into(),
        kind: Some(kind),
        cooperative_type: (kind == OrganisationKind::Cooperative).then_some(CooperativeType::B),
        consortium_id: consortium,
        ..Default::default()
    };
    organisations::create(unit, &draft.validate().unwrap(), registered_by)
        .await
        .unwrap()
        .id
}

/// Checks every role and action for a user whose one membership is in
/// `home`, against a target that must relate to it as `relation`.
async fn check_table(
    store: &Store,
    unit_label: &str,
    home: OrganisationId,
    target_org: OrganisationId,
    relation: Relation,
) {
    let target: Target = organisations::target(store, target_org).await.unwrap();
    for role in Role::ALL {
        let email = format!("{}.{}.{}@test.example", role.as_str(), unit_label, target_org);
        let mut unit = store.begin(&Actor::system("test")).await.unwrap();
        let user = users::create(
            &mut unit,
            &UserDraft {
                email,
                display_name: "T".into(),
            }
            .validate()
            .unwrap(),
            "x",
        )
        .await
        .unwrap();
        users::set_membership(&mut unit, user.id, home, role).await.unwrap();
        unit.commit().await.unwrap();
        let memberships: Vec<_> = users::memberships(store, user.id)
            .await
            .unwrap()
            .iter()
            .map(|m| m.membership())
            .collect();
        for action in Action::all() {
            let decided = authorize(&memberships, action, &target).is_ok();
            assert_eq!(
                decided,
                allowed(role, action, relation),
                "{role} {action:?} {relation:?} ({unit_label})"
            );
        }
    }
}

async fn every_role_and_action_is_decided_by_the_table_for_each_relation_as_stored(store: &Store) {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let agency = org(&mut unit, "Agency", OrganisationKind::PublicAgency, None, None).await;
    let consortium = org(&mut unit, "Consortium", OrganisationKind::Consortium, None, None).await;
    let member = org(
        &mut unit,
        "Member cooperative",
        OrganisationKind::Cooperative,
        Some(consortium),
        None,
    )
    .await;
    let outsider = org(
        &mut unit,
        "Outside cooperative",
        OrganisationKind::Cooperative,
        None,
        None,
    )
    .await;
    let firm = org(&mut unit, "Partner firm", OrganisationKind::Firm, None, Some(agency)).await;
    let new_cooperative = org(
        &mut unit,
        "Cooperative not yet on filiera",
        OrganisationKind::Cooperative,
        Some(consortium),
        None,
    )
    .await;
    let second_agency = org(
        &mut unit,
        "Agency registered by the first",
        OrganisationKind::PublicAgency,
        None,
        Some(agency),
    )
    .await;
    unit.commit().await.unwrap();

    // Stewards of organisations without users of their own keep their entries.
    check_table(store, "registrar", agency, firm, Relation::RegisteredEntry).await;
    check_table(
        store,
        "new-member",
        consortium,
        new_cooperative,
        Relation::MemberCooperative { self_governing: false },
    )
    .await;
    check_table(
        store,
        "registrar-of-agency",
        agency,
        second_agency,
        Relation::RegisteredEntry,
    )
    .await;
    // Membership in the organisation itself (which gives it users), and in none related to the target.
    check_table(store, "same", member, member, Relation::Own).await;
    check_table(store, "second-agency", second_agency, second_agency, Relation::Own).await;
    check_table(store, "unrelated", member, outsider, Relation::Other).await;
    // Once an organisation has users it governs itself: the consortium keeps
    // its consortium-level work, the registrar keeps nothing.
    check_table(
        store,
        "consortium",
        consortium,
        member,
        Relation::MemberCooperative { self_governing: true },
    )
    .await;
    check_table(store, "former-registrar", agency, second_agency, Relation::Other).await;
    // Stewardship does not flow upwards or sideways.
    check_table(store, "upwards", member, consortium, Relation::Other).await;
    check_table(store, "sideways", consortium, outsider, Relation::Other).await;
}

filiera_fixtures::on_both_backends!(every_role_and_action_is_decided_by_the_table_for_each_relation_as_stored);
