use super::label;
use crate::app::pathways::actions::{self};
use crate::app::pathways::inputs::*;
use crate::app::pathways::{journey_of, targets};
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::documents::{self, DocumentsSection};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{HouseholdId, OrganisationId, PathId, ProgrammeId, RequestId};
use filiera_domain::pathways::guards::is_overdue;
use filiera_domain::pathways::interview::interview_step;
use filiera_domain::pathways::path::PathState;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::role::Role;
use filiera_storage::pathways::assessments::{self, AssessmentView};
use filiera_storage::pathways::choices::{self, Choice};
use filiera_storage::pathways::households::{self, Assignment, Household, Member};
use filiera_storage::pathways::paths::{self, PathRow};
use filiera_storage::pathways::projects::{self, Project};
use filiera_storage::pathways::register::{self, Request};

pub struct NextStep {
    pub state: &'static str,
    pub label: String,
    pub needs_reason: bool,
    /// An interview step: reached by recording the interview, not by a button.
    pub interview: bool,
}

pub struct PathLine {
    pub path: PathRow,
    pub state_label: String,
    pub next: Vec<NextStep>,
}

/// One employability area's journey, drawn as a small line.
pub struct AreaLine {
    pub label: String,
    pub points: String,
    pub first: i64,
    pub last: i64,
    pub change: i64,
}

pub struct MemberBlock {
    pub member: Member,
    pub paths: Vec<PathLine>,
    pub assessments: Vec<AssessmentView>,
    pub journey: Vec<AreaLine>,
    pub can_read_health_notes: bool,
    pub documents: DocumentsSection,
}

pub struct RequestLine {
    pub request: Request,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "households/show.html")]
struct ShowPage {
    chrome: Chrome,
    household: Household,
    members: Vec<MemberBlock>,
    projects: Vec<Project>,
    requests: Vec<RequestLine>,
    assignments: Vec<Assignment>,
    programmes: Vec<Choice>,
    rounds: Vec<Choice>,
    cooperatives: Vec<Choice>,
    case_managers: Vec<Choice>,
    social_workers: Vec<Choice>,
    can_manage: bool,
    can_project: bool,
    can_assess: bool,
    can_request: bool,
    ready_for_project: bool,
    errors: ValidationErrors,
    section: String,
    today: String,
    blank_member: MemberInput,
}

fn journey_lines(t: &crate::i18n::Tr, forms: &[AssessmentView]) -> Vec<AreaLine> {
    if forms.len() < 2 {
        return Vec::new();
    }
    journey_of(forms)
        .into_iter()
        .map(|j| {
            let count = j.points.len().max(2) as i64 - 1;
            let (min, max) = (forms[0].scale_min, forms[0].scale_max.max(forms[0].scale_min + 1));
            let points = j
                .points
                .iter()
                .enumerate()
                .map(|(i, (_, score))| {
                    let x = 4 + i as i64 * 112 / count;
                    let y = 26 - (score - min) * 22 / (max - min);
                    format!("{x},{y}")
                })
                .collect::<Vec<_>>()
                .join(" ");
            AreaLine {
                label: label(t, "area", j.area.as_str()),
                first: j.points.first().map(|p| p.1).unwrap_or(0),
                last: j.points.last().map(|p| p.1).unwrap_or(0),
                change: j.change,
                points,
            }
        })
        .collect()
}

async fn show_page(
    state: &AppState,
    ctx: &PageContext,
    id: HouseholdId,
    errors: ValidationErrors,
    section: &str,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    targets::household(state, principal, id, PathwayAction::ViewHousehold).await?;
    let store = &state.store;
    let target = households::target(store, id).await?;
    let may = |action: PathwayAction| principal.authorize(Action::Pathway(action), &target).is_ok();
    let household = households::get(store, id).await?;
    let all_paths = paths::for_household(store, id).await?;
    let mut members = Vec::new();
    for member in households::members(store, id).await? {
        let forms = assessments::for_participant(store, member.id).await?;
        let can_read_health_notes = actions::may_read_health_notes_of(state, principal, member.id).await?;
        let lines = all_paths
            .iter()
            .filter(|p| p.participant_id == member.id)
            .map(|p| PathLine {
                state_label: label(&ctx.t, "state", &p.state),
                next: p
                    .state()
                    .next_states()
                    .iter()
                    .filter(|s| filiera_domain::pathways::path::may_move_by_hand(**s))
                    .map(|s| {
                        let interview = interview_step(p.state()) == Ok(*s);
                        NextStep {
                            state: s.as_str(),
                            label: label(&ctx.t, if interview { "interview-record" } else { "move" }, s.as_str()),
                            needs_reason: s.needs_reason(),
                            interview,
                        }
                    })
                    .collect(),
                path: p.clone(),
            })
            .collect();
        let owner = filiera_domain::documents::DocumentOwner::Participant(member.id);
        members.push(MemberBlock {
            documents: documents::section(state, ctx, owner, 4).await?,
            journey: journey_lines(&ctx.t, &forms),
            assessments: forms,
            paths: lines,
            can_read_health_notes,
            member,
        });
    }
    let today = state.clock.today();
    let requests = register::requests_for_household(store, id)
        .await?
        .into_iter()
        .map(|request| {
            let overdue = is_overdue(request.due_on, request.answered_at.is_some(), today);
            RequestLine { request, overdue }
        })
        .collect();
    let programmes = choices::programmes(store, &[household.agency_id]).await?;
    let programme_ids: Vec<ProgrammeId> = programmes.iter().map(|p| ProgrammeId(p.id)).collect();
    let cooperatives = choices::delivering_cooperatives(store, &programme_ids).await?;
    let coop_ids: Vec<OrganisationId> = cooperatives.iter().map(|c| OrganisationId(c.id)).collect();
    let ready_for_project = all_paths.iter().any(|p| p.state() == PathState::SecondInterview);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ShowPage {
        chrome: ctx.chrome_titled(ctx.t.with("household-title", "reference", &household.reference)),
        members,
        projects: projects::for_household(store, id).await?,
        requests,
        assignments: households::assignments(store, id).await?,
        rounds: choices::rounds(store, &programme_ids).await?,
        case_managers: choices::colleagues(store, &coop_ids, &[Role::CaseManager]).await?,
        social_workers: choices::colleagues(
            store,
            &[household.agency_id],
            &[Role::SocialWorker, Role::ProgrammeManager],
        )
        .await?,
        programmes,
        cooperatives,
        can_manage: may(PathwayAction::ManageHousehold),
        can_project: may(PathwayAction::ManageProject),
        can_assess: may(PathwayAction::RecordAssessment),
        can_request: may(PathwayAction::RecordActivity) || may(PathwayAction::ManageHousehold),
        ready_for_project,
        household,
        errors,
        section: section.to_owned(),
        today: today.to_string(),
        blank_member: MemberInput::default(),
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
) -> WebResult<Response> {
    show_page(&state, &ctx, id, ValidationErrors::new(), "").await
}

/// After an action: back to the section on success, or the page with the
/// errors shown next to the section's form.
async fn after<T>(
    state: &AppState,
    ctx: &PageContext,
    household_id: HouseholdId,
    section: &str,
    result: WebResult<T>,
) -> WebResult<Response> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/households/{household_id}#{section}")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            show_page(state, ctx, household_id, errors, section).await
        }
        Err(other) => Err(other),
    }
}

fn principal(ctx: &PageContext) -> WebResult<std::sync::Arc<Principal>> {
    ctx.require().cloned()
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<MemberInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let result = actions::add_member(&state, &p, id, input).await;
    after(&state, &ctx, id, "members", result).await
}

pub async fn open_path(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<OpenPathInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let result = actions::open_path(&state, &p, id, input).await;
    after(&state, &ctx, id, "paths", result).await
}

pub async fn move_path(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<PathId>,
    PageForm(input): PageForm<MovePathInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let path = paths::get(&state.store, id).await?;
    let result = actions::move_path(&state, &p, id, input).await;
    after(&state, &ctx, path.household_id, "paths", result).await
}

pub async fn handover(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<HandoverInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let result = actions::handover(&state, &p, id, input).await;
    after(&state, &ctx, id, "handover", result).await
}

pub async fn open_request(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<RequestInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let result = actions::open_request(&state, &p, id, input).await;
    after(&state, &ctx, id, "requests", result).await
}

pub async fn answer_request(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, request_id)): ApiPath<(HouseholdId, RequestId)>,
    PageForm(input): PageForm<AnswerInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    let result = actions::answer_request(&state, &p, id, request_id, input).await;
    after(&state, &ctx, id, "requests", result).await
}

pub async fn start_project(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<NewProjectInput>,
) -> WebResult<Response> {
    let p = principal(&ctx)?;
    match actions::start_project(&state, &p, id, input).await {
        Ok(project) => Ok(Redirect::to(&format!("/projects/{}", project.id)).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            show_page(&state, &ctx, id, errors, "projects").await
        }
        Err(other) => Err(other),
    }
}
