use filiera_domain::ValidationErrors;
use filiera_domain::consortium::workforce::{
    Activity, Contract, Disadvantage, DisadvantageCategory, Hours, WorkerRecord,
};
use filiera_domain::consortium::{YearMonth, parse_date};
use filiera_domain::ids::{OrganisationId, WorkerId};
use filiera_storage::consortium::registers;
use serde::Deserialize;
use utoipa::ToSchema;

/// A worker as sent to add or update one (by `worker_id`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkerInput {
    pub worker_id: String,
    pub member: bool,
    /// Law 381/1991 art. 4 or D.Lgs. 112/2017 category; absent for an ordinary worker.
    #[serde(default)]
    pub category: Option<DisadvantageCategory>,
    #[serde(default)]
    pub certificate: Option<String>,
    #[serde(default)]
    pub certified_until: Option<String>,
    pub contract_start: String,
    #[serde(default)]
    pub contract_end: Option<String>,
    /// Weekly hours, e.g. `"37.5"`.
    pub weekly_hours: String,
    /// For a mixed cooperative: `A` or `B` (default: B; Type A cooperatives: A).
    #[serde(default)]
    pub activity: Option<Activity>,
    /// Hours worked per month to record with the worker.
    #[serde(default)]
    pub hours: Vec<MonthHoursInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthHoursInput {
    /// `YYYY-MM`.
    pub month: String,
    pub hours: String,
}

impl WorkerInput {
    pub fn into_record(
        self,
        kind: filiera_domain::organisation::CooperativeType,
    ) -> Result<(WorkerRecord, Vec<(YearMonth, Hours)>), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut date = |field: &str, text: &str| parse_date(text).map_err(|m| errors.add(field, m)).ok();
        let start = date("contract_start", &self.contract_start);
        let end = self
            .contract_end
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| date("contract_end", t));
        let until = self
            .certified_until
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| date("certified_until", t));
        let weekly_hours = Hours::parse(&self.weekly_hours)
            .map_err(|m| errors.add("weekly_hours", m))
            .ok();
        let activity = match (kind, self.activity) {
            (filiera_domain::organisation::CooperativeType::Mixed, Some(a)) => a,
            (filiera_domain::organisation::CooperativeType::A, _) => Activity::A,
            _ => Activity::B,
        };
        let mut hours = Vec::new();
        for (i, h) in self.hours.iter().enumerate() {
            match (YearMonth::parse(&h.month), Hours::parse(&h.hours)) {
                (Ok(m), Ok(v)) => hours.push((m, v)),
                (Err(e), _) => errors.add(&format!("hours[{i}].month"), e),
                (_, Err(e)) => errors.add(&format!("hours[{i}].hours"), e),
            }
        }
        let (Some(start), Some(weekly_hours)) = (start, weekly_hours) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let record = WorkerRecord {
            code: self.worker_id.trim().to_owned(),
            member: self.member,
            disadvantage: self.category.map(|category| Disadvantage {
                category,
                certificate: self.certificate.filter(|c| !c.trim().is_empty()),
                certified_until: until.flatten(),
            }),
            contract: Contract {
                start,
                end: end.flatten(),
                weekly_hours,
            },
            activity,
        }
        .validate()?;
        Ok((record, hours))
    }
}

/// Adds a worker to the cooperative's workforce register, with the monthly
/// hours already worked, in one unit of work; returns the worker's id.
pub async fn add_worker(
    state: &crate::state::AppState,
    principal: &crate::auth::Principal,
    cooperative_id: OrganisationId,
    record: &WorkerRecord,
    hours: &[(YearMonth, Hours)],
) -> crate::error::WebResult<WorkerId> {
    super::load_cooperative(
        state,
        principal,
        cooperative_id,
        filiera_domain::policy::consortium::ConsortiumAction::ManageRegisters,
    )
    .await?;
    crate::work::with_unit(state, principal, async |unit| {
        let worker_id = registers::save_worker(unit, cooperative_id, record).await?;
        for (month, h) in hours {
            registers::set_hours(unit, worker_id, *month, *h).await?;
        }
        Ok(worker_id)
    })
    .await
}
