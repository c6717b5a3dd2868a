//! A cooperative's registers: the workforce with the 30% rule (today, month by
//! month, and the forecast), and the membership register with its warnings.

use crate::app::consortium::load_cooperative;
use crate::app::consortium::registers::WorkerInput;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
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
use filiera_domain::consortium::membership::{MemberKind, cooperative_warnings};
use filiera_domain::consortium::thirty_percent::{
    Compliance, MonthCompliance, compliance_on, forecast, monthly_history,
};
use filiera_domain::consortium::workforce::{Activity, DisadvantageCategory};
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, MemberCooperative, registers};
use serde::Deserialize;

pub struct WorkerRow {
    pub id: filiera_domain::ids::WorkerId,
    pub code: String,
    pub member: bool,
    pub category: String,
    pub certified_until: String,
    pub contract: String,
    pub weekly_hours: String,
    pub in_force: bool,
}

#[derive(Template)]
#[template(path = "consortium/workforce.html")]
struct WorkforcePage {
    chrome: Chrome,
    cooperative: MemberCooperative,
    today: String,
    compliance: Option<Compliance>,
    history: Vec<MonthCompliance>,
    forecast: Vec<String>,
    workers: Vec<WorkerRow>,
    member_counts: Vec<(String, usize)>,
    warnings: Vec<String>,
    incubated_by: Option<String>,
    can_manage: bool,
    categories: Vec<(&'static str, String)>,
    errors: ValidationErrors,
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let cooperative = load_cooperative(state, principal, id, ConsortiumAction::ViewRegisters).await?;
    let today = state.clock.today();
    let stored = registers::workers_of(&state.store, id).await?;
    let records: Vec<_> = stored.iter().map(|w| w.record.clone()).collect();
    let mut workers = Vec::new();
    for worker in &stored {
        let record = &worker.record;
        workers.push(WorkerRow {
            id: worker.id,
            code: record.code.clone(),
            member: record.member,
            category: record
                .disadvantage
                .as_ref()
                .map(|d| {
                    ctx.t.get(&format!(
                        "consortium-category-{}",
                        d.category.as_str().replace('_', "-")
                    ))
                })
                .unwrap_or_default(),
            certified_until: record
                .disadvantage
                .as_ref()
                .and_then(|d| d.certified_until)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            contract: match record.contract.end {
                Some(end) => format!("{} – {}", record.contract.start, end),
                None => format!("{} –", record.contract.start),
            },
            weekly_hours: record.contract.weekly_hours.to_string(),
            in_force: record.in_force_on(today),
        });
    }
    let settings = consortium::settings(&state.store, cooperative.consortium_id).await?;
    let register: Vec<_> = registers::members_of(&state.store, id)
        .await?
        .into_iter()
        .map(|m| m.record)
        .collect();
    let member_counts = MemberKind::ALL
        .iter()
        .map(|k| {
            (
                ctx.t
                    .get(&format!("consortium-member-kind-{}", k.as_str().replace('_', "-"))),
                register.iter().filter(|m| m.kind == *k && m.member_on(today)).count(),
            )
        })
        .collect();
    let warnings = cooperative_warnings(&register, today, settings.human_scale_limit)
        .iter()
        .map(|w| ctx.t.with(&format!("consortium-warning-{}", w.code().replace('_', "-")), "detail", match w {
            filiera_domain::consortium::membership::MembershipWarning::ApproachingHumanScale { members, limit }
            | filiera_domain::consortium::membership::MembershipWarning::AboveHumanScale { members, limit } => format!("{members} / {limit}"),
            filiera_domain::consortium::membership::MembershipWarning::TooManyVolunteers { volunteers, members } => format!("{volunteers} / {members}"),
            filiera_domain::consortium::membership::MembershipWarning::ConsortiumNotMostlySocialCooperatives { social_cooperatives, members } => format!("{social_cooperatives} / {members}"),
        }))
        .collect();
    let incubated_by = match registers::incubated_by(&state.store, id).await? {
        Some((parent, on)) => Some(format!(
            "{} ({on})",
            filiera_storage::organisations::get(&state.store, parent).await?.name
        )),
        None => None,
    };
    let forecast = forecast(cooperative.kind, &records, today, 365)
        .iter()
        .map(|w| {
            format!(
                "{} {}",
                ctx.t.with("consortium-forecast-warning", "date", w.date),
                ctx.t.with(
                    "consortium-forecast-counts",
                    "detail",
                    format!("{} / {}", w.compliance.headcount.disadvantaged, w.compliance.required)
                )
            )
        })
        .collect();
    let history = if cooperative.kind.integrates_disadvantaged_workers() {
        monthly_history(
            cooperative.kind,
            &records,
            YearMonth::of(today - time::Duration::days(334)),
            YearMonth::of(today),
            today,
        )
    } else {
        Vec::new()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = WorkforcePage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-workforce-title", "name", &cooperative.name)),
        today: today.to_string(),
        compliance: compliance_on(cooperative.kind, &records, today),
        history,
        forecast,
        workers,
        member_counts,
        warnings,
        incubated_by,
        can_manage: principal
            .authorize(
                Action::Consortium(ConsortiumAction::ManageRegisters),
                &cooperative.target(),
            )
            .is_ok(),
        categories: DisadvantageCategory::ALL
            .iter()
            .map(|c| {
                (
                    c.as_str(),
                    ctx.t
                        .get(&format!("consortium-category-{}", c.as_str().replace('_', "-"))),
                )
            })
            .collect(),
        cooperative,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    page(&state, &ctx, id, ValidationErrors::new()).await
}

#[derive(Debug, Deserialize)]
pub struct WorkerForm {
    #[allow(dead_code)]
    csrf_token: Option<String>,
    worker_id: String,
    member: Option<String>,
    category: String,
    certificate: String,
    certified_until: String,
    contract_start: String,
    contract_end: String,
    weekly_hours: String,
    activity: Option<String>,
}

pub async fn add_worker(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<WorkerForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let category = match form.category.trim() {
        "" => None,
        text => match text.parse::<DisadvantageCategory>() {
            Ok(category) => Some(category),
            Err(message) => return page(&state, &ctx, id, ValidationErrors::single("category", message)).await,
        },
    };
    let input = WorkerInput {
        worker_id: form.worker_id,
        member: form.member.is_some(),
        category,
        certificate: Some(form.certificate),
        certified_until: Some(form.certified_until),
        contract_start: form.contract_start,
        contract_end: Some(form.contract_end),
        weekly_hours: form.weekly_hours,
        activity: form.activity.as_deref().and_then(|a| Activity::parse(a).ok()),
        hours: Vec::new(),
    };
    let record = match input.into_record(cooperative.kind) {
        Ok((record, _)) => record,
        Err(errors) => return page(&state, &ctx, id, errors).await,
    };
    match crate::app::consortium::registers::add_worker(&state, &principal, id, &record, &[]).await {
        Ok(_) => Ok(Redirect::to(&format!("/cooperatives/{id}/workforce")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => page(&state, &ctx, id, errors).await,
        Err(other) => Err(other),
    }
}
