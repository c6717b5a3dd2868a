//! Households, paths, assessments (with health notes), projects, interventions
//! and the register, on both backends.

use filiera_domain::ids::{OrganisationId, ProgrammeId, RoundId, ServiceId, UserId};
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_domain::pathways::assessment::{AssessmentDraft, EmployabilityArea, Scale};
use filiera_domain::pathways::closure::{ClosureDraft, Outcome};
use filiera_domain::pathways::guards::{RequestSource, response_due};
use filiera_domain::pathways::household::MemberDraft;
use filiera_domain::pathways::path::PathState;
use filiera_domain::pathways::project::InterventionStatus;
use filiera_domain::user::UserDraft;
use filiera_fixtures::testing::RawSql;
use filiera_storage::pathways::{assessments, households, interventions, paths, projects, register};
use filiera_storage::{Actor, StorageError, Store, audit_log, organisations, users};
use time::macros::date;

struct World {
    agency: OrganisationId,
    social_worker: Actor,
    programme: ProgrammeId,
    round: RoundId,
    course: ServiceId,
}

async fn world(store: &Store) -> World {
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let agency = OrganisationDraft {
        name: "SdS".into(),
        kind: Some(OrganisationKind::PublicAgency),
        ..Default::default()
    };
    let agency = organisations::create(&mut unit, &agency.validate().unwrap(), None)
        .await
        .unwrap()
        .id;
    let user = UserDraft {
        email: "sw@sds.example".into(),
        display_name: "Sara".into(),
    }
    .validate()
    .unwrap();
    let user = users::create(&mut unit, &user, "x").await.unwrap();
    users::set_membership(&mut unit, user.id, agency, filiera_domain::role::Role::SocialWorker)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    // Programme, round and a two-seat course, entered as a fixture.
    store
        .execute_raw_for_tests(&format!(
            "INSERT INTO programmes (name, agency_id, created_at, updated_at) VALUES ('ALI', {agency}, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"
        ))
        .await;
    store
        .execute_raw_for_tests(
            "INSERT INTO rounds (programme_id, number, start_date, end_date) VALUES (1, 1, '2026-01-01', '2026-06-30')",
        )
        .await;
    store
        .execute_raw_for_tests(
            "INSERT INTO services (programme_id, code, name, kind, interest_tags, created_at) \
             VALUES (1, 'forklift', 'Forklift training', 'training_course', 'logistics', '2026-01-01T00:00:00.000Z')",
        )
        .await;
    store
        .execute_raw_for_tests("INSERT INTO service_capacity (service_id, round_id, capacity) VALUES (1, 1, 2)")
        .await;
    World {
        agency,
        social_worker: Actor {
            user_id: Some(user.id.get()),
            label: "sw@sds.example".into(),
            ip: None,
        },
        programme: ProgrammeId(1),
        round: RoundId(1),
        course: ServiceId(1),
    }
}

fn person(first: &str, interests: &[&str]) -> MemberDraft {
    MemberDraft {
        first_name: first.into(),
        last_name: "Haddad".into(),
        birth_date: Some(date!(1985 - 03 - 04)),
        interests: interests.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    }
}

async fn household(
    store: &Store,
    w: &World,
    first: &str,
    interests: &[&str],
) -> (households::Household, households::Member) {
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let head = person(first, interests).validate(date!(2026 - 11 - 23)).unwrap();
    let created = households::create(
        &mut unit,
        w.agency,
        Some("Pisa"),
        None,
        w.social_worker.user_id.map(UserId),
        &head,
    )
    .await
    .unwrap();
    unit.commit().await.unwrap();
    created
}

async fn a_household_is_registered_and_a_namesake_is_flagged_as_a_possible_duplicate(store: &Store) {
    let w = world(store).await;
    let (h, member) = household(store, &w, "Omar", &[]).await;
    assert!(h.reference.starts_with("H-"));
    assert_eq!(h.social_worker_name.as_deref(), Some("Sara"));
    let again = person("omar", &[]).validate(date!(2026 - 11 - 23)).unwrap();
    let duplicates = households::possible_duplicates(store, &again).await.unwrap();
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].0.id, member.id);
}

async fn a_path_moves_only_by_legal_steps_and_keeps_its_history(store: &Store) {
    let w = world(store).await;
    let (_, member) = household(store, &w, "Omar", &[]).await;
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let path = paths::open(&mut unit, member.id, w.programme, Some(w.round))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    match paths::move_to(&mut unit, path.id, PathState::ProjectActive, None).await {
        Err(StorageError::Invalid(errors)) => assert!(errors.for_field("state").is_some()),
        other => panic!("expected refusal, got {other:?}"),
    }
    drop(unit);
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    paths::move_to(&mut unit, path.id, PathState::FirstInterview, None)
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::Withdrawn, Some("moved away"))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let history = paths::history(store, path.id).await.unwrap();
    let states: Vec<&str> = history.iter().map(|e| e.to_state.as_str()).collect();
    assert_eq!(states, vec!["referred", "first_interview", "withdrawn"]);
    assert_eq!(history[2].reason.as_deref(), Some("moved away"));
    assert_eq!(history[2].actor.as_deref(), Some("Sara"));
}

async fn a_participant_has_at_most_one_open_path_per_programme(store: &Store) {
    let w = world(store).await;
    let (_, member) = household(store, &w, "Omar", &[]).await;
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    paths::open(&mut unit, member.id, w.programme, Some(w.round))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    assert!(matches!(
        paths::open(&mut unit, member.id, w.programme, Some(w.round)).await,
        Err(StorageError::Conflict(_))
    ));
}

async fn health_notes_are_kept_apart_and_every_read_is_audited(store: &Store) {
    let w = world(store).await;
    let (_, member) = household(store, &w, "Omar", &[]).await;
    let draft = AssessmentDraft {
        assessed_on: Some(date!(2026 - 11 - 02)),
        scores: EmployabilityArea::ALL.iter().map(|a| (*a, 3)).collect(),
        health_notes: Some("diabetes, follows therapy".into()),
        ..Default::default()
    };
    let form = draft.validate(&Scale::default(), date!(2026 - 11 - 23)).unwrap();
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let id = assessments::create(&mut unit, member.id, &form).await.unwrap();
    unit.commit().await.unwrap();
    let views = assessments::for_participant(store, member.id).await.unwrap();
    assert!(views[0].has_health_notes);
    assert!(!serde_json::to_string(&views).unwrap().contains("diabetes"));
    let log = audit_log::list(store, &Default::default(), Default::default())
        .await
        .unwrap();
    assert!(
        !log.items.iter().any(|e| e.detail.contains("diabetes")),
        "content never reaches the log"
    );
    let notes = assessments::read_health_notes(store, &w.social_worker, id)
        .await
        .unwrap();
    assert_eq!(notes.as_deref(), Some("diabetes, follows therapy"));
    let log = audit_log::list(store, &Default::default(), Default::default())
        .await
        .unwrap();
    let read = log
        .items
        .iter()
        .find(|e| e.action == "health_note.read")
        .expect("read audited");
    assert_eq!(read.actor, "sw@sds.example");
    assert_eq!(read.organisation_id, Some(w.agency.get()));
    let audience = assessments::health_audience(store, member.id).await.unwrap();
    assert_eq!(audience.social_worker_in_charge, w.social_worker.user_id.map(UserId));
}

async fn a_project_runs_from_second_interview_to_closure_with_guards(store: &Store) {
    let w = world(store).await;
    let (h, member) = household(store, &w, "Omar", &["cooking"]).await;
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let path = paths::open(&mut unit, member.id, w.programme, Some(w.round))
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::FirstInterview, None)
        .await
        .unwrap();
    paths::move_to(&mut unit, path.id, PathState::SecondInterview, None)
        .await
        .unwrap();
    let new = projects::NewProject {
        household_id: h.id,
        programme_id: w.programme,
        round_id: Some(w.round),
        cooperative_id: None,
        focus_participant_id: member.id,
        case_manager_id: None,
        started_on: date!(2026 - 02 - 01),
    };
    let project = projects::create(&mut unit, &new).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(paths::get(store, path.id).await.unwrap().state, "project_active");

    let course = |justification: Option<&str>, end| interventions::NewIntervention {
        project_id: project.id,
        participant_id: member.id,
        service_id: w.course,
        round_id: Some(w.round),
        funding_stream_id: None,
        planned_start: Some(date!(2026 - 03 - 01)),
        planned_end: Some(end),
        minutes: 600,
        cost_cents: 25_000,
        justification: justification.map(str::to_owned),
    };
    // Interest fit: forklift is not among Omar's interests.
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    match interventions::add_intervention(&mut unit, &course(None, date!(2026 - 05 - 01))).await {
        Err(StorageError::Invalid(errors)) => assert!(errors.for_field("justification").is_some()),
        other => panic!("expected interest-fit refusal, got {other:?}"),
    }
    drop(unit);
    // Justified, twice: the course has two seats; a third is refused with the waiting list offered.
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let first = interventions::add_intervention(
        &mut unit,
        &course(Some("needed for the warehouse job"), date!(2026 - 07 - 15)),
    )
    .await
    .unwrap();
    interventions::add_intervention(
        &mut unit,
        &course(Some("second module of the licence"), date!(2026 - 05 - 01)),
    )
    .await
    .unwrap();
    match interventions::add_intervention(
        &mut unit,
        &course(Some("third attempt at the licence"), date!(2026 - 05 - 01)),
    )
    .await
    {
        Err(StorageError::Conflict(errors)) => {
            assert_eq!(
                errors.for_field("service_id").map(|m| m.key()),
                Some("error-capacity-full")
            )
        }
        other => panic!("expected a full service, got {other:?}"),
    }
    unit.commit().await.unwrap();
    // Time fit: the first one ends after its round.
    assert_eq!(projects::conflicts_of(&first).len(), 1);
    let flagged = interventions::with_time_conflicts(store, &[w.agency]).await.unwrap();
    assert_eq!(flagged.len(), 1);

    let mut unit = store.begin(&w.social_worker).await.unwrap();
    interventions::change_intervention_status(&mut unit, first.id, InterventionStatus::Active, None)
        .await
        .unwrap();
    register::add_entry(
        &mut unit,
        &register::NewEntry {
            project_id: project.id,
            participant_id: Some(member.id),
            intervention_id: Some(first.id),
            kind: filiera_domain::pathways::project::ActivityKind::SessionAttended,
            occurred_on: date!(2026 - 03 - 02),
            minutes: 240,
            text: "first lesson".into(),
        },
    )
    .await
    .unwrap();
    let closure = ClosureDraft {
        closed_on: Some(date!(2026 - 06 - 30)),
        objectives_achieved: "licence obtained".into(),
        skills_acquired: "forklift".into(),
        critical_issues: "none".into(),
        resources_activated: "course".into(),
        outcome: Some(Outcome::HiredElsewhere),
    }
    .validate(date!(2026 - 02 - 01), date!(2026 - 11 - 23))
    .unwrap();
    projects::close(&mut unit, project.id, &closure).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(paths::get(store, path.id).await.unwrap().state, "closed");
    assert_eq!(projects::get(store, project.id).await.unwrap().status, "closed");
    assert_eq!(
        register::entries(store, project.id, Default::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert!(audit_log::verify(store, |_, _| {}).await.unwrap() > 10);
}

async fn an_overdue_request_is_listed_until_it_is_answered(store: &Store) {
    let w = world(store).await;
    let (h, _) = household(store, &w, "Omar", &[]).await;
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    let id = register::open_request(
        &mut unit,
        h.id,
        RequestSource::Household,
        "help with the rent form",
        date!(2026 - 11 - 02),
        response_due(date!(2026 - 11 - 02)),
    )
    .await
    .unwrap();
    unit.commit().await.unwrap();
    let overdue = register::overdue(store, &[w.agency], date!(2026 - 11 - 23))
        .await
        .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].due_on, date!(2026 - 11 - 09));
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    register::answer_request(&mut unit, id, "called back, appointment set")
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert!(
        register::overdue(store, &[w.agency], date!(2026 - 11 - 23))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_handover_keeps_the_history_for_the_new_social_worker(store: &Store) {
    let w = world(store).await;
    let (h, _) = household(store, &w, "Omar", &[]).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let next = UserDraft {
        email: "sw2@sds.example".into(),
        display_name: "Luca".into(),
    }
    .validate()
    .unwrap();
    let next = users::create(&mut unit, &next, "x").await.unwrap();
    users::set_membership(&mut unit, next.id, w.agency, filiera_domain::role::Role::SocialWorker)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&w.social_worker).await.unwrap();
    households::reassign_social_worker(&mut unit, h.id, next.id, "Internship running; rent request pending")
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let history = households::assignments(store, h.id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].to_at.is_some());
    assert_eq!(history[1].user_name, "Luca");
    assert_eq!(
        households::get(store, h.id).await.unwrap().social_worker_id,
        Some(next.id)
    );
}

filiera_fixtures::on_both_backends!(
    a_household_is_registered_and_a_namesake_is_flagged_as_a_possible_duplicate,
    a_path_moves_only_by_legal_steps_and_keeps_its_history,
    a_participant_has_at_most_one_open_path_per_programme,
    health_notes_are_kept_apart_and_every_read_is_audited,
    a_project_runs_from_second_interview_to_closure_with_guards,
    an_overdue_request_is_listed_until_it_is_answered,
    a_handover_keeps_the_history_for_the_new_social_worker,
);
