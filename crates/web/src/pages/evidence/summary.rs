//! The programme summary a funder reads, as a PDF: participants by round,
//! services activated, how projects ended, budget use (charts and tables), the
//! ESF+ indicators and the outcome report. It leaves the programme staff, so
//! every count is published as for the public: small cells and the totals that
//! would reveal them are hidden.

use super::super::chrome::PageContext;
use super::budget::budget_chart;
use crate::app::evidence::budget::budget_of;
use crate::app::evidence::publication::{public_statistics, published};
use crate::error::WebResult;
use crate::export::chart::{Bar, BarChart};
use crate::export::pdf::{Block, PdfDocument, Table, render_pdf};
use crate::export::sheet::pdf_response;
use crate::extract::ApiPath;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::evidence::disclosure::{Cell, protect_list};
use filiera_domain::evidence::publication::{Audience, cell_text, percent, points};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::statistics::{Dimension, RoundKey};
use filiera_storage::evidence::{indicators, settings};

/// A bar for a published count: a hidden count draws no bar and reads "<5".
fn cell_bar(label: String, cell: Cell, threshold: u64) -> Bar {
    Bar {
        label,
        value: match cell {
            Cell::Shown(n) => i64::try_from(n).unwrap_or(i64::MAX),
            Cell::Hidden => 0,
        },
        display: cell_text(cell, threshold),
    }
}

/// Bars for a list of counts published with its total.
fn safe_bars(labels: Vec<String>, counts: &[u64], threshold: u64) -> Vec<Bar> {
    let (cells, _) = protect_list(counts, threshold);
    labels
        .into_iter()
        .zip(cells)
        .map(|(label, cell)| cell_bar(label, cell, threshold))
        .collect()
}

fn chart(ctx: &PageContext, title_key: &str, bars: Vec<Bar>) -> Block {
    let chart = BarChart {
        title: ctx.t.get(title_key),
        bars,
    };
    Block::Chart(chart.to_svg_with_empty_text(&ctx.t.get("chart-no-data")))
}

pub async fn pdf(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let (programme, streams, _) = budget_of(&state, ctx.require()?, id).await?;
    let t = &ctx.t;
    let threshold = settings::publication_threshold(&state.store, id).await?;
    let mut blocks = vec![Block::Paragraph(t.with("summary-public-note", "threshold", threshold))];
    if !programme.description.is_empty() {
        blocks.push(Block::Paragraph(programme.description.clone()));
    }
    // Rounds and services are protected together with the other tables of
    // the participant statistics, as the public statistics file is.
    let public_statistics = public_statistics(&state.store, id).await?;
    blocks.push(chart(
        &ctx,
        "summary-participants-by-round",
        public_statistics
            .rounds
            .iter()
            .filter(|r| r.round != RoundKey::Total)
            .map(|r| cell_bar(t.with("statistics-round", "number", r.round), r.participants, threshold))
            .collect(),
    ));
    let catalogue = filiera_storage::pathways::catalogue::list(&state.store, id, true).await?;
    let names = |code: &str| {
        catalogue
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| code.to_owned())
    };
    blocks.push(chart(
        &ctx,
        "summary-services-activated",
        public_statistics
            .rows_of(Dimension::Service, RoundKey::Total)
            .filter(|r| r.count != Cell::Shown(0))
            .map(|r| cell_bar(names(&r.category), r.count, threshold))
            .collect(),
    ));
    let outcomes = indicators::closure_outcomes(&state.store, id).await?;
    blocks.push(chart(
        &ctx,
        "summary-outcomes",
        safe_bars(
            outcomes.iter().map(|(o, _)| t.word("outcome", o)).collect(),
            &outcomes
                .iter()
                .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
                .collect::<Vec<_>>(),
            threshold,
        ),
    ));
    blocks.push(Block::Heading(t.get("budget-chart")));
    blocks.push(Block::Chart(budget_chart(&ctx, &streams)));
    blocks.push(Block::Table(Table {
        header: vec![
            t.get("report-stream"),
            t.get("budget-budget"),
            t.get("budget-committed"),
            t.get("budget-claimed"),
            t.get("budget-paid"),
        ],
        rows: streams
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    ctx.t.euros(s.budget_cents),
                    ctx.t.euros(s.committed_cents),
                    ctx.t.euros(s.claimed_cents),
                    ctx.t.euros(s.paid_cents),
                ]
            })
            .collect(),
        right_aligned: vec![1, 2, 3, 4],
    }));
    let (published_indicators, published_outcomes) = published(&state.store, id, Audience::Public).await?;
    blocks.push(Block::Heading(t.get("summary-indicators")));
    blocks.push(Block::Table(Table {
        header: vec![
            t.get("summary-indicator"),
            t.get("summary-women"),
            t.get("summary-men"),
            t.get("summary-total"),
        ],
        rows: published_indicators
            .indicators
            .iter()
            .map(|i| {
                vec![
                    t.word("indicator", i.id),
                    cell_text(i.women, threshold),
                    cell_text(i.men, threshold),
                    cell_text(i.total, threshold),
                ]
            })
            .collect(),
        right_aligned: vec![1, 2, 3],
    }));
    blocks.push(Block::Heading(t.get("summary-outcome-report")));
    blocks.push(Block::Paragraph(t.get("outcomes-not-randomised")));
    blocks.push(Block::Table(Table {
        header: vec![
            t.get("summary-follow-up"),
            t.get("summary-participants-rate"),
            t.get("summary-comparison-rate"),
            t.get("summary-difference"),
        ],
        rows: published_outcomes
            .iter()
            .map(|o| {
                let rate = |r: Option<f64>| r.map(|p| format!("{}%", percent(p))).unwrap_or_else(|| "—".into());
                let difference = o
                    .difference
                    .as_ref()
                    .map(|d| {
                        let (estimate, lower, upper) = points(d);
                        format!("{estimate} ({lower} … {upper})")
                    })
                    .unwrap_or_else(|| "—".into());
                vec![
                    t.with("summary-months", "months", o.months),
                    rate(o.participants.rate),
                    rate(o.comparison.rate),
                    difference,
                ]
            })
            .collect(),
        right_aligned: vec![1, 2, 3],
    }));
    let periods: Vec<_> = programme.rounds.iter().filter_map(|r| r.period().ok()).collect();
    let period = match (
        periods.iter().map(|p| p.start).min(),
        periods.iter().map(|p| p.end).max(),
    ) {
        (Some(from), Some(to)) => format!("{from} – {to}"),
        _ => String::new(),
    };
    let doc = PdfDocument {
        issuer: programme.agency_name.clone(),
        title: format!("{} — {}", t.get("summary-title"), programme.name),
        subtitle: Some(t.get("summary-subtitle")),
        period,
        generated_on: t.with("pdf-generated-on", "date", state.clock.today()),
        page_numbering: t.get("pdf-page-numbering"),
        blocks,
    };
    Ok(pdf_response(
        render_pdf(&doc)?,
        &format!("programme-summary-{id}-public"),
    ))
}
