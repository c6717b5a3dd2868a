//! Paths, projects, interventions, the activity register, closures and follow-ups.

use super::{ENTRY_SALT, Ids, Writer, instant};
use crate::Result;
use crate::national::catalogue::*;
use crate::national::insert::{Batch, Value};
use crate::national::plan::iso;
use crate::national::rng::Rng;

impl Writer<'_> {
    pub(super) async fn paths(&mut self, ids: &Ids) -> Result<()> {
        let plan = self.plan;
        let batch = Batch::new(
            self.backend,
            "paths",
            "id, participant_id, programme_id, round_id, state, reason, created_at, updated_at",
            &format!("(?1, ?2, {}, ?3, ?4, ?5, ?6, ?6)", ids.programme),
        );
        self.write_rows("paths", batch, &plan.paths, |index, path| {
            let reason = match path.state {
                "withdrawn" => Some("ritiro della persona"),
                "interrupted" => Some("fine dell'annualità"),
                _ => None,
            };
            vec![
                (ids.paths + index as i64).into(),
                (ids.people + i64::from(path.person)).into(),
                path.round.map(|r| ids.rounds[usize::from(r)]).into(),
                path.state.into(),
                reason.into(),
                instant(Self::round_start(path.round)).into(),
            ]
        })
        .await
    }

    pub(super) async fn projects(&mut self, ids: &Ids) -> Result<()> {
        let plan = self.plan;
        let batch = Batch::new(
            self.backend,
            "projects",
            "id, household_id, programme_id, round_id, cooperative_id, focus_participant_id, status, started_on, \
             created_at, updated_at",
            &format!("(?1, ?2, {}, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", ids.programme),
        );
        self.write_rows("projects", batch, &plan.projects, |index, project| {
            vec![
                (ids.projects + index as i64).into(),
                (ids.households + i64::from(project.household)).into(),
                ids.rounds[usize::from(project.round)].into(),
                (ids.cooperatives + i64::from(project.cooperative)).into(),
                (ids.people + i64::from(project.focus)).into(),
                if project.closure.is_some() { "closed" } else { "active" }.into(),
                iso(project.started_on).into(),
                instant(project.started_on).into(),
            ]
        })
        .await
    }

    pub(super) async fn interventions(&mut self, ids: &Ids) -> Result<()> {
        let plan = self.plan;
        let batch = Batch::new(
            self.backend,
            "interventions",
            "id, project_id, participant_id, service_id, round_id, funding_stream_id, status, status_reason, \
             planned_start, planned_end, minutes, cost_cents, created_at, updated_at",
            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        );
        self.write_rows("interventions", batch, &plan.interventions, |index, intervention| {
            let project = &plan.projects[intervention.project as usize];
            let spec = &SERVICES[usize::from(intervention.service)];
            let reason = match intervention.status {
                "cancelled" => Some("non più necessario"),
                "interrupted" => Some("progetto concluso"),
                _ => None,
            };
            let cost = if intervention.status == "cancelled" {
                0
            } else {
                spec.unit_cost_cents
            };
            vec![
                (ids.interventions + index as i64).into(),
                (ids.projects + i64::from(intervention.project)).into(),
                (ids.people + i64::from(intervention.person)).into(),
                ids.services[usize::from(intervention.service)].into(),
                ids.rounds[usize::from(project.round)].into(),
                ids.streams[usize::from(intervention.stream)].into(),
                intervention.status.into(),
                reason.into(),
                iso(intervention.start).into(),
                iso(intervention.end).into(),
                spec.minutes.into(),
                cost.into(),
                instant(project.started_on).into(),
            ]
        })
        .await
    }

    /// Shares `total` entries among the interventions in proportion to their
    /// weights (exactly `total`, by cumulative rounding), each drawn from the
    /// intervention's own stream inside its planned dates.
    pub(super) async fn entries(&mut self, ids: &Ids, total: u64) -> Result<u64> {
        let plan = self.plan;
        self.progress.start("activity register", total);
        let weights: Vec<u64> = if plan.interventions.iter().any(|i| i.weight > 0) {
            plan.interventions.iter().map(|i| u64::from(i.weight)).collect()
        } else {
            vec![1; plan.interventions.len()]
        };
        let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        if sum == 0 {
            self.progress.finish();
            return Ok(0);
        }
        let mut batch = Batch::new(
            self.backend,
            "activity_entries",
            "project_id, participant_id, intervention_id, kind, occurred_on, minutes, author_user_id, created_at",
            &format!("(?1, ?2, ?3, ?4, ?5, ?6, {}, ?5 || 'T18:00:00.000Z')", ids.user),
        );
        let mut cumulative: u128 = 0;
        let mut written: u64 = 0;
        for (index, intervention) in plan.interventions.iter().enumerate() {
            let before = (u128::from(total) * cumulative / sum) as u64;
            cumulative += u128::from(weights[index]);
            let after = (u128::from(total) * cumulative / sum) as u64;
            if after == before {
                continue;
            }
            let mut rng = Rng::stream(self.seed, ENTRY_SALT, index as u64);
            let kinds = entry_kinds(SERVICES[usize::from(intervention.service)].kind);
            let span = i64::from(intervention.end - intervention.start);
            let project = ids.projects + i64::from(intervention.project);
            let person = ids.people + i64::from(intervention.person);
            let intervention_id = ids.interventions + index as i64;
            for _ in before..after {
                let kind = rng.pick(kinds);
                let minutes = match kind {
                    "internship_day" => rng.pick(&[(240i64, 70), (180, 20), (120, 10)]),
                    "note" => 15,
                    _ => 15 * rng.between(1, 16),
                };
                let occurred_on = intervention.start + rng.between(0, span) as i32;
                let row: Vec<Value> = vec![
                    project.into(),
                    person.into(),
                    intervention_id.into(),
                    kind.into(),
                    iso(occurred_on).into(),
                    minutes.into(),
                ];
                batch.push(self.unit.conn(), row).await?;
                written += 1;
                self.tick(written, total);
            }
        }
        batch.flush(self.unit.conn()).await?;
        self.progress.finish();
        Ok(written)
    }

    pub(super) async fn closures(&mut self, ids: &Ids) -> Result<(u64, u64)> {
        let plan = self.plan;
        let total = plan.projects.len() as u64;
        self.progress.start("closures and follow-ups", total);
        let mut closures = Batch::new(
            self.backend,
            "closures",
            "project_id, closed_on, objectives_achieved, skills_acquired, critical_issues, resources_activated, \
             outcome, author_user_id, created_at",
            &format!(
                "(?1, ?2, 'sintetico', 'sintetico', 'sintetico', 'sintetico', ?3, {}, ?4)",
                ids.user
            ),
        );
        let mut follow_ups = Batch::new(
            self.backend,
            "follow_ups",
            "project_id, participant_id, months, recorded_on, employment_status, author_user_id",
            &format!("(?1, ?2, ?3, ?4, ?5, {})", ids.user),
        );
        let mut follow_up_count = 0;
        for (index, project) in plan.projects.iter().enumerate() {
            self.tick(index as u64 + 1, total);
            let Some(closure) = &project.closure else { continue };
            let project_id = ids.projects + index as i64;
            let row: Vec<Value> = vec![
                project_id.into(),
                iso(closure.closed_on).into(),
                closure.outcome.into(),
                instant(closure.closed_on).into(),
            ];
            closures.push(self.unit.conn(), row).await?;
            for (months, days, status) in [
                (6i64, 183, closure.follow_up_status[0]),
                (12, 365, closure.follow_up_status[1]),
            ] {
                if i64::from(closure.follow_up_months) < months {
                    continue;
                }
                let row: Vec<Value> = vec![
                    project_id.into(),
                    (ids.people + i64::from(project.focus)).into(),
                    months.into(),
                    iso(closure.closed_on + days).into(),
                    status.into(),
                ];
                follow_ups.push(self.unit.conn(), row).await?;
                follow_up_count += 1;
            }
        }
        closures.flush(self.unit.conn()).await?;
        follow_ups.flush(self.unit.conn()).await?;
        self.progress.finish();
        Ok((closures.written, follow_up_count))
    }
}
