//! The catalogue page: the services of every programme the user works on,
//! searchable as one types (htmx swaps the results), with each programme's
//! catalogue as Open Referral HSDS JSON.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::{ServiceView, service_view};
use crate::error::{WebError, WebResult};
use crate::extract::ApiQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::{catalogue, programmes};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CatalogueParams {
    q: Option<String>,
}

struct Row {
    programme_id: ProgrammeId,
    programme: String,
    service: ServiceView,
}

#[derive(Template)]
#[template(path = "programmes/catalogue.html")]
struct CataloguePage {
    chrome: Chrome,
    q: String,
    /// (id, name) of each programme shown, for the HSDS downloads.
    programmes: Vec<(ProgrammeId, String)>,
    rows: Vec<Row>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(params): ApiQuery<CatalogueParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    if principal.memberships.is_empty() {
        return Err(WebError::Forbidden(
            "the catalogue is for members of an organisation".into(),
        ));
    }
    let q = params.q.unwrap_or_default();
    let needle = q.trim().to_lowercase();
    let mut shown = Vec::new();
    let mut rows = Vec::new();
    for programme in programmes::list(&state.store).await? {
        let target = programme.target();
        let mine = principal
            .authorize(Action::Pathway(PathwayAction::ViewProgramme), &target)
            .is_ok();
        if !mine
            || principal
                .authorize(Action::Pathway(PathwayAction::ViewCatalogue), &target)
                .is_err()
        {
            continue;
        }
        shown.push((programme.id, programme.name.clone()));
        for service in catalogue::list(&state.store, programme.id, false).await? {
            let haystack = [
                service.name.as_str(),
                service.code.as_str(),
                service.organisation_name.as_deref().unwrap_or_default(),
                service.host_firm_name.as_deref().unwrap_or_default(),
                service.location.as_deref().unwrap_or_default(),
                service.language.as_deref().unwrap_or_default(),
                programme.name.as_str(),
                &service.interest_tags.join(" "),
                &ctx.t.word("service-kind", service.kind.as_str()),
            ]
            .join(" ")
            .to_lowercase();
            if needle.is_empty() || needle.split_whitespace().all(|w| haystack.contains(w)) {
                rows.push(Row {
                    programme_id: programme.id,
                    programme: programme.name.clone(),
                    service: service_view(&ctx, service),
                });
            }
        }
    }
    Ok(render(&CataloguePage {
        chrome: ctx.chrome("catalogue-title"),
        q,
        programmes: shown,
        rows,
    }))
}
