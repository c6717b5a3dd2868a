//! The hours register of one cooperative and month: every worker whose
//! contract was in force during the month, or who has hours recorded for it,
//! with the hours entered (the base of the Solidarity Fund contribution).

use super::registers;
use crate::{Result, StorageError, Store, Unit};
use filiera_domain::consortium::YearMonth;
use filiera_domain::consortium::workforce::Hours;
use filiera_domain::ids::{OrganisationId, WorkerId};
use serde::Serialize;

/// A worker's line in the month's register; `hours` is `None` when nothing was entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerHours {
    pub worker_id: WorkerId,
    pub code: String,
    pub hours: Option<Hours>,
}

/// The register of a cooperative's month, by worker code.
pub async fn hours_of_month(
    store: &Store,
    organisation_id: OrganisationId,
    month: YearMonth,
) -> Result<Vec<WorkerHours>> {
    let recorded: Vec<(WorkerId, i64)> = sqlx::query_as(
        "SELECT h.worker_id, h.hundredths FROM worker_hours h JOIN workers w ON w.id = h.worker_id \
         WHERE w.organisation_id = $1 AND h.month = $2",
    )
    .bind(organisation_id)
    .bind(month.to_string())
    .fetch_all(store.pool())
    .await?;
    let (first, last) = (month.first_day(), month.last_day());
    Ok(registers::workers_of(store, organisation_id)
        .await?
        .into_iter()
        .filter_map(|w| {
            let hours = recorded
                .iter()
                .find(|(id, _)| *id == w.id)
                .map(|(_, h)| Hours::from_hundredths(*h));
            let contract = &w.record.contract;
            let in_force = contract.start <= last && contract.end.is_none_or(|end| end >= first);
            (in_force || hours.is_some()).then_some(WorkerHours {
                worker_id: w.id,
                code: w.record.code,
                hours,
            })
        })
        .collect())
}

/// Records (or replaces) the hours of a worker of this cooperative; a worker
/// of another cooperative is refused on `worker_id`.
pub async fn record(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    worker_id: WorkerId,
    month: YearMonth,
    hours: Hours,
) -> Result<()> {
    let owner: Option<(OrganisationId,)> = sqlx::query_as("SELECT organisation_id FROM workers WHERE id = $1")
        .bind(worker_id)
        .fetch_optional(unit.conn())
        .await?;
    filiera_domain::references::worker_belongs(owner.map(|(o,)| o), organisation_id).map_err(StorageError::Invalid)?;
    registers::set_hours(unit, worker_id, month, hours).await
}
