//! Programmes, rounds, funding streams, and checking a person against the
//! funding streams' eligibility rules.

use super::dto::{
    FundingStreamDto, FundingStreamInput, PersonInput, ProgrammeDto, ProgrammeInput, RoundDto, RoundInput,
    StreamVerdict,
};
use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::bounds::date_field;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::eligibility::Person;
use filiera_domain::pathways::programme::{FundingStreamDraft, ProgrammeDraft, RoundPeriod};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::programmes;
use std::sync::Arc;

/// The programmes the principal may see.
#[utoipa::path(get, path = "/api/v1/programmes", operation_id = "list_programmes", tag = "programmes", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProgrammeDto>)))]
pub async fn list(State(state): State<AppState>, principal: Arc<Principal>) -> WebResult<Json<Vec<ProgrammeDto>>> {
    let visible = app::programmes::visible(&state, &principal)
        .await?
        .into_iter()
        .map(ProgrammeDto::from)
        .collect();
    Ok(Json(visible))
}

/// One programme with its cooperatives, rounds and funding streams.
#[utoipa::path(get, path = "/api/v1/programmes/{id}", operation_id = "get_programme", tag = "programmes", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ProgrammeDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Json<ProgrammeDto>> {
    Ok(Json(app::programmes::get(&state, &principal, id).await?.into()))
}

fn draft(input: ProgrammeInput) -> ProgrammeDraft {
    ProgrammeDraft {
        name: input.name,
        agency_id: Some(input.agency_id),
        description: input.description,
        total_budget: input.total_budget,
        cooperative_ids: input.cooperative_ids,
    }
}

/// Create a programme owned by a public agency.
#[utoipa::path(post, path = "/api/v1/programmes", operation_id = "create_programme", tag = "programmes", security(("bearer" = [])),
    request_body = ProgrammeInput,
    responses((status = 201, body = ProgrammeDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> WebResult<(StatusCode, Json<ProgrammeDto>)> {
    app::programmes::may_create(&principal, input.agency_id)?;
    let valid = draft(input).validate()?;
    let created = app::programmes::create(&state, &principal, valid).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Replace a programme's name, description, budget and cooperatives.
#[utoipa::path(put, path = "/api/v1/programmes/{id}", operation_id = "update_programme", tag = "programmes", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ProgrammeInput,
    responses((status = 200, body = ProgrammeDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> WebResult<Json<ProgrammeDto>> {
    app::programmes::managed(&state, &principal, id).await?;
    let valid = draft(input).validate()?;
    let updated = app::programmes::update(&state, &principal, id, valid).await?;
    Ok(Json(updated.into()))
}

/// Add a round (rounds may not overlap).
#[utoipa::path(post, path = "/api/v1/programmes/{id}/rounds", tag = "programmes", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RoundInput,
    responses((status = 201, body = RoundDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_round(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<RoundInput>,
) -> WebResult<(StatusCode, Json<RoundDto>)> {
    app::programmes::managed(&state, &principal, id).await?;
    let start = date_field("start_date", &input.start_date);
    let end = date_field("end_date", &input.end_date);
    let (start, end) = match (start, end) {
        (Ok(start), Ok(end)) => (start, end),
        (start, end) => {
            let mut errors = ValidationErrors::new();
            errors.0.extend(start.err().into_iter().flat_map(|e| e.0));
            errors.0.extend(end.err().into_iter().flat_map(|e| e.0));
            return Err(errors.into());
        }
    };
    let period = RoundPeriod::new(input.number, start, end)?;
    let round = app::programmes::add_round(&state, &principal, id, period).await?;
    Ok((StatusCode::CREATED, Json(round.into())))
}

/// Add a funding stream with its eligibility rule.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/funding-streams", tag = "programmes", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = FundingStreamInput,
    responses((status = 201, body = FundingStreamDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_funding_stream(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<FundingStreamInput>,
) -> WebResult<(StatusCode, Json<FundingStreamDto>)> {
    app::programmes::managed(&state, &principal, id).await?;
    let end_date = input
        .end_date
        .as_deref()
        .map(|d| date_field("end_date", d))
        .transpose()?;
    let valid = FundingStreamDraft {
        name: input.name,
        budget: input.budget,
        eligibility: input.eligibility.map(|r| r.to_string()).unwrap_or_default(),
        end_date,
    }
    .validate()?;
    let stream = app::programmes::add_funding_stream(&state, &principal, id, valid).await?;
    Ok((StatusCode::CREATED, Json(stream.into())))
}

pub(crate) fn person(input: &PersonInput) -> Result<Person, ValidationErrors> {
    Ok(Person {
        birth_date: input
            .birth_date
            .as_deref()
            .map(|d| date_field("birth_date", d))
            .transpose()?,
        birth_year: input
            .birth_year
            .map(filiera_domain::bounds::check_year)
            .transpose()
            .map_err(|message| ValidationErrors::single("birth_year", message))?,
        gender: input.gender,
        country_of_birth: input.country_of_birth.as_ref().map(|c| c.trim().to_uppercase()),
        citizenship: input.citizenship.as_ref().map(|c| c.trim().to_uppercase()),
        residence_municipality: input.residence_municipality.clone(),
        household_size: input.household_size,
        single_parent: input.single_parent,
        minimum_income: input.minimum_income,
        disability: input.disability,
        employment_status: input.employment_status,
        education_level: input.education_level,
    })
}

/// Which funding streams a person is eligible for, and why.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/eligibility", tag = "programmes", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = PersonInput,
    responses((status = 200, body = Vec<StreamVerdict>), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn check_eligibility(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiJson(input): ApiJson<PersonInput>,
) -> WebResult<Json<Vec<StreamVerdict>>> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ViewProgramme), &programme.target())?;
    let person = person(&input)?;
    let on = match &input.on {
        Some(on) => date_field("on", on)?,
        None => match programme.rounds.first() {
            Some(round) => round.period()?.start,
            None => state.clock.today(),
        },
    };
    Ok(Json(
        programme
            .funding_streams
            .into_iter()
            .map(|stream| {
                let explanation = stream.eligibility.explain(&person, on);
                StreamVerdict {
                    funding_stream_id: stream.id,
                    funding_stream: stream.name,
                    verdict: explanation.verdict,
                    summary: explanation.summary(),
                    explanation,
                }
            })
            .collect(),
    ))
}
