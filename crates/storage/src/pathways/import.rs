//! All-or-nothing import of a programme's CSV folder (rounds, services,
//! participants, interventions) inside one unit of work: the caller commits
//! only when every row is valid, so a bad row changes nothing.
//!
//! Each imported participant becomes a household of its own (its declared
//! size taken from `household_size`, its other members marked as not
//! recorded) with one member, and a path in the
//! programme and round: `project_active` when the participant has any
//! intervention in the files, `referred` otherwise. Interventions are stored
//! without a project (the files do not describe one); a case manager can
//! attach them to a Personalised Individual Project later.

use super::catalogue;
use super::programmes::{self, Programme};
use crate::{AuditEvent, Result, StorageError, Unit, now_text};
use filiera_domain::ids::{OrganisationId, ProgrammeId, RoundId, ServiceId};
use filiera_domain::import::ImportError;
use filiera_domain::msg;
use filiera_domain::pathways::import::{
    CsvFiles, Existing, INTERVENTIONS_FILE, PARTICIPANTS_FILE, ProgrammeData, parse,
};
use filiera_domain::pathways::programme::ValidProgramme;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Which programme the data goes into.
#[derive(Debug, Clone)]
pub enum Destination {
    Existing(ProgrammeId),
    /// Found by name, or created for the agency if there is none.
    ByName {
        name: String,
        agency_id: Option<OrganisationId>,
    },
}

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{} problem(s) in the files", .0.len())]
    Rows(Vec<ImportError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub programme_id: ProgrammeId,
    pub programme_created: bool,
    pub rounds: usize,
    pub services: usize,
    pub participants: usize,
    pub interventions: usize,
}

async fn destination(unit: &mut Unit, destination: &Destination) -> Result<(Programme, bool), ImportFailure> {
    match destination {
        Destination::Existing(id) => Ok((programmes::fetch(unit.conn(), *id).await?, false)),
        Destination::ByName { name, agency_id } => {
            let found: Option<(ProgrammeId,)> = sqlx::query_as("SELECT id FROM programmes WHERE name = $1")
                .bind(name)
                .fetch_optional(unit.conn())
                .await
                .map_err(StorageError::from)?;
            if let Some((id,)) = found {
                return Ok((programmes::fetch(unit.conn(), id).await?, false));
            }
            let Some(agency_id) = agency_id else {
                return Err(ImportFailure::Rows(vec![ImportError {
                    file: String::new(),
                    line: 0,
                    column: "agency".into(),
                    message: msg!("error-import-new-programme", name = name.as_str()),
                }]));
            };
            let programme = ValidProgramme {
                name: name.clone(),
                agency_id: *agency_id,
                description: String::new(),
                total_budget_cents: 0,
                cooperative_ids: Vec::new(),
            };
            Ok((programmes::create(unit, &programme).await?, true))
        }
    }
}

async fn existing(unit: &mut Unit, programme: &Programme) -> Result<Existing> {
    let mut rounds = BTreeMap::new();
    for round in &programme.rounds {
        let period = round.period()?;
        rounds.insert(period.number, (period.start, period.end));
    }
    let services: Vec<(String,)> = sqlx::query_as("SELECT code FROM services WHERE programme_id = $1")
        .bind(programme.id)
        .fetch_all(unit.conn())
        .await?;
    Ok(Existing {
        rounds,
        services: services.into_iter().map(|(c,)| c).collect(),
    })
}

/// Participants already imported into the programme cannot be imported again.
async fn already_imported(
    unit: &mut Unit,
    programme_id: ProgrammeId,
    data: &ProgrammeData,
) -> Result<Vec<ImportError>> {
    let stored: Vec<(String,)> = sqlx::query_as(
        "SELECT p.external_id FROM participants p JOIN paths pa ON pa.participant_id = p.id \
         WHERE pa.programme_id = $1 AND p.external_id IS NOT NULL",
    )
    .bind(programme_id)
    .fetch_all(unit.conn())
    .await?;
    let stored: BTreeSet<String> = stored.into_iter().map(|(id,)| id).collect();
    Ok(data
        .participants
        .iter()
        .filter(|p| stored.contains(&p.external_id))
        .map(|p| ImportError {
            file: PARTICIPANTS_FILE.into(),
            line: p.line,
            column: "external_id".into(),
            message: msg!("error-already-imported", value = &p.external_id),
        })
        .collect())
}

/// Imports the four files into the programme. Nothing is stored unless the
/// caller commits the unit, which it must do only on `Ok`.
pub async fn import_programme_data(
    unit: &mut Unit,
    to: &Destination,
    files: &CsvFiles,
) -> Result<ImportSummary, ImportFailure> {
    let (programme, programme_created) = destination(unit, to).await?;
    let existing = existing(unit, &programme).await?;
    let data = parse(files, &existing).map_err(ImportFailure::Rows)?;
    let duplicates = already_imported(unit, programme.id, &data).await?;
    if !duplicates.is_empty() {
        return Err(ImportFailure::Rows(duplicates));
    }
    let mut round_ids: BTreeMap<u32, RoundId> = programme
        .rounds
        .iter()
        .filter_map(|r| u32::try_from(r.number).ok().map(|n| (n, r.id)))
        .collect();
    let mut rounds_added = 0;
    for round in data
        .rounds
        .iter()
        .filter(|r| !existing.rounds.contains_key(&r.period.number))
    {
        let stored = programmes::add_round(unit, programme.id, &round.period).await?;
        round_ids.insert(round.period.number, stored.id);
        rounds_added += 1;
    }
    let mut service_ids: BTreeMap<String, ServiceId> = BTreeMap::new();
    let mut services_added = 0;
    for service in &data.services {
        if existing.services.contains(&service.service.code) {
            continue;
        }
        let stored = catalogue::create(unit, programme.id, &service.service).await?;
        service_ids.insert(stored.code, stored.id);
        services_added += 1;
    }
    let codes: Vec<(String, ServiceId)> = sqlx::query_as("SELECT code, id FROM services WHERE programme_id = $1")
        .bind(programme.id)
        .fetch_all(unit.conn())
        .await
        .map_err(StorageError::from)?;
    service_ids.extend(codes);
    let with_interventions: BTreeSet<&str> = data
        .interventions
        .iter()
        .map(|i| i.participant_external_id.as_str())
        .collect();
    let now = now_text();
    let actor_user_id = unit.actor().user_id;
    let mut participant_ids: BTreeMap<&str, i64> = BTreeMap::new();
    for p in &data.participants {
        let (household_id,): (i64,) = sqlx::query_as(
            "INSERT INTO households (agency_id, reference, residence_municipality, declared_size, members_recorded, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, FALSE, $5, $5) RETURNING id",
        )
        .bind(programme.agency_id)
        .bind(format!("import-{}-{}", programme.id, p.external_id))
        .bind(&p.residence_municipality)
        .bind(p.household_size)
        .bind(&now)
        .fetch_one(unit.conn())
        .await
        .map_err(StorageError::from)?;
        let (participant_id,): (i64,) = sqlx::query_as(
            "INSERT INTO participants (household_id, external_id, relationship, birth_year, gender, country_of_birth, \
             citizenship, education_level, employment_status, minimum_income, disability, single_parent, created_at, \
             updated_at) VALUES ($1, $2, 'head', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(household_id)
        .bind(&p.external_id)
        .bind(p.birth_year.map(i64::from))
        .bind(p.gender.map(|g| g.as_str()))
        .bind(&p.country_of_birth)
        .bind(&p.citizenship)
        .bind(p.education_level.map(|l| l.value().to_string()))
        .bind(p.employment_status.map(|s| s.as_str()))
        .bind(p.minimum_income)
        .bind(p.disability)
        .bind(p.single_parent)
        .bind(&now)
        .fetch_one(unit.conn())
        .await
        .map_err(StorageError::from)?;
        let state = if with_interventions.contains(p.external_id.as_str()) {
            "project_active"
        } else {
            "referred"
        };
        let (path_id,): (i64,) = sqlx::query_as(
            "INSERT INTO paths (participant_id, programme_id, round_id, state, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(participant_id)
        .bind(programme.id)
        .bind(round_ids.get(&p.round).copied())
        .bind(state)
        .bind(&now)
        .fetch_one(unit.conn())
        .await
        .map_err(StorageError::from)?;
        sqlx::query(
            "INSERT INTO path_events (path_id, from_state, to_state, reason, actor_user_id, at) \
             VALUES ($1, NULL, $2, 'imported', $3, $4)",
        )
        .bind(path_id)
        .bind(state)
        .bind(actor_user_id)
        .bind(&now)
        .execute(unit.conn())
        .await
        .map_err(StorageError::from)?;
        participant_ids.insert(p.external_id.as_str(), participant_id);
    }
    for i in &data.interventions {
        let (Some(participant_id), Some(service_id)) = (
            participant_ids.get(i.participant_external_id.as_str()),
            service_ids.get(&i.service),
        ) else {
            // parse() checked every reference; this cannot happen.
            return Err(ImportFailure::Rows(vec![ImportError {
                file: INTERVENTIONS_FILE.into(),
                line: i.line,
                column: String::new(),
                message: msg!("error-import-missing-reference"),
            }]));
        };
        sqlx::query(
            "INSERT INTO interventions (participant_id, service_id, round_id, status, status_reason, planned_start, \
             planned_end, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(participant_id)
        .bind(service_id)
        .bind(round_ids.get(&i.round).copied())
        .bind(&i.status)
        .bind(&i.status_reason)
        .bind(i.planned_start.map(|d| d.to_string()))
        .bind(i.planned_end.map(|d| d.to_string()))
        .bind(&now)
        .execute(unit.conn())
        .await
        .map_err(StorageError::from)?;
    }
    let summary = ImportSummary {
        programme_id: programme.id,
        programme_created,
        rounds: rounds_added,
        services: services_added,
        participants: data.participants.len(),
        interventions: data.interventions.len(),
    };
    unit.record(
        AuditEvent::new("programme.import", "programme", programme.id)
            .in_organisation(Some(programme.agency_id.get()))
            .with_detail(json!({
                "rounds": summary.rounds,
                "services": summary.services,
                "participants": summary.participants,
                "interventions": summary.interventions,
            })),
    )
    .await?;
    Ok(summary)
}

/// A participant of a programme as the import left it: external id, round
/// number and path state, in external-id order (to check an import).
pub async fn participant_paths(
    store: &crate::Store,
    programme_id: ProgrammeId,
) -> Result<Vec<(String, Option<i64>, String)>> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(p.external_id, ''), r.number, pa.state FROM paths pa \
         JOIN participants p ON p.id = pa.participant_id LEFT JOIN rounds r ON r.id = pa.round_id \
         WHERE pa.programme_id = $1 ORDER BY p.external_id",
    )
    .bind(programme_id)
    .fetch_all(store.pool())
    .await?)
}
