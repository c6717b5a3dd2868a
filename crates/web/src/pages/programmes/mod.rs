//! Pages of programmes: the list, one programme with its rounds, funding
//! streams (with their rules in words) and service catalogue, the forms of
//! programme managers (programme, round, funding stream with its rule built
//! from conditions, services), the eligibility check, the catalogue across
//! programmes, the CSV import and the participant statistics with charts.

mod catalogue_page;
mod eligibility;
mod fields;
mod import;
mod manage;
mod services;
mod statistics;
mod words;

use super::chrome::{Chrome, PageContext};
use super::errors::render;
use crate::error::WebResult;
use crate::extract::ApiPath;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use filiera_domain::ids::{ProgrammeId, ServiceId};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::catalogue::{self, Service};
use filiera_storage::pathways::programmes::Programme;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes", get(list).post(manage::create_programme))
        .route("/programmes/new", get(manage::new_programme))
        .route("/programmes/{id}", get(show).post(manage::update_programme))
        .route("/programmes/{id}/edit", get(manage::edit_programme))
        .route("/programmes/{id}/rounds/new", get(manage::new_round))
        .route("/programmes/{id}/rounds", post(manage::add_round))
        .route("/programmes/{id}/funding-streams/new", get(manage::new_stream))
        .route("/programmes/{id}/funding-streams", post(manage::add_stream))
        .route("/programmes/{id}/services/new", get(services::new_service))
        .route("/programmes/{id}/services", post(services::create_service))
        .route(
            "/programmes/{id}/services/{service_id}/edit",
            get(services::edit_service),
        )
        .route("/programmes/{id}/services/{service_id}", post(services::update_service))
        .route(
            "/programmes/{id}/services/{service_id}/archive",
            post(services::archive_service),
        )
        .route("/programmes/{id}/eligibility", get(eligibility::check))
        .route("/catalogue", get(catalogue_page::show))
        .route("/programmes/{id}/import", get(import::form).post(import::submit))
        .route("/programmes/{id}/statistics", get(statistics::show))
        .route("/programmes/{id}/statistics.csv", get(statistics::csv))
}

struct ProgrammeRow {
    id: ProgrammeId,
    name: String,
    agency: String,
    budget: String,
    rounds: usize,
}

#[derive(Template)]
#[template(path = "programmes/list.html")]
struct ListPage {
    chrome: Chrome,
    programmes: Vec<ProgrammeRow>,
    can_create: bool,
}

pub async fn list(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    let principal = ctx.require()?;
    let programmes = crate::app::programmes::visible(&state, principal)
        .await?
        .into_iter()
        .map(|p| ProgrammeRow {
            id: p.id,
            budget: ctx.t.euros(p.total_budget_cents),
            rounds: p.rounds.len(),
            name: p.name,
            agency: p.agency_name,
        })
        .collect();
    Ok(render(&ListPage {
        chrome: ctx.chrome("programmes-title"),
        programmes,
        can_create: principal.may_somewhere(Action::Pathway(PathwayAction::ManageProgramme)),
    }))
}

struct StreamView {
    name: String,
    budget: String,
    rule: String,
}

pub(super) struct ServiceView {
    id: ServiceId,
    tags: String,
    code: String,
    name: String,
    kind: String,
    offered_by: String,
    host: String,
    hours: String,
    cost: String,
    capacities: String,
}

#[derive(Template)]
#[template(path = "programmes/show.html")]
struct ShowPage {
    chrome: Chrome,
    programme: Programme,
    budget: String,
    streams: Vec<StreamView>,
    services: Vec<ServiceView>,
    can_import: bool,
    can_see_statistics: bool,
    /// The agency's side, or a delivering cooperative's (its own reports).
    can_see_reports: bool,
    can_manage: bool,
    can_manage_catalogue: bool,
}

pub(super) fn service_view(ctx: &PageContext, s: Service) -> ServiceView {
    let hours = s.minutes as f64 / 60.0;
    ServiceView {
        kind: ctx.t.get(&format!("service-kind-{}", s.kind.as_str())),
        offered_by: s.organisation_name.unwrap_or_default(),
        host: match (s.host_firm_name, s.tutor_name) {
            (Some(firm), Some(tutor)) => format!("{firm} ({tutor})"),
            (Some(firm), None) => firm,
            _ => String::new(),
        },
        hours: if hours.fract() == 0.0 {
            format!("{hours:.0}")
        } else {
            format!("{hours:.1}")
        },
        cost: ctx.t.euros(s.unit_cost_cents),
        capacities: s
            .capacities
            .iter()
            .map(|(r, c)| format!("{r}: {c}"))
            .collect::<Vec<_>>()
            .join(" · "),
        id: s.id,
        tags: s.interest_tags.join(", "),
        code: s.code,
        name: s.name,
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let programme = crate::app::programmes::get(&state, principal, id).await?;
    let target = programme.target();
    let services = catalogue::list(&state.store, id, false).await?;
    let streams = programme
        .funding_streams
        .iter()
        .map(|s| StreamView {
            name: s.name.clone(),
            budget: ctx.t.euros(s.budget_cents),
            rule: words::rule_words(&ctx.t, &s.eligibility),
        })
        .collect();
    Ok(render(&ShowPage {
        chrome: ctx.chrome_titled(programme.name.clone()),
        budget: ctx.t.euros(programme.total_budget_cents),
        streams,
        services: services.into_iter().map(|s| service_view(&ctx, s)).collect(),
        can_import: principal
            .authorize(Action::Pathway(PathwayAction::ImportData), &programme.owner_target())
            .is_ok(),
        can_see_statistics: principal
            .authorize(Action::Pathway(PathwayAction::ViewStatistics), &target)
            .is_ok(),
        can_see_reports: crate::app::evidence::reports::may_see_any(principal, &programme),
        can_manage: principal
            .authorize(
                Action::Pathway(PathwayAction::ManageProgramme),
                &programme.owner_target(),
            )
            .is_ok(),
        can_manage_catalogue: principal
            .authorize(Action::Pathway(PathwayAction::ManageCatalogue), &target)
            .is_ok(),
        programme,
    }))
}
