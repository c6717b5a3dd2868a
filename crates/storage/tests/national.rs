//! The synthetic national dataset at a tiny scale: the counts asked for, the
//! same data for the same seed, statistics equal to a naive recomputation from
//! single records, one audit entry in a chain that still verifies.

use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::statistics::{InterventionRecord, ParticipantGroup, RoundInfo, activations, compute};
use filiera_fixtures::national::{self, Quiet, Scale};
use filiera_fixtures::testing::TestDatabase;
use filiera_storage::pathways::statistics::participant_statistics;
use filiera_storage::{Backend, StorageError, audit_log};
use sqlx::AnyPool;
use std::collections::HashMap;

const TINY: Scale = Scale {
    participants: 200,
    cooperatives: 5,
    activity_entries: 2_000,
};

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    n
}

type PersonRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);
type EntryRow = (i64, i64, String, String, i64);

async fn fingerprint(pool: &AnyPool) -> (Vec<PersonRow>, Vec<EntryRow>) {
    let people = sqlx::query_as(
        "SELECT household_id, gender, birth_date, country_of_birth, employment_status, \
         CAST(CASE WHEN minimum_income THEN 1 WHEN NOT minimum_income THEN 0 END AS BIGINT) \
         FROM participants ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .expect("people");
    let entries = sqlx::query_as(
        "SELECT project_id, intervention_id, kind, occurred_on, minutes FROM activity_entries ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .expect("entries");
    (people, entries)
}

/// The statistics recomputed from one record per path and per intervention.
async fn naive_statistics(
    pool: &AnyPool,
    programme: ProgrammeId,
) -> filiera_domain::pathways::statistics::ParticipantStatistics {
    let rounds: Vec<(i64, String)> =
        sqlx::query_as("SELECT number, start_date FROM rounds WHERE programme_id = $1 ORDER BY number")
            .bind(programme)
            .fetch_all(pool)
            .await
            .expect("rounds");
    let rounds: Vec<RoundInfo> = rounds
        .into_iter()
        .map(|(number, start)| RoundInfo {
            number: number as u32,
            start_year: start[..4].parse().expect("year"),
        })
        .collect();
    let services: Vec<(String,)> = sqlx::query_as("SELECT code FROM services WHERE programme_id = $1 ORDER BY id")
        .bind(programme)
        .fetch_all(pool)
        .await
        .expect("services");
    let members: Vec<(i64,)> = sqlx::query_as("SELECT household_id FROM participants")
        .fetch_all(pool)
        .await
        .expect("members");
    let mut stored: HashMap<i64, i64> = HashMap::new();
    for (household,) in members {
        *stored.entry(household).or_default() += 1;
    }
    type PathRow = (
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
        i64,
        Option<i64>,
        i64,
        Option<i64>,
    );
    let paths: Vec<PathRow> = sqlx::query_as(
        "SELECT r.number, p.gender, p.birth_year, p.country_of_birth, p.household_id, h.declared_size, \
         CAST(CASE WHEN h.members_recorded THEN 1 ELSE 0 END AS BIGINT), \
         CAST(CASE WHEN p.single_parent THEN 1 WHEN NOT p.single_parent THEN 0 END AS BIGINT) \
         FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id \
         LEFT JOIN rounds r ON r.id = pa.round_id WHERE pa.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
    .expect("paths");
    let groups: Vec<ParticipantGroup> = paths
        .into_iter()
        .map(
            |(round, gender, birth_year, country, household, declared, recorded, single)| ParticipantGroup {
                round: round.map(|r| r as u32),
                gender: gender.and_then(|g| g.parse::<Gender>().ok()),
                birth_year: birth_year.map(|y| y as i32),
                country_of_birth: country,
                household_size: declared.or((recorded == 1).then(|| stored[&household])),
                single_parent: single.map(|s| s == 1),
                count: 1,
            },
        )
        .collect();
    let interventions: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT i.participant_id, r.number, s.code, i.status FROM interventions i \
         JOIN rounds r ON r.id = i.round_id JOIN services s ON s.id = i.service_id WHERE r.programme_id = $1",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
    .expect("interventions");
    let records: Vec<InterventionRecord> = interventions
        .into_iter()
        .map(|(participant, round, service, status)| InterventionRecord {
            participant,
            round: round as u32,
            service,
            cancelled: status == "cancelled",
        })
        .collect();
    let services: Vec<String> = services.into_iter().map(|(c,)| c).collect();
    compute(&rounds, &services, &groups, &activations(&records))
}

async fn a_tiny_national_dataset_is_complete_reproducible_and_audited(first: &TestDatabase, second: &TestDatabase) {
    let summary = national::generate(&first.store, TINY, 42, &mut Quiet)
        .await
        .expect("generate");
    let pool = AnyPool::connect(&first.url).await.expect("pool");
    assert_eq!(summary.participants, 200);
    assert_eq!(summary.cooperatives, 5);
    assert_eq!(summary.activity_entries, 2_000);
    let programme = summary.programme_id;
    let paths = format!("SELECT COUNT(*) FROM paths WHERE programme_id = {programme}");
    assert_eq!(count(&pool, &paths).await, 200);
    let cooperatives = format!("SELECT COUNT(*) FROM programme_cooperatives WHERE programme_id = {programme}");
    assert_eq!(count(&pool, &cooperatives).await, 5);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM activity_entries").await, 2_000);
    let interventions = count(&pool, "SELECT COUNT(*) FROM interventions").await;
    assert_eq!(interventions as u64, summary.interventions);
    assert!(
        interventions > 200,
        "about two interventions per participant, got {interventions}"
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM closures").await as u64,
        summary.closures
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM follow_ups").await as u64,
        summary.follow_ups
    );
    assert!(summary.closures > 0 && summary.follow_ups > 0, "{summary:?}");

    let stats = participant_statistics(&first.store, programme)
        .await
        .expect("statistics");
    assert_eq!(stats, naive_statistics(&pool, programme).await);
    assert_eq!(stats.rounds.last().map(|t| t.participants), Some(200));

    let entries = audit_log::verify(&first.store, |_, _| {})
        .await
        .expect("the chain verifies");
    assert_eq!(entries, 1, "one audit entry for the whole dataset");

    let again = national::generate(&first.store, TINY, 42, &mut Quiet).await;
    assert!(matches!(again, Err(StorageError::Conflict(_))), "{again:?}");

    national::generate(&second.store, TINY, 42, &mut Quiet)
        .await
        .expect("generate again");
    let other = AnyPool::connect(&second.url).await.expect("pool");
    assert_eq!(fingerprint(&pool).await, fingerprint(&other).await);
    pool.close().await;
    other.close().await;
}

#[tokio::test]
async fn sqlite() {
    let (first, second) = (TestDatabase::sqlite().await, TestDatabase::sqlite().await);
    assert_eq!(first.store.backend(), Backend::Sqlite);
    a_tiny_national_dataset_is_complete_reproducible_and_audited(&first, &second).await;
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn postgres() {
    let (Some(first), Some(second)) = (TestDatabase::postgres().await, TestDatabase::postgres().await) else {
        eprintln!("skipped: FILIERA_TEST_POSTGRES_URL is not set");
        return;
    };
    a_tiny_national_dataset_is_complete_reproducible_and_audited(&first, &second).await;
    first.finish().await;
    second.finish().await;
}
