use crate::app::consortium::{date_param, load_consortium};
use crate::error::{WebError, WebResult};
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::consortium::filiere::{MovedOnStatistics, Path, moved_on_statistics};
use filiera_domain::consortium::membership::{MembershipWarning, consortium_composition_rule, cooperative_warnings};
use filiera_domain::consortium::table_a::TableA;
use filiera_domain::consortium::thirty_percent::{ForecastWarning, forecast, format_permille};
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, registers};
use serde::Deserialize;

/// One bar of the ratio chart: a Type B or mixed member's disadvantaged share.
pub struct RatioBar {
    pub cooperative_id: OrganisationId,
    pub label: String,
    pub share: String,
    /// Bar length in SVG units for 0–60%.
    pub length: u64,
    pub y: u64,
    pub complies: bool,
}

pub struct Warning {
    pub cooperative: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "consortium/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    consortium_id: OrganisationId,
    date: String,
    table: TableA,
    bars: Vec<RatioBar>,
    chart_height: u64,
    /// The 30% line's x position in the chart.
    threshold_x: u64,
    warnings: Vec<Warning>,
    filiere: MovedOnStatistics,
    members: Vec<(OrganisationId, String)>,
    can_finance: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateQuery {
    date: Option<String>,
}

impl DateQuery {
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

/// The principal's consortium (through a membership of the consortium or of a member cooperative).
pub async fn mine(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    let principal = ctx.require()?;
    for organisation in principal.organisations_allowing(Action::Consortium(ConsortiumAction::ViewCompliance)) {
        let Some(consortium_id) = consortium::consortium_of(&state.store, organisation).await? else {
            continue;
        };
        let target = filiera_domain::policy::Target::organisation(consortium_id, None);
        let view = |action| principal.authorize(Action::Consortium(action), &target).is_ok();
        // A cooperative's staff see their own cooperative; the consortium's, the whole consortium.
        let to = if view(ConsortiumAction::ViewCompliance) {
            format!("/consortium/{consortium_id}")
        } else if principal
            .organisations_allowing(Action::Consortium(ConsortiumAction::ViewProduction))
            .contains(&organisation)
        {
            format!("/cooperatives/{organisation}/production")
        } else {
            format!("/cooperatives/{organisation}/workforce")
        };
        return Ok(Redirect::to(&to).into_response());
    }
    Err(WebError::NotFound { what: "consortium" })
}

fn warning_text(ctx: &PageContext, warning: &MembershipWarning) -> String {
    let detail = match warning {
        MembershipWarning::ApproachingHumanScale { members, limit }
        | MembershipWarning::AboveHumanScale { members, limit } => {
            format!("{members} / {limit}")
        }
        MembershipWarning::TooManyVolunteers { volunteers, members } => format!("{volunteers} / {members}"),
        MembershipWarning::ConsortiumNotMostlySocialCooperatives {
            social_cooperatives,
            members,
        } => {
            format!("{social_cooperatives} / {members}")
        }
    };
    ctx.t.with(
        &format!("consortium-warning-{}", warning.code().replace('_', "-")),
        "detail",
        detail,
    )
}

fn forecast_text(ctx: &PageContext, warning: &ForecastWarning) -> String {
    format!(
        "{} {}",
        ctx.t.with("consortium-forecast-warning", "date", warning.date),
        ctx.t.with(
            "consortium-forecast-counts",
            "detail",
            format!(
                "{} / {}",
                warning.compliance.headcount.disadvantaged, warning.compliance.required
            )
        )
    )
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    crate::extract::ApiPath(id): crate::extract::ApiPath<OrganisationId>,
    crate::extract::ApiQuery(query): crate::extract::ApiQuery<DateQuery>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let consortium = load_consortium(&state, principal, id, ConsortiumAction::ViewCompliance).await?;
    let date = date_param(state.clock.today(), "date", query.date.as_deref())?;
    let settings = consortium::settings(&state.store, id).await?;
    let table = crate::app::consortium::table_a_on(&state.store, &consortium, date).await?;
    let mut bars = Vec::new();
    let mut warnings = Vec::new();
    let mut paths = Vec::new();
    for member in &consortium.members {
        let workers: Vec<_> = registers::workers_of(&state.store, member.id)
            .await?
            .into_iter()
            .map(|w| w.record)
            .collect();
        if member.kind.integrates_disadvantaged_workers() {
            let counted = filiera_domain::consortium::thirty_percent::headcount_on(member.kind, &workers, date);
            // The rule's own ratio: disadvantaged per ordinary worker, so the 30% line is the threshold.
            let permille = (counted.disadvantaged * 1000)
                .checked_div(counted.ordinary)
                .unwrap_or(1000);
            bars.push(RatioBar {
                cooperative_id: member.id,
                label: member.name.trim_start_matches("Cooperativa Sociale ").to_owned(),
                share: format_permille(permille),
                length: (permille * 300 / 600).min(300),
                y: bars.len() as u64 * 30,
                complies: counted.complies(),
            });
            for warning in forecast(member.kind, &workers, date, 365) {
                warnings.push(Warning {
                    cooperative: member.name.clone(),
                    text: forecast_text(&ctx, &warning),
                });
            }
        }
        let register: Vec<_> = registers::members_of(&state.store, member.id)
            .await?
            .into_iter()
            .map(|m| m.record)
            .collect();
        for warning in cooperative_warnings(&register, date, settings.human_scale_limit) {
            warnings.push(Warning {
                cooperative: member.name.clone(),
                text: warning_text(&ctx, &warning),
            });
        }
        for user in registers::users_of(&state.store, member.id).await? {
            if let Some(entered) = user.entered_on {
                paths.push(Path {
                    entered,
                    hired: user.hired_on,
                });
            }
        }
    }
    // Every member of the consortium register here is a social cooperative;
    // other members (a bank, a real-estate company) are its legal-person members.
    let own_register = registers::members_of(&state.store, id).await?;
    let others = own_register.iter().filter(|m| m.record.member_on(date)).count() as u64;
    let social = consortium.members.len() as u64;
    if let Some(warning) = consortium_composition_rule(social, social + others) {
        warnings.push(Warning {
            cooperative: consortium.name.clone(),
            text: warning_text(&ctx, &warning),
        });
    }
    let year_start = date - time::Duration::days(365);
    let page = DashboardPage {
        chrome: ctx.chrome_titled(consortium.name.clone()),
        consortium_id: id,
        date: date.to_string(),
        chart_height: (bars.len() as u64 * 30).max(30) + 10,
        threshold_x: 170 + 300 * 300 / 600,
        bars,
        table,
        warnings,
        filiere: moved_on_statistics(&paths, year_start, date),
        members: consortium.members.iter().map(|m| (m.id, m.name.clone())).collect(),
        can_finance: principal
            .authorize(Action::Consortium(ConsortiumAction::ViewFinance), &consortium.target())
            .is_ok(),
    };
    Ok(render(&page))
}
