//! "My tasks": what the principal has to do, across their roles and
//! organisations, from the stored facts and today's date (the injected Rome
//! clock). The rules of what is due when are the domain's
//! (`filiera_domain::tasks`); this use case reads only the facts the
//! principal's roles allow — narrowed in storage to the organisations where
//! the policy allows the work, then each fact checked again with the same
//! policy action and target as the record's own page — and turns them into
//! tasks with a title (a message of the reader's language) and a link.
//!
//! Nothing is stored: a task leaves the list when its fact changes.

use crate::app::evidence::reports::cooperative_side;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::i18n::Tr;
use crate::state::AppState;
use filiera_domain::consortium::thirty_percent::ForecastCause;
use filiera_domain::evidence::report_status::ReportStatus;
use filiera_domain::ids::HouseholdId;
use filiera_domain::policy::consortium::ConsortiumAction;
use filiera_domain::policy::evidence::EvidenceAction;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_domain::policy::{Action, Target};
use filiera_domain::tasks::{self as rules, Interview, Task, TaskKind};
use filiera_storage::pathways::households;
use filiera_storage::tasks as facts;
use std::collections::HashMap;
use time::Date;

/// The principal's tasks, overdue first, then by due date.
pub async fn my_tasks(state: &AppState, principal: &Principal) -> WebResult<Vec<Task>> {
    let today = state.clock.today();
    let mut reader = Reader {
        state,
        principal,
        today,
        targets: HashMap::new(),
        tasks: Vec::new(),
    };
    reader.requests().await?;
    reader.interviews().await?;
    reader.follow_ups().await?;
    reader.reports().await?;
    reader.workforce().await?;
    reader.handovers().await?;
    let mut tasks = reader.tasks;
    rules::in_order(&mut tasks);
    Ok(tasks)
}

/// A task's title in the reader's language.
pub fn title(t: &Tr, task: &Task) -> String {
    t.args(task.title_key, task.title_args.iter().map(|(k, v)| (*k, v)))
}

struct Reader<'a> {
    state: &'a AppState,
    principal: &'a Principal,
    today: Date,
    /// Household targets already read (several tasks may share one).
    targets: HashMap<HouseholdId, Target>,
    tasks: Vec<Task>,
}

impl Reader<'_> {
    fn push(
        &mut self,
        kind: TaskKind,
        due: rules::Due,
        key: &'static str,
        args: Vec<(&'static str, String)>,
        link: String,
    ) {
        self.tasks.push(Task {
            kind,
            due,
            title_key: key,
            title_args: args,
            link,
        });
    }

    fn allowing(&self, action: Action) -> Vec<filiera_domain::ids::OrganisationId> {
        self.principal.organisations_allowing(action)
    }

    /// Whether the principal may do `action` on the household, as its page asks.
    async fn may_on_household(&mut self, id: HouseholdId, action: PathwayAction) -> WebResult<bool> {
        if !self.targets.contains_key(&id) {
            let target = households::target(&self.state.store, id).await?;
            self.targets.insert(id, target);
        }
        Ok(self
            .targets
            .get(&id)
            .is_some_and(|target| self.principal.authorize(Action::Pathway(action), target).is_ok()))
    }

    async fn requests(&mut self) -> WebResult<()> {
        let agencies = self.allowing(Action::Pathway(PathwayAction::ManageHousehold));
        // Whoever runs the agency's programmes also sees its unassigned and overdue requests.
        let overseen: Vec<_> = self
            .allowing(Action::Pathway(PathwayAction::ManageProgramme))
            .into_iter()
            .filter(|id| agencies.contains(id))
            .collect();
        let user = self.principal.user.id;
        for request in facts::open_requests(&self.state.store, user, &agencies, &overseen, self.today).await? {
            if !self
                .may_on_household(request.household_id, PathwayAction::ManageHousehold)
                .await?
            {
                continue;
            }
            if let Some(due) = rules::request_task(request.due_on, false, self.today) {
                self.push(
                    TaskKind::Request,
                    due,
                    "task-request",
                    vec![("household", request.household_reference)],
                    format!("/households/{}#requests", request.household_id),
                );
            }
        }
        Ok(())
    }

    async fn interviews(&mut self) -> WebResult<()> {
        for path in facts::waiting_paths(&self.state.store, self.principal.user.id).await? {
            let Some(state) = path.state() else { continue };
            let since = filiera_domain::calendar::date_in_rome(path.updated_at);
            let Some((interview, due)) = rules::interview_task(state, since, self.today) else {
                continue;
            };
            let (action, key) = match interview {
                Interview::First => (PathwayAction::RecordAssessment, "task-interview-first"),
                Interview::Second => (PathwayAction::ManageProject, "task-interview-second"),
            };
            if self.may_on_household(path.household_id, action).await? {
                self.push(
                    TaskKind::Interview,
                    due,
                    key,
                    vec![("household", path.household_reference)],
                    format!("/households/{}#paths", path.household_id),
                );
            }
        }
        Ok(())
    }

    async fn follow_ups(&mut self) -> WebResult<()> {
        // Nothing closed within the last six months can be due yet.
        let closed_by = filiera_domain::pathways::closure::follow_up_due(self.today, -6).unwrap_or(self.today);
        for project in facts::closed_projects(&self.state.store, self.principal.user.id, closed_by).await? {
            let due = rules::follow_up_tasks(project.closed_on, &project.recorded_months(), self.today);
            if due.is_empty()
                || !self
                    .may_on_household(project.household_id, PathwayAction::ManageProject)
                    .await?
            {
                continue;
            }
            for (months, due) in due {
                self.push(
                    TaskKind::FollowUp,
                    due,
                    "task-follow-up",
                    vec![
                        ("months", months.to_string()),
                        ("household", project.household_reference.clone()),
                    ],
                    format!("/projects/{}#closure", project.project_id),
                );
            }
        }
        Ok(())
    }

    async fn reports(&mut self) -> WebResult<()> {
        let review = Action::Evidence(EvidenceAction::ReviewProviderReport);
        for report in facts::submitted_reports(&self.state.store, &self.allowing(review)).await? {
            // The agency's side of the report, as its page asks before approving.
            let agency_side = Target::organisation(report.agency_id, None);
            let (Some(id), Some(status), Some(submitted)) = (report.id, report.status, report.submitted_at) else {
                continue;
            };
            if self.principal.authorize(review, &agency_side).is_err() {
                continue;
            }
            let submitted_on = filiera_domain::calendar::date_in_rome(submitted);
            if let Some(due) = rules::report_to_approve(status, submitted_on, self.today) {
                self.push(
                    TaskKind::ReportToApprove,
                    due,
                    "task-report-to-approve",
                    report_args(&report),
                    format!("/provider-reports/{id}"),
                );
            }
        }
        let prepare = Action::Evidence(EvidenceAction::PrepareProviderReport);
        let quarter = rules::quarter_to_report(self.today);
        for report in facts::reports_to_prepare(&self.state.store, &self.allowing(prepare), quarter).await? {
            if self
                .principal
                .authorize(prepare, &cooperative_side(report.cooperative_id))
                .is_err()
            {
                continue;
            }
            let Some(due) = rules::report_to_submit(report.quarter, report.status, self.today) else {
                continue;
            };
            let (key, link) = match report.id {
                Some(id) if report.status == Some(ReportStatus::Returned) => {
                    ("task-report-returned", format!("/provider-reports/{id}"))
                }
                Some(id) => ("task-report-to-submit", format!("/provider-reports/{id}")),
                None => (
                    "task-report-to-prepare",
                    format!("/programmes/{}/reports", report.programme_id),
                ),
            };
            self.push(TaskKind::ReportToSubmit, due, key, report_args(&report), link);
        }
        Ok(())
    }

    /// Certificates about to expire and forecast breaches of the 30% rule, in
    /// the cooperatives whose registers the principal keeps.
    async fn workforce(&mut self) -> WebResult<()> {
        let manage = Action::Consortium(ConsortiumAction::ManageRegisters);
        let organisations = self.allowing(manage);
        let until = self
            .today
            .saturating_add(time::Duration::days(rules::CERTIFICATE_NOTICE_DAYS));
        for certificate in facts::expiring_certificates(&self.state.store, &organisations, self.today, until).await? {
            let target = Target::organisation(certificate.cooperative_id, certificate.consortium_id);
            if self.principal.authorize(manage, &target).is_err() {
                continue;
            }
            if let Some(due) = rules::certificate_task(certificate.certified_until, self.today) {
                self.push(
                    TaskKind::CertificateExpiring,
                    due,
                    "task-certificate",
                    vec![
                        ("worker", certificate.code),
                        ("cooperative", certificate.cooperative_name),
                    ],
                    format!("/cooperatives/{}/workforce", certificate.cooperative_id),
                );
            }
        }
        for id in facts::integrating_cooperatives(&self.state.store, &organisations).await? {
            let cooperative = filiera_storage::consortium::member_cooperative(&self.state.store, id).await?;
            if self.principal.authorize(manage, &cooperative.target()).is_err() {
                continue;
            }
            let workers: Vec<_> = filiera_storage::consortium::registers::workers_of(&self.state.store, id)
                .await?
                .into_iter()
                .map(|w| w.record)
                .collect();
            for warning in rules::breach_tasks(cooperative.kind, &workers, self.today) {
                let causes = warning
                    .causes
                    .iter()
                    .map(|cause| match cause {
                        ForecastCause::ContractEnds { worker }
                        | ForecastCause::CertificationExpires { worker }
                        | ForecastCause::ContractStarts { worker } => worker.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                self.push(
                    TaskKind::ThirtyPercentBreach,
                    rules::Due::on(warning.date, self.today),
                    "task-thirty-percent",
                    vec![
                        ("cooperative", cooperative.name.clone()),
                        ("workers", causes),
                        ("date", warning.date.to_string()),
                    ],
                    format!("/cooperatives/{id}/workforce"),
                );
            }
        }
        Ok(())
    }

    async fn handovers(&mut self) -> WebResult<()> {
        for handover in facts::received_handovers(&self.state.store, self.principal.user.id).await? {
            let Some(due) = rules::handover_task(handover.from_at, handover.acted_at, self.today) else {
                continue;
            };
            if self
                .may_on_household(handover.household_id, PathwayAction::ViewHousehold)
                .await?
            {
                self.push(
                    TaskKind::Handover,
                    due,
                    "task-handover",
                    vec![("household", handover.household_reference)],
                    format!("/households/{}#handover", handover.household_id),
                );
            }
        }
        Ok(())
    }
}

fn report_args(report: &facts::ReportFact) -> Vec<(&'static str, String)> {
    vec![
        ("quarter", report.quarter.to_string()),
        ("cooperative", report.cooperative_name.clone()),
        ("programme", report.programme_name.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::LANGUAGES;

    /// Every title this use case writes, and every kind's label, in every language.
    #[test]
    fn every_task_title_and_kind_reads_in_every_language() {
        let source = include_str!("tasks.rs");
        let titles: Vec<&str> = source
            .split('"')
            // The words between quotes that look like a title key; "task-" alone is this filter's own.
            .filter(|s| s.starts_with("task-") && s.len() > 5 && !s.contains([' ', '{']))
            .collect();
        assert!(titles.len() >= 11, "{titles:?}");
        let args = [
            ("household", "H-1"),
            ("months", "6"),
            ("quarter", "2026-Q3"),
            ("cooperative", "Il Girasole"),
            ("programme", "ALI"),
            ("worker", "W1"),
            ("workers", "W1"),
            ("date", "2026-12-01"),
        ];
        for (code, _) in LANGUAGES {
            let t = Tr::new(code);
            for key in &titles {
                let text = t.args(key, args);
                assert_ne!(&text, key, "{code} lacks {key}");
                assert!(!text.contains('{'), "{code} {key}: {text}");
            }
            for kind in TaskKind::ALL {
                let key = format!("task-kind-{}", kind.as_str().replace('_', "-"));
                assert_ne!(t.get(&key), key, "{code} lacks {key}");
            }
        }
    }
}
