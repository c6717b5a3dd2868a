//! Personalised Individual Projects: focus person, operators, objectives and
//! interventions with the capacity and interest-fit guards, closure and
//! follow-up.

use super::paths::move_household_paths;
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{
    HouseholdId, ObjectiveId, OrganisationId, ParticipantId, ProgrammeId, ProjectId, RoundId, UserId,
};
use filiera_domain::msg;
use filiera_domain::pathways::closure::ValidClosure;
use filiera_domain::pathways::guards::{TimeConflict, check_interest_fit, time_conflicts};
use filiera_domain::pathways::household::EmploymentStatus;
use filiera_domain::pathways::path::PathState;
use filiera_domain::pathways::project::{
    InterventionStatus, ObjectiveStatus, Profession, ValidObjective, change_status, check_capacity, check_dates,
};
use serde::Serialize;
use sqlx::AnyConnection;
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: ProjectId,
    pub household_id: HouseholdId,
    pub household_reference: String,
    pub programme_id: ProgrammeId,
    pub programme_name: String,
    pub round_id: Option<RoundId>,
    pub round_number: Option<i64>,
    pub cooperative_id: Option<OrganisationId>,
    pub cooperative_name: Option<String>,
    pub focus_participant_id: ParticipantId,
    pub focus_name: String,
    pub case_manager_id: Option<UserId>,
    pub case_manager_name: Option<String>,
    pub status: String,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub started_on: Date,
}

const PROJECT_SELECT: &str = "SELECT p.id, p.household_id, h.reference AS household_reference, p.programme_id, \
     pr.name AS programme_name, p.round_id, r.number AS round_number, p.cooperative_id, c.name AS cooperative_name, \
     p.focus_participant_id, f.first_name || ' ' || f.last_name AS focus_name, p.case_manager_id, \
     u.display_name AS case_manager_name, p.status, p.started_on FROM projects p \
     JOIN households h ON h.id = p.household_id JOIN programmes pr ON pr.id = p.programme_id \
     LEFT JOIN rounds r ON r.id = p.round_id LEFT JOIN organisations c ON c.id = p.cooperative_id \
     JOIN participants f ON f.id = p.focus_participant_id LEFT JOIN users u ON u.id = p.case_manager_id";

async fn fetch(conn: &mut AnyConnection, id: ProjectId) -> Result<Project> {
    sqlx::query_as(&format!("{PROJECT_SELECT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StorageError::NotFound { what: "project" })
}

pub async fn get(store: &Store, id: ProjectId) -> Result<Project> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

pub async fn for_household(store: &Store, household_id: HouseholdId) -> Result<Vec<Project>> {
    for_household_on(&mut *store.pool().acquire().await?, household_id).await
}

pub(crate) async fn for_household_on(conn: &mut AnyConnection, household_id: HouseholdId) -> Result<Vec<Project>> {
    Ok(
        sqlx::query_as(&format!("{PROJECT_SELECT} WHERE p.household_id = $1 ORDER BY p.id"))
            .bind(household_id)
            .fetch_all(conn)
            .await?,
    )
}

async fn agency(conn: &mut AnyConnection, project_id: ProjectId) -> Result<i64> {
    let (agency,): (i64,) =
        sqlx::query_as("SELECT h.agency_id FROM projects p JOIN households h ON h.id = p.household_id WHERE p.id = $1")
            .bind(project_id)
            .fetch_one(conn)
            .await?;
    Ok(agency)
}

/// What starting a project needs.
#[derive(Debug, Clone)]
pub struct NewProject {
    pub household_id: HouseholdId,
    pub programme_id: ProgrammeId,
    pub round_id: Option<RoundId>,
    pub cooperative_id: Option<OrganisationId>,
    pub focus_participant_id: ParticipantId,
    pub case_manager_id: Option<UserId>,
    pub started_on: Date,
}

/// Starts the household's project after the second interview; the household's
/// paths in the programme that were at the second interview become active.
pub async fn create(unit: &mut Unit, new: &NewProject) -> Result<Project> {
    let programme = super::references::programme(unit.conn(), new.programme_id).await?;
    super::references::check_household_programme(unit.conn(), new.household_id, &programme, new.round_id).await?;
    if let Some(cooperative) = new.cooperative_id {
        filiera_domain::references::cooperative_delivers(cooperative, &programme).map_err(StorageError::Invalid)?;
    }
    if let Some(case_manager) = new.case_manager_id {
        super::references::check_staff(unit.conn(), "case_manager_id", case_manager, &programme).await?;
    }
    let focus_household: Option<(HouseholdId,)> = sqlx::query_as("SELECT household_id FROM participants WHERE id = $1")
        .bind(new.focus_participant_id)
        .fetch_optional(unit.conn())
        .await?;
    if focus_household != Some((new.household_id,)) {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "focus_participant_id",
            msg!("error-focus-not-member"),
        )));
    }
    let open: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM projects WHERE household_id = $1 AND programme_id = $2 AND status = 'active'",
    )
    .bind(new.household_id)
    .bind(new.programme_id)
    .fetch_one(unit.conn())
    .await?;
    if open.0 > 0 {
        return Err(StorageError::Conflict(ValidationErrors::single(
            "programme_id",
            msg!("error-project-exists"),
        )));
    }
    let now = now_text();
    let (id,): (ProjectId,) = sqlx::query_as(
        "INSERT INTO projects (household_id, programme_id, round_id, cooperative_id, focus_participant_id, \
         case_manager_id, status, started_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8) RETURNING id",
    )
    .bind(new.household_id)
    .bind(new.programme_id)
    .bind(new.round_id)
    .bind(new.cooperative_id)
    .bind(new.focus_participant_id)
    .bind(new.case_manager_id)
    .bind(new.started_on.to_string())
    .bind(&now)
    .fetch_one(unit.conn())
    .await?;
    sqlx::query(
        "INSERT INTO project_focus_history (project_id, participant_id, actor_user_id, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(new.focus_participant_id)
    .bind(unit.actor().user_id)
    .bind(&now)
    .execute(unit.conn())
    .await?;
    if let Some(case_manager) = new.case_manager_id {
        sqlx::query(
            "INSERT INTO assignments (household_id, role, user_id, actor_user_id, from_at) VALUES ($1, 'case_manager', $2, $3, $4)",
        )
        .bind(new.household_id)
        .bind(case_manager)
        .bind(unit.actor().user_id)
        .bind(&now)
        .execute(unit.conn())
        .await?;
    }
    let agency = agency(unit.conn(), id).await?;
    unit.record(AuditEvent::new("project.create", "project", id).in_organisation(Some(agency)))
        .await?;
    move_household_paths(
        unit,
        new.household_id,
        new.programme_id,
        PathState::SecondInterview,
        PathState::ProjectActive,
    )
    .await?;
    fetch(unit.conn(), id).await
}

/// Changes the focus person, keeping the history.
pub async fn change_focus(
    unit: &mut Unit,
    project_id: ProjectId,
    participant_id: ParticipantId,
    reason: Option<&str>,
) -> Result<()> {
    let project = fetch(unit.conn(), project_id).await?;
    let member: Option<(HouseholdId,)> = sqlx::query_as("SELECT household_id FROM participants WHERE id = $1")
        .bind(participant_id)
        .fetch_optional(unit.conn())
        .await?;
    if member != Some((project.household_id,)) {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "participant_id",
            msg!("error-focus-not-member"),
        )));
    }
    let now = now_text();
    sqlx::query("UPDATE projects SET focus_participant_id = $1, updated_at = $2 WHERE id = $3")
        .bind(participant_id)
        .bind(&now)
        .bind(project_id)
        .execute(unit.conn())
        .await?;
    sqlx::query(
        "INSERT INTO project_focus_history (project_id, participant_id, reason, actor_user_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(reason)
    .bind(unit.actor().user_id)
    .bind(&now)
    .execute(unit.conn())
    .await?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(
        AuditEvent::new("project.focus_change", "project", project_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "participant_id": participant_id })),
    )
    .await
}

pub async fn add_operator(
    unit: &mut Unit,
    project_id: ProjectId,
    user_id: UserId,
    profession: Profession,
) -> Result<()> {
    let (programme_id,): (ProgrammeId,) = sqlx::query_as("SELECT programme_id FROM projects WHERE id = $1")
        .bind(project_id)
        .fetch_optional(unit.conn())
        .await?
        .ok_or(StorageError::NotFound { what: "project" })?;
    let programme = super::references::programme(unit.conn(), programme_id).await?;
    super::references::check_staff(unit.conn(), "user_id", user_id, &programme).await?;
    sqlx::query("DELETE FROM project_operators WHERE project_id = $1 AND user_id = $2")
        .bind(project_id)
        .bind(user_id)
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO project_operators (project_id, user_id, profession) VALUES ($1, $2, $3)")
        .bind(project_id)
        .bind(user_id)
        .bind(profession.as_str())
        .execute(unit.conn())
        .await?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(
        AuditEvent::new("project.operator_add", "project", project_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "user_id": user_id, "profession": profession })),
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operator {
    pub user_id: UserId,
    pub name: String,
    pub profession: String,
}

pub async fn operators(store: &Store, project_id: ProjectId) -> Result<Vec<Operator>> {
    Ok(sqlx::query_as(
        "SELECT o.user_id, u.display_name AS name, o.profession FROM project_operators o JOIN users u ON u.id = o.user_id \
         WHERE o.project_id = $1 ORDER BY u.display_name",
    )
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Objective {
    pub id: ObjectiveId,
    pub text: String,
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub target_date: Option<Date>,
    pub measure: String,
    pub status: String,
}

pub async fn add_objective(unit: &mut Unit, project_id: ProjectId, objective: &ValidObjective) -> Result<ObjectiveId> {
    let (id,): (ObjectiveId,) = sqlx::query_as(
        "INSERT INTO objectives (project_id, text, target_date, measure, status, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
    )
    .bind(project_id)
    .bind(&objective.text)
    .bind(objective.target_date.map(|d| d.to_string()))
    .bind(&objective.measure)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(AuditEvent::new("objective.create", "objective", id).in_organisation(Some(agency)))
        .await?;
    Ok(id)
}

pub async fn set_objective_status(unit: &mut Unit, objective_id: ObjectiveId, status: ObjectiveStatus) -> Result<()> {
    let row: Option<(ProjectId,)> =
        sqlx::query_as("UPDATE objectives SET status = $1 WHERE id = $2 RETURNING project_id")
            .bind(status.as_str())
            .bind(objective_id)
            .fetch_optional(unit.conn())
            .await?;
    let (project_id,) = row.ok_or(StorageError::NotFound { what: "objective" })?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(
        AuditEvent::new("objective.status", "objective", objective_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "status": status })),
    )
    .await
}

pub async fn objectives(store: &Store, project_id: ProjectId) -> Result<Vec<Objective>> {
    Ok(sqlx::query_as(
        "SELECT id, text, target_date, measure, status FROM objectives WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}

pub use super::interventions::{
    Intervention, NewIntervention, add_intervention, change_intervention_status, interventions,
};

/// Closes the project with its conclusive evaluation; the household's active
/// paths in the programme close with it.
pub async fn close(unit: &mut Unit, project_id: ProjectId, closure: &ValidClosure) -> Result<()> {
    let project = fetch(unit.conn(), project_id).await?;
    if project.status != "active" {
        return Err(StorageError::Conflict(ValidationErrors::single(
            "project",
            msg!("error-project-closed"),
        )));
    }
    let author = unit.actor().user_id.ok_or(StorageError::NotFound { what: "author" })?;
    sqlx::query(
        "INSERT INTO closures (project_id, closed_on, objectives_achieved, skills_acquired, critical_issues, \
         resources_activated, outcome, author_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(project_id)
    .bind(closure.closed_on.to_string())
    .bind(&closure.objectives_achieved)
    .bind(&closure.skills_acquired)
    .bind(&closure.critical_issues)
    .bind(&closure.resources_activated)
    .bind(closure.outcome.as_str())
    .bind(author)
    .bind(now_text())
    .execute(unit.conn())
    .await?;
    sqlx::query("UPDATE projects SET status = 'closed', updated_at = $1 WHERE id = $2")
        .bind(now_text())
        .bind(project_id)
        .execute(unit.conn())
        .await?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(
        AuditEvent::new("project.close", "project", project_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "outcome": closure.outcome })),
    )
    .await?;
    move_household_paths(
        unit,
        project.household_id,
        project.programme_id,
        PathState::ProjectActive,
        PathState::Closed,
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub closed_on: Date,
    pub objectives_achieved: String,
    pub skills_acquired: String,
    pub critical_issues: String,
    pub resources_activated: String,
    pub outcome: String,
}

pub async fn closure(store: &Store, project_id: ProjectId) -> Result<Option<Closure>> {
    Ok(sqlx::query_as(
        "SELECT closed_on, objectives_achieved, skills_acquired, critical_issues, resources_activated, outcome \
         FROM closures WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(store.pool())
    .await?)
}

/// Records the employment status of a participant 6 or 12 months after closure.
pub async fn record_follow_up(
    unit: &mut Unit,
    project_id: ProjectId,
    participant_id: ParticipantId,
    months: i64,
    recorded_on: Date,
    employment_status: EmploymentStatus,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO follow_ups (project_id, participant_id, months, recorded_on, employment_status, note, author_user_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(months)
    .bind(recorded_on.to_string())
    .bind(employment_status.as_str())
    .bind(note)
    .bind(unit.actor().user_id)
    .execute(unit.conn())
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => StorageError::Conflict(
            ValidationErrors::single("months", msg!("error-follow-up-recorded")),
        ),
        _ => StorageError::Database(e),
    })?;
    let agency = agency(unit.conn(), project_id).await?;
    unit.record(
        AuditEvent::new("follow_up.create", "project", project_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "participant_id": participant_id, "months": months })),
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub participant_id: ParticipantId,
    pub months: i64,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub recorded_on: Date,
    pub employment_status: String,
    pub note: String,
}

pub async fn follow_ups(store: &Store, project_id: ProjectId) -> Result<Vec<FollowUp>> {
    Ok(sqlx::query_as(
        "SELECT participant_id, months, recorded_on, employment_status, note FROM follow_ups WHERE project_id = $1 ORDER BY months",
    )
    .bind(project_id)
    .fetch_all(store.pool())
    .await?)
}

/// Interventions planned to end after their round or funding stream, for the
/// project page and the manager's dashboard.
pub fn conflicts_of(intervention: &Intervention) -> Vec<TimeConflict> {
    time_conflicts(
        intervention.planned_end,
        intervention.round_end,
        intervention.stream_end,
    )
}

pub(crate) fn guard_new_intervention(
    kind: &str,
    participant_interests: &[String],
    service_tags: &[String],
    justification: Option<&str>,
    start: Option<Date>,
    end: Option<Date>,
) -> Result<()> {
    check_dates(start, end).map_err(StorageError::Invalid)?;
    check_interest_fit(
        kind == "training_course",
        participant_interests,
        service_tags,
        justification,
    )
    .map_err(StorageError::Invalid)
}

pub(crate) fn guard_status(
    from: InterventionStatus,
    to: InterventionStatus,
    reason: Option<&str>,
) -> Result<Option<String>> {
    change_status(from, to, reason).map_err(|e| StorageError::Invalid(ValidationErrors::single("status", e.message())))
}

pub(crate) fn guard_capacity(capacity: Option<i64>, in_use: i64) -> Result<()> {
    match capacity {
        Some(capacity) => check_capacity(capacity, in_use)
            .map_err(|full| StorageError::Conflict(ValidationErrors::single("service_id", full.message()))),
        None => Ok(()),
    }
}
