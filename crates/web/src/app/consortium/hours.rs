use super::load_cooperative;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::YearMonth;
use filiera_domain::consortium::workforce::{Hours, hours_in_month};
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_storage::consortium::hours::WorkerHours;
use serde::Serialize;
use utoipa::ToSchema;

/// A worker's hours in the month, in hundredths (`16050` = 160.5 h); `null` when none were entered.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerHoursDto {
    pub worker_id: WorkerId,
    pub worker: String,
    pub hours: Option<i64>,
}

/// A cooperative's hours register for one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursMonthDto {
    pub cooperative_id: OrganisationId,
    pub month: String,
    pub lines: Vec<WorkerHoursDto>,
    /// The month's total, in hundredths of an hour.
    pub total: i64,
}

pub fn month_dto(cooperative_id: OrganisationId, month: YearMonth, lines: Vec<WorkerHours>) -> HoursMonthDto {
    let total: Hours = lines.iter().filter_map(|l| l.hours).sum();
    HoursMonthDto {
        cooperative_id,
        month: month.to_string(),
        total: total.hundredths(),
        lines: lines
            .into_iter()
            .map(|l| WorkerHoursDto {
                worker_id: l.worker_id,
                worker: l.code,
                hours: l.hours.map(Hours::hundredths),
            })
            .collect(),
    }
}

/// Checks an entry against the hours-in-a-month rule.
pub fn parse_entry(month: &str, text: &str) -> Result<(YearMonth, Hours), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let month = YearMonth::parse(month.trim()).map_err(|m| errors.add("month", m)).ok();
    let hours = month.and_then(|m| hours_in_month(m, text).map_err(|e| errors.add("hours", e)).ok());
    match (month, hours) {
        (Some(month), Some(hours)) => Ok((month, hours)),
        _ => Err(errors),
    }
}

/// Enters a worker's hours for a month in the cooperative's register.
pub async fn record(
    state: &AppState,
    principal: &Principal,
    cooperative_id: OrganisationId,
    worker_id: WorkerId,
    month: YearMonth,
    entered: Hours,
) -> WebResult<()> {
    load_cooperative(state, principal, cooperative_id, ConsortiumAction::ManageRegisters).await?;
    crate::work::with_unit(state, principal, async |unit| {
        filiera_storage::consortium::hours::record(unit, cooperative_id, worker_id, month, entered).await
    })
    .await
}
