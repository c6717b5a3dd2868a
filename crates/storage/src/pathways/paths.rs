//! Paths through a programme, moved only by the domain's state machine, with
//! the full history of who moved them and when.

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{HouseholdId, ParticipantId, PathId, ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::pathways::path::{PathState, transition};
use serde::Serialize;
use sqlx::AnyConnection;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathRow {
    pub id: PathId,
    pub participant_id: ParticipantId,
    pub participant_name: String,
    pub household_id: HouseholdId,
    pub programme_id: ProgrammeId,
    pub programme_name: String,
    pub round_id: Option<RoundId>,
    pub round_number: Option<i64>,
    pub state: String,
    pub reason: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
}

impl PathRow {
    pub fn state(&self) -> PathState {
        self.state.parse().unwrap_or(PathState::Referred)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PathEvent {
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    pub actor: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    pub at: OffsetDateTime,
}

const SELECT: &str = "SELECT pa.id, pa.participant_id, p.first_name || ' ' || p.last_name AS participant_name, \
     p.household_id, pa.programme_id, pr.name AS programme_name, pa.round_id, r.number AS round_number, pa.state, \
     pa.reason, pa.updated_at FROM paths pa JOIN participants p ON p.id = pa.participant_id \
     JOIN programmes pr ON pr.id = pa.programme_id LEFT JOIN rounds r ON r.id = pa.round_id";

pub(crate) async fn fetch(conn: &mut AnyConnection, id: PathId) -> Result<PathRow> {
    sqlx::query_as(&format!("{SELECT} WHERE pa.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "path" })
}

/// Refers a participant to a programme: a new path in state `referred`.
pub async fn open(
    unit: &mut Unit,
    participant_id: ParticipantId,
    programme_id: ProgrammeId,
    round_id: Option<RoundId>,
) -> Result<PathRow> {
    open_in_state(unit, participant_id, programme_id, round_id, PathState::Referred).await
}

/// Opens a path directly in a state (imports of past data only).
pub async fn open_in_state(
    unit: &mut Unit,
    participant_id: ParticipantId,
    programme_id: ProgrammeId,
    round_id: Option<RoundId>,
    state: PathState,
) -> Result<PathRow> {
    let household = crate::pathways::households::fetch_member(unit.conn(), participant_id)
        .await?
        .household_id;
    let programme = super::references::programme(unit.conn(), programme_id).await?;
    super::references::check_household_programme(unit.conn(), household, &programme, round_id).await?;
    let now = now_text();
    let inserted: std::result::Result<(PathId,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO paths (participant_id, programme_id, round_id, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(participant_id)
    .bind(programme_id)
    .bind(round_id)
    .bind(state.as_str())
    .bind(&now)
    .fetch_one(unit.conn())
    .await;
    let (id,) = match inserted {
        Ok(row) => row,
        Err(sqlx::Error::Database(db)) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
            return Err(StorageError::Conflict(ValidationErrors::single(
                "programme_id",
                msg!("error-path-exists"),
            )));
        }
        Err(other) => return Err(other.into()),
    };
    sqlx::query(
        "INSERT INTO path_events (path_id, from_state, to_state, actor_user_id, at) VALUES ($1, NULL, $2, $3, $4)",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(unit.actor().user_id)
    .bind(&now)
    .execute(unit.conn())
    .await?;
    let path = fetch(unit.conn(), id).await?;
    let agency = agency_of_path(unit.conn(), id).await?;
    unit.record(
        AuditEvent::new("path.open", "path", id)
            .in_organisation(Some(agency))
            .with_detail(
                serde_json::json!({ "participant_id": participant_id, "programme_id": programme_id, "state": state }),
            ),
    )
    .await?;
    Ok(path)
}

async fn agency_of_path(conn: &mut AnyConnection, path_id: PathId) -> Result<i64> {
    let (agency,): (i64,) = sqlx::query_as(
        "SELECT h.agency_id FROM paths pa JOIN participants p ON p.id = pa.participant_id \
         JOIN households h ON h.id = p.household_id WHERE pa.id = $1",
    )
    .bind(path_id)
    .fetch_one(conn)
    .await?;
    Ok(agency)
}

/// Moves a path, if the state machine allows it.
pub async fn move_to(unit: &mut Unit, path_id: PathId, to: PathState, reason: Option<&str>) -> Result<PathRow> {
    let current = fetch(unit.conn(), path_id).await?;
    let from = current.state.parse::<PathState>().map_err(StorageError::corrupt)?;
    let step = transition(from, to, reason)
        .map_err(|refused| StorageError::Invalid(ValidationErrors::single("state", refused.message())))?;
    let now = now_text();
    sqlx::query("UPDATE paths SET state = $1, reason = $2, updated_at = $3 WHERE id = $4")
        .bind(step.to.as_str())
        .bind(&step.reason)
        .bind(&now)
        .bind(path_id)
        .execute(unit.conn())
        .await?;
    sqlx::query(
        "INSERT INTO path_events (path_id, from_state, to_state, reason, actor_user_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(path_id)
    .bind(step.from.as_str())
    .bind(step.to.as_str())
    .bind(&step.reason)
    .bind(unit.actor().user_id)
    .bind(&now)
    .execute(unit.conn())
    .await?;
    let agency = agency_of_path(unit.conn(), path_id).await?;
    unit.record(
        AuditEvent::new("path.move", "path", path_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "from": step.from, "to": step.to })),
    )
    .await?;
    fetch(unit.conn(), path_id).await
}

pub async fn get(store: &Store, id: PathId) -> Result<PathRow> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn for_household(store: &Store, household_id: HouseholdId) -> Result<Vec<PathRow>> {
    for_household_on(&mut *store.pool().acquire().await?, household_id).await
}

pub(crate) async fn for_household_on(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<Vec<PathRow>> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE p.household_id = $1 ORDER BY pa.id"))
            .bind(household_id)
            .fetch_all(conn)
            .await?,
    )
}

pub async fn history(store: &Store, path_id: PathId) -> Result<Vec<PathEvent>> {
    Ok(sqlx::query_as(
        "SELECT e.from_state, e.to_state, e.reason, u.display_name AS actor, e.at FROM path_events e \
         LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.path_id = $1 ORDER BY e.id",
    )
    .bind(path_id)
    .fetch_all(store.pool())
    .await?)
}

/// Moves every open path of the household in the programme that is in `from`
/// to `to` (used when a project starts or closes).
pub(crate) async fn move_household_paths(
    unit: &mut Unit,
    household_id: HouseholdId,
    programme_id: ProgrammeId,
    from: PathState,
    to: PathState,
) -> Result<()> {
    let ids: Vec<(PathId,)> = sqlx::query_as(
        "SELECT pa.id FROM paths pa JOIN participants p ON p.id = pa.participant_id \
         WHERE p.household_id = $1 AND pa.programme_id = $2 AND pa.state = $3",
    )
    .bind(household_id)
    .bind(programme_id)
    .bind(from.as_str())
    .fetch_all(unit.conn())
    .await?;
    for (id,) in ids {
        move_to(unit, id, to, None).await?;
    }
    Ok(())
}
