//! Pages of paths to autonomy for social workers and case managers: the list
//! of households, referral, the household's page (members, paths, forms,
//! requests, handover), its timeline and interviews, the Access and Evaluation
//! Form and the project page.

mod assessment;
mod list;
mod matching;
mod print;
mod project;
mod show;
mod timeline;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(list::list).post(list::refer))
        .route("/households/new", get(list::new_form))
        .route("/households/{id}", get(show::show))
        .route("/households/{id}/members", post(show::add_member))
        .route("/households/{id}/paths", post(show::open_path))
        .route("/households/{id}/handover", post(show::handover))
        .route("/households/{id}/requests", post(show::open_request))
        .route(
            "/households/{id}/requests/{request_id}/answer",
            post(show::answer_request),
        )
        .route("/households/{id}/projects", post(show::start_project))
        .route("/assessments/{id}/form.pdf", get(print::assessment_pdf))
        .route("/projects/{id}/form.pdf", get(print::project_pdf))
        .route("/households/{id}/timeline", get(timeline::show))
        .route("/households/{id}/interviews", post(timeline::record_interview))
        .route("/paths/{id}/move", post(show::move_path))
        .route(
            "/participants/{id}/assessments/new",
            get(assessment::form).post(assessment::submit),
        )
        .route(
            "/participants/{id}/assessments/{assessment_id}/health-notes",
            get(assessment::health_notes),
        )
        .route("/matching", get(matching::index))
        .route("/programmes/{id}/rounds/{round_id}/matching", get(matching::show))
        .route(
            "/programmes/{id}/rounds/{round_id}/matching/accept",
            post(matching::accept),
        )
        .route(
            "/programmes/{id}/rounds/{round_id}/matching/weights",
            post(matching::weights),
        )
        .route("/projects/{id}", get(project::show))
        .route("/projects/{id}/focus", post(project::focus))
        .route("/projects/{id}/operators", post(project::operator))
        .route("/projects/{id}/objectives", post(project::objective))
        .route(
            "/projects/{id}/objectives/{objective_id}/status",
            post(project::objective_status),
        )
        .route("/projects/{id}/interventions", post(project::intervention))
        .route("/interventions/{id}/status", post(project::intervention_status))
        .route("/projects/{id}/activities", post(project::activity))
        .route("/projects/{id}/closure", post(project::close))
        .route("/projects/{id}/follow-ups", post(project::follow_up))
}

/// Labels for words stored in the database, in the user's language.
pub(super) fn label(t: &crate::i18n::Tr, prefix: &str, word: &str) -> String {
    t.get(&format!("{prefix}-{word}"))
}
