//! The Access and Evaluation Form and the Personalised Individual Project printed
//! as PDF for signature: for whoever may view the household, never for the other
//! agency, each print in the audit log, and never the health notes.

use crate::helpers::*;
use crate::pages::log_in;
use serde_json::Value;

const SECOND_SOCIAL_WORKER: &str = "social.worker@livorno.demo.filiera.eu";

async fn json_of(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Kaur's household: its first form (with health notes) and its project.
async fn kaur(app: &TestApp) -> (i64, i64) {
    let sw = app.token(SOCIAL_WORKER).await;
    let page = json_of(app.get("/api/v1/households?search=kaur", &sw).await).await;
    let id = page["items"][0]["id"].as_i64().expect("demo household");
    let household = json_of(app.get(&format!("/api/v1/households/{id}"), &sw).await).await;
    let member = household["members"][0]["id"].as_i64().unwrap();
    let forms = json_of(
        app.get(&format!("/api/v1/participants/{member}/assessments"), &sw)
            .await,
    )
    .await;
    let form = forms["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["has_health_notes"] == true)
        .expect("a form with health notes")["id"]
        .as_i64()
        .unwrap();
    let project = household["projects"][0]["id"].as_i64().expect("a project");
    (form, project)
}

async fn prints(app: &TestApp) -> Vec<(String, String)> {
    let log = filiera_storage::audit_log::list(
        &app.db.store,
        &filiera_storage::audit_log::AuditQuery::default(),
        Default::default(),
    )
    .await
    .unwrap();
    log.items
        .into_iter()
        .filter(|e| e.action.ends_with(".print"))
        .map(|e| (e.action, e.actor))
        .collect()
}

async fn the_social_worker_prints_the_form_and_the_project_for_signature(app: TestApp) {
    let (form, project) = kaur(&app).await;
    log_in(&app.server.address, &app.http, SOCIAL_WORKER).await;
    for path in [
        format!("/assessments/{form}/form.pdf"),
        format!("/projects/{project}/form.pdf"),
    ] {
        let response = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let body = response.bytes().await.unwrap();
        assert!(body.starts_with(b"%PDF-"), "{path} is a PDF");
        // Health notes stay in filiera: their words never reach the printout.
        assert!(!body.windows(9).any(|w| w == b"Back pain"));
    }
    let household = app
        .http
        .get(app.url(&format!("/projects/{project}")))
        .send()
        .await
        .unwrap();
    let html = household.text().await.unwrap();
    assert!(
        html.contains(&format!("href=\"/projects/{project}/form.pdf\"")),
        "the page links the print"
    );
    assert_eq!(
        prints(&app).await,
        [
            ("project.print".to_owned(), SOCIAL_WORKER.to_owned()),
            ("assessment.print".to_owned(), SOCIAL_WORKER.to_owned()),
        ],
        "every print is audited, newest first"
    );
    app.finish().await;
}

async fn the_other_agency_cannot_print_them(app: TestApp) {
    let (form, project) = kaur(&app).await;
    log_in(&app.server.address, &app.http, SECOND_SOCIAL_WORKER).await;
    for path in [
        format!("/assessments/{form}/form.pdf"),
        format!("/projects/{project}/form.pdf"),
    ] {
        let response = app.http.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 403, "{path}: refused like the household page itself");
    }
    let missing = app
        .http
        .get(app.url("/assessments/999999/form.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(prints(&app).await.is_empty(), "a refused print is not a print");
    app.finish().await;
}

crate::api_tests!(
    the_social_worker_prints_the_form_and_the_project_for_signature,
    the_other_agency_cannot_print_them,
);
