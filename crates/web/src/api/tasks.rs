//! `GET /api/v1/tasks`: the caller's tasks, as on the "My tasks" page.

use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::i18n::negotiate;
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Serialize;
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(list),
    components(schemas(TaskView)),
    tags((name = "tasks", description = "What the caller has to do, and by when"))
)]
pub struct TasksApiDoc;

/// One task: what, by when, and where it is done.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskView {
    /// `request`, `interview`, `follow_up`, `report_to_submit`, `report_to_approve`,
    /// `certificate_expiring`, `thirty_percent_breach` or `handover`.
    pub kind: String,
    /// The day it is due (ISO date).
    #[schema(format = Date)]
    pub due_on: String,
    /// Whether the due day has passed.
    pub overdue: bool,
    /// The task in the caller's language (saved preference, else `Accept-Language`).
    pub title: String,
    /// The page where the task is done.
    pub link: String,
}

/// The caller's tasks across their roles and organisations, overdue first,
/// then by due date. A task leaves the list when the fact behind it changes.
#[utoipa::path(get, path = "/api/v1/tasks", operation_id = "list_tasks", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, body = [TaskView]), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    headers: HeaderMap,
) -> WebResult<Json<Vec<TaskView>>> {
    let t = negotiate(&headers, principal.user.preferred_language.as_deref());
    let tasks = app::tasks::my_tasks(&state, &principal).await?;
    Ok(Json(
        tasks
            .iter()
            .map(|task| TaskView {
                kind: task.kind.as_str().to_owned(),
                due_on: filiera_domain::time_format::iso_date::format(task.due.on),
                overdue: task.due.overdue,
                title: app::tasks::title(&t, task),
                link: task.link.clone(),
            })
            .collect(),
    ))
}
