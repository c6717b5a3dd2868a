//! Forms of a programme manager: create and edit a programme, add a round,
//! add a funding stream with its eligibility rule built from conditions.
//! Each form posts back, redirects on success (POST-redirect-GET) and comes
//! back with 422, every problem next to its field and every value as typed.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::fields::{Fields, id_field};
use super::words::rule_words;
use crate::app;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::msg;
use filiera_domain::organisation::OrganisationKind;
use filiera_domain::pathways::eligibility::builder::{self, Attribute, ConditionRow, Operator};
use filiera_domain::pathways::programme::{FundingStreamDraft, ProgrammeDraft, RoundPeriod};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::programmes::Programme;
use filiera_storage::{PageRequest, organisations};
use time::Date;

const MANAGE: Action = Action::Pathway(PathwayAction::ManageProgramme);

fn respond(errors: &ValidationErrors, html: Response) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, html).into_response()
}

/// The field errors of a failed save, or the error to show as a page.
fn field_errors(error: WebError) -> WebResult<ValidationErrors> {
    match error {
        WebError::Invalid(errors) | WebError::Conflict(errors) => Ok(errors),
        other => Err(other),
    }
}

pub(super) async fn managed(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<Programme> {
    app::programmes::managed(state, ctx.require()?, id).await
}

fn date_field(errors: &mut ValidationErrors, field: &str, text: &str, required: bool) -> Option<Date> {
    if text.is_empty() {
        if required {
            errors.add(field, msg!("error-give-date"));
        }
        return None;
    }
    filiera_domain::validation::date(errors, field, text)
}

// ---- Programme -----------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct ProgrammeFields {
    name: String,
    agency_id: String,
    description: String,
    total_budget: String,
    cooperative_ids: Vec<String>,
}

impl ProgrammeFields {
    fn read(fields: &Fields) -> Self {
        ProgrammeFields {
            name: fields.get("name"),
            agency_id: fields.get("agency_id"),
            description: fields.get("description"),
            total_budget: fields.get("total_budget"),
            cooperative_ids: fields.all("cooperative_ids"),
        }
    }

    fn of(programme: &Programme) -> Self {
        ProgrammeFields {
            name: programme.name.clone(),
            agency_id: programme.agency_id.to_string(),
            description: programme.description.clone(),
            total_budget: format!(
                "{}.{:02}",
                programme.total_budget_cents / 100,
                programme.total_budget_cents % 100
            ),
            cooperative_ids: programme.cooperatives.iter().map(|(id, _)| id.to_string()).collect(),
        }
    }

    fn draft(&self) -> Result<ProgrammeDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let agency_id = id_field(&mut errors, "agency_id", &self.agency_id, msg!("error-choose-agency"));
        let cooperative_ids = self
            .cooperative_ids
            .iter()
            .filter_map(|id| id_field(&mut errors, "cooperative_ids", id, msg!("error-choose-cooperatives")))
            .collect();
        errors.into_result(ProgrammeDraft {
            name: self.name.clone(),
            agency_id,
            description: self.description.clone(),
            total_budget: self.total_budget.clone(),
            cooperative_ids,
        })
    }
}

#[derive(Template)]
#[template(path = "programmes/form.html")]
struct ProgrammeForm {
    chrome: Chrome,
    action: String,
    cancel: String,
    /// `None` when creating; the agency's name when editing (it cannot change).
    fixed_agency: Option<String>,
    agencies: Vec<(String, String)>,
    cooperatives: Vec<(String, String, bool)>,
    fields: ProgrammeFields,
    errors: ValidationErrors,
}

async fn programme_form(
    state: &AppState,
    ctx: &PageContext,
    editing: Option<&Programme>,
    fields: ProgrammeFields,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let allowed = principal.organisations_allowing(MANAGE);
    let agencies = principal
        .memberships
        .iter()
        .filter(|m| allowed.contains(&m.organisation_id))
        .map(|m| (m.organisation_id.to_string(), m.organisation_name.clone()))
        .collect();
    let query = organisations::OrganisationQuery {
        kind: Some(OrganisationKind::Cooperative),
        ..Default::default()
    };
    let cooperatives = organisations::list(&state.store, &query, PageRequest::new(Some(1), Some(500)))
        .await?
        .items
        .into_iter()
        .map(|o| {
            let id = o.id.to_string();
            let checked = fields.cooperative_ids.contains(&id);
            (id, o.name, checked)
        })
        .collect();
    let (title, action, cancel) = match editing {
        Some(p) => (
            ctx.t.with("programme-edit-title", "programme", &p.name),
            format!("/programmes/{}", p.id),
            format!("/programmes/{}", p.id),
        ),
        None => (
            ctx.t.get("programme-new-title"),
            "/programmes".to_owned(),
            "/programmes".to_owned(),
        ),
    };
    let page = ProgrammeForm {
        chrome: ctx.chrome_titled(title),
        action,
        cancel,
        fixed_agency: editing.map(|p| p.agency_name.clone()),
        agencies,
        cooperatives,
        fields,
        errors,
    };
    Ok(respond(&page.errors, render(&page)))
}

pub async fn new_programme(State(state): State<AppState>, ctx: PageContext) -> WebResult<Response> {
    if !ctx.require()?.may_somewhere(MANAGE) {
        return Err(WebError::Forbidden("only programme managers create programmes".into()));
    }
    let mut fields = ProgrammeFields::default();
    let allowed = ctx.require()?.organisations_allowing(MANAGE);
    if let [only] = allowed.as_slice() {
        fields.agency_id = only.to_string();
    }
    programme_form(&state, &ctx, None, fields, ValidationErrors::new()).await
}

pub async fn create_programme(State(state): State<AppState>, ctx: PageContext, body: Bytes) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    let fields = ProgrammeFields::read(&Fields::parse(&body)?);
    let valid = match fields.draft().and_then(ProgrammeDraft::validate) {
        Ok(valid) => valid,
        Err(errors) => return programme_form(&state, &ctx, None, fields, errors).await,
    };
    match app::programmes::create(&state, &principal, valid).await {
        Ok(created) => Ok(Redirect::to(&format!("/programmes/{}", created.id)).into_response()),
        Err(error) => programme_form(&state, &ctx, None, fields, field_errors(error)?).await,
    }
}

pub async fn edit_programme(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let fields = ProgrammeFields::of(&programme);
    programme_form(&state, &ctx, Some(&programme), fields, ValidationErrors::new()).await
}

pub async fn update_programme(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    body: Bytes,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let principal = ctx.require()?.clone();
    let mut fields = ProgrammeFields::read(&Fields::parse(&body)?);
    // The owning agency never changes; the form only shows it.
    fields.agency_id = programme.agency_id.to_string();
    let valid = match fields.draft().and_then(ProgrammeDraft::validate) {
        Ok(valid) => valid,
        Err(errors) => return programme_form(&state, &ctx, Some(&programme), fields, errors).await,
    };
    match app::programmes::update(&state, &principal, id, valid).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}")).into_response()),
        Err(error) => programme_form(&state, &ctx, Some(&programme), fields, field_errors(error)?).await,
    }
}

// ---- Round ---------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct RoundFields {
    number: String,
    start_date: String,
    end_date: String,
}

#[derive(Template)]
#[template(path = "programmes/round_form.html")]
struct RoundForm {
    chrome: Chrome,
    programme: Programme,
    fields: RoundFields,
    errors: ValidationErrors,
}

fn round_form(ctx: &PageContext, programme: Programme, fields: RoundFields, errors: ValidationErrors) -> Response {
    let page = RoundForm {
        chrome: ctx.chrome_titled(ctx.t.with("round-new-title", "programme", &programme.name)),
        programme,
        fields,
        errors,
    };
    respond(&page.errors, render(&page))
}

pub async fn new_round(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let next = programme.rounds.iter().map(|r| r.number).max().unwrap_or(0) + 1;
    let fields = RoundFields {
        number: next.to_string(),
        ..Default::default()
    };
    Ok(round_form(&ctx, programme, fields, ValidationErrors::new()))
}

pub async fn add_round(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    body: Bytes,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let principal = ctx.require()?.clone();
    let form = Fields::parse(&body)?;
    let fields = RoundFields {
        number: form.get("number"),
        start_date: form.get("start_date"),
        end_date: form.get("end_date"),
    };
    let mut errors = ValidationErrors::new();
    let number = fields.number.parse::<i64>().unwrap_or_else(|_| {
        errors.add("number", msg!("error-round-number"));
        0
    });
    let start = date_field(&mut errors, "start_date", &fields.start_date, true);
    let end = date_field(&mut errors, "end_date", &fields.end_date, true);
    let period = match (start, end) {
        (Some(start), Some(end)) if errors.is_empty() => RoundPeriod::new(number, start, end),
        _ => Err(errors),
    };
    let period = match period {
        Ok(period) => period,
        Err(errors) => return Ok(round_form(&ctx, programme, fields, errors)),
    };
    match app::programmes::add_round(&state, &principal, id, period).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}#rounds-heading")).into_response()),
        Err(error) => Ok(round_form(&ctx, programme, fields, field_errors(error)?)),
    }
}

// ---- Funding stream --------------------------------------------------------

/// Rows the builder shows: those typed, and blank ones up to at least four.
const MIN_ROWS: usize = 4;

struct StreamFields {
    name: String,
    budget: String,
    end_date: String,
    combine: String,
    rows: Vec<ConditionRow>,
}

#[derive(Template)]
#[template(path = "programmes/stream_form.html")]
struct StreamForm {
    chrome: Chrome,
    programme: Programme,
    fields: StreamFields,
    /// The rule as built so far, in words (shown when the form comes back).
    preview: String,
    attributes: Vec<(&'static str, String)>,
    operators: Vec<(&'static str, String)>,
    /// The rules of the streams already there, in words.
    existing: Vec<(String, String)>,
    errors: ValidationErrors,
}

fn stream_form(
    ctx: &PageContext,
    programme: Programme,
    mut fields: StreamFields,
    errors: ValidationErrors,
) -> Response {
    let preview = match builder::build(&fields.combine, &fields.rows) {
        Ok(rule) if fields.rows.iter().any(|r| !r.is_blank()) => rule_words(&ctx.t, &rule),
        _ => String::new(),
    };
    let blanks = MIN_ROWS.saturating_sub(fields.rows.len()).max(1);
    fields.rows.extend(std::iter::repeat_n(ConditionRow::default(), blanks));
    let page = StreamForm {
        chrome: ctx.chrome_titled(ctx.t.with("stream-new-title", "programme", &programme.name)),
        existing: programme
            .funding_streams
            .iter()
            .map(|s| (s.name.clone(), rule_words(&ctx.t, &s.eligibility)))
            .collect(),
        programme,
        fields,
        preview,
        attributes: Attribute::ALL
            .iter()
            .map(|a| (a.as_str(), ctx.t.word("eligibility-attribute-name", a.as_str())))
            .collect(),
        operators: Operator::ALL
            .iter()
            .map(|o| (o.as_str(), ctx.t.word("eligibility-op", o.as_str())))
            .collect(),
        errors,
    };
    respond(&page.errors, render(&page))
}

pub async fn new_stream(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let fields = StreamFields {
        name: String::new(),
        budget: String::new(),
        end_date: String::new(),
        combine: "all".into(),
        rows: Vec::new(),
    };
    Ok(stream_form(&ctx, programme, fields, ValidationErrors::new()))
}

pub async fn add_stream(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    body: Bytes,
) -> WebResult<Response> {
    let programme = managed(&state, &ctx, id).await?;
    let principal = ctx.require()?.clone();
    let form = Fields::parse(&body)?;
    let (attributes, operators, values) = (form.all("attribute"), form.all("operator"), form.all("value"));
    let rows: Vec<ConditionRow> = (0..attributes.len().max(values.len()))
        .map(|i| ConditionRow {
            attribute: attributes.get(i).cloned().unwrap_or_default(),
            operator: operators.get(i).cloned().unwrap_or_default(),
            value: values.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    // Blank rows in the middle are dropped so that errors keep pointing at their row.
    let rows: Vec<ConditionRow> = rows.into_iter().filter(|r| !r.is_blank()).collect();
    let fields = StreamFields {
        name: form.get("name"),
        budget: form.get("budget"),
        end_date: form.get("end_date"),
        combine: form.get("combine"),
        rows,
    };
    let mut errors = ValidationErrors::new();
    let end_date = date_field(&mut errors, "end_date", &fields.end_date, false);
    let rule = builder::build(&fields.combine, &fields.rows)
        .map_err(|e| errors.0.extend(e.0))
        .ok();
    let draft = FundingStreamDraft {
        name: fields.name.clone(),
        budget: fields.budget.clone(),
        eligibility: rule.map(|r| r.to_json()).unwrap_or_default(),
        end_date,
    };
    let valid = match draft.validate() {
        Ok(valid) if errors.is_empty() => valid,
        Ok(_) => return Ok(stream_form(&ctx, programme, fields, errors)),
        Err(more) => {
            errors.0.extend(more.0);
            return Ok(stream_form(&ctx, programme, fields, errors));
        }
    };
    match app::programmes::add_funding_stream(&state, &principal, id, valid).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}#streams-heading")).into_response()),
        Err(error) => Ok(stream_form(&ctx, programme, fields, field_errors(error)?)),
    }
}

impl StreamForm {
    fn row_error(&self, index: &usize) -> Option<&Message> {
        self.errors.for_field(&builder::row_field(*index))
    }
}
