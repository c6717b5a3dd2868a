//! Statistics, indicators and outcomes for an audience: the one place that
//! decides which figures a reader sees. Staff see every figure; the public
//! (and every file that leaves the programme) sees counts below the
//! programme's publication threshold, and what would reveal them, hidden.
//! The CLI reports, the API, the pages, their downloads and the summary PDF
//! all take their figures and their sheets from here.

use crate::auth::Principal;
use crate::error::WebResult;
use crate::export::sheet::Sheet;
use crate::i18n::Tr;
use crate::state::AppState;
use filiera_domain::evidence::comparison::NOT_RANDOMISED;
use filiera_domain::evidence::disclosure::Cell;
use filiera_domain::evidence::publication::{
    self, Audience, PublishedIndicators, PublishedOutcome, PublishedRate, cell_text, percent, points,
};
use filiera_domain::evidence::statistics_publication::{PublishedStatistics, publish_statistics};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::statistics::ParticipantStatistics;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::Store;
use filiera_storage::evidence::{comparison, indicators, settings};
use filiera_storage::pathways::programmes::{self, Programme};
use filiera_storage::pathways::statistics;
use serde::Serialize;

/// The participant statistics of a programme as one audience may see them.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ParticipantFigures {
    Staff(ParticipantStatistics),
    Public(PublishedStatistics),
}

impl ParticipantFigures {
    /// The long CSV (`dimension,category,round,count,percent`).
    pub fn to_csv(&self) -> String {
        match self {
            ParticipantFigures::Staff(stats) => stats.to_csv(),
            ParticipantFigures::Public(published) => published.to_csv(),
        }
    }

    /// The download's name: a public file says so, so it is not mistaken for a staff one.
    pub fn file_name(&self, programme_id: ProgrammeId) -> String {
        match self {
            ParticipantFigures::Staff(_) => "participants.csv".to_owned(),
            ParticipantFigures::Public(_) => format!("participants-{programme_id}-public.csv"),
        }
    }
}

/// The participant statistics of a programme for `audience`, without a policy
/// check: for the CLI, whose operator holds the database itself.
pub async fn participant_figures(
    store: &Store,
    programme_id: ProgrammeId,
    audience: Audience,
) -> filiera_storage::Result<ParticipantFigures> {
    Ok(match audience {
        Audience::Staff => ParticipantFigures::Staff(statistics::participant_statistics(store, programme_id).await?),
        Audience::Public => ParticipantFigures::Public(public_statistics(store, programme_id).await?),
    })
}

/// The participant statistics as the public may see them (what leaves the programme).
pub async fn public_statistics(
    store: &Store,
    programme_id: ProgrammeId,
) -> filiera_storage::Result<PublishedStatistics> {
    let stats = statistics::participant_statistics(store, programme_id).await?;
    let threshold = settings::publication_threshold(store, programme_id).await?;
    Ok(publish_statistics(&stats, Audience::Public, threshold))
}

/// The programme, once the principal may see its statistics.
pub async fn statistics_programme(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, programme_id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ViewStatistics), &programme.target())?;
    Ok(programme)
}

/// The participant statistics for `audience`, if the principal may see the programme's statistics.
pub async fn participant_figures_for(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    audience: Audience,
) -> WebResult<ParticipantFigures> {
    statistics_programme(state, principal, programme_id).await?;
    Ok(participant_figures(&state.store, programme_id, audience).await?)
}

/// The ESF+ indicators and the outcome report of a programme for `audience`.
pub async fn published(
    store: &Store,
    programme_id: ProgrammeId,
    audience: Audience,
) -> filiera_storage::Result<(PublishedIndicators, Vec<PublishedOutcome>)> {
    let threshold = settings::publication_threshold(store, programme_id).await?;
    let computed = indicators::indicators(store, programme_id).await?;
    let outcomes = comparison::outcome_report(store, programme_id).await?;
    Ok((
        publication::publish_indicators(&computed, audience, threshold),
        publication::publish_outcomes(&outcomes, audience, threshold),
    ))
}

/// The sheets as a reader of `language` gets them (the CLI prints them in English).
pub fn tr(language: &str) -> Tr {
    Tr::new(language)
}

/// The first line: the audience (in plain words any reader of the file sees) and what it means.
fn title_line(t: &Tr, audience: Audience, threshold: u64, width: usize) -> Vec<String> {
    let mut line = vec![
        format!("audience: {}", audience.as_str()),
        match audience {
            Audience::Public => t.with("outcomes-export-public", "threshold", threshold),
            Audience::Staff => t.get("outcomes-export-staff"),
        },
    ];
    line.resize(width, String::new());
    line
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

pub fn indicators_sheet(t: &Tr, published: &PublishedIndicators) -> Sheet {
    let columns = strings(&[
        "indicator",
        "name",
        "annex_reference",
        "women",
        "men",
        "gender_not_recorded",
        "total",
        "attribute_not_recorded",
    ]);
    let text = |cell: Cell| cell_text(cell, published.threshold);
    let mut rows = vec![columns];
    rows.extend(published.indicators.iter().map(|i| {
        vec![
            i.id.to_owned(),
            t.word("indicator", i.id),
            i.reference.to_owned(),
            text(i.women),
            text(i.men),
            text(i.gender_not_recorded),
            text(i.total),
            text(i.not_recorded),
        ]
    }));
    let mut households = vec![String::new(); 8];
    households[0] = "households".into();
    households[1] = t.get("outcomes-households");
    households[6] = text(published.households);
    rows.push(households);
    Sheet {
        header: title_line(t, published.audience, published.threshold, 8),
        rows,
    }
}

pub fn outcomes_sheet(t: &Tr, outcomes: &[PublishedOutcome], audience: Audience, threshold: u64) -> Sheet {
    let columns = strings(&[
        "months",
        "participants_employed",
        "participants_known",
        "participants_rate_percent",
        "comparison_employed",
        "comparison_known",
        "comparison_rate_percent",
        "difference_points",
        "ci95_lower_points",
        "ci95_upper_points",
    ]);
    let width = columns.len();
    let rate = |r: &PublishedRate| {
        [
            cell_text(r.employed, threshold),
            cell_text(r.known, threshold),
            r.rate.map(percent).unwrap_or_default(),
        ]
    };
    let mut rows = vec![columns];
    rows.extend(outcomes.iter().map(|o| {
        let (estimate, lower, upper) = o.difference.as_ref().map(points).unwrap_or_default();
        let mut row = vec![o.months.to_string()];
        row.extend(rate(&o.participants));
        row.extend(rate(&o.comparison));
        row.extend([estimate, lower, upper]);
        row
    }));
    // The statement travels with the figures, in English as in the domain and in the reader's language.
    for statement in [NOT_RANDOMISED.to_owned(), t.get("outcomes-not-randomised")] {
        let mut note = vec![String::new(); width];
        note[0] = "note".into();
        note[1] = statement;
        if !rows.iter().any(|r| r[1] == note[1]) {
            rows.push(note);
        }
    }
    Sheet {
        header: title_line(t, audience, threshold, width),
        rows,
    }
}
