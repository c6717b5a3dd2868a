use crate::app::pathways::matching::{self, AcceptInput, AcceptedPlace, RoundProposal};
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{ProgrammeId, RoundId};
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_optimisation::matching::MatchingWeights;
use filiera_storage::pathways::choices::{self, Choice};

#[derive(Template)]
#[template(path = "households/matching_index.html")]
struct IndexPage {
    chrome: Chrome,
    programmes: Vec<Choice>,
    rounds: Vec<Choice>,
}

/// The rounds a programme manager can ask a proposal for.
pub async fn index(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    let principal = ctx.require()?;
    let orgs = principal.organisations_allowing(Action::Pathway(PathwayAction::ManageProgramme));
    if orgs.is_empty() {
        return Err(WebError::Forbidden("only programme managers propose matchings".into()));
    }
    let programmes = choices::programmes(&state.store, &orgs).await?;
    let ids: Vec<ProgrammeId> = programmes.iter().map(|p| ProgrammeId(p.id)).collect();
    let rounds = choices::rounds(&state.store, &ids).await?;
    Ok(render(&IndexPage {
        chrome: ctx.chrome("matching-title"),
        programmes,
        rounds,
    }))
}

#[derive(Template)]
#[template(path = "households/matching.html")]
struct ProposalPage {
    chrome: Chrome,
    proposal: RoundProposal,
    errors: ValidationErrors,
    accepted: Option<usize>,
    /// The weights form: name, label and value (as typed after an error).
    weight_fields: Vec<(&'static str, String, String)>,
    weights_saved: bool,
}

/// The weights a manager may set, in the order of the form.
const WEIGHT_NAMES: [&str; 7] = [
    "interest_fit",
    "employability_gap",
    "travel_per_hour",
    "waiting_per_week",
    "cooperative_fairness",
    "unmatched",
    "metres_per_minute",
];

/// The weight named `name` (one of [`WEIGHT_NAMES`]).
fn weight_slot<'a>(weights: &'a mut MatchingWeights, name: &str) -> &'a mut i64 {
    match name {
        "interest_fit" => &mut weights.interest_fit,
        "employability_gap" => &mut weights.employability_gap,
        "travel_per_hour" => &mut weights.travel_per_hour,
        "waiting_per_week" => &mut weights.waiting_per_week,
        "cooperative_fairness" => &mut weights.cooperative_fairness,
        "unmatched" => &mut weights.unmatched,
        _ => &mut weights.metres_per_minute,
    }
}

/// What a page shows and does after a form: nothing yet, a plan accepted,
/// weights saved, or the weights as typed with their errors.
enum Done {
    Nothing,
    Accepted(usize),
    WeightsSaved,
    WeightsTyped(Vec<(String, String)>),
}

async fn proposal_page(
    state: &AppState,
    ctx: &PageContext,
    id: ProgrammeId,
    round_id: RoundId,
    errors: ValidationErrors,
    done: Done,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let proposal = matching::propose(state, principal, id, round_id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let weight_fields = WEIGHT_NAMES
        .iter()
        .map(|&name| {
            let value = match &done {
                Done::WeightsTyped(typed) => typed
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                _ => weight_slot(&mut proposal.weights.clone(), name).to_string(),
            };
            (
                name,
                ctx.t.get(&format!("matching-weight-{}", name.replace('_', "-"))),
                value,
            )
        })
        .collect();
    let page = ProposalPage {
        chrome: ctx.chrome("matching-title"),
        proposal,
        errors,
        accepted: match done {
            Done::Accepted(n) => Some(n),
            _ => None,
        },
        weights_saved: matches!(done, Done::WeightsSaved),
        weight_fields,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, round_id)): ApiPath<(ProgrammeId, RoundId)>,
) -> WebResult<Response> {
    proposal_page(&state, &ctx, id, round_id, ValidationErrors::new(), Done::Nothing).await
}

/// The kept rows arrive as repeated `keep=PARTICIPANT:SERVICE` fields.
pub async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, round_id)): ApiPath<(ProgrammeId, RoundId)>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let assignments = fields
        .iter()
        .filter(|(k, _)| k == "keep")
        .filter_map(|(_, v)| {
            let (participant, service) = v.split_once(':')?;
            Some(AcceptedPlace {
                participant_id: participant.parse().ok()?,
                service_id: service.parse().ok()?,
            })
        })
        .collect();
    match matching::accept(&state, &principal, id, round_id, AcceptInput { assignments }).await {
        Ok(planned) => {
            proposal_page(
                &state,
                &ctx,
                id,
                round_id,
                ValidationErrors::new(),
                Done::Accepted(planned),
            )
            .await
        }
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            proposal_page(&state, &ctx, id, round_id, errors, Done::Nothing).await
        }
        Err(other) => Err(other),
    }
}

/// The weights form: every weight as a whole number, or `reset` for the defaults.
pub async fn weights(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, round_id)): ApiPath<(ProgrammeId, RoundId)>,
    body: axum::body::Bytes,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let typed: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| WEIGHT_NAMES.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.trim().to_owned()))
        .collect();
    let wanted = if fields.iter().any(|(k, _)| k == "reset") {
        None
    } else {
        let mut weights = MatchingWeights::default();
        let mut errors = ValidationErrors::new();
        for (name, text) in &typed {
            match text.parse::<i64>() {
                Ok(value) => *weight_slot(&mut weights, name) = value,
                Err(_) => errors.add(name, msg!("matching-weight-not-a-number")),
            }
        }
        if !errors.is_empty() {
            return proposal_page(&state, &ctx, id, round_id, errors, Done::WeightsTyped(typed)).await;
        }
        Some(weights)
    };
    match matching::save_weights(&state, &principal, id, wanted).await {
        Ok(_) => proposal_page(&state, &ctx, id, round_id, ValidationErrors::new(), Done::WeightsSaved).await,
        Err(WebError::Invalid(errors)) => {
            proposal_page(&state, &ctx, id, round_id, errors, Done::WeightsTyped(typed)).await
        }
        Err(other) => Err(other),
    }
}
