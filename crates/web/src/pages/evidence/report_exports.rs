//! A provider report as CSV, XLSX (one sheet, the same rows) and as a PDF a
//! funder can read: the agency's header, the quarter's dates, a chart of the
//! cost per service, the tables and the content's fingerprint.

use super::super::chrome::PageContext;
use crate::app::evidence::reports as actions;
use crate::error::WebResult;
use crate::export::chart::{Bar, BarChart};
use crate::export::pdf::{Block, PdfDocument, Table, render_pdf};
use crate::export::sheet::{Sheet, csv_response, pdf_response, xlsx_response};
use crate::extract::ApiPath;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::evidence::provider_report::{ProviderReportContent, TABLE_HEADER, hours};
use filiera_domain::ids::ProviderReportId;
use filiera_storage::evidence::provider_reports::{self, ProviderReport};

fn sheet_of(content: &ProviderReportContent) -> Sheet {
    Sheet {
        header: TABLE_HEADER.map(str::to_owned).to_vec(),
        rows: content.table_rows(),
    }
}

fn file_name(report: &ProviderReport) -> String {
    let cooperative: String = report
        .cooperative_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "provider-report-{}-{}-v{}",
        report.quarter,
        cooperative.trim_matches('-'),
        report.version
    )
}

async fn loaded(state: &AppState, ctx: &PageContext, id: ProviderReportId) -> WebResult<ProviderReport> {
    Ok(actions::load(state, ctx.require()?, id).await?.0)
}

pub async fn csv(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
) -> WebResult<Response> {
    let report = loaded(&state, &ctx, id).await?;
    csv_response(&sheet_of(&report.content), &file_name(&report))
}

pub async fn xlsx(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
) -> WebResult<Response> {
    let report = loaded(&state, &ctx, id).await?;
    xlsx_response(&sheet_of(&report.content), &file_name(&report))
}

pub async fn pdf(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProviderReportId>,
) -> WebResult<Response> {
    let (report, programme) = actions::load(&state, ctx.require()?, id).await?;
    let claims = provider_reports::claims_of_report(&state.store, id).await?;
    let t = &ctx.t;
    let content = &report.content;
    let mut blocks = vec![Block::Paragraph(t.get("report-pdf-intro"))];
    blocks.push(Block::Paragraph(format!(
        "{}: {} · {}: {} · {}: {} h · {}: {} · {}: {}",
        t.get("report-participants"),
        content.participants,
        t.get("report-interventions"),
        content.interventions,
        t.get("report-hours"),
        hours(content.minutes),
        t.get("report-cost"),
        ctx.t.euros(content.cost_cents),
        t.get("report-claimable"),
        ctx.t.euros(content.claimable_cents),
    )));
    if let Some(reason) = &report.correction_reason {
        blocks.push(Block::Paragraph(format!(
            "{}: {reason}",
            t.get("report-correction-reason")
        )));
    }
    let chart = BarChart {
        title: t.get("report-chart-cost"),
        bars: content
            .lines
            .iter()
            .map(|l| Bar {
                label: format!("{} · {}", l.service_name, l.funding_stream),
                value: l.cost_cents,
                display: ctx.t.euros(l.cost_cents),
            })
            .collect(),
    };
    blocks.push(Block::Chart(chart.to_svg_with_empty_text(&t.get("chart-no-data"))));
    blocks.push(Block::Heading(t.get("report-lines")));
    blocks.push(Block::Table(Table {
        header: vec![
            t.get("report-stream"),
            t.get("report-service"),
            t.get("report-interventions"),
            t.get("report-participants"),
            t.get("report-hours"),
            t.get("report-cost"),
            t.get("report-claimable"),
        ],
        rows: content
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.funding_stream.clone(),
                    l.service_name.clone(),
                    l.interventions.to_string(),
                    l.participants.to_string(),
                    hours(l.minutes),
                    ctx.t.euros(l.cost_cents),
                    ctx.t.euros(l.claimable_cents),
                ]
            })
            .collect(),
        right_aligned: vec![2, 3, 4, 5, 6],
    }));
    if !content.not_claimable.is_empty() {
        blocks.push(Block::Heading(t.get("report-not-claimable")));
        blocks.push(Block::Table(Table {
            header: vec![
                t.get("report-service"),
                t.get("report-stream"),
                t.get("report-cost"),
                t.get("report-reason"),
            ],
            rows: content
                .not_claimable
                .iter()
                .map(|n| {
                    vec![
                        n.service_code.clone(),
                        n.funding_stream.clone(),
                        ctx.t.euros(n.cost_cents),
                        n.reason.clone(),
                    ]
                })
                .collect(),
            right_aligned: vec![2],
        }));
    }
    if !claims.is_empty() {
        blocks.push(Block::Heading(t.get("report-claims")));
        blocks.push(Block::Table(Table {
            header: vec![
                t.get("report-stream"),
                t.get("report-amount"),
                t.get("report-claimed-on"),
                t.get("report-paid-on"),
            ],
            rows: claims
                .iter()
                .map(|c| {
                    vec![
                        c.funding_stream.clone(),
                        ctx.t.euros(c.amount_cents),
                        filiera_domain::time_format::iso_date::format(c.claimed_on),
                        c.paid_on
                            .map(filiera_domain::time_format::iso_date::format)
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
            right_aligned: vec![1],
        }));
    }
    blocks.push(Block::Paragraph(format!(
        "{} · {}: {}",
        t.word("report-status", report.status),
        t.get("report-fingerprint"),
        report.content_sha256
    )));
    let doc = PdfDocument {
        issuer: programme.agency_name.clone(),
        title: format!("{} — {}", t.get("report-pdf-title"), programme.name),
        subtitle: Some(format!(
            "{} · {} {}",
            report.cooperative_name,
            t.get("report-version"),
            report.version
        )),
        period: format!(
            "{} ({} – {})",
            report.quarter,
            report.quarter.first_day(),
            report.quarter.last_day()
        ),
        generated_on: t.with("pdf-generated-on", "date", state.clock.today()),
        page_numbering: t.get("pdf-page-numbering"),
        blocks,
    };
    Ok(pdf_response(render_pdf(&doc)?, &file_name(&report)))
}
