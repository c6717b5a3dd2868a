//! The case list on both backends: search in any order and case, each filter,
//! "only mine" for a case manager, sort, pagination, and the wall between two
//! agencies.

use filiera_domain::ids::{HouseholdId, OrganisationId, ProgrammeId, RoundId, UserId};
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_domain::pathways::guards::RequestSource;
use filiera_domain::pathways::household::MemberDraft;
use filiera_domain::pathways::path::PathState;
use filiera_domain::role::Role;
use filiera_domain::user::UserDraft;
use filiera_fixtures::testing::RawSql;
use filiera_storage::pathways::case_list::{self, CaseListQuery, CaseRow, CaseSort};
use filiera_storage::pathways::{households, paths, projects, register};
use filiera_storage::{Actor, PageRequest, Store, organisations, users};
use time::macros::date;

struct World {
    agency_a: OrganisationId,
    agency_b: OrganisationId,
    sara: UserId,
    luigi: UserId,
    carla: UserId,
    bruno: UserId,
    /// Giulia Esposito (A, first interview, round 1, a request due 2026-11-09).
    giulia: HouseholdId,
    /// Marco Rossi (A, Cascina, project active in round 2, case manager Carla).
    marco: HouseholdId,
    /// Anna Esposito (A, Vecchiano, no path, a tax code).
    anna: HouseholdId,
    /// Another Giulia Esposito, of agency B.
    giulia_b: HouseholdId,
}

fn actor(user: UserId) -> Actor {
    Actor {
        user_id: Some(user.get()),
        label: format!("user {user}"),
        ip: None,
    }
}

async fn organisation(store: &Store, name: &str) -> OrganisationId {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let draft = OrganisationDraft {
        name: name.into(),
        kind: Some(OrganisationKind::PublicAgency),
        ..Default::default()
    };
    let id = organisations::create(&mut unit, &draft.validate().unwrap(), None)
        .await
        .unwrap()
        .id;
    unit.commit().await.unwrap();
    id
}

async fn user(store: &Store, email: &str, name: &str, organisation: OrganisationId, role: Role) -> UserId {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let draft = UserDraft {
        email: email.into(),
        display_name: name.into(),
    };
    let user = users::create(&mut unit, &draft.validate().unwrap(), "x").await.unwrap();
    users::set_membership(&mut unit, user.id, organisation, role)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    user.id
}

async fn household(
    store: &Store,
    agency: OrganisationId,
    worker: UserId,
    first: &str,
    last: &str,
    municipality: &str,
    tax_code: Option<&str>,
) -> (HouseholdId, filiera_domain::ids::ParticipantId) {
    let head = MemberDraft {
        first_name: first.into(),
        last_name: last.into(),
        tax_code: tax_code.map(str::to_owned),
        ..Default::default()
    }
    .validate(date!(2026 - 11 - 23))
    .unwrap();
    let mut unit = store.begin(&actor(worker)).await.unwrap();
    let (h, m) = households::create(&mut unit, agency, Some(municipality), None, Some(worker), &head)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    (h.id, m.id)
}

async fn world(store: &Store) -> World {
    let agency_a = organisation(store, "SdS Pisa").await;
    let agency_b = organisation(store, "Comune di Livorno").await;
    let sara = user(store, "sara@a.example", "Sara", agency_a, Role::SocialWorker).await;
    let luigi = user(store, "luigi@a.example", "Luigi", agency_a, Role::SocialWorker).await;
    let carla = user(store, "carla@a.example", "Carla", agency_a, Role::CaseManager).await;
    let bruno = user(store, "bruno@b.example", "Bruno", agency_b, Role::SocialWorker).await;
    for sql in [
        format!(
            "INSERT INTO programmes (id, name, agency_id, created_at, updated_at) VALUES (1, 'ALI', {agency_a}, \
             '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
        ),
        format!(
            "INSERT INTO programmes (id, name, agency_id, created_at, updated_at) VALUES (2, 'Livorno', {agency_b}, \
             '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
        ),
        "INSERT INTO rounds (id, programme_id, number, start_date, end_date) VALUES (1, 1, 1, '2026-01-01', '2026-06-30')"
            .into(),
        "INSERT INTO rounds (id, programme_id, number, start_date, end_date) VALUES (2, 1, 2, '2026-07-01', '2026-12-31')"
            .into(),
        "INSERT INTO rounds (id, programme_id, number, start_date, end_date) VALUES (3, 2, 1, '2026-01-01', '2026-12-31')"
            .into(),
    ] {
        store.execute_raw_for_tests(&sql).await;
    }
    let (giulia, giulia_p) = household(store, agency_a, sara, "Giulia", "Esposito", "Pisa", None).await;
    let (marco, marco_p) = household(store, agency_a, luigi, "Marco", "Rossi", "Cascina", None).await;
    let (anna, _) = household(
        store,
        agency_a,
        sara,
        "Anna",
        "Esposito",
        "Vecchiano",
        Some("RSSMRA85T10A562S"),
    )
    .await;
    let (giulia_b, giulia_b_p) = household(store, agency_b, bruno, "Giulia", "Esposito", "Livorno", None).await;

    let mut unit = store.begin(&actor(sara)).await.unwrap();
    let path = paths::open(&mut unit, giulia_p, ProgrammeId(1), Some(RoundId(1)))
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::FirstInterview, None)
        .await
        .unwrap();
    register::open_request(
        &mut unit,
        giulia,
        RequestSource::Household,
        "help with the rent form",
        date!(2026 - 11 - 02),
        date!(2026 - 11 - 09),
    )
    .await
    .unwrap();
    let path = paths::open(&mut unit, marco_p, ProgrammeId(1), Some(RoundId(2)))
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::FirstInterview, None)
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::SecondInterview, None)
        .await
        .unwrap();
    projects::create(
        &mut unit,
        &projects::NewProject {
            household_id: marco,
            programme_id: ProgrammeId(1),
            round_id: Some(RoundId(2)),
            cooperative_id: None,
            focus_participant_id: marco_p,
            case_manager_id: Some(carla),
            started_on: date!(2026 - 07 - 06),
        },
    )
    .await
    .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&actor(bruno)).await.unwrap();
    paths::open(&mut unit, giulia_b_p, ProgrammeId(2), Some(RoundId(3)))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    World {
        agency_a,
        agency_b,
        sara,
        luigi,
        carla,
        bruno,
        giulia,
        marco,
        anna,
        giulia_b,
    }
}

/// What agency A's staff may see, with the rest as given.
fn in_a(w: &World) -> CaseListQuery {
    CaseListQuery {
        agencies: vec![w.agency_a],
        cooperatives: vec![w.agency_a],
        ..Default::default()
    }
}

async fn ids(store: &Store, query: &CaseListQuery) -> Vec<HouseholdId> {
    case_list::list(store, query, PageRequest::new(None, Some(50)))
        .await
        .unwrap()
        .items
        .iter()
        .map(|r| r.household.id)
        .collect()
}

async fn row(store: &Store, query: &CaseListQuery, id: HouseholdId) -> CaseRow {
    case_list::list(store, query, PageRequest::new(None, Some(50)))
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|r| r.household.id == id)
        .expect("listed")
}

async fn each_row_says_who_where_and_what_is_due(store: &Store) {
    let w = world(store).await;
    let giulia = row(store, &in_a(&w), w.giulia).await;
    assert_eq!(giulia.focus_person.as_deref(), Some("Giulia Esposito"));
    assert_eq!(giulia.stage.as_deref(), Some("first_interview"));
    assert_eq!(giulia.programme_name.as_deref(), Some("ALI"));
    assert_eq!(giulia.round_number, Some(1));
    assert_eq!(giulia.household.social_worker_name.as_deref(), Some("Sara"));
    assert_eq!(giulia.case_manager_name, None);
    assert_eq!(giulia.next_due_on, Some(date!(2026 - 11 - 09)));
    assert!(giulia.is_overdue(date!(2026 - 11 - 10)) && !giulia.is_overdue(date!(2026 - 11 - 09)));
    let marco = row(store, &in_a(&w), w.marco).await;
    assert_eq!(marco.stage.as_deref(), Some("project_active"));
    assert_eq!((marco.round_id, marco.round_number), (Some(RoundId(2)), Some(2)));
    assert_eq!(marco.case_manager_name.as_deref(), Some("Carla"));
    assert_eq!(marco.next_due_on, None);
    let anna = row(store, &in_a(&w), w.anna).await;
    assert_eq!((anna.stage, anna.programme_id), (None, None));
}

async fn a_search_finds_a_name_in_any_order_and_case_and_a_reference_tax_code_or_municipality(store: &Store) {
    let w = world(store).await;
    let search = |text: &str| CaseListQuery {
        search: Some(text.into()),
        ..in_a(&w)
    };
    assert_eq!(ids(store, &search("giulia esposito")).await, vec![w.giulia]);
    assert_eq!(ids(store, &search("Esposito GIULIA")).await, vec![w.giulia]);
    assert_eq!(ids(store, &search("  esposito ")).await.len(), 2);
    assert_eq!(ids(store, &search("cascina")).await, vec![w.marco]);
    assert_eq!(ids(store, &search("rssmra85t10")).await, vec![w.anna]);
    let reference = households::get(store, w.anna).await.unwrap().reference;
    assert_eq!(ids(store, &search(&reference.to_lowercase())).await, vec![w.anna]);
    assert!(ids(store, &search("giulia rossi")).await.is_empty());
    assert!(
        ids(store, &search("%")).await.len() == 3,
        "LIKE wildcards are plain text"
    );
    assert!(ids(store, &search("'; DROP TABLE households; --")).await.is_empty());
}

async fn each_filter_narrows_the_list(store: &Store) {
    let w = world(store).await;
    let stage = CaseListQuery {
        stage: Some(PathState::ProjectActive),
        ..in_a(&w)
    };
    assert_eq!(ids(store, &stage).await, vec![w.marco]);
    let programme = CaseListQuery {
        programme_id: Some(ProgrammeId(1)),
        ..in_a(&w)
    };
    let mut listed = ids(store, &programme).await;
    listed.sort();
    assert_eq!(listed, vec![w.giulia, w.marco]);
    let round = CaseListQuery {
        round_id: Some(RoundId(1)),
        ..in_a(&w)
    };
    assert_eq!(ids(store, &round).await, vec![w.giulia]);
    let worker = CaseListQuery {
        social_worker_id: Some(w.luigi),
        ..in_a(&w)
    };
    assert_eq!(ids(store, &worker).await, vec![w.marco]);
    let mut mine = ids(
        store,
        &CaseListQuery {
            mine: Some(w.sara),
            ..in_a(&w)
        },
    )
    .await;
    mine.sort();
    assert_eq!(mine, vec![w.giulia, w.anna]);
}

async fn only_mine_for_a_case_manager_lists_the_households_of_her_projects(store: &Store) {
    let w = world(store).await;
    let mine = CaseListQuery {
        mine: Some(w.carla),
        ..in_a(&w)
    };
    assert_eq!(ids(store, &mine).await, vec![w.marco]);
}

async fn sort_and_pages_keep_the_filters(store: &Store) {
    let w = world(store).await;
    let sorted = |sort, descending| CaseListQuery {
        sort,
        descending,
        ..in_a(&w)
    };
    let by_reference = ids(store, &sorted(CaseSort::Reference, false)).await;
    assert_eq!(by_reference, vec![w.giulia, w.marco, w.anna]);
    assert_eq!(
        ids(store, &sorted(CaseSort::Reference, true)).await,
        vec![w.anna, w.marco, w.giulia]
    );
    // By surname: Esposito Anna, Esposito Giulia, Rossi Marco.
    assert_eq!(
        ids(store, &sorted(CaseSort::Name, false)).await,
        vec![w.anna, w.giulia, w.marco]
    );
    assert_eq!(
        ids(store, &sorted(CaseSort::Stage, true)).await,
        vec![w.marco, w.giulia, w.anna]
    );
    assert_eq!(ids(store, &sorted(CaseSort::NextDue, false)).await[0], w.giulia);
    assert_eq!(ids(store, &sorted(CaseSort::NextDue, true)).await[0], w.giulia);

    let esposito = CaseListQuery {
        search: Some("esposito".into()),
        sort: CaseSort::Name,
        ..in_a(&w)
    };
    let first = case_list::list(store, &esposito, PageRequest::new(Some(1), Some(1)))
        .await
        .unwrap();
    let second = case_list::list(store, &esposito, PageRequest::new(Some(2), Some(1)))
        .await
        .unwrap();
    let beyond = case_list::list(store, &esposito, PageRequest::new(Some(5), Some(1)))
        .await
        .unwrap();
    assert_eq!((first.total, second.total, beyond.total), (2, 2, 2));
    assert_eq!(first.items[0].household.id, w.anna);
    assert_eq!(second.items[0].household.id, w.giulia);
    assert!(beyond.items.is_empty());
}

async fn agency_a_never_sees_agency_b_through_any_filter_or_search(store: &Store) {
    let w = world(store).await;
    let queries = [
        in_a(&w),
        CaseListQuery {
            search: Some("giulia esposito".into()),
            ..in_a(&w)
        },
        CaseListQuery {
            search: Some("livorno".into()),
            ..in_a(&w)
        },
        CaseListQuery {
            programme_id: Some(ProgrammeId(2)),
            ..in_a(&w)
        },
        CaseListQuery {
            round_id: Some(RoundId(3)),
            ..in_a(&w)
        },
        CaseListQuery {
            stage: Some(PathState::Referred),
            ..in_a(&w)
        },
        CaseListQuery {
            social_worker_id: Some(w.bruno),
            ..in_a(&w)
        },
    ];
    for query in &queries {
        assert!(!ids(store, query).await.contains(&w.giulia_b), "{query:?}");
    }
    let in_b = CaseListQuery {
        agencies: vec![w.agency_b],
        cooperatives: vec![w.agency_b],
        search: Some("GIULIA".into()),
        ..Default::default()
    };
    assert_eq!(ids(store, &in_b).await, vec![w.giulia_b]);
    let nowhere = CaseListQuery::default();
    assert!(ids(store, &nowhere).await.is_empty());
    let options = case_list::options(store, &[w.agency_a], &[w.agency_a]).await.unwrap();
    assert!(
        options
            .rounds
            .iter()
            .all(|(programme, ..)| *programme == ProgrammeId(1))
    );
    assert_eq!(options.social_workers.len(), 2);
}

filiera_fixtures::on_both_backends!(
    each_row_says_who_where_and_what_is_due,
    a_search_finds_a_name_in_any_order_and_case_and_a_reference_tax_code_or_municipality,
    each_filter_narrows_the_list,
    only_mine_for_a_case_manager_lists_the_households_of_her_projects,
    sort_and_pages_keep_the_filters,
    agency_a_never_sees_agency_b_through_any_filter_or_search,
);
