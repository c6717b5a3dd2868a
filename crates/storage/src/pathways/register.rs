//! The activity register of a project and the requests addressed to social
//! workers, with their due dates.

use crate::{AuditEvent, Page, PageRequest, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ids::{ActivityEntryId, InterventionId, ProjectId, RequestId};
use filiera_domain::ids::{HouseholdId, OrganisationId, ParticipantId, UserId};
use filiera_domain::pathways::guards::RequestSource;
use filiera_domain::pathways::project::ActivityKind;
use serde::Serialize;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone)]
pub struct NewEntry {
    pub project_id: ProjectId,
    pub participant_id: Option<ParticipantId>,
    pub intervention_id: Option<InterventionId>,
    pub kind: ActivityKind,
    pub occurred_on: Date,
    pub minutes: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: ActivityEntryId,
    pub kind: String,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub occurred_on: Date,
    pub minutes: i64,
    pub text: String,
    pub author: String,
    pub participant_name: Option<String>,
    pub intervention_id: Option<InterventionId>,
}

async fn project_agency(unit: &mut Unit, project_id: ProjectId) -> Result<i64> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT h.agency_id FROM projects p JOIN households h ON h.id = p.household_id WHERE p.id = $1")
            .bind(project_id)
            .fetch_optional(unit.conn())
            .await?;
    row.map(|(a,)| a).ok_or(StorageError::NotFound { what: "project" })
}

pub async fn add_entry(unit: &mut Unit, entry: &NewEntry) -> Result<ActivityEntryId> {
    let author = unit.actor().user_id.ok_or(StorageError::NotFound { what: "author" })?;
    let agency = project_agency(unit, entry.project_id).await?;
    let (id,): (ActivityEntryId,) = sqlx::query_as(
        "INSERT INTO activity_entries (project_id, participant_id, intervention_id, kind, occurred_on, minutes, text, \
         author_user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(entry.project_id)
    .bind(entry.participant_id)
    .bind(entry.intervention_id)
    .bind(entry.kind.as_str())
    .bind(entry.occurred_on.to_string())
    .bind(entry.minutes.max(0))
    .bind(entry.text.trim())
    .bind(author)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("activity.create", "project", entry.project_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "entry_id": id, "kind": entry.kind })),
    )
    .await?;
    Ok(id)
}

pub async fn entries(store: &Store, project_id: ProjectId, page: PageRequest) -> Result<Page<Entry>> {
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM activity_entries WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(store.pool())
        .await?;
    let items = sqlx::query_as(
        "SELECT e.id, e.kind, e.occurred_on, e.minutes, e.text, u.display_name AS author, \
         p.first_name || ' ' || p.last_name AS participant_name, e.intervention_id FROM activity_entries e \
         JOIN users u ON u.id = e.author_user_id LEFT JOIN participants p ON p.id = e.participant_id \
         WHERE e.project_id = $1 ORDER BY e.occurred_on DESC, e.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(project_id)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(store.pool())
    .await?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Request {
    pub id: RequestId,
    pub household_id: HouseholdId,
    pub household_reference: String,
    pub from_kind: String,
    pub from_name: Option<String>,
    pub addressed_to_user_id: Option<UserId>,
    pub addressed_to_name: Option<String>,
    pub text: String,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub opened_on: Date,
    #[sqlx(try_from = "crate::columns::DateText")]
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub due_on: Date,
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub answered_at: Option<OffsetDateTime>,
    pub answer: Option<String>,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.household_id, h.reference AS household_reference, r.from_kind, \
     f.display_name AS from_name, r.addressed_to_user_id, t.display_name AS addressed_to_name, r.text, r.opened_on, \
     r.due_on, r.answered_at, r.answer FROM requests r JOIN households h ON h.id = r.household_id \
     LEFT JOIN users f ON f.id = r.from_user_id LEFT JOIN users t ON t.id = r.addressed_to_user_id";

/// Opens a request to the household's social worker, due in five working days.
pub async fn open_request(
    unit: &mut Unit,
    household_id: HouseholdId,
    from: RequestSource,
    text: &str,
    opened_on: Date,
    due_on: Date,
) -> Result<RequestId> {
    let household: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT agency_id, social_worker_id FROM households WHERE id = $1")
            .bind(household_id)
            .fetch_optional(unit.conn())
            .await?;
    let (agency, social_worker) = household.ok_or(StorageError::NotFound { what: "household" })?;
    let (id,): (RequestId,) = sqlx::query_as(
        "INSERT INTO requests (household_id, from_kind, from_user_id, addressed_to_user_id, text, opened_on, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(household_id)
    .bind(from.as_str())
    .bind(if from == RequestSource::Operator {
        unit.actor().user_id
    } else {
        None
    })
    .bind(social_worker)
    .bind(text.trim())
    .bind(opened_on.to_string())
    .bind(due_on.to_string())
    .fetch_one(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("request.open", "household", household_id)
            .in_organisation(Some(agency))
            .with_detail(serde_json::json!({ "request_id": id, "due_on": due_on.to_string() })),
    )
    .await?;
    Ok(id)
}

pub async fn answer_request(unit: &mut Unit, request_id: RequestId, answer: &str) -> Result<()> {
    let row: Option<(HouseholdId,)> = sqlx::query_as(
        "UPDATE requests SET answered_at = $1, answer = $2, answered_by = $3 WHERE id = $4 AND answered_at IS NULL \
         RETURNING household_id",
    )
    .bind(now_text())
    .bind(answer.trim())
    .bind(unit.actor().user_id)
    .bind(request_id)
    .fetch_optional(unit.conn())
    .await?;
    let (household_id,) = row.ok_or(StorageError::NotFound { what: "open request" })?;
    let (agency,): (i64,) = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_one(unit.conn())
        .await?;
    unit.record(AuditEvent::new("request.answer", "household", household_id).in_organisation(Some(agency)))
        .await
}

pub async fn requests_for_household(store: &Store, household_id: HouseholdId) -> Result<Vec<Request>> {
    requests_for_household_on(&mut *store.pool().acquire().await?, household_id).await
}

pub(crate) async fn requests_for_household_on(
    conn: &mut sqlx::AnyConnection,
    household_id: HouseholdId,
) -> Result<Vec<Request>> {
    Ok(sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE r.household_id = $1 ORDER BY r.opened_on DESC, r.id DESC"
    ))
    .bind(household_id)
    .fetch_all(conn)
    .await?)
}

/// Unanswered requests past their due date in these agencies, oldest first.
pub async fn overdue(store: &Store, agencies: &[OrganisationId], today: Date) -> Result<Vec<Request>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let ids = agencies
        .iter()
        .map(OrganisationId::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok(sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE h.agency_id IN ({ids}) AND r.answered_at IS NULL AND r.due_on < $1 ORDER BY r.due_on"
    ))
    .bind(today.to_string())
    .fetch_all(store.pool())
    .await?)
}
