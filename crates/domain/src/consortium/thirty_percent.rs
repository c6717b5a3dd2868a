//! The 30% rule of Type B (and mixed) social cooperatives, counted as the
//! authorities count it.

use super::YearMonth;
use super::workforce::{Activity, WorkerRecord};
use crate::organisation::CooperativeType;
use serde::Serialize;
use time::{Date, Duration};

/// **Law 381/1991 art. 4 c.2 — the 30% rule.** Disadvantaged persons must be
/// at least 30% of the cooperative's workers. Read as INPS applies it, the 30%
/// is taken of the *non-disadvantaged* workers: with 12 ordinary workers, at
/// least 4 must be disadvantaged (0.3 × 12 = 3.6, rounded up). Harmony's Type B
/// cooperatives comply: 191 ≥ 0.3 × (628 − 191) = 131.1.
///
/// The arguments are headcounts, not hours (Ministry of Labour interpello
/// 17/2015); see [`headcount_on`] for who is counted.
pub fn thirty_percent_rule(disadvantaged: u64, ordinary: u64) -> bool {
    u128::from(disadvantaged) * 10 >= u128::from(ordinary) * 3
}

/// The fewest disadvantaged workers [`thirty_percent_rule`] accepts next to
/// `ordinary` ordinary workers: ⌈0.3 × ordinary⌉.
pub fn required_disadvantaged(ordinary: u64) -> u64 {
    (ordinary * 3).div_ceil(10)
}

/// The plain share reports show beside compliance: disadvantaged / all
/// workers, in tenths of a percent, rounded half up (191 of 628 → 304, i.e.
/// 30.4%). `None` when there are no workers.
pub fn share_permille(disadvantaged: u64, workers: u64) -> Option<u64> {
    (workers > 0).then(|| (disadvantaged * 2000 + workers) / (2 * workers))
}

/// A share in tenths of a percent written with one decimal (`304` → `30.4`).
pub fn format_permille(permille: u64) -> String {
    format!("{}.{}", permille / 10, permille % 10)
}

/// Who the rule counts on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Headcount {
    pub disadvantaged: u64,
    pub ordinary: u64,
}

impl Headcount {
    pub fn workers(self) -> u64 {
        self.disadvantaged + self.ordinary
    }

    pub fn complies(self) -> bool {
        thirty_percent_rule(self.disadvantaged, self.ordinary)
    }

    pub fn required(self) -> u64 {
        required_disadvantaged(self.ordinary)
    }

    pub fn share_permille(self) -> Option<u64> {
        share_permille(self.disadvantaged, self.workers())
    }
}

/// The workers the rule counts on `date`: those with a contract in force (an
/// active social-security position — employees and worker members; volunteers
/// are not in the workforce register), by headcount whatever their hours
/// (interpello 17/2015). In a mixed cooperative only the staff of the Type B
/// activity count (interpello 42/2009). A disadvantaged worker counts as such
/// only while the certification is valid (Law 381 art. 4 c.1).
pub fn headcount_on(kind: CooperativeType, workers: &[WorkerRecord], date: Date) -> Headcount {
    let mut count = Headcount::default();
    for worker in workers.iter().filter(|w| counted_staff(kind, w) && w.in_force_on(date)) {
        if worker.disadvantaged_under_law_381_on(date) {
            count.disadvantaged += 1;
        } else {
            count.ordinary += 1;
        }
    }
    count
}

fn counted_staff(kind: CooperativeType, worker: &WorkerRecord) -> bool {
    match kind {
        CooperativeType::Mixed => worker.activity == Activity::B,
        _ => true,
    }
}

/// The rule's verdict for a cooperative on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compliance {
    pub headcount: Headcount,
    pub required: u64,
    pub complies: bool,
}

impl Compliance {
    pub fn of(headcount: Headcount) -> Self {
        Compliance {
            headcount,
            required: headcount.required(),
            complies: headcount.complies(),
        }
    }
}

/// Compliance at any date. `None` for a Type A cooperative, which the rule
/// does not bind.
pub fn compliance_on(kind: CooperativeType, workers: &[WorkerRecord], date: Date) -> Option<Compliance> {
    kind.integrates_disadvantaged_workers()
        .then(|| Compliance::of(headcount_on(kind, workers, date)))
}

/// One month of the history: the headcount on the month's last day (or on the
/// reference day, for the month in progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCompliance {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub month: YearMonth,
    pub compliance: Compliance,
}

/// The monthly history from `first` to `last` (both included), each month
/// counted on its last day, capped at `today` for the month in progress.
pub fn monthly_history(
    kind: CooperativeType,
    workers: &[WorkerRecord],
    first: YearMonth,
    last: YearMonth,
    today: Date,
) -> Vec<MonthCompliance> {
    first
        .through(last)
        .into_iter()
        .map(|month| MonthCompliance {
            month,
            compliance: Compliance::of(headcount_on(
                kind,
                workers,
                month.last_day().min(today).max(month.first_day()),
            )),
        })
        .collect()
}

/// **Interpello 4/2008**: compliance is judged on the *annual average* of the
/// workers in force. Averaging both counts over the same months, the rule on
/// the averages is the rule on the monthly sums, so it is decided exactly
/// without fractions.
pub fn annual_average_complies(history: &[MonthCompliance]) -> Option<bool> {
    if history.is_empty() {
        return None;
    }
    let disadvantaged: u64 = history.iter().map(|m| m.compliance.headcount.disadvantaged).sum();
    let ordinary: u64 = history.iter().map(|m| m.compliance.headcount.ordinary).sum();
    Some(thirty_percent_rule(disadvantaged, ordinary))
}

/// What changes the headcount on a future date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ForecastCause {
    /// The worker's contract ends the day before.
    ContractEnds { worker: String },
    /// The worker's certification expired the day before; they count as ordinary.
    CertificationExpires { worker: String },
    /// A planned contract starts.
    ContractStarts { worker: String },
}

/// A warning that on `date` the cooperative stops complying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastWarning {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::time_format::iso_date")]
    pub date: Date,
    pub causes: Vec<ForecastCause>,
    pub compliance: Compliance,
}

/// The forecast: walking through every known future change (planned contract
/// ends and starts, certification expiries) up to `today + horizon_days`, a
/// warning for each day on which the cooperative would go from complying to
/// not complying, naming the changes of that day. Empty when nothing planned
/// breaks the threshold, or for a Type A cooperative.
pub fn forecast(
    kind: CooperativeType,
    workers: &[WorkerRecord],
    today: Date,
    horizon_days: i64,
) -> Vec<ForecastWarning> {
    if !kind.integrates_disadvantaged_workers() {
        return Vec::new();
    }
    let horizon = today.saturating_add(Duration::days(horizon_days));
    let mut events: Vec<(Date, ForecastCause)> = Vec::new();
    for worker in workers.iter().filter(|w| counted_staff(kind, w)) {
        let code = worker.code.clone();
        if worker.contract.start > today {
            events.push((
                worker.contract.start,
                ForecastCause::ContractStarts { worker: code.clone() },
            ));
        }
        if let Some(end) = worker.contract.end
            && let Some(day_after) = end.next_day()
            && day_after > today
        {
            events.push((day_after, ForecastCause::ContractEnds { worker: code.clone() }));
        }
        if let Some(disadvantage) = &worker.disadvantage
            && disadvantage.category.counts_under_law_381()
            && let Some(until) = disadvantage.certified_until
            && let Some(day_after) = until.next_day()
            && day_after > today
            && worker.contract.end.is_none_or(|end| end >= day_after)
        {
            events.push((day_after, ForecastCause::CertificationExpires { worker: code }));
        }
    }
    events.retain(|(date, _)| *date <= horizon);
    events.sort_by_key(|(date, _)| *date);
    let mut warnings = Vec::new();
    let mut complied = headcount_on(kind, workers, today).complies();
    let mut index = 0;
    while index < events.len() {
        let date = events[index].0;
        let causes: Vec<ForecastCause> = events[index..]
            .iter()
            .take_while(|(d, _)| *d == date)
            .map(|(_, cause)| cause.clone())
            .collect();
        index += causes.len();
        let compliance = Compliance::of(headcount_on(kind, workers, date));
        if complied && !compliance.complies {
            warnings.push(ForecastWarning {
                date,
                causes,
                compliance,
            });
        }
        complied = compliance.complies;
    }
    warnings
}

#[cfg(test)]
mod tests;
