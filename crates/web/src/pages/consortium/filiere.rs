//! A cooperative's users on the filière: their autonomy level today and its
//! dated progressions, with forms to record a progression and the move to a
//! Type B cooperative (a hire).

use crate::app::consortium::filiere::{UserPathDto, hire, progress, user_path};
use crate::app::consortium::{load_cooperative, parse_field_date};
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
use filiera_domain::consortium::filiere::{AutonomyLevel, Progression};
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, registers};
use serde::Deserialize;

pub struct UserRow {
    pub path: UserPathDto,
    pub category: String,
    pub progressions: String,
    pub hired: String,
}

#[derive(Template)]
#[template(path = "consortium/filiere.html")]
struct FilierePage {
    chrome: Chrome,
    cooperative_id: OrganisationId,
    consortium_id: OrganisationId,
    today: String,
    rows: Vec<UserRow>,
    employers: Vec<(OrganisationId, String)>,
    can_manage: bool,
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
    let consortium = consortium::consortium(&state.store, cooperative.consortium_id).await?;
    let mut rows = Vec::new();
    for user in registers::users_of(&state.store, id).await? {
        let path = user_path(state, user).await?;
        let hired = match (path.hired_by, &path.hired_on) {
            (Some(by), Some(on)) => {
                let name = consortium
                    .member(by)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| by.to_string());
                format!("{name} ({on})")
            }
            _ => String::new(),
        };
        rows.push(UserRow {
            category: ctx.t.get(&format!(
                "consortium-users-{}",
                path.category.as_str().replace('_', "-")
            )),
            progressions: path
                .progressions
                .iter()
                .map(|p| format!("{} → {}", p.on, p.level))
                .collect::<Vec<_>>()
                .join(", "),
            hired,
            path,
        });
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FilierePage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-filiere-title", "name", &cooperative.name)),
        cooperative_id: id,
        consortium_id: cooperative.consortium_id,
        today: state.clock.today().to_string(),
        rows,
        employers: consortium
            .members
            .iter()
            .filter(|m| m.kind.integrates_disadvantaged_workers())
            .map(|m| (m.id, m.name.clone()))
            .collect(),
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
) -> WebResult<Response> {
    page(&state, &ctx, id, ValidationErrors::new()).await
}

/// Back to the list on success; the page with the errors (422) when refused.
async fn finish(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    result: WebResult<registers::ServiceUser>,
) -> WebResult<Response> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/cooperatives/{id}/users")).into_response()),
        Err(WebError::Invalid(errors)) => page(state, ctx, id, errors).await,
        Err(other) => Err(other),
    }
}

fn user_field(errors: &mut ValidationErrors, text: &str) -> Option<i64> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| errors.add("user_id", msg!("error-choose-user")))
        .ok()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgressionForm {
    user_id: String,
    on: String,
    level: String,
}

pub async fn record_progression(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<ProgressionForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let mut errors = ValidationErrors::new();
    let user_id = user_field(&mut errors, &form.user_id);
    let on = parse_field_date(&mut errors, "on", &form.on);
    let level = form
        .level
        .trim()
        .parse::<u8>()
        .map_err(|_| msg!("error-autonomy-level", level = form.level.trim()))
        .and_then(AutonomyLevel::new)
        .map_err(|m| errors.add("level", m))
        .ok();
    let (Some(user_id), Some(on), Some(level)) = (user_id, on, level) else {
        return page(&state, &ctx, id, errors).await;
    };
    let result = progress(&state, &principal, &cooperative, user_id, Progression { on, level }).await;
    finish(&state, &ctx, id, result).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HireForm {
    user_id: String,
    hired_by: String,
    hired_on: String,
}

pub async fn record_hire(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<HireForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let mut errors = ValidationErrors::new();
    let user_id = user_field(&mut errors, &form.user_id);
    let hired_by = form
        .hired_by
        .trim()
        .parse::<OrganisationId>()
        .map_err(|_| errors.add("hired_by", msg!("error-choose-type-b-cooperative")))
        .ok();
    let on = parse_field_date(&mut errors, "hired_on", &form.hired_on);
    let (Some(user_id), Some(hired_by), Some(on)) = (user_id, hired_by, on) else {
        return page(&state, &ctx, id, errors).await;
    };
    let result = hire(&state, &principal, &cooperative, user_id, hired_by, on).await;
    finish(&state, &ctx, id, result).await
}
