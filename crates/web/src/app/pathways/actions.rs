use super::inputs::*;
use super::targets;
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{
    ActivityEntryId, AssessmentId, HouseholdId, InterventionId, ObjectiveId, ParticipantId, PathId, ProjectId,
    RequestId,
};
use filiera_domain::msg;
use filiera_domain::pathways::assessment::Scale;
use filiera_domain::pathways::guards::{check_handover_note, response_due};
use filiera_domain::pathways::project::{validate_activity, validate_intervention_effort, validate_objective};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::policy::{Action, Target};
use filiera_storage::pathways::{assessments, households, interventions, paths, projects, register};
use filiera_storage::{StorageError, notifications, users};

/// The outcome of planning an intervention.
#[derive(Debug)]
pub enum Planned {
    Intervention(Box<interventions::Intervention>),
    /// The service was full; the person joined its waiting list.
    WaitingList,
}

/// Refers a new household. A possible duplicate (same tax code, or same name
/// and birth date) is refused until the user confirms it is a different person.
pub async fn refer_household(
    state: &AppState,
    principal: &Principal,
    input: MemberInput,
) -> WebResult<households::Household> {
    let agency_id = input
        .agency_id
        .ok_or_else(|| WebError::Invalid(ValidationErrors::single("agency_id", msg!("error-choose-agency"))))?;
    principal.authorize(
        Action::Pathway(PathwayAction::ManageHousehold),
        &Target::organisation(agency_id, None),
    )?;
    let confirmed = input.confirm_not_duplicate == Some(true);
    let municipality = input.residence_municipality.clone();
    let address = input.residence_address.clone();
    let head = input.into_draft()?.validate(state.clock.today())?;
    if !confirmed {
        let duplicates = households::possible_duplicates(&state.store, &head).await?;
        if !duplicates.is_empty() {
            let mut errors = ValidationErrors::new();
            for (member, reference) in duplicates {
                errors.add(
                    "confirm_not_duplicate",
                    match member.birth_date {
                        Some(born) => msg!(
                            "error-possible-duplicate",
                            name = member.full_name(),
                            household = reference.to_string(),
                            born = born
                        ),
                        None => msg!(
                            "error-possible-duplicate-unborn",
                            name = member.full_name(),
                            household = reference.to_string()
                        ),
                    },
                );
            }
            return Err(WebError::Conflict(errors));
        }
    }
    let social_worker = principal
        .memberships
        .iter()
        .any(|m| m.organisation_id == agency_id && m.role == filiera_domain::role::Role::SocialWorker)
        .then_some(principal.user.id);
    let (household, _) = with_unit(state, principal, async |unit| {
        households::create(
            unit,
            agency_id,
            municipality.as_deref(),
            address.as_deref(),
            social_worker,
            &head,
        )
        .await
    })
    .await?;
    Ok(household)
}

pub async fn add_member(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: MemberInput,
) -> WebResult<households::Member> {
    targets::household(state, principal, household_id, PathwayAction::ManageHousehold).await?;
    if input.agency_id.is_some() {
        return Err(WebError::Invalid(ValidationErrors::single(
            "agency_id",
            msg!("error-household-agency-locked"),
        )));
    }
    let member = input.into_draft()?.validate(state.clock.today())?;
    with_unit(state, principal, async |unit| {
        households::add_member(unit, household_id, &member).await
    })
    .await
}

pub async fn open_path(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: OpenPathInput,
) -> WebResult<paths::PathRow> {
    targets::household(state, principal, household_id, PathwayAction::ManageHousehold).await?;
    let member = households::member(&state.store, input.participant_id).await?;
    if member.household_id != household_id {
        return Err(WebError::Invalid(ValidationErrors::single(
            "participant_id",
            msg!("error-not-household-member"),
        )));
    }
    with_unit(state, principal, async |unit| {
        paths::open(unit, input.participant_id, input.programme_id, input.round_id).await
    })
    .await
}

pub async fn move_path(
    state: &AppState,
    principal: &Principal,
    path_id: PathId,
    input: MovePathInput,
) -> WebResult<paths::PathRow> {
    targets::path(
        state,
        principal,
        path_id,
        &[PathwayAction::ManageHousehold, PathwayAction::ManageProject],
    )
    .await?;
    // A path closes with its project's conclusive evaluation, never on its own.
    if !filiera_domain::pathways::path::may_move_by_hand(input.to) {
        return Err(WebError::Invalid(ValidationErrors::single(
            "to",
            msg!("error-path-closes-with-project"),
        )));
    }
    with_unit(state, principal, async |unit| {
        paths::move_to(unit, path_id, input.to, input.reason.as_deref()).await
    })
    .await
}

pub async fn handover(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: HandoverInput,
) -> WebResult<()> {
    targets::household(state, principal, household_id, PathwayAction::ManageHousehold).await?;
    let note = check_handover_note(input.handover_note.as_deref())?;
    users::get(&state.store, input.user_id).await?;
    let deliveries = with_unit(state, principal, async |unit| {
        households::reassign_social_worker(unit, household_id, input.user_id, &note).await?;
        notifications::handover(unit, household_id, input.user_id).await
    })
    .await?;
    crate::app::notifications::deliver(state, deliveries);
    Ok(())
}

pub async fn record_assessment(
    state: &AppState,
    principal: &Principal,
    participant_id: ParticipantId,
    input: AssessmentInput,
) -> WebResult<AssessmentId> {
    targets::participant(state, principal, participant_id, PathwayAction::RecordAssessment).await?;
    let form = input.into_draft()?.validate(&Scale::default(), state.clock.today())?;
    with_unit(state, principal, async |unit| {
        assessments::create(unit, participant_id, &form).await
    })
    .await
}

/// Whether the principal may read this participant's health notes: the role
/// must allow it on the household, and the record must admit the person.
pub async fn may_read_health_notes_of(
    state: &AppState,
    principal: &Principal,
    participant_id: ParticipantId,
) -> WebResult<bool> {
    let member = households::member(&state.store, participant_id).await?;
    let target = households::target(&state.store, member.household_id).await?;
    super::timeline::may_read_health_notes_in(state, principal, &target, member.household_id).await
}

/// Reads (and audits the read of) an assessment's health notes.
pub async fn read_health_notes(
    state: &AppState,
    principal: &Principal,
    participant_id: ParticipantId,
    assessment_id: AssessmentId,
) -> WebResult<Option<String>> {
    if !may_read_health_notes_of(state, principal, participant_id).await? {
        return Err(WebError::Forbidden(
            "health notes are visible only to the social worker in charge, the psychologist on the project and the programme manager".into(),
        ));
    }
    let forms = assessments::for_participant(&state.store, participant_id).await?;
    if !forms.iter().any(|f| f.id == assessment_id) {
        return Err(WebError::NotFound { what: "assessment" });
    }
    Ok(assessments::read_health_notes(&state.store, &principal.actor(), assessment_id).await?)
}

pub async fn start_project(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: NewProjectInput,
) -> WebResult<projects::Project> {
    targets::household(state, principal, household_id, PathwayAction::ManageProject).await?;
    let mut errors = ValidationErrors::new();
    let started_on =
        date_field(&mut errors, "started_on", input.started_on.as_deref()).unwrap_or_else(|| state.clock.today());
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let new = projects::NewProject {
        household_id,
        programme_id: input.programme_id,
        round_id: input.round_id,
        cooperative_id: input.cooperative_id,
        focus_participant_id: input.focus_participant_id,
        case_manager_id: input.case_manager_id,
        started_on,
    };
    with_unit(state, principal, async |unit| projects::create(unit, &new).await).await
}

pub async fn change_focus(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: FocusInput,
) -> WebResult<()> {
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    with_unit(state, principal, async |unit| {
        projects::change_focus(unit, project_id, input.participant_id, input.reason.as_deref()).await
    })
    .await
}

pub async fn add_operator(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: OperatorInput,
) -> WebResult<()> {
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    users::get(&state.store, input.user_id).await?;
    with_unit(state, principal, async |unit| {
        projects::add_operator(unit, project_id, input.user_id, input.profession).await
    })
    .await
}

pub async fn add_objective(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: ObjectiveInput,
) -> WebResult<ObjectiveId> {
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    let mut errors = ValidationErrors::new();
    let target_date = date_field(&mut errors, "target_date", input.target_date.as_deref());
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let objective = validate_objective(&input.text, target_date, input.measure.as_deref().unwrap_or(""))?;
    with_unit(state, principal, async |unit| {
        projects::add_objective(unit, project_id, &objective).await
    })
    .await
}

pub async fn set_objective_status(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    objective_id: ObjectiveId,
    input: ObjectiveStatusInput,
) -> WebResult<()> {
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    let objectives = projects::objectives(&state.store, project_id).await?;
    if !objectives.iter().any(|o| o.id == objective_id) {
        return Err(WebError::NotFound { what: "objective" });
    }
    with_unit(state, principal, async |unit| {
        projects::set_objective_status(unit, objective_id, input.status).await
    })
    .await
}

pub async fn plan_intervention(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: InterventionInput,
) -> WebResult<Planned> {
    let project = targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    let mut errors = ValidationErrors::new();
    let planned_start = date_field(&mut errors, "planned_start", input.planned_start.as_deref());
    let planned_end = date_field(&mut errors, "planned_end", input.planned_end.as_deref());
    let effort = validate_intervention_effort(input.hours, input.cost_cents, input.justification.as_deref())
        .map_err(|found| errors.0.extend(found.0))
        .ok();
    let Some((minutes, cost_cents, justification)) = effort.filter(|_| errors.is_empty()) else {
        return Err(WebError::Invalid(errors));
    };
    let round_id = input.round_id.or(project.round_id);
    let new = interventions::NewIntervention {
        project_id,
        participant_id: input.participant_id,
        service_id: input.service_id,
        round_id,
        funding_stream_id: input.funding_stream_id,
        planned_start,
        planned_end,
        minutes,
        cost_cents,
        justification,
    };
    let mut unit = state.store.begin(&principal.actor()).await?;
    match interventions::add_intervention(&mut unit, &new).await {
        Ok(planned) => {
            unit.commit().await?;
            Ok(Planned::Intervention(Box::new(planned)))
        }
        Err(StorageError::Conflict(errors))
            if input.join_waiting_list == Some(true) && errors.for_field("service_id").is_some() =>
        {
            drop(unit);
            let round = round_id
                .ok_or_else(|| WebError::Invalid(ValidationErrors::single("round_id", msg!("error-choose-round"))))?;
            with_unit(state, principal, async |unit| {
                interventions::join_waiting_list(unit, input.service_id, round, input.participant_id, project_id).await
            })
            .await?;
            Ok(Planned::WaitingList)
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn change_intervention_status(
    state: &AppState,
    principal: &Principal,
    intervention_id: InterventionId,
    input: InterventionStatusInput,
) -> WebResult<interventions::Intervention> {
    let intervention = interventions::get(&state.store, intervention_id).await?;
    let project_id = intervention.project_id.ok_or(WebError::NotFound { what: "project" })?;
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    with_unit(state, principal, async |unit| {
        interventions::change_intervention_status(unit, intervention_id, input.status, input.reason.as_deref()).await
    })
    .await
}

pub async fn add_activity(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: ActivityInput,
) -> WebResult<ActivityEntryId> {
    targets::project(state, principal, project_id, PathwayAction::RecordActivity).await?;
    let mut errors = ValidationErrors::new();
    let occurred_on =
        date_field(&mut errors, "occurred_on", input.occurred_on.as_deref()).unwrap_or_else(|| state.clock.today());
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let activity = validate_activity(occurred_on, input.minutes, input.text.as_deref(), state.clock.today())?;
    let entry = register::NewEntry {
        project_id,
        participant_id: input.participant_id,
        intervention_id: input.intervention_id,
        kind: input.kind,
        occurred_on: activity.occurred_on,
        minutes: activity.minutes,
        text: activity.text,
    };
    with_unit(state, principal, async |unit| register::add_entry(unit, &entry).await).await
}

pub async fn open_request(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    input: RequestInput,
) -> WebResult<RequestId> {
    if !targets::household_allows(
        state,
        principal,
        household_id,
        &[PathwayAction::RecordActivity, PathwayAction::ManageHousehold],
    )
    .await?
    {
        return Err(WebError::Forbidden(
            "your roles do not allow opening requests for this household".into(),
        ));
    }
    let mut errors = filiera_domain::pathways::guards::check_request(&input.from_kind, &input.text)
        .err()
        .unwrap_or_default();
    let opened_on =
        date_field(&mut errors, "opened_on", input.opened_on.as_deref()).unwrap_or_else(|| state.clock.today());
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let (id, deliveries) = with_unit(state, principal, async |unit| {
        let id = register::open_request(
            unit,
            household_id,
            filiera_domain::pathways::guards::check_request(&input.from_kind, &input.text)
                .map_err(filiera_storage::StorageError::Invalid)?,
            &input.text,
            opened_on,
            response_due(opened_on),
        )
        .await?;
        Ok((id, notifications::request_opened(unit, id).await?))
    })
    .await?;
    crate::app::notifications::deliver(state, deliveries);
    Ok(id)
}

pub async fn answer_request(
    state: &AppState,
    principal: &Principal,
    household_id: HouseholdId,
    request_id: RequestId,
    input: AnswerInput,
) -> WebResult<()> {
    targets::household(state, principal, household_id, PathwayAction::ManageHousehold).await?;
    if input.answer.trim().is_empty() {
        return Err(WebError::Invalid(ValidationErrors::single(
            "answer",
            msg!("error-answer-required"),
        )));
    }
    let requests = register::requests_for_household(&state.store, household_id).await?;
    if !requests.iter().any(|r| r.id == request_id) {
        return Err(WebError::NotFound { what: "request" });
    }
    with_unit(state, principal, async |unit| {
        register::answer_request(unit, request_id, &input.answer).await
    })
    .await
}

pub async fn close_project(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: ClosureInput,
) -> WebResult<()> {
    let project = targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    let started = project.started_on;
    let mut draft = input.into_draft()?;
    // Closing "now" is the usual case; a past date can be given.
    draft.closed_on = draft.closed_on.or(Some(state.clock.today()));
    let closure = draft.validate(started, state.clock.today())?;
    with_unit(state, principal, async |unit| {
        projects::close(unit, project_id, &closure).await
    })
    .await
}

pub async fn record_follow_up(
    state: &AppState,
    principal: &Principal,
    project_id: ProjectId,
    input: FollowUpInput,
) -> WebResult<()> {
    targets::project(state, principal, project_id, PathwayAction::ManageProject).await?;
    let mut errors = ValidationErrors::new();
    if !filiera_domain::pathways::closure::FOLLOW_UP_MONTHS.contains(&input.months) {
        errors.add("months", msg!("error-follow-up-months"));
    }
    let recorded_on =
        date_field(&mut errors, "recorded_on", input.recorded_on.as_deref()).unwrap_or_else(|| state.clock.today());
    if projects::closure(&state.store, project_id).await?.is_none() {
        errors.add("months", msg!("error-closure-first"));
    }
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    with_unit(state, principal, async |unit| {
        projects::record_follow_up(
            unit,
            project_id,
            input.participant_id,
            input.months,
            recorded_on,
            input.employment_status,
            input.note.as_deref().unwrap_or(""),
        )
        .await
    })
    .await
}
