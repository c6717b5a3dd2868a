//! API of paths to autonomy: households, paths, assessments, projects,
//! interventions, the register, requests, closure and follow-up, interviews
//! and the household's timeline.

mod dto;
mod households;
mod matching;
mod projects;
mod timeline;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(households::list).post(households::refer))
        .route("/households/{id}", get(households::show))
        .route("/households/{id}/members", post(households::add_member))
        .route("/households/{id}/paths", post(households::open_path))
        .route("/households/{id}/handover", post(households::handover))
        .route("/households/{id}/requests", post(households::open_request))
        .route(
            "/households/{id}/requests/{request_id}/answer",
            post(households::answer_request),
        )
        .route("/households/{id}/projects", post(projects::start))
        .route("/households/{id}/timeline", get(timeline::show))
        .route("/households/{id}/interviews", post(timeline::record_interview))
        .route("/paths/{id}/transitions", post(households::move_path))
        .route(
            "/participants/{id}/assessments",
            get(households::assessments).post(households::record_assessment),
        )
        .route(
            "/participants/{id}/assessments/{assessment_id}/health-notes",
            get(households::health_notes),
        )
        .route("/projects/{id}", get(projects::show))
        .route("/projects/{id}/focus", put(projects::focus))
        .route("/projects/{id}/operators", post(projects::operator))
        .route("/projects/{id}/objectives", post(projects::objective))
        .route(
            "/projects/{id}/objectives/{objective_id}/status",
            put(projects::objective_status),
        )
        .route("/projects/{id}/interventions", post(projects::intervention))
        .route("/interventions/{id}/status", put(projects::intervention_status))
        .route(
            "/projects/{id}/activities",
            get(projects::activities).post(projects::activity),
        )
        .route("/projects/{id}/closure", post(projects::close))
        .route("/projects/{id}/follow-ups", post(projects::follow_up))
        .route("/requests/overdue", get(households::overdue))
        .route("/programmes/{id}/rounds/{round_id}/matching", get(matching::propose))
        .route(
            "/programmes/{id}/rounds/{round_id}/matching/accept",
            post(matching::accept),
        )
        .route(
            "/programmes/{id}/matching-weights",
            get(matching::weights)
                .put(matching::set_weights)
                .delete(matching::reset_weights),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        households::list, households::refer, households::show, households::add_member, households::open_path,
        households::handover, households::open_request, households::answer_request, households::move_path,
        households::assessments, households::record_assessment, households::health_notes, households::overdue,
        projects::start, projects::show, projects::focus, projects::operator, projects::objective,
        projects::objective_status, projects::intervention, projects::intervention_status, projects::activities,
        projects::activity, projects::close, projects::follow_up, matching::propose, matching::accept,
        matching::weights, matching::set_weights, matching::reset_weights, timeline::show, timeline::record_interview,
    ),
    tags((name = "pathways", description = "Households, paths, assessments, projects and interventions"))
)]
pub struct PathwaysApi;
