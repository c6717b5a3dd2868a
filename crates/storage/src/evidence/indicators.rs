//! The records behind the ESF+ indicators of a programme
//! (`filiera_domain::evidence::indicators` decides what counts).

use super::flag;
use crate::{Result, Store};
use filiera_domain::evidence::indicators::{Indicators, ParticipantFacts, compute};
use filiera_domain::ids::{HouseholdId, ProgrammeId};
use std::collections::HashSet;

type FactsRow = (
    i64,
    HouseholdId,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// Participants are the members whose path reached a project in the
/// programme; entry is the project's start, leaving its closure.
pub async fn participant_facts(store: &Store, programme_id: ProgrammeId) -> Result<Vec<ParticipantFacts>> {
    let sql = format!(
        "SELECT p.id, p.household_id, p.gender, p.birth_year, pr.started_on, p.employment_status, p.education_level, \
         {}, p.citizenship, p.country_of_birth, {}, {}, c.outcome, f.employment_status \
         FROM paths pa JOIN participants p ON p.id = pa.participant_id \
         JOIN projects pr ON pr.household_id = p.household_id AND pr.programme_id = pa.programme_id \
         LEFT JOIN closures c ON c.project_id = pr.id \
         LEFT JOIN follow_ups f ON f.project_id = pr.id AND f.participant_id = p.id AND f.months = 6 \
         WHERE pa.programme_id = $1 AND pa.state IN ('project_active', 'closed') ORDER BY p.id, pr.started_on",
        flag("p.disability"),
        flag("p.minority"),
        flag("p.housing_exclusion"),
    );
    let rows: Vec<FactsRow> = sqlx::query_as(&sql).bind(programme_id).fetch_all(store.pool()).await?;
    let mut seen = HashSet::new();
    Ok(rows
        .into_iter()
        // A member counts once, with their first project in the programme.
        .filter(|row| seen.insert(row.0))
        .map(|row| {
            let (
                _,
                household_id,
                gender,
                birth_year,
                started,
                status,
                level,
                disability,
                citizenship,
                country,
                minority,
                housing,
                outcome,
                after,
            ) = row;
            ParticipantFacts {
                household_id,
                gender: gender.as_deref().and_then(|g| g.parse().ok()),
                birth_year: birth_year.and_then(|y| i32::try_from(y).ok()),
                entered_on: started.as_deref().and_then(filiera_domain::time_format::parse_iso_date),
                employment_status: status.as_deref().and_then(|s| s.parse().ok()),
                isced: level.as_deref().and_then(|l| l.trim().parse().ok()),
                disability: disability.map(|v| v == 1),
                citizenship,
                country_of_birth: country,
                minority: minority.map(|v| v == 1),
                housing_exclusion: housing.map(|v| v == 1),
                left_with: outcome.as_deref().and_then(|o| o.parse().ok()),
                status_after_six_months: after.as_deref().and_then(|s| s.parse().ok()),
            }
        })
        .collect())
}

pub async fn indicators(store: &Store, programme_id: ProgrammeId) -> Result<Indicators> {
    Ok(compute(&participant_facts(store, programme_id).await?))
}

/// How the programme's closed projects ended, per outcome word.
pub async fn closure_outcomes(store: &Store, programme_id: ProgrammeId) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.outcome, COUNT(*) FROM closures c JOIN projects pr ON pr.id = c.project_id \
         WHERE pr.programme_id = $1 GROUP BY c.outcome ORDER BY c.outcome",
    )
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?)
}
