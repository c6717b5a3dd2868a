//! Reading the activity register for a provider report.

use super::persons::persons_of;
use crate::Result;
use crate::pathways::programmes::Programme;
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::provider_report::{self, InterventionActivity, ProviderReportContent, StreamRef};
use filiera_domain::ids::InterventionId;
use filiera_domain::ids::{FundingStreamId, OrganisationId, ParticipantId};
use filiera_domain::pathways::eligibility::Verdict;
use sqlx::AnyConnection;

type DeliveryRow = (
    InterventionId,
    ParticipantId,
    String,
    String,
    Option<FundingStreamId>,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// Interventions of the cooperative's projects with entries in the quarter,
/// with the minutes registered before it (which decide how much cost is left).
const DELIVERIES: &str = "SELECT i.id, i.participant_id, s.code, s.name, i.funding_stream_id, i.minutes, i.cost_cents, \
     CAST(SUM(CASE WHEN a.occurred_on < $3 THEN a.minutes ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN a.occurred_on >= $3 THEN a.minutes ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN a.occurred_on >= $3 THEN 1 ELSE 0 END) AS BIGINT) \
     FROM projects pr JOIN interventions i ON i.project_id = pr.id JOIN services s ON s.id = i.service_id \
     JOIN activity_entries a ON a.intervention_id = i.id AND a.occurred_on <= $4 \
     WHERE pr.programme_id = $1 AND pr.cooperative_id = $2 \
     AND EXISTS (SELECT 1 FROM activity_entries q WHERE q.intervention_id = i.id \
                 AND q.occurred_on >= $3 AND q.occurred_on <= $4) \
     GROUP BY i.id, i.participant_id, s.code, s.name, i.funding_stream_id, i.minutes, i.cost_cents \
     HAVING SUM(CASE WHEN a.occurred_on >= $3 THEN 1 ELSE 0 END) > 0 ORDER BY i.id";

/// Register entries of the quarter that belong to no intervention.
const OTHER_ENTRIES: &str = "SELECT COUNT(*), CAST(COALESCE(SUM(a.minutes), 0) AS BIGINT) \
     FROM projects pr JOIN activity_entries a ON a.project_id = pr.id \
     WHERE pr.programme_id = $1 AND pr.cooperative_id = $2 AND a.intervention_id IS NULL \
     AND a.occurred_on >= $3 AND a.occurred_on <= $4";

/// Builds a cooperative's report for a quarter from the register as it is now.
pub(crate) async fn report_content(
    conn: &mut AnyConnection,
    programme: &Programme,
    cooperative_id: OrganisationId,
    quarter: Quarter,
) -> Result<ProviderReportContent> {
    let (first, last) = (quarter.first_day().to_string(), quarter.last_day().to_string());
    let rows: Vec<DeliveryRow> = sqlx::query_as(DELIVERIES)
        .bind(programme.id)
        .bind(cooperative_id)
        .bind(&first)
        .bind(&last)
        .fetch_all(&mut *conn)
        .await?;
    let (other_entries, other_minutes): (i64, i64) = sqlx::query_as(OTHER_ENTRIES)
        .bind(programme.id)
        .bind(cooperative_id)
        .bind(&first)
        .bind(&last)
        .fetch_one(&mut *conn)
        .await?;
    let mut participants: Vec<ParticipantId> = rows.iter().map(|row| row.1).collect();
    participants.sort_unstable();
    participants.dedup();
    let persons = persons_of(conn, &participants).await?;
    let on = quarter.last_day();
    let deliveries: Vec<InterventionActivity> = rows
        .into_iter()
        .map(
            |(id, participant, code, name, stream_id, planned, cost, before, minutes, entries)| {
                let stream = stream_id.and_then(|s| programme.funding_streams.iter().find(|f| f.id == s));
                let (eligibility, reason) = match (stream, persons.get(&participant)) {
                    (Some(stream), Some(person)) => {
                        let verdict = stream.eligibility.evaluate(person, on);
                        let reason = match verdict {
                            Verdict::Eligible => String::new(),
                            _ => stream.eligibility.explain(person, on).summary(),
                        };
                        (verdict, reason)
                    }
                    (Some(_), None) => (Verdict::CannotTell, "the participant's record is missing".to_owned()),
                    (None, _) => (Verdict::CannotTell, String::new()),
                };
                InterventionActivity {
                    intervention_id: id,
                    participant_id: participant,
                    service_code: code,
                    service_name: name,
                    funding_stream_id: stream_id,
                    planned_minutes: planned,
                    cost_cents: cost,
                    minutes_before: before,
                    minutes_in_quarter: minutes,
                    entries_in_quarter: entries,
                    eligibility,
                    eligibility_reason: reason,
                }
            },
        )
        .collect();
    let streams: Vec<StreamRef> = programme
        .funding_streams
        .iter()
        .map(|s| StreamRef {
            id: s.id,
            name: s.name.clone(),
        })
        .collect();
    Ok(provider_report::build(
        quarter,
        &deliveries,
        &streams,
        other_entries,
        other_minutes,
    ))
}
