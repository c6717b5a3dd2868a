use super::chrome::{Chrome, PageContext};
use super::errors::render;
use crate::app;
use crate::error::WebResult;
use crate::extract::ApiQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::audit::AuditEntry;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::Action;
use filiera_storage::{Page, PageRequest};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditParams {
    organisation_id: Option<String>,
    action: Option<String>,
    page: Option<i64>,
}

impl AuditParams {
    pub fn link(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(org) = self.organisation_id.as_deref().filter(|o| !o.is_empty()) {
            query.append_pair("organisation_id", org);
        }
        if let Some(action) = self.action.as_deref().filter(|a| !a.is_empty()) {
            query.append_pair("action", action);
        }
        query.append_pair("page", &page.to_string());
        format!("?{}", query.finish())
    }
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    chrome: Chrome,
    page: Page<AuditEntry>,
    params: AuditParams,
    organisations: Vec<(String, String)>,
    selected_organisation: String,
    action: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let organisation_id = params
        .organisation_id
        .as_deref()
        .and_then(|o| o.parse::<i64>().ok().map(OrganisationId));
    let page = app::audit::browse(
        &state,
        principal,
        organisation_id,
        params.action.clone(),
        PageRequest::new(params.page, Some(50)),
    )
    .await?;
    let allowed = principal.organisations_allowing(Action::ViewAuditLog);
    let organisations = principal
        .memberships
        .iter()
        .filter(|m| allowed.contains(&m.organisation_id))
        .map(|m| (m.organisation_id.to_string(), m.organisation_name.clone()))
        .collect();
    Ok(render(&AuditPage {
        chrome: ctx.chrome("audit-title"),
        page,
        selected_organisation: params.organisation_id.clone().unwrap_or_default(),
        action: params.action.clone().unwrap_or_default(),
        params,
        organisations,
    }))
}
