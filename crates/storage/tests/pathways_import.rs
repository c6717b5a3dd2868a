use filiera_domain::ids::OrganisationId;
use filiera_domain::pathways::import::{CsvFiles, PARTICIPANTS_FILE};
use filiera_fixtures::demo;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::pathways::import::{self, Destination, ImportFailure, import_programme_data};
use filiera_storage::pathways::{catalogue, programmes};
use filiera_storage::{Actor, PageRequest, Store};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/programme/small");

fn small() -> CsvFiles {
    let read = |name: &str| std::fs::read_to_string(format!("{SMALL}/{name}")).expect("fixture");
    CsvFiles {
        rounds: read("rounds.csv"),
        services: read("services.csv"),
        participants: read("participants.csv"),
        interventions: read("interventions.csv"),
    }
}

async fn agency(store: &Store) -> OrganisationId {
    demo::load(store).await.unwrap();
    filiera_storage::organisations::find_by_name(store, "Società della Salute della Zona Pisana")
        .await
        .unwrap()
        .unwrap()
        .id
}

fn new_programme(agency_id: OrganisationId) -> Destination {
    Destination::ByName {
        name: "Pilot 2020".into(),
        agency_id: Some(agency_id),
    }
}

/// What an import could have changed: the programmes, their participants and the audit log.
async fn counts(store: &Store) -> (Vec<(String, usize, usize)>, i64) {
    let mut programmes = Vec::new();
    for p in programmes::list(store).await.unwrap() {
        let participants = import::participant_paths(store, p.id).await.unwrap().len();
        let services = catalogue::list(store, p.id, true).await.unwrap().len();
        programmes.push((p.name, participants, services));
    }
    let audit = audit_log::list(store, &AuditQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .total;
    (programmes, audit)
}

async fn a_clean_folder_creates_the_programme_and_everything_in_it(store: &Store) {
    let agency = agency(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let summary = import_programme_data(&mut unit, &new_programme(agency), &small())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert!(summary.programme_created);
    assert_eq!(
        (
            summary.rounds,
            summary.services,
            summary.participants,
            summary.interventions
        ),
        (2, 3, 6, 7)
    );
    let programme = programmes::get(store, summary.programme_id).await.unwrap();
    assert_eq!(programme.agency_id, agency);
    assert_eq!(programme.rounds.len(), 2);
    let forklift = catalogue::find_by_code(store, programme.id, "forklift")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(forklift.minutes, 12 * 60);
    assert_eq!(forklift.unit_cost_cents, 25_000);
    let paths = import::participant_paths(store, programme.id).await.unwrap();
    let rounds: Vec<Option<i64>> = paths.iter().map(|(_, r, _)| *r).collect();
    assert_eq!(rounds, [Some(1), Some(1), Some(1), Some(1), Some(2), Some(2)]);
    let states: Vec<&str> = paths.iter().map(|(_, _, s)| s.as_str()).collect();
    // P3 has no intervention: referred; the others are in a project.
    assert_eq!(
        states,
        [
            "project_active",
            "project_active",
            "referred",
            "project_active",
            "project_active",
            "project_active"
        ]
    );
}

async fn a_folder_with_one_bad_row_changes_nothing_and_names_the_line(store: &Store) {
    let agency = agency(store).await;
    let before = counts(store).await;
    let mut files = small();
    files.participants = files.participants.replace("P4,1,F,2000,RO,7,", "P4,1,F,2000,RO,seven,");
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let failure = import_programme_data(&mut unit, &new_programme(agency), &files)
        .await
        .unwrap_err();
    drop(unit);
    let ImportFailure::Rows(errors) = failure else {
        panic!("expected row errors, got {failure:?}")
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column.as_str()),
        (PARTICIPANTS_FILE, 5, "household_size")
    );
    assert_eq!(counts(store).await, before);
}

async fn the_same_participants_cannot_be_imported_twice(store: &Store) {
    let agency = agency(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    import_programme_data(&mut unit, &new_programme(agency), &small())
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let before = counts(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let failure = import_programme_data(&mut unit, &new_programme(agency), &small())
        .await
        .unwrap_err();
    drop(unit);
    let ImportFailure::Rows(errors) = failure else {
        panic!("expected row errors, got {failure:?}")
    };
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    assert_eq!(counts(store).await, before);
}

async fn a_new_programme_needs_an_agency(store: &Store) {
    agency(store).await;
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let to = Destination::ByName {
        name: "Nobody's".into(),
        agency_id: None,
    };
    let failure = import_programme_data(&mut unit, &to, &small()).await.unwrap_err();
    let ImportFailure::Rows(errors) = failure else {
        panic!("expected row errors, got {failure:?}")
    };
    assert_eq!(errors[0].column, "agency");
}

filiera_fixtures::on_both_backends!(
    a_clean_folder_creates_the_programme_and_everything_in_it,
    a_folder_with_one_bad_row_changes_nothing_and_names_the_line,
    the_same_participants_cannot_be_imported_twice,
    a_new_programme_needs_an_agency,
);
