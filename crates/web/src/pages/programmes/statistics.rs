//! The participant statistics page: one bar chart per table (server-side
//! SVG, no scripts), the tables themselves, and the CSV download.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use crate::app::evidence::publication;
use crate::error::WebResult;
use crate::export::AudienceQuery;
use crate::export::sheet::csv_text_response;
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::statistics::{Dimension, ParticipantStatistics, RoundKey};
use filiera_storage::pathways::programmes::Programme;
use filiera_storage::pathways::statistics::participant_statistics;

/// One bar of a chart: its label, the count and the share, with the bar's
/// length in chart units (0–200) and its vertical position.
struct Bar {
    label: String,
    count: u64,
    percent: String,
    length: u64,
    y: usize,
}

/// One table: a dimension in total, as bars, with per-round columns.
struct Table {
    title: String,
    caption: String,
    bars: Vec<Bar>,
    height: usize,
    /// Rows: category label, then "count (percent)" per round and the total.
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "programmes/statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    programme: Programme,
    /// Round headings ("Round 1", …, "Total").
    columns: Vec<String>,
    /// Participants and average age per column.
    participants: Vec<String>,
    average_ages: Vec<String>,
    tables: Vec<Table>,
}

fn category_label(ctx: &PageContext, dimension: Dimension, category: &str) -> String {
    match (dimension, category) {
        (_, "not_recorded") => ctx.t.get("statistics-not-recorded"),
        (Dimension::Gender, "M") => ctx.t.get("statistics-male"),
        (Dimension::Gender, "F") => ctx.t.get("statistics-female"),
        (Dimension::CountryOfBirth, "IT") => ctx.t.get("statistics-italy"),
        (Dimension::CountryOfBirth, "other") => ctx.t.get("statistics-other-country"),
        (Dimension::SingleParent, "yes") => ctx.t.get("statistics-yes"),
        (Dimension::SingleParent, "no") => ctx.t.get("statistics-no"),
        _ => category.to_owned(),
    }
}

fn tables(
    ctx: &PageContext,
    stats: &ParticipantStatistics,
    keys: &[RoundKey],
    names: &[(String, String)],
) -> Vec<Table> {
    Dimension::ALL
        .iter()
        .map(|&dimension| {
            let total: Vec<_> = stats.rows_of(dimension, RoundKey::Total).collect();
            let max = total.iter().map(|r| r.count).max().unwrap_or(0).max(1);
            let label = |category: &str| match dimension {
                Dimension::Service => names
                    .iter()
                    .find(|(code, _)| code == category)
                    .map(|(_, n)| n.clone())
                    .unwrap_or(category.into()),
                _ => category_label(ctx, dimension, category),
            };
            let bars: Vec<Bar> = total
                .iter()
                .enumerate()
                .map(|(i, r)| Bar {
                    label: label(&r.category),
                    count: r.count,
                    percent: r.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                    length: r.count * 200 / max,
                    y: i * 28,
                })
                .collect();
            let rows = total
                .iter()
                .map(|r| {
                    let cells = keys
                        .iter()
                        .map(|key| {
                            stats
                                .rows_of(dimension, *key)
                                .find(|c| c.category == r.category)
                                .map(|c| match c.percent {
                                    Some(p) => format!("{} ({p}%)", c.count),
                                    None => c.count.to_string(),
                                })
                                .unwrap_or_default()
                        })
                        .collect();
                    (label(&r.category), cells)
                })
                .collect();
            Table {
                title: ctx
                    .t
                    .get(&format!("statistics-{}", dimension.as_str().replace('_', "-"))),
                caption: ctx
                    .t
                    .get(&format!("statistics-{}-caption", dimension.as_str().replace('_', "-"))),
                height: bars.len() * 28 + 8,
                bars,
                rows,
            }
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let (programme, stats) = load(&state, &ctx, id).await?;
    let keys: Vec<RoundKey> = stats.rounds.iter().map(|r| r.round).collect();
    let columns = keys
        .iter()
        .map(|k| match k {
            RoundKey::Round(n) => ctx.t.with("statistics-round", "number", n),
            RoundKey::Total => ctx.t.get("statistics-total"),
        })
        .collect();
    let names: Vec<(String, String)> = filiera_storage::pathways::catalogue::list(&state.store, id, true)
        .await?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    Ok(render(&StatisticsPage {
        chrome: ctx.chrome("statistics-title"),
        columns,
        participants: stats.rounds.iter().map(|r| r.participants.to_string()).collect(),
        average_ages: stats
            .rounds
            .iter()
            .map(|r| r.average_age.map(|a| a.to_string()).unwrap_or("—".into()))
            .collect(),
        tables: tables(&ctx, &stats, &keys, &names),
        programme,
    }))
}

async fn load(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<(Programme, ParticipantStatistics)> {
    let principal = ctx.require()?;
    let programme = publication::statistics_programme(state, principal, id).await?;
    let stats = participant_statistics(&state.store, id).await?;
    Ok((programme, stats))
}

/// The CSV download; `?audience=public` gives the file to publish, with
/// small counts and what would reveal them hidden.
pub async fn csv(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiQuery(query): ApiQuery<AudienceQuery>,
) -> WebResult<Response> {
    let figures =
        publication::participant_figures_for(&state, ctx.require()?, id, query.audience.unwrap_or_default()).await?;
    Ok(csv_text_response(&figures.to_csv(), &figures.file_name(id)))
}
