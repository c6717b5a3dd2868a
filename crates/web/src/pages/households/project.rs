use super::label;
use crate::app::pathways::actions::{self, Planned};
use crate::app::pathways::inputs::*;
use crate::app::pathways::targets;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::{PageFormTyped, Typed};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{InterventionId, ObjectiveId, OrganisationId, ProjectId, RoundId};
use filiera_domain::pathways::closure::Outcome;
use filiera_domain::pathways::guards::TimeConflict;
use filiera_domain::pathways::household::EmploymentStatus;
use filiera_domain::pathways::project::{ActivityKind, InterventionStatus, ObjectiveStatus, Profession};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::role::Role;
use filiera_storage::PageRequest;
use filiera_storage::pathways::choices::{self, Choice};
use filiera_storage::pathways::households::{self, Member};
use filiera_storage::pathways::interventions::{self, Intervention, WaitingEntry};
use filiera_storage::pathways::projects::{self, Closure, FollowUp, Objective, Operator, Project};
use filiera_storage::pathways::register::{self, Entry};

pub struct InterventionLine {
    pub intervention: Intervention,
    pub status_label: String,
    pub conflicts: Vec<TimeConflict>,
    pub next: Vec<(&'static str, String, bool)>,
}

type Options = Vec<(&'static str, String)>;

#[derive(Template)]
#[template(path = "households/project.html")]
struct ProjectPage {
    chrome: Chrome,
    project: Project,
    members: Vec<Member>,
    objectives: Vec<Objective>,
    interventions: Vec<InterventionLine>,
    waiting: Vec<WaitingEntry>,
    operators: Vec<Operator>,
    entries: Vec<Entry>,
    closure: Option<Closure>,
    follow_ups: Vec<FollowUp>,
    services: Vec<Choice>,
    streams: Vec<Choice>,
    rounds: Vec<Choice>,
    colleagues: Vec<Choice>,
    professions: Options,
    objective_statuses: Options,
    activity_kinds: Options,
    outcomes: Options,
    employment_statuses: Options,
    can_manage: bool,
    can_record: bool,
    active: bool,
    errors: ValidationErrors,
    /// The form the errors are about, and what was typed in it.
    section: String,
    typed: Typed,
    notice: Option<String>,
    today: String,
    selected_round: i64,
    docs: crate::pages::documents::DocumentsSection,
}

impl ProjectPage {
    /// What was typed in `name` of the `section` form that was refused.
    fn typed(&self, section: &str, name: &str) -> &str {
        if self.section == section {
            self.typed.value(name)
        } else {
            ""
        }
    }

    /// Whether `value` was chosen in `name` of the refused `section` form.
    fn chose<V: std::fmt::Display + ?Sized>(&self, section: &str, name: &str, value: &V) -> bool {
        self.section == section && self.typed.chose(name, &value.to_string())
    }

    /// The message about `field` of the `section` form, in the reader's language.
    fn error(&self, section: &str, field: &str) -> Option<String> {
        (self.section == section)
            .then(|| self.chrome.t.error_for(&self.errors, field))
            .flatten()
    }

    /// `aria-invalid` and the link to the message, for the input `id` of `field`.
    fn aria(&self, section: &str, field: &str, id: &str) -> String {
        match self.error(section, field) {
            Some(_) => format!(r#" aria-invalid="true" aria-describedby="{id}-error""#),
            None => String::new(),
        }
    }
}

fn options<T: Copy>(t: &crate::i18n::Tr, prefix: &str, all: &[T], word: impl Fn(T) -> &'static str) -> Options {
    all.iter().map(|v| (word(*v), label(t, prefix, word(*v)))).collect()
}

async fn project_page(
    state: &AppState,
    ctx: &PageContext,
    id: ProjectId,
    errors: ValidationErrors,
    (section, typed): (&str, Typed),
    notice: Option<String>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let project = targets::project(state, principal, id, PathwayAction::ViewHousehold).await?;
    let store = &state.store;
    let target = households::target(store, project.household_id).await?;
    let may = |action: PathwayAction| principal.authorize(Action::Pathway(action), &target).is_ok();
    let interventions = projects::interventions(store, id)
        .await?
        .into_iter()
        .map(|i| {
            let status: InterventionStatus = i.status.parse().unwrap_or(InterventionStatus::Planned);
            InterventionLine {
                status_label: label(&ctx.t, "intervention", &i.status),
                conflicts: projects::conflicts_of(&i),
                next: status
                    .next()
                    .iter()
                    .map(|s| (s.as_str(), label(&ctx.t, "intervention", s.as_str()), s.needs_reason()))
                    .collect(),
                intervention: i,
            }
        })
        .collect();
    let programme = [project.programme_id];
    let mut organisations: Vec<OrganisationId> = principal.memberships.iter().map(|m| m.organisation_id).collect();
    organisations.extend(project.cooperative_id);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ProjectPage {
        chrome: ctx.chrome_titled(ctx.t.with("project-title", "reference", &project.household_reference)),
        members: households::members(store, project.household_id).await?,
        objectives: projects::objectives(store, id).await?,
        interventions,
        waiting: interventions::waiting_for_project(store, id).await?,
        operators: projects::operators(store, id).await?,
        entries: register::entries(store, id, PageRequest::new(Some(1), Some(50)))
            .await?
            .items,
        closure: projects::closure(store, id).await?,
        follow_ups: projects::follow_ups(store, id).await?,
        services: choices::services(store, &programme).await?,
        streams: choices::funding_streams(store, &programme).await?,
        rounds: choices::rounds(store, &programme).await?,
        colleagues: choices::colleagues(
            store,
            &organisations,
            &[Role::Operator, Role::CaseManager, Role::SocialWorker],
        )
        .await?,
        professions: options(&ctx.t, "profession", Profession::ALL, Profession::as_str),
        objective_statuses: options(&ctx.t, "objective", ObjectiveStatus::ALL, ObjectiveStatus::as_str),
        activity_kinds: options(&ctx.t, "activity", ActivityKind::ALL, ActivityKind::as_str),
        outcomes: options(&ctx.t, "outcome", Outcome::ALL, Outcome::as_str),
        employment_statuses: options(&ctx.t, "employment", EmploymentStatus::ALL, EmploymentStatus::as_str),
        can_manage: may(PathwayAction::ManageProject),
        can_record: may(PathwayAction::RecordActivity),
        active: project.status == "active",
        selected_round: project.round_id.map_or(0, RoundId::get),
        project,
        errors,
        section: section.to_owned(),
        typed,
        notice,
        today: state.clock.today().to_string(),
        docs: crate::pages::documents::section(state, ctx, filiera_domain::documents::DocumentOwner::Project(id), 2)
            .await?,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProjectId>,
) -> WebResult<Response> {
    project_page(&state, &ctx, id, ValidationErrors::new(), ("", Typed::default()), None).await
}

async fn after<T>(
    state: &AppState,
    ctx: &PageContext,
    id: ProjectId,
    (section, typed): (&str, Typed),
    result: WebResult<T>,
) -> WebResult<Response> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/projects/{id}#{section}")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            project_page(state, ctx, id, errors, (section, typed), None).await
        }
        Err(other) => Err(other),
    }
}

macro_rules! project_action {
    ($name:ident, $input:ty, $section:literal, $action:path) => {
        pub async fn $name(
            State(state): State<AppState>,
            ctx: PageContext,
            ApiPath(id): ApiPath<ProjectId>,
            PageFormTyped(input, typed): PageFormTyped<$input>,
        ) -> WebResult<Response> {
            let principal = ctx.require()?.clone();
            let result = $action(&state, &principal, id, input).await;
            after(&state, &ctx, id, ($section, typed), result).await
        }
    };
}

project_action!(focus, FocusInput, "focus", actions::change_focus);
project_action!(operator, OperatorInput, "operators", actions::add_operator);
project_action!(objective, ObjectiveInput, "objectives", actions::add_objective);
project_action!(activity, ActivityInput, "register", actions::add_activity);
project_action!(close, ClosureInput, "closure", actions::close_project);
project_action!(follow_up, FollowUpInput, "closure", actions::record_follow_up);

pub async fn objective_status(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, objective_id)): ApiPath<(ProjectId, ObjectiveId)>,
    PageFormTyped(input, typed): PageFormTyped<ObjectiveStatusInput>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let result = actions::set_objective_status(&state, &principal, id, objective_id, input).await;
    after(&state, &ctx, id, ("objectives", typed), result).await
}

pub async fn intervention(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProjectId>,
    PageFormTyped(input, typed): PageFormTyped<InterventionInput>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    match actions::plan_intervention(&state, &principal, id, input).await {
        Ok(Planned::Intervention(_)) => Ok(Redirect::to(&format!("/projects/{id}#interventions")).into_response()),
        Ok(Planned::WaitingList) => {
            project_page(
                &state,
                &ctx,
                id,
                ValidationErrors::new(),
                ("interventions", Typed::default()),
                Some(ctx.t.get("intervention-waiting-list-joined")),
            )
            .await
        }
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            project_page(&state, &ctx, id, errors, ("interventions", typed), None).await
        }
        Err(other) => Err(other),
    }
}

pub async fn intervention_status(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<InterventionId>,
    PageFormTyped(input, typed): PageFormTyped<InterventionStatusInput>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let intervention = interventions::get(&state.store, id).await?;
    let project_id = intervention.project_id.ok_or(WebError::NotFound { what: "project" })?;
    let result = actions::change_intervention_status(&state, &principal, id, input).await;
    after(&state, &ctx, project_id, ("interventions", typed), result).await
}
