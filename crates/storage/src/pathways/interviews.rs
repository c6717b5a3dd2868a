//! Interviews with a household, and the path step an interview is: recording
//! the first (or second) interview of a path moves the path in the same unit
//! of work, so no path reaches an interview state without its interview.

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{HouseholdId, InterviewId, ParticipantId, PathId};
use filiera_domain::message::Message;
use filiera_domain::msg;
use filiera_domain::pathways::interview::{ValidInterview, interview_step};
use serde::Serialize;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

/// Who and what an interview is about, beyond the household.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterviewSubject {
    /// The member interviewed, if the interview was about one person.
    pub participant_id: Option<ParticipantId>,
    /// The path this interview is a step of (its first or second interview).
    pub path_id: Option<PathId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interview {
    pub id: InterviewId,
    pub household_id: HouseholdId,
    pub participant_id: Option<ParticipantId>,
    pub path_id: Option<PathId>,
    /// `first_interview` or `second_interview` when the interview moved its path.
    pub path_step: Option<String>,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub held_on: Date,
    pub attendees: String,
    pub notes: String,
    pub recorded_by: Option<String>,
    #[sqlx(try_from = "crate::columns::InstantText")]
    #[serde(with = "filiera_domain::time_format::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: OffsetDateTime,
}

const SELECT: &str = "SELECT i.id, i.household_id, i.participant_id, i.path_id, i.path_step, i.held_on, \
     i.attendees, i.notes, u.display_name AS recorded_by, i.recorded_at FROM interviews i \
     LEFT JOIN users u ON u.id = i.recorded_by";

async fn fetch(conn: &mut AnyConnection, id: InterviewId) -> Result<Interview> {
    sqlx::query_as(&format!("{SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "interview" })
}

fn refused(field: &str, message: Message) -> StorageError {
    StorageError::Invalid(ValidationErrors::single(field, message))
}

/// Records an interview. With a path, the interview is the path's next
/// interview step (see `interview_step`) and the path moves there in this
/// unit; the member interviewed is then the path's participant.
pub async fn record(
    unit: &mut Unit,
    household_id: HouseholdId,
    subject: InterviewSubject,
    interview: &ValidInterview,
) -> Result<Interview> {
    let agency: Option<(i64,)> = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(unit.conn())
        .await?;
    let (agency,) = agency.ok_or(StorageError::NotFound { what: "household" })?;
    let mut participant_id = subject.participant_id;
    if let Some(participant) = participant_id {
        match super::households::fetch_member(unit.conn(), participant).await {
            Ok(member) if member.household_id == household_id => {}
            Ok(_) | Err(StorageError::NotFound { .. }) => {
                return Err(refused("participant_id", msg!("error-not-household-member")));
            }
            Err(other) => return Err(other),
        }
    }
    let mut step = None;
    if let Some(path_id) = subject.path_id {
        let path = match super::paths::fetch(unit.conn(), path_id).await {
            Ok(path) if path.household_id == household_id => path,
            Ok(_) | Err(StorageError::NotFound { .. }) => {
                return Err(refused("path_id", msg!("error-path-not-household")));
            }
            Err(other) => return Err(other),
        };
        if participant_id.is_some_and(|p| p != path.participant_id) {
            return Err(refused("path_id", msg!("error-path-other-member")));
        }
        participant_id = Some(path.participant_id);
        let to = interview_step(path.state()).map_err(|message| refused("path_id", message))?;
        super::paths::move_to(unit, path_id, to, None).await?;
        step = Some(to);
    }
    let (id,): (InterviewId,) = sqlx::query_as(
        "INSERT INTO interviews (household_id, participant_id, path_id, path_step, held_on, attendees, notes, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(household_id)
    .bind(participant_id)
    .bind(subject.path_id)
    .bind(step.map(|s| s.as_str()))
    .bind(interview.held_on.to_string())
    .bind(&interview.attendees)
    .bind(&interview.notes)
    .bind(unit.actor().user_id)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    // The notes stay out of the audit log: it says what changed, not what was said.
    unit.record(
        AuditEvent::new("interview.record", "household", household_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({
                "interview_id": id,
                "held_on": interview.held_on.to_string(),
                "participant_id": participant_id,
                "path_id": subject.path_id,
                "path_step": step,
            })),
    )
    .await?;
    fetch(unit.conn(), id).await
}

/// A household's interviews, the most recently held first.
pub async fn for_household(store: &Store, household_id: HouseholdId) -> Result<Vec<Interview>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE i.household_id = $1 ORDER BY i.held_on DESC, i.id DESC"
    ))
    .bind(household_id)
    .fetch_all(store.pool())
    .await?)
}
