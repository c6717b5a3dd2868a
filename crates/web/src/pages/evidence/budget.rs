//! The budget page of a programme: per funding stream what was budgeted,
//! committed, claimed and paid (as a chart and a table), per cooperative, and
//! every claim with its report; as CSV and XLSX too.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use crate::app::evidence::budget::budget_of;
use crate::error::WebResult;
use crate::export::chart::{Figure, GroupedBarChart, Series};
use crate::export::sheet::{Sheet, csv_response, xlsx_response};
use crate::extract::ApiPath;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use filiera_domain::evidence::reimbursement::StreamBudget;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::ids::ProviderReportId;
use filiera_storage::evidence::budget::CooperativeBudget;
use filiera_storage::evidence::provider_reports::{self, Claim};
use filiera_storage::pathways::programmes::Programme;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/budget", get(show))
        .route("/programmes/{id}/budget.csv", get(csv))
        .route("/programmes/{id}/budget.xlsx", get(xlsx))
}

struct StreamRow {
    name: String,
    budget: String,
    committed: String,
    claimed: String,
    paid: String,
    remaining: String,
    used: String,
    over_committed: bool,
}

#[derive(Template)]
#[template(path = "evidence/budget.html")]
struct BudgetPage {
    chrome: Chrome,
    programme: Programme,
    chart: String,
    streams: Vec<StreamRow>,
    cooperatives: Vec<(String, String, String, String)>,
    claims: Vec<(ProviderReportId, String, String, String, String)>,
}

/// Budget use as a grouped bar chart, one group per funding stream.
pub(crate) fn budget_chart(ctx: &PageContext, streams: &[StreamBudget]) -> String {
    let series = |key: &str, value: fn(&StreamBudget) -> i64| Series {
        name: ctx.t.get(key),
        values: streams
            .iter()
            .map(|s| Figure {
                value: value(s),
                display: ctx.t.euros(value(s)),
            })
            .collect(),
    };
    GroupedBarChart {
        title: ctx.t.get("budget-chart"),
        categories: streams.iter().map(|s| s.name.clone()).collect(),
        series: vec![
            series("budget-budget", |s| s.budget_cents),
            series("budget-committed", |s| s.committed_cents),
            series("budget-claimed", |s| s.claimed_cents),
            series("budget-paid", |s| s.paid_cents),
        ],
    }
    .to_svg_with_empty_text(&ctx.t.get("chart-no-data"))
}

fn stream_row(t: &Tr, s: &StreamBudget) -> StreamRow {
    StreamRow {
        name: s.name.clone(),
        budget: t.euros(s.budget_cents),
        committed: t.euros(s.committed_cents),
        claimed: t.euros(s.claimed_cents),
        paid: t.euros(s.paid_cents),
        remaining: t.euros(s.remaining_cents()),
        used: format!("{:.1}%", s.used_percent()),
        over_committed: s.over_committed(),
    }
}

fn cooperative_row(t: &Tr, c: &CooperativeBudget) -> (String, String, String, String) {
    (
        c.name.clone(),
        t.euros(c.committed_cents),
        t.euros(c.claimed_cents),
        t.euros(c.paid_cents),
    )
}

fn claim_row(t: &Tr, c: &Claim) -> (ProviderReportId, String, String, String, String) {
    (
        c.report_id,
        c.funding_stream.clone(),
        t.euros(c.amount_cents),
        filiera_domain::time_format::iso_date::format(c.claimed_on),
        c.paid_on
            .map(filiera_domain::time_format::iso_date::format)
            .unwrap_or_default(),
    )
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let (programme, streams, cooperatives) = budget_of(&state, ctx.require()?, id).await?;
    let claims = provider_reports::claims_of_programme(&state.store, id).await?;
    let page = BudgetPage {
        chrome: ctx.chrome_titled(ctx.t.with("budget-title", "programme", &programme.name)),
        chart: budget_chart(&ctx, &streams),
        streams: streams.iter().map(|s| stream_row(&ctx.t, s)).collect(),
        cooperatives: cooperatives.iter().map(|c| cooperative_row(&ctx.t, c)).collect(),
        claims: claims.iter().map(|c| claim_row(&ctx.t, c)).collect(),
        programme,
    };
    Ok(render(&page))
}

async fn sheet(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<Sheet> {
    let (_, streams, cooperatives) = budget_of(state, ctx.require()?, id).await?;
    let header = [
        "level",
        "name",
        "budget_eur",
        "committed_eur",
        "claimed_eur",
        "paid_eur",
        "remaining_eur",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows: Vec<Vec<String>> = streams
        .iter()
        .map(|s| {
            vec![
                "funding_stream".into(),
                s.name.clone(),
                filiera_domain::consortium::Money::from_cents(s.budget_cents).decimal(),
                filiera_domain::consortium::Money::from_cents(s.committed_cents).decimal(),
                filiera_domain::consortium::Money::from_cents(s.claimed_cents).decimal(),
                filiera_domain::consortium::Money::from_cents(s.paid_cents).decimal(),
                filiera_domain::consortium::Money::from_cents(s.remaining_cents()).decimal(),
            ]
        })
        .collect();
    rows.extend(cooperatives.iter().map(|c| {
        vec![
            "cooperative".into(),
            c.name.clone(),
            String::new(),
            filiera_domain::consortium::Money::from_cents(c.committed_cents).decimal(),
            filiera_domain::consortium::Money::from_cents(c.claimed_cents).decimal(),
            filiera_domain::consortium::Money::from_cents(c.paid_cents).decimal(),
            String::new(),
        ]
    }));
    Ok(Sheet { header, rows })
}

pub async fn csv(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    csv_response(&sheet(&state, &ctx, id).await?, &format!("budget-programme-{id}"))
}

pub async fn xlsx(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    xlsx_response(&sheet(&state, &ctx, id).await?, &format!("budget-programme-{id}"))
}
