//! What the paths-to-autonomy API answers, typed so the OpenAPI document
//! describes exactly the JSON a client receives.

use filiera_domain::pathways::assessment::AreaJourney;
use filiera_domain::pathways::guards::TimeConflict;
use filiera_storage::pathways::assessments::AssessmentView;
use filiera_storage::pathways::households::{Assignment, Household, Member};
use filiera_storage::pathways::interventions::{Intervention, WaitingEntry};
use filiera_storage::pathways::paths::{PathEvent, PathRow};
use filiera_storage::pathways::projects::{Closure, FollowUp, Objective, Operator, Project};
use filiera_storage::pathways::register::Request;
use serde::Serialize;
use utoipa::ToSchema;

/// The id of what was just created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// A household with its members, paths, projects, requests and who was in charge.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdDetail {
    pub household: Household,
    pub members: Vec<Member>,
    pub paths: Vec<PathRow>,
    pub projects: Vec<Project>,
    pub requests: Vec<Request>,
    pub assignments: Vec<Assignment>,
}

/// A path after a move, with every move so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathMoved {
    pub path: PathRow,
    pub history: Vec<PathEvent>,
}

/// A participant's forms (without health notes) and the change per area.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantAssessments {
    pub assessments: Vec<AssessmentView>,
    pub journey: Vec<AreaJourney>,
}

/// The health notes of one form (special-category data; the read is audited).
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthNotes {
    pub health_notes: String,
}

/// An intervention with the dates it runs past its round or funding stream.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedIntervention {
    pub intervention: Intervention,
    pub conflicts: Vec<TimeConflict>,
}

/// The service was full: the participant joined its waiting list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OnWaitingList {
    /// Always `true`.
    pub waiting_list: bool,
}

/// A project with everything planned and recorded on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectDetail {
    pub project: Project,
    pub objectives: Vec<Objective>,
    pub interventions: Vec<PlannedIntervention>,
    pub operators: Vec<Operator>,
    pub waiting_list: Vec<WaitingEntry>,
    pub closure: Option<Closure>,
    pub follow_ups: Vec<FollowUp>,
}

/// How many interventions an accepted proposal planned.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchingAccepted {
    pub planned: usize,
}
