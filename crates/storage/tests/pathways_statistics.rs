use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::import::CsvFiles;
use filiera_domain::pathways::statistics::{Dimension, RoundKey};
use filiera_fixtures::demo;
use filiera_fixtures::testing::RawSql;
use filiera_storage::pathways::import::{Destination, import_programme_data};
use filiera_storage::pathways::statistics::participant_statistics;
use filiera_storage::{Actor, Store, organisations};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/tests/fixtures/programme/small");

async fn import_small(store: &Store) -> ProgrammeId {
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
    let programme = filiera_storage::pathways::programmes::find_by_name(store, filiera_fixtures::demo::DEMO_PROGRAMME)
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

/// Households whose stored member count differs from their recorded members.
async fn miscounted_households(store: &Store) -> u64 {
    store
        .execute_raw_for_tests(
            "UPDATE households SET id = id \
             WHERE member_count <> (SELECT COUNT(*) FROM participants p WHERE p.household_id = households.id)",
        )
        .await
}

async fn each_household_keeps_its_member_count_whatever_writes_the_members(store: &Store) {
    demo::load(store).await.unwrap();
    assert_eq!(miscounted_households(store).await, 0, "after the demo");
    let larger = store
        .execute_raw_for_tests("UPDATE households SET id = id WHERE member_count >= 2")
        .await;
    assert!(larger > 0, "the demo records households of several members");
    let steps = [
        // One statement adding two members to one household and one to another.
        "INSERT INTO participants (household_id, first_name, last_name, created_at, updated_at) \
         SELECT id, 'New', 'Member', '2024-01-01', '2024-01-01' FROM households \
         WHERE id = (SELECT MIN(id) FROM households) \
         UNION ALL SELECT id, 'Second', 'Member', '2024-01-01', '2024-01-01' FROM households \
         WHERE id = (SELECT MIN(id) FROM households) \
         UNION ALL SELECT id, 'Other', 'Member', '2024-01-01', '2024-01-01' FROM households \
         WHERE id = (SELECT MAX(id) FROM households)",
        "UPDATE participants SET household_id = (SELECT MAX(id) FROM households) \
         WHERE id = (SELECT MAX(id) FROM participants)",
        "UPDATE participants SET first_name = first_name",
        "DELETE FROM participants WHERE first_name IN ('New', 'Other')",
    ];
    for step in steps {
        let changed = store.execute_raw_for_tests(step).await;
        assert!(changed > 0, "{step}");
        assert_eq!(miscounted_households(store).await, 0, "after {step}");
    }
}

filiera_fixtures::on_both_backends!(
    each_household_keeps_its_member_count_whatever_writes_the_members,
    the_report_of_an_imported_folder_matches_the_hand_computed_csv,
    the_demo_programme_without_participants_reports_its_eleven_services_at_zero,
);
