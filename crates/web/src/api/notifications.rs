//! The caller's in-app notifications: `GET /api/v1/notifications`,
//! `POST /api/v1/notifications/{id}/read` and `POST /api/v1/notifications/read`.

use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::i18n::negotiate;
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use filiera_domain::ids::NotificationId;
use filiera_storage::PageRequest;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    paths(list, mark_read, mark_all_read),
    components(schemas(NotificationView, NotificationPage, MarkedRead)),
    tags((name = "notifications", description = "What reached the caller: requests, handovers, report decisions"))
)]
pub struct NotificationsApiDoc;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    #[schema(value_type = i64)]
    pub id: NotificationId,
    /// `request_opened`, `handover`, `report_submitted`, `report_approved` or `report_returned`.
    pub kind: String,
    /// The message in the caller's language.
    pub text: String,
    /// The Fluent message key and its arguments, for clients that translate themselves.
    pub message_key: String,
    pub message_args: std::collections::BTreeMap<String, String>,
    pub link: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub read_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: i64,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    /// How many notifications were unread before.
    pub marked: u64,
}

/// The caller's notifications, unread first, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "list_notifications", tag = "notifications",
    security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = NotificationPage), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<PageParams>,
) -> WebResult<Json<NotificationPage>> {
    let t = negotiate(&headers, principal.user.preferred_language.as_deref());
    let page = app::notifications::list(&state, &principal, PageRequest::new(params.page, params.per_page)).await?;
    let unread = app::notifications::unread_count(&state, &principal).await?;
    let instant = filiera_domain::time_format::format_instant;
    Ok(Json(NotificationPage {
        items: page
            .items
            .into_iter()
            .map(|n| {
                let shown = app::notifications::show(&t, n);
                let n = shown.notification;
                NotificationView {
                    id: n.id,
                    kind: n.kind.as_str().to_owned(),
                    text: shown.text,
                    message_key: n.message_key,
                    message_args: n.message_args,
                    link: n.link,
                    created_at: instant(n.created_at),
                    read_at: n.read_at.map(instant),
                }
            })
            .collect(),
        unread,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// Marks one of the caller's notifications read (404 for anyone else's).
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", operation_id = "mark_notification_read", tag = "notifications",
    security(("bearer" = [])), params(("id" = i64, Path, description = "Notification id")),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn mark_read(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<NotificationId>,
) -> WebResult<StatusCode> {
    app::notifications::mark_read(&state, &principal, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", operation_id = "mark_all_notifications_read", tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, body = MarkedRead), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn mark_all_read(State(state): State<AppState>, principal: Arc<Principal>) -> WebResult<Json<MarkedRead>> {
    let marked = app::notifications::mark_all_read(&state, &principal).await?;
    Ok(Json(MarkedRead { marked }))
}
