//! The forms of the evidence page: add a person to the comparison group,
//! record a follow-up, set the publication threshold. Each posts back,
//! redirects on success (POST-redirect-GET) and otherwise shows the page again
//! with 422, the problem next to its field and every value as typed.

use super::super::super::chrome::PageContext;
use super::super::super::forms::PageForm;
use super::{Forms, MANAGE_GROUP, MANAGE_PROGRAMME, page};
use crate::app::evidence::comparison as app_comparison;
use crate::app::pathways::inputs::date_field;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::evidence::comparison::ComparisonMemberDraft;
use filiera_domain::evidence::disclosure::check_threshold;
use filiera_domain::ids::ComparisonMemberId;
use filiera_domain::ids::{PathId, ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_storage::evidence::comparison;
use filiera_storage::pathways::programmes::Programme;
use serde::Deserialize;

/// The add-a-person form as typed (blank fields are absent, hence the defaults).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberFields {
    pub reference: String,
    pub round_id: String,
    pub gender: String,
    pub birth_year: String,
    pub employment_status: String,
    pub reference_date: String,
    pub not_selected_reason: String,
}

/// The follow-up form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpFields {
    pub member_id: String,
    pub months: String,
    pub recorded_on: String,
    pub employment_status: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ThresholdFields {
    pub threshold: String,
}

async fn allowed(state: &AppState, ctx: &PageContext, id: ProgrammeId, action: Action) -> WebResult<Programme> {
    app_comparison::programme(state, ctx.require()?, id, action).await
}

/// The field errors of a failed save, or the error to show as a page.
fn field_errors(error: WebError) -> WebResult<ValidationErrors> {
    match error {
        WebError::Invalid(errors) | WebError::Conflict(errors) => Ok(errors),
        other => Err(other),
    }
}

fn back_to(id: ProgrammeId, anchor: &str) -> Response {
    Redirect::to(&format!("/programmes/{id}/evidence#{anchor}")).into_response()
}

/// A chosen value read back from its text; a wrong one is a field error.
fn parsed<T: std::str::FromStr>(errors: &mut ValidationErrors, field: &str, text: &str, message: Message) -> Option<T> {
    if text.trim().is_empty() {
        return None;
    }
    text.trim().parse().map_err(|_| errors.add(field, message)).ok()
}

impl MemberFields {
    fn draft(&self) -> (ComparisonMemberDraft, Option<RoundId>, ValidationErrors) {
        let mut errors = ValidationErrors::new();
        let draft = ComparisonMemberDraft {
            reference: self.reference.clone(),
            gender: parsed(&mut errors, "gender", &self.gender, msg!("error-choose-from-list")),
            birth_year: parsed(
                &mut errors,
                "birth_year",
                &self.birth_year,
                msg!("error-four-digit-year"),
            ),
            employment_status: parsed(
                &mut errors,
                "employment_status",
                &self.employment_status,
                msg!("error-choose-from-list"),
            ),
            reference_date: date_field(&mut errors, "reference_date", Some(&self.reference_date)),
            not_selected_reason: self.not_selected_reason.clone(),
        };
        let round_id = parsed(&mut errors, "round_id", &self.round_id, msg!("error-choose-round"));
        (draft, round_id, errors)
    }
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageForm(fields): PageForm<MemberFields>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id, MANAGE_GROUP).await?;
    let principal = ctx.require()?.clone();
    let (draft, round_id, mut errors) = fields.draft();
    let retry = |errors| Forms {
        member: fields.clone(),
        member_errors: errors,
        ..Forms::default()
    };
    let valid = match draft.validate(state.clock.today()) {
        Ok(valid) if errors.is_empty() => valid,
        Ok(_) => return page(&state, &ctx, programme, retry(errors)).await,
        Err(more) => {
            // A field already blamed as unreadable is not blamed again as missing.
            let named: Vec<String> = errors.0.iter().map(|e| e.field.clone()).collect();
            errors
                .0
                .extend(more.0.into_iter().filter(|e| !named.contains(&e.field)));
            return page(&state, &ctx, programme, retry(errors)).await;
        }
    };
    match app_comparison::add_member(&state, &principal, id, round_id, &valid).await {
        Ok(_) => Ok(back_to(id, "comparison-group")),
        Err(error) => page(&state, &ctx, programme, retry(field_errors(error)?)).await,
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShortlistFields {
    #[serde(default)]
    path_id: String,
}

/// Adds a shortlisted person who was not selected (one button per row).
pub async fn add_from_shortlist(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageForm(fields): PageForm<ShortlistFields>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id, MANAGE_GROUP).await?;
    let principal = ctx.require()?.clone();
    let mut errors = ValidationErrors::new();
    let Some(path_id) = parsed::<PathId>(
        &mut errors,
        "path_id",
        &fields.path_id,
        msg!("error-choose-shortlisted-person"),
    ) else {
        errors.add("path_id", msg!("error-choose-shortlisted-person"));
        return page(&state, &ctx, programme, shortlist_retry(errors)).await;
    };
    match app_comparison::add_from_shortlist(&state, &principal, id, path_id).await {
        Ok(_) => Ok(back_to(id, "comparison-group")),
        Err(error) => page(&state, &ctx, programme, shortlist_retry(field_errors(error)?)).await,
    }
}

fn shortlist_retry(errors: ValidationErrors) -> Forms {
    Forms {
        member_errors: errors,
        ..Forms::default()
    }
}

pub async fn record_follow_up(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageForm(fields): PageForm<FollowUpFields>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id, MANAGE_GROUP).await?;
    let principal = ctx.require()?.clone();
    let retry = |errors| Forms {
        follow_up: fields.clone(),
        follow_up_errors: errors,
        ..Forms::default()
    };
    let mut errors = ValidationErrors::new();
    let member_id: Option<ComparisonMemberId> =
        parsed(&mut errors, "member_id", &fields.member_id, msg!("error-choose-person"));
    let months: Option<i64> = parsed(&mut errors, "months", &fields.months, msg!("error-choose-months"));
    let status = parsed(
        &mut errors,
        "employment_status",
        &fields.employment_status,
        msg!("error-choose-from-list"),
    );
    let recorded_on = date_field(&mut errors, "recorded_on", Some(&fields.recorded_on));
    for (field, given, message) in [
        ("member_id", member_id.is_some(), msg!("error-choose-person")),
        ("months", months.is_some(), msg!("error-choose-months")),
        (
            "employment_status",
            status.is_some(),
            msg!("error-choose-follow-up-status"),
        ),
        ("recorded_on", recorded_on.is_some(), msg!("error-status-recorded-on")),
    ] {
        if !given && errors.for_field(field).is_none() {
            errors.add(field, message);
        }
    }
    let (Some(member_id), Some(months), Some(status), Some(recorded_on)) = (member_id, months, status, recorded_on)
    else {
        return page(&state, &ctx, programme, retry(errors)).await;
    };
    let member = match comparison::member(&state.store, member_id).await {
        Ok(member) if member.programme_id == id => member,
        Ok(_) | Err(filiera_storage::StorageError::NotFound { .. }) => {
            let errors = ValidationErrors::single("member_id", msg!("error-choose-person"));
            return page(&state, &ctx, programme, retry(errors)).await;
        }
        Err(other) => return Err(other.into()),
    };
    match app_comparison::record_follow_up(&state, &principal, &member, months, recorded_on, status).await {
        Ok(_) => Ok(back_to(id, "comparison-group")),
        Err(error) => page(&state, &ctx, programme, retry(field_errors(error)?)).await,
    }
}

pub async fn set_threshold(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageForm(fields): PageForm<ThresholdFields>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id, MANAGE_PROGRAMME).await?;
    let principal = ctx.require()?.clone();
    let retry = |errors| Forms {
        threshold: Some(fields.threshold.clone()),
        threshold_errors: errors,
        ..Forms::default()
    };
    let checked = match fields.threshold.trim().parse::<i64>() {
        Ok(n) => check_threshold(n),
        Err(_) => Err(msg!("error-publication-threshold")),
    };
    let threshold = match checked {
        Ok(threshold) => threshold,
        Err(message) => {
            let errors = ValidationErrors::single("threshold", message);
            return page(&state, &ctx, programme, retry(errors)).await;
        }
    };
    app_comparison::set_threshold(&state, &principal, id, threshold).await?;
    Ok(back_to(id, "publication"))
}
