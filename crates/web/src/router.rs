use crate::state::AppState;
use crate::{api, assets, auth, health, pages, security_headers};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::trace::TraceLayer;

/// The whole application: pages, API, assets and health checks.
pub fn build_router(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .merge(assets::router())
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        // Outside authentication, so its refusals (CSRF) become pages too.
        .layer(from_fn(pages::render_errors_as_pages))
        .merge(health::router())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn(security_headers::add))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
