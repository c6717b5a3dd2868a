//! Participant statistics of a programme: the database groups the records
//! (a few hundred groups, however many participants there are) and the domain
//! computes the tables (`filiera_domain::pathways::statistics`).

use crate::{Result, Store};
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::statistics::{
    ActivationGroup, ParticipantGroup, ParticipantStatistics, RoundInfo, compute,
};

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

/// A participant counts once per service and round; cancelled interventions do not count.
const ACTIVATIONS: &str = "SELECT r.number, s.code, COUNT(DISTINCT i.participant_id) FROM interventions i \
     JOIN rounds r ON r.id = i.round_id JOIN services s ON s.id = i.service_id \
     WHERE r.programme_id = $1 AND i.status <> 'cancelled' GROUP BY r.number, s.code";

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
    let rounds: Vec<(i64, String)> =
        sqlx::query_as("SELECT number, start_date FROM rounds WHERE programme_id = $1 ORDER BY number")
            .bind(programme_id)
            .fetch_all(store.pool())
            .await?;
    let rounds: Vec<RoundInfo> = rounds
        .into_iter()
        .map(|(number, start)| {
            let start = super::programmes::parse_date(&start)?;
            Ok(RoundInfo {
                number: u32::try_from(number).unwrap_or(0),
                start_year: start.year(),
            })
        })
        .collect::<Result<_>>()?;
    let services: Vec<(String,)> = sqlx::query_as("SELECT code FROM services WHERE programme_id = $1 ORDER BY id")
        .bind(programme_id)
        .fetch_all(store.pool())
        .await?;
    let services: Vec<String> = services.into_iter().map(|(c,)| c).collect();
    let groups: Vec<GroupRow> = sqlx::query_as(PARTICIPANT_GROUPS)
        .bind(programme_id)
        .fetch_all(store.pool())
        .await?;
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
    let activations: Vec<(i64, String, i64)> = sqlx::query_as(ACTIVATIONS)
        .bind(programme_id)
        .fetch_all(store.pool())
        .await?;
    let activations: Vec<ActivationGroup> = activations
        .into_iter()
        .map(|(round, service, participants)| ActivationGroup {
            round: u32::try_from(round).unwrap_or(0),
            service,
            participants: u64::try_from(participants).unwrap_or(0),
        })
        .collect();
    Ok(compute(&rounds, &services, &participants, &activations))
}
