//! filiera's web layer: the JSON API under `/api/v1` (with its OpenAPI document)
//! and the server-rendered HTML pages, both on one axum router.
//!
//! Handlers parse input, ask the domain policy whether the principal may act,
//! call the storage repository and render the result. They never write SQL and
//! never decide a domain rule themselves.

mod api;
pub mod app;
mod assets;
mod auth;
mod client;
mod config;
mod error;
pub mod export;
mod extract;
mod files;
mod health;
pub mod i18n;
pub mod mail;
mod pages;
mod problem;
mod router;
mod security_headers;
pub mod server;
mod state;
mod work;

pub use config::WebConfig;
pub use router::build_router;
pub use state::AppState;
