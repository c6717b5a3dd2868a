use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind, ValidOrganisation};
use filiera_storage::organisations::{self, OrganisationQuery};
use filiera_storage::{Actor, PageRequest, StorageError, Store};

fn draft(name: &str, kind: OrganisationKind) -> OrganisationDraft {
    OrganisationDraft {
        name: name.into(),
        kind: Some(kind),
        cooperative_type: (kind == OrganisationKind::Cooperative).then_some(CooperativeType::B),
        ..Default::default()
    }
}

fn valid(name: &str, kind: OrganisationKind) -> ValidOrganisation {
    draft(name, kind).validate().expect("valid draft")
}

async fn create(store: &Store, org: &ValidOrganisation) -> Result<organisations::Organisation, StorageError> {
    let mut unit = store.begin(&Actor::system("test")).await?;
    let created = organisations::create(&mut unit, org, None).await?;
    unit.commit().await?;
    Ok(created)
}

async fn a_created_organisation_reads_back_with_its_consortium(store: &Store) {
    let consortium = create(store, &valid("Consorzio Armonia", OrganisationKind::Consortium))
        .await
        .unwrap();
    let mut coop = draft("La Lavanderia", OrganisationKind::Cooperative);
    coop.consortium_id = Some(consortium.id);
    coop.sectors = vec!["laundry".into(), "cleaning".into()];
    let coop = create(store, &coop.validate().unwrap()).await.unwrap();
    let read = organisations::get(store, coop.id).await.unwrap();
    assert_eq!(read.consortium_name.as_deref(), Some("Consorzio Armonia"));
    assert_eq!(read.sectors, vec!["laundry".to_owned(), "cleaning".to_owned()]);
    assert_eq!(read.cooperative_type, Some(CooperativeType::B));
    let target = organisations::target(store, coop.id).await.unwrap();
    assert_eq!(target.consortium_id, Some(consortium.id));
}

async fn a_duplicate_name_is_a_conflict_on_the_name_field(store: &Store) {
    create(store, &valid("Officine Rossi", OrganisationKind::Firm))
        .await
        .unwrap();
    match create(store, &valid("Officine Rossi", OrganisationKind::Firm)).await {
        Err(StorageError::Conflict(errors)) => assert!(errors.for_field("name").is_some()),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn joining_an_organisation_that_is_not_a_consortium_is_refused(store: &Store) {
    let firm = create(store, &valid("Officine Rossi", OrganisationKind::Firm))
        .await
        .unwrap();
    let mut coop = draft("La Lavanderia", OrganisationKind::Cooperative);
    coop.consortium_id = Some(firm.id);
    match create(store, &coop.validate().unwrap()).await {
        Err(StorageError::Invalid(errors)) => assert!(errors.for_field("consortium_id").is_some()),
        other => panic!("expected invalid, got {other:?}"),
    }
}

async fn a_failed_create_leaves_neither_record_nor_audit_entry(store: &Store) {
    create(store, &valid("Officine Rossi", OrganisationKind::Firm))
        .await
        .unwrap();
    let before = filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap();
    assert!(
        create(store, &valid("Officine Rossi", OrganisationKind::Firm))
            .await
            .is_err()
    );
    let after = filiera_storage::audit_log::verify(store, |_, _| {}).await.unwrap();
    assert_eq!(before, after);
    let page = organisations::list(store, &OrganisationQuery::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 1);
}

async fn the_list_searches_names_filters_by_kind_and_paginates(store: &Store) {
    for i in 0..7 {
        create(
            store,
            &valid(&format!("Cooperativa {i}"), OrganisationKind::Cooperative),
        )
        .await
        .unwrap();
    }
    create(store, &valid("Officine 100% Rossi", OrganisationKind::Firm))
        .await
        .unwrap();
    let query = OrganisationQuery {
        search: Some("cooperativa".into()),
        ..Default::default()
    };
    let page = organisations::list(store, &query, PageRequest::new(Some(2), Some(5)))
        .await
        .unwrap();
    assert_eq!(page.total, 7);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.pages(), 2);
    let firms = OrganisationQuery {
        kind: Some(OrganisationKind::Firm),
        ..Default::default()
    };
    assert_eq!(
        organisations::list(store, &firms, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    // A percent sign is searched literally, not as a wildcard.
    let literal = OrganisationQuery {
        search: Some("100%".into()),
        ..Default::default()
    };
    assert_eq!(
        organisations::list(store, &literal, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    let wildcard = OrganisationQuery {
        search: Some("%".into()),
        ..Default::default()
    };
    assert_eq!(
        organisations::list(store, &wildcard, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
}

async fn an_update_is_audited_with_the_changed_fields_and_archiving_hides_it(store: &Store) {
    let firm = create(store, &valid("Officine Rossi", OrganisationKind::Firm))
        .await
        .unwrap();
    let mut changed = draft("Officine Rossi S.r.l.", OrganisationKind::Firm);
    changed.municipality = Some("Cascina".into());
    let mut unit = store.begin(&Actor::system("test")).await.unwrap();
    let updated = organisations::update(&mut unit, firm.id, &changed.validate().unwrap())
        .await
        .unwrap();
    organisations::archive(&mut unit, firm.id).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(updated.name, "Officine Rossi S.r.l.");
    let log = filiera_storage::audit_log::list(store, &Default::default(), PageRequest::default())
        .await
        .unwrap();
    let update = log
        .items
        .iter()
        .find(|e| e.action == "organisation.update")
        .expect("update audited");
    assert!(update.detail.contains("municipality") && update.detail.contains("name"));
    assert!(log.items.iter().any(|e| e.action == "organisation.archive"));
    let page = organisations::list(store, &OrganisationQuery::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

filiera_fixtures::on_both_backends!(
    a_created_organisation_reads_back_with_its_consortium,
    a_duplicate_name_is_a_conflict_on_the_name_field,
    joining_an_organisation_that_is_not_a_consortium_is_refused,
    a_failed_create_leaves_neither_record_nor_audit_entry,
    the_list_searches_names_filters_by_kind_and_paginates,
    an_update_is_audited_with_the_changed_fields_and_archiving_hides_it,
);
