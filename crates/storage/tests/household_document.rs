//! The household file the database writes as one JSON document is exactly the
//! file storage reads record by record, with the same policy target, for every
//! demo household on both backends.

use filiera_domain::ids::HouseholdId;
use filiera_storage::pathways::household_document::household_document;
use filiera_storage::pathways::households;
use filiera_storage::{StorageError, Store};

async fn household_ids(store: &Store) -> Vec<HouseholdId> {
    let mut ids = Vec::new();
    for id in 1..=200 {
        if households::get(store, HouseholdId(id)).await.is_ok() {
            ids.push(HouseholdId(id));
        }
    }
    ids
}

async fn the_document_is_the_file_as_serialised(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let ids = household_ids(store).await;
    assert!(ids.len() >= 5, "the demo has households: {ids:?}");
    let mut seen_members = 0;
    let mut seen_projects = 0;
    let mut seen_requests = 0;
    for id in ids {
        let document = household_document(store, id).await.expect("document");
        let file = households::file(store, id).await.expect("file");
        let written: serde_json::Value = serde_json::from_str(&document.json).expect("the document is JSON");
        let serialised = serde_json::to_value(&file).expect("file as JSON");
        assert_eq!(written, serialised, "household {id}");
        let mut target = households::target(store, id).await.expect("target");
        let mut document_target = document.target;
        target.partners.sort();
        document_target.partners.sort();
        assert_eq!(document_target, target, "household {id}");
        seen_members += file.members.len();
        seen_projects += file.projects.len();
        seen_requests += file.requests.len();
    }
    assert!(seen_members > 0 && seen_projects > 0 && seen_requests > 0);
}

async fn a_missing_household_is_not_found(store: &Store) {
    assert!(matches!(
        household_document(store, HouseholdId(999_999)).await,
        Err(StorageError::NotFound { what: "household" })
    ));
}

filiera_fixtures::on_both_backends!(the_document_is_the_file_as_serialised, a_missing_household_is_not_found);
