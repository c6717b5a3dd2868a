//! The user's own work: "My tasks" (`/tasks`) and the notifications
//! (`/notifications`, marking one or all read).

use super::chrome::{Chrome, PageContext};
use super::errors::render;
use crate::app;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use filiera_domain::ids::NotificationId;
use filiera_storage::PageRequest;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(tasks))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(mark_all_read))
        .route("/notifications/{id}/read", post(mark_read))
}

/// One row of the task list.
pub struct TaskRow {
    pub kind: String,
    pub kind_word: &'static str,
    pub due_on: String,
    pub overdue: bool,
    pub title: String,
    pub link: String,
}

/// The task rows of the principal, in their language (shared with the dashboard).
pub async fn task_rows(state: &AppState, ctx: &PageContext) -> WebResult<Vec<TaskRow>> {
    let principal = ctx.require()?;
    let tasks = app::tasks::my_tasks(state, principal).await?;
    Ok(tasks
        .iter()
        .map(|task| TaskRow {
            kind: ctx.t.word("task-kind", task.kind.as_str().replace('_', "-")),
            kind_word: task.kind.as_str(),
            due_on: ctx.t.date(task.due.on),
            overdue: task.due.overdue,
            title: app::tasks::title(&ctx.t, task),
            link: task.link.clone(),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "inbox/tasks.html")]
struct TasksPage {
    chrome: Chrome,
    tasks: Vec<TaskRow>,
}

pub async fn tasks(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    let tasks = task_rows(&state, &ctx).await?;
    let page = TasksPage {
        chrome: ctx.chrome("tasks-title"),
        tasks,
    };
    Ok(render(&page))
}

struct NotificationRow {
    id: NotificationId,
    text: String,
    link: String,
    at: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "inbox/notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    items: Vec<NotificationRow>,
    page: i64,
    pages: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    page: Option<i64>,
}

pub async fn notifications(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let list = app::notifications::list(&state, principal, PageRequest::new(query.page, Some(50))).await?;
    let (page, pages) = (list.page, list.pages());
    let items = list
        .items
        .into_iter()
        .map(|n| {
            let shown = app::notifications::show(&ctx.t, n);
            NotificationRow {
                id: shown.notification.id,
                link: shown.notification.link,
                at: ctx.t.instant(shown.notification.created_at),
                unread: shown.notification.read_at.is_none(),
                text: shown.text,
            }
        })
        .collect();
    let page = NotificationsPage {
        chrome: ctx.chrome("notifications-title"),
        items,
        page,
        pages,
    };
    Ok(render(&page))
}

pub async fn mark_read(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<NotificationId>,
) -> WebResult<Response> {
    app::notifications::mark_read(&state, ctx.require()?, id).await?;
    Ok(Redirect::to("/notifications").into_response())
}

pub async fn mark_all_read(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    app::notifications::mark_all_read(&state, ctx.require()?).await?;
    Ok(Redirect::to("/notifications").into_response())
}
