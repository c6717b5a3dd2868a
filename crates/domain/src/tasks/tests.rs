use super::*;
use crate::consortium::workforce::{Activity, Contract, Disadvantage, DisadvantageCategory, Hours};
use proptest::prelude::*;
use time::macros::{date, datetime};

#[test]
fn an_unanswered_request_is_due_on_its_response_date_and_overdue_the_day_after() {
    let due = date!(2026 - 11 - 20);
    assert_eq!(
        request_task(due, false, due),
        Some(Due {
            on: due,
            overdue: false
        })
    );
    assert_eq!(
        request_task(due, false, date!(2026 - 11 - 21)),
        Some(Due { on: due, overdue: true })
    );
    assert_eq!(request_task(due, true, date!(2026 - 11 - 21)), None);
}

#[test]
fn a_referred_path_waits_for_the_first_interview_and_then_the_second() {
    assert_eq!(interview_needed(PathState::Referred), Some(Interview::First));
    assert_eq!(interview_needed(PathState::FirstInterview), Some(Interview::Second));
    for state in [
        PathState::SecondInterview,
        PathState::ProjectActive,
        PathState::Closed,
        PathState::Withdrawn,
        PathState::Interrupted,
    ] {
        assert_eq!(interview_needed(state), None, "{state}");
    }
}

#[test]
fn an_interview_is_due_ten_working_days_after_the_path_entered_its_state() {
    // Monday 2026-11-02: ten working days later is Monday 16 November.
    let (interview, due) = interview_task(PathState::Referred, date!(2026 - 11 - 02), date!(2026 - 11 - 10)).unwrap();
    assert_eq!(interview, Interview::First);
    assert_eq!(
        due,
        Due {
            on: date!(2026 - 11 - 16),
            overdue: false
        }
    );
}

#[test]
fn a_follow_up_is_a_task_from_six_and_twelve_months_after_closure_until_recorded() {
    let closed = date!(2026 - 01 - 15);
    assert!(follow_up_tasks(closed, &[], date!(2026 - 07 - 14)).is_empty());
    assert_eq!(
        follow_up_tasks(closed, &[], date!(2026 - 07 - 15)),
        [(
            6,
            Due {
                on: date!(2026 - 07 - 15),
                overdue: false
            }
        )]
    );
    assert!(follow_up_tasks(closed, &[6], date!(2026 - 12 - 01)).is_empty());
    let both = follow_up_tasks(closed, &[], date!(2027 - 01 - 20));
    assert_eq!(both.iter().map(|(m, _)| *m).collect::<Vec<_>>(), [6, 12]);
    assert!(both.iter().all(|(_, due)| due.overdue));
    assert!(follow_up_tasks(closed, &[6, 12], date!(2027 - 06 - 01)).is_empty());
}

#[test]
fn a_quarter_is_reported_once_it_has_ended_until_the_report_is_submitted() {
    let today = date!(2026 - 11 - 23);
    let q3 = quarter_to_report(today);
    assert_eq!(q3.to_string(), "2026-Q3");
    assert_eq!(report_submission_due(q3), date!(2026 - 10 - 30));
    assert_eq!(
        report_to_submit(q3, None, today),
        Some(Due {
            on: date!(2026 - 10 - 30),
            overdue: true
        })
    );
    assert!(report_to_submit(q3, Some(ReportStatus::Returned), today).is_some());
    assert!(report_to_submit(q3, Some(ReportStatus::Draft), today).is_some());
    assert_eq!(report_to_submit(q3, Some(ReportStatus::Submitted), today), None);
    assert_eq!(report_to_submit(q3, Some(ReportStatus::Approved), today), None);
    // The quarter in progress is not reported yet.
    assert_eq!(report_to_submit(Quarter::containing(today), None, today), None);
}

#[test]
fn a_submitted_report_is_to_approve_within_thirty_days_and_approval_ends_the_task() {
    let submitted = date!(2026 - 11 - 02);
    assert_eq!(
        report_to_approve(ReportStatus::Submitted, submitted, date!(2026 - 11 - 23)),
        Some(Due {
            on: date!(2026 - 12 - 02),
            overdue: false
        })
    );
    for status in [ReportStatus::Draft, ReportStatus::Returned, ReportStatus::Approved] {
        assert_eq!(report_to_approve(status, submitted, date!(2026 - 11 - 23)), None);
    }
}

#[test]
fn a_certificate_is_a_task_in_the_sixty_days_before_it_expires() {
    let until = date!(2027 - 01 - 31);
    assert_eq!(certificate_task(until, date!(2026 - 12 - 01)), None);
    assert_eq!(
        certificate_task(until, date!(2026 - 12 - 02)),
        Some(Due {
            on: until,
            overdue: false
        })
    );
    assert!(certificate_task(until, until).is_some());
    assert_eq!(certificate_task(until, date!(2027 - 02 - 01)), None);
}

fn worker(code: &str, certified_until: Option<Date>) -> WorkerRecord {
    WorkerRecord {
        code: code.into(),
        member: true,
        disadvantage: certified_until.map(|until| Disadvantage {
            category: DisadvantageCategory::PsychiatricTreatment,
            certificate: Some("ASL".into()),
            certified_until: Some(until),
        }),
        contract: Contract {
            start: date!(2020 - 01 - 01),
            end: None,
            weekly_hours: Hours::whole(30),
        },
        activity: Activity::B,
    }
}

#[test]
fn a_breach_of_the_thirty_percent_rule_within_ninety_days_is_a_task_on_its_day() {
    // 4 disadvantaged next to 12 ordinary comply; one certificate lapsing breaks the rule.
    let mut workers: Vec<WorkerRecord> = (0..12).map(|i| worker(&format!("O{i}"), None)).collect();
    for i in 0..3 {
        workers.push(worker(&format!("D{i}"), Some(date!(2030 - 01 - 01))));
    }
    workers.push(worker("D3", Some(date!(2026 - 12 - 31))));
    let today = date!(2026 - 11 - 23);
    let warnings = breach_tasks(CooperativeType::B, &workers, today);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].date, date!(2027 - 01 - 01));
    // Beyond the horizon it is not a task yet; a Type A cooperative is not bound.
    assert!(breach_tasks(CooperativeType::B, &workers, date!(2026 - 09 - 01)).is_empty());
    assert!(breach_tasks(CooperativeType::A, &workers, today).is_empty());
}

#[test]
fn a_handover_is_a_task_until_the_colleague_acts_on_the_household() {
    let received = datetime!(2026-11-02 09:00 UTC);
    let due = handover_task(received, None, date!(2026 - 11 - 03)).unwrap();
    assert_eq!(
        due,
        Due {
            on: date!(2026 - 11 - 09),
            overdue: false
        }
    );
    // Something recorded before the handover does not count.
    assert!(handover_task(received, Some(datetime!(2026-11-01 09:00 UTC)), date!(2026 - 11 - 03)).is_some());
    assert_eq!(
        handover_task(received, Some(datetime!(2026-11-02 10:00 UTC)), date!(2026 - 11 - 03)),
        None
    );
}

#[test]
fn a_task_list_puts_overdue_tasks_first_then_the_nearest_due_date() {
    let task = |kind, on, overdue| Task {
        kind,
        due: Due { on, overdue },
        title_key: "x",
        title_args: Vec::new(),
        link: String::new(),
    };
    let mut tasks = vec![
        task(TaskKind::Handover, date!(2026 - 12 - 01), false),
        task(TaskKind::Request, date!(2026 - 11 - 01), true),
        task(TaskKind::FollowUp, date!(2026 - 11 - 25), false),
    ];
    in_order(&mut tasks);
    let kinds: Vec<TaskKind> = tasks.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TaskKind::Request, TaskKind::FollowUp, TaskKind::Handover]);
}

fn any_date() -> impl Strategy<Value = Date> {
    (0i64..4000).prop_map(|d| date!(2020 - 01 - 01) + Duration::days(d))
}

proptest! {
    #[test]
    fn a_due_task_is_overdue_exactly_when_today_is_past_its_day(on in any_date(), today in any_date()) {
        prop_assert_eq!(Due::on(on, today).overdue, today > on);
    }

    #[test]
    fn a_certificate_task_falls_only_in_the_notice_window(until in any_date(), today in any_date()) {
        let days = (until - today).whole_days();
        prop_assert_eq!(certificate_task(until, today).is_some(), (0..=CERTIFICATE_NOTICE_DAYS).contains(&days));
    }

    #[test]
    fn follow_ups_are_never_offered_before_they_are_due_nor_once_recorded(
        closed in any_date(), today in any_date(), recorded in proptest::sample::subsequence(vec![6i64, 12], 0..=2)
    ) {
        for (months, due) in follow_up_tasks(closed, &recorded, today) {
            prop_assert!(!recorded.contains(&months));
            prop_assert!(due.on <= today);
            prop_assert_eq!(Some(due.on), follow_up_due(closed, months));
        }
    }

    #[test]
    fn a_report_is_to_submit_only_after_its_quarter_and_never_once_submitted(today in any_date(), back in 0usize..6) {
        let mut quarter = Quarter::containing(today);
        for _ in 0..back { quarter = quarter.previous(); }
        let missing = report_to_submit(quarter, None, today);
        prop_assert_eq!(missing.is_some(), back > 0);
        prop_assert!(report_to_submit(quarter, Some(ReportStatus::Submitted), today).is_none());
        if let Some(due) = missing {
            prop_assert!(due.on > quarter.last_day());
        }
    }

    #[test]
    fn the_task_order_never_puts_a_task_that_is_not_overdue_before_an_overdue_one(
        items in proptest::collection::vec((any_date(), any::<bool>()), 0..20)
    ) {
        let mut tasks: Vec<Task> = items.iter().map(|(on, overdue)| Task {
            kind: TaskKind::Request, due: Due { on: *on, overdue: *overdue },
            title_key: "x", title_args: Vec::new(), link: String::new(),
        }).collect();
        in_order(&mut tasks);
        for pair in tasks.windows(2) {
            prop_assert!(pair[0].due.overdue || !pair[1].due.overdue);
            if pair[0].due.overdue == pair[1].due.overdue {
                prop_assert!(pair[0].due.on <= pair[1].due.on);
            }
        }
    }
}
