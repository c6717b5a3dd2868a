use super::label;
use crate::app::pathways::actions::{self};
use crate::app::pathways::inputs::AssessmentInput;
use crate::app::pathways::targets;
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
use filiera_domain::ids::{AssessmentId, ParticipantId};
use filiera_domain::pathways::assessment::{EmployabilityArea, Scale, Vulnerability};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::households::{self, Member};

pub struct AreaField {
    pub name: String,
    pub label: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "households/assessment.html")]
struct FormPage {
    chrome: Chrome,
    member: Member,
    areas: Vec<AreaField>,
    levels: Vec<(i64, String)>,
    vulnerabilities: Vec<(&'static str, String)>,
    errors: ValidationErrors,
    today: String,
}

async fn form_page(
    state: &AppState,
    ctx: &PageContext,
    participant_id: ParticipantId,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    targets::participant(state, principal, participant_id, PathwayAction::RecordAssessment).await?;
    let member = households::member(&state.store, participant_id).await?;
    let scale = Scale::default();
    let areas = EmployabilityArea::ALL
        .iter()
        .map(|a| AreaField {
            name: format!("score_{}", a.as_str()),
            label: label(&ctx.t, "area", a.as_str()),
            error: errors
                .for_field(&format!("score.{}", a.as_str()))
                .map(|m| ctx.t.message(m)),
        })
        .collect();
    let levels = (scale.min..=scale.max)
        .map(|level| (level, label(&ctx.t, "level", &level.to_string())))
        .collect();
    let vulnerabilities = Vulnerability::ALL
        .iter()
        .map(|v| (v.as_str(), label(&ctx.t, "vulnerability", v.as_str())))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        chrome: ctx.chrome_titled(ctx.t.with("assessment-title", "name", member.full_name())),
        member,
        areas,
        levels,
        vulnerabilities,
        errors,
        today: state.clock.today().to_string(),
    };
    Ok((status, render(&page)).into_response())
}

pub async fn form(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ParticipantId>,
) -> WebResult<Response> {
    form_page(&state, &ctx, id, ValidationErrors::new()).await
}

/// The checklist arrives as repeated `vulnerability` fields; the shared input
/// takes them comma-separated.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ParticipantId>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let checked: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "vulnerability")
        .map(|(_, v)| v.clone())
        .collect();
    let mut rest: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(k, v)| k != "vulnerability" && k != crate::auth::CSRF_FIELD && !v.trim().is_empty())
        .collect();
    if !checked.is_empty() {
        rest.push(("vulnerabilities".into(), checked.join(",")));
    }
    let encoded = serde_urlencoded::to_string(&rest).unwrap_or_default();
    let input: AssessmentInput = serde_urlencoded::from_str(&encoded).map_err(|e| WebError::BadRequest {
        detail: format!("the form could not be read: {e}"),
        errors: Vec::new(),
    })?;
    match actions::record_assessment(&state, &principal, id, input).await {
        Ok(_) => {
            let member = households::member(&state.store, id).await?;
            Ok(Redirect::to(&format!("/households/{}#member-{id}", member.household_id)).into_response())
        }
        Err(WebError::Invalid(errors)) => form_page(&state, &ctx, id, errors).await,
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "households/health_notes.html")]
struct NotesPage {
    chrome: Chrome,
    member: Member,
    notes: String,
}

/// Shows the health notes of one form. Every opening is written to the audit log.
pub async fn health_notes(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, assessment_id)): ApiPath<(ParticipantId, AssessmentId)>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    targets::participant(&state, principal, id, PathwayAction::ViewHousehold).await?;
    let notes = actions::read_health_notes(&state, principal, id, assessment_id)
        .await?
        .ok_or(WebError::NotFound { what: "health notes" })?;
    let member = households::member(&state.store, id).await?;
    Ok(render(&NotesPage {
        chrome: ctx.chrome("health-notes-title"),
        member,
        notes,
    }))
}
