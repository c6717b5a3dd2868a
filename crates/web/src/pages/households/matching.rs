use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pathways::matching::{self, AcceptInput, AcceptedPlace, RoundProposal};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
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
    let ids: Vec<i64> = programmes.iter().map(|p| p.id).collect();
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
}

async fn proposal_page(
    state: &AppState,
    ctx: &PageContext,
    id: i64,
    round_id: i64,
    errors: ValidationErrors,
    accepted: Option<usize>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let proposal = matching::propose(state, principal, id, round_id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ProposalPage {
        chrome: ctx.chrome("matching-title"),
        proposal,
        errors,
        accepted,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, round_id)): ApiPath<(i64, i64)>,
) -> WebResult<Response> {
    proposal_page(&state, &ctx, id, round_id, ValidationErrors::new(), None).await
}

/// The kept rows arrive as repeated `keep=PARTICIPANT:SERVICE` fields.
pub async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, round_id)): ApiPath<(i64, i64)>,
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
        Ok(planned) => proposal_page(&state, &ctx, id, round_id, ValidationErrors::new(), Some(planned)).await,
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            proposal_page(&state, &ctx, id, round_id, errors, None).await
        }
        Err(other) => Err(other),
    }
}
