//! Access and Evaluation Forms. Health notes live in their own table and are
//! only returned by [`read_health_notes`], which audits the read.

use super::households;
use crate::{Actor, AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ids::{AssessmentId, HouseholdId, ParticipantId, UserId};
use filiera_domain::pathways::assessment::{EmployabilityArea, ValidAssessment};
use filiera_domain::pathways::health::HealthNotesAudience;
use serde::Serialize;
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

/// A form as shown to people allowed to see the household (no health notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentView {
    pub id: AssessmentId,
    pub participant_id: ParticipantId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub assessed_on: Date,
    pub author: String,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub signed_at: OffsetDateTime,
    pub scale_min: i64,
    pub scale_max: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, i64>))]
    pub scores: BTreeMap<EmployabilityArea, i64>,
    pub family_composition: String,
    pub vulnerabilities: Vec<String>,
    pub vulnerabilities_other: String,
    pub past_work: String,
    pub skills: String,
    pub work_difficulties: String,
    pub interests: String,
    pub aspirations: String,
    pub suggested_interventions: String,
    pub has_health_notes: bool,
}

impl AssessmentView {
    /// The sum of the scores, a quick reading of the whole form.
    pub fn total_score(&self) -> i64 {
        self.scores.values().sum()
    }

    /// The highest possible sum.
    pub fn max_total(&self) -> i64 {
        self.scores.len() as i64 * self.scale_max
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: AssessmentId,
    participant_id: ParticipantId,
    #[sqlx(try_from = "crate::columns::DateText")]
    assessed_on: Date,
    author: String,
    #[sqlx(try_from = "crate::columns::InstantText")]
    signed_at: OffsetDateTime,
    scale_min: i64,
    scale_max: i64,
    family_composition: String,
    vulnerabilities: String,
    vulnerabilities_other: String,
    past_work: String,
    skills: String,
    work_difficulties: String,
    interests: String,
    aspirations: String,
    suggested_interventions: String,
    has_health_notes: i64,
}

/// Records a form, signed by the acting user now.
pub async fn create(unit: &mut Unit, participant_id: ParticipantId, form: &ValidAssessment) -> Result<AssessmentId> {
    let author = unit.actor().user_id.ok_or(StorageError::NotFound { what: "author" })?;
    let member = households::fetch_member(unit.conn(), participant_id).await?;
    let now = now_text();
    let vulnerabilities: Vec<&str> = form.vulnerabilities.iter().map(|v| v.as_str()).collect();
    let (id,): (AssessmentId,) = sqlx::query_as(
        "INSERT INTO assessments (participant_id, assessed_on, author_user_id, signed_at, scale_min, scale_max, \
         family_composition, vulnerabilities, vulnerabilities_other, past_work, skills, work_difficulties, interests, \
         aspirations, suggested_interventions, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $4) RETURNING id",
    )
    .bind(participant_id)
    .bind(form.assessed_on.to_string())
    .bind(author)
    .bind(&now)
    .bind(form.scale.min)
    .bind(form.scale.max)
    .bind(&form.family_composition)
    .bind(vulnerabilities.join(","))
    .bind(&form.vulnerabilities_other)
    .bind(&form.past_work)
    .bind(&form.skills)
    .bind(&form.work_difficulties)
    .bind(&form.interests)
    .bind(&form.aspirations)
    .bind(&form.suggested_interventions)
    .fetch_one(unit.conn())
    .await?;
    for (area, score) in &form.scores {
        sqlx::query("INSERT INTO assessment_scores (assessment_id, area, score) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(area.as_str())
            .bind(*score)
            .execute(unit.conn())
            .await?;
    }
    if let Some(notes) = &form.health_notes {
        sqlx::query("INSERT INTO health_notes (assessment_id, notes) VALUES ($1, $2)")
            .bind(id)
            .bind(notes)
            .execute(unit.conn())
            .await?;
    }
    let household = sqlx::query_as::<_, (i64,)>("SELECT agency_id FROM households WHERE id = $1")
        .bind(member.household_id)
        .fetch_one(unit.conn())
        .await?
        .0;
    unit.record(
        AuditEvent::new("assessment.create", "assessment", id)
            .in_organisation(Some(household))
            .with_detail(
                serde_json::json!({ "participant_id": participant_id, "health_notes": form.health_notes.is_some() }),
            ),
    )
    .await?;
    Ok(id)
}

/// The person a form is about.
pub async fn participant_of(store: &Store, id: AssessmentId) -> Result<ParticipantId> {
    let row: Option<(ParticipantId,)> = sqlx::query_as("SELECT participant_id FROM assessments WHERE id = $1")
        .bind(id)
        .fetch_optional(store.pool())
        .await?;
    row.map(|(participant,)| participant)
        .ok_or(StorageError::NotFound { what: "assessment" })
}

/// Every form of a participant, oldest first, without health notes.
pub async fn for_participant(store: &Store, participant_id: ParticipantId) -> Result<Vec<AssessmentView>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.participant_id, a.assessed_on, u.display_name AS author, a.signed_at, a.scale_min, a.scale_max, \
         a.family_composition, a.vulnerabilities, a.vulnerabilities_other, a.past_work, a.skills, a.work_difficulties, \
         a.interests, a.aspirations, a.suggested_interventions, \
         (SELECT COUNT(*) FROM health_notes n WHERE n.assessment_id = a.id) AS has_health_notes \
         FROM assessments a JOIN users u ON u.id = a.author_user_id WHERE a.participant_id = $1 ORDER BY a.assessed_on, a.id",
    )
    .bind(participant_id)
    .fetch_all(store.pool())
    .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let scores: Vec<(String, i64)> =
            sqlx::query_as("SELECT area, score FROM assessment_scores WHERE assessment_id = $1")
                .bind(row.id)
                .fetch_all(store.pool())
                .await?;
        let scores = scores
            .into_iter()
            .filter_map(|(area, score)| area.parse::<EmployabilityArea>().ok().map(|a| (a, score)))
            .collect();
        views.push(AssessmentView {
            id: row.id,
            participant_id: row.participant_id,
            assessed_on: row.assessed_on,
            author: row.author,
            signed_at: row.signed_at,
            scale_min: row.scale_min,
            scale_max: row.scale_max,
            scores,
            family_composition: row.family_composition,
            vulnerabilities: row
                .vulnerabilities
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            vulnerabilities_other: row.vulnerabilities_other,
            past_work: row.past_work,
            skills: row.skills,
            work_difficulties: row.work_difficulties,
            interests: row.interests,
            aspirations: row.aspirations,
            suggested_interventions: row.suggested_interventions,
            has_health_notes: row.has_health_notes > 0,
        });
    }
    Ok(views)
}

/// Who is close enough to a participant's record to read health notes.
pub async fn health_audience(store: &Store, participant_id: ParticipantId) -> Result<HealthNotesAudience> {
    let member = households::member(store, participant_id).await?;
    household_health_audience(store, member.household_id).await
}

/// Who is close enough to a household's records to read their health notes:
/// the same people for every member, since the social worker in charge and
/// the project's psychologists are the household's.
pub async fn household_health_audience(store: &Store, household_id: HouseholdId) -> Result<HealthNotesAudience> {
    let household = households::get(store, household_id).await?;
    let psychologists: Vec<(UserId,)> = sqlx::query_as(
        "SELECT o.user_id FROM project_operators o JOIN projects p ON p.id = o.project_id \
         WHERE p.household_id = $1 AND o.profession = 'psychologist'",
    )
    .bind(household_id)
    .fetch_all(store.pool())
    .await?;
    Ok(HealthNotesAudience {
        social_worker_in_charge: household.social_worker_id,
        psychologists: psychologists.into_iter().map(|(id,)| id).collect(),
    })
}

/// Reads the health notes of one form and audits the read in the same
/// transaction, so no read goes unrecorded. The caller has checked the policy.
pub async fn read_health_notes(store: &Store, actor: &Actor, assessment_id: AssessmentId) -> Result<Option<String>> {
    let mut unit = store.begin(actor).await?;
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT n.notes, h.agency_id FROM health_notes n JOIN assessments a ON a.id = n.assessment_id \
         JOIN participants p ON p.id = a.participant_id JOIN households h ON h.id = p.household_id \
         WHERE n.assessment_id = $1",
    )
    .bind(assessment_id)
    .fetch_optional(unit.conn())
    .await?;
    let Some((notes, agency)) = row else {
        return Ok(None);
    };
    unit.record(AuditEvent::new("health_note.read", "assessment", assessment_id).in_organisation(Some(agency)))
        .await?;
    unit.commit().await?;
    Ok(Some(notes))
}
