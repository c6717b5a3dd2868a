use filiera_domain::ids::{ProgrammeId, ServiceId};
use filiera_domain::pathways::catalogue::hsds;
use filiera_domain::pathways::catalogue::{ServiceDraft, ServiceKind};
use filiera_domain::pathways::programme::{ProgrammeDraft, RoundPeriod};
use filiera_fixtures::demo;
use filiera_fixtures::demo::DEMO_PROGRAMME;
use filiera_storage::pathways::catalogue;
use filiera_storage::pathways::programmes::{self, Programme};
use filiera_storage::{Actor, StorageError, Store, organisations};
use time::macros::date;

async fn ali(store: &Store) -> Programme {
    demo::load(store).await.unwrap();
    programmes::find_by_name(store, DEMO_PROGRAMME).await.unwrap().unwrap()
}

fn course(code: &str) -> ServiceDraft {
    ServiceDraft {
        code: code.into(),
        name: "Pizza maker course".into(),
        kind: Some(ServiceKind::TrainingCourse),
        hours: "30".into(),
        unit_cost: "350".into(),
        capacities: vec![(1, 10), (2, 5)],
        interest_tags: vec!["cooking".into()],
        ..Default::default()
    }
}

async fn the_demo_catalogue_has_the_eleven_ali_services_and_hosted_internships(store: &Store) {
    let programme = ali(store).await;
    let services = catalogue::list(store, programme.id, false).await.unwrap();
    let codes: Vec<&str> = services.iter().map(|s| s.code.as_str()).collect();
    for code in [
        "internship",
        "forklift",
        "italian",
        "haccp",
        "safety",
        "home_education",
        "it_training",
        "soft_skills",
        "home_care",
        "psychological_support",
        "orientation",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let internship = services.iter().find(|s| s.code == "internship").unwrap();
    assert_eq!(internship.host_firm_name.as_deref(), Some("Officine Rossi S.r.l."));
    assert_eq!(internship.isco08.as_deref(), Some("8344"));
    assert!(internship.tutor_name.is_some());
    assert_eq!(internship.capacity_in(1), Some(40));
}

async fn a_service_is_stored_with_its_capacity_per_round(store: &Store) {
    let programme = ali(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let stored = catalogue::create(&mut unit, programme.id, &course("pizza").validate().unwrap())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let read = catalogue::get(store, stored.id).await.unwrap();
    assert_eq!(read.capacities, vec![(1, 10), (2, 5)]);
    assert_eq!(read.interest_tags, vec!["cooking".to_owned()]);
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let changed = ServiceDraft {
        capacities: vec![(2, 7)],
        ..course("pizza")
    };
    catalogue::update(&mut unit, stored.id, &changed.validate().unwrap())
        .await
        .unwrap();
    catalogue::archive(&mut unit, stored.id).await.unwrap();
    unit.commit().await.unwrap();
    let read = catalogue::get(store, stored.id).await.unwrap();
    assert_eq!(read.capacities, vec![(2, 7)]);
    assert!(read.archived_at.is_some());
    assert!(
        !catalogue::list(store, programme.id, false)
            .await
            .unwrap()
            .iter()
            .any(|s| s.code == "pizza")
    );
}

async fn codes_are_unique_host_firms_must_be_firms_and_rounds_must_exist(store: &Store) {
    let programme = ali(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let error = catalogue::create(&mut unit, programme.id, &course("forklift").validate().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StorageError::Conflict(e) if e.for_field("code").is_some()),
        "{error:?}"
    );
    let cooperative = programme.cooperatives[0].0;
    // A failed statement ends a PostgreSQL transaction: start another unit.
    drop(unit);
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let internship = ServiceDraft {
        kind: Some(ServiceKind::Internship),
        host_firm_id: Some(cooperative),
        capacities: vec![(3, 1)],
        ..course("new_internship")
    };
    let error = catalogue::create(&mut unit, programme.id, &internship.validate().unwrap())
        .await
        .unwrap_err();
    let StorageError::Invalid(errors) = error else {
        panic!("{error:?}")
    };
    assert!(errors.for_field("host_firm_id").is_some());
    assert!(errors.for_field("capacities").is_some());
}

async fn an_hsds_export_imports_into_another_programme_as_the_same_catalogue(store: &Store) {
    let programme = ali(store).await;
    let document = catalogue::export_hsds(store, programme.id).await.unwrap();
    let agency = organisations::find_by_name(store, "Società della Salute della Zona Pisana")
        .await
        .unwrap()
        .unwrap();
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let copy = programmes::create(
        &mut unit,
        &ProgrammeDraft {
            name: "ALI bis".into(),
            agency_id: Some(agency.id),
            cooperative_ids: programme.cooperatives.iter().map(|(id, _)| *id).collect(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    )
    .await
    .unwrap();
    for (number, start, end) in [
        (1, date!(2023 - 01 - 01), date!(2023 - 12 - 31)),
        (2, date!(2024 - 01 - 01), date!(2024 - 06 - 30)),
    ] {
        programmes::add_round(&mut unit, copy.id, &RoundPeriod::new(number, start, end).unwrap())
            .await
            .unwrap();
    }
    let imported = hsds::import(&document).unwrap();
    catalogue::import_hsds(&mut unit, copy.id, imported).await.unwrap();
    unit.commit().await.unwrap();
    let strip = |services: Vec<catalogue::Service>| {
        services
            .into_iter()
            .map(|s| catalogue::Service {
                id: ServiceId(0),
                programme_id: ProgrammeId(0),
                created_at: time::OffsetDateTime::UNIX_EPOCH,
                ..s
            })
            .collect::<Vec<_>>()
    };
    let original = strip(catalogue::list(store, programme.id, true).await.unwrap());
    let copied = strip(catalogue::list(store, copy.id, true).await.unwrap());
    assert_eq!(copied, original);
}

filiera_fixtures::on_both_backends!(
    the_demo_catalogue_has_the_eleven_ali_services_and_hosted_internships,
    a_service_is_stored_with_its_capacity_per_round,
    codes_are_unique_host_firms_must_be_firms_and_rounds_must_exist,
    an_hsds_export_imports_into_another_programme_as_the_same_catalogue,
);
