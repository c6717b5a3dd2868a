//! Applying a checked consortium import (`filiera import consortium`) in one
//! unit of work: the consortium and its member cooperatives are created when
//! missing, workers and users are added or updated by code, and hours are set
//! per month. Any conflict with stored data rejects the whole import, naming
//! the file and line.

use super::registers;
use crate::{Result, Store, Unit, organisations};
use filiera_domain::Message;
use filiera_domain::consortium::import::{COOPERATIVES_FILE, ConsortiumImport, HOURS_FILE, WORKERS_FILE};
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_domain::import::ImportError;
use filiera_domain::msg;
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use serde::Serialize;
use std::collections::HashMap;

/// What an import created or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub consortium_id: OrganisationId,
    pub consortium_created: bool,
    pub cooperatives_created: usize,
    pub workers: usize,
    pub users: usize,
    pub hours: usize,
}

fn problem(file: &'static str, line: u64, column: &str, message: Message) -> ImportError {
    ImportError::new(file, line, column, message)
}

/// Applies the import inside `unit`. `Ok(Err(errors))` means the data
/// conflicts with what is stored; the caller must then drop the unit
/// uncommitted so nothing is written.
pub async fn apply(
    store: &Store,
    unit: &mut Unit,
    consortium_name: &str,
    import: &ConsortiumImport,
) -> Result<Result<ImportSummary, Vec<ImportError>>> {
    let mut summary = ImportSummary {
        consortium_id: OrganisationId(0),
        consortium_created: false,
        cooperatives_created: 0,
        workers: 0,
        users: 0,
        hours: 0,
    };
    let mut errors = Vec::new();
    let consortium_id = match organisations::find_by_name(store, consortium_name).await? {
        Some(existing) if existing.kind == OrganisationKind::Consortium => existing.id,
        Some(_) => {
            return Ok(Err(vec![problem(
                COOPERATIVES_FILE,
                0,
                "",
                msg!("error-registered-not-consortium", name = consortium_name),
            )]));
        }
        None => {
            let draft = OrganisationDraft {
                name: consortium_name.to_owned(),
                kind: Some(OrganisationKind::Consortium),
                ..Default::default()
            };
            let valid = match draft.validate() {
                Ok(valid) => valid,
                Err(invalid) => {
                    return Ok(Err(invalid
                        .0
                        .into_iter()
                        .map(|e| problem(COOPERATIVES_FILE, 0, "", e.message))
                        .collect()));
                }
            };
            summary.consortium_created = true;
            organisations::create(unit, &valid, None).await?.id
        }
    };
    summary.consortium_id = consortium_id;
    let mut cooperative_ids: HashMap<&str, OrganisationId> = HashMap::new();
    for cooperative in &import.cooperatives {
        match organisations::find_by_name(store, &cooperative.name).await? {
            Some(existing) => {
                if existing.kind != OrganisationKind::Cooperative {
                    errors.push(problem(
                        COOPERATIVES_FILE,
                        cooperative.line,
                        "name",
                        msg!("error-registered-not-cooperative"),
                    ));
                } else if existing.consortium_id.is_some_and(|c| c != consortium_id) {
                    errors.push(problem(
                        COOPERATIVES_FILE,
                        cooperative.line,
                        "name",
                        msg!("error-member-elsewhere"),
                    ));
                } else if existing.cooperative_type != Some(cooperative.kind) {
                    errors.push(problem(
                        COOPERATIVES_FILE,
                        cooperative.line,
                        "type",
                        msg!(
                            "error-registry-cooperative-type",
                            kind = existing.cooperative_type.map(|t| t.as_str()).unwrap_or("?")
                        ),
                    ));
                } else if existing.consortium_id.is_none() {
                    let mut draft = draft_of(&existing);
                    draft.consortium_id = Some(consortium_id);
                    match draft.validate() {
                        Ok(valid) => {
                            organisations::update(unit, existing.id, &valid).await?;
                        }
                        Err(invalid) => errors.extend(
                            invalid
                                .0
                                .into_iter()
                                .map(|e| problem(COOPERATIVES_FILE, cooperative.line, "name", e.message)),
                        ),
                    }
                }
                cooperative_ids.insert(&cooperative.name, existing.id);
            }
            None => {
                let draft = OrganisationDraft {
                    name: cooperative.name.clone(),
                    kind: Some(OrganisationKind::Cooperative),
                    cooperative_type: Some(cooperative.kind),
                    sectors: cooperative.sector.iter().cloned().collect(),
                    consortium_id: Some(consortium_id),
                    ..Default::default()
                };
                match draft.validate() {
                    Ok(valid) => {
                        let id = organisations::create(unit, &valid, Some(consortium_id)).await?.id;
                        cooperative_ids.insert(&cooperative.name, id);
                        summary.cooperatives_created += 1;
                    }
                    Err(invalid) => {
                        for e in invalid.0 {
                            errors.push(problem(COOPERATIVES_FILE, cooperative.line, &e.field, e.message));
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut worker_ids: HashMap<(&str, &str), WorkerId> = HashMap::new();
    for worker in &import.workers {
        let Some(cooperative) = cooperative_ids.get(worker.cooperative.as_str()) else {
            errors.push(problem(
                WORKERS_FILE,
                worker.line,
                "cooperative",
                msg!("error-not-in-cooperatives-file"),
            ));
            continue;
        };
        let id = registers::save_worker(unit, *cooperative, &worker.record).await?;
        worker_ids.insert((worker.cooperative.as_str(), worker.record.code.as_str()), id);
        summary.workers += 1;
    }
    for user in &import.users {
        if let Some(cooperative) = cooperative_ids.get(user.cooperative.as_str()) {
            let existing = registers::users_of(store, *cooperative).await?;
            let weekly = existing
                .iter()
                .find(|u| u.code == user.code)
                .map(|u| u.weekly_hours)
                .unwrap_or_default();
            registers::save_user(unit, *cooperative, &user.code, user.category, None, weekly).await?;
            summary.users += 1;
        }
    }
    for hours in &import.hours {
        match worker_ids.get(&(hours.cooperative.as_str(), hours.worker.as_str())) {
            Some(worker) => {
                registers::set_hours(unit, *worker, hours.month, hours.hours).await?;
                summary.hours += 1;
            }
            None => errors.push(problem(
                HOURS_FILE,
                hours.line,
                "worker_id",
                msg!("error-not-in-workers-file"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(Ok(summary))
    } else {
        Ok(Err(errors))
    }
}

/// An organisation's registry data as a draft, to change one field of it.
fn draft_of(org: &organisations::Organisation) -> OrganisationDraft {
    OrganisationDraft {
        name: org.name.clone(),
        kind: Some(org.kind),
        cooperative_type: org.cooperative_type,
        sectors: org.sectors.clone(),
        vat_number: org.vat_number.clone(),
        municipality: org.municipality.clone(),
        email: org.email.clone(),
        law381_region: org.law381.as_ref().map(|l| l.region.clone()),
        law381_number: org.law381.as_ref().map(|l| l.number.clone()),
        law381_registered_on: org.law381.as_ref().map(|l| l.registered_on),
        consortium_id: org.consortium_id,
    }
}
