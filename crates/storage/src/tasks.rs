//! The stored facts behind "my tasks", read for one user: their open
//! requests, the paths waiting for an interview, closed projects awaiting
//! follow-up, provider reports to submit or approve, certificates of
//! disadvantage and households handed over to them. Each read is narrowed to
//! the user and to the organisations the caller passes (those where the
//! user's roles allow the work); the rules of what is due when are the
//! domain's (`filiera_domain::tasks`), applied by the caller.

use crate::{Result, Store};
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::report_status::ReportStatus;
use filiera_domain::ids::{
    HouseholdId, OrganisationId, PathId, ProgrammeId, ProjectId, ProviderReportId, RequestId, UserId, WorkerId,
};
use filiera_domain::pathways::path::PathState;
use time::{Date, OffsetDateTime};

/// The most facts of one kind a task list reads, so a user in charge of a
/// national programme still gets a page quickly (the oldest come first).
pub const MAX_FACTS_PER_KIND: i64 = 200;

fn id_list(ids: &[OrganisationId]) -> String {
    ids.iter().map(OrganisationId::to_string).collect::<Vec<_>>().join(",")
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenRequest {
    pub id: RequestId,
    pub household_id: HouseholdId,
    pub household_reference: String,
    pub agency_id: OrganisationId,
    #[sqlx(try_from = "crate::columns::DateText")]
    pub due_on: Date,
}

/// Unanswered requests of the `agencies` addressed to the user and, in the
/// `overseen` agencies, those addressed to nobody or already overdue.
pub async fn open_requests(
    store: &Store,
    user: UserId,
    agencies: &[OrganisationId],
    overseen: &[OrganisationId],
    today: Date,
) -> Result<Vec<OpenRequest>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let overseen_clause = if overseen.is_empty() {
        String::new()
    } else {
        format!(
            " OR (h.agency_id IN ({}) AND (r.addressed_to_user_id IS NULL OR r.due_on < $2))",
            id_list(overseen)
        )
    };
    Ok(sqlx::query_as(&format!(
        "SELECT r.id, r.household_id, h.reference AS household_reference, h.agency_id, r.due_on FROM requests r \
         JOIN households h ON h.id = r.household_id WHERE r.answered_at IS NULL AND h.agency_id IN ({}) \
         AND (r.addressed_to_user_id = $1{overseen_clause}) ORDER BY r.due_on, r.id LIMIT {MAX_FACTS_PER_KIND}",
        id_list(agencies)
    ))
    .bind(user)
    .bind(today.to_string())
    .fetch_all(store.pool())
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WaitingPath {
    pub id: PathId,
    pub state: String,
    #[sqlx(try_from = "crate::columns::InstantText")]
    pub updated_at: OffsetDateTime,
    pub household_id: HouseholdId,
    pub household_reference: String,
}

impl WaitingPath {
    pub fn state(&self) -> Option<PathState> {
        self.state.parse().ok()
    }
}

/// Paths waiting for an interview the user holds: a referred path of a
/// household in the user's care (the first interview), a path past the first
/// interview whose project names the user as case manager, or, while no case
/// manager is named, in the user's care (the second).
pub async fn waiting_paths(store: &Store, user: UserId) -> Result<Vec<WaitingPath>> {
    Ok(sqlx::query_as(&format!(
        "SELECT pa.id, pa.state, pa.updated_at, h.id AS household_id, h.reference AS household_reference \
         FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id \
         WHERE (pa.state = 'referred' AND h.social_worker_id = $1) \
            OR (pa.state = 'first_interview' AND ( \
                EXISTS (SELECT 1 FROM projects pr WHERE pr.household_id = h.id AND pr.programme_id = pa.programme_id \
                        AND pr.case_manager_id = $1) \
                OR (h.social_worker_id = $1 AND NOT EXISTS (SELECT 1 FROM projects pr WHERE pr.household_id = h.id \
                        AND pr.programme_id = pa.programme_id AND pr.case_manager_id IS NOT NULL)))) \
         ORDER BY pa.updated_at, pa.id LIMIT {MAX_FACTS_PER_KIND}"
    ))
    .bind(user)
    .fetch_all(store.pool())
    .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosedProject {
    pub project_id: ProjectId,
    pub household_id: HouseholdId,
    pub household_reference: String,
    #[sqlx(try_from = "crate::columns::DateText")]
    pub closed_on: Date,
    pub has_6: i64,
    pub has_12: i64,
}

impl ClosedProject {
    /// The follow-ups already recorded, in months after closure.
    pub fn recorded_months(&self) -> Vec<i64> {
        [(6, self.has_6), (12, self.has_12)]
            .into_iter()
            .filter(|(_, has)| *has > 0)
            .map(|(months, _)| months)
            .collect()
    }
}

/// Projects closed on or before `closed_by` that the user followed (as case
/// manager or as the household's social worker), with the follow-ups recorded.
pub async fn closed_projects(store: &Store, user: UserId, closed_by: Date) -> Result<Vec<ClosedProject>> {
    Ok(sqlx::query_as(&format!(
        "SELECT pr.id AS project_id, h.id AS household_id, h.reference AS household_reference, c.closed_on, \
         (SELECT COUNT(*) FROM follow_ups f WHERE f.project_id = pr.id AND f.months = 6) AS has_6, \
         (SELECT COUNT(*) FROM follow_ups f WHERE f.project_id = pr.id AND f.months = 12) AS has_12 \
         FROM closures c JOIN projects pr ON pr.id = c.project_id JOIN households h ON h.id = pr.household_id \
         WHERE (pr.case_manager_id = $1 OR h.social_worker_id = $1) AND c.closed_on <= $2 \
         ORDER BY c.closed_on, pr.id LIMIT {MAX_FACTS_PER_KIND}"
    ))
    .bind(user)
    .bind(closed_by.to_string())
    .fetch_all(store.pool())
    .await?)
}

/// A provider report as a task needs it.
#[derive(Debug, Clone)]
pub struct ReportFact {
    pub id: Option<ProviderReportId>,
    pub programme_id: ProgrammeId,
    pub programme_name: String,
    pub agency_id: OrganisationId,
    pub cooperative_id: OrganisationId,
    pub cooperative_name: String,
    pub quarter: Quarter,
    pub status: Option<ReportStatus>,
    pub submitted_at: Option<OffsetDateTime>,
}

type ReportRow = (
    Option<ProviderReportId>,
    ProgrammeId,
    String,
    OrganisationId,
    OrganisationId,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn report_fact(row: ReportRow) -> Result<ReportFact> {
    let (id, programme_id, programme_name, agency_id, cooperative_id, cooperative_name, quarter, status, submitted) =
        row;
    Ok(ReportFact {
        id,
        programme_id,
        programme_name,
        agency_id,
        cooperative_id,
        cooperative_name,
        quarter: quarter.parse().map_err(crate::StorageError::corrupt)?,
        status: status
            .map(|s| s.parse::<ReportStatus>())
            .transpose()
            .map_err(crate::StorageError::corrupt)?,
        submitted_at: submitted
            .as_deref()
            .map(crate::columns::instant)
            .transpose()
            .map_err(crate::StorageError::corrupt)?,
    })
}

const REPORT_COLUMNS: &str = "pg.id, pg.name, pg.agency_id, o.id, o.name";

/// Reports submitted to programmes of the `agencies`, waiting for review.
pub async fn submitted_reports(store: &Store, agencies: &[OrganisationId]) -> Result<Vec<ReportFact>> {
    if agencies.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<ReportRow> = sqlx::query_as(&format!(
        "SELECT r.id, {REPORT_COLUMNS}, r.quarter, r.status, r.submitted_at FROM provider_reports r \
         JOIN programmes pg ON pg.id = r.programme_id JOIN organisations o ON o.id = r.cooperative_id \
         WHERE r.status = 'submitted' AND pg.agency_id IN ({}) ORDER BY r.submitted_at, r.id LIMIT {MAX_FACTS_PER_KIND}",
        id_list(agencies)
    ))
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(report_fact).collect()
}

/// For the `cooperatives`: the latest version of every report still open
/// (draft or sent back), and, for each programme they deliver whose rounds
/// span `quarter`, that quarter's latest report (`id` and `status` empty when
/// there is none).
pub async fn reports_to_prepare(
    store: &Store,
    cooperatives: &[OrganisationId],
    quarter: Quarter,
) -> Result<Vec<ReportFact>> {
    if cooperatives.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(cooperatives);
    let open: Vec<ReportRow> = sqlx::query_as(&format!(
        "SELECT r.id, {REPORT_COLUMNS}, r.quarter, r.status, r.submitted_at FROM provider_reports r \
         JOIN programmes pg ON pg.id = r.programme_id JOIN organisations o ON o.id = r.cooperative_id \
         WHERE r.status IN ('draft', 'returned') AND r.cooperative_id IN ({ids}) \
         AND r.version = (SELECT MAX(v.version) FROM provider_reports v WHERE v.programme_id = r.programme_id \
             AND v.cooperative_id = r.cooperative_id AND v.quarter = r.quarter) \
         ORDER BY r.quarter, r.id LIMIT {MAX_FACTS_PER_KIND}"
    ))
    .fetch_all(store.pool())
    .await?;
    let latest = "(SELECT {col} FROM provider_reports r WHERE r.programme_id = pc.programme_id \
         AND r.cooperative_id = pc.organisation_id AND r.quarter = $1 ORDER BY r.version DESC LIMIT 1)";
    let due: Vec<ReportRow> = sqlx::query_as(&format!(
        "SELECT {id}, {REPORT_COLUMNS}, $1, {status}, NULL FROM programme_cooperatives pc \
         JOIN programmes pg ON pg.id = pc.programme_id JOIN organisations o ON o.id = pc.organisation_id \
         WHERE pc.organisation_id IN ({ids}) AND EXISTS (SELECT 1 FROM rounds rd WHERE rd.programme_id = pc.programme_id \
             AND rd.start_date <= $2 AND rd.end_date >= $3) ORDER BY pg.id, o.id LIMIT {MAX_FACTS_PER_KIND}",
        id = latest.replace("{col}", "r.id"),
        status = latest.replace("{col}", "r.status"),
    ))
    .bind(quarter.to_string())
    .bind(quarter.last_day().to_string())
    .bind(quarter.first_day().to_string())
    .fetch_all(store.pool())
    .await?;
    let mut facts: Vec<ReportFact> = open.into_iter().map(report_fact).collect::<Result<_>>()?;
    for fact in due.into_iter().map(report_fact) {
        let fact = fact?;
        // An open report of the quarter is already listed above.
        if !facts.iter().any(|f| f.id.is_some() && f.id == fact.id) {
            facts.push(fact);
        }
    }
    Ok(facts)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExpiringCertificate {
    pub worker_id: WorkerId,
    pub code: String,
    pub cooperative_id: OrganisationId,
    pub cooperative_name: String,
    pub consortium_id: Option<OrganisationId>,
    #[sqlx(try_from = "crate::columns::DateText")]
    pub certified_until: Date,
}

/// Certificates of disadvantage of workers in force on `from`, valid until a
/// day between `from` and `to`, in the `organisations` or their member
/// cooperatives.
pub async fn expiring_certificates(
    store: &Store,
    organisations: &[OrganisationId],
    from: Date,
    to: Date,
) -> Result<Vec<ExpiringCertificate>> {
    if organisations.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(organisations);
    Ok(sqlx::query_as(&format!(
        "SELECT w.id AS worker_id, w.code, o.id AS cooperative_id, o.name AS cooperative_name, o.consortium_id, \
         w.certified_until FROM workers w JOIN organisations o ON o.id = w.organisation_id \
         WHERE (o.id IN ({ids}) OR o.consortium_id IN ({ids})) AND w.category IS NOT NULL \
         AND w.certified_until IS NOT NULL AND w.certified_until >= $1 AND w.certified_until <= $2 \
         AND w.contract_start <= $1 AND (w.contract_end IS NULL OR w.contract_end >= $1) \
         ORDER BY w.certified_until, w.id LIMIT {MAX_FACTS_PER_KIND}"
    ))
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(store.pool())
    .await?)
}

/// The cooperatives bound by the 30% rule among the `organisations` and their
/// member cooperatives (those with a consortium, whose registers filiera keeps).
pub async fn integrating_cooperatives(store: &Store, organisations: &[OrganisationId]) -> Result<Vec<OrganisationId>> {
    if organisations.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(organisations);
    let rows: Vec<(OrganisationId,)> = sqlx::query_as(&format!(
        "SELECT o.id FROM organisations o WHERE o.kind = 'cooperative' AND o.cooperative_type IN ('B', 'mixed') \
         AND o.consortium_id IS NOT NULL AND (o.id IN ({ids}) OR o.consortium_id IN ({ids})) ORDER BY o.id"
    ))
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReceivedHandover {
    pub household_id: HouseholdId,
    pub household_reference: String,
    #[sqlx(try_from = "crate::columns::InstantText")]
    pub from_at: OffsetDateTime,
    /// The last time the user recorded anything on the household (or its
    /// projects) after the handover, from the audit log.
    #[sqlx(try_from = "crate::columns::OptionalInstantText")]
    pub acted_at: Option<OffsetDateTime>,
}

/// Households handed over to the user by a colleague, still in their care.
pub async fn received_handovers(store: &Store, user: UserId) -> Result<Vec<ReceivedHandover>> {
    Ok(sqlx::query_as(&format!(
        "SELECT a.household_id, h.reference AS household_reference, a.from_at, \
         (SELECT MAX(l.at) FROM audit_log l WHERE l.actor_user_id = $1 AND l.organisation_id = h.agency_id \
             AND l.at > a.from_at AND ((l.resource_type = 'household' AND l.resource_id = CAST(a.household_id AS TEXT)) \
             OR (l.resource_type = 'project' AND l.resource_id IN \
                 (SELECT CAST(p.id AS TEXT) FROM projects p WHERE p.household_id = a.household_id)))) AS acted_at \
         FROM assignments a JOIN households h ON h.id = a.household_id \
         WHERE a.user_id = $1 AND a.to_at IS NULL AND a.handover_note IS NOT NULL \
         AND (a.actor_user_id IS NULL OR a.actor_user_id <> $1) ORDER BY a.from_at, a.id LIMIT {MAX_FACTS_PER_KIND}"
    ))
    .bind(user)
    .fetch_all(store.pool())
    .await?)
}
