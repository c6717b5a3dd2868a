//! The consortium's settings page: a consortium manager changes the
//! human-scale limit, the solidarity fund's rate, the borsa lavoro schedule
//! and its public share, and the allocations' stretch share. Money is typed in
//! euros and shares in percent; the ranges are the domain's.

use crate::app::consortium::load_consortium;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::borsa::BorsaSchedule;
use filiera_domain::consortium::settings::{parse_percent, percent_text};
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::policy::Action;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::{self, Settings};
use serde::Deserialize;

/// The form's values as typed (kept as they are when the form is refused).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    #[allow(dead_code)]
    csrf_token: Option<String>,
    human_scale_limit: String,
    fund_per_hour: String,
    rate_1: String,
    rate_2: String,
    rate_3: String,
    rate_4: String,
    rate_5: String,
    effort_bonus: String,
    result_bonus: String,
    public_share: String,
    stretch_share: String,
}

impl SettingsForm {
    fn of(settings: &Settings) -> Self {
        let [rate_1, rate_2, rate_3, rate_4, rate_5] = settings.borsa.per_hour.map(Money::decimal);
        SettingsForm {
            csrf_token: None,
            human_scale_limit: settings.human_scale_limit.to_string(),
            fund_per_hour: settings.fund_per_hour.decimal(),
            rate_1,
            rate_2,
            rate_3,
            rate_4,
            rate_5,
            effort_bonus: settings.borsa.effort_bonus.decimal(),
            result_bonus: settings.borsa.result_bonus.decimal(),
            public_share: percent_text(i64::from(settings.borsa.public_share_bp)),
            stretch_share: percent_text(settings.stretch_share_bp),
        }
    }

    /// The settings, or every field that could not be read; the ranges are
    /// then checked by [`Settings::validate`].
    fn parse(&self) -> Result<Settings, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut money = |field: &str, text: &str| Money::parse(text).map_err(|m| errors.add(field, m)).ok();
        let fund = money("fund_per_hour", &self.fund_per_hour);
        let rates = [
            money("rate_1", &self.rate_1),
            money("rate_2", &self.rate_2),
            money("rate_3", &self.rate_3),
            money("rate_4", &self.rate_4),
            money("rate_5", &self.rate_5),
        ];
        let effort = money("effort_bonus", &self.effort_bonus);
        let result = money("result_bonus", &self.result_bonus);
        let limit = self
            .human_scale_limit
            .trim()
            .parse::<u64>()
            .map_err(|_| errors.add("human_scale_limit", msg!("error-whole-members")))
            .ok();
        let public = parse_percent(&self.public_share)
            .map_err(|m| errors.add("public_share", m))
            .ok();
        let stretch = parse_percent(&self.stretch_share)
            .map_err(|m| errors.add("stretch_share", m))
            .ok();
        let (Some(limit), Some(fund), [Some(r1), Some(r2), Some(r3), Some(r4), Some(r5)]) = (limit, fund, rates) else {
            return Err(errors);
        };
        let (Some(effort), Some(result), Some(public), Some(stretch)) = (effort, result, public, stretch) else {
            return Err(errors);
        };
        Settings {
            human_scale_limit: limit,
            fund_per_hour: fund,
            borsa: BorsaSchedule {
                per_hour: [r1, r2, r3, r4, r5],
                effort_bonus: effort,
                result_bonus: result,
                public_share_bp: u32::try_from(public).unwrap_or(u32::MAX),
            },
            stretch_share_bp: stretch,
        }
        .validate()
        .map_err(|errors| {
            // The domain names its own fields; the form names them as typed.
            let mut renamed = errors;
            for error in &mut renamed.0 {
                error.field = match error.field.as_str() {
                    "public_share_bp" => "public_share".into(),
                    "stretch_share_bp" => "stretch_share".into(),
                    "per_hour" => "rate_1".into(),
                    _ => std::mem::take(&mut error.field),
                };
            }
            renamed
        })
    }
}

#[derive(Template)]
#[template(path = "consortium/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    consortium_id: OrganisationId,
    form: SettingsForm,
    can_manage: bool,
    errors: ValidationErrors,
}

fn render_page(
    ctx: &PageContext,
    name: &str,
    consortium_id: OrganisationId,
    form: SettingsForm,
    can_manage: bool,
    errors: ValidationErrors,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SettingsPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-settings-title", "name", name)),
        consortium_id,
        form,
        can_manage,
        errors,
    };
    (status, render(&page)).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let consortium = load_consortium(&state, principal, id, ConsortiumAction::ViewFinance).await?;
    let settings = consortium::settings(&state.store, id).await?;
    let can_manage = principal
        .authorize(
            Action::Consortium(ConsortiumAction::ManageFinance),
            &consortium.target(),
        )
        .is_ok();
    Ok(render_page(
        &ctx,
        &consortium.name,
        id,
        SettingsForm::of(&settings),
        can_manage,
        ValidationErrors::new(),
    ))
}

/// Stores the settings (audited) and shows them again; a refused form comes
/// back with 422, its field errors and the values as typed.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(form): PageForm<SettingsForm>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let consortium = load_consortium(&state, &principal, id, ConsortiumAction::ManageFinance).await?;
    let settings = match form.parse() {
        Ok(settings) => settings,
        Err(errors) => return Ok(render_page(&ctx, &consortium.name, id, form, true, errors)),
    };
    match crate::app::consortium::save_settings(&state, &principal, id, &settings).await {
        Ok(()) => Ok(Redirect::to(&format!("/consortium/{id}/settings")).into_response()),
        Err(WebError::Invalid(errors)) => Ok(render_page(&ctx, &consortium.name, id, form, true, errors)),
        Err(other) => Err(other),
    }
}
