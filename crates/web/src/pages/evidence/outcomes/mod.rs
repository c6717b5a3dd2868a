//! The evidence page of a programme: the ESF+ common indicators, the outcome
//! report (participants against the comparison group at 6 and 12 months, with
//! the statement that selection was not random and a chart of the two rates),
//! the comparison group with its forms, and the publication threshold. Every
//! table downloads as CSV or XLSX, for the staff or publication-safe.

mod downloads;
mod forms;

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use crate::app::evidence::publication::published;
use crate::error::WebResult;
use crate::export::chart::{Figure, GroupedBarChart, Series};
use crate::extract::ApiPath;
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::disclosure::Cell;
use filiera_domain::evidence::publication::{
    self, Audience, PublishedIndicators, PublishedOutcome, PublishedRate, cell_text,
};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::evidence::comparison::{self, ComparisonMember};
use filiera_storage::evidence::settings;
use filiera_storage::evidence::shortlist::{self, ShortlistEntry};
use filiera_storage::pathways::programmes::{self, Programme};
use forms::{FollowUpFields, MemberFields};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/evidence", get(show))
        .route("/programmes/{id}/comparison-group", post(forms::add_member))
        .route(
            "/programmes/{id}/comparison-group/shortlist",
            post(forms::add_from_shortlist),
        )
        .route(
            "/programmes/{id}/comparison-group/follow-ups",
            post(forms::record_follow_up),
        )
        .route("/programmes/{id}/publication-threshold", post(forms::set_threshold))
        .route("/programmes/{id}/indicators.csv", get(downloads::indicators_csv))
        .route("/programmes/{id}/indicators.xlsx", get(downloads::indicators_xlsx))
        .route("/programmes/{id}/outcomes.csv", get(downloads::outcomes_csv))
        .route("/programmes/{id}/outcomes.xlsx", get(downloads::outcomes_xlsx))
}

const VIEW: Action = Action::Evidence(EvidenceAction::ViewEvidence);
const MANAGE_GROUP: Action = Action::Evidence(EvidenceAction::ManageComparisonGroup);
const MANAGE_PROGRAMME: Action = Action::Pathway(PathwayAction::ManageProgramme);

/// The programme, once the user may see its evidence.
async fn viewable(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    ctx.require()?
        .authorize(VIEW, &crate::app::evidence::reports::agency_side(&programme))?;
    Ok(programme)
}

/// One indicator in the reader's words, with its counts as printed.
struct IndicatorRow {
    name: String,
    reference: String,
    cells: Vec<String>,
}

fn indicator_rows(t: &Tr, published: &PublishedIndicators) -> Vec<IndicatorRow> {
    let text = |cell: Cell| cell_text(cell, published.threshold);
    published
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            name: t.word("indicator", i.id),
            // The point of Annex I only: its English wording repeats the name in the row's header.
            reference: i.reference.split(':').next().unwrap_or(i.reference).to_owned(),
            cells: vec![
                text(i.women),
                text(i.men),
                text(i.gender_not_recorded),
                text(i.total),
                text(i.not_recorded),
            ],
        })
        .collect()
}

/// A rate as read: `41.7% (5 of 12)`, or why there is none.
fn rate_text(t: &Tr, rate: &PublishedRate, threshold: u64) -> String {
    let count = |cell: Cell| cell_text(cell, threshold);
    match rate.rate {
        Some(p) => format!(
            "{}% ({}/{})",
            publication::percent(p),
            count(rate.employed),
            count(rate.known)
        ),
        None if rate.known == Cell::Shown(0) => t.get("outcomes-no-follow-ups"),
        None => t.get("outcomes-rate-hidden"),
    }
}

/// One follow-up of the outcome report as read.
struct OutcomeView {
    months: String,
    participants: String,
    comparison: String,
    difference: String,
    interval: String,
}

fn outcome_views(t: &Tr, outcomes: &[PublishedOutcome], threshold: u64) -> Vec<OutcomeView> {
    outcomes
        .iter()
        .map(|o| {
            let (difference, interval) = match &o.difference {
                Some(d) => {
                    let (estimate, lower, upper) = publication::points(d);
                    (
                        t.with("outcomes-points", "points", estimate),
                        format!("{lower} … {upper}"),
                    )
                }
                None => ("—".to_owned(), "—".to_owned()),
            };
            OutcomeView {
                months: t.with("outcomes-months", "months", o.months),
                participants: rate_text(t, &o.participants, threshold),
                comparison: rate_text(t, &o.comparison, threshold),
                difference,
                interval,
            }
        })
        .collect()
}

/// The two employment rates per follow-up as a grouped bar chart (SVG, no script).
fn chart(t: &Tr, outcomes: &[PublishedOutcome]) -> String {
    let figure = |rate: &PublishedRate| Figure {
        // Tenths of a per cent, so 41.7% and 41.2% draw different bars.
        value: rate.rate.map(|p| (p * 1000.0).round() as i64).unwrap_or(0),
        display: rate
            .rate
            .map(|p| format!("{}%", publication::percent(p)))
            .unwrap_or_else(|| "—".into()),
    };
    GroupedBarChart {
        title: t.get("outcomes-chart-title"),
        categories: outcomes
            .iter()
            .map(|o| t.with("outcomes-months", "months", o.months))
            .collect(),
        series: vec![
            Series {
                name: t.get("outcomes-participants"),
                values: outcomes.iter().map(|o| figure(&o.participants)).collect(),
            },
            Series {
                name: t.get("outcomes-comparison-group"),
                values: outcomes.iter().map(|o| figure(&o.comparison)).collect(),
            },
        ],
    }
    .to_svg_with_empty_text(&t.get("outcomes-no-data"))
}

/// One person of the comparison group as listed.
struct MemberRow {
    reference: String,
    round: String,
    gender: String,
    birth_year: String,
    status_at_entry: String,
    reference_date: String,
    status_at_6: String,
    status_at_12: String,
}

fn member_rows(t: &Tr, programme: &Programme, members: &[ComparisonMember]) -> Vec<MemberRow> {
    let status = |s: &Option<String>| s.as_deref().map(|s| t.word("employment", s)).unwrap_or("—".into());
    members
        .iter()
        .map(|m| MemberRow {
            reference: m.reference.clone(),
            round: m
                .round_id
                .and_then(|id| programme.rounds.iter().find(|r| r.id == id))
                .map(|r| t.with("statistics-round", "number", r.number))
                .unwrap_or("—".into()),
            gender: m.gender.clone().unwrap_or("—".into()),
            birth_year: m.birth_year.map(|y| y.to_string()).unwrap_or("—".into()),
            status_at_entry: status(&m.employment_status),
            reference_date: filiera_domain::time_format::iso_date::format(m.reference_date),
            status_at_6: status(&m.status_at_6),
            status_at_12: status(&m.status_at_12),
        })
        .collect()
}

/// A choice of a `<select>`: value, label, whether it is the typed one.
pub(super) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(options: impl IntoIterator<Item = (String, String)>, typed: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == typed,
            value,
            label,
        })
        .collect()
}

const STATUSES: [&str; 7] = [
    "employed",
    "self_employed",
    "unemployed",
    "long_term_unemployed",
    "inactive",
    "student",
    "retired",
];

fn status_choices(t: &Tr, typed: &str) -> Vec<Choice> {
    choices(
        STATUSES.iter().map(|s| ((*s).to_owned(), t.word("employment", s))),
        typed,
    )
}

/// What the forms hold when the page is shown: blank, or as typed with their errors.
#[derive(Default)]
pub(super) struct Forms {
    pub member: MemberFields,
    pub member_errors: ValidationErrors,
    pub follow_up: FollowUpFields,
    pub follow_up_errors: ValidationErrors,
    pub threshold: Option<String>,
    pub threshold_errors: ValidationErrors,
}

#[derive(Template)]
#[template(path = "evidence/outcomes.html")]
struct EvidencePage {
    chrome: Chrome,
    programme: Programme,
    threshold: u64,
    indicators: Vec<IndicatorRow>,
    households: String,
    outcomes: Vec<OutcomeView>,
    statement: String,
    chart: String,
    members: Vec<MemberRow>,
    /// Shortlisted people not selected, for those who keep the group.
    shortlist: Vec<ShortlistEntry>,
    can_manage_group: bool,
    can_manage_programme: bool,
    forms: Forms,
    rounds: Vec<Choice>,
    genders: Vec<Choice>,
    entry_statuses: Vec<Choice>,
    member_choices: Vec<Choice>,
    months: Vec<Choice>,
    follow_up_statuses: Vec<Choice>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = viewable(&state, &ctx, id).await?;
    page(&state, &ctx, programme, Forms::default()).await
}

/// The page, with 422 when a form came back with errors.
pub(super) async fn page(
    state: &AppState,
    ctx: &PageContext,
    programme: Programme,
    forms: Forms,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let target = crate::app::evidence::reports::agency_side(&programme);
    let (indicators, outcomes) = published(&state.store, programme.id, Audience::Staff).await?;
    let threshold = settings::publication_threshold(&state.store, programme.id).await?;
    let members = comparison::members(&state.store, programme.id).await?;
    let can_manage_group = principal.authorize(MANAGE_GROUP, &target).is_ok();
    let shortlist = if can_manage_group {
        shortlist::shortlist(&state.store, programme.id).await?
    } else {
        Vec::new()
    };
    let t = &ctx.t;
    let failed = [&forms.member_errors, &forms.follow_up_errors, &forms.threshold_errors]
        .iter()
        .any(|errors| !errors.is_empty());
    let page = EvidencePage {
        chrome: ctx.chrome_titled(t.with("outcomes-title", "programme", &programme.name)),
        threshold,
        indicators: indicator_rows(t, &indicators),
        households: cell_text(indicators.households, threshold),
        outcomes: outcome_views(t, &outcomes, threshold),
        statement: t.get("outcomes-not-randomised"),
        chart: chart(t, &outcomes),
        members: member_rows(t, &programme, &members),
        shortlist,
        can_manage_group,
        can_manage_programme: principal.authorize(MANAGE_PROGRAMME, &target).is_ok(),
        rounds: choices(
            programme
                .rounds
                .iter()
                .map(|r| (r.id.to_string(), t.with("statistics-round", "number", r.number))),
            &forms.member.round_id,
        ),
        genders: choices(
            [
                ("F".to_owned(), t.get("statistics-female")),
                ("M".to_owned(), t.get("statistics-male")),
            ],
            &forms.member.gender,
        ),
        entry_statuses: status_choices(t, &forms.member.employment_status),
        member_choices: choices(
            members.iter().map(|m| (m.id.to_string(), m.reference.clone())),
            &forms.follow_up.member_id,
        ),
        months: choices(
            [6, 12].map(|m| (m.to_string(), t.with("outcomes-months", "months", m))),
            &forms.follow_up.months,
        ),
        follow_up_statuses: status_choices(t, &forms.follow_up.employment_status),
        forms,
        programme,
    };
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)).into_response())
}
