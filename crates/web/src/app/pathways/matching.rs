//! Proposing, for a whole round, which household members get which service
//! places — best for all of them together (the optimisation crate's matching
//! model) — and accepting the proposal as planned interventions.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::ProjectId;
use filiera_domain::ids::{ParticipantId, ProgrammeId, RoundId, ServiceId};
use filiera_domain::msg;
use filiera_domain::pathways::eligibility::{Person, Rule};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::{ACCEPT_MATCHING, PROPOSE_MATCHING, PathwayAction};
use filiera_optimisation::matching::{
    Candidate, Location, MAX_SCORE, MatchingError, MatchingProposal, MatchingWeights, Place, Schedule, propose_matching,
};
use filiera_storage::pathways::catalogue;
use filiera_storage::pathways::interventions::{self, NewIntervention};
use filiera_storage::pathways::matching::{self, CandidateRow, PlaceRow};
use filiera_storage::pathways::programmes::{self, Programme, eligibility};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::Date;
use utoipa::ToSchema;

/// At most this many interventions per person at the same time, by default.
const DEFAULT_MAX_INTERVENTIONS: u32 = 2;

/// One proposed assignment, with why it costs what it costs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposedPlace {
    pub participant_id: ParticipantId,
    pub participant_name: String,
    pub project_id: ProjectId,
    pub service_id: ServiceId,
    pub service_name: String,
    pub interest_fit: i64,
    pub employability_gap: i64,
    pub travel: i64,
    pub waiting: i64,
    pub cooperative_fairness: i64,
    pub total: i64,
}

/// A person left without a place, and the constraint that binds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnmatchedPerson {
    pub participant_id: ParticipantId,
    pub participant_name: String,
    pub missing: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundProposal {
    pub programme_id: ProgrammeId,
    pub round_id: RoundId,
    /// The programme's weights the proposal was computed with.
    #[schema(value_type = Object)]
    pub weights: MatchingWeights,
    pub assignments: Vec<ProposedPlace>,
    pub unmatched: Vec<UnmatchedPerson>,
    pub total_cost: i64,
}

/// The assignments a manager keeps (all, or an edited subset).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    pub assignments: Vec<AcceptedPlace>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptedPlace {
    pub participant_id: ParticipantId,
    pub service_id: ServiceId,
}

fn scaled(score: i64, (min, max): (i64, i64)) -> u8 {
    let span = (max - min).max(1);
    u8::try_from(((score - min).clamp(0, span) * i64::from(MAX_SCORE)) / span).unwrap_or(MAX_SCORE)
}

fn candidate(row: &CandidateRow) -> Candidate {
    Candidate {
        max_interventions: DEFAULT_MAX_INTERVENTIONS,
        current_interventions: u32::try_from(row.current_interventions).unwrap_or(u32::MAX),
        interests: row.interests.clone(),
        employability: row
            .scores
            .iter()
            .map(|(area, score)| (area.clone(), scaled(*score, row.scale)))
            .collect(),
        autonomy_of_movement: row
            .scores
            .get("autonomy_of_movement")
            .map(|s| scaled(*s, row.scale))
            .unwrap_or(MAX_SCORE),
        // No addresses are geocoded yet: everyone is placed at the same point.
        location: Location { x_m: 0, y_m: 0 },
        languages: if row.languages.is_empty() {
            vec!["it".into()]
        } else {
            row.languages.clone()
        },
        available: Schedule::ALWAYS,
        waiting_weeks: u32::try_from(row.waiting_days / 7).unwrap_or(u32::MAX),
    }
}

/// The candidates a service's own eligibility rule admits on `on` (all of
/// them when it has none; see `Rule::admits`).
fn eligible_for(rule: Option<&Rule>, persons: &[Option<&Person>], on: Date) -> Vec<usize> {
    (0..persons.len())
        .filter(|&i| match (rule, persons[i]) {
            (None, _) => true,
            (Some(rule), Some(person)) => rule.admits(person, on),
            (Some(_), None) => false,
        })
        .collect()
}

fn place(row: &PlaceRow, eligible: Vec<usize>) -> Place {
    let list = |t: &str| {
        t.split(',')
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Place {
        service: row.service_id.to_string(),
        kind: row.kind.clone(),
        capacity: u32::try_from(row.free_places.max(0)).unwrap_or(0),
        interest_tags: list(&row.interest_tags),
        improves: list(&row.improves_areas),
        location: Location { x_m: 0, y_m: 0 },
        language: row
            .language
            .as_ref()
            .map(|l| l.to_lowercase())
            .filter(|l| !l.is_empty()),
        schedule: Schedule(0),
        eligible,
        cooperative: row.cooperative.clone().unwrap_or_default(),
    }
}

async fn programme_for(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    round_id: RoundId,
    actions: [PathwayAction; 2],
) -> WebResult<Programme> {
    let programme = programmes::get(&state.store, programme_id).await?;
    principal.authorize_all(&actions.map(Action::Pathway), &programme.owner_target())?;
    if !programme.rounds.iter().any(|r| r.id == round_id) {
        return Err(WebError::NotFound { what: "round" });
    }
    Ok(programme)
}

/// Computes the proposal for a round.
pub async fn propose(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    round_id: RoundId,
) -> WebResult<RoundProposal> {
    programme_for(state, principal, programme_id, round_id, PROPOSE_MATCHING).await?;
    let weights = weights_of(state, programme_id).await?;
    let candidate_rows = matching::candidates(&state.store, programme_id, round_id, state.clock.today()).await?;
    let place_rows = matching::places(&state.store, programme_id, round_id).await?;
    let candidates: Vec<Candidate> = candidate_rows.iter().map(candidate).collect();
    let member_ids: Vec<ParticipantId> = candidate_rows.iter().map(|c| c.participant_id).collect();
    let persons = eligibility::persons(&state.store, &member_ids).await?;
    let persons: Vec<Option<&Person>> = member_ids.iter().map(|id| persons.get(id)).collect();
    let rules: HashMap<ServiceId, Rule> = catalogue::list(&state.store, programme_id, false)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.id, s.eligibility?)))
        .collect();
    let on = state.clock.today();
    let places: Vec<Place> = place_rows
        .iter()
        .map(|p| place(p, eligible_for(rules.get(&p.service_id), &persons, on)))
        .collect();
    let MatchingProposal {
        assignments,
        unmatched,
        total_cost,
    } = propose_matching(&candidates, &places, &weights).map_err(|e| WebError::Internal(format!("matching: {e}")))?;
    let assignments = assignments
        .into_iter()
        .filter_map(|a| {
            let (c, p) = (candidate_rows.get(a.candidate)?, place_rows.get(a.place)?);
            let k = a.components;
            Some(ProposedPlace {
                participant_id: c.participant_id,
                participant_name: c.name.clone(),
                project_id: c.project_id,
                service_id: p.service_id,
                service_name: p.name.clone(),
                total: k.interest_fit + k.employability_gap + k.travel + k.waiting + k.cooperative_fairness,
                interest_fit: k.interest_fit,
                employability_gap: k.employability_gap,
                travel: k.travel,
                waiting: k.waiting,
                cooperative_fairness: k.cooperative_fairness,
            })
        })
        .collect();
    let unmatched = unmatched
        .into_iter()
        .filter_map(|u| {
            let c = candidate_rows.get(u.candidate)?;
            Some(UnmatchedPerson {
                participant_id: c.participant_id,
                participant_name: c.name.clone(),
                missing: u.missing,
                reason: u.reason.to_string(),
            })
        })
        .collect();
    Ok(RoundProposal {
        programme_id,
        round_id,
        weights,
        assignments,
        unmatched,
        total_cost,
    })
}

/// The weights a programme's proposals are computed with (the defaults until
/// its manager sets them).
async fn weights_of(state: &AppState, programme_id: ProgrammeId) -> WebResult<MatchingWeights> {
    match matching::weights(&state.store, programme_id).await? {
        None => Ok(MatchingWeights::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| WebError::Internal(format!("stored matching weights of programme {programme_id}: {e}"))),
    }
}

/// A programme's weights, for its managers.
pub async fn weights(state: &AppState, principal: &Principal, programme_id: ProgrammeId) -> WebResult<MatchingWeights> {
    let programme = programmes::get(&state.store, programme_id).await?;
    principal.authorize(
        Action::Pathway(PathwayAction::ManageProgramme),
        &programme.owner_target(),
    )?;
    weights_of(state, programme_id).await
}

/// Checks and stores a programme's weights (`None`: back to the defaults),
/// which only the owning agency's managers may change.
pub async fn save_weights(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    weights: Option<MatchingWeights>,
) -> WebResult<MatchingWeights> {
    let programme = programmes::get(&state.store, programme_id).await?;
    principal.authorize(
        Action::Pathway(PathwayAction::ManageProgramme),
        &programme.owner_target(),
    )?;
    if let Some(weights) = &weights {
        weights.check().map_err(|e| {
            let field = match e {
                MatchingError::Weight { name, .. } => name,
                _ => "metres_per_minute",
            };
            WebError::Invalid(ValidationErrors::single(field, matching_message(&e)))
        })?;
    }
    let text = weights
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| WebError::Internal(format!("matching weights: {e}")))?;
    with_unit(state, principal, async |unit| {
        matching::set_weights(unit, programme_id, programme.agency_id, text.as_deref()).await
    })
    .await?;
    Ok(weights.unwrap_or_default())
}

/// Creates the planned interventions of the kept assignments, all or none.
pub async fn accept(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    round_id: RoundId,
    input: AcceptInput,
) -> WebResult<usize> {
    programme_for(state, principal, programme_id, round_id, ACCEPT_MATCHING).await?;
    if input.assignments.is_empty() {
        return Err(WebError::Invalid(ValidationErrors::single(
            "assignments",
            msg!("error-keep-one-assignment"),
        )));
    }
    let candidates = matching::candidates(&state.store, programme_id, round_id, state.clock.today()).await?;
    let mut planned = Vec::with_capacity(input.assignments.len());
    for kept in &input.assignments {
        let project_id = candidates
            .iter()
            .find(|c| c.participant_id == kept.participant_id)
            .map(|c| c.project_id)
            .ok_or_else(|| {
                WebError::Invalid(ValidationErrors::single(
                    "assignments",
                    msg!("error-kept-without-project"),
                ))
            })?;
        if !planned.iter().any(|(p, _)| *p == project_id) {
            // The same gate as planning one intervention by hand.
            super::targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
        }
        planned.push((project_id, kept));
    }
    let mut unit = state.store.begin(&principal.actor()).await?;
    for (project_id, kept) in planned {
        let new = NewIntervention {
            project_id,
            participant_id: kept.participant_id,
            service_id: kept.service_id,
            round_id: Some(round_id),
            funding_stream_id: None,
            planned_start: None,
            planned_end: None,
            minutes: 0,
            cost_cents: 0,
            justification: Some("proposed by the round's matching and accepted by the programme manager".into()),
        };
        interventions::add_intervention(&mut unit, &new).await?;
    }
    unit.commit().await?;
    Ok(input.assignments.len())
}

/// Why the weights were refused, for the person who typed them.
fn matching_message(error: &MatchingError) -> Message {
    match error {
        MatchingError::Weight { value, .. } => {
            msg!(
                "error-weight-range",
                value = *value,
                max = filiera_optimisation::matching::MAX_WEIGHT
            )
        }
        MatchingError::Speed => msg!("error-at-least-one"),
        other => msg!("error-malformed", detail = other.to_string()),
    }
}
