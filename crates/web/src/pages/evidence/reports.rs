//! Provider report pages: the programme's reports with the form to generate
//! one, and one report with its lines, the costs no stream may pay, its review
//! (submit, approve, send back with a comment, correct with a reason), its
//! claims with the payment form, and its history.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::report_exports;
use crate::app::evidence::reports::{self as actions, Permissions};
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::i18n::Tr;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::provider_report::{self, hours};
use filiera_domain::evidence::report_status::{ReportAction, ReportStatus};
use filiera_domain::ids::{ClaimId, ProviderReportId};
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_domain::msg;
use filiera_storage::evidence::provider_reports::{self, Claim, ProviderReport, ReportEvent};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::Deserialize;
use time::Date;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/reports", get(list).post(generate))
        .route("/provider-reports/{id}", get(show))
        .route("/provider-reports/{id}/actions", post(act))
        .route("/provider-reports/{id}/corrections", post(correct))
        .route("/claims/{id}/payment", post(pay))
        .route("/provider-reports/{id}/export.csv", get(report_exports::csv))
        .route("/provider-reports/{id}/export.xlsx", get(report_exports::xlsx))
        .route("/provider-reports/{id}/export.pdf", get(report_exports::pdf))
}

struct ReportRow {
    id: ProviderReportId,
    quarter: String,
    cooperative: String,
    version: i64,
    status: String,
    superseded: bool,
    cost: String,
    claimable: String,
}

#[derive(Template)]
#[template(path = "evidence/reports.html")]
struct ReportsPage {
    chrome: Chrome,
    programme: Programme,
    reports: Vec<ReportRow>,
    cooperatives: Vec<(OrganisationId, String)>,
    quarters: Vec<String>,
    chosen_cooperative: String,
    chosen_quarter: String,
    errors: ValidationErrors,
}

/// The quarters a report may be asked for, newest first.
fn quarters_of(programme: &Programme, today: Date) -> Vec<String> {
    let rounds: Vec<_> = programme
        .rounds
        .iter()
        .filter_map(|r| r.period().ok())
        .map(|p| (p.start, p.end))
        .collect();
    provider_report::reportable_quarters(&rounds, today)
        .iter()
        .map(Quarter::to_string)
        .collect()
}

async fn reports_page(
    state: &AppState,
    ctx: &PageContext,
    programme: Programme,
    chosen: (String, String),
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let reports = actions::visible(state, principal, &programme).await?;
    let rows = reports
        .iter()
        .map(|r| ReportRow {
            id: r.id,
            quarter: r.quarter.to_string(),
            cooperative: r.cooperative_name.clone(),
            version: r.version,
            status: ctx.t.word("report-status", r.status),
            superseded: r.superseded,
            cost: ctx.t.euros(r.content.cost_cents),
            claimable: ctx.t.euros(r.content.claimable_cents),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReportsPage {
        chrome: ctx.chrome_titled(ctx.t.with("reports-title", "programme", &programme.name)),
        cooperatives: actions::preparable_cooperatives(principal, &programme),
        quarters: quarters_of(&programme, state.clock.today()),
        programme,
        reports: rows,
        chosen_cooperative: chosen.0,
        chosen_quarter: chosen.1,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = programmes::get(&state.store, id).await?;
    reports_page(&state, &ctx, programme, Default::default(), ValidationErrors::new()).await
}

#[derive(Debug, Deserialize)]
pub struct GenerateForm {
    #[serde(default)]
    cooperative_id: String,
    #[serde(default)]
    quarter: String,
}

/// Field errors of a failed action come back on the page; other errors become error pages.
fn field_errors(error: WebError) -> WebResult<ValidationErrors> {
    match error {
        WebError::Invalid(errors) | WebError::Conflict(errors) => Ok(errors),
        other => Err(other),
    }
}

pub async fn generate(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageForm(form): PageForm<GenerateForm>,
) -> WebResult<Response> {
    let programme = programmes::get(&state.store, id).await?;
    let principal = ctx.require()?.clone();
    let chosen = (form.cooperative_id.clone(), form.quarter.clone());
    let mut errors = ValidationErrors::new();
    let cooperative = form.cooperative_id.trim().parse::<OrganisationId>().ok();
    if cooperative.is_none() {
        errors.add("cooperative_id", msg!("error-choose-report-cooperative"));
    }
    let quarter = actions::parse_quarter(&form.quarter)
        .map_err(|e| errors.0.extend(e.0))
        .ok();
    let (Some(cooperative), Some(quarter)) = (cooperative, quarter) else {
        return reports_page(&state, &ctx, programme, chosen, errors).await;
    };
    match actions::generate(&state, &principal, &programme, cooperative, quarter).await {
        Ok(report) => Ok(Redirect::to(&format!("/provider-reports/{report}")).into_response()),
        Err(error) => {
            let errors = field_errors(error)?;
            reports_page(&state, &ctx, programme, chosen, errors).await
        }
    }
}

struct LineRow {
    stream: String,
    service: String,
    interventions: u64,
    participants: u64,
    entries: i64,
    hours: String,
    cost: String,
    claimable: String,
}

struct ClaimRow {
    id: ClaimId,
    stream: String,
    amount: String,
    claimed_on: String,
    paid_on: String,
    reference: String,
    payable: bool,
}

#[derive(Template)]
#[template(path = "evidence/report.html")]
struct ReportPage {
    chrome: Chrome,
    programme: Programme,
    report: ProviderReport,
    status: String,
    lines: Vec<LineRow>,
    streams: Vec<LineRow>,
    refused: Vec<(String, String, String, String)>,
    totals: LineRow,
    other_hours: String,
    claims: Vec<ClaimRow>,
    events: Vec<(String, String, String, String)>,
    may_prepare: bool,
    may_review: bool,
    is_open: bool,
    is_submitted: bool,
    may_correct: bool,
    today: String,
    comment: String,
    errors: ValidationErrors,
    /// The approval was asked for and waits for its confirmation.
    confirm_approval: bool,
}

fn line_row(
    t: &Tr,
    stream: &str,
    service: &str,
    counts: (u64, u64, i64),
    minutes: i64,
    cost: i64,
    claimable: i64,
) -> LineRow {
    LineRow {
        stream: stream.to_owned(),
        service: service.to_owned(),
        interventions: counts.0,
        participants: counts.1,
        entries: counts.2,
        hours: hours(minutes),
        cost: t.euros(cost),
        claimable: t.euros(claimable),
    }
}

fn event_row(ctx: &PageContext, e: ReportEvent) -> (String, String, String, String) {
    (
        filiera_domain::time_format::format_instant(e.at)
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " "),
        ctx.t.word("report-event", &e.action),
        e.actor.unwrap_or_default(),
        e.comment,
    )
}

fn claim_row(t: &Tr, claim: Claim, may_review: bool) -> ClaimRow {
    ClaimRow {
        id: claim.id,
        stream: claim.funding_stream,
        amount: t.euros(claim.amount_cents),
        claimed_on: filiera_domain::time_format::iso_date::format(claim.claimed_on),
        payable: may_review && claim.paid_on.is_none(),
        paid_on: claim
            .paid_on
            .map(filiera_domain::time_format::iso_date::format)
            .unwrap_or_default(),
        reference: claim.payment_reference.unwrap_or_default(),
    }
}

async fn report_page(
    state: &AppState,
    ctx: &PageContext,
    id: ProviderReportId,
    comment: String,
    errors: ValidationErrors,
) -> WebResult<Response> {
    report_page_confirming(state, ctx, id, comment, errors, false).await
}

async fn report_page_confirming(
    state: &AppState,
    ctx: &PageContext,
    id: ProviderReportId,
    comment: String,
    errors: ValidationErrors,
    confirm_approval: bool,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let (report, programme) = actions::load(state, principal, id).await?;
    let Permissions { prepare, review } = actions::permissions(principal, &programme, report.cooperative_id);
    let content = &report.content;
    let lines = content
        .lines
        .iter()
        .map(|l| {
            let service = format!("{} — {}", l.service_code, l.service_name);
            let counts = (l.interventions, l.participants, l.entries);
            line_row(
                &ctx.t,
                &l.funding_stream,
                &service,
                counts,
                l.minutes,
                l.cost_cents,
                l.claimable_cents,
            )
        })
        .collect();
    let streams = content
        .streams
        .iter()
        .map(|s| {
            line_row(
                &ctx.t,
                &s.funding_stream,
                "",
                (0, s.participants, 0),
                s.minutes,
                s.cost_cents,
                s.claimable_cents,
            )
        })
        .collect();
    let refused = content
        .not_claimable
        .iter()
        .map(|n| {
            (
                n.service_code.clone(),
                n.funding_stream.clone(),
                ctx.t.euros(n.cost_cents),
                n.reason.clone(),
            )
        })
        .collect();
    let totals = line_row(
        &ctx.t,
        "",
        "",
        (content.interventions, content.participants, 0),
        content.minutes,
        content.cost_cents,
        content.claimable_cents,
    );
    let claims = provider_reports::claims_of_report(&state.store, id).await?;
    let events = provider_reports::events(&state.store, id).await?;
    let status = report.status;
    let latest = !report.superseded;
    let page = ReportPage {
        chrome: ctx.chrome_titled(ctx.t.with("report-title", "quarter", report.quarter)),
        status: ctx.t.word("report-status", status),
        lines,
        streams,
        refused,
        totals,
        other_hours: hours(content.other_minutes),
        claims: claims.into_iter().map(|c| claim_row(&ctx.t, c, review)).collect(),
        events: events.into_iter().map(|e| event_row(ctx, e)).collect(),
        may_prepare: prepare && latest,
        may_review: review && latest,
        is_open: status.is_open(),
        is_submitted: status == ReportStatus::Submitted,
        may_correct: prepare && latest && status == ReportStatus::Approved,
        today: state.clock.today().to_string(),
        comment,
        errors,
        confirm_approval: confirm_approval && review && latest && status == ReportStatus::Submitted,
        programme,
        report,
    };
    let code = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((code, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
) -> WebResult<Response> {
    report_page(&state, &ctx, id, String::new(), ValidationErrors::new()).await
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    comment: String,
    /// `yes` once the user confirmed an approval, which freezes the report.
    #[serde(default)]
    confirmed: String,
}

pub async fn act(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
    PageForm(form): PageForm<ActionForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let action: ReportAction = form
        .action
        .parse()
        .map_err(|message: Message| WebError::Invalid(ValidationErrors::single("action", message)))?;
    // Approving cannot be undone (the report freezes): the page asks first.
    if action == ReportAction::Approve && form.confirmed != "yes" {
        return report_page_confirming(&state, &ctx, id, form.comment, ValidationErrors::new(), true).await;
    }
    match actions::act(&state, &principal, id, action, &form.comment).await {
        Ok(()) => Ok(Redirect::to(&format!("/provider-reports/{id}")).into_response()),
        Err(error) => report_page(&state, &ctx, id, form.comment, field_errors(error)?).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    reason: String,
}

pub async fn correct(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
    PageForm(form): PageForm<CorrectionForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    match actions::correct(&state, &principal, id, &form.reason).await {
        Ok(new_id) => Ok(Redirect::to(&format!("/provider-reports/{new_id}")).into_response()),
        Err(error) => report_page(&state, &ctx, id, form.reason, field_errors(error)?).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct PaymentForm {
    #[serde(default)]
    paid_on: String,
    #[serde(default)]
    payment_reference: String,
}

pub async fn pay(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(claim_id): ApiPath<ClaimId>,
    PageForm(form): PageForm<PaymentForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let claim = provider_reports::claim(&state.store, claim_id).await?;
    let paid_on = filiera_domain::bounds::date_field("paid_on", &form.paid_on);
    let outcome = match paid_on {
        Ok(day) => actions::pay(&state, &principal, claim_id, day, &form.payment_reference)
            .await
            .map(|_| ()),
        Err(errors) => Err(WebError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/provider-reports/{}#claims", claim.report_id)).into_response()),
        Err(error) => report_page(&state, &ctx, claim.report_id, String::new(), field_errors(error)?).await,
    }
}
