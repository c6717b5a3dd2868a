//! The quarterly provider report: what one cooperative delivered for one
//! programme in one quarter, built from the activity register, with the cost
//! per funding stream it may claim.
//!
//! The report is a snapshot: it is stored whole when generated, and once
//! approved it is never rebuilt (see [`super::report_status`]), so later edits
//! to the register do not change what the funder was told.

use super::Quarter;
use super::accrual::cost_in_period;
use crate::ValidationErrors;
use crate::consortium::Money;
use crate::ids::InterventionId;
use crate::ids::{FundingStreamId, ParticipantId};
use crate::msg;
use crate::pathways::eligibility::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One intervention of the cooperative with register entries in the quarter,
/// as the storage reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterventionActivity {
    pub intervention_id: InterventionId,
    pub participant_id: ParticipantId,
    pub service_code: String,
    pub service_name: String,
    pub funding_stream_id: Option<FundingStreamId>,
    pub planned_minutes: i64,
    pub cost_cents: i64,
    pub minutes_before: i64,
    pub minutes_in_quarter: i64,
    pub entries_in_quarter: i64,
    /// The funding stream's eligibility rule for this participant.
    pub eligibility: Verdict,
    /// Why, when not eligible, in the rule's words.
    pub eligibility_reason: String,
}

/// A funding stream of the programme, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamRef {
    pub id: FundingStreamId,
    pub name: String,
}

/// Deliveries of one service paid by one funding stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLine {
    pub funding_stream_id: Option<FundingStreamId>,
    pub funding_stream: String,
    pub service_code: String,
    pub service_name: String,
    pub interventions: u64,
    pub participants: u64,
    pub entries: i64,
    pub minutes: i64,
    pub cost_cents: i64,
    /// The part of the cost the stream may pay (eligible participants only).
    pub claimable_cents: i64,
}

/// The total per funding stream: what the approved report claims from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamTotal {
    pub funding_stream_id: Option<FundingStreamId>,
    pub funding_stream: String,
    pub participants: u64,
    pub minutes: i64,
    pub cost_cents: i64,
    pub claimable_cents: i64,
}

/// An intervention whose cost no stream may pay, and why: the cooperative
/// fixes the funding stream (or the participant's record) before submitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotClaimable {
    pub intervention_id: InterventionId,
    pub participant_id: ParticipantId,
    pub service_code: String,
    pub funding_stream: String,
    pub cost_cents: i64,
    pub reason: String,
}

/// What the report says, frozen as JSON with the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderReportContent {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2021-Q2"))]
    pub quarter: Quarter,
    pub lines: Vec<ReportLine>,
    pub streams: Vec<StreamTotal>,
    /// Distinct participants with a delivery in the quarter.
    pub participants: u64,
    pub interventions: u64,
    pub minutes: i64,
    pub cost_cents: i64,
    pub claimable_cents: i64,
    pub not_claimable: Vec<NotClaimable>,
    /// Register entries not tied to an intervention (meetings, calls, visits).
    pub other_entries: i64,
    pub other_minutes: i64,
}

/// The label of interventions that no funding stream was assigned to.
pub const NO_STREAM: &str = "—";

/// Builds the report from the register: one line per funding stream and
/// service, the totals per stream, and the interventions no stream may pay.
pub fn build(
    quarter: Quarter,
    deliveries: &[InterventionActivity],
    streams: &[StreamRef],
    other_entries: i64,
    other_minutes: i64,
) -> ProviderReportContent {
    let stream_name = |id: Option<FundingStreamId>| {
        id.and_then(|id| streams.iter().find(|s| s.id == id))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| NO_STREAM.to_owned())
    };
    #[derive(Default)]
    struct Acc {
        name: String,
        interventions: u64,
        participants: BTreeSet<ParticipantId>,
        entries: i64,
        minutes: i64,
        cost: i64,
        claimable: i64,
    }
    let mut lines: BTreeMap<(Option<FundingStreamId>, String), Acc> = BTreeMap::new();
    let mut not_claimable = Vec::new();
    for delivery in deliveries.iter().filter(|d| d.entries_in_quarter > 0) {
        let cost = cost_in_period(
            delivery.cost_cents,
            delivery.planned_minutes,
            delivery.minutes_before,
            delivery.minutes_in_quarter,
        );
        let refusal = match (delivery.funding_stream_id, delivery.eligibility) {
            (None, _) => Some("no funding stream is assigned to the intervention".to_owned()),
            (Some(_), Verdict::Eligible) => None,
            // The rule's own explanation says "Not eligible: …" or "Cannot tell yet: …".
            (Some(_), Verdict::NotEligible | Verdict::CannotTell) => Some(delivery.eligibility_reason.clone()),
        };
        let line = lines
            .entry((delivery.funding_stream_id, delivery.service_code.clone()))
            .or_default();
        line.name.clone_from(&delivery.service_name);
        line.interventions += 1;
        line.participants.insert(delivery.participant_id);
        line.entries += delivery.entries_in_quarter;
        line.minutes += delivery.minutes_in_quarter;
        line.cost += cost;
        match refusal {
            None => line.claimable += cost,
            Some(reason) if cost > 0 => not_claimable.push(NotClaimable {
                intervention_id: delivery.intervention_id,
                participant_id: delivery.participant_id,
                service_code: delivery.service_code.clone(),
                funding_stream: stream_name(delivery.funding_stream_id),
                cost_cents: cost,
                reason,
            }),
            Some(_) => {}
        }
    }
    let lines: Vec<ReportLine> = lines
        .into_iter()
        .map(|((stream, code), acc)| ReportLine {
            funding_stream_id: stream,
            funding_stream: stream_name(stream),
            service_code: code,
            service_name: acc.name,
            interventions: acc.interventions,
            participants: acc.participants.len() as u64,
            entries: acc.entries,
            minutes: acc.minutes,
            cost_cents: acc.cost,
            claimable_cents: acc.claimable,
        })
        .collect();
    let streams = stream_totals(deliveries, &lines, &stream_name);
    let participants: BTreeSet<ParticipantId> = deliveries
        .iter()
        .filter(|d| d.entries_in_quarter > 0)
        .map(|d| d.participant_id)
        .collect();
    ProviderReportContent {
        quarter,
        participants: participants.len() as u64,
        interventions: lines.iter().map(|l| l.interventions).sum(),
        minutes: lines.iter().map(|l| l.minutes).sum(),
        cost_cents: lines.iter().map(|l| l.cost_cents).sum(),
        claimable_cents: lines.iter().map(|l| l.claimable_cents).sum(),
        lines,
        streams,
        not_claimable,
        other_entries,
        other_minutes,
    }
}

fn stream_totals(
    deliveries: &[InterventionActivity],
    lines: &[ReportLine],
    stream_name: &dyn Fn(Option<FundingStreamId>) -> String,
) -> Vec<StreamTotal> {
    let mut totals: BTreeMap<Option<FundingStreamId>, StreamTotal> = BTreeMap::new();
    for line in lines {
        let total = totals.entry(line.funding_stream_id).or_insert_with(|| StreamTotal {
            funding_stream_id: line.funding_stream_id,
            funding_stream: stream_name(line.funding_stream_id),
            participants: 0,
            minutes: 0,
            cost_cents: 0,
            claimable_cents: 0,
        });
        total.minutes += line.minutes;
        total.cost_cents += line.cost_cents;
        total.claimable_cents += line.claimable_cents;
    }
    // A participant served by two services of one stream counts once for it.
    for (stream, total) in &mut totals {
        let people: BTreeSet<ParticipantId> = deliveries
            .iter()
            .filter(|d| d.entries_in_quarter > 0 && d.funding_stream_id == *stream)
            .map(|d| d.participant_id)
            .collect();
        total.participants = people.len() as u64;
    }
    totals.into_values().collect()
}

impl ProviderReportContent {
    /// What the report claims from one funding stream (0 when nothing).
    pub fn claimable_for(&self, stream_id: FundingStreamId) -> i64 {
        self.streams
            .iter()
            .filter(|s| s.funding_stream_id == Some(stream_id))
            .map(|s| s.claimable_cents)
            .sum()
    }

    /// What the report claims from each funding stream (streams with nothing to claim left out).
    pub fn claims(&self) -> Vec<(FundingStreamId, i64)> {
        self.streams
            .iter()
            .filter_map(|s| s.funding_stream_id.map(|id| (id, s.claimable_cents)))
            .filter(|(_, amount)| *amount != 0)
            .collect()
    }
}

/// A report is made only for a cooperative that delivers the programme, and
/// only for a quarter that has begun (a quarter in progress may be previewed).
pub fn check_request(delivers_programme: bool, quarter: Quarter, today: time::Date) -> Result<(), ValidationErrors> {
    if !delivers_programme {
        return Err(ValidationErrors::single(
            "cooperative",
            msg!("error-cooperative-not-delivering"),
        ));
    }
    if quarter.first_day() > today {
        return Err(ValidationErrors::single(
            "quarter",
            msg!("error-quarter-not-begun", quarter = quarter.to_string()),
        ));
    }
    Ok(())
}

/// The quarters a report may be asked for: those the rounds span, up to today's, newest first.
pub fn reportable_quarters(rounds: &[(time::Date, time::Date)], today: time::Date) -> Vec<Quarter> {
    let mut quarters: Vec<Quarter> = rounds
        .iter()
        .flat_map(|(start, end)| Quarter::spanning(*start, (*end).min(today)))
        .filter(|q| q.first_day() <= today)
        .collect();
    quarters.sort_unstable_by(|a, b| b.cmp(a));
    quarters.dedup();
    quarters
}

/// Hours with one decimal, as the tables show them.
pub fn hours(minutes: i64) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}

/// The columns of the report as a table (CSV, XLSX, the CLI).
pub const TABLE_HEADER: [&str; 10] = [
    "section",
    "funding_stream",
    "service",
    "interventions",
    "participants",
    "register_entries",
    "hours",
    "cost_eur",
    "claimable_eur",
    "note",
];

impl ProviderReportContent {
    /// The report as rows under [`TABLE_HEADER`]: the lines, the totals per
    /// stream, the costs no stream may pay, and the grand total.
    pub fn table_rows(&self) -> Vec<Vec<String>> {
        let mut rows: Vec<Vec<String>> = self
            .lines
            .iter()
            .map(|l| {
                vec![
                    "line".into(),
                    l.funding_stream.clone(),
                    format!("{} — {}", l.service_code, l.service_name),
                    l.interventions.to_string(),
                    l.participants.to_string(),
                    l.entries.to_string(),
                    hours(l.minutes),
                    Money::from_cents(l.cost_cents).decimal(),
                    Money::from_cents(l.claimable_cents).decimal(),
                    String::new(),
                ]
            })
            .collect();
        rows.extend(self.streams.iter().map(|s| {
            vec![
                "stream_total".into(),
                s.funding_stream.clone(),
                String::new(),
                String::new(),
                s.participants.to_string(),
                String::new(),
                hours(s.minutes),
                Money::from_cents(s.cost_cents).decimal(),
                Money::from_cents(s.claimable_cents).decimal(),
                String::new(),
            ]
        }));
        rows.extend(self.not_claimable.iter().map(|n| {
            vec![
                "not_claimable".into(),
                n.funding_stream.clone(),
                n.service_code.clone(),
                "1".into(),
                String::new(),
                String::new(),
                String::new(),
                Money::from_cents(n.cost_cents).decimal(),
                Money::from_cents(0).decimal(),
                n.reason.clone(),
            ]
        }));
        rows.push(vec![
            "total".into(),
            String::new(),
            String::new(),
            self.interventions.to_string(),
            self.participants.to_string(),
            String::new(),
            hours(self.minutes),
            Money::from_cents(self.cost_cents).decimal(),
            Money::from_cents(self.claimable_cents).decimal(),
            format!(
                "other register entries: {} ({} h)",
                self.other_entries,
                hours(self.other_minutes)
            ),
        ]);
        rows
    }

    pub fn to_csv(&self) -> String {
        crate::csv_export::table(TABLE_HEADER, self.table_rows())
    }
}

#[cfg(test)]
mod tests;
