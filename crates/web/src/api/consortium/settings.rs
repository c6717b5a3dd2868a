//! A consortium's settings: the human-scale limit, the solidarity fund's rate,
//! the borsa lavoro schedule and its public share, the allocations' stretch
//! share. Read by whoever may view the finance, changed by a consortium manager.

use crate::app::consortium::load_consortium;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::borsa::BorsaSchedule;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, Settings};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// A consortium's settings; money in cents, shares in basis points (10,000 = 100%).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsDto {
    /// Members a cooperative may have before it loses its human scale (1–10,000; default 100).
    pub human_scale_limit: i64,
    /// Solidarity-fund contribution per hour worked (0–1,000 cents; default 10).
    pub fund_cents_per_hour: i64,
    /// Borsa lavoro amount per hour for autonomy levels 1 to 5, not decreasing.
    pub borsa_cents_per_hour: [i64; 5],
    pub effort_bonus_cents: i64,
    pub result_bonus_cents: i64,
    /// Public funding's share of the borsa lavoro (default 5,000 = 50%).
    pub borsa_public_share_bp: i64,
    /// Share of a person's hours that may be work at their grade + 1 (default 1,000 = 10%).
    pub stretch_share_bp: i64,
}

impl From<&Settings> for SettingsDto {
    fn from(settings: &Settings) -> Self {
        SettingsDto {
            human_scale_limit: i64::try_from(settings.human_scale_limit).unwrap_or(i64::MAX),
            fund_cents_per_hour: settings.fund_per_hour.cents(),
            borsa_cents_per_hour: settings.borsa.per_hour.map(Money::cents),
            effort_bonus_cents: settings.borsa.effort_bonus.cents(),
            result_bonus_cents: settings.borsa.result_bonus.cents(),
            borsa_public_share_bp: i64::from(settings.borsa.public_share_bp),
            stretch_share_bp: settings.stretch_share_bp,
        }
    }
}

impl SettingsDto {
    /// The settings as the domain holds them; out-of-range values are left for
    /// [`Settings::validate`] to name (a negative count or share becomes one
    /// the domain refuses, never a silent zero).
    pub fn into_settings(self) -> Settings {
        Settings {
            human_scale_limit: u64::try_from(self.human_scale_limit).unwrap_or(0),
            fund_per_hour: Money::from_cents(self.fund_cents_per_hour),
            borsa: BorsaSchedule {
                per_hour: self.borsa_cents_per_hour.map(Money::from_cents),
                effort_bonus: Money::from_cents(self.effort_bonus_cents),
                result_bonus: Money::from_cents(self.result_bonus_cents),
                public_share_bp: u32::try_from(self.borsa_public_share_bp).unwrap_or(u32::MAX),
            },
            stretch_share_bp: self.stretch_share_bp,
        }
    }
}

/// The domain's field names as the API's input names them.
fn dto_fields(mut errors: ValidationErrors) -> ValidationErrors {
    for error in &mut errors.0 {
        let renamed = match error.field.as_str() {
            "fund_per_hour" => "fund_cents_per_hour",
            "public_share_bp" => "borsa_public_share_bp",
            "per_hour" => "borsa_cents_per_hour",
            _ => continue,
        };
        error.field = renamed.into();
    }
    errors
}

#[utoipa::path(get, path = "/api/v1/consortia/{id}/settings", operation_id = "get_consortium_settings", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = SettingsDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<SettingsDto>> {
    load_consortium(&state, &principal, id, ConsortiumAction::ViewFinance).await?;
    let settings = consortium::settings(&state.store, id).await?;
    Ok(Json(SettingsDto::from(&settings)))
}

/// Replace the settings; a value out of its range is refused (422) naming its field.
#[utoipa::path(put, path = "/api/v1/consortia/{id}/settings", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = SettingsDto,
    responses((status = 200, body = SettingsDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn put(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<SettingsDto>,
) -> WebResult<Json<SettingsDto>> {
    load_consortium(&state, &principal, id, ConsortiumAction::ManageFinance).await?;
    let settings = input.into_settings().validate().map_err(dto_fields)?;
    crate::app::consortium::save_settings(&state, &principal, id, &settings).await?;
    Ok(Json(SettingsDto::from(&settings)))
}
