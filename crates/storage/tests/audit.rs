use filiera_domain::audit::{Anchor, ChainBreak, entry_hash};
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_fixtures::testing::RawSql;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::{Actor, AuditEvent, PageRequest, StorageError, Store, organisations};

async fn three_organisations(store: &Store) -> Vec<i64> {
    let actor = Actor {
        user_id: Some(42),
        label: "anna@sds.example".into(),
        ip: Some("10.0.0.7".into()),
    };
    let mut ids = Vec::new();
    for name in ["Alpha", "Beta", "Gamma"] {
        let mut unit = store.begin(&actor).await.unwrap();
        let valid = OrganisationDraft {
            name: name.into(),
            kind: Some(OrganisationKind::Firm),
            ..Default::default()
        }
        .validate()
        .unwrap();
        ids.push(organisations::create(&mut unit, &valid, None).await.unwrap().id.get());
        unit.commit().await.unwrap();
    }
    ids
}

fn chain_break(result: Result<u64, StorageError>) -> ChainBreak {
    match result {
        Err(StorageError::AuditChain(broken)) => broken,
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

async fn every_change_is_recorded_with_who_what_and_from_where(store: &Store) {
    let ids = three_organisations(store).await;
    assert_eq!(audit_log::verify(store, |_, _| {}).await.unwrap(), 3);
    let page = audit_log::list(store, &AuditQuery::default(), PageRequest::default())
        .await
        .unwrap();
    let newest = &page.items[0];
    assert_eq!(newest.seq, 3);
    assert_eq!(newest.actor, "anna@sds.example");
    assert_eq!(newest.actor_user_id, Some(42));
    assert_eq!(newest.ip.as_deref(), Some("10.0.0.7"));
    assert_eq!(newest.action, "organisation.create");
    assert_eq!(newest.resource_id.as_deref(), Some(ids[2].to_string().as_str()));
}

async fn the_log_can_be_filtered_by_organisation_and_action(store: &Store) {
    let ids = three_organisations(store).await;
    let only_first = AuditQuery {
        organisations: Some(vec![ids[0]]),
        ..Default::default()
    };
    assert_eq!(
        audit_log::list(store, &only_first, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    let none = AuditQuery {
        organisations: Some(vec![]),
        ..Default::default()
    };
    assert_eq!(
        audit_log::list(store, &none, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
    let logins = AuditQuery {
        action_prefix: Some("session.".into()),
        ..Default::default()
    };
    assert_eq!(
        audit_log::list(store, &logins, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
}

async fn an_entry_edited_with_raw_sql_is_reported(store: &Store) {
    three_organisations(store).await;
    store
        .execute_raw_for_tests("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
        .await;
    assert_eq!(
        chain_break(audit_log::verify(store, |_, _| {}).await),
        ChainBreak::Edited { seq: 2 }
    );
}

async fn an_entry_deleted_with_raw_sql_is_reported(store: &Store) {
    three_organisations(store).await;
    store.execute_raw_for_tests("DELETE FROM audit_log WHERE seq = 2").await;
    assert_eq!(
        chain_break(audit_log::verify(store, |_, _| {}).await),
        ChainBreak::Gap { previous: 1, seq: 3 }
    );
}

async fn the_last_entry_deleted_with_raw_sql_is_reported(store: &Store) {
    three_organisations(store).await;
    store.execute_raw_for_tests("DELETE FROM audit_log WHERE seq = 3").await;
    assert_eq!(
        chain_break(audit_log::verify(store, |_, _| {}).await),
        ChainBreak::Truncated { last: 2, expected: 3 }
    );
}

async fn a_recorded_read_is_chained_like_a_change(store: &Store) {
    three_organisations(store).await;
    let actor = Actor {
        user_id: Some(7),
        label: "psy@coop.example".into(),
        ip: None,
    };
    audit_log::record_read(store, &actor, AuditEvent::new("health_note.read", "assessment", 9))
        .await
        .unwrap();
    assert_eq!(audit_log::verify(store, |_, _| {}).await.unwrap(), 4);
}

async fn concurrent_writers_keep_one_unbroken_chain(store: &Store) {
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..5 {
                let actor = Actor::system("load");
                let mut unit = store.begin(&actor).await.unwrap();
                unit.record(AuditEvent::new("test.write", "test", format!("{worker}-{i}")))
                    .await
                    .unwrap();
                unit.commit().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(audit_log::verify(store, |_, _| {}).await.unwrap(), 40);
}

async fn a_deleted_last_entry_with_the_head_rewound_fails_against_the_anchor(store: &Store) {
    three_organisations(store).await;
    let anchor = audit_log::anchor(store).await.unwrap();
    assert_eq!(anchor.seq, 3);
    let second = &audit_log::list(store, &AuditQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items[1];
    store.execute_raw_for_tests("DELETE FROM audit_log WHERE seq = 3").await;
    store
        .execute_raw_for_tests(&format!(
            "UPDATE audit_head SET seq = 2, last_hash = '{}' WHERE id = 1",
            second.hash
        ))
        .await;
    // The stored head was rewound with the log, so only the anchor can tell.
    assert_eq!(audit_log::verify(store, |_, _| {}).await.unwrap(), 2);
    assert_eq!(
        chain_break(audit_log::verify_anchored(store, &anchor, |_, _| {}).await),
        ChainBreak::ShorterThanAnchor { last: 2, anchor: 3 }
    );
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

async fn a_chain_recomputed_after_an_edit_fails_against_the_anchor(store: &Store) {
    three_organisations(store).await;
    let anchor = audit_log::anchor(store).await.unwrap();
    let mut entries = audit_log::list(store, &AuditQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items;
    entries.reverse();
    entries[0].actor = "someone else".into();
    let mut prev = filiera_domain::audit::GENESIS_HASH.to_owned();
    for entry in &mut entries {
        entry.prev_hash.clone_from(&prev);
        entry.hash = entry_hash(entry);
        prev.clone_from(&entry.hash);
        store
            .execute_raw_for_tests(&format!(
                "UPDATE audit_log SET actor = {}, prev_hash = {}, hash = {} WHERE seq = {}",
                quoted(&entry.actor),
                quoted(&entry.prev_hash),
                quoted(&entry.hash),
                entry.seq
            ))
            .await;
    }
    store
        .execute_raw_for_tests(&format!(
            "UPDATE audit_head SET last_hash = {} WHERE id = 1",
            quoted(&prev)
        ))
        .await;
    assert_eq!(audit_log::verify(store, |_, _| {}).await.unwrap(), 3);
    assert_eq!(
        chain_break(audit_log::verify_anchored(store, &anchor, |_, _| {}).await),
        ChainBreak::AnchorMismatch { seq: 3 }
    );
}

async fn an_intact_chain_that_grew_after_the_anchor_verifies_against_it(store: &Store) {
    three_organisations(store).await;
    let anchor: Anchor = audit_log::anchor(store).await.unwrap().to_string().parse().unwrap();
    three_organisations_more(store).await;
    assert_eq!(audit_log::verify_anchored(store, &anchor, |_, _| {}).await.unwrap(), 6);
}

async fn three_organisations_more(store: &Store) {
    let actor = Actor::system("load");
    for name in ["Delta", "Epsilon", "Zeta"] {
        let mut unit = store.begin(&actor).await.unwrap();
        let valid = OrganisationDraft {
            name: name.into(),
            kind: Some(OrganisationKind::Firm),
            ..Default::default()
        }
        .validate()
        .unwrap();
        organisations::create(&mut unit, &valid, None).await.unwrap();
        unit.commit().await.unwrap();
    }
}

filiera_fixtures::on_both_backends!(
    a_deleted_last_entry_with_the_head_rewound_fails_against_the_anchor,
    a_chain_recomputed_after_an_edit_fails_against_the_anchor,
    an_intact_chain_that_grew_after_the_anchor_verifies_against_it,
    every_change_is_recorded_with_who_what_and_from_where,
    the_log_can_be_filtered_by_organisation_and_action,
    an_entry_edited_with_raw_sql_is_reported,
    an_entry_deleted_with_raw_sql_is_reported,
    the_last_entry_deleted_with_raw_sql_is_reported,
    a_recorded_read_is_chained_like_a_change,
    concurrent_writers_keep_one_unbroken_chain,
);
