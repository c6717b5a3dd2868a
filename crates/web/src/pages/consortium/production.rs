//! A cooperative's production: orders with their task trees, and the week's
//! allocations (compute a new one with the optimisation crate).

use crate::app::consortium::{load_cooperative, week};
use crate::error::WebResult;
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ids::{AllocationId, OrganisationId, TaskId};
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::MemberCooperative;
use filiera_storage::consortium::production::{self, Order, Step};
use serde::Deserialize;

pub struct OrderView {
    pub order: Order,
    /// Steps in tree order with their depth.
    pub steps: Vec<(usize, Step)>,
}

#[derive(Template)]
#[template(path = "consortium/production.html")]
struct ProductionPage {
    chrome: Chrome,
    cooperative: MemberCooperative,
    orders: Vec<OrderView>,
    allocations: Vec<(AllocationId, String, bool)>,
    can_manage: bool,
    this_week: String,
}

fn tree(steps: Vec<Step>) -> Vec<(usize, Step)> {
    fn visit(steps: &[Step], parent: Option<TaskId>, depth: usize, out: &mut Vec<(usize, Step)>) {
        for step in steps.iter().filter(|s| s.parent_id == parent) {
            out.push((depth, step.clone()));
            visit(steps, Some(step.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    visit(&steps, None, 0, &mut out);
    out
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let cooperative = load_cooperative(&state, principal, id, ConsortiumAction::ViewProduction).await?;
    let mut orders = Vec::new();
    for order in production::orders_of(&state.store, id).await? {
        let steps = tree(production::steps_of(&state.store, order.id).await?);
        orders.push(OrderView { order, steps });
    }
    let allocations = production::allocations_of(&state.store, id)
        .await?
        .into_iter()
        .map(|(allocation, week, accepted)| (allocation, week.to_string(), accepted))
        .collect();
    let page = ProductionPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-production-title", "name", &cooperative.name)),
        can_manage: principal
            .authorize(
                Action::Consortium(ConsortiumAction::ManageProduction),
                &cooperative.target(),
            )
            .is_ok(),
        this_week: week::monday_of(state.clock.today()).to_string(),
        cooperative,
        orders,
        allocations,
    };
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct ComputeForm {
    #[allow(dead_code)]
    csrf_token: Option<String>,
    week: Option<String>,
}

/// Computes a draft allocation for the chosen week and opens it for review.
pub async fn compute(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<ComputeForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let day = crate::app::consortium::date_param(state.clock.today(), "week", form.week.as_deref())?;
    let allocation = crate::app::consortium::allocations::compute(&state, &principal, id, day).await?;
    Ok(Redirect::to(&format!("/allocations/{allocation}")).into_response())
}
