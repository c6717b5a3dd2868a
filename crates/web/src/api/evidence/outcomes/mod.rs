//! The API of a programme's evidence: the ESF+ indicators and the outcome
//! report against the comparison group, each for the staff or, with
//! `?audience=public`, with small counts hidden by the programme's publication
//! threshold; the comparison group itself and the threshold are in [`comparison`].

mod comparison;
mod shortlist;

use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use filiera_domain::evidence::comparison::{Difference, NOT_RANDOMISED, Rate};
use filiera_domain::evidence::publication::{
    self, Audience, PublishedIndicator, PublishedIndicators, PublishedOutcome, PublishedRate,
};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::policy::Action;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_storage::evidence::{comparison as stored, indicators, settings};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programmes/{id}/indicators", get(indicators_of))
        .route("/programmes/{id}/outcomes", get(outcomes_of))
        .route(
            "/programmes/{id}/comparison-group",
            get(comparison::list).post(comparison::add),
        )
        .route(
            "/programmes/{id}/comparison-group/shortlist",
            get(shortlist::list).post(shortlist::add),
        )
        .route(
            "/programmes/{id}/comparison-group/{member_id}/follow-ups",
            post(comparison::record_follow_up),
        )
        .route("/programmes/{id}/publication-threshold", put(comparison::set_threshold))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(indicators_of, outcomes_of, comparison::list, comparison::add, comparison::record_follow_up,
        comparison::set_threshold, shortlist::list, shortlist::add),
    components(schemas(PublishedIndicators, PublishedIndicator, Audience, OutcomeReport, PublishedOutcome,
        PublishedRate, Difference, Rate)),
    tags((name = "evidence", description = "ESF+ indicators, the comparison group and the outcome report, \
        for the staff or publication-safe for the public")),
)]
pub struct OutcomesApiDoc;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AudienceParams {
    /// `staff` (default): every figure; `public`: counts below the programme's
    /// publication threshold, and the figures that would reveal them, are `null`.
    #[param(value_type = Option<String>, example = "public")]
    pub audience: Option<Audience>,
}

/// The programme, once the principal may see its evidence.
async fn viewable(state: &AppState, principal: &Principal, id: ProgrammeId) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(
        Action::Evidence(EvidenceAction::ViewEvidence),
        &crate::app::evidence::reports::agency_side(&programme),
    )?;
    Ok(programme)
}

/// The ESF+ common indicators (Reg. (EU) 2021/1057, Annex I) of a programme's
/// participants, by gender, with how many had the attribute not recorded.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/indicators", tag = "evidence", security(("bearer" = [])),
    params(("id" = i64, Path), AudienceParams),
    responses((status = 200, body = PublishedIndicators),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn indicators_of(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiQuery(params): ApiQuery<AudienceParams>,
) -> WebResult<Json<PublishedIndicators>> {
    viewable(&state, &principal, id).await?;
    let computed = indicators::indicators(&state.store, id).await?;
    let threshold = settings::publication_threshold(&state.store, id).await?;
    let audience = params.audience.unwrap_or_default();
    Ok(Json(publication::publish_indicators(&computed, audience, threshold)))
}

/// Employment at 6 and 12 months: participants against the comparison group.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeReport {
    pub programme_id: ProgrammeId,
    pub audience: Audience,
    pub threshold: u64,
    /// Selection was not random: the difference describes the groups, it is not the programme's effect.
    pub statement: &'static str,
    pub outcomes: Vec<PublishedOutcome>,
}

/// The outcome report: employment rates at 6 and 12 months of participants and
/// comparison group, and their difference with Newcombe's 95% interval (as
/// proportions; multiply by 100 for percentage points).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/outcomes", tag = "evidence", security(("bearer" = [])),
    params(("id" = i64, Path), AudienceParams),
    responses((status = 200, body = OutcomeReport),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn outcomes_of(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiQuery(params): ApiQuery<AudienceParams>,
) -> WebResult<Json<OutcomeReport>> {
    viewable(&state, &principal, id).await?;
    let rows = stored::outcome_report(&state.store, id).await?;
    let threshold = settings::publication_threshold(&state.store, id).await?;
    let audience = params.audience.unwrap_or_default();
    Ok(Json(OutcomeReport {
        programme_id: id,
        audience,
        threshold,
        statement: NOT_RANDOMISED,
        outcomes: publication::publish_outcomes(&rows, audience, threshold),
    }))
}
