//! A cooperative's membership register page: the members by kind with join
//! and leave dates and shares, the warnings computed from the register, and
//! forms to add a member, record a leaving and record who incubated a spin-off.

use crate::app::consortium::members::{self as app_members, MemberInput, register};
use crate::app::consortium::{date_param, load_cooperative};
use crate::auth::Principal;
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
use filiera_domain::consortium::membership::{MemberKind, MembershipWarning};
use filiera_domain::consortium::parse_date;
use filiera_domain::ids::{CooperativeMemberId, OrganisationId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, registers};
use serde::Deserialize;

pub struct MemberRow {
    pub id: CooperativeMemberId,
    pub name: String,
    pub kind: String,
    pub joined_on: String,
    pub left_on: String,
    pub shares: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "consortium/members.html")]
struct MembersPage {
    chrome: Chrome,
    cooperative_id: OrganisationId,
    consortium_id: OrganisationId,
    today: String,
    rows: Vec<MemberRow>,
    active: usize,
    warnings: Vec<String>,
    incubated_by: Option<String>,
    cooperatives: Vec<(OrganisationId, String)>,
    kinds: Vec<(&'static str, String)>,
    can_manage: bool,
    errors: ValidationErrors,
}

/// A warning in the reader's language, with the figures it is about.
pub fn warning_text(ctx: &PageContext, warning: &MembershipWarning) -> String {
    let detail = match warning {
        MembershipWarning::ApproachingHumanScale { members, limit }
        | MembershipWarning::AboveHumanScale { members, limit } => format!("{members} / {limit}"),
        MembershipWarning::TooManyVolunteers { volunteers, members } => format!("{volunteers} / {members}"),
        MembershipWarning::ConsortiumNotMostlySocialCooperatives {
            social_cooperatives,
            members,
        } => format!("{social_cooperatives} / {members}"),
    };
    ctx.t.with(
        &format!("consortium-warning-{}", warning.code().replace('_', "-")),
        "detail",
        detail,
    )
}

fn kind_label(ctx: &PageContext, kind: MemberKind) -> String {
    ctx.t.get(&format!(
        "consortium-member-kind-one-{}",
        kind.as_str().replace('_', "-")
    ))
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
    let (stored, warnings) = register(state, &cooperative, today).await?;
    let consortium = consortium::consortium(&state.store, cooperative.consortium_id).await?;
    let incubated_by = registers::incubated_by(&state.store, id).await?.map(|(parent, on)| {
        let name = consortium
            .member(parent)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| parent.to_string());
        format!("{name} ({on})")
    });
    let rows: Vec<MemberRow> = stored
        .iter()
        .map(|m| MemberRow {
            id: m.id,
            name: m.record.name.clone(),
            kind: kind_label(ctx, m.record.kind),
            joined_on: m.record.joined_on.to_string(),
            left_on: m.record.left_on.map(|d| d.to_string()).unwrap_or_default(),
            shares: m.record.shares.to_string(),
            active: m.record.left_on.is_none(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MembersPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-members-title", "name", &cooperative.name)),
        cooperative_id: id,
        consortium_id: cooperative.consortium_id,
        today: today.to_string(),
        active: stored.iter().filter(|m| m.record.member_on(today)).count(),
        rows,
        warnings: warnings.iter().map(|w| warning_text(ctx, w)).collect(),
        incubated_by,
        cooperatives: consortium
            .members
            .iter()
            .filter(|m| m.id != id)
            .map(|m| (m.id, m.name.clone()))
            .collect(),
        kinds: MemberKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_label(ctx, *k)))
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

/// Runs a register change: back to the register on success, the page with
/// the errors (422) when the change is refused.
async fn change<T: Send>(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    result: Result<T, ValidationErrors>,
    write: impl AsyncFnOnce(&Principal, T) -> WebResult<()>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    load_cooperative(state, &principal, id, ConsortiumAction::ManageRegisters).await?;
    let value = match result {
        Ok(value) => value,
        Err(errors) => return page(state, ctx, id, errors).await,
    };
    match write(&principal, value).await {
        Ok(()) => Ok(Redirect::to(&format!("/cooperatives/{id}/members")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => page(state, ctx, id, errors).await,
        Err(other) => Err(other),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MemberForm {
    name: String,
    kind: String,
    joined_on: String,
    shares: Option<String>,
}

pub async fn add(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<MemberForm>,
) -> WebResult<Response> {
    let record = MemberInput {
        name: form.name,
        kind: form.kind,
        joined_on: form.joined_on,
        shares: form.shares,
    }
    .into_record();
    change(&state, &ctx, id, record, async |principal, record| {
        app_members::add(&state, principal, id, &record).await.map(|_| ())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeaveForm {
    left_on: Option<String>,
}

pub async fn leave(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, member_id)): ApiPath<(OrganisationId, CooperativeMemberId)>,
    PageForm(form): PageForm<LeaveForm>,
) -> WebResult<Response> {
    let on = date_param(state.clock.today(), "left_on", form.left_on.as_deref()).map_err(|e| match e {
        WebError::Invalid(errors) => errors,
        other => ValidationErrors::single("left_on", msg!("error-malformed", detail = other.to_string())),
    });
    change(&state, &ctx, id, on, async |principal, on| {
        app_members::leave(&state, principal, id, member_id, on)
            .await
            .map(|_| ())
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpinOffForm {
    incubated_by: String,
    founded_on: String,
}

pub async fn spin_off(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<SpinOffForm>,
) -> WebResult<Response> {
    let mut errors = ValidationErrors::new();
    let parent = form
        .incubated_by
        .trim()
        .parse::<OrganisationId>()
        .map_err(|_| errors.add("incubated_by", msg!("error-choose-incubator")))
        .ok();
    let founded_on = parse_date(&form.founded_on)
        .map_err(|m| errors.add("founded_on", m))
        .ok();
    let input = match (parent, founded_on) {
        (Some(parent), Some(on)) => Ok((parent, on)),
        _ => Err(errors),
    };
    change(&state, &ctx, id, input, async |principal, (parent, on)| {
        app_members::spin_off(&state, principal, id, parent, on).await
    })
    .await
}
