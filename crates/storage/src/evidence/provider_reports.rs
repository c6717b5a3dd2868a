//! Quarterly provider reports: generated from the register, submitted by the
//! cooperative, approved or sent back by the programme manager, frozen once
//! approved (a database trigger refuses any change to an approved row, whatever
//! route tries), corrected by a new version with a reason. Approval admits the
//! claims against the funding streams (see `filiera_domain::evidence::reimbursement`).

use super::budget::stream_budgets_in;
use super::register::report_content;
use crate::columns;
use crate::pathways::programmes::{self, Programme};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::provider_report::{self, ProviderReportContent};
use filiera_domain::evidence::reimbursement::admit_amount;
use filiera_domain::evidence::report_status::{ReportAction, ReportRefusal, ReportStatus, may_correct};
use filiera_domain::ids::{ClaimId, ProviderReportId};
use filiera_domain::ids::{FundingStreamId, OrganisationId, ProgrammeId};
use filiera_domain::msg;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

/// A stored provider report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderReport {
    pub id: ProviderReportId,
    pub programme_id: ProgrammeId,
    pub cooperative_id: OrganisationId,
    pub cooperative_name: String,
    pub quarter: Quarter,
    pub version: i64,
    pub status: ReportStatus,
    pub content: ProviderReportContent,
    /// SHA-256 of the stored content: what the funder approved, byte for byte.
    pub content_sha256: String,
    pub correction_reason: Option<String>,
    pub review_comment: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub generated_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub reviewed_at: Option<OffsetDateTime>,
    /// Whether a later version (a correction) exists.
    pub superseded: bool,
}

/// One step of a report's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportEvent {
    pub action: String,
    pub comment: String,
    pub actor: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub at: OffsetDateTime,
}

/// A claim an approved report made on a funding stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ClaimDto))]
pub struct Claim {
    pub id: ClaimId,
    pub report_id: ProviderReportId,
    pub funding_stream_id: FundingStreamId,
    pub funding_stream: String,
    pub cooperative_id: OrganisationId,
    pub amount_cents: i64,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub claimed_on: Date,
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub paid_on: Option<Date>,
    pub payment_reference: Option<String>,
}

type ReportRow = (
    ProviderReportId,
    ProgrammeId,
    OrganisationId,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    i64,
);

const SELECT_REPORT: &str = "SELECT r.id, r.programme_id, r.cooperative_id, o.name, r.quarter, r.version, r.status, \
     r.content, r.content_sha256, r.correction_reason, r.review_comment, r.generated_at, r.submitted_at, r.reviewed_at, \
     (SELECT COUNT(*) FROM provider_reports n WHERE n.programme_id = r.programme_id \
        AND n.cooperative_id = r.cooperative_id AND n.quarter = r.quarter AND n.version > r.version) \
     FROM provider_reports r JOIN organisations o ON o.id = r.cooperative_id";

fn from_row(row: ReportRow) -> Result<ProviderReport> {
    let (
        id,
        programme_id,
        cooperative_id,
        cooperative_name,
        quarter,
        version,
        status,
        content,
        sha,
        correction,
        comment,
        generated,
        submitted,
        reviewed,
        later,
    ) = row;
    Ok(ProviderReport {
        id,
        programme_id,
        cooperative_id,
        cooperative_name,
        quarter: quarter.parse().map_err(StorageError::corrupt)?,
        version,
        status: status.parse().map_err(StorageError::corrupt)?,
        content: serde_json::from_str(&content).map_err(StorageError::corrupt)?,
        content_sha256: sha,
        correction_reason: correction,
        review_comment: comment,
        generated_at: columns::instant(&generated)?,
        submitted_at: submitted.as_deref().map(columns::instant).transpose()?,
        reviewed_at: reviewed.as_deref().map(columns::instant).transpose()?,
        superseded: later > 0,
    })
}

async fn fetch(conn: &mut AnyConnection, id: ProviderReportId) -> Result<ProviderReport> {
    let row: ReportRow = sqlx::query_as(&format!("{SELECT_REPORT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StorageError::NotFound {
            what: "provider report",
        })?;
    from_row(row)
}

pub async fn get(store: &Store, id: ProviderReportId) -> Result<ProviderReport> {
    let mut conn = store.pool().acquire().await?;
    fetch(&mut conn, id).await
}

/// A programme's reports, newest quarter first; optionally one cooperative's only.
pub async fn list(
    store: &Store,
    programme_id: ProgrammeId,
    cooperative_id: Option<OrganisationId>,
) -> Result<Vec<ProviderReport>> {
    let rows: Vec<ReportRow> = sqlx::query_as(&format!(
        "{SELECT_REPORT} WHERE r.programme_id = $1 AND ($2 IS NULL OR r.cooperative_id = $2) \
         ORDER BY r.quarter DESC, o.name, r.version DESC"
    ))
    .bind(programme_id)
    .bind(cooperative_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(from_row).collect()
}

pub async fn events(store: &Store, report_id: ProviderReportId) -> Result<Vec<ReportEvent>> {
    let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT e.action, e.comment, u.display_name, e.at FROM provider_report_events e \
         LEFT JOIN users u ON u.id = e.actor_user_id WHERE e.report_id = $1 ORDER BY e.id",
    )
    .bind(report_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(action, comment, actor, at)| {
            Ok(ReportEvent {
                action,
                comment,
                actor,
                at: columns::instant(&at)?,
            })
        })
        .collect()
}

fn invalid(field: &str, message: Message) -> StorageError {
    StorageError::Invalid(ValidationErrors::single(field, message))
}

fn refused(refusal: ReportRefusal) -> StorageError {
    let field = match refusal {
        ReportRefusal::CommentRequired => "comment",
        ReportRefusal::ReasonRequired => "reason",
        _ => "status",
    };
    invalid(field, refusal.message())
}

fn sha256(content: &str) -> String {
    hex::encode(Sha256::digest(content.as_bytes()))
}

/// What a cooperative's report for a quarter would say now, without storing
/// anything (the CLI and the benchmark; the register is read in one transaction).
pub async fn preview(
    store: &Store,
    programme: &Programme,
    cooperative_id: OrganisationId,
    quarter: Quarter,
) -> Result<ProviderReportContent> {
    let mut tx = store.pool().begin().await?;
    let content = report_content(&mut tx, programme, cooperative_id, quarter).await?;
    tx.commit().await?;
    Ok(content)
}

async fn log_event(unit: &mut Unit, report_id: ProviderReportId, action: &str, comment: &str) -> Result<()> {
    let actor = unit.actor().user_id;
    sqlx::query(
        "INSERT INTO provider_report_events (report_id, action, comment, actor_user_id, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(report_id)
    .bind(action)
    .bind(comment)
    .bind(actor)
    .bind(now_text())
    .execute(unit.conn())
    .await?;
    Ok(())
}

/// Generates a cooperative's report for a quarter (version 1), or regenerates
/// the open latest version. Returns the report's id.
pub async fn generate(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    cooperative_id: OrganisationId,
    quarter: Quarter,
    today: time::Date,
) -> Result<ProviderReportId> {
    let programme = programmes::fetch(unit.conn(), programme_id).await?;
    let delivers = programme.cooperatives.iter().any(|(id, _)| *id == cooperative_id);
    provider_report::check_request(delivers, quarter, today).map_err(StorageError::Invalid)?;
    let latest: Option<(ProviderReportId, String)> = sqlx::query_as(
        "SELECT id, status FROM provider_reports WHERE programme_id = $1 AND cooperative_id = $2 AND quarter = $3 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(programme_id)
    .bind(cooperative_id)
    .bind(quarter.to_string())
    .fetch_optional(unit.conn())
    .await?;
    match latest {
        Some((id, status)) => {
            let status: ReportStatus = status.parse().map_err(StorageError::corrupt)?;
            status.after(ReportAction::Regenerate, "").map_err(refused)?;
            regenerate(unit, &programme, id, cooperative_id, quarter).await?;
            Ok(id)
        }
        None => insert_version(unit, &programme, cooperative_id, quarter, 1, None).await,
    }
}

async fn insert_version(
    unit: &mut Unit,
    programme: &Programme,
    cooperative_id: OrganisationId,
    quarter: Quarter,
    version: i64,
    correction_reason: Option<&str>,
) -> Result<ProviderReportId> {
    let content = report_content(unit.conn(), programme, cooperative_id, quarter).await?;
    let text = serde_json::to_string(&content).map_err(StorageError::corrupt)?;
    let actor = unit.actor().user_id;
    let (id,): (ProviderReportId,) = sqlx::query_as(
        "INSERT INTO provider_reports (programme_id, cooperative_id, quarter, version, status, content, content_sha256, \
         correction_reason, generated_at, created_by) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(programme.id)
    .bind(cooperative_id)
    .bind(quarter.to_string())
    .bind(version)
    .bind(&text)
    .bind(sha256(&text))
    .bind(correction_reason)
    .bind(now_text())
    .bind(actor)
    .fetch_one(unit.conn())
    .await?;
    log_event(unit, id, "generate", correction_reason.unwrap_or("")).await?;
    unit.record(
        AuditEvent::new("provider_report.generate", "provider_report", id)
            .in_organisation(Some(cooperative_id.get()))
            .with_detail(
                json!({"programme_id": programme.id, "quarter": quarter, "version": version,
                "cost_cents": content.cost_cents}),
            ),
    )
    .await?;
    Ok(id)
}

async fn regenerate(
    unit: &mut Unit,
    programme: &Programme,
    id: ProviderReportId,
    cooperative_id: OrganisationId,
    quarter: Quarter,
) -> Result<()> {
    let content = report_content(unit.conn(), programme, cooperative_id, quarter).await?;
    let text = serde_json::to_string(&content).map_err(StorageError::corrupt)?;
    sqlx::query("UPDATE provider_reports SET content = $1, content_sha256 = $2, generated_at = $3 WHERE id = $4")
        .bind(&text)
        .bind(sha256(&text))
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    log_event(unit, id, "regenerate", "").await?;
    unit.record(
        AuditEvent::new("provider_report.regenerate", "provider_report", id)
            .in_organisation(Some(cooperative_id.get()))
            .with_detail(json!({"cost_cents": content.cost_cents})),
    )
    .await
}

/// Submits, approves, sends back or regenerates a report, as its status allows.
pub async fn act(
    unit: &mut Unit,
    report_id: ProviderReportId,
    action: ReportAction,
    comment: &str,
    today: time::Date,
) -> Result<()> {
    let report = fetch(unit.conn(), report_id).await?;
    if report.superseded {
        return Err(refused(ReportRefusal::NotLatest));
    }
    let next = report.status.after(action, comment).map_err(refused)?;
    let programme = programmes::fetch(unit.conn(), report.programme_id).await?;
    match action {
        ReportAction::Regenerate => {
            return regenerate(unit, &programme, report.id, report.cooperative_id, report.quarter).await;
        }
        ReportAction::Submit => {
            // What is submitted is the register as it is now.
            regenerate(unit, &programme, report.id, report.cooperative_id, report.quarter).await?;
            sqlx::query("UPDATE provider_reports SET status = $1, submitted_at = $2, submitted_by = $3 WHERE id = $4")
                .bind(next.as_str())
                .bind(now_text())
                .bind(unit.actor().user_id)
                .bind(report.id)
                .execute(unit.conn())
                .await?;
        }
        ReportAction::Approve => {
            // Claims first: the report is frozen as soon as its status says approved.
            admit_claims(unit, &report, &programme, today).await?;
            sqlx::query(
                "UPDATE provider_reports SET status = $1, reviewed_at = $2, reviewed_by = $3, review_comment = $4 \
                 WHERE id = $5",
            )
            .bind(next.as_str())
            .bind(now_text())
            .bind(unit.actor().user_id)
            .bind(Some(comment.trim()).filter(|c| !c.is_empty()))
            .bind(report.id)
            .execute(unit.conn())
            .await?;
        }
        ReportAction::Return => {
            sqlx::query(
                "UPDATE provider_reports SET status = $1, reviewed_at = $2, reviewed_by = $3, review_comment = $4 \
                 WHERE id = $5",
            )
            .bind(next.as_str())
            .bind(now_text())
            .bind(unit.actor().user_id)
            .bind(comment.trim())
            .bind(report.id)
            .execute(unit.conn())
            .await?;
        }
    }
    log_event(unit, report.id, action.as_str(), comment.trim()).await?;
    unit.record(
        AuditEvent::new(action_event(action), "provider_report", report.id)
            .in_organisation(Some(report.cooperative_id.get()))
            .with_detail(json!({"status": next, "quarter": report.quarter, "version": report.version})),
    )
    .await
}

fn action_event(action: ReportAction) -> &'static str {
    match action {
        ReportAction::Regenerate => "provider_report.regenerate",
        ReportAction::Submit => "provider_report.submit",
        ReportAction::Approve => "provider_report.approve",
        ReportAction::Return => "provider_report.return",
    }
}

/// The claims of an approved report: per stream, what it claims minus what
/// earlier versions of the same report already claimed, admitted against the
/// stream's remaining budget.
async fn admit_claims(
    unit: &mut Unit,
    report: &ProviderReport,
    programme: &Programme,
    today: time::Date,
) -> Result<()> {
    let budgets = stream_budgets_in(unit.conn(), programme).await?;
    // Every stream, not only those claimed now: a correction may take a claim back to zero.
    for stream_id in programme.funding_streams.iter().map(|s| s.id) {
        let amount = report.content.claimable_for(stream_id);
        let (earlier,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(c.amount_cents), 0) AS BIGINT) FROM reimbursement_claims c \
             JOIN provider_reports r ON r.id = c.report_id WHERE r.programme_id = $1 AND r.cooperative_id = $2 \
             AND r.quarter = $3 AND c.funding_stream_id = $4",
        )
        .bind(report.programme_id)
        .bind(report.cooperative_id)
        .bind(report.quarter.to_string())
        .bind(stream_id)
        .fetch_one(unit.conn())
        .await?;
        let difference = amount - earlier;
        if difference == 0 {
            continue;
        }
        let Some(budget) = budgets.iter().find(|b| b.funding_stream_id == stream_id) else {
            continue;
        };
        admit_amount(budget, difference).map_err(|refusal| invalid("funding_stream", refusal.message()))?;
        sqlx::query(
            "INSERT INTO reimbursement_claims (report_id, funding_stream_id, cooperative_id, amount_cents, claimed_on) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(report.id)
        .bind(stream_id)
        .bind(report.cooperative_id)
        .bind(difference)
        .bind(today.to_string())
        .execute(unit.conn())
        .await?;
    }
    Ok(())
}

/// Starts a correction of an approved report: a new draft version, with a reason.
pub async fn correct(unit: &mut Unit, report_id: ProviderReportId, reason: &str) -> Result<ProviderReportId> {
    let report = fetch(unit.conn(), report_id).await?;
    may_correct(report.status, !report.superseded, reason).map_err(refused)?;
    let programme = programmes::fetch(unit.conn(), report.programme_id).await?;
    insert_version(
        unit,
        &programme,
        report.cooperative_id,
        report.quarter,
        report.version + 1,
        Some(reason.trim()),
    )
    .await
}

type ClaimRow = (
    ClaimId,
    ProviderReportId,
    FundingStreamId,
    String,
    OrganisationId,
    i64,
    String,
    Option<String>,
    Option<String>,
);

const SELECT_CLAIM: &str = "SELECT c.id, c.report_id, c.funding_stream_id, f.name, c.cooperative_id, c.amount_cents, \
     c.claimed_on, c.paid_on, c.payment_reference FROM reimbursement_claims c \
     JOIN funding_streams f ON f.id = c.funding_stream_id";

fn claim_from_row(row: ClaimRow) -> Result<Claim> {
    let (
        id,
        report_id,
        funding_stream_id,
        funding_stream,
        cooperative_id,
        amount_cents,
        claimed_on,
        paid_on,
        reference,
    ) = row;
    Ok(Claim {
        id,
        report_id,
        funding_stream_id,
        funding_stream,
        cooperative_id,
        amount_cents,
        claimed_on: columns::date(&claimed_on)?,
        paid_on: paid_on.as_deref().map(columns::date).transpose()?,
        payment_reference: reference,
    })
}

pub async fn claims_of_report(store: &Store, report_id: ProviderReportId) -> Result<Vec<Claim>> {
    let rows: Vec<ClaimRow> = sqlx::query_as(&format!("{SELECT_CLAIM} WHERE c.report_id = $1 ORDER BY c.id"))
        .bind(report_id)
        .fetch_all(store.pool())
        .await?;
    rows.into_iter().map(claim_from_row).collect()
}

pub async fn claims_of_programme(store: &Store, programme_id: ProgrammeId) -> Result<Vec<Claim>> {
    let rows: Vec<ClaimRow> = sqlx::query_as(&format!(
        "{SELECT_CLAIM} WHERE f.programme_id = $1 ORDER BY c.claimed_on DESC, c.id DESC"
    ))
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(claim_from_row).collect()
}

pub async fn claim(store: &Store, claim_id: ClaimId) -> Result<Claim> {
    let row: ClaimRow = sqlx::query_as(&format!("{SELECT_CLAIM} WHERE c.id = $1"))
        .bind(claim_id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StorageError::NotFound { what: "claim" })?;
    claim_from_row(row)
}

/// Records that the agency paid a claim.
pub async fn record_payment(unit: &mut Unit, claim: &Claim, paid_on: time::Date, reference: &str) -> Result<()> {
    filiera_domain::evidence::reimbursement::check_payment(claim.paid_on.is_some(), claim.claimed_on, paid_on)
        .map_err(|message| invalid("paid_on", message))?;
    if reference.trim().is_empty() {
        return Err(invalid("payment_reference", msg!("error-payment-reference")));
    }
    sqlx::query(
        "UPDATE reimbursement_claims SET paid_on = $1, payment_reference = $2, paid_by = $3 WHERE id = $4 AND paid_on IS NULL",
    )
    .bind(paid_on.to_string())
    .bind(reference.trim())
    .bind(unit.actor().user_id)
    .bind(claim.id)
    .execute(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("claim.pay", "reimbursement_claim", claim.id)
            .in_organisation(Some(claim.cooperative_id.get()))
            .with_detail(json!({"paid_on": paid_on.to_string(), "amount_cents": claim.amount_cents})),
    )
    .await
}
