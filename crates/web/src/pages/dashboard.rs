use super::chrome::{Chrome, PageContext};
use super::errors::render;
use crate::error::WebResult;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::audit::AuditEntry;
use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::OrganisationKind;
use filiera_domain::policy::Action;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::{PageRequest, organisations};

pub struct MembershipCard {
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub role: String,
}

/// One bar of the registry chart.
pub struct Bar {
    pub label: String,
    pub count: i64,
    /// Bar length in SVG units (0–100).
    pub length: i64,
    pub y: i64,
}

/// How many tasks the dashboard shows before linking to the full list.
const DASHBOARD_TASKS: usize = 5;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    memberships: Vec<MembershipCard>,
    bars: Vec<Bar>,
    chart_height: i64,
    recent: Vec<AuditEntry>,
    can_audit: bool,
    can_create_organisation: bool,
    /// Requests to social workers past their due date (response-time guard).
    overdue: Vec<filiera_storage::pathways::register::Request>,
    /// Interventions planned past their round or funding stream (time-fit guard).
    conflicts: Vec<(filiera_storage::pathways::interventions::Intervention, String)>,
    /// The first of the user's tasks, and how many there are.
    tasks: Vec<super::inbox::TaskRow>,
    task_count: usize,
}

pub async fn show(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let counts = organisations::count_by_kind(&state.store).await?;
    let max = counts.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = OrganisationKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let count = counts.iter().find(|(k, _)| k == kind).map(|(_, c)| *c).unwrap_or(0);
            Bar {
                label: ctx.t.get(&format!("kind-{}", kind.as_str())),
                count,
                length: count * 100 / max,
                y: i as i64 * 28,
            }
        })
        .collect();
    let can_audit = principal.may_somewhere(Action::ViewAuditLog);
    let recent = if can_audit {
        let query = AuditQuery {
            organisations: Some(
                principal
                    .organisations_allowing(Action::ViewAuditLog)
                    .into_iter()
                    .map(OrganisationId::get)
                    .collect(),
            ),
            ..Default::default()
        };
        audit_log::list(&state.store, &query, PageRequest::new(Some(1), Some(5)))
            .await?
            .items
    } else {
        Vec::new()
    };
    let memberships = principal
        .memberships
        .iter()
        .map(|m| MembershipCard {
            organisation_id: m.organisation_id,
            organisation_name: m.organisation_name.clone(),
            role: ctx.t.get(&format!("role-{}", m.role.as_str())),
        })
        .collect();
    // The guards' alerts, for the agencies where the user manages paths.
    use filiera_domain::policy::pathways::PathwayAction;
    let mut agencies = principal.organisations_allowing(Action::Pathway(PathwayAction::ManageHousehold));
    agencies.extend(principal.organisations_allowing(Action::Pathway(PathwayAction::ManageProgramme)));
    agencies.sort_unstable();
    agencies.dedup();
    let overdue = filiera_storage::pathways::register::overdue(&state.store, &agencies, state.clock.today()).await?;
    let conflicts = filiera_storage::pathways::interventions::with_time_conflicts(&state.store, &agencies).await?;
    let mut tasks = super::inbox::task_rows(&state, &ctx).await?;
    let task_count = tasks.len();
    tasks.truncate(DASHBOARD_TASKS);
    let page = DashboardPage {
        tasks,
        task_count,
        overdue,
        conflicts,
        chrome: ctx.chrome("dashboard-title"),
        memberships,
        chart_height: bars.len() as i64 * 28,
        bars,
        recent,
        can_audit,
        can_create_organisation: principal.may_somewhere(Action::CreateOrganisation),
    };
    Ok(render(&page))
}
