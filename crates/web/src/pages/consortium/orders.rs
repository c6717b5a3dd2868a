//! The new-order page: a client's order and its task tree entered in one
//! form without scripts — a fixed number of step rows, each naming its parent
//! row; a row with sub-steps is a phase, a leaf row is a graded task with its
//! standard minutes per unit and where it can be done. Blank rows are ignored.

use crate::app::consortium::load_cooperative;
use crate::app::consortium::orders::{OrderInput, StepInput, TaskInput, create};
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
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::production::Venue;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::policy::consortium::ConsortiumAction;
use std::collections::BTreeMap;

/// How many step rows the form offers.
pub const STEP_ROWS: usize = 8;

#[derive(Default)]
pub struct StepRow {
    pub key: String,
    pub name: String,
    pub parent: String,
    pub kind: String,
    pub grade: String,
    pub minutes: String,
    pub units: String,
    pub venue: String,
    pub price: String,
}

#[derive(Template)]
#[template(path = "consortium/order_form.html")]
struct OrderPage {
    chrome: Chrome,
    cooperative_id: OrganisationId,
    fields: BTreeMap<String, String>,
    rows: Vec<StepRow>,
    venues: Vec<(String, String)>,
    errors: ValidationErrors,
}

impl OrderPage {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }
}

fn rows_of(fields: &BTreeMap<String, String>) -> Vec<StepRow> {
    (1..=STEP_ROWS)
        .map(|n| {
            let get = |name: &str| fields.get(&format!("step-{n}-{name}")).cloned().unwrap_or_default();
            StepRow {
                key: format!("row-{n}"),
                name: get("name"),
                parent: get("parent"),
                kind: get("kind"),
                grade: get("grade"),
                minutes: get("minutes"),
                units: get("units"),
                venue: get("venue"),
                price: get("price"),
            }
        })
        .collect()
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    id: OrganisationId,
    fields: BTreeMap<String, String>,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let cooperative = load_cooperative(state, ctx.require()?, id, ConsortiumAction::ManageProduction).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = OrderPage {
        chrome: ctx.chrome_titled(ctx.t.with("consortium-new-order-title", "name", &cooperative.name)),
        cooperative_id: id,
        rows: rows_of(&fields),
        fields,
        venues: Venue::ALL
            .iter()
            .map(|v| {
                (
                    v.as_str().to_owned(),
                    ctx.t.get(&format!("consortium-venue-{}", v.as_str().replace('_', "-"))),
                )
            })
            .collect(),
        errors,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
) -> WebResult<Response> {
    page(&state, &ctx, id, BTreeMap::new(), ValidationErrors::new()).await
}

/// Standard minutes per unit (`1.5`, `0,75`) as whole seconds.
fn seconds_of(text: &str) -> Result<i64, Message> {
    let minutes: f64 = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| msg!("error-not-minutes", value = text.trim()))?;
    if !minutes.is_finite() || minutes <= 0.0 || minutes > 10_000.0 {
        return Err(msg!("error-task-minutes", max = 10_000));
    }
    Ok((minutes * 60.0).round().max(1.0) as i64)
}

/// Turns the form into the API's input, noting what cannot be read.
fn input_of(fields: &BTreeMap<String, String>, errors: &mut ValidationErrors) -> OrderInput {
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let number = |errors: &mut ValidationErrors, field: &str, text: &str| -> i64 {
        text.trim()
            .parse::<i64>()
            .map_err(|_| errors.add(field, msg!("error-whole-number")))
            .unwrap_or(0)
    };
    let rows = rows_of(fields);
    let used: Vec<&StepRow> = rows.iter().filter(|r| !r.name.trim().is_empty()).collect();
    let is_parent = |key: &str| used.iter().any(|r| r.parent == key);
    let mut steps = Vec::new();
    for row in &used {
        let task = if is_parent(&row.key) {
            None
        } else {
            let field = |name: &str| format!("{}.{name}", row.key);
            let seconds_per_unit = seconds_of(&row.minutes)
                .map_err(|m| errors.add(&field("minutes"), m))
                .unwrap_or(0);
            Some(TaskInput {
                kind: row.kind.clone(),
                grade: row.grade.trim().parse().unwrap_or(0),
                seconds_per_unit,
                units: number(errors, &field("units"), &row.units),
                venue: Venue::parse(row.venue.trim()).unwrap_or(Venue::TypeBFloor),
                transfer_price: Some(row.price.clone()),
            })
        };
        steps.push(StepInput {
            key: row.key.clone(),
            parent: Some(row.parent.clone()),
            name: row.name.clone(),
            task,
        });
    }
    OrderInput {
        client: get("client"),
        client_kind: get("client_kind"),
        product: get("product"),
        quantity: number(errors, "quantity", &get("quantity")),
        due_on: get("due_on"),
        price: get("price"),
        steps,
    }
}

pub async fn create_order(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<OrganisationId>,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let cooperative = load_cooperative(&state, &principal, id, ConsortiumAction::ManageProduction).await?;
    let mut errors = ValidationErrors::new();
    let input = input_of(&fields, &mut errors);
    if !errors.is_empty() {
        return page(&state, &ctx, id, fields, errors).await;
    }
    match create(&state, &principal, &cooperative, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/cooperatives/{id}/production")).into_response()),
        Err(WebError::Invalid(errors)) => page(&state, &ctx, id, fields, errors).await,
        Err(other) => Err(other),
    }
}
