use filiera_domain::evidence::Quarter;
use filiera_domain::evidence::comparison::ComparisonMemberDraft;
use filiera_domain::evidence::report_status::{ReportAction, ReportStatus};
use filiera_domain::ids::OrganisationId;
use filiera_domain::pathways::household::EmploymentStatus;
use filiera_fixtures::demo;
use filiera_fixtures::demo::DEMO_PROGRAMME;
use filiera_fixtures::testing::RawSql;
use filiera_storage::evidence::{budget, comparison, indicators, provider_reports};
use filiera_storage::pathways::programmes::{self, Programme};
use filiera_storage::{Actor, StorageError, Store, organisations, users};
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 23);

/// The demo is loaded as of [`TODAY`]: its story's dates move with it.
fn story() -> demo::DemoCalendar {
    demo::DemoCalendar::as_of(TODAY)
}

async fn actor(store: &Store, email: &str) -> Actor {
    let user = users::find_by_email(store, email).await.unwrap().unwrap();
    Actor {
        user_id: Some(user.id.get()),
        label: user.email,
        ip: None,
    }
}

async fn demo_programme(store: &Store) -> (Programme, OrganisationId) {
    demo::load_as_of(store, TODAY).await.unwrap();
    let programme = programmes::find_by_name(store, DEMO_PROGRAMME).await.unwrap().unwrap();
    let cooperative = organisations::find_by_name(store, "Cooperativa Sociale Il Girasole")
        .await
        .unwrap()
        .unwrap();
    (programme, cooperative.id)
}

fn field_of(error: StorageError) -> String {
    match error {
        StorageError::Invalid(errors) | StorageError::Conflict(errors) => errors.0[0].field.clone(),
        other => panic!("expected a validation error, got {other}"),
    }
}

async fn the_demo_has_reports_at_every_stage_with_claims_and_payments(store: &Store) {
    let (programme, cooperative) = demo_programme(store).await;
    let reports = provider_reports::list(store, programme.id, Some(cooperative))
        .await
        .unwrap();
    let statuses: Vec<(String, ReportStatus)> = reports.iter().map(|r| (r.quarter.to_string(), r.status)).collect();
    assert_eq!(
        statuses,
        [
            (format!("{}-Q2", story().year(2022)), ReportStatus::Submitted),
            (format!("{}-Q1", story().year(2022)), ReportStatus::Approved),
        ]
    );
    let q1 = &reports[1];
    assert!(q1.content.minutes > 0 && q1.content.cost_cents > 0, "{:?}", q1.content);
    let claims = provider_reports::claims_of_report(store, q1.id).await.unwrap();
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c.paid_on.is_some()));
    let claimed: i64 = claims.iter().map(|c| c.amount_cents).sum();
    assert_eq!(claimed, q1.content.claimable_cents);
    let budgets = budget::stream_budgets(store, &programme).await.unwrap();
    let total_claimed: i64 = budgets.iter().map(|b| b.claimed_cents).sum();
    let all_claims: i64 = provider_reports::claims_of_programme(store, programme.id)
        .await
        .unwrap()
        .iter()
        .map(|c| c.amount_cents)
        .sum();
    assert_eq!(total_claimed, all_claims);
    assert!(budgets.iter().all(|b| b.paid_cents <= b.claimed_cents));
    // Loading the demo again adds nothing.
    demo::load_as_of(store, TODAY).await.unwrap();
    assert_eq!(
        provider_reports::list(store, programme.id, None).await.unwrap().len(),
        2
    );
}

async fn an_approved_report_cannot_be_changed_by_any_route(store: &Store) {
    let (programme, cooperative) = demo_programme(store).await;
    let reports = provider_reports::list(store, programme.id, Some(cooperative))
        .await
        .unwrap();
    let approved = reports
        .iter()
        .find(|r| r.status == ReportStatus::Approved)
        .unwrap()
        .clone();
    let manager = actor(store, "programme.manager@demo.filiera.eu").await;
    let case_manager = actor(store, "case.manager@demo.filiera.eu").await;
    // Every action of the life cycle is refused.
    for action in ReportAction::ALL {
        let mut unit = store.begin(&manager).await.unwrap();
        let refused = provider_reports::act(&mut unit, approved.id, *action, "change it", TODAY).await;
        assert_eq!(field_of(refused.unwrap_err()), "status", "{action}");
    }
    // Generating again for the same quarter is refused too.
    let mut unit = store.begin(&case_manager).await.unwrap();
    let refused = provider_reports::generate(&mut unit, programme.id, cooperative, approved.quarter, TODAY).await;
    assert_eq!(field_of(refused.unwrap_err()), "status");
    drop(unit);
    // Behind filiera's back, the database refuses edits and deletions.
    for sql in [
        format!(
            "UPDATE provider_reports SET content = '{{}}' WHERE id = {}",
            approved.id
        ),
        format!(
            "UPDATE provider_reports SET status = 'draft' WHERE id = {}",
            approved.id
        ),
        format!("DELETE FROM provider_reports WHERE id = {}", approved.id),
    ] {
        let refused = store.try_execute_raw_for_tests(&sql).await;
        assert!(refused.is_err_and(|e| e.contains("frozen")), "{sql}");
    }
    // Editing the register afterwards does not change what was approved.
    store
        .execute_raw_for_tests("UPDATE activity_entries SET minutes = minutes * 2")
        .await;
    let again = provider_reports::get(store, approved.id).await.unwrap();
    assert_eq!(again.content, approved.content);
    assert_eq!(again.content_sha256, approved.content_sha256);
    // A correction is a new version, with a reason, claiming only the difference.
    let mut unit = store.begin(&case_manager).await.unwrap();
    let refused = provider_reports::correct(&mut unit, approved.id, " ").await;
    assert_eq!(field_of(refused.unwrap_err()), "reason");
    let corrected = provider_reports::correct(&mut unit, approved.id, "hours were doubled by mistake?")
        .await
        .unwrap();
    provider_reports::act(&mut unit, corrected, ReportAction::Submit, "", TODAY)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let mut unit = store.begin(&manager).await.unwrap();
    provider_reports::act(&mut unit, corrected, ReportAction::Approve, "", TODAY)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let v2 = provider_reports::get(store, corrected).await.unwrap();
    assert_eq!(
        (v2.version, v2.correction_reason.as_deref()),
        (2, Some("hours were doubled by mistake?"))
    );
    assert!(provider_reports::get(store, approved.id).await.unwrap().superseded);
    let before: i64 = provider_reports::claims_of_report(store, approved.id)
        .await
        .unwrap()
        .iter()
        .map(|c| c.amount_cents)
        .sum();
    let adjustment: i64 = provider_reports::claims_of_report(store, corrected)
        .await
        .unwrap()
        .iter()
        .map(|c| c.amount_cents)
        .sum();
    assert_eq!(before + adjustment, v2.content.claimable_cents);
}

async fn a_claim_beyond_the_remaining_budget_is_refused_and_nothing_is_half_written(store: &Store) {
    let (programme, cooperative) = demo_programme(store).await;
    let submitted = provider_reports::list(store, programme.id, Some(cooperative))
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.status == ReportStatus::Submitted)
        .unwrap();
    assert!(submitted.content.claimable_cents > 0, "{:?}", submitted.content);
    store
        .execute_raw_for_tests("UPDATE funding_streams SET budget_cents = 1")
        .await;
    let manager = actor(store, "programme.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&manager).await.unwrap();
    let refused = provider_reports::act(&mut unit, submitted.id, ReportAction::Approve, "", TODAY).await;
    let error = refused.unwrap_err();
    assert!(error.to_string().contains("error-claim-beyond-budget"), "{error}");
    drop(unit);
    let unchanged = provider_reports::get(store, submitted.id).await.unwrap();
    assert_eq!(unchanged.status, ReportStatus::Submitted);
    assert!(
        provider_reports::claims_of_report(store, submitted.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn reports_follow_their_rules_of_who_and_when(store: &Store) {
    let (programme, cooperative) = demo_programme(store).await;
    let case_manager = actor(store, "case.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&case_manager).await.unwrap();
    let future = Quarter::new(2027, 1).unwrap();
    let refused = provider_reports::generate(&mut unit, programme.id, cooperative, future, TODAY).await;
    assert_eq!(field_of(refused.unwrap_err()), "quarter");
    let agency = programme.agency_id;
    let refused =
        provider_reports::generate(&mut unit, programme.id, agency, Quarter::new(2022, 4).unwrap(), TODAY).await;
    assert_eq!(field_of(refused.unwrap_err()), "cooperative");
    // A fresh quarter starts as a draft; sending back needs a comment.
    let id = provider_reports::generate(
        &mut unit,
        programme.id,
        cooperative,
        Quarter::new(2021, 4).unwrap(),
        TODAY,
    )
    .await
    .unwrap();
    provider_reports::act(&mut unit, id, ReportAction::Submit, "", TODAY)
        .await
        .unwrap();
    let refused = provider_reports::act(&mut unit, id, ReportAction::Return, "", TODAY).await;
    assert_eq!(field_of(refused.unwrap_err()), "comment");
    provider_reports::act(&mut unit, id, ReportAction::Return, "June is missing", TODAY)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let report = provider_reports::get(store, id).await.unwrap();
    assert_eq!(report.status, ReportStatus::Returned);
    assert_eq!(report.review_comment.as_deref(), Some("June is missing"));
    let events: Vec<String> = provider_reports::events(store, id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(events, ["generate", "regenerate", "submit", "return"]);
}

async fn the_comparison_group_is_followed_up_and_compared(store: &Store) {
    let (programme, _) = demo_programme(store).await;
    let members = comparison::members(store, programme.id).await.unwrap();
    assert_eq!(members.len(), 12);
    let outcome = comparison::outcome_report(store, programme.id).await.unwrap();
    assert_eq!(outcome[0].months, 6);
    assert_eq!(outcome[0].comparison.known, 12);
    assert_eq!(outcome[0].comparison.employed, 3);
    assert_eq!(outcome[1].comparison.known, 6);
    let manager = actor(store, "programme.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&manager).await.unwrap();
    let duplicate = ComparisonMemberDraft {
        reference: format!("CG-{}-001", story().year(2022)),
        reference_date: Some(story().on(date!(2022 - 06 - 30))),
        ..Default::default()
    }
    .validate(TODAY)
    .unwrap();
    let refused = comparison::add_member(&mut unit, programme.id, programme.agency_id, None, &duplicate).await;
    assert_eq!(field_of(refused.unwrap_err()), "reference");
    drop(unit);
    let mut unit = store.begin(&manager).await.unwrap();
    let member = &members[0];
    let twice = comparison::record_follow_up(
        &mut unit,
        member,
        programme.agency_id,
        6,
        story().on(date!(2023 - 02 - 01)),
        EmploymentStatus::Employed,
        TODAY,
    )
    .await;
    assert_eq!(field_of(twice.unwrap_err()), "months");
}

async fn indicators_count_the_demo_participants(store: &Store) {
    let (programme, _) = demo_programme(store).await;
    let facts = indicators::participant_facts(store, programme.id).await.unwrap();
    let stats = indicators::indicators(store, programme.id).await.unwrap();
    let total = stats.indicators.iter().find(|i| i.id == "participants").unwrap();
    assert_eq!(total.total, facts.len() as u64);
    assert!(total.total >= 2, "{facts:?}");
    assert!(stats.households >= 2);
}

filiera_fixtures::on_both_backends!(
    the_demo_has_reports_at_every_stage_with_claims_and_payments,
    an_approved_report_cannot_be_changed_by_any_route,
    a_claim_beyond_the_remaining_budget_is_refused_and_nothing_is_half_written,
    reports_follow_their_rules_of_who_and_when,
    the_comparison_group_is_followed_up_and_compared,
    indicators_count_the_demo_participants,
);
