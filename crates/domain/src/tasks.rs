//! "My tasks": what falls due for whom, and when. Each rule here answers one
//! question — is this fact a task today, and by when must it be done? — from
//! the stored facts and an injected `today` (Europe/Rome). A task has no state
//! of its own: it leaves the list when the fact behind it changes (the request
//! is answered, the report approved, the certificate renewed), never through a
//! separate "done" checkbox.
//!
//! The rules of law are elsewhere and reused here by name: the response time of
//! a request ([`crate::pathways::guards::response_due`]), the follow-up months
//! ([`crate::pathways::closure::follow_up_due`]) and the 30% rule's forecast
//! ([`crate::consortium::thirty_percent::forecast`]). The notice periods below
//! are filiera's own working choices, named so a reader can find and change them.

use crate::consortium::thirty_percent::{ForecastWarning, forecast};
use crate::consortium::workforce::WorkerRecord;
use crate::evidence::Quarter;
use crate::evidence::report_status::ReportStatus;
use crate::organisation::CooperativeType;
use crate::pathways::closure::{FOLLOW_UP_MONTHS, follow_up_due};
use crate::pathways::guards::due_date;
use crate::pathways::household::word_enum;
use crate::pathways::path::PathState;
use time::{Date, Duration, OffsetDateTime};

word_enum!(
    /// What kind of work a task asks for; each kind has its own rule below.
    TaskKind {
        Request => "request",
        Interview => "interview",
        FollowUp => "follow_up",
        ReportToSubmit => "report_to_submit",
        ReportToApprove => "report_to_approve",
        CertificateExpiring => "certificate_expiring",
        ThirtyPercentBreach => "thirty_percent_breach",
        Handover => "handover",
    }
);

/// When a task falls due, and whether that day has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub on: Date,
    pub overdue: bool,
}

impl Due {
    /// Due on `on`; overdue from the day after.
    pub fn on(on: Date, today: Date) -> Due {
        Due {
            on,
            overdue: today > on,
        }
    }
}

/// A task for one user: what, by when, its title as a message of the
/// reader's language (a Fluent key and its arguments) and where it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub kind: TaskKind,
    pub due: Due,
    pub title_key: &'static str,
    pub title_args: Vec<(&'static str, String)>,
    pub link: String,
}

/// The order of a task list: overdue first, then by due date, then by kind and
/// link so the order never depends on how the facts were read.
pub fn in_order(tasks: &mut [Task]) {
    tasks.sort_by(|a, b| (!a.due.overdue, a.due.on, a.kind, &a.link).cmp(&(!b.due.overdue, b.due.on, b.kind, &b.link)));
}

/// *Requests*: an unanswered request is a task until it is answered, due on
/// its response date (five working days after it was opened,
/// [`crate::pathways::guards::response_due`]).
pub fn request_task(due_on: Date, answered: bool, today: Date) -> Option<Due> {
    (!answered).then(|| Due::on(due_on, today))
}

/// Working days filiera gives to hold an interview once a path waits for it,
/// so a referred person is not left waiting (ALI: "the social worker had not
/// responded for a month").
pub const INTERVIEW_WITHIN_WORKING_DAYS: u32 = 10;

/// The interview a path in `state` is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interview {
    /// Social worker and psychotherapist: the Access and Evaluation Form.
    First,
    /// The cooperative's case manager: the project is built.
    Second,
}

/// Which interview a path waits for: a referred path the first, a path past
/// the first interview the second; none in any other state.
pub fn interview_needed(state: PathState) -> Option<Interview> {
    match state {
        PathState::Referred => Some(Interview::First),
        PathState::FirstInterview => Some(Interview::Second),
        _ => None,
    }
}

/// *Interviews*: a path waiting for an interview is a task due
/// [`INTERVIEW_WITHIN_WORKING_DAYS`] working days after it entered its state.
pub fn interview_task(state: PathState, in_state_since: Date, today: Date) -> Option<(Interview, Due)> {
    let interview = interview_needed(state)?;
    Some((
        interview,
        Due::on(due_date(in_state_since, INTERVIEW_WITHIN_WORKING_DAYS), today),
    ))
}

/// *Follow-ups*: 6 and 12 months after a project closed (ESF+ result
/// indicators six months after leaving, Reg. (EU) 2021/1057 Annex I), each
/// follow-up not yet recorded is a task from its due day on.
pub fn follow_up_tasks(closed_on: Date, recorded_months: &[i64], today: Date) -> Vec<(i64, Due)> {
    FOLLOW_UP_MONTHS
        .iter()
        .filter(|months| !recorded_months.contains(months))
        .filter_map(|&months| follow_up_due(closed_on, months).map(|due| (months, due)))
        .filter(|(_, due)| *due <= today)
        .map(|(months, due)| (months, Due::on(due, today)))
        .collect()
}

/// Days after a quarter ends by which the cooperative submits its report.
pub const REPORT_SUBMISSION_DAYS: i64 = 30;

/// The day a quarter's provider report is due.
pub fn report_submission_due(quarter: Quarter) -> Date {
    quarter
        .last_day()
        .saturating_add(Duration::days(REPORT_SUBMISSION_DAYS))
}

/// The quarter a cooperative reports on now: the last one that has ended.
pub fn quarter_to_report(today: Date) -> Quarter {
    Quarter::containing(today).previous()
}

/// *Reports to submit* (provider side): an ended quarter whose latest report
/// is missing, a draft or sent back; due [`REPORT_SUBMISSION_DAYS`] after the
/// quarter. A submitted or approved report asks nothing of the cooperative.
pub fn report_to_submit(quarter: Quarter, latest: Option<ReportStatus>, today: Date) -> Option<Due> {
    let ended = quarter.last_day() < today;
    let waiting = latest.is_none_or(ReportStatus::is_open);
    (ended && waiting).then(|| Due::on(report_submission_due(quarter), today))
}

/// Days the programme manager has to review a submitted report.
pub const REVIEW_WITHIN_DAYS: i64 = 30;

/// *Reports to approve* (programme manager side): a submitted report, due
/// [`REVIEW_WITHIN_DAYS`] after it was submitted; approving or sending it back
/// ends the task.
pub fn report_to_approve(status: ReportStatus, submitted_on: Date, today: Date) -> Option<Due> {
    (status == ReportStatus::Submitted)
        .then(|| Due::on(submitted_on.saturating_add(Duration::days(REVIEW_WITHIN_DAYS)), today))
}

/// How long before a certificate of disadvantage expires it becomes a task, so
/// the renewal (Law 381/1991 art. 4 c.1: certified by a public administration)
/// arrives before the worker stops counting for the 30% rule.
pub const CERTIFICATE_NOTICE_DAYS: i64 = 60;

/// *Certificates*: a certificate valid until `certified_until` is a task from
/// [`CERTIFICATE_NOTICE_DAYS`] before that day until it passes; a renewal
/// moves the date and ends the task.
pub fn certificate_task(certified_until: Date, today: Date) -> Option<Due> {
    let notice_from = certified_until.saturating_sub(Duration::days(CERTIFICATE_NOTICE_DAYS));
    (notice_from <= today && today <= certified_until).then(|| Due::on(certified_until, today))
}

/// How far ahead the task list looks for a forecast breach of the 30% rule.
pub const BREACH_HORIZON_DAYS: i64 = 90;

/// *30% rule*: the days within [`BREACH_HORIZON_DAYS`] on which the
/// cooperative would stop complying, by the domain's own forecast; each is a
/// task due that day.
pub fn breach_tasks(kind: CooperativeType, workers: &[WorkerRecord], today: Date) -> Vec<ForecastWarning> {
    forecast(kind, workers, today, BREACH_HORIZON_DAYS)
}

/// Working days for the colleague taking over a household to pick it up.
pub const HANDOVER_PICK_UP_WORKING_DAYS: u32 = 5;

/// *Handovers received*: a household handed over to the user is a task until
/// they act on it (anything they record on the household after the handover),
/// due [`HANDOVER_PICK_UP_WORKING_DAYS`] working days after it.
pub fn handover_task(received_at: OffsetDateTime, last_acted_at: Option<OffsetDateTime>, today: Date) -> Option<Due> {
    if last_acted_at.is_some_and(|acted| acted > received_at) {
        return None;
    }
    let received_on = crate::calendar::date_in_rome(received_at);
    Some(Due::on(due_date(received_on, HANDOVER_PICK_UP_WORKING_DAYS), today))
}

#[cfg(test)]
mod tests;
