use filiera_domain::pathways::import::CsvFiles;
use filiera_domain::pathways::statistics::{Dimension, RoundKey};
use filiera_storage::pathways::import::{Destination, import_programme_data};
use filiera_storage::pathways::statistics::participant_statistics;
use filiera_storage::{Actor, Store, demo, organisations};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/programme/small");

async fn import_small(store: &Store) -> i64 {
    demo::load(store).await.unwrap();
    let agency = organisations::find_by_name(store, "Società della Salute della Zona Pisana")
        .await
        .unwrap()
        .unwrap();
    let read = |name: &str| std::fs::read_to_string(format!("{SMALL}/{name}")).expect("fixture");
    let files = CsvFiles {
        rounds: read("rounds.csv"),
        services: read("services.csv"),
        participants: read("participants.csv"),
        interventions: read("interventions.csv"),
    };
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let to = Destination::ByName {
        name: "Pilot 2020".into(),
        agency_id: Some(agency.id),
    };
    let summary = import_programme_data(&mut unit, &to, &files).await.unwrap();
    unit.commit().await.unwrap();
    summary.programme_id
}

async fn the_report_of_an_imported_folder_matches_the_hand_computed_csv(store: &Store) {
    let programme = import_small(store).await;
    let stats = participant_statistics(store, programme).await.unwrap();
    let expected = std::fs::read_to_string(format!("{SMALL}/expected_participants.csv")).unwrap();
    assert_eq!(stats.to_csv(), expected);
    let averages: Vec<(String, u64, Option<String>)> = stats
        .rounds
        .iter()
        .map(|r| {
            (
                r.round.to_string(),
                r.participants,
                r.average_age.map(|a| a.to_string()),
            )
        })
        .collect();
    assert_eq!(
        averages,
        [
            ("1".to_owned(), 4, Some("36.7".to_owned())),
            ("2".to_owned(), 2, Some("44.5".to_owned())),
            ("total".to_owned(), 6, Some("39.8".to_owned())),
        ]
    );
}

async fn the_demo_programme_without_participants_reports_its_eleven_services_at_zero(store: &Store) {
    demo::load(store).await.unwrap();
    let programme = filiera_storage::pathways::programmes::find_by_name(
        store,
        filiera_storage::pathways::programmes::DEMO_PROGRAMME,
    )
    .await
    .unwrap()
    .unwrap();
    let stats = participant_statistics(store, programme.id).await.unwrap();
    let services: Vec<_> = stats.rows_of(Dimension::Service, RoundKey::Total).collect();
    assert!(services.len() >= 11, "{services:?}");
    assert!(
        services
            .iter()
            .all(|r| r.count == 0 || r.count <= stats.rounds.last().map_or(0, |t| t.participants))
    );
}

filiera_storage::on_both_backends!(
    the_report_of_an_imported_folder_matches_the_hand_computed_csv,
    the_demo_programme_without_participants_reports_its_eleven_services_at_zero,
);
