//! Interviews and the household timeline on both backends, over the demo
//! data: every kind of record in one list, newest first, filtered and paged
//! alike; health notes only when asked for, and then audited; an interview on
//! a path moves it in the same unit.

use filiera_domain::ids::{HouseholdId, OrganisationId, ParticipantId, PathId};
use filiera_domain::pathways::interview::InterviewDraft;
use filiera_domain::pathways::timeline::{TimelineEntry, TimelineKind, newest_first};
use filiera_fixtures::demo::second_tenant::SECOND_AGENCY;
use filiera_storage::pathways::households::{self, HouseholdQuery};
use filiera_storage::pathways::interviews::{self, InterviewSubject};
use filiera_storage::pathways::paths;
use filiera_storage::pathways::timeline::{HealthNotes, TimelineQuery, timeline};
use filiera_storage::{Actor, PageRequest, StorageError, Store, audit_log, clock, organisations};
use std::cmp::Ordering;

const AGENCY: &str = "Società della Salute della Zona Pisana";

async fn agency(store: &Store, name: &str) -> OrganisationId {
    organisations::find_by_name(store, name).await.unwrap().expect(name).id
}

/// The demo household whose reference person is called `surname`.
async fn household(store: &Store, agency_name: &str, surname: &str) -> HouseholdId {
    let query = HouseholdQuery {
        agencies: vec![agency(store, agency_name).await],
        cooperatives: vec![],
        search: (!surname.is_empty()).then(|| surname.into()),
        social_worker_id: None,
    };
    let page = households::list(store, &query, PageRequest::new(None, None))
        .await
        .unwrap();
    page.items.first().expect(surname).id
}

async fn whole(store: &Store, id: HouseholdId, kind: Option<TimelineKind>) -> Vec<TimelineEntry> {
    let query = TimelineQuery {
        kind,
        page: PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)),
    };
    let page = timeline(store, id, query, HealthNotes::Withheld).await.unwrap();
    assert_eq!(
        page.total as usize,
        page.items.len(),
        "one page holds the whole demo household"
    );
    page.items
}

fn social_worker() -> Actor {
    Actor {
        user_id: None,
        label: "social.worker@demo.filiera.eu".into(),
        ip: None,
    }
}

fn interview(attendees: &str) -> filiera_domain::pathways::interview::ValidInterview {
    InterviewDraft {
        held_on: Some(clock::today()),
        attendees: attendees.into(),
        notes: Some("Talked about the laundry.".into()),
    }
    .validate(clock::today())
    .unwrap()
}

async fn a_closed_case_reads_as_one_history_of_every_kind_newest_first(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let esposito = household(store, AGENCY, "Esposito").await;
    let entries = whole(store, esposito, None).await;
    let kinds: std::collections::BTreeSet<TimelineKind> = entries.iter().map(|e| e.kind).collect();
    for kind in [
        TimelineKind::StateChange,
        TimelineKind::Interview,
        TimelineKind::Handover,
        TimelineKind::Intervention,
        TimelineKind::Closure,
        TimelineKind::FollowUp,
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    for pair in entries.windows(2) {
        assert_ne!(newest_first(&pair[0], &pair[1]), Ordering::Greater, "{pair:?}");
    }
    let closure = entries.iter().find(|e| e.kind == TimelineKind::Closure).unwrap();
    let story = filiera_fixtures::demo::DemoCalendar::as_of(clock::today());
    assert_eq!(closure.on, story.on(time::macros::date!(2022 - 06 - 30)));
    assert_eq!(closure.detail.as_deref(), Some("hired_elsewhere"));
    assert!(closure.author.is_some());
    let follow_up = entries.iter().find(|e| e.kind == TimelineKind::FollowUp).unwrap();
    assert_eq!(follow_up.summary.as_deref(), Some("6"));
    let first = entries
        .iter()
        .find(|e| e.kind == TimelineKind::Interview && e.detail.as_deref() == Some("first_interview"))
        .expect("the demo's first interview");
    assert_eq!(first.subject.as_deref(), Some("Luca Esposito"));
    assert!(first.summary.as_deref().unwrap_or("").contains("psychotherapist"));
}

async fn a_kind_filter_and_pages_cut_the_same_order(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let kaur = household(store, AGENCY, "Kaur").await;
    let all = whole(store, kaur, None).await;
    assert!(all.len() > 8, "{}", all.len());
    let activities = whole(store, kaur, Some(TimelineKind::Activity)).await;
    assert!(activities.len() >= 3, "the demo register of Kaur");
    let expected: Vec<TimelineEntry> = all
        .iter()
        .filter(|e| e.kind == TimelineKind::Activity)
        .cloned()
        .collect();
    assert_eq!(activities, expected);
    let mut paged = Vec::new();
    for page in 1.. {
        let query = TimelineQuery {
            kind: None,
            page: PageRequest::new(Some(page), Some(3)),
        };
        let got = timeline(store, kaur, query, HealthNotes::Withheld).await.unwrap();
        assert_eq!(got.total as usize, all.len());
        if got.items.is_empty() {
            break;
        }
        paged.extend(got.items);
    }
    assert_eq!(paged, all);
    // Another agency's household shares nothing with this one.
    let livorno = household(store, SECOND_AGENCY, "").await;
    let theirs = whole(store, livorno, None).await;
    assert!(!theirs.is_empty());
    assert!(theirs.iter().all(|e| e.subject.as_deref() != Some("Harpreet Kaur")));
}

async fn health_notes_come_only_when_asked_and_every_read_is_audited(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let rossi = household(store, AGENCY, "Rossi").await;
    let reads = async || {
        let query = audit_log::AuditQuery {
            action_prefix: Some("health_note.read".into()),
            ..Default::default()
        };
        audit_log::list(store, &query, PageRequest::default())
            .await
            .unwrap()
            .items
    };
    let forms = whole(store, rossi, Some(TimelineKind::Assessment)).await;
    assert!(
        forms.iter().any(|e| e.has_health_note),
        "the demo form has health notes"
    );
    assert!(forms.iter().all(|e| e.health_note.is_none()));
    assert!(reads().await.is_empty(), "withheld notes are not a read");
    let actor = social_worker();
    let query = TimelineQuery {
        kind: None,
        page: PageRequest::default(),
    };
    let page = timeline(store, rossi, query, HealthNotes::ReadBy(&actor))
        .await
        .unwrap();
    let read = page
        .items
        .iter()
        .find(|e| e.health_note.is_some())
        .expect("notes for the reader");
    assert!(read.health_note.as_deref().unwrap().contains("anxiety"));
    let audited = reads().await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].resource_id.as_deref(), Some(rossi.to_string().as_str()));
    assert!(audited[0].detail.contains(&read.id.to_string()));
    assert!(!audited[0].detail.contains("anxiety"), "content never reaches the log");
    assert_eq!(audited[0].organisation_id, Some(agency(store, AGENCY).await.get()));
    // A page without forms reads no notes and writes nothing.
    let query = TimelineQuery {
        kind: Some(TimelineKind::StateChange),
        page: PageRequest::default(),
    };
    timeline(store, rossi, query, HealthNotes::ReadBy(&actor))
        .await
        .unwrap();
    assert_eq!(reads().await.len(), 1);
}

async fn referred_path(store: &Store, household_id: HouseholdId) -> (PathId, ParticipantId) {
    let path = paths::for_household(store, household_id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.state == "referred")
        .expect("a referred path");
    (path.id, path.participant_id)
}

async fn an_interview_on_a_referred_path_moves_it_in_the_same_unit(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let benali = household(store, AGENCY, "Benali").await;
    let (path, participant) = referred_path(store, benali).await;
    let mut unit = store.begin(&social_worker()).await.unwrap();
    let subject = InterviewSubject {
        participant_id: None,
        path_id: Some(path),
    };
    let recorded = interviews::record(&mut unit, benali, subject, &interview("Sara, Dr. Neri"))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert_eq!(recorded.path_step.as_deref(), Some("first_interview"));
    assert_eq!(recorded.participant_id, Some(participant));
    assert_eq!(paths::get(store, path).await.unwrap().state, "first_interview");
    let newest = whole(store, benali, None).await;
    let top: Vec<TimelineKind> = newest.iter().take(2).map(|e| e.kind).collect();
    assert!(
        top.contains(&TimelineKind::Interview) && top.contains(&TimelineKind::StateChange),
        "{top:?}"
    );
    let listed = interviews::for_household(store, benali).await.unwrap();
    assert_eq!(listed.first(), Some(&recorded));

    // The second interview follows; a third is refused and nothing is written.
    let mut unit = store.begin(&social_worker()).await.unwrap();
    interviews::record(&mut unit, benali, subject, &interview("Carla"))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&social_worker()).await.unwrap();
    let third = interviews::record(&mut unit, benali, subject, &interview("Carla")).await;
    drop(unit);
    assert!(matches!(third, Err(StorageError::Invalid(e)) if e.for_field("path_id").is_some()));
    assert_eq!(paths::get(store, path).await.unwrap().state, "second_interview");
    assert_eq!(
        interviews::for_household(store, benali).await.unwrap().len(),
        listed.len() + 1
    );
}

async fn an_interview_names_only_this_households_members_and_paths(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let benali = household(store, AGENCY, "Benali").await;
    let rossi = household(store, AGENCY, "Rossi").await;
    let (path, participant) = referred_path(store, benali).await;
    let refused = async |subject: InterviewSubject, field: &str| {
        let mut unit = store.begin(&social_worker()).await.unwrap();
        let result = interviews::record(&mut unit, rossi, subject, &interview("Sara")).await;
        assert!(
            matches!(&result, Err(StorageError::Invalid(e)) if e.for_field(field).is_some()),
            "{result:?}"
        );
    };
    refused(
        InterviewSubject {
            participant_id: Some(participant),
            path_id: None,
        },
        "participant_id",
    )
    .await;
    refused(
        InterviewSubject {
            participant_id: None,
            path_id: Some(path),
        },
        "path_id",
    )
    .await;
    assert_eq!(paths::get(store, path).await.unwrap().state, "referred");
    // Without a path, an interview with the household moves nothing.
    let mut unit = store.begin(&social_worker()).await.unwrap();
    let plain = interviews::record(&mut unit, rossi, InterviewSubject::default(), &interview("Sara"))
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert_eq!(plain.path_step, None);
    let newest = whole(store, rossi, None).await;
    assert_eq!(
        (newest[0].kind, newest[0].id),
        (TimelineKind::Interview, plain.id.get())
    );
}

filiera_fixtures::on_both_backends!(
    a_closed_case_reads_as_one_history_of_every_kind_newest_first,
    a_kind_filter_and_pages_cut_the_same_order,
    health_notes_come_only_when_asked_and_every_read_is_audited,
    an_interview_on_a_referred_path_moves_it_in_the_same_unit,
    an_interview_names_only_this_households_members_and_paths,
);
