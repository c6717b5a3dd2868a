//! Servers keep no state of their own: two instances over one database serve
//! the same logged-in session, as behind a load balancer.

use crate::helpers::*;
use crate::pages::{csrf_of, log_in};

async fn two_instances_share_one_session(app: TestApp) {
    let second = Server::start(app.db.store.clone()).await;
    log_in(&app.server.address, &app.http, ADMIN).await;
    // The cookie jar sends the session cookie to both ports of 127.0.0.1.
    let response = app.http.get(format!("{}/", second.address)).send().await.unwrap();
    assert_eq!(response.status(), 200, "the second instance knows the session");
    let page = response.text().await.unwrap();
    assert!(page.contains("Alessandra Admin"));
    // A form rendered by one instance is accepted by the other (CSRF lives in the session).
    let response = app
        .http
        .post(format!("{}/account/tokens", app.server.address))
        .form(&[
            ("name", "from the second instance's page"),
            ("csrf_token", &csrf_of(&page)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Logging out on the second instance ends the session on the first.
    let response = app
        .http
        .post(format!("{}/logout", second.address))
        .form(&[("csrf_token", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(app.http.get(app.url("/")).send().await.unwrap().status(), 303);
    second.stop().await;
    app.finish().await;
}

crate::api_tests!(two_instances_share_one_session);
