use crate::app::pathways::actions;
use crate::app::pathways::inputs::MemberInput;
use crate::error::{WebError, WebResult};
use crate::extract::ApiQuery;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::OrganisationId;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::households::{self, Household};
use filiera_storage::{Page, PageRequest};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    q: Option<String>,
    mine: Option<String>,
    page: Option<i64>,
}

impl ListParams {
    pub fn link(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(q) = self.q.as_deref().filter(|q| !q.is_empty()) {
            query.append_pair("q", q);
        }
        if self.mine.is_some() {
            query.append_pair("mine", "1");
        }
        query.append_pair("page", &page.to_string());
        format!("?{}", query.finish())
    }
}

#[derive(Template)]
#[template(path = "households/list.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<Household>,
    params: ListParams,
    q: String,
    mine: bool,
    can_refer: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(params): ApiQuery<ListParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    if !principal.may_somewhere(Action::Pathway(PathwayAction::ViewHousehold)) {
        return Err(WebError::Forbidden(
            "your roles do not give access to households".into(),
        ));
    }
    let mine = params.mine.is_some();
    let query = crate::app::pathways::targets::visible_households(
        principal,
        params.q.clone(),
        mine.then_some(principal.user.id),
    );
    let page = households::list(&state.store, &query, PageRequest::new(params.page, Some(20))).await?;
    Ok(render(&ListPage {
        chrome: ctx.chrome("households-title"),
        q: params.q.clone().unwrap_or_default(),
        can_refer: principal.may_somewhere(Action::Pathway(PathwayAction::ManageHousehold)),
        page,
        params,
        mine,
    }))
}

#[derive(Template)]
#[template(path = "households/new.html")]
struct NewPage {
    chrome: Chrome,
    agencies: Vec<(OrganisationId, String)>,
    input: MemberInput,
    errors: ValidationErrors,
    duplicates: bool,
}

fn new_page(ctx: &PageContext, input: MemberInput, errors: ValidationErrors, duplicates: bool) -> WebResult<Response> {
    let principal = ctx.require()?;
    let allowed = principal.organisations_allowing(Action::Pathway(PathwayAction::ManageHousehold));
    let agencies = principal
        .memberships
        .iter()
        .filter(|m| allowed.contains(&m.organisation_id))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewPage {
        chrome: ctx.chrome("household-new-title"),
        agencies,
        input,
        errors,
        duplicates,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new_form(ctx: PageContext) -> WebResult<Response> {
    if !ctx
        .require()?
        .may_somewhere(Action::Pathway(PathwayAction::ManageHousehold))
    {
        return Err(WebError::Forbidden(
            "only social workers and programme managers refer households".into(),
        ));
    }
    new_page(&ctx, MemberInput::default(), ValidationErrors::new(), false)
}

pub async fn refer(
    State(state): State<AppState>,
    ctx: PageContext,
    PageForm(input): PageForm<MemberInput>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    match actions::refer_household(&state, &principal, input.clone()).await {
        Ok(household) => Ok(Redirect::to(&format!("/households/{}", household.id)).into_response()),
        Err(WebError::Conflict(errors)) => new_page(&ctx, input, errors, true),
        Err(WebError::Invalid(errors)) => new_page(&ctx, input, errors, false),
        Err(other) => Err(other),
    }
}
