//! The service form of the catalogue: add, change and archive a service —
//! kind, name (its own for `other`), who offers it, places per round, cost,
//! hours, language, place, and for internships the occupation (ISCO-08), the
//! host firm and the tutor; interest tags and the employability areas it improves.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::fields::{Fields, code_from, id_field};
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
use filiera_domain::ids::{ProgrammeId, ServiceId};
use filiera_domain::msg;
use filiera_domain::pathways::assessment::EmployabilityArea;
use filiera_domain::pathways::catalogue::{ServiceDraft, ServiceKind};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::catalogue::{self, Service};
use filiera_storage::pathways::programmes::Programme;

const MANAGE: Action = Action::Pathway(PathwayAction::ManageCatalogue);

#[derive(Debug, Clone, Default)]
struct ServiceFields {
    code: String,
    name: String,
    kind: String,
    organisation_id: String,
    description: String,
    unit_cost: String,
    hours: String,
    language: String,
    location: String,
    isco08: String,
    host_firm_id: String,
    tutor_name: String,
    tutor_email: String,
    interest_tags: String,
    improves_areas: Vec<String>,
    /// Places per round, in the order of the programme's rounds: (number, typed).
    capacities: Vec<(i64, String)>,
    /// A rule set through the API is kept as it is.
    eligibility: String,
}

fn cents(cents: i64) -> String {
    if cents == 0 {
        String::new()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

impl ServiceFields {
    fn blank(programme: &Programme) -> Self {
        ServiceFields {
            capacities: programme.rounds.iter().map(|r| (r.number, String::new())).collect(),
            ..Default::default()
        }
    }

    fn read(form: &Fields, programme: &Programme) -> Self {
        ServiceFields {
            code: form.get("code"),
            name: form.get("name"),
            kind: form.get("kind"),
            organisation_id: form.get("organisation_id"),
            description: form.get("description"),
            unit_cost: form.get("unit_cost"),
            hours: form.get("hours"),
            language: form.get("language"),
            location: form.get("location"),
            isco08: form.get("isco08"),
            host_firm_id: form.get("host_firm_id"),
            tutor_name: form.get("tutor_name"),
            tutor_email: form.get("tutor_email"),
            interest_tags: form.get("interest_tags"),
            improves_areas: form.all("improves_areas"),
            capacities: programme
                .rounds
                .iter()
                .map(|r| (r.number, form.get(&format!("capacity_{}", r.number))))
                .collect(),
            eligibility: String::new(),
        }
    }

    fn of(service: &Service, programme: &Programme) -> Self {
        let hours = service.minutes as f64 / 60.0;
        ServiceFields {
            code: service.code.clone(),
            name: service.name.clone(),
            kind: service.kind.as_str().to_owned(),
            organisation_id: service.organisation_id.map(|id| id.to_string()).unwrap_or_default(),
            description: service.description.clone(),
            unit_cost: cents(service.unit_cost_cents),
            hours: if service.minutes == 0 {
                String::new()
            } else {
                format!("{hours}")
            },
            language: service.language.clone().unwrap_or_default(),
            location: service.location.clone().unwrap_or_default(),
            isco08: service.isco08.clone().unwrap_or_default(),
            host_firm_id: service.host_firm_id.map(|id| id.to_string()).unwrap_or_default(),
            tutor_name: service.tutor_name.clone().unwrap_or_default(),
            tutor_email: service.tutor_email.clone().unwrap_or_default(),
            interest_tags: service.interest_tags.join(", "),
            improves_areas: service.improves_areas.clone(),
            capacities: programme
                .rounds
                .iter()
                .map(|r| {
                    (
                        r.number,
                        service.capacity_in(r.number).map(|c| c.to_string()).unwrap_or_default(),
                    )
                })
                .collect(),
            eligibility: service.eligibility.as_ref().map(|r| r.to_json()).unwrap_or_default(),
        }
    }

    /// The draft; a blank name is the kind's name (except for `other`), a
    /// blank code is made from the name.
    fn draft(&self, ctx: &PageContext) -> Result<ServiceDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = match self.kind.as_str() {
            "" => None,
            text => text.parse::<ServiceKind>().map_err(|m| errors.add("kind", m)).ok(),
        };
        let name = match (self.name.as_str(), kind) {
            ("", Some(kind)) if kind != ServiceKind::Other => ctx.t.word("service-kind", kind.as_str()),
            ("", Some(_)) => {
                errors.add("name", msg!("error-service-name-taken"));
                String::new()
            }
            (name, _) => name.to_owned(),
        };
        let code = match self.code.as_str() {
            "" => code_from(&name),
            code => code.to_owned(),
        };
        let mut capacities = Vec::new();
        for (round, text) in &self.capacities {
            if text.is_empty() {
                continue;
            }
            match (u32::try_from(*round), text.parse::<i64>()) {
                (Ok(round), Ok(places)) if places >= 0 => capacities.push((round, places)),
                _ => errors.add(&format!("capacity_{round}"), msg!("error-whole-places")),
            }
        }
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let draft = ServiceDraft {
            code,
            name,
            kind,
            organisation_id: id_field(
                &mut errors,
                "organisation_id",
                &self.organisation_id,
                msg!("error-choose-from-list"),
            ),
            description: self.description.clone(),
            unit_cost: self.unit_cost.clone(),
            hours: self.hours.clone(),
            language: text(&self.language),
            location: text(&self.location),
            eligibility: self.eligibility.clone(),
            isco08: text(&self.isco08),
            host_firm_id: id_field(
                &mut errors,
                "host_firm_id",
                &self.host_firm_id,
                msg!("error-choose-firm"),
            ),
            tutor_name: text(&self.tutor_name),
            tutor_email: text(&self.tutor_email),
            interest_tags: vec![self.interest_tags.clone()],
            improves_areas: self.improves_areas.clone(),
            capacities,
        };
        errors.into_result(draft)
    }
}

#[derive(Template)]
#[template(path = "programmes/service_form.html")]
struct ServiceForm {
    chrome: Chrome,
    programme: Programme,
    action: String,
    kinds: Vec<(&'static str, String)>,
    offerers: Vec<(String, String)>,
    firms: Vec<(String, String)>,
    areas: Vec<(&'static str, String, bool)>,
    fields: ServiceFields,
    errors: ValidationErrors,
}

impl ServiceForm {
    fn capacity_error(&self, number: &i64) -> Option<&Message> {
        self.errors.for_field(&format!("capacity_{number}"))
    }
}

async fn service_form(
    state: &AppState,
    ctx: &PageContext,
    programme: Programme,
    editing: Option<&Service>,
    fields: ServiceFields,
    errors: ValidationErrors,
) -> WebResult<Response> {
    let (title, action) = match editing {
        Some(s) => (
            ctx.t.with("service-edit-title", "service", &s.name),
            format!("/programmes/{}/services/{}", programme.id, s.id),
        ),
        None => (
            ctx.t.with("service-new-title", "programme", &programme.name),
            format!("/programmes/{}/services", programme.id),
        ),
    };
    let mut offerers = vec![(programme.agency_id.to_string(), programme.agency_name.clone())];
    offerers.extend(
        programme
            .cooperatives
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let firms = catalogue::host_firms(&state.store)
        .await?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let areas = EmployabilityArea::ALL
        .iter()
        .map(|a| {
            let checked = fields.improves_areas.iter().any(|c| c == a.as_str());
            (a.as_str(), ctx.t.word("area", a.as_str()), checked)
        })
        .collect();
    let page = ServiceForm {
        chrome: ctx.chrome_titled(title),
        programme,
        action,
        kinds: ServiceKind::ALL
            .iter()
            .map(|k| (k.as_str(), ctx.t.word("service-kind", k.as_str())))
            .collect(),
        offerers,
        firms,
        areas,
        fields,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page)).into_response())
}

async fn programme_for(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<Programme> {
    app::catalogue::programme(state, ctx.require()?, id, MANAGE).await
}

async fn service_of(state: &AppState, ctx: &PageContext, programme: &Programme, id: ServiceId) -> WebResult<Service> {
    app::catalogue::service(state, ctx.require()?, programme, id, MANAGE).await
}

pub async fn new_service(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = programme_for(&state, &ctx, id).await?;
    let fields = ServiceFields::blank(&programme);
    service_form(&state, &ctx, programme, None, fields, ValidationErrors::new()).await
}

pub async fn create_service(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    body: Bytes,
) -> WebResult<Response> {
    let programme = programme_for(&state, &ctx, id).await?;
    let principal = ctx.require()?.clone();
    let fields = ServiceFields::read(&Fields::parse(&body)?, &programme);
    let mut valid = match fields.draft(&ctx).and_then(ServiceDraft::validate) {
        Ok(valid) => valid,
        Err(errors) => return service_form(&state, &ctx, programme, None, fields, errors).await,
    };
    principal.authorize(
        MANAGE,
        &app::catalogue::service_target(&programme, valid.organisation_id),
    )?;
    if fields.code.is_empty() {
        app::catalogue::free_code(&state, id, &mut valid, None).await?;
    }
    match app::catalogue::create(&state, &principal, &programme, valid).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}#catalogue-heading")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            service_form(&state, &ctx, programme, None, fields, errors).await
        }
        Err(other) => Err(other),
    }
}

pub async fn edit_service(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
) -> WebResult<Response> {
    let programme = programme_for(&state, &ctx, id).await?;
    let service = service_of(&state, &ctx, &programme, service_id).await?;
    let fields = ServiceFields::of(&service, &programme);
    service_form(&state, &ctx, programme, Some(&service), fields, ValidationErrors::new()).await
}

pub async fn update_service(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
    body: Bytes,
) -> WebResult<Response> {
    let programme = programme_for(&state, &ctx, id).await?;
    let service = service_of(&state, &ctx, &programme, service_id).await?;
    let principal = ctx.require()?.clone();
    let mut fields = ServiceFields::read(&Fields::parse(&body)?, &programme);
    fields.eligibility = service.eligibility.as_ref().map(|r| r.to_json()).unwrap_or_default();
    let mut valid = match fields.draft(&ctx).and_then(ServiceDraft::validate) {
        Ok(valid) => valid,
        Err(errors) => return service_form(&state, &ctx, programme, Some(&service), fields, errors).await,
    };
    principal.authorize(
        MANAGE,
        &app::catalogue::service_target(&programme, valid.organisation_id),
    )?;
    if fields.code.is_empty() {
        app::catalogue::free_code(&state, id, &mut valid, Some(service_id)).await?;
    }
    match app::catalogue::update(&state, &principal, &programme, service_id, valid).await {
        Ok(_) => Ok(Redirect::to(&format!("/programmes/{id}#catalogue-heading")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            service_form(&state, &ctx, programme, Some(&service), fields, errors).await
        }
        Err(other) => Err(other),
    }
}

pub async fn archive_service(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath((id, service_id)): ApiPath<(ProgrammeId, ServiceId)>,
) -> WebResult<Response> {
    let programme = programme_for(&state, &ctx, id).await?;
    app::catalogue::archive(&state, ctx.require()?, &programme, service_id).await?;
    Ok(Redirect::to(&format!("/programmes/{id}#catalogue-heading")).into_response())
}
