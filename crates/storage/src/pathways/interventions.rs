//! Interventions: one catalogue service for one household member, inside a
//! project, with capacity enforced per service and round, and a waiting list.

use super::households;
use super::projects::{guard_capacity, guard_new_intervention, guard_status};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{
    FundingStreamId, HouseholdId, OrganisationId, ParticipantId, ProgrammeId, RoundId, ServiceId,
};
use filiera_domain::ids::{InterventionId, ProjectId};
use filiera_domain::msg;
use filiera_domain::pathways::project::InterventionStatus;
use serde::Serialize;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Intervention {
    pub id: InterventionId,
    pub project_id: Option<ProjectId>,
    pub participant_id: ParticipantId,
    pub participant_name: String,
    pub service_id: ServiceId,
    pub service_name: String,
    pub service_kind: String,
    pub round_id: Option<RoundId>,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub round_end: Option<Date>,
    pub funding_stream_id: Option<FundingStreamId>,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub stream_end: Option<Date>,
    pub status: String,
    pub status_reason: Option<String>,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub planned_start: Option<Date>,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub planned_end: Option<Date>,
    pub minutes: i64,
    pub cost_cents: i64,
    pub justification: Option<String>,
}

const SELECT: &str = "SELECT i.id, i.project_id, i.participant_id, p.first_name || ' ' || p.last_name AS participant_name, \
     i.service_id, s.name AS service_name, s.kind AS service_kind, i.round_id, r.end_date AS round_end, \
     i.funding_stream_id, f.end_date AS stream_end, i.status, i.status_reason, i.planned_start, i.planned_end, \
     i.minutes, i.cost_cents, i.justification FROM interventions i JOIN participants p ON p.id = i.participant_id \
     JOIN services s ON s.id = i.service_id LEFT JOIN rounds r ON r.id = i.round_id \
     LEFT JOIN funding_streams f ON f.id = i.funding_stream_id";

#[derive(Debug, Clone)]
pub struct NewIntervention {
    pub project_id: ProjectId,
    pub participant_id: ParticipantId,
    pub service_id: ServiceId,
    pub round_id: Option<RoundId>,
    pub funding_stream_id: Option<FundingStreamId>,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub minutes: i64,
    pub cost_cents: i64,
    pub justification: Option<String>,
}

async fn fetch(conn: &mut AnyConnection, id: InterventionId) -> Result<Intervention> {
    sqlx::query_as(&format!("{SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "intervention" })
}

/// Places of a service taken in a round (every intervention that is not cancelled).
async fn places_in_use(
    conn: &mut AnyConnection,
    service_id: ServiceId,
    round_id: Option<RoundId>,
) -> Result<(Option<i64>, i64)> {
    let Some(round_id) = round_id else {
        return Ok((None, 0));
    };
    let capacity: Option<(i64,)> =
        sqlx::query_as("SELECT capacity FROM service_capacity WHERE service_id = $1 AND round_id = $2")
            .bind(service_id)
            .bind(round_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (used,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM interventions WHERE service_id = $1 AND round_id = $2 AND status <> 'cancelled'",
    )
    .bind(service_id)
    .bind(round_id)
    .fetch_one(conn)
    .await?;
    Ok((capacity.map(|(c,)| c), used))
}

/// Plans an intervention. Refused with a clear message when the service is
/// full for the round (the caller may offer the waiting list), when a training
/// course fits none of the person's interests without a justification, or
/// when the dates are out of order.
pub async fn add_intervention(unit: &mut Unit, new: &NewIntervention) -> Result<Intervention> {
    let member = households::fetch_member(unit.conn(), new.participant_id).await?;
    let project: Option<(HouseholdId, ProgrammeId)> =
        sqlx::query_as("SELECT household_id, programme_id FROM projects WHERE id = $1")
            .bind(new.project_id)
            .fetch_optional(unit.conn())
            .await?;
    let (household_id, programme_id) = project.ok_or(StorageError::NotFound { what: "project" })?;
    if member.household_id != household_id {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "participant_id",
            msg!("error-intervention-not-member"),
        )));
    }
    let programme = super::references::programme(unit.conn(), programme_id).await?;
    super::references::check_service(unit.conn(), new.service_id, &programme).await?;
    super::references::check_round(unit.conn(), new.round_id, &programme).await?;
    super::references::check_funding_stream(unit.conn(), new.funding_stream_id, &programme).await?;
    let service: Option<(String, String)> = sqlx::query_as("SELECT kind, interest_tags FROM services WHERE id = $1")
        .bind(new.service_id)
        .fetch_optional(unit.conn())
        .await?;
    let (kind, tags) = service.ok_or(StorageError::Invalid(ValidationErrors::single(
        "service_id",
        msg!("error-no-such-service"),
    )))?;
    let tags: Vec<String> = tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect();
    guard_new_intervention(
        &kind,
        &member.interest_list(),
        &tags,
        new.justification.as_deref(),
        new.planned_start,
        new.planned_end,
    )?;
    let (capacity, used) = places_in_use(unit.conn(), new.service_id, new.round_id).await?;
    guard_capacity(capacity, used)?;
    let now = now_text();
    let (id,): (InterventionId,) = sqlx::query_as(
        "INSERT INTO interventions (project_id, participant_id, service_id, round_id, funding_stream_id, status, \
         planned_start, planned_end, minutes, cost_cents, justification, created_at, updated_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, 'planned', $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id",
    )
    .bind(new.project_id)
    .bind(new.participant_id)
    .bind(new.service_id)
    .bind(new.round_id)
    .bind(new.funding_stream_id)
    .bind(new.planned_start.map(|d| d.to_string()))
    .bind(new.planned_end.map(|d| d.to_string()))
    .bind(new.minutes)
    .bind(new.cost_cents)
    .bind(new.justification.as_deref().map(str::trim).filter(|j| !j.is_empty()))
    .bind(&now)
    .bind(unit.actor().user_id)
    .fetch_one(unit.conn())
    .await?;
    sqlx::query("DELETE FROM waiting_list WHERE service_id = $1 AND participant_id = $2")
        .bind(new.service_id)
        .bind(new.participant_id)
        .execute(unit.conn())
        .await?;
    let agency = agency_of_household(unit.conn(), household_id).await?;
    unit.record(
        AuditEvent::new("intervention.create", "intervention", id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "service_id": new.service_id, "participant_id": new.participant_id })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

async fn agency_of_household(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<i64> {
    let (agency,): (i64,) = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_one(conn)
        .await?;
    Ok(agency)
}

pub async fn change_intervention_status(
    unit: &mut Unit,
    id: InterventionId,
    to: InterventionStatus,
    reason: Option<&str>,
) -> Result<Intervention> {
    let current = fetch(unit.conn(), id).await?;
    let from: InterventionStatus = current.status.parse().map_err(StorageError::corrupt)?;
    let reason = guard_status(from, to, reason)?;
    sqlx::query("UPDATE interventions SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4")
        .bind(to.as_str())
        .bind(&reason)
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    let member = households::fetch_member(unit.conn(), current.participant_id).await?;
    let agency = agency_of_household(unit.conn(), member.household_id).await?;
    unit.record(
        AuditEvent::new("intervention.status", "intervention", id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "from": from, "to": to })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

pub async fn get(store: &Store, id: InterventionId) -> Result<Intervention> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn interventions(store: &Store, project_id: ProjectId) -> Result<Vec<Intervention>> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE i.project_id = $1 ORDER BY i.id"))
            .bind(project_id)
            .fetch_all(store.pool())
            .await?,
    )
}

/// Interventions of active projects planned past their round or stream, for
/// the manager's dashboard.
pub async fn with_time_conflicts(store: &Store, agencies: &[OrganisationId]) -> Result<Vec<(Intervention, String)>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let ids = agencies
        .iter()
        .map(OrganisationId::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let rows: Vec<Intervention> = sqlx::query_as(&format!(
        "{SELECT} JOIN projects pj ON pj.id = i.project_id JOIN households h ON h.id = pj.household_id \
         WHERE h.agency_id IN ({ids}) AND pj.status = 'active' AND i.status IN ('planned', 'active') \
         AND i.planned_end IS NOT NULL AND ((r.end_date IS NOT NULL AND i.planned_end > r.end_date) \
         OR (f.end_date IS NOT NULL AND i.planned_end > f.end_date)) ORDER BY i.planned_end"
    ))
    .fetch_all(store.pool())
    .await?;
    let mut result = Vec::new();
    for row in rows {
        let reference: (String,) = sqlx::query_as(
            "SELECT h.reference FROM projects pj JOIN households h ON h.id = pj.household_id WHERE pj.id = $1",
        )
        .bind(row.project_id)
        .fetch_one(store.pool())
        .await?;
        result.push((row, reference.0));
    }
    Ok(result)
}

/// Puts a person on the waiting list of a full service for a round.
pub async fn join_waiting_list(
    unit: &mut Unit,
    service_id: ServiceId,
    round_id: RoundId,
    participant_id: ParticipantId,
    project_id: ProjectId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO waiting_list (service_id, round_id, participant_id, project_id, added_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(service_id)
    .bind(round_id)
    .bind(participant_id)
    .bind(project_id)
    .bind(now_text())
    .execute(unit.conn())
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            StorageError::Conflict(ValidationErrors::single("service_id", msg!("error-already-waiting")))
        }
        _ => StorageError::Database(e),
    })?;
    let member = households::fetch_member(unit.conn(), participant_id).await?;
    let agency = agency_of_household(unit.conn(), member.household_id).await?;
    unit.record(
        AuditEvent::new("waiting_list.join", "service", service_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "participant_id": participant_id, "round_id": round_id })),
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingEntry {
    pub service_id: ServiceId,
    pub service_name: String,
    pub participant_id: ParticipantId,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub added_at: OffsetDateTime,
}

pub async fn waiting_for_project(store: &Store, project_id: ProjectId) -> Result<Vec<WaitingEntry>> {
    Ok(sqlx::query_as(
        "SELECT w.service_id, s.name AS service_name, w.participant_id, w.added_at FROM waiting_list w \
         JOIN services s ON s.id = w.service_id WHERE w.project_id = $1 ORDER BY w.added_at",
    )
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}
