//! The import page: a programme manager picks the four CSV files (the browser
//! reads them into the form, see `data-read-into` in filiera.js) or pastes
//! them; any problem is listed by file, line and column and nothing is stored.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::super::forms::PageDocumentForm;
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ids::ProgrammeId;
use filiera_domain::import::ImportError;
use filiera_domain::pathways::import::CsvFiles;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::import::{Destination, ImportFailure, import_programme_data};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportForm {
    rounds: String,
    services: String,
    participants: String,
    interventions: String,
}

#[derive(Template)]
#[template(path = "programmes/import.html")]
struct ImportPage {
    chrome: Chrome,
    programme: Programme,
    /// Each file's name and what the form holds for it.
    fields: Vec<(&'static str, String)>,
    errors: Vec<ImportError>,
}

fn fields(form: ImportForm) -> Vec<(&'static str, String)> {
    vec![
        ("rounds", form.rounds),
        ("services", form.services),
        ("participants", form.participants),
        ("interventions", form.interventions),
    ]
}

async fn allowed(state: &AppState, ctx: &PageContext, id: ProgrammeId) -> WebResult<Programme> {
    let principal = ctx.require()?;
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ImportData), &programme.owner_target())?;
    Ok(programme)
}

pub async fn form(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id).await?;
    Ok(render(&ImportPage {
        chrome: ctx.chrome("programme-import-title"),
        programme,
        fields: fields(ImportForm::default()),
        errors: Vec::new(),
    }))
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    PageDocumentForm(form): PageDocumentForm<ImportForm>,
) -> WebResult<Response> {
    let programme = allowed(&state, &ctx, id).await?;
    let principal = ctx.require()?;
    let files = CsvFiles {
        rounds: form.rounds.clone(),
        services: form.services.clone(),
        participants: form.participants.clone(),
        interventions: form.interventions.clone(),
    };
    let mut unit = state.store.begin(&principal.actor()).await?;
    match import_programme_data(&mut unit, &Destination::Existing(id), &files).await {
        Ok(_) => {
            unit.commit().await?;
            Ok(Redirect::to(&format!("/programmes/{id}/statistics")).into_response())
        }
        Err(ImportFailure::Rows(errors)) => {
            drop(unit);
            let page = ImportPage {
                chrome: ctx.chrome("programme-import-title"),
                programme,
                fields: fields(form),
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(ImportFailure::Storage(error)) => Err(WebError::from(error)),
    }
}
