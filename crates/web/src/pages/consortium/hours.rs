//! A cooperative's hours register page: the hours each worker worked in a
//! month, and a form to enter (or correct) one worker's month.

use crate::app::consortium::borsa::MonthParams;
use crate::app::consortium::hours::{HoursMonthDto, month_dto, parse_entry};
use crate::app::consortium::load_cooperative;
use crate::error::{WebError, WebResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::YearMonth;
use filiera_domain::consortium::workforce::Hours;
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::hours;
use serde::Deserialize;

pub struct HoursRow {
    pub worker_id: WorkerId,
    pub worker: String,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "consortium/hours.html")]
struct HoursPage {
    chrome: Chrome,
    cooperative_id: OrganisationId,
    consortium_id: OrganisationId,
    month: String,
    rows: Vec<HoursRow>,
    total: String,
    can_manage: bool,
    errors: ValidationErrors,
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    month: YearMonth,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let cooperative = load_cooperative(state, principal, id, ConsortiumAction::ViewRegisters).await?;
    let register: HoursMonthDto = month_dto(id, month, hours::hours_of_month(&state.store, id, month).await?);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = HoursPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-hours-title", "name", &cooperative.name)),
        cooperative_id: id,
        consortium_id: cooperative.consortium_id,
        month: register.month,
        rows: register
            .lines
            .into_iter()
            .map(|l| HoursRow {
                worker_id: l.worker_id,
                worker: l.worker,
                hours: l
                    .hours
                    .map(|h| Hours::from_hundredths(h).to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        total: Hours::from_hundredths(register.total).to_string(),
        can_manage: principal
            .authorize(
                Action::Consortium(ConsortiumAction::ManageRegisters),
                &cooperative.target(),
            )
            .is_ok(),
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(query): ApiQuery<MonthParams>,
) -> WebResult<Response> {
    let month = query.month(state.clock.today())?;
    page(&state, &ctx, id, month, ValidationErrors::new()).await
}

#[derive(Debug, Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    worker_id: Option<String>,
    #[serde(default)]
    month: String,
    #[serde(default)]
    hours: String,
}

/// Enters one worker's hours for a month, then shows that month again.
pub async fn record(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<HoursForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let shown = MonthParams {
        month: Some(form.month.clone()),
    }
    .month(state.clock.today())
    .or_else(|_| MonthParams::default().month(state.clock.today()))?;
    let worker_id = form
        .worker_id
        .as_deref()
        .and_then(|w| w.trim().parse::<i64>().ok().map(WorkerId));
    let entry = parse_entry(&form.month, &form.hours);
    let (Some(worker_id), Ok((month, entered))) = (worker_id, &entry) else {
        let mut errors = entry.err().unwrap_or_default();
        if worker_id.is_none() {
            errors.add("worker_id", msg!("error-choose-worker"));
        }
        return page(&state, &ctx, id, shown, errors).await;
    };
    let (month, entered) = (*month, *entered);
    match crate::app::consortium::hours::record(&state, &principal, id, worker_id, month, entered).await {
        Ok(()) => Ok(Redirect::to(&format!("/cooperatives/{id}/hours?month={month}")).into_response()),
        Err(WebError::Invalid(errors)) => page(&state, &ctx, id, month, errors).await,
        Err(other) => Err(other),
    }
}
