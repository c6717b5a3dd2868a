use crate::app::consortium::{date_param, load_consortium};
use crate::app::consortium::{fund_statement, statement_of};
use crate::auth::Principal;
use crate::error::WebResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::fund::ContributionStatement;
use filiera_domain::consortium::ledger::{Account, MovementDraft, MovementKind, Posting};
use filiera_domain::consortium::statement::CooperativeStatement;
use filiera_domain::ids::{LedgerMovementId, OrganisationId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::finance;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use time::Date;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct YearParams {
    /// The calendar year; the current one when absent.
    pub year: Option<i32>,
}

#[utoipa::path(get, path = "/api/v1/consortia/{id}/solidarity-fund", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), YearParams),
    responses((status = 200, body = ContributionStatement), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn solidarity_fund(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<YearParams>,
) -> WebResult<Json<ContributionStatement>> {
    let consortium = load_consortium(&state, &principal, id, ConsortiumAction::ViewFinance).await?;
    let year = params.year.unwrap_or_else(|| state.clock.today().year());
    Ok(Json(fund_statement(&state.store, &consortium, year).await?))
}

/// A ledger movement (amounts in cents; positive into an account, negative out of it).
#[derive(Debug, Serialize, ToSchema)]
pub struct MovementDto {
    pub id: LedgerMovementId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub on: Date,
    pub kind: MovementKind,
    pub description: String,
    pub postings: Vec<Posting>,
}

#[utoipa::path(get, path = "/api/v1/consortia/{id}/movements", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path), YearParams),
    responses((status = 200, body = Vec<MovementDto>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_movements(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiQuery(params): ApiQuery<YearParams>,
) -> WebResult<Json<Vec<MovementDto>>> {
    load_consortium(&state, &principal, id, ConsortiumAction::ViewFinance).await?;
    let year = params.year.unwrap_or_else(|| state.clock.today().year());
    let movements = finance::movements_in_year(&state.store, id, year).await?;
    Ok(Json(
        movements
            .into_iter()
            .map(|m| MovementDto {
                id: m.id,
                on: m.movement.on,
                kind: m.movement.kind,
                description: m.movement.description,
                postings: m.movement.postings,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementInput {
    /// YYYY-MM-DD; today when absent.
    #[serde(default)]
    pub on: Option<String>,
    pub kind: MovementKind,
    pub description: String,
    pub postings: Vec<PostingInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingInput {
    /// `cooperative:ID`, `solidarity_fund`, `surplus_pool`, `public_funding` or `external`.
    pub account: String,
    /// Euros, e.g. `"-1500.00"` out of the account, `"1500.00"` into it.
    pub amount: String,
}

/// Record a movement; an unbalanced one is refused (422) by the domain's balanced-movement rule.
#[utoipa::path(post, path = "/api/v1/consortia/{id}/movements", tag = "consortium", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = MovementInput,
    responses((status = 201, body = MovementDto), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_movement(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<OrganisationId>,
    ApiJson(input): ApiJson<MovementInput>,
) -> WebResult<(StatusCode, Json<MovementDto>)> {
    load_consortium(&state, &principal, id, ConsortiumAction::ManageFinance).await?;
    let on = date_param(state.clock.today(), "on", input.on.as_deref())?;
    let mut errors = ValidationErrors::new();
    let mut postings = Vec::new();
    for (i, p) in input.postings.iter().enumerate() {
        match (Account::parse(p.account.trim()), Money::parse(&p.amount)) {
            (Ok(account), Ok(amount)) => postings.push(Posting { account, amount }),
            (Err(e), _) => errors.add(&format!("postings[{i}].account"), e),
            (_, Err(e)) => errors.add(&format!("postings[{i}].amount"), e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let movement = MovementDraft {
        on,
        kind: input.kind,
        description: input.description,
        postings,
    }
    .validate()?;
    let movement_id = crate::app::consortium::record_movement(&state, &principal, id, &movement).await?;
    Ok((
        StatusCode::CREATED,
        Json(MovementDto {
            id: movement_id,
            on: movement.on,
            kind: movement.kind,
            description: movement.description,
            postings: movement.postings,
        }),
    ))
}

/// A member cooperative's statement for a year: its movements with a running
/// balance, the fund contribution owed on its hours and paid, grants received.
#[utoipa::path(get, path = "/api/v1/consortia/{id}/cooperatives/{cooperative_id}/statement", tag = "consortium",
    security(("bearer" = [])), params(("id" = i64, Path), ("cooperative_id" = i64, Path), YearParams),
    responses((status = 200, body = CooperativeStatement), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn cooperative_statement(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath((id, cooperative_id)): ApiPath<(OrganisationId, OrganisationId)>,
    ApiQuery(params): ApiQuery<YearParams>,
) -> WebResult<Json<CooperativeStatement>> {
    let consortium = load_consortium(&state, &principal, id, ConsortiumAction::ViewFinance).await?;
    Ok(Json(
        statement_of(
            &state.store,
            &consortium,
            cooperative_id,
            state.clock.today(),
            params.year,
        )
        .await?,
    ))
}
