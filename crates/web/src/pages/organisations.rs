use super::chrome::{Chrome, PageContext};
use super::errors::render;
use super::forms::PageForm;
use super::organisation_form::OrganisationFields;
use crate::app;
use crate::error::{WebError, WebResult};
use crate::export::sheet::{Sheet, csv_response};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::{CooperativeType, OrganisationKind};
use filiera_domain::policy::{Action, Target};
use filiera_domain::role::Role;
use filiera_storage::organisations::{self, Organisation, OrganisationQuery};
use filiera_storage::users::User;
use filiera_storage::{Page, PageRequest, users};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    q: Option<String>,
    kind: Option<String>,
    page: Option<i64>,
}

impl ListParams {
    fn query(&self) -> OrganisationQuery {
        OrganisationQuery {
            search: self.q.clone(),
            kind: self.kind.as_deref().and_then(|k| k.parse().ok()),
            ..Default::default()
        }
    }

    /// The query string of this search for another page.
    pub fn link(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(q) = self.q.as_deref().filter(|q| !q.is_empty()) {
            query.append_pair("q", q);
        }
        if let Some(kind) = self.kind.as_deref().filter(|k| !k.is_empty()) {
            query.append_pair("kind", kind);
        }
        query.append_pair("page", &page.to_string());
        format!("?{}", query.finish())
    }
}

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    chrome: Chrome,
    page: Page<Organisation>,
    params: ListParams,
    q: String,
    kind: String,
    kinds: Vec<(&'static str, String)>,
    can_create: bool,
    csv_link: String,
}

fn kind_options(ctx: &PageContext) -> Vec<(&'static str, String)> {
    OrganisationKind::ALL
        .iter()
        .map(|k| (k.as_str(), ctx.t.get(&format!("kind-{}", k.as_str()))))
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(params): ApiQuery<ListParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let page = app::organisations::list(
        &state,
        principal,
        &params.query(),
        PageRequest::new(params.page, Some(20)),
    )
    .await?;
    let csv_link = format!("/organisations.csv{}", params.link(1));
    Ok(render(&ListPage {
        chrome: ctx.chrome("organisations-title"),
        can_create: principal.may_somewhere(Action::CreateOrganisation),
        q: params.q.clone().unwrap_or_default(),
        kind: params.kind.clone().unwrap_or_default(),
        kinds: kind_options(&ctx),
        page,
        params,
        csv_link,
    }))
}

/// The registry as CSV (UTF-8 with a byte-order mark, so spreadsheets open it
/// with accents intact), with the filters of the list.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiQuery(params): ApiQuery<ListParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let header = [
        "id",
        "name",
        "kind",
        "cooperative_type",
        "sectors",
        "vat_number",
        "municipality",
        "email",
        "consortium",
        "law381_region",
        "law381_number",
        "law381_registered_on",
    ];
    let mut rows = Vec::new();
    let mut page_number = 1;
    loop {
        let page = app::organisations::list(
            &state,
            principal,
            &params.query(),
            PageRequest::new(Some(page_number), Some(200)),
        )
        .await?;
        for o in &page.items {
            let law = o.law381.as_ref();
            rows.push(vec![
                o.id.to_string(),
                o.name.clone(),
                o.kind.as_str().to_owned(),
                o.cooperative_type.map(|t| t.as_str().to_owned()).unwrap_or_default(),
                o.sectors.join("; "),
                o.vat_number.clone().unwrap_or_default(),
                o.municipality.clone().unwrap_or_default(),
                o.email.clone().unwrap_or_default(),
                o.consortium_name.clone().unwrap_or_default(),
                law.map(|l| l.region.clone()).unwrap_or_default(),
                law.map(|l| l.number.clone()).unwrap_or_default(),
                law.map(|l| l.registered_on.to_string()).unwrap_or_default(),
            ]);
        }
        if !page.has_next() {
            break;
        }
        page_number += 1;
    }
    let sheet = Sheet {
        header: header.map(str::to_owned).to_vec(),
        rows,
    };
    csv_response(&sheet, "organisations")
}

pub struct MemberRow {
    pub user: User,
    pub role_label: String,
}

#[derive(Template)]
#[template(path = "organisations/show.html")]
struct ShowPage {
    chrome: Chrome,
    org: Organisation,
    kind_label: String,
    members: Option<Vec<MemberRow>>,
    can_edit: bool,
    can_archive: bool,
    can_manage_members: bool,
    roles: Vec<(&'static str, String)>,
    member_errors: ValidationErrors,
    one_time_password: Option<(String, String)>,
}

pub(super) fn role_options(ctx: &PageContext) -> Vec<(&'static str, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str(), ctx.t.get(&format!("role-{}", r.as_str()))))
        .collect()
}

/// The organisation page, optionally with the outcome of adding a member.
pub(super) async fn show_page(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    member_errors: ValidationErrors,
    one_time_password: Option<(String, String)>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let org = app::organisations::get(state, principal, id, Action::ViewOrganisation).await?;
    let target = org.target();
    let members = if principal.authorize(Action::ViewMembers, &target).is_ok() {
        let rows = users::members_of(&state.store, id).await?;
        Some(
            rows.into_iter()
                .map(|(user, role)| MemberRow {
                    user,
                    role_label: ctx.t.get(&format!("role-{}", role.as_str())),
                })
                .collect(),
        )
    } else {
        None
    };
    let status = if member_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ShowPage {
        chrome: ctx.chrome_titled(org.name.clone()),
        kind_label: ctx.t.get(&format!("kind-{}", org.kind.as_str())),
        can_edit: principal.authorize(Action::UpdateOrganisation, &target).is_ok(),
        can_archive: org.archived_at.is_none() && principal.authorize(Action::ArchiveOrganisation, &target).is_ok(),
        can_manage_members: org.archived_at.is_none() && principal.authorize(Action::ManageMembers, &target).is_ok(),
        roles: role_options(ctx),
        org,
        members,
        member_errors,
        one_time_password,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    show_page(&state, &ctx, id, ValidationErrors::new(), None).await
}

#[derive(Template)]
#[template(path = "organisations/form.html")]
struct FormPage {
    chrome: Chrome,
    action: String,
    fields: OrganisationFields,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, String)>,
    cooperative_types: Vec<(&'static str, String)>,
    consortia: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    ctx: &PageContext,
    title: String,
    action: String,
    fields: OrganisationFields,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let consortia = organisations::consortia(&state.store)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        chrome: ctx.chrome_titled(title),
        action,
        fields,
        errors,
        kinds: kind_options(ctx),
        cooperative_types: CooperativeType::ALL
            .iter()
            .map(|t| (t.as_str(), ctx.t.get(&format!("cooperative-type-{}", t.as_str()))))
            .collect(),
        consortia,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new_form(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    ctx.require()?.authorize(Action::CreateOrganisation, &Target::none())?;
    let title = ctx.t.get("organisation-new-title");
    form_page(
        &state,
        &ctx,
        title,
        "/organisations".into(),
        OrganisationFields::default(),
        ValidationErrors::new(),
    )
    .await
}

/// Errors the form can show next to its fields; anything else is an error page.
fn form_errors(error: WebError) -> Result<ValidationErrors, WebError> {
    match error {
        WebError::Invalid(errors) | WebError::Conflict(errors) => Ok(errors),
        other => Err(other),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    PageForm(fields): PageForm<OrganisationFields>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    principal.authorize(Action::CreateOrganisation, &Target::none())?;
    let title = ctx.t.get("organisation-new-title");
    let valid = match fields.to_draft().and_then(|d| d.validate()) {
        Ok(valid) => valid,
        Err(errors) => {
            return form_page(&state, &ctx, title, "/organisations".into(), fields, errors).await;
        }
    };
    match app::organisations::create(&state, &principal, valid).await {
        Ok(created) => Ok(Redirect::to(&format!("/organisations/{}", created.id)).into_response()),
        Err(error) => {
            let errors = form_errors(error)?;
            form_page(&state, &ctx, title, "/organisations".into(), fields, errors).await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    let org = app::organisations::get(&state, ctx.require()?, id, Action::UpdateOrganisation).await?;
    let title = ctx.t.with("organisation-edit-title", "name", &org.name);
    let fields = OrganisationFields::from_organisation(&org);
    form_page(
        &state,
        &ctx,
        title,
        format!("/organisations/{id}"),
        fields,
        ValidationErrors::new(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(fields): PageForm<OrganisationFields>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let org = app::organisations::get(&state, &principal, id, Action::UpdateOrganisation).await?;
    let title = ctx.t.with("organisation-edit-title", "name", &org.name);
    let action = format!("/organisations/{id}");
    let valid = match fields.to_draft().and_then(|d| d.validate()) {
        Ok(valid) => valid,
        Err(errors) => return form_page(&state, &ctx, title, action, fields, errors).await,
    };
    match app::organisations::update(&state, &principal, id, valid).await {
        Ok(_) => Ok(Redirect::to(&action).into_response()),
        Err(error) => {
            let errors = form_errors(error)?;
            form_page(&state, &ctx, title, action, fields, errors).await
        }
    }
}

pub async fn archive(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    app::organisations::archive(&state, &principal, id).await?;
    Ok(Redirect::to(&format!("/organisations/{id}")).into_response())
}
