//! Notifications are written with the event that causes them, reach the
//! people the event concerns (never the one who caused it), and are read and
//! marked read by their recipient only — on both backends.

use filiera_domain::evidence::report_status::{ReportAction, ReportStatus};
use filiera_domain::ids::HouseholdId;
use filiera_domain::notification::NotificationKind;
use filiera_domain::pathways::guards::{RequestSource, response_due};
use filiera_fixtures::demo::{self, DEMO_PROGRAMME};
use filiera_storage::evidence::provider_reports;
use filiera_storage::pathways::{households, programmes, register};
use filiera_storage::{Actor, PageRequest, StorageError, Store, notifications, users};
use time::macros::date;

async fn actor(store: &Store, email: &str) -> Actor {
    let user = users::find_by_email(store, email).await.unwrap().unwrap();
    Actor {
        user_id: Some(user.id.get()),
        label: user.email,
        ip: None,
    }
}

async fn user_id(store: &Store, email: &str) -> filiera_domain::ids::UserId {
    users::find_by_email(store, email).await.unwrap().unwrap().id
}

/// A demo household in the care of the demo social worker.
async fn household_of_the_social_worker(store: &Store) -> HouseholdId {
    let social_worker = user_id(store, "social.worker@demo.filiera.eu").await;
    for id in 1..=200 {
        if let Ok(household) = households::get(store, HouseholdId(id)).await
            && household.social_worker_id == Some(social_worker)
        {
            return household.id;
        }
    }
    panic!("the demo social worker has a household");
}

async fn unread(store: &Store, email: &str) -> i64 {
    notifications::unread_count(store, user_id(store, email).await)
        .await
        .unwrap()
}

async fn a_request_and_a_handover_reach_the_person_they_concern_and_no_one_else(store: &Store) {
    demo::load(store).await.unwrap();
    let household = household_of_the_social_worker(store).await;
    let before = unread(store, "social.worker@demo.filiera.eu").await;
    let operator = actor(store, "operator@demo.filiera.eu").await;
    let mut unit = store.begin(&operator).await.unwrap();
    let request = register::open_request(
        &mut unit,
        household,
        RequestSource::Operator,
        "the internship tutor asks for a meeting",
        date!(2026 - 11 - 02),
        response_due(date!(2026 - 11 - 02)),
    )
    .await
    .unwrap();
    let deliveries = notifications::request_opened(&mut unit, request).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].email, "social.worker@demo.filiera.eu");
    assert_eq!(deliveries[0].link, format!("/households/{household}#requests"));
    assert_eq!(unread(store, "social.worker@demo.filiera.eu").await, before + 1);
    assert_eq!(unread(store, "social.worker@livorno.demo.filiera.eu").await, 0);
    assert_eq!(
        unread(store, "operator@demo.filiera.eu").await,
        0,
        "the actor is not notified"
    );

    // A notification written in a unit that does not commit is not stored.
    let mut unit = store.begin(&operator).await.unwrap();
    notifications::request_opened(&mut unit, request).await.unwrap();
    drop(unit);
    assert_eq!(unread(store, "social.worker@demo.filiera.eu").await, before + 1);

    let social_worker = actor(store, "social.worker@demo.filiera.eu").await;
    let manager = user_id(store, "programme.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&social_worker).await.unwrap();
    households::reassign_social_worker(
        &mut unit,
        household,
        manager,
        "Internship running; the tutor wants a meeting",
    )
    .await
    .unwrap();
    let handed = notifications::handover(&mut unit, household, manager).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(handed.len(), 1);
    let list = notifications::list(store, manager, PageRequest::new(None, None))
        .await
        .unwrap();
    let note = list
        .items
        .iter()
        .find(|n| n.kind == NotificationKind::Handover)
        .unwrap();
    assert_eq!(note.message_key, "notification-handover");
    assert_eq!(note.message_args["from"], "social.worker@demo.filiera.eu");
    assert!(note.read_at.is_none());

    // The social worker cannot mark the manager's notification read.
    let mut unit = store.begin(&social_worker).await.unwrap();
    let refused = notifications::mark_read(&mut unit, note.id).await;
    assert!(matches!(refused, Err(StorageError::NotFound { .. })), "{refused:?}");
    drop(unit);
    let manager_actor = actor(store, "programme.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&manager_actor).await.unwrap();
    notifications::mark_read(&mut unit, note.id).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(unread(store, "programme.manager@demo.filiera.eu").await, 0);
    let mut unit = store.begin(&social_worker).await.unwrap();
    assert_eq!(
        notifications::mark_all_read(&mut unit).await.unwrap(),
        (before + 1) as u64
    );
    unit.commit().await.unwrap();
    assert_eq!(unread(store, "social.worker@demo.filiera.eu").await, 0);
}

async fn a_report_reaches_its_reviewers_when_submitted_and_its_authors_when_decided(store: &Store) {
    demo::load(store).await.unwrap();
    let programme = programmes::find_by_name(store, DEMO_PROGRAMME).await.unwrap().unwrap();
    let reports = provider_reports::list(store, programme.id, None).await.unwrap();
    let submitted = reports.iter().find(|r| r.status == ReportStatus::Submitted).unwrap();
    let case_manager = actor(store, "case.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&case_manager).await.unwrap();
    let reviewers = notifications::report_action(&mut unit, submitted.id, ReportAction::Submit)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    let emails: Vec<&str> = reviewers.iter().map(|d| d.email.as_str()).collect();
    assert_eq!(
        emails,
        ["programme.manager@demo.filiera.eu"],
        "only the role that reviews"
    );

    let manager = actor(store, "programme.manager@demo.filiera.eu").await;
    let mut unit = store.begin(&manager).await.unwrap();
    provider_reports::act(
        &mut unit,
        submitted.id,
        ReportAction::Approve,
        "",
        date!(2026 - 11 - 23),
    )
    .await
    .unwrap();
    let authors = notifications::report_action(&mut unit, submitted.id, ReportAction::Approve)
        .await
        .unwrap();
    unit.commit().await.unwrap();
    assert_eq!(authors.len(), 1, "{authors:?}");
    assert_eq!(authors[0].email, "case.manager@demo.filiera.eu");
    assert_eq!(authors[0].kind, NotificationKind::ReportApproved);
    assert_eq!(authors[0].message_args["quarter"], submitted.quarter.to_string());
    assert_eq!(unread(store, "programme.manager@livorno.demo.filiera.eu").await, 0);
}

filiera_fixtures::on_both_backends!(
    a_request_and_a_handover_reach_the_person_they_concern_and_no_one_else,
    a_report_reaches_its_reviewers_when_submitted_and_its_authors_when_decided,
);
