//! What the matching engine needs for a round: the participants with an active
//! project in the programme and the places left in each service.

use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ids::{OrganisationId, ParticipantId, ProgrammeId, ProjectId, RoundId, ServiceId};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// A household member who may receive interventions this round.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateRow {
    pub participant_id: ParticipantId,
    pub name: String,
    pub project_id: ProjectId,
    pub interests: Vec<String>,
    pub languages: Vec<String>,
    /// Latest assessment scores by area, with the scale used.
    pub scores: BTreeMap<String, i64>,
    pub scale: (i64, i64),
    /// Interventions already planned or running in the round.
    pub current_interventions: i64,
    /// Days since the participant was referred to the programme.
    pub waiting_days: i64,
}

/// A service with places left in the round.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlaceRow {
    pub service_id: ServiceId,
    pub name: String,
    pub kind: String,
    pub free_places: i64,
    pub interest_tags: String,
    pub improves_areas: String,
    pub language: Option<String>,
    pub cooperative: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    participant_id: ParticipantId,
    first_name: String,
    last_name: String,
    project_id: ProjectId,
    interests: String,
    languages: String,
    #[sqlx(try_from = "crate::columns::InstantText")]
    path_created: OffsetDateTime,
}

fn words(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Members of households with an active project of the programme in the round
/// whose path is active.
pub async fn candidates(
    store: &Store,
    programme_id: ProgrammeId,
    round_id: RoundId,
    today: Date,
) -> Result<Vec<CandidateRow>> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT p.id AS participant_id, p.first_name, p.last_name, pj.id AS project_id, p.interests, p.languages, \
         pa.created_at AS path_created FROM paths pa JOIN participants p ON p.id = pa.participant_id \
         JOIN projects pj ON pj.household_id = p.household_id AND pj.programme_id = pa.programme_id \
         WHERE pa.programme_id = $1 AND pa.round_id = $2 AND pa.state = 'project_active' AND pj.status = 'active' \
         ORDER BY p.last_name, p.first_name, p.id",
    )
    .bind(programme_id)
    .bind(round_id)
    .fetch_all(store.pool())
    .await?;
    let mut candidates = Vec::with_capacity(rows.len());
    for row in rows {
        let latest: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT id, scale_min, scale_max FROM assessments WHERE participant_id = $1 ORDER BY assessed_on DESC, id DESC LIMIT 1",
        )
        .bind(row.participant_id)
        .fetch_optional(store.pool())
        .await?;
        let (scores, scale) = match latest {
            Some((id, min, max)) => {
                let scores: Vec<(String, i64)> =
                    sqlx::query_as("SELECT area, score FROM assessment_scores WHERE assessment_id = $1")
                        .bind(id)
                        .fetch_all(store.pool())
                        .await?;
                (scores.into_iter().collect(), (min, max))
            }
            None => (BTreeMap::new(), (1, 5)),
        };
        let (current,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM interventions WHERE participant_id = $1 AND round_id = $2 AND status IN ('planned', 'active')",
        )
        .bind(row.participant_id)
        .bind(round_id)
        .fetch_one(store.pool())
        .await?;
        let waiting_days = (today - row.path_created.date()).whole_days().max(0);
        candidates.push(CandidateRow {
            participant_id: row.participant_id,
            name: format!("{} {}", row.first_name, row.last_name),
            project_id: row.project_id,
            interests: words(&row.interests),
            languages: words(&row.languages),
            scores,
            scale,
            current_interventions: current,
            waiting_days,
        });
    }
    Ok(candidates)
}

/// Services of the programme with a capacity in the round and places left.
pub async fn places(store: &Store, programme_id: ProgrammeId, round_id: RoundId) -> Result<Vec<PlaceRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id AS service_id, s.name, s.kind, c.capacity - (SELECT COUNT(*) FROM interventions i \
         WHERE i.service_id = s.id AND i.round_id = c.round_id AND i.status <> 'cancelled') AS free_places, \
         s.interest_tags, s.improves_areas, s.language, o.name AS cooperative FROM services s \
         JOIN service_capacity c ON c.service_id = s.id AND c.round_id = $2 \
         LEFT JOIN organisations o ON o.id = s.organisation_id \
         WHERE s.programme_id = $1 AND s.archived_at IS NULL ORDER BY s.name",
    )
    .bind(programme_id)
    .bind(round_id)
    .fetch_all(store.pool())
    .await?)
}

/// The programme's matching weights as stored (JSON; `None`: the defaults).
pub async fn weights(store: &Store, programme_id: ProgrammeId) -> Result<Option<String>> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT matching_weights FROM programmes WHERE id = $1")
        .bind(programme_id)
        .fetch_optional(store.pool())
        .await?;
    let (weights,) = row.ok_or(StorageError::NotFound { what: "programme" })?;
    Ok(weights)
}

/// Stores the programme's matching weights (JSON already checked by the
/// optimisation crate's `MatchingWeights::check`; `None` goes back to the
/// defaults). `agency_id` is the programme's owner, for the audit log, which
/// keeps the old weights too.
pub async fn set_weights(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    agency_id: OrganisationId,
    weights: Option<&str>,
) -> Result<()> {
    let before: Option<(Option<String>,)> = sqlx::query_as("SELECT matching_weights FROM programmes WHERE id = $1")
        .bind(programme_id)
        .fetch_optional(unit.conn())
        .await?;
    let (before,) = before.ok_or(StorageError::NotFound { what: "programme" })?;
    sqlx::query("UPDATE programmes SET matching_weights = $1, updated_at = $2 WHERE id = $3")
        .bind(weights)
        .bind(now_text())
        .bind(programme_id)
        .execute(unit.conn())
        .await?;
    let parse = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    unit.record(
        AuditEvent::new("programme.matching_weights", "programme", programme_id)
            .in_organisation(Some(agency_id.get()))
            .with_detail(json!({ "from": parse(before.as_deref()), "to": parse(weights) })),
    )
    .await
}
