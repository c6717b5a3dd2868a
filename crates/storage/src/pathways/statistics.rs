//! Participant statistics of a programme: the database reads each participant's
//! attributes as one packed key, Rust counts the keys into groups (some
//! thousands, however many participants there are) and the domain computes
//! the tables (`filiera_domain::pathways::statistics`).

use crate::{Result, Store};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::household::Gender;
use filiera_domain::pathways::statistics::{
    ActivationGroup, ParticipantGroup, ParticipantStatistics, RoundInfo, compute,
};
use std::collections::HashMap;

/// Each participant's round and the attributes the tables report, packed into
/// one integer (see [`GroupKey::group`]) and handed over as one comma-separated
/// text: SQLite groups by sorting, and sorting a million rows took most of a
/// second, while concatenating them takes a fraction of it and Rust counts
/// the keys in a hash map. Countries other than Italy are folded into one
/// group here, as the tables do.
const PARTICIPANT_KEYS: &str = "SELECT string_agg(CAST(\
     (((((COALESCE(r.number, 0) * 3 + CASE p.gender WHEN 'M' THEN 1 WHEN 'F' THEN 2 ELSE 0 END) * 10000 \
        + CASE WHEN p.birth_year BETWEEN 1 AND 9999 THEN p.birth_year ELSE 0 END) * 3 \
        + CASE WHEN p.country_of_birth IS NULL THEN 0 WHEN p.country_of_birth = 'IT' THEN 1 ELSE 2 END) * 1000 \
        + COALESCE(h.declared_size, CASE WHEN h.members_recorded THEN h.member_count END, 999)) * 3 \
        + CASE WHEN p.single_parent IS NULL THEN 0 WHEN p.single_parent THEN 1 ELSE 2 END) AS TEXT), ',') \
     FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id \
     LEFT JOIN rounds r ON r.id = pa.round_id WHERE pa.programme_id = $1 AND pa.id >= $2 AND pa.id < $3";

/// The six attributes of a participant group, packed by [`PARTICIPANT_KEYS`]:
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

/// Splits the ids `low..=high` into two half-open ranges, read on two
/// connections at once (beside the activations query); either may be empty.
fn halves(low: i64, high: i64) -> [(i64, i64); 2] {
    let end = high.saturating_add(1).max(low);
    let middle = low + (end - low) / 2;
    [(low, middle), (middle, end)]
}

/// The packed keys of the paths with ids in `start..end`, as the database concatenated them.
async fn keys_in(store: &Store, programme_id: ProgrammeId, (start, end): (i64, i64)) -> Result<Option<String>> {
    let (keys,): (Option<String>,) = sqlx::query_as(PARTICIPANT_KEYS)
        .bind(programme_id)
        .bind(start)
        .bind(end)
        .fetch_one(store.pool())
        .await?;
    Ok(keys)
}

/// Adds each key of a comma-separated list to its count.
fn count_keys(keys: &str, counts: &mut HashMap<i64, u64>) -> Result<()> {
    for key in keys.split(',') {
        let key = key
            .parse()
            .map_err(|_| crate::StorageError::Corrupt(format!("participant statistics key `{key}`")))?;
        *counts.entry(key).or_default() += 1;
    }
    Ok(())
}

/// A participant counts once per service and round; cancelled interventions do
/// not count. Grouped by the ids, in the order of the index
/// `interventions_round_service_participant`, so the database counts while it
/// reads the index and sorts nothing; the ids become numbers and codes in Rust.
const ACTIVATIONS: &str = "SELECT i.round_id, i.service_id, COUNT(DISTINCT i.participant_id) FROM interventions i \
     WHERE i.round_id IN (SELECT id FROM rounds WHERE programme_id = $1) AND i.status <> 'cancelled' \
     GROUP BY i.round_id, i.service_id";

pub async fn participant_statistics(store: &Store, programme_id: ProgrammeId) -> Result<ParticipantStatistics> {
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
            let start = crate::columns::date(&start)?;
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
    // The queries are independent: each runs on a connection of its own.
    let activations = async {
        sqlx::query_as::<_, (i64, i64, i64)>(ACTIVATIONS)
            .bind(programme_id)
            .fetch_all(store.pool())
            .await
            .map_err(crate::StorageError::from)
    };
    let [first, second] = halves(low.unwrap_or(0), high.unwrap_or(-1));
    let (first, second, activations) = tokio::try_join!(
        keys_in(store, programme_id, first),
        keys_in(store, programme_id, second),
        activations
    )?;
    let mut counts: HashMap<i64, u64> = HashMap::new();
    for keys in [first, second].iter().flatten() {
        count_keys(keys, &mut counts)?;
    }
    let participants: Vec<ParticipantGroup> = counts
        .into_iter()
        .map(|(key, count)| GroupKey(key).group(count))
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
    use super::{GroupKey, ParticipantGroup, count_keys, halves};
    use filiera_domain::pathways::household::Gender;
    use std::collections::HashMap;

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
    fn the_halves_cover_every_id_once() {
        for low in [-3, 0, 1, 17] {
            for len in [0, 1, 2, 3, 4, 5, 7, 100, 1_001] {
                let high = low + len - 1;
                let [(a, b), (c, d)] = halves(low, high);
                assert_eq!((a, d), (low, low + len), "{low} {len}");
                assert_eq!(b, c);
                assert!(a <= b && c <= d);
                assert!((b - a) - (d - c) <= 1 && (d - c) - (b - a) <= 1, "{low} {len}");
            }
        }
    }

    #[test]
    fn keys_are_counted_and_garbage_is_an_error() {
        let mut counts = HashMap::new();
        count_keys("5,7,5", &mut counts).expect("keys");
        count_keys("7", &mut counts).expect("keys");
        assert_eq!(counts, HashMap::from([(5, 2), (7, 2)]));
        assert!(count_keys("5,x", &mut counts).is_err());
    }
}
