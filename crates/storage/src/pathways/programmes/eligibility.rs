//! Who may be checked against a programme's funding streams: the members of
//! the households the programme's agency is in charge of (and of households
//! whose projects its cooperatives deliver), and what their records say.

use super::Programme;
use crate::pathways::households::{self, Member};
use crate::{Result, Store};
use filiera_domain::ids::{HouseholdId, ParticipantId};
use filiera_domain::pathways::eligibility::Person;
use time::Date;

/// A household member found by name, for picking whom to check.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberHit {
    pub id: i64,
    pub household_id: HouseholdId,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    pub birth_date: Option<Date>,
    pub reference: String,
}

impl MemberHit {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }
}

/// The households a programme reaches: its agency's, and those with a
/// project delivered by one of its cooperatives.
fn reach(programme: &Programme) -> String {
    let cooperatives = if programme.cooperatives.is_empty() {
        "NULL".to_owned()
    } else {
        programme
            .cooperatives
            .iter()
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    // Ids come from the database, never from the request: inlining them is safe.
    format!(
        "(h.agency_id = {} OR h.id IN (SELECT household_id FROM projects WHERE cooperative_id IN ({cooperatives})))",
        programme.agency_id
    )
}

/// Members of the programme's households whose first name, last name, both
/// or tax code contain the search (ignoring case); at most 20, by name.
pub async fn search_members(store: &Store, programme: &Programme, search: &str) -> Result<Vec<MemberHit>> {
    let words: String = search.trim().to_lowercase().replace(['%', '_'], "");
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = format!("%{words}%");
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.household_id, p.first_name, p.last_name, p.birth_date, h.reference \
         FROM participants p JOIN households h ON h.id = p.household_id \
         WHERE {} AND (LOWER(p.first_name) LIKE $1 OR LOWER(p.last_name) LIKE $1 \
              OR LOWER(p.first_name || ' ' || p.last_name) LIKE $1 OR LOWER(p.last_name || ' ' || p.first_name) LIKE $1 \
              OR LOWER(p.tax_code) LIKE $1) \
         ORDER BY p.last_name, p.first_name, p.id LIMIT 20",
        reach(programme)
    ))
    .bind(pattern)
    .fetch_all(store.pool())
    .await?)
}

/// Whether a member belongs to a household the programme reaches.
pub async fn reaches(store: &Store, programme: &Programme, member_id: ParticipantId) -> Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as(&format!(
        "SELECT p.id FROM participants p JOIN households h ON h.id = p.household_id WHERE p.id = $1 AND {}",
        reach(programme)
    ))
    .bind(member_id)
    .fetch_optional(store.pool())
    .await?;
    Ok(found.is_some())
}

/// What the eligibility rules may ask about a member, from their record and
/// their household's (residence; size as declared, else the members recorded).
pub async fn person_of(store: &Store, member_id: ParticipantId) -> Result<(Member, Person)> {
    let member = households::member(store, member_id).await?;
    let mut conn = store.pool().acquire().await?;
    let person = crate::evidence::persons::persons_of(&mut conn, &[member_id])
        .await?
        .remove(&member_id)
        .ok_or(crate::StorageError::NotFound { what: "member" })?;
    Ok((member, person))
}

/// What the eligibility rules may ask about each of these members, by member
/// id, in one query per few hundred members (a whole round's candidates).
pub async fn persons(
    store: &Store,
    member_ids: &[ParticipantId],
) -> Result<std::collections::HashMap<ParticipantId, Person>> {
    let mut conn = store.pool().acquire().await?;
    crate::evidence::persons::persons_of(&mut conn, member_ids).await
}
