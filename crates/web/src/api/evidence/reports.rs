//! Quarterly provider reports: list, generate, read (with history and
//! claims), submit / approve / send back / regenerate, correct; claim payments.

use crate::app::evidence::budget::ClaimDto;
use crate::app::evidence::reports::{self as actions, parse_quarter};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use filiera_domain::bounds::date_field;
use filiera_domain::evidence::provider_report::ProviderReportContent;
use filiera_domain::evidence::report_status::ReportAction;
use filiera_domain::ids::ClaimId;
use filiera_domain::ids::ProviderReportId;
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_storage::evidence::provider_reports::{self, ProviderReport, ReportEvent};
use filiera_storage::pathways::programmes;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;
use utoipa::ToSchema;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/provider-reports", get(list).post(generate))
        .route("/provider-reports/{id}", get(read))
        .route("/provider-reports/{id}/actions", post(act))
        .route("/provider-reports/{id}/corrections", post(correct))
        .route("/claims/{id}/payment", post(pay))
}

/// A report in brief, for lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummaryDto {
    pub id: ProviderReportId,
    pub cooperative_id: OrganisationId,
    pub cooperative: String,
    /// `2021-Q2`.
    pub quarter: String,
    pub version: i64,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub status: String,
    pub superseded: bool,
    pub cost_cents: i64,
    pub claimable_cents: i64,
}

impl From<&ProviderReport> for ReportSummaryDto {
    fn from(r: &ProviderReport) -> Self {
        Self {
            id: r.id,
            cooperative_id: r.cooperative_id,
            cooperative: r.cooperative_name.clone(),
            quarter: r.quarter.to_string(),
            version: r.version,
            status: r.status.to_string(),
            superseded: r.superseded,
            cost_cents: r.content.cost_cents,
            claimable_cents: r.content.claimable_cents,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub action: String,
    pub comment: String,
    pub actor: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub at: OffsetDateTime,
}

/// A whole report: its frozen content, the history of its review and its claims.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDto {
    #[serde(flatten)]
    pub summary: ReportSummaryDto,
    pub programme_id: ProgrammeId,
    pub content: ProviderReportContent,
    /// SHA-256 of the stored content, to check a printed copy against.
    pub content_sha256: String,
    pub correction_reason: Option<String>,
    pub review_comment: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub generated_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub reviewed_at: Option<OffsetDateTime>,
    pub events: Vec<EventDto>,
    pub claims: Vec<ClaimDto>,
}

fn event_dto(e: ReportEvent) -> EventDto {
    EventDto {
        action: e.action,
        comment: e.comment,
        actor: e.actor,
        at: e.at,
    }
}

async fn report_dto(state: &AppState, report: ProviderReport) -> WebResult<ReportDto> {
    let events = provider_reports::events(&state.store, report.id).await?;
    let claims = provider_reports::claims_of_report(&state.store, report.id).await?;
    Ok(ReportDto {
        summary: ReportSummaryDto::from(&report),
        programme_id: report.programme_id,
        content_sha256: report.content_sha256,
        correction_reason: report.correction_reason,
        review_comment: report.review_comment,
        generated_at: report.generated_at,
        submitted_at: report.submitted_at,
        reviewed_at: report.reviewed_at,
        content: report.content,
        events: events.into_iter().map(event_dto).collect(),
        claims,
    })
}

/// The provider reports of a programme the principal may see (the agency sees all, a cooperative its own).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/provider-reports", operation_id = "list_provider_reports", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ReportSummaryDto>),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<Vec<ReportSummaryDto>>> {
    let programme = programmes::get(&state.store, id).await?;
    let reports = actions::visible(&state, &principal, &programme).await?;
    Ok(Json(reports.iter().map(ReportSummaryDto::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    pub cooperative_id: OrganisationId,
    /// `2021-Q2`.
    pub quarter: String,
}

/// Generates a cooperative's report for a quarter from the register (or regenerates the open one).
#[utoipa::path(post, path = "/api/v1/programmes/{id}/provider-reports", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = GenerateInput,
    responses((status = 201, body = ReportDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn generate(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<GenerateInput>,
) -> WebResult<(StatusCode, Json<ReportDto>)> {
    let programme = programmes::get(&state.store, id).await?;
    let quarter = parse_quarter(&input.quarter)?;
    let report_id = actions::generate(&state, &principal, &programme, input.cooperative_id, quarter).await?;
    let report = provider_reports::get(&state.store, report_id).await?;
    Ok((StatusCode::CREATED, Json(report_dto(&state, report).await?)))
}

/// One report with its content, history and claims.
#[utoipa::path(get, path = "/api/v1/provider-reports/{id}", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ReportDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn read(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProviderReportId>,
) -> WebResult<Json<ReportDto>> {
    let (report, _) = actions::load(&state, &principal, id).await?;
    Ok(Json(report_dto(&state, report).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// `regenerate` or `submit` (the cooperative), `approve` or `return` (the programme manager).
    #[schema(value_type = String)]
    pub action: ReportAction,
    /// Required when sending a report back.
    #[serde(default)]
    pub comment: String,
}

/// Moves a report along its life cycle; an approved report refuses every action (it is frozen).
#[utoipa::path(post, path = "/api/v1/provider-reports/{id}/actions", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = ActionInput,
    responses((status = 200, body = ReportDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json",
            description = "not allowed in the report's status, a missing comment, or a claim beyond a stream's budget")))]
pub async fn act(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProviderReportId>,
    ApiJson(input): ApiJson<ActionInput>,
) -> WebResult<Json<ReportDto>> {
    actions::act(&state, &principal, id, input.action, &input.comment).await?;
    let report = provider_reports::get(&state.store, id).await?;
    Ok(Json(report_dto(&state, report).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    pub reason: String,
}

/// Starts a correction of an approved report: a new draft version with a reason.
#[utoipa::path(post, path = "/api/v1/provider-reports/{id}/corrections", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = CorrectionInput,
    responses((status = 201, body = ReportDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn correct(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProviderReportId>,
    ApiJson(input): ApiJson<CorrectionInput>,
) -> WebResult<(StatusCode, Json<ReportDto>)> {
    let new_id = actions::correct(&state, &principal, id, &input.reason).await?;
    let report = provider_reports::get(&state.store, new_id).await?;
    Ok((StatusCode::CREATED, Json(report_dto(&state, report).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// `YYYY-MM-DD`.
    pub paid_on: String,
    pub payment_reference: String,
}

/// Records that the agency paid a claim.
#[utoipa::path(post, path = "/api/v1/claims/{id}/payment", tag = "money and evidence",
    security(("bearer" = [])), params(("id" = i64, Path)), request_body = PaymentInput,
    responses((status = 200, body = ClaimDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn pay(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ClaimId>,
    ApiJson(input): ApiJson<PaymentInput>,
) -> WebResult<Json<ClaimDto>> {
    let paid_on = date_field("paid_on", &input.paid_on)?;
    let claim = actions::pay(&state, &principal, id, paid_on, &input.payment_reference).await?;
    Ok(Json(claim))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, generate, read, act, correct, pay),
    components(schemas(ReportSummaryDto, ReportDto, EventDto, ClaimDto, GenerateInput, ActionInput, CorrectionInput,
        PaymentInput)),
    tags((name = "money and evidence", description = "Quarterly provider reports, claims, budgets, indicators and outcomes"))
)]
pub struct ReportsApiDoc;
