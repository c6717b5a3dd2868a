//! Demo money and evidence for the ALI-like programme: funding streams on the
//! demo interventions, weekly sessions in the register, provider reports at
//! every stage (approved and paid, approved, submitted) and a comparison group
//! with its follow-ups. Loading it twice changes nothing.

use super::{comparison, provider_reports};
use crate::pathways::programmes::{self, DEMO_PROGRAMME};
use crate::pathways::register::{self, NewEntry};
use crate::{Actor, AuditEvent, Result, StorageError, Store, organisations, users};
use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::comparison::ComparisonMemberDraft;
use filiera_domain::evidence::report_status::ReportAction;
use filiera_domain::pathways::eligibility::Verdict;
use filiera_domain::pathways::household::{EmploymentStatus, Gender};
use filiera_domain::pathways::project::ActivityKind;
use serde_json::json;
use time::macros::date;
use time::{Date, Duration};

const COOPERATIVE: &str = "Cooperativa Sociale Il Girasole";

async fn actor(store: &Store, email: &str) -> Result<Actor> {
    let user = users::find_by_email(store, email)
        .await?
        .ok_or(StorageError::NotFound { what: "demo user" })?;
    Ok(Actor {
        user_id: Some(user.id),
        label: user.email,
        ip: None,
    })
}

type DemoIntervention = (i64, i64, i64, String, Option<String>, Option<String>);

pub async fn load(store: &Store, today: Date) -> Result<usize> {
    let Some(programme) = programmes::find_by_name(store, DEMO_PROGRAMME).await? else {
        return Ok(0);
    };
    let Some(cooperative) = organisations::find_by_name(store, COOPERATIVE).await? else {
        return Ok(0);
    };
    if !provider_reports::list(store, programme.id, None).await?.is_empty() {
        return Ok(0);
    }
    let case_manager = actor(store, "case.manager@demo.filiera.eu").await?;
    let manager = actor(store, "programme.manager@demo.filiera.eu").await?;
    let interventions: Vec<DemoIntervention> = sqlx::query_as(
        "SELECT i.id, i.project_id, i.participant_id, i.status, i.planned_start, i.planned_end FROM interventions i \
         JOIN projects pr ON pr.id = i.project_id WHERE pr.programme_id = $1 AND pr.cooperative_id = $2 ORDER BY i.id",
    )
    .bind(programme.id)
    .bind(cooperative.id)
    .fetch_all(store.pool())
    .await?;
    let mut created = 0;
    let mut unit = store.begin(&case_manager).await?;
    for (id, project, participant, status, start, end) in &interventions {
        // The first stream whose rule admits the person pays; otherwise the
        // first stream, so the demo shows a cost no stream may claim.
        let (_, person) = programmes::eligibility::person_of(store, *participant).await?;
        let on = date!(2022 - 03 - 31);
        let stream = programme
            .funding_streams
            .iter()
            .find(|s| s.eligibility.evaluate(&person, on) == Verdict::Eligible)
            .or(programme.funding_streams.first());
        sqlx::query("UPDATE interventions SET funding_stream_id = $1 WHERE id = $2")
            .bind(stream.map(|s| s.id))
            .bind(id)
            .execute(unit.conn())
            .await?;
        if status == "planned" || status == "cancelled" {
            continue;
        }
        let parse = |d: &Option<String>| d.as_deref().and_then(|d| programmes::parse_date(d).ok());
        let (Some(start), Some(end)) = (parse(start), parse(end)) else {
            continue;
        };
        let mut day = start;
        while day <= end.min(today) {
            let entry = NewEntry {
                project_id: *project,
                participant_id: Some(*participant),
                intervention_id: Some(*id),
                kind: ActivityKind::SessionAttended,
                occurred_on: day,
                minutes: 180,
                text: "Weekly session".into(),
            };
            register::add_entry(&mut unit, &entry).await?;
            created += 1;
            day += Duration::days(7);
        }
    }
    unit.record(
        AuditEvent::new("demo.evidence", "programme", programme.id)
            .in_organisation(Some(programme.agency_id))
            .with_detail(json!({"register_entries": created})),
    )
    .await?;
    unit.commit().await?;
    created += reports(store, programme.id, cooperative.id, &case_manager, &manager, today).await?;
    created += comparison_group(store, programme.id, programme.agency_id, &manager, today).await?;
    Ok(created)
}

/// 2022-Q1 approved and paid, 2022-Q2 submitted for review.
async fn reports(
    store: &Store,
    programme_id: i64,
    cooperative_id: i64,
    case_manager: &Actor,
    manager: &Actor,
    today: Date,
) -> Result<usize> {
    let quarters = [(1, true, true), (2, false, false)];
    for (number, approve, pay) in quarters {
        let quarter = Quarter::new(2022, number).map_err(StorageError::corrupt)?;
        let mut unit = store.begin(case_manager).await?;
        let id = provider_reports::generate(&mut unit, programme_id, cooperative_id, quarter, today).await?;
        provider_reports::act(&mut unit, id, ReportAction::Submit, "", today).await?;
        unit.commit().await?;
        if approve {
            let mut unit = store.begin(manager).await?;
            let comment = "Checked against the attendance sheets.";
            provider_reports::act(&mut unit, id, ReportAction::Approve, comment, quarter.next().last_day()).await?;
            unit.commit().await?;
        }
        if pay {
            for claim in provider_reports::claims_of_report(store, id).await? {
                let mut unit = store.begin(manager).await?;
                let paid_on = quarter.next().last_day() + Duration::days(20);
                provider_reports::record_payment(&mut unit, &claim, paid_on, "MAND-2022-0412").await?;
                unit.commit().await?;
            }
        }
    }
    Ok(quarters.len())
}

/// Twelve eligible people not selected in round 2, followed up like the participants.
async fn comparison_group(
    store: &Store,
    programme_id: i64,
    agency_id: i64,
    manager: &Actor,
    today: Date,
) -> Result<usize> {
    use EmploymentStatus::*;
    let after_six = [
        Unemployed,
        Employed,
        Unemployed,
        Inactive,
        Unemployed,
        LongTermUnemployed,
        Employed,
        Unemployed,
        Inactive,
        Unemployed,
        SelfEmployed,
        Unemployed,
    ];
    let mut unit = store.begin(manager).await?;
    for (index, status) in after_six.iter().enumerate() {
        let draft = ComparisonMemberDraft {
            reference: format!("CG-2022-{:03}", index + 1),
            gender: Some(if index % 3 == 0 { Gender::M } else { Gender::F }),
            birth_year: Some(1970 + (index as i32 * 3) % 30),
            employment_status: Some(if index % 4 == 0 { LongTermUnemployed } else { Unemployed }),
            reference_date: Some(date!(2022 - 06 - 30)),
            not_selected_reason: "Places in round 2 were full".into(),
        };
        let valid = draft.validate(today).map_err(StorageError::Invalid)?;
        let id = comparison::add_member(&mut unit, programme_id, agency_id, None, &valid).await?;
        let member = comparison::member_in(&mut unit, id).await?;
        comparison::record_follow_up(&mut unit, &member, agency_id, 6, date!(2023 - 01 - 10), *status, today).await?;
        if index % 2 == 0 {
            let later = if index % 4 == 0 { Employed } else { *status };
            comparison::record_follow_up(&mut unit, &member, agency_id, 12, date!(2023 - 07 - 10), later, today)
                .await?;
        }
    }
    unit.commit().await?;
    Ok(after_six.len())
}
