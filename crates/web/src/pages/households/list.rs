use crate::app::pathways::actions;
use crate::app::pathways::case_list::{self, CaseListParams};
use crate::app::pathways::inputs::MemberInput;
use crate::error::{WebError, WebResult};
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{OrganisationId, ProgrammeId};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::Page;
use filiera_storage::pathways::case_list::{CaseListOptions, CaseRow};
use time::Date;

/// Rows per page unless the query asks otherwise.
const DEFAULT_PER_PAGE: &str = "20";

/// The filters and sort of the page, as the query string to keep them in links.
fn query_string(params: &CaseListParams, sort: Option<&str>, page: i64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("search", &params.search),
        ("stage", &params.stage),
        ("programme_id", &params.programme_id),
        ("round_id", &params.round_id),
        ("social_worker_id", &params.social_worker_id),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            query.append_pair(name, value);
        }
    }
    if params.mine() {
        query.append_pair("mine", "1");
    }
    if let Some(sort) = sort.filter(|s| !s.is_empty()) {
        query.append_pair("sort", sort);
    }
    if let Some(per_page) = params.per_page.as_deref().filter(|p| *p != DEFAULT_PER_PAGE) {
        query.append_pair("per_page", per_page);
    }
    query.append_pair("page", &page.to_string());
    format!("?{}", query.finish())
}

#[derive(Template)]
#[template(path = "households/list.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<CaseRow>,
    today: Date,
    params: CaseListParams,
    options: CaseListOptions,
    stages: Vec<&'static str>,
    errors: ValidationErrors,
    can_refer: bool,
}

impl ListPage {
    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    fn current_sort(&self) -> &str {
        self.params.sort.as_deref().unwrap_or_default()
    }

    /// The page `page` of this list, with the same filters and sort.
    fn link(&self, page: i64) -> String {
        query_string(&self.params, self.params.sort.as_deref(), page)
    }

    /// The header link of a sortable column: ascending first, then descending.
    fn sort_link(&self, column: &str) -> String {
        let sort = if self.current_sort() == column {
            format!("-{column}")
        } else {
            column.to_owned()
        };
        query_string(&self.params, Some(&sort), 1)
    }

    /// `aria-sort` of a column header.
    fn aria_sort(&self, column: &str) -> &'static str {
        let current = self.current_sort();
        if current == column {
            "ascending"
        } else if current.strip_prefix('-') == Some(column) {
            "descending"
        } else {
            "none"
        }
    }

    /// The translated message for a filter that could not be read.
    fn error_for(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(|_| {
            self.chrome
                .t
                .get(&format!("households-filter-invalid-{}", field.replace('_', "-")))
        })
    }

    fn programmes(&self) -> Vec<(ProgrammeId, &str)> {
        let mut programmes: Vec<(ProgrammeId, &str)> = Vec::new();
        for (id, name, _, _) in &self.options.rounds {
            if !programmes.iter().any(|(p, _)| p == id) {
                programmes.push((*id, name.as_str()));
            }
        }
        programmes
    }
}

pub async fn list(State(state): State<AppState>, ctx: PageContext, RawQuery(query): RawQuery) -> WebResult<Response> {
    let principal = ctx.require()?;
    if !principal.may_somewhere(Action::Pathway(PathwayAction::ViewHousehold)) {
        return Err(WebError::Forbidden(
            "your roles do not give access to households".into(),
        ));
    }
    let mut params: CaseListParams =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).map_err(|e| WebError::BadRequest {
            detail: format!("the query string is not valid: {e}"),
            errors: Vec::new(),
        })?;
    params.per_page.get_or_insert_with(|| DEFAULT_PER_PAGE.to_owned());
    let (status, page, today, errors) = match case_list::case_list(&state, principal, &params).await {
        Ok(list) => (StatusCode::OK, list.page, list.today, ValidationErrors::new()),
        Err(WebError::Invalid(errors)) => {
            let empty = Page {
                items: Vec::new(),
                total: 0,
                page: 1,
                per_page: 20,
            };
            (StatusCode::UNPROCESSABLE_ENTITY, empty, state.clock.today(), errors)
        }
        Err(other) => return Err(other),
    };
    let options = case_list::options(&state, principal).await?;
    let page = ListPage {
        chrome: ctx.chrome("households-title"),
        can_refer: principal.may_somewhere(Action::Pathway(PathwayAction::ManageHousehold)),
        stages: case_list::STAGES.iter().map(|s| s.as_str()).collect(),
        page,
        today,
        params,
        options,
        errors,
    };
    Ok((status, render(&page)).into_response())
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
