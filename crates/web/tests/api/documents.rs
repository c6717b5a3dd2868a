//! Documents through the API, with both demo tenants: an upload is checked
//! by its bytes and its size, a download is the same file, labelled safely
//! and audited, and the second agency's staff never learn that the first
//! agency's documents exist.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};
use filiera_domain::documents::MAX_DOCUMENT_BYTES;
use filiera_storage::audit_log::{self, AuditQuery};
use filiera_storage::consortium::registers;
use filiera_storage::{PageRequest, organisations};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const SECOND_SOCIAL_WORKER: &str = "social.worker@livorno.demo.filiera.eu";
const TYPE_B: &str = "Cooperativa Sociale La Lavanderia Solidale";

fn pdf_bytes(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n").into_bytes()
}

fn form(name: &str, content: Vec<u8>, kind: &str) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(content)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("kind", kind.to_owned())
        .text("note", "firmato al primo colloquio")
}

/// A household member of the first agency, as its social worker sees it.
async fn first_agency_participant(app: &TestApp, token: &str) -> i64 {
    let list: Value = app
        .get("/api/v1/households?per_page=5", token)
        .await
        .json()
        .await
        .unwrap();
    let household = list["items"][0]["id"].as_i64().expect("a household");
    let detail: Value = app
        .get(&format!("/api/v1/households/{household}"), token)
        .await
        .json()
        .await
        .unwrap();
    detail["members"][0]["id"].as_i64().expect("a member")
}

async fn upload(app: &TestApp, token: &str, path: &str, form: Form) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn delete(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.http
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("DELETE")
}

async fn a_signed_pdf_is_stored_listed_and_downloaded_as_sent_and_the_download_is_audited(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let content = pdf_bytes("modulo di consenso");
    let path = format!("/api/v1/participants/{participant}/documents");
    let response = upload(
        &app,
        &token,
        &path,
        form("C:\\fakepath\\consenso firmato.pdf", content.clone(), "signed_form"),
    )
    .await;
    assert_eq!(response.status(), 201);
    let stored: Value = response.json().await.unwrap();
    assert_eq!(stored["file_name"], "consenso firmato.pdf");
    assert_eq!(stored["media_type"], "application/pdf");
    assert_eq!(stored["kind"], "signed_form");
    assert_eq!(stored["size_bytes"].as_u64(), Some(content.len() as u64));
    assert_eq!(stored["owner"]["type"], "participant");
    assert_eq!(stored["owner"]["id"].as_i64(), Some(participant));
    assert!(stored.get("content").is_none(), "the description carries no bytes");
    let id = stored["id"].as_i64().unwrap();

    let listed: Value = app.get(&path, &token).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"].as_i64(), Some(id));
    assert!(listed[0].get("content").is_none());

    let response = app.get(&format!("/api/v1/documents/{id}"), &token).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"consenso firmato.pdf\"; filename*=UTF-8''consenso%20firmato.pdf"
    );
    assert_eq!(header("x-content-sha256"), stored["sha256"].as_str().unwrap());
    assert_eq!(response.bytes().await.unwrap().to_vec(), content);

    let audit = audit_log::list(
        &app.db.store,
        &AuditQuery {
            action_prefix: Some("document.".into()),
            ..AuditQuery::default()
        },
        PageRequest::new(None, None),
    )
    .await
    .unwrap();
    let download = audit
        .items
        .iter()
        .find(|e| e.action == "document.download")
        .expect("the download is in the audit log");
    assert_eq!(download.actor, SOCIAL_WORKER);
    assert_eq!(download.resource_id.as_deref(), Some(id.to_string().as_str()));
    assert!(audit.items.iter().any(|e| e.action == "document.upload"));
    app.finish().await;
}

async fn a_text_file_named_pdf_is_refused_as_an_unsupported_type(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let path = format!("/api/v1/participants/{participant}/documents");
    let text = b"Gentile utente, questo non e' un PDF.".to_vec();
    problem(
        upload(
            &app,
            &token,
            &path,
            form("certificato.pdf", text, "certificate_of_disadvantage"),
        )
        .await,
        415,
    )
    .await;
    let listed: Value = app.get(&path, &token).await.json().await.unwrap();
    assert!(listed.as_array().unwrap().is_empty(), "nothing was stored");
    app.finish().await;
}

async fn a_file_over_five_mebibytes_is_too_large(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let path = format!("/api/v1/participants/{participant}/documents");
    // One byte over the document limit: the body passes, the domain refuses.
    let mut just_over = pdf_bytes("grande");
    just_over.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    problem(
        upload(&app, &token, &path, form("grande.pdf", just_over, "other")).await,
        413,
    )
    .await;
    // Far over: the body limit of the upload route refuses it.
    let mut far_over = pdf_bytes("enorme");
    far_over.resize(8 * 1024 * 1024, b' ');
    problem(
        upload(&app, &token, &path, form("enorme.pdf", far_over, "other")).await,
        413,
    )
    .await;
    // Exactly at the limit is accepted.
    let mut at_limit = pdf_bytes("al limite");
    at_limit.resize(MAX_DOCUMENT_BYTES, b' ');
    assert_eq!(
        upload(&app, &token, &path, form("limite.pdf", at_limit, "other"))
            .await
            .status(),
        201
    );
    app.finish().await;
}

async fn a_missing_file_or_an_unknown_kind_names_the_field(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let path = format!("/api/v1/participants/{participant}/documents");
    let body = problem(
        upload(&app, &token, &path, form("x.pdf", pdf_bytes("x"), "selfie")).await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&body), ["kind"]);
    let body = problem(
        upload(&app, &token, &path, Form::new().text("kind", "other")).await,
        422,
    )
    .await;
    assert_eq!(blamed_fields(&body), ["file"]);
    // JSON is not an upload.
    problem(
        app.post_json(&path, &token, &serde_json::json!({"file": "x"})).await,
        415,
    )
    .await;
    app.finish().await;
}

async fn the_second_agency_never_reaches_the_first_agencys_documents(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let path = format!("/api/v1/participants/{participant}/documents");
    let stored: Value = upload(
        &app,
        &token,
        &path,
        form("id.pdf", pdf_bytes("carta"), "identity_document"),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = stored["id"].as_i64().unwrap();
    let other = app.token(SECOND_SOCIAL_WORKER).await;
    problem(app.get(&path, &other).await, 404).await;
    problem(app.get(&format!("/api/v1/documents/{id}"), &other).await, 404).await;
    problem(delete(&app, &other, &format!("/api/v1/documents/{id}")).await, 404).await;
    problem(
        upload(&app, &other, &path, form("x.pdf", pdf_bytes("x"), "other")).await,
        404,
    )
    .await;
    // Nothing of the attempt reached the first agency's file.
    let listed: Value = app.get(&path, &token).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // And the first agency still downloads it.
    assert_eq!(app.get(&format!("/api/v1/documents/{id}"), &token).await.status(), 200);
    app.finish().await;
}

async fn an_auditor_may_read_but_not_attach_and_a_removed_document_is_gone(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let path = format!("/api/v1/participants/{participant}/documents");
    let stored: Value = upload(&app, &token, &path, form("f.pdf", pdf_bytes("f"), "signed_form"))
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_i64().unwrap();
    let auditor = app.token(AUDITOR).await;
    assert_eq!(app.get(&path, &auditor).await.status(), 200);
    assert_eq!(
        app.get(&format!("/api/v1/documents/{id}"), &auditor).await.status(),
        200
    );
    problem(
        upload(&app, &auditor, &path, form("x.pdf", pdf_bytes("x"), "other")).await,
        403,
    )
    .await;
    problem(delete(&app, &auditor, &format!("/api/v1/documents/{id}")).await, 403).await;

    assert_eq!(
        delete(&app, &token, &format!("/api/v1/documents/{id}")).await.status(),
        204
    );
    problem(app.get(&format!("/api/v1/documents/{id}"), &token).await, 404).await;
    let listed: Value = app.get(&path, &token).await.json().await.unwrap();
    assert!(listed.as_array().unwrap().is_empty());
    problem(delete(&app, &token, &format!("/api/v1/documents/{id}")).await, 404).await;
    app.finish().await;
}

async fn a_consortium_manager_attaches_a_certificate_to_a_worker(app: TestApp) {
    let store = &app.db.store;
    let cooperative = organisations::find_by_name(store, TYPE_B)
        .await
        .unwrap()
        .expect(TYPE_B)
        .id;
    let worker = registers::workers_of(store, cooperative).await.unwrap()[0].id;
    let path = format!("/api/v1/workers/{worker}/documents");
    let manager = app.token(CONSORTIUM_MANAGER).await;
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0].to_vec();
    // Declared a PDF, named .pdf: stored as the PNG its bytes are.
    let response = upload(
        &app,
        &manager,
        &path,
        form("certificato.pdf", png, "certificate_of_disadvantage"),
    )
    .await;
    assert_eq!(response.status(), 201);
    let stored: Value = response.json().await.unwrap();
    assert_eq!(stored["media_type"], "image/png");
    assert_eq!(stored["file_name"], "certificato.png");
    let download = app.get(&format!("/api/v1/documents/{}", stored["id"]), &manager).await;
    assert_eq!(download.headers()["content-type"], "image/png");
    // The second tenant's social worker does not see the worker's file.
    let other = app.token(SECOND_SOCIAL_WORKER).await;
    problem(app.get(&path, &other).await, 404).await;
    // The first agency's social worker works on households, not workforce registers.
    let social_worker = app.token(SOCIAL_WORKER).await;
    problem(app.get(&path, &social_worker).await, 404).await;
    app.finish().await;
}

/// A browser's multipart form carries the session's CSRF token as a field;
/// without it the upload is refused.
async fn a_multipart_form_in_a_session_needs_its_csrf_token(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let participant = first_agency_participant(&app, &token).await;
    let browser = client();
    log_in(&app.server.address, &browser, SOCIAL_WORKER).await;
    let page = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let path = app.url(&format!("/api/v1/participants/{participant}/documents"));
    let without = browser
        .post(&path)
        .multipart(form("a.pdf", pdf_bytes("a"), "other"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    let with = browser
        .post(&path)
        .multipart(form("a.pdf", pdf_bytes("a"), "other").text("csrf_token", csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 201);
    app.finish().await;
}

/// The household page lists a member's documents with a download link; an
/// upload through the page is a multipart form with its CSRF field; a refused
/// one comes back with the reason next to the file field, in the reader's
/// language, and the typed note kept. The second agency meets a 404 page.
async fn the_pages_list_attach_and_explain_a_refusal_next_to_the_field(app: TestApp) {
    let token = app.token(SOCIAL_WORKER).await;
    let list: Value = app
        .get("/api/v1/households?per_page=5", &token)
        .await
        .json()
        .await
        .unwrap();
    let household = list["items"][0]["id"].as_i64().unwrap();
    let participant = first_agency_participant(&app, &token).await;
    let browser = client();
    log_in(&app.server.address, &browser, SOCIAL_WORKER).await;
    let page = browser
        .get(app.url(&format!("/households/{household}")))
        .header("accept-language", "it")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("id=\"documents-participant-{participant}\"")),
        "a section per member"
    );
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_of(&page);
    let action = app.url(&format!("/participants/{participant}/documents"));

    let refused = browser
        .post(&action)
        .multipart(form("finto.pdf", b"solo testo".to_vec(), "signed_form").text("csrf_token", csrf.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 415);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("class=\"field-error\""),
        "the reason is next to the field"
    );
    assert!(html.contains("non è un PDF, PNG o JPEG"), "in Italian: {html}");
    assert!(
        html.contains("value=\"firmato al primo colloquio\""),
        "the note is kept"
    );

    let accepted = browser
        .post(&action)
        .multipart(form("consenso.pdf", pdf_bytes("consenso"), "signed_form").text("csrf_token", csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 303);
    let back = accepted.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        back,
        format!("/households/{household}#documents-participant-{participant}")
    );
    let page = browser
        .get(app.url(&format!("/households/{household}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("consenso.pdf"));
    let listed: Value = app
        .get(&format!("/api/v1/participants/{participant}/documents"), &token)
        .await
        .json()
        .await
        .unwrap();
    let id = listed[0]["id"].as_i64().unwrap();
    assert!(page.contains(&format!("href=\"/documents/{id}\"")));
    let download = browser.get(app.url(&format!("/documents/{id}"))).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf_bytes("consenso"));

    let other = client();
    log_in(&app.server.address, &other, SECOND_SOCIAL_WORKER).await;
    for path in [
        format!("/participants/{participant}/documents"),
        format!("/documents/{id}"),
    ] {
        let response = other.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(!response.text().await.unwrap().contains("consenso.pdf"));
    }
    app.finish().await;
}

crate::api_tests!(
    the_pages_list_attach_and_explain_a_refusal_next_to_the_field,
    a_signed_pdf_is_stored_listed_and_downloaded_as_sent_and_the_download_is_audited,
    a_text_file_named_pdf_is_refused_as_an_unsupported_type,
    a_file_over_five_mebibytes_is_too_large,
    a_missing_file_or_an_unknown_kind_names_the_field,
    the_second_agency_never_reaches_the_first_agencys_documents,
    an_auditor_may_read_but_not_attach_and_a_removed_document_is_gone,
    a_consortium_manager_attaches_a_certificate_to_a_worker,
    a_multipart_form_in_a_session_needs_its_csrf_token,
);
