//! What a form printed for signature shows, gathered under the same policy as the
//! page it prints. A printout is a copy of a person's record leaving the system,
//! so every print is written to the audit log like a read of a sensitive record.
//! Health notes are never printed: they stay in filiera, where each read is audited.

use super::targets;
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::ids::{AssessmentId, ProjectId};
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::assessments::{self, AssessmentView};
use filiera_storage::pathways::households::{self, Household, Member};
use filiera_storage::pathways::interventions::Intervention;
use filiera_storage::pathways::projects::{self, Objective, Operator, Project};
use filiera_storage::{AuditEvent, audit_log, organisations};

/// The Access and Evaluation Form as filled in, with the person and the agency.
pub struct AssessmentPrint {
    pub agency_name: String,
    pub household: Household,
    pub member: Member,
    pub assessment: AssessmentView,
}

/// The Personalised Individual Project with what was agreed in it.
pub struct ProjectPrint {
    pub agency_name: String,
    pub project: Project,
    pub focus: Member,
    pub objectives: Vec<Objective>,
    pub interventions: Vec<Intervention>,
    pub operators: Vec<Operator>,
}

/// One Access and Evaluation Form, for whoever may view the household.
pub async fn assessment(state: &AppState, principal: &Principal, id: AssessmentId) -> WebResult<AssessmentPrint> {
    let store = &state.store;
    let participant_id = assessments::participant_of(store, id).await?;
    let household_id = targets::participant(state, principal, participant_id, PathwayAction::ViewHousehold).await?;
    let assessment = assessments::for_participant(store, participant_id)
        .await?
        .into_iter()
        .find(|form| form.id == id)
        .ok_or(WebError::NotFound { what: "assessment" })?;
    let household = households::get(store, household_id).await?;
    let agency_name = organisations::get(store, household.agency_id).await?.name;
    audit_printed(
        state,
        principal,
        AuditEvent::new("assessment.print", "assessment", id),
        &household,
    )
    .await?;
    Ok(AssessmentPrint {
        agency_name,
        member: households::member(store, participant_id).await?,
        household,
        assessment,
    })
}

/// One project, for whoever may view its household.
pub async fn project(state: &AppState, principal: &Principal, id: ProjectId) -> WebResult<ProjectPrint> {
    let store = &state.store;
    let project = targets::project(state, principal, id, PathwayAction::ViewHousehold).await?;
    let household = households::get(store, project.household_id).await?;
    let agency_name = organisations::get(store, household.agency_id).await?.name;
    audit_printed(
        state,
        principal,
        AuditEvent::new("project.print", "project", id),
        &household,
    )
    .await?;
    Ok(ProjectPrint {
        agency_name,
        focus: households::member(store, project.focus_participant_id).await?,
        objectives: projects::objectives(store, id).await?,
        interventions: projects::interventions(store, id).await?,
        operators: projects::operators(store, id).await?,
        project,
    })
}

async fn audit_printed(
    state: &AppState,
    principal: &Principal,
    event: AuditEvent,
    household: &Household,
) -> WebResult<()> {
    let event = event.in_organisation(Some(household.agency_id.get()));
    Ok(audit_log::record_read(&state.store, &principal.actor(), event).await?)
}
