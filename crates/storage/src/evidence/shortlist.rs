//! The selection shortlist as a source of the comparison group: the people
//! shortlisted for a programme who were not selected
//! (`filiera_domain::evidence::shortlist`), and adding one of them to the
//! group under a pseudonymous code, with what their record says at entry.

use super::comparison::insert_member;
use crate::{Result, StorageError, Store, Unit};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::comparison::ValidComparisonMember;
use filiera_domain::evidence::shortlist::{not_selected, shortlist_reference};
use filiera_domain::ids::ComparisonMemberId;
use filiera_domain::ids::{OrganisationId, ParticipantId, PathId, ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::pathways::path::PathState;
use serde::Serialize;
use sqlx::AnyConnection;
use std::collections::HashMap;
use time::Date;

/// At most this many people are listed, the latest paths first: the list is
/// worked through a few at a time, and a national programme has thousands.
pub const SHORTLIST_LIMIT: i64 = 200;

/// A shortlisted person who was not selected and is not in the comparison group yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortlistEntry {
    pub path_id: PathId,
    /// The code they will have in the comparison group.
    pub reference: String,
    pub round: Option<i64>,
    /// `withdrawn` or `interrupted`.
    pub state: String,
    pub reason: Option<String>,
    /// When the path ended (YYYY-MM-DD).
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub ended_on: Date,
}

type PathRow = (
    PathId,
    ParticipantId,
    Option<RoundId>,
    Option<i64>,
    String,
    Option<String>,
    String,
);

const ENDED_PATHS: &str = "SELECT pa.id, pa.participant_id, pa.round_id, r.number, pa.state, pa.reason, pa.updated_at \
     FROM paths pa LEFT JOIN rounds r ON r.id = pa.round_id \
     WHERE pa.programme_id = $1 AND pa.state IN ('withdrawn', 'interrupted') \
     AND NOT EXISTS (SELECT 1 FROM comparison_members c \
                     WHERE c.programme_id = pa.programme_id AND c.participant_id = pa.participant_id)";

/// Each path's states in order, for the paths in `ids` (integers read from
/// the database, written into the SQL as they are).
async fn histories(conn: &mut AnyConnection, ids: &[PathId]) -> Result<HashMap<PathId, Vec<PathState>>> {
    let mut histories: HashMap<PathId, Vec<PathState>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(PathId::to_string).collect();
        let sql = format!(
            "SELECT path_id, to_state FROM path_events WHERE path_id IN ({}) ORDER BY path_id, id",
            list.join(",")
        );
        let events: Vec<(PathId, String)> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
        for (path, state) in events {
            let state = state
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("path {path}: unknown state `{state}`")))?;
            histories.entry(path).or_default().push(state);
        }
    }
    Ok(histories)
}

/// The day (UTC, as stored) a path's last change happened.
fn date_part(timestamp: &str) -> Result<Date> {
    Ok(crate::columns::instant(timestamp)?.date())
}

/// The programme's shortlisted people who were not selected, latest first.
pub async fn shortlist(store: &Store, programme_id: ProgrammeId) -> Result<Vec<ShortlistEntry>> {
    let mut conn = store.pool().acquire().await?;
    let sql = format!("{ENDED_PATHS} ORDER BY pa.id DESC LIMIT {}", SHORTLIST_LIMIT * 2);
    let rows: Vec<PathRow> = sqlx::query_as(&sql).bind(programme_id).fetch_all(&mut *conn).await?;
    let ids: Vec<PathId> = rows.iter().map(|r| r.0).collect();
    let histories = histories(&mut conn, &ids).await?;
    rows.into_iter()
        .filter(|row| histories.get(&row.0).is_some_and(|h| not_selected(h)))
        .take(SHORTLIST_LIMIT as usize)
        .map(|(path_id, _, _, round, state, reason, updated)| {
            Ok(ShortlistEntry {
                path_id,
                reference: shortlist_reference(path_id),
                round,
                state,
                reason,
                ended_on: date_part(&updated)?,
            })
        })
        .collect()
}

/// Adds the person of a shortlisted path to the comparison group, with their
/// gender, year of birth and employment status as recorded, follow-ups
/// counting from the day the path ended. `agency_id` is the programme's owner.
pub async fn add_from_shortlist(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    agency_id: OrganisationId,
    path_id: PathId,
) -> Result<ComparisonMemberId> {
    let sql = format!("{ENDED_PATHS} AND pa.id = $2");
    let row: Option<PathRow> = sqlx::query_as(&sql)
        .bind(programme_id)
        .bind(path_id)
        .fetch_optional(unit.conn())
        .await?;
    let refused = |message: Message| StorageError::Invalid(ValidationErrors::single("path_id", message));
    let Some((_, participant_id, round_id, _, state, reason, updated)) = row else {
        return Err(refused(msg!("error-not-on-shortlist")));
    };
    let history = histories(unit.conn(), &[path_id]).await?;
    if !history.get(&path_id).is_some_and(|h| not_selected(h)) {
        return Err(refused(msg!("error-was-selected")));
    }
    let (gender, birth_year, status): (Option<String>, Option<i64>, Option<String>) =
        sqlx::query_as("SELECT gender, birth_year, employment_status FROM participants WHERE id = $1")
            .bind(participant_id)
            .fetch_one(unit.conn())
            .await?;
    let member = ValidComparisonMember {
        reference: shortlist_reference(path_id),
        gender: gender.and_then(|g| g.parse().ok()),
        birth_year: birth_year.and_then(|y| i32::try_from(y).ok()),
        employment_status: status.and_then(|s| s.parse().ok()),
        reference_date: date_part(&updated)?,
        not_selected_reason: match reason {
            Some(reason) if !reason.trim().is_empty() => format!("{state}: {}", reason.trim()),
            _ => state,
        },
    };
    insert_member(unit, programme_id, agency_id, round_id, Some(participant_id), &member).await
}
