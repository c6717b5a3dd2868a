use crate::app;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::OrganisationId;
use filiera_domain::organisation::{CooperativeType, Law381Registration, OrganisationDraft, OrganisationKind};
use filiera_domain::policy::{Action, Target};
use filiera_storage::PageRequest;
use filiera_storage::organisations::{Organisation, OrganisationQuery};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// An organisation's registry data, as sent to create or replace it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: OrganisationKind,
    /// Required for cooperatives, absent for everything else.
    #[serde(default)]
    pub cooperative_type: Option<CooperativeType>,
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Italian VAT number (partita IVA), 11 digits.
    #[serde(default)]
    pub vat_number: Option<String>,
    #[serde(default)]
    pub municipality: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Entry in the regional register of social cooperatives (Law 381/1991 art. 9).
    #[serde(default)]
    pub law381: Option<Law381Input>,
    /// The consortium a cooperative belongs to.
    #[serde(default)]
    pub consortium_id: Option<OrganisationId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Law381Input {
    pub region: String,
    pub number: String,
    /// ISO date, e.g. `1998-05-12`.
    pub registered_on: String,
}

impl OrganisationInput {
    pub fn into_draft(self) -> Result<OrganisationDraft, ValidationErrors> {
        let (law381_region, law381_number, law381_registered_on) = match self.law381 {
            Some(reg) => {
                let date = filiera_domain::bounds::parse_date(&reg.registered_on)
                    .map_err(|message| ValidationErrors::single("law381.registered_on", message))?;
                (Some(reg.region), Some(reg.number), Some(date))
            }
            None => (None, None, None),
        };
        Ok(OrganisationDraft {
            name: self.name,
            kind: Some(self.kind),
            cooperative_type: self.cooperative_type,
            sectors: self.sectors,
            vat_number: self.vat_number,
            municipality: self.municipality,
            email: self.email,
            law381_region,
            law381_number,
            law381_registered_on,
            consortium_id: self.consortium_id,
        })
    }
}

/// An organisation of the registry.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub cooperative_type: Option<CooperativeType>,
    pub sectors: Vec<String>,
    pub vat_number: Option<String>,
    pub municipality: Option<String>,
    pub email: Option<String>,
    pub law381: Option<Law381Registration>,
    pub consortium_id: Option<OrganisationId>,
    pub consortium_name: Option<String>,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub archived_at: Option<OffsetDateTime>,
}

impl From<Organisation> for OrganisationDto {
    fn from(o: Organisation) -> Self {
        OrganisationDto {
            id: o.id,
            name: o.name,
            kind: o.kind,
            cooperative_type: o.cooperative_type,
            sectors: o.sectors,
            vat_number: o.vat_number,
            municipality: o.municipality,
            email: o.email,
            law381: o.law381,
            consortium_id: o.consortium_id,
            consortium_name: o.consortium_name,
            created_at: o.created_at,
            updated_at: o.updated_at,
            archived_at: o.archived_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<OrganisationDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Text the name contains (case-insensitive).
    pub search: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub consortium_id: Option<OrganisationId>,
    #[serde(default)]
    pub include_archived: bool,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The registry of organisations, searchable and paginated.
#[utoipa::path(get, path = "/api/v1/organisations", operation_id = "list_organisations", tag = "organisations", security(("bearer" = [])), params(ListParams),
    responses((status = 200, body = OrganisationPage), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> WebResult<Json<OrganisationPage>> {
    let query = OrganisationQuery {
        search: params.search,
        kind: params.kind,
        consortium_id: params.consortium_id,
        include_archived: params.include_archived,
    };
    let page = app::organisations::list(
        &state,
        &principal,
        &query,
        PageRequest::new(params.page, params.per_page),
    )
    .await?;
    Ok(Json(OrganisationPage {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        items: page.items.into_iter().map(OrganisationDto::from).collect(),
    }))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", operation_id = "get_organisation", tag = "organisations", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = OrganisationDto), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<OrganisationDto>> {
    let org = app::organisations::get(&state, &principal, id, Action::ViewOrganisation).await?;
    Ok(Json(org.into()))
}

/// Register an organisation.
#[utoipa::path(post, path = "/api/v1/organisations", operation_id = "create_organisation", tag = "organisations", security(("bearer" = [])),
    request_body = OrganisationInput,
    responses(
        (status = 201, body = OrganisationDto),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> WebResult<(StatusCode, Json<OrganisationDto>)> {
    principal.authorize(Action::CreateOrganisation, &Target::none())?;
    let valid = input.into_draft()?.validate()?;
    let created = app::organisations::create(&state, &principal, valid).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Replace an organisation's registry data.
#[utoipa::path(put, path = "/api/v1/organisations/{id}", operation_id = "update_organisation", tag = "organisations", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = OrganisationInput,
    responses(
        (status = 200, body = OrganisationDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> WebResult<Json<OrganisationDto>> {
    app::organisations::get(&state, &principal, id, Action::UpdateOrganisation).await?;
    let valid = input.into_draft()?.validate()?;
    let updated = app::organisations::update(&state, &principal, id, valid).await?;
    Ok(Json(updated.into()))
}

/// Archive an organisation (it stays in the registry for history).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/archive", operation_id = "archive_organisation", tag = "organisations", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = OrganisationDto), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn archive(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Json<OrganisationDto>> {
    let archived = app::organisations::archive(&state, &principal, id).await?;
    Ok(Json(archived.into()))
}
