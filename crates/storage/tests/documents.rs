//! Documents in the database, on both backends: stored with their bytes,
//! listed without them, fetched, removed (hidden, not deleted) and audited;
//! the schema refuses a document with no record or with two.

use filiera_domain::documents::{DocumentDraft, DocumentOwner, MediaType, ValidDocument};
use filiera_domain::ids::{DocumentId, ParticipantId, ProjectId, WorkerId};
use filiera_fixtures::testing::RawSql;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::documents;
use filiera_storage::{Actor, PageRequest, StorageError, Store, raw};

fn pdf(name: &str, body: &str) -> ValidDocument {
    DocumentDraft {
        file_name: name.into(),
        content: format!("%PDF-1.4\n{body}\n%%EOF\n").into_bytes(),
        kind: Some("signed_form".into()),
        note: Some("firmato il 3 dicembre".into()),
    }
    .validate()
    .expect("a valid PDF")
}

async fn first_id(store: &Store, table: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(&format!("SELECT id FROM {table} ORDER BY id LIMIT 1"))
        .fetch_one(raw::pool(store))
        .await
        .expect(table);
    id
}

async fn actor(store: &Store) -> Actor {
    let (id, email): (i64, String) = sqlx::query_as("SELECT id, email FROM users ORDER BY id LIMIT 1")
        .fetch_one(raw::pool(store))
        .await
        .expect("a user");
    Actor {
        user_id: Some(id),
        label: email,
        ip: None,
    }
}

async fn upload(
    store: &Store,
    actor: &Actor,
    owner: DocumentOwner,
    document: &ValidDocument,
) -> documents::DocumentMeta {
    let mut unit = store.begin(actor).await.unwrap();
    let meta = documents::insert(&mut unit, owner, document).await.unwrap();
    unit.commit().await.unwrap();
    meta
}

async fn a_document_is_stored_listed_fetched_and_removed(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let actor = actor(store).await;
    let participant = DocumentOwner::Participant(ParticipantId(first_id(store, "participants").await));
    let first = pdf("modulo.pdf", "first");
    let second = pdf("certificato.pdf", "second");
    let stored = upload(store, &actor, participant, &first).await;
    assert_eq!(stored.owner, participant);
    assert_eq!(stored.file_name, "modulo.pdf");
    assert_eq!(stored.media_type, MediaType::Pdf);
    assert_eq!(stored.size_bytes, first.content.len() as i64);
    assert_eq!(stored.sha256, first.sha256);
    assert_eq!(stored.note.as_deref(), Some("firmato il 3 dicembre"));
    assert_eq!(stored.uploaded_by.map(|u| u.get()), actor.user_id);
    assert!(stored.uploaded_by_name.is_some());
    let (agency,): (i64,) = sqlx::query_as(
        "SELECT h.agency_id FROM participants p JOIN households h ON h.id = p.household_id WHERE p.id = $1",
    )
    .bind(participant.id())
    .fetch_one(raw::pool(store))
    .await
    .unwrap();
    assert_eq!(stored.organisation_id.get(), agency, "owned by the household's agency");
    let later = upload(store, &actor, participant, &second).await;

    let listed = documents::list(store, participant).await.unwrap();
    assert_eq!(
        listed.iter().map(|d| d.id).collect::<Vec<_>>(),
        [later.id, stored.id],
        "newest first"
    );
    assert_eq!(listed[1], stored);
    assert_eq!(documents::get(store, stored.id).await.unwrap(), stored);
    assert_eq!(documents::content(store, stored.id).await.unwrap(), first.content);
    // Another record's list does not show them.
    let project = DocumentOwner::Project(ProjectId(first_id(store, "projects").await));
    assert!(documents::list(store, project).await.unwrap().is_empty());

    let mut unit = store.begin(&actor).await.unwrap();
    let removed = documents::soft_delete(&mut unit, stored.id).await.unwrap();
    unit.commit().await.unwrap();
    assert_eq!(removed.id, stored.id);
    assert_eq!(
        documents::list(store, participant)
            .await
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect::<Vec<_>>(),
        [later.id]
    );
    assert!(matches!(
        documents::get(store, stored.id).await,
        Err(StorageError::NotFound { what: "document" })
    ));
    assert!(matches!(
        documents::content(store, stored.id).await,
        Err(StorageError::NotFound { .. })
    ));
    let mut unit = store.begin(&actor).await.unwrap();
    assert!(matches!(
        documents::soft_delete(&mut unit, stored.id).await,
        Err(StorageError::NotFound { .. })
    ));
    drop(unit);
    // The row stays, with who removed it.
    let (deleted_by,): (Option<i64>,) = sqlx::query_as("SELECT deleted_by FROM documents WHERE id = $1")
        .bind(stored.id)
        .fetch_one(raw::pool(store))
        .await
        .unwrap();
    assert_eq!(deleted_by, actor.user_id);

    documents::record_download(store, &actor, &later).await.unwrap();
    let audit = audit_log::list(
        store,
        &AuditQuery {
            action_prefix: Some("document.".into()),
            ..AuditQuery::default()
        },
        PageRequest::new(None, None),
    )
    .await
    .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "document.download",
            "document.delete",
            "document.upload",
            "document.upload"
        ]
    );
    assert!(
        audit.items.iter().all(|e| !e.detail.contains("modulo")),
        "the audit log never holds the file name"
    );
    assert!(audit_log::verify(store, |_, _| {}).await.is_ok());
}

async fn documents_of_projects_and_workers_belong_to_their_organisation(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let actor = actor(store).await;
    let project = DocumentOwner::Project(ProjectId(first_id(store, "projects").await));
    let worker_id = first_id(store, "workers").await;
    let worker = DocumentOwner::Worker(WorkerId(worker_id));
    let on_project = upload(store, &actor, project, &pdf("progetto.pdf", "p")).await;
    let on_worker = upload(store, &actor, worker, &pdf("certificato.pdf", "w")).await;
    assert_eq!(documents::list(store, project).await.unwrap(), [on_project]);
    assert_eq!(
        documents::list(store, worker).await.unwrap(),
        std::slice::from_ref(&on_worker)
    );
    let (cooperative,): (i64,) = sqlx::query_as("SELECT organisation_id FROM workers WHERE id = $1")
        .bind(worker_id)
        .fetch_one(raw::pool(store))
        .await
        .unwrap();
    assert_eq!(on_worker.organisation_id.get(), cooperative);
    // A record that does not exist is not found, and nothing is stored.
    let mut unit = store.begin(&actor).await.unwrap();
    assert!(matches!(
        documents::insert(&mut unit, DocumentOwner::Worker(WorkerId(999_999)), &pdf("x.pdf", "x")).await,
        Err(StorageError::NotFound { what: "worker" })
    ));
    assert!(matches!(
        documents::get(store, DocumentId(999_999)).await,
        Err(StorageError::NotFound { .. })
    ));
}

async fn the_schema_wants_exactly_one_owner(store: &Store) {
    filiera_fixtures::demo::load(store).await.expect("demo");
    let participant = first_id(store, "participants").await;
    let project = first_id(store, "projects").await;
    let organisation = first_id(store, "organisations").await;
    let hash = "0".repeat(64);
    let insert = |owners: &str, values: &str| {
        format!(
            "INSERT INTO documents ({owners}organisation_id, file_name, media_type, size_bytes, sha256, kind, \
             uploaded_at, content) VALUES ({values}{organisation}, 'a.pdf', 'application/pdf', 4, '{hash}', \
             'other', '2026-01-01T00:00:00.000Z', X'25504446')"
        )
    };
    // PostgreSQL writes a byte string as '\x…'; SQLite as X'…'.
    let fix = |sql: String| {
        if store.backend() == filiera_storage::Backend::Postgres {
            sql.replace("X'25504446'", "'\\x25504446'::bytea")
        } else {
            sql
        }
    };
    assert!(
        store.try_execute_raw_for_tests(&fix(insert("", ""))).await.is_err(),
        "no owner"
    );
    assert!(
        store
            .try_execute_raw_for_tests(&fix(insert(
                "participant_id, project_id, ",
                &format!("{participant}, {project}, ")
            )))
            .await
            .is_err(),
        "two owners"
    );
    assert_eq!(
        store
            .try_execute_raw_for_tests(&fix(insert("participant_id, ", &format!("{participant}, "))))
            .await,
        Ok(1),
        "one owner"
    );
}

filiera_fixtures::on_both_backends!(
    a_document_is_stored_listed_fetched_and_removed,
    documents_of_projects_and_workers_belong_to_their_organisation,
    the_schema_wants_exactly_one_owner,
);
