//! One week's allocation: per person, what they were given and why; the
//! supervisor edits units (checked against every constraint) and accepts.

use crate::app::consortium::allocations::save_edit;
use crate::app::consortium::{load_cooperative, week};
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{AllocationId, TaskId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_optimisation::allocation::{Fit, explain, fit};
use filiera_storage::consortium::MemberCooperative;
use filiera_storage::consortium::production::{self, AllocationLine};
use std::collections::HashMap;

pub struct LineView {
    pub field: String,
    pub task: String,
    pub units: i64,
    pub hours: String,
    pub stretch: bool,
}

pub struct PersonView {
    pub label: String,
    pub workshop: String,
    pub summary: String,
    pub lines: Vec<LineView>,
    /// Tasks the person could do but was not given, offered to edit.
    pub options: Vec<LineView>,
    pub idle: bool,
}

#[derive(Template)]
#[template(path = "consortium/allocation.html")]
struct AllocationPage {
    chrome: Chrome,
    id: AllocationId,
    cooperative: MemberCooperative,
    accepted: bool,
    people: Vec<PersonView>,
    unallocated: Vec<String>,
    can_edit: bool,
    can_accept: bool,
    errors: ValidationErrors,
}

fn hours(seconds: i64) -> String {
    format!("{:.1}", seconds as f64 / 3600.0)
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    id: AllocationId,
    errors: ValidationErrors,
    edited: Option<&[AllocationLine]>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let allocation = production::allocation(&state.store, id).await?;
    let cooperative = load_cooperative(
        state,
        principal,
        allocation.organisation_id,
        ConsortiumAction::ViewProduction,
    )
    .await?;
    let lines = edited
        .map(<[AllocationLine]>::to_vec)
        .unwrap_or_else(|| allocation.lines.clone());
    let week = week::load(state, &cooperative, allocation.week_start).await?;
    let assignments = week::Week::assignments(&lines);
    let explanations = explain(&week.tasks, &week.people(), &week.settings, &assignments);
    let names: HashMap<i64, String> = week
        .open
        .iter()
        .map(|t| (t.step.id.get(), t.step.name.clone()))
        .collect();
    let mut people = Vec::new();
    for (available, explanation) in week.people.iter().zip(&explanations) {
        let mut person_lines = Vec::new();
        for a in assignments.iter().filter(|a| a.person_id == available.person.id) {
            let task = week.tasks.iter().find(|t| t.id == a.task_id);
            person_lines.push(LineView {
                field: format!("{}:{}", a.task_id, a.person_id),
                task: names.get(&a.task_id).cloned().unwrap_or_else(|| a.task_id.to_string()),
                units: a.units,
                hours: hours(a.units * task.map_or(0, |t| t.seconds_per_unit)),
                stretch: task.is_some_and(|t| fit(t, &available.person) == Some(Fit::Stretch)),
            });
        }
        // Tasks this person could do but was not given: offered as empty lines to edit.
        let mut options = Vec::new();
        for task in week.tasks.iter().filter(|t| fit(t, &available.person).is_some()) {
            if !assignments
                .iter()
                .any(|a| a.person_id == available.person.id && a.task_id == task.id)
            {
                options.push(LineView {
                    field: format!("{}:{}", task.id, available.person.id),
                    task: names.get(&task.id).cloned().unwrap_or_default(),
                    units: 0,
                    hours: String::new(),
                    stretch: fit(task, &available.person) == Some(Fit::Stretch),
                });
            }
        }
        let mut summary = ctx.t.with(
            "consortium-explain-hours",
            "detail",
            format!(
                "{} / {}",
                hours(explanation.used_seconds),
                hours(explanation.capacity_seconds)
            ),
        );
        if explanation.stretch_seconds > 0 {
            summary.push_str(" · ");
            summary.push_str(&ctx.t.with(
                "consortium-explain-stretch",
                "detail",
                format!(
                    "{} / {}",
                    hours(explanation.stretch_seconds),
                    hours(explanation.stretch_allowed_seconds)
                ),
            ));
        }
        if explanation.eligible_tasks == 0 {
            summary.push_str(" · ");
            summary.push_str(&ctx.t.get("consortium-explain-no-task"));
        } else if explanation.used_seconds == 0 {
            summary.push_str(" · ");
            summary.push_str(&ctx.t.get("consortium-explain-no-room"));
        }
        people.push(PersonView {
            label: available.label.clone(),
            workshop: available.workshop.clone().unwrap_or_default(),
            summary,
            idle: explanation.used_seconds == 0,
            lines: person_lines,
            options,
        });
    }
    let unallocated = week
        .tasks
        .iter()
        .filter_map(|t| {
            let given: i64 = assignments.iter().filter(|a| a.task_id == t.id).map(|a| a.units).sum();
            (given < t.units).then(|| {
                let name = names.get(&t.id).cloned().unwrap_or_default();
                let left = t.units - given;
                if t.due_in_days <= 6 {
                    ctx.t
                        .with("consortium-unallocated-due", "detail", format!("{name}: {left}"))
                } else {
                    ctx.t
                        .with("consortium-unallocated", "detail", format!("{name}: {left}"))
                }
            })
        })
        .collect();
    let target = cooperative.target();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AllocationPage {
        chrome: ctx.chrome_titled(
            ctx.t
                .with("consortium-allocation-of-week", "week", allocation.week_start),
        ),
        id,
        accepted: allocation.accepted,
        can_edit: !allocation.accepted
            && principal
                .authorize(Action::Consortium(ConsortiumAction::ManageProduction), &target)
                .is_ok(),
        can_accept: !allocation.accepted
            && principal
                .authorize(Action::Consortium(ConsortiumAction::AcceptAllocation), &target)
                .is_ok(),
        cooperative,
        people,
        unallocated,
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<AllocationId>,
) -> WebResult<Response> {
    page(&state, &ctx, id, ValidationErrors::new(), None).await
}

/// The edit form posts `units-TASK:PERSON=N` for every line.
pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<AllocationId>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let allocation = production::allocation(&state.store, id).await?;
    load_cooperative(
        &state,
        &principal,
        allocation.organisation_id,
        ConsortiumAction::ManageProduction,
    )
    .await?;
    let mut lines = Vec::new();
    let mut errors = ValidationErrors::new();
    for (key, value) in form_urlencoded::parse(&body) {
        let Some(rest) = key.strip_prefix("units-") else {
            continue;
        };
        let Some((task, person)) = rest.split_once(':') else {
            continue;
        };
        let (Ok(task_id), Ok(person_id)) = (task.parse::<i64>().map(TaskId), person.parse::<i64>()) else {
            continue;
        };
        match value.trim() {
            "" | "0" => {}
            text => match text.parse::<i64>() {
                Ok(units) => lines.push(AllocationLine {
                    task_id,
                    person: week::person_of(person_id),
                    units,
                }),
                Err(_) => errors.add(&key, msg!("error-whole-units")),
            },
        }
    }
    if !errors.is_empty() {
        return page(&state, &ctx, id, errors, Some(&lines)).await;
    }
    match save_edit(&state, &principal, &allocation, &lines).await {
        Ok(()) => Ok(Redirect::to(&format!("/allocations/{id}")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            page(&state, &ctx, id, errors, Some(&lines)).await
        }
        Err(other) => Err(other),
    }
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<AllocationId>,
) -> WebResult<Response> {
    crate::app::consortium::allocations::accept(&state, ctx.require()?, id).await?;
    Ok(Redirect::to(&format!("/allocations/{id}")).into_response())
}
