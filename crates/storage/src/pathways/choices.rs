//! The short lists forms offer to choose from: programmes, rounds, funding
//! streams, services and colleagues.

use crate::{Result, Store};
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_domain::role::Role;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Choice {
    pub id: i64,
    /// The programme (for rounds, streams, services) or organisation (for people).
    pub parent_id: i64,
    pub label: String,
    /// Extra detail: a round's end date, a service's kind, a person's role.
    pub detail: Option<String>,
}

fn ids<T: std::fmt::Display>(list: &[T]) -> String {
    if list.is_empty() {
        "NULL".to_owned()
    } else {
        list.iter().map(T::to_string).collect::<Vec<_>>().join(",")
    }
}

/// Programmes owned by these agencies or delivered by these cooperatives.
pub async fn programmes(store: &Store, organisations: &[OrganisationId]) -> Result<Vec<Choice>> {
    let orgs = ids(organisations);
    Ok(sqlx::query_as(&format!(
        "SELECT id, agency_id AS parent_id, name AS label, NULL AS detail FROM programmes WHERE agency_id IN ({orgs}) \
         OR id IN (SELECT programme_id FROM programme_cooperatives WHERE organisation_id IN ({orgs})) ORDER BY name"
    ))
    .fetch_all(store.pool())
    .await?)
}

pub async fn rounds(store: &Store, programmes: &[ProgrammeId]) -> Result<Vec<Choice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, programme_id AS parent_id, 'Round ' || CAST(number AS TEXT) || ' (' || start_date || ' – ' || end_date || ')' AS label, \
         end_date AS detail FROM rounds WHERE programme_id IN ({}) ORDER BY programme_id, number",
        ids(programmes)
    ))
    .fetch_all(store.pool())
    .await?)
}

pub async fn funding_streams(store: &Store, programmes: &[ProgrammeId]) -> Result<Vec<Choice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, programme_id AS parent_id, name AS label, end_date AS detail FROM funding_streams \
         WHERE programme_id IN ({}) ORDER BY programme_id, name",
        ids(programmes)
    ))
    .fetch_all(store.pool())
    .await?)
}

pub async fn services(store: &Store, programmes: &[ProgrammeId]) -> Result<Vec<Choice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT id, COALESCE(programme_id, 0) AS parent_id, name AS label, kind AS detail FROM services \
         WHERE archived_at IS NULL AND (programme_id IN ({}) OR programme_id IS NULL) ORDER BY name",
        ids(programmes)
    ))
    .fetch_all(store.pool())
    .await?)
}

/// People with a role in these organisations (for case managers, operators, handovers).
pub async fn colleagues(store: &Store, organisations: &[OrganisationId], roles: &[Role]) -> Result<Vec<Choice>> {
    // The words are the domain's own, so inlining them is safe.
    let roles = roles
        .iter()
        .map(|r| format!("'{}'", r.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    Ok(sqlx::query_as(&format!(
        "SELECT u.id, m.organisation_id AS parent_id, u.display_name AS label, m.role AS detail FROM users u \
         JOIN memberships m ON m.user_id = u.id WHERE m.organisation_id IN ({}) AND m.role IN ({roles}) \
         AND u.disabled_at IS NULL ORDER BY u.display_name",
        ids(organisations)
    ))
    .fetch_all(store.pool())
    .await?)
}

/// Cooperatives delivering these programmes.
pub async fn delivering_cooperatives(store: &Store, programmes: &[ProgrammeId]) -> Result<Vec<Choice>> {
    Ok(sqlx::query_as(&format!(
        "SELECT o.id, pc.programme_id AS parent_id, o.name AS label, NULL AS detail FROM programme_cooperatives pc \
         JOIN organisations o ON o.id = pc.organisation_id WHERE pc.programme_id IN ({}) ORDER BY o.name",
        ids(programmes)
    ))
    .fetch_all(store.pool())
    .await?)
}
