//! `POST /api/v1/programmes/{id}/import`: the four CSV files of
//! docs/import-format.md as text in one JSON body; all or nothing.

use super::import_problem;
use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::extract::{ApiDocument, ApiPath};
use crate::problem::Problem;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use filiera_domain::ids::ProgrammeId;
use filiera_domain::pathways::import::CsvFiles;
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::import::{Destination, ImportFailure, ImportSummary, import_programme_data};
use filiera_storage::pathways::programmes;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// The contents of rounds.csv, services.csv, participants.csv and interventions.csv.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    #[serde(default)]
    pub rounds: String,
    #[serde(default)]
    pub services: String,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub interventions: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub programme_id: ProgrammeId,
    pub rounds: usize,
    pub services: usize,
    pub participants: usize,
    pub interventions: usize,
}

impl From<ImportSummary> for ImportResult {
    fn from(s: ImportSummary) -> Self {
        ImportResult {
            programme_id: s.programme_id,
            rounds: s.rounds,
            services: s.services,
            participants: s.participants,
            interventions: s.interventions,
        }
    }
}

/// Runs an import into an existing programme for the principal.
pub(crate) async fn run(
    state: &AppState,
    principal: &Principal,
    programme_id: ProgrammeId,
    files: &CsvFiles,
) -> WebResult<ImportSummary> {
    let programme = programmes::get(&state.store, programme_id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ImportData), &programme.owner_target())?;
    let mut unit = state.store.begin(&principal.actor()).await?;
    // Dropping the unit without committing leaves nothing behind.
    match import_programme_data(&mut unit, &Destination::Existing(programme_id), files).await {
        Ok(summary) => {
            unit.commit().await?;
            Ok(summary)
        }
        Err(ImportFailure::Rows(errors)) => Err(import_problem(&errors)),
        Err(ImportFailure::Storage(error)) => Err(WebError::from(error)),
    }
}

/// Import rounds, services, participants and interventions from CSV text.
/// Any invalid row rejects everything; the problem's `errors` name each one
/// as `FILE:LINE:COLUMN`.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/import", tag = "programme data", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ImportInput,
    responses((status = 200, body = ImportResult), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn import(
    State(state): State<AppState>,
    principal: Arc<Principal>,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiDocument(input): ApiDocument<ImportInput>,
) -> WebResult<Json<ImportResult>> {
    let files = CsvFiles {
        rounds: input.rounds,
        services: input.services,
        participants: input.participants,
        interventions: input.interventions,
    };
    Ok(Json(run(&state, &principal, id, &files).await?.into()))
}
