//! What eligibility rules may ask about members, many at once: one query for
//! a whole report, so a quarterly report stays fast at national scale (the
//! eligibility check of one member, `pathways::programmes::eligibility::person_of`,
//! reads through it too).

use super::flag;
use crate::Result;
use filiera_domain::ids::ParticipantId;
use filiera_domain::pathways::eligibility::Person;
use sqlx::AnyConnection;
use std::collections::HashMap;

type PersonRow = (
    ParticipantId,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// How many ids go in one `IN (…)` list: well under both backends' limits.
const CHUNK: usize = 500;

/// The persons with these participant ids (household members), in chunks of ids.
pub(crate) async fn persons_of(
    conn: &mut AnyConnection,
    participant_ids: &[ParticipantId],
) -> Result<HashMap<ParticipantId, Person>> {
    let mut persons = HashMap::with_capacity(participant_ids.len());
    for chunk in participant_ids.chunks(CHUNK) {
        // The ids are integers read from the database, so they are written into the SQL as they are.
        let list: Vec<String> = chunk.iter().map(ParticipantId::to_string).collect();
        persons.extend(persons_in(conn, &list.join(",")).await?);
    }
    Ok(persons)
}

async fn persons_in(conn: &mut AnyConnection, id_list: &str) -> Result<HashMap<ParticipantId, Person>> {
    let sql = format!(
        "SELECT p.id, p.birth_date, p.birth_year, p.gender, p.country_of_birth, p.citizenship, \
         h.residence_municipality, \
         COALESCE(h.declared_size, h.member_count), \
         {}, {}, {}, p.employment_status, p.education_level \
         FROM participants p JOIN households h ON h.id = p.household_id \
         WHERE p.id IN ({id_list})",
        flag("p.single_parent"),
        flag("p.minimum_income"),
        flag("p.disability"),
    );
    let rows: Vec<PersonRow> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (
                id,
                birth,
                year,
                gender,
                country,
                citizenship,
                municipality,
                size,
                single,
                income,
                disability,
                status,
                level,
            ) = row;
            let person = Person {
                birth_date: birth.as_deref().and_then(filiera_domain::time_format::parse_iso_date),
                birth_year: year.and_then(|y| i32::try_from(y).ok()),
                gender: gender.as_deref().and_then(|g| g.parse().ok()),
                country_of_birth: country,
                citizenship,
                residence_municipality: municipality,
                household_size: size.and_then(|s| u32::try_from(s).ok()).filter(|s| *s >= 1),
                single_parent: single.map(|v| v == 1),
                minimum_income: income.map(|v| v == 1),
                disability: disability.map(|v| v == 1),
                employment_status: status.as_deref().and_then(|s| s.parse().ok()),
                education_level: level.as_deref().and_then(|l| l.trim().parse().ok()),
            };
            (id, person)
        })
        .collect())
}
