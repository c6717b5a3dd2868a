//! Participant statistics of a programme: the database groups the records
//! (a few hundred groups, however many participants there are) and the domain
//! computes the tables (`filiera_domain::pathways::statistics`).

use crate::{Result, Store};
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::statistics::{
    ActivationGroup, ParticipantGroup, ParticipantStatistics, RoundInfo, compute,
};
use std::collections::HashMap;

/// Participants by round and by the attributes the tables report. Countries
/// other than Italy are folded into one group here, as the tables do.
const PARTICIPANT_GROUPS: &str = "SELECT r.number, p.gender, p.birth_year, \
     CASE WHEN p.country_of_birth IS NULL THEN NULL WHEN p.country_of_birth = 'IT' THEN 'IT' ELSE 'XX' END, \
     COALESCE(h.declared_size, CASE WHEN h.members_recorded THEN \
     (SELECT COUNT(*) FROM participants m WHERE m.household_id = h.id) END), \
     CAST(CASE WHEN p.single_parent IS NULL THEN NULL WHEN p.single_parent THEN 1 ELSE 0 END AS BIGINT), \
     COUNT(*) \
     FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id \
     LEFT JOIN rounds r ON r.id = pa.round_id WHERE pa.programme_id = $1 GROUP BY 1, 2, 3, 4, 5, 6";

/// A participant counts once per service and round; cancelled interventions do
/// not count. Grouped by the ids, in the order of the index
/// `interventions_round_service_participant`, so the database counts while it
/// reads the index and sorts nothing; the ids become numbers and codes in Rust.
const ACTIVATIONS: &str = "SELECT i.round_id, i.service_id, COUNT(DISTINCT i.participant_id) FROM interventions i \
     WHERE i.round_id IN (SELECT id FROM rounds WHERE programme_id = $1) AND i.status <> 'cancelled' \
     GROUP BY i.round_id, i.service_id";

type GroupRow = (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    i64,
);

pub async fn participant_statistics(store: &Store, programme_id: i64) -> Result<ParticipantStatistics> {
    let rounds: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, number, start_date FROM rounds WHERE programme_id = $1 ORDER BY number")
            .bind(programme_id)
            .fetch_all(store.pool())
            .await?;
    let round_numbers: HashMap<i64, u32> = rounds
        .iter()
        .map(|(id, number, _)| (*id, u32::try_from(*number).unwrap_or(0)))
        .collect();
    let rounds: Vec<RoundInfo> = rounds
        .into_iter()
        .map(|(_, number, start)| {
            let start = super::programmes::parse_date(&start)?;
            Ok(RoundInfo {
                number: u32::try_from(number).unwrap_or(0),
                start_year: start.year(),
            })
        })
        .collect::<Result<_>>()?;
    let services: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM services WHERE programme_id = $1 ORDER BY id")
            .bind(programme_id)
            .fetch_all(store.pool())
            .await?;
    let service_codes: HashMap<i64, String> = services.iter().cloned().collect();
    let services: Vec<String> = services.into_iter().map(|(_, c)| c).collect();
    // The two big queries are independent: run them on two connections at once.
    let groups = sqlx::query_as::<_, GroupRow>(PARTICIPANT_GROUPS)
        .bind(programme_id)
        .fetch_all(store.pool());
    let activations = sqlx::query_as::<_, (i64, i64, i64)>(ACTIVATIONS)
        .bind(programme_id)
        .fetch_all(store.pool());
    let (groups, activations) = tokio::try_join!(groups, activations)?;
    let participants: Vec<ParticipantGroup> = groups
        .into_iter()
        .map(
            |(round, gender, birth_year, country, size, single_parent, count)| ParticipantGroup {
                round: round.and_then(|r| u32::try_from(r).ok()),
                gender: gender.and_then(|g| g.parse::<Gender>().ok()),
                birth_year: birth_year.and_then(|y| i32::try_from(y).ok()),
                country_of_birth: country,
                household_size: size,
                single_parent: single_parent.map(|s| s == 1),
                count: u64::try_from(count).unwrap_or(0),
            },
        )
        .collect();
    // Interventions of services outside the programme's catalogue are counted
    // under their own code, as before.
    let mut other_codes: HashMap<i64, String> = HashMap::new();
    for (_, service, _) in &activations {
        if !service_codes.contains_key(service) && !other_codes.contains_key(service) {
            let (code,): (String,) = sqlx::query_as("SELECT code FROM services WHERE id = $1")
                .bind(service)
                .fetch_one(store.pool())
                .await?;
            other_codes.insert(*service, code);
        }
    }
    let activations: Vec<ActivationGroup> = activations
        .into_iter()
        .filter_map(|(round, service, participants)| {
            Some(ActivationGroup {
                round: *round_numbers.get(&round)?,
                service: service_codes
                    .get(&service)
                    .or_else(|| other_codes.get(&service))?
                    .clone(),
                participants: u64::try_from(participants).unwrap_or(0),
            })
        })
        .collect();
    Ok(compute(&rounds, &services, &participants, &activations))
}
