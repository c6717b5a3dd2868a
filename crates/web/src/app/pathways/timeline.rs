//! A household's timeline and its interviews: one use case each for the
//! page and the API. Reading the timeline asks what viewing the household
//! asks; the forms' health notes come with it only for those who may read
//! them (and their read is audited by storage). Recording an interview asks
//! what moving the household's path asks, since it may move it.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::bounds::{SEARCH_MAX_CHARS, control_character_problem, length_problem};
use filiera_domain::ids::{HouseholdId, ParticipantId, PathId};
use filiera_domain::pathways::health::may_read_health_notes;
use filiera_domain::pathways::interview::InterviewDraft;
use filiera_domain::pathways::timeline::{TimelineEntry, TimelineKind};
use filiera_domain::policy::pathways::{PathwayAction, allowed};
use filiera_domain::policy::{Action, Relation, Target};
use filiera_storage::pathways::interviews::{self, Interview, InterviewSubject};
use filiera_storage::pathways::timeline::{self as stored, HealthNotes, TimelineQuery};
use filiera_storage::pathways::{assessments, households};
use filiera_storage::{Page, PageRequest};
use serde::Deserialize;
use utoipa::ToSchema;

/// Who may record an interview: those who may move the household's early
/// path (social worker, programme manager) or build its project (the case
/// manager, who holds the second interview).
pub const RECORD_INTERVIEW: [PathwayAction; 2] = [PathwayAction::ManageHousehold, PathwayAction::ManageProject];

/// The timeline's filter and page as they come in a query string; every value
/// is text so that one that cannot be read is a 422 naming it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default, deny_unknown_fields)]
pub struct TimelineParams {
    /// Only entries of this kind: state_change, interview, assessment, handover, request, answer,
    /// intervention, activity, focus_change, closure, follow_up.
    pub kind: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl TimelineParams {
    /// Reads the kind and the page, naming any value that cannot be read.
    pub fn read(&self) -> Result<TimelineQuery, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for (field, value) in [("kind", &self.kind), ("page", &self.page), ("per_page", &self.per_page)] {
            if let Some(message) = value
                .as_deref()
                .and_then(|v| length_problem(v, SEARCH_MAX_CHARS).or_else(|| control_character_problem(v, false)))
            {
                errors.add(field, message);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let kind = given(&self.kind).and_then(|text| {
            text.parse::<TimelineKind>()
                .map_err(|message| errors.add("kind", message))
                .ok()
        });
        let mut number = |field: &str, value: &Option<String>| {
            given(value).and_then(|text| match text.parse::<i64>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    errors.add(field, filiera_domain::msg!("error-at-least-one"));
                    None
                }
            })
        };
        let page = number("page", &self.page);
        let per_page = number("per_page", &self.per_page);
        errors.into_result(TimelineQuery {
            kind,
            page: PageRequest::new(page, per_page),
        })
    }
}

/// Whether the principal may read the health notes of this household's
/// forms: the role must allow it on the household, and the record must admit
/// the person (the social worker in charge, a psychologist on the project, the
/// programme manager). The same people for every member of the household.
pub async fn may_read_health_notes_in(
    state: &AppState,
    principal: &Principal,
    target: &Target,
    household_id: HouseholdId,
) -> WebResult<bool> {
    let admitting: Vec<_> = principal
        .policy_memberships()
        .into_iter()
        .filter(|m| {
            Relation::of(m, target) == Relation::Own && allowed(m.role, PathwayAction::ReadHealthNotes, Relation::Own)
        })
        .collect();
    if admitting.is_empty() {
        return Ok(false);
    }
    let audience = assessments::household_health_audience(&state.store, household_id).await?;
    Ok(admitting
        .iter()
        .any(|m| may_read_health_notes(principal.user.id, m.role, &audience)))
}

/// The household's target, after the check of viewing it. A household none
/// of the principal's organisations has anything to do with is not found
/// (404), not forbidden: another agency's users learn nothing of its cases,
/// not even that a number is taken.
async fn household_in_reach(state: &AppState, principal: &Principal, id: HouseholdId) -> WebResult<Target> {
    let target = households::target(&state.store, id).await?;
    if principal
        .policy_memberships()
        .iter()
        .all(|m| Relation::of(m, &target) == Relation::Other)
    {
        return Err(WebError::NotFound { what: "household" });
    }
    principal.authorize(Action::Pathway(PathwayAction::ViewHousehold), &target)?;
    Ok(target)
}

/// One page of the household's timeline, newest first.
pub async fn timeline(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    params: &TimelineParams,
) -> WebResult<Page<TimelineEntry>> {
    let target = household_in_reach(state, principal, household_id).await?;
    let query = params.read().map_err(WebError::Invalid)?;
    let actor = principal.actor();
    let health = if may_read_health_notes_in(state, principal, &target, household_id).await? {
        HealthNotes::ReadBy(&actor)
    } else {
        HealthNotes::Withheld
    };
    Ok(stored::timeline(&state.store, household_id, query, health).await?)
}

/// An interview as typed in the form or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterviewInput {
    /// The day it was held, `YYYY-MM-DD`: not after today, not before 1900.
    #[schema(example = "2026-11-20")]
    pub held_on: Option<String>,
    /// Who attended, on one line (1 to 500 characters).
    #[schema(example = "Sara Bianchi (social worker), Dr. Neri (psychotherapist), Amal Nasser")]
    pub attendees: Option<String>,
    /// What was said and agreed (at most 20,000 characters).
    pub notes: Option<String>,
    /// The member interviewed, if it was about one person.
    pub participant_id: Option<ParticipantId>,
    /// The path this interview is a step of: a referred path has its first
    /// interview, a path after its first interview its second; the path moves there.
    pub path_id: Option<PathId>,
}

/// Records an interview with the household (and moves the path it is a step of).
pub async fn record_interview(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: InterviewInput,
) -> WebResult<Interview> {
    let target = household_in_reach(state, principal, household_id).await?;
    if !RECORD_INTERVIEW
        .iter()
        .any(|a| principal.authorize(Action::Pathway(*a), &target).is_ok())
    {
        return Err(WebError::Forbidden(
            "your roles do not allow recording interviews for this household".into(),
        ));
    }
    let mut errors = ValidationErrors::new();
    let held_on = super::inputs::date_field(&mut errors, "held_on", input.held_on.as_deref());
    let draft = InterviewDraft {
        held_on,
        attendees: input.attendees.unwrap_or_default(),
        notes: input.notes,
    };
    let unreadable_date = !errors.is_empty();
    let interview = match draft.validate(state.clock.today()) {
        // A date that could not be read is already named; the rest is still checked.
        Err(found) => {
            errors.0.extend(
                found
                    .0
                    .into_iter()
                    .filter(|e| !(unreadable_date && e.field == "held_on")),
            );
            return Err(WebError::Invalid(errors));
        }
        Ok(_) if !errors.is_empty() => return Err(WebError::Invalid(errors)),
        Ok(valid) => valid,
    };
    let subject = InterviewSubject {
        participant_id: input.participant_id,
        path_id: input.path_id,
    };
    with_unit(state, principal, async |unit| {
        interviews::record(unit, household_id, subject, &interview).await
    })
    .await
}
