//! Participant statistics of a programme: the database groups the records
//! (a few hundred groups, however many participants there are) and the domain
//! computes the tables (`filiera_domain::pathways::statistics`).

use crate::{Result, Store};
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::statistics::{
    ActivationGroup, ParticipantGroup, ParticipantStatistics, RoundInfo, compute,
};
use std::collections::HashMap;

/// Participants by round and by the attributes the tables report, grouped on
/// one integer that packs the six attributes (see [`GroupKey::group`]):
/// SQLite groups by sorting, and sorting a million integers is several times
/// faster than sorting a million six-column rows of text and NULLs. Countries
/// other than Italy are folded into one group here, as the tables do.
const PARTICIPANT_GROUPS: &str = "SELECT \
     (((((COALESCE(r.number, 0) * 3 + CASE p.gender WHEN 'M' THEN 1 WHEN 'F' THEN 2 ELSE 0 END) * 10000 \
        + CASE WHEN p.birth_year BETWEEN 1 AND 9999 THEN p.birth_year ELSE 0 END) * 3 \
        + CASE WHEN p.country_of_birth IS NULL THEN 0 WHEN p.country_of_birth = 'IT' THEN 1 ELSE 2 END) * 1000 \
        + COALESCE(h.declared_size, CASE WHEN h.members_recorded THEN \
            (SELECT COUNT(*) FROM participants m WHERE m.household_id = h.id) END, 999)) * 3 \
        + CASE WHEN p.single_parent IS NULL THEN 0 WHEN p.single_parent THEN 1 ELSE 2 END) AS k, \
     COUNT(*) \
     FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id \
     LEFT JOIN rounds r ON r.id = pa.round_id WHERE pa.programme_id = $1 AND pa.id >= $2 AND pa.id < $3 \
     GROUP BY k";

/// The six attributes of a participant group, packed by [`PARTICIPANT_GROUPS`]:
/// round (0 = none), gender (0 none, 1 M, 2 F), birth year (0 = none), country
/// of birth (0 none, 1 Italy, 2 elsewhere), household size (999 = not known;
/// declared sizes are validated to 1–30 and no household records 999 members), single parent (0 none, 1 yes, 2 no).
struct GroupKey(i64);

impl GroupKey {
    /// The group of `count` participants this key stands for.
    fn group(self, count: u64) -> ParticipantGroup {
        let mut k = self.0;
        let mut take = |base: i64| {
            let digit = k.rem_euclid(base);
            k = k.div_euclid(base);
            digit
        };
        let single_parent = match take(3) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        };
        let size = Some(take(1000)).filter(|s| *s != 999);
        let country = match take(3) {
            1 => Some("IT".to_owned()),
            2 => Some("XX".to_owned()),
            _ => None,
        };
        let birth_year = Some(take(10000))
            .filter(|y| *y != 0)
            .and_then(|y| i32::try_from(y).ok());
        let gender = match take(3) {
            1 => Some(Gender::M),
            2 => Some(Gender::F),
            _ => None,
        };
        ParticipantGroup {
            round: u32::try_from(k).ok().filter(|r| *r != 0),
            gender,
            birth_year,
            country_of_birth: country,
            household_size: size,
            single_parent,
            count,
        }
    }
}

/// Paths are grouped in id ranges, two at a time on two connections: a sort
/// grows worse than linearly once it leaves memory, so four sorts of a quarter
/// of the rows cost much less than one sort of them all.
const PATH_CHUNKS: i64 = 4;

/// Splits `low..=high` into at most `chunks` half-open ranges of about equal width.
fn id_ranges(low: i64, high: i64, chunks: i64) -> Vec<(i64, i64)> {
    let width = ((high - low) / chunks).max(1) + 1;
    let mut ranges = Vec::new();
    let mut start = low;
    while start <= high {
        let end = start.saturating_add(width).min(high.saturating_add(1));
        ranges.push((start, end));
        start = end;
    }
    ranges
}

/// The participant groups of the paths with ids in `ranges`, one range after the other.
async fn groups_in(store: &Store, programme_id: i64, ranges: Vec<(i64, i64)>) -> Result<Vec<GroupRow>> {
    let mut rows = Vec::new();
    for (start, end) in ranges {
        rows.extend(
            sqlx::query_as::<_, GroupRow>(PARTICIPANT_GROUPS)
                .bind(programme_id)
                .bind(start)
                .bind(end)
                .fetch_all(store.pool())
                .await?,
        );
    }
    Ok(rows)
}

/// A participant counts once per service and round; cancelled interventions do
/// not count. Grouped by the ids, in the order of the index
/// `interventions_round_service_participant`, so the database counts while it
/// reads the index and sorts nothing; the ids become numbers and codes in Rust.
const ACTIVATIONS: &str = "SELECT i.round_id, i.service_id, COUNT(DISTINCT i.participant_id) FROM interventions i \
     WHERE i.round_id IN (SELECT id FROM rounds WHERE programme_id = $1) AND i.status <> 'cancelled' \
     GROUP BY i.round_id, i.service_id";

type GroupRow = (i64, i64);

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
    let (low, high): (Option<i64>, Option<i64>) = sqlx::query_as("SELECT MIN(id), MAX(id) FROM paths")
        .fetch_one(store.pool())
        .await?;
    let ranges = id_ranges(low.unwrap_or(0), high.unwrap_or(-1), PATH_CHUNKS);
    let (even, odd): (Vec<_>, Vec<_>) = ranges.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let strip = |chunks: Vec<(usize, (i64, i64))>| chunks.into_iter().map(|(_, range)| range).collect();
    // The queries are independent: the ranges and the activations run on connections of their own.
    let activations = sqlx::query_as::<_, (i64, i64, i64)>(ACTIVATIONS)
        .bind(programme_id)
        .fetch_all(store.pool());
    let (first, second, activations) = tokio::try_join!(
        groups_in(store, programme_id, strip(even)),
        groups_in(store, programme_id, strip(odd)),
        async { activations.await.map_err(crate::StorageError::from) },
    )?;
    let mut merged: HashMap<i64, i64> = HashMap::new();
    for (key, count) in first.into_iter().chain(second) {
        *merged.entry(key).or_default() += count;
    }
    let participants: Vec<ParticipantGroup> = merged
        .into_iter()
        .map(|(key, count)| GroupKey(key).group(u64::try_from(count).unwrap_or(0)))
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

#[cfg(test)]
mod tests {
    use super::{GroupKey, ParticipantGroup, id_ranges};
    use filiera_domain::pathways::household::Gender;

    #[test]
    fn a_packed_group_unpacks_to_its_attributes() {
        // Round 2, F, 1984, born abroad, household of 4, not a single parent.
        let k = ((((2 * 3 + 2) * 10000 + 1984) * 3 + 2) * 1000 + 4) * 3 + 2;
        assert_eq!(
            GroupKey(k).group(7),
            ParticipantGroup {
                round: Some(2),
                gender: Some(Gender::F),
                birth_year: Some(1984),
                country_of_birth: Some("XX".to_owned()),
                household_size: Some(4),
                single_parent: Some(false),
                count: 7,
            }
        );
        // Every digit "not recorded": only the household size has a non-zero code (999).
        let unknown = 999 * 3;
        assert_eq!(
            GroupKey(unknown).group(1),
            ParticipantGroup {
                count: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn ranges_cover_every_id_once() {
        for low in [-3, 0, 1, 17] {
            for len in [0, 1, 2, 3, 4, 5, 7, 100, 1_001] {
                for chunks in 1..7 {
                    let high = low + len - 1;
                    let ranges = id_ranges(low, high, chunks);
                    assert!(ranges.len() as i64 <= chunks + 1, "{low} {len} {chunks}");
                    let mut next = low;
                    for (start, end) in &ranges {
                        assert_eq!(*start, next);
                        assert!(end > start);
                        next = *end;
                    }
                    assert_eq!(next, if len > 0 { high + 1 } else { low }, "{low} {len} {chunks}");
                }
            }
        }
    }
}
