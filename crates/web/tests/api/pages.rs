//! The HTML pages over HTTP: login with CSRF, navigation by role, errors as pages.

use crate::helpers::*;

/// The CSRF token a page embeds in its forms.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..start + 64].to_owned()
}

/// Logs in through the login form; the client keeps the session cookie.
pub async fn log_in(app_url: &str, http: &reqwest::Client, email: &str) {
    let page = http
        .get(format!("{app_url}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = http
        .post(format!("{app_url}/login"))
        .form(&[
            ("email", email),
            ("password", PASSWORD),
            ("csrf_token", &csrf_of(&page)),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "login redirects");
    assert!(
        response.headers().get_all("set-cookie").iter().any(|c| {
            let c = c.to_str().unwrap_or_default();
            c.starts_with("filiera_session=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")
        }),
        "session cookie is HttpOnly and SameSite=Lax"
    );
}

async fn an_anonymous_visitor_is_sent_to_the_login_page_and_back(app: TestApp) {
    let response = app.http.get(app.url("/organisations?q=coop")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Forganisations%3Fq%3Dcoop"
    );
    app.finish().await;
}

async fn a_login_form_without_its_csrf_token_is_refused(app: TestApp) {
    app.http.get(app.url("/login")).send().await.unwrap();
    let response = app
        .http
        .post(app.url("/login"))
        .form(&[("email", ADMIN), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("<html"));
    app.finish().await;
}

async fn a_wrong_password_shows_the_form_again_with_a_message(app: TestApp) {
    let page = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = app
        .http
        .post(app.url("/login"))
        .header("accept-language", "en")
        .form(&[("email", ADMIN), ("password", "nope"), ("csrf_token", &csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let html = response.text().await.unwrap();
    assert!(html.contains("login-error"));
    assert!(html.contains(ADMIN), "the e-mail typed is kept");
    app.finish().await;
}

async fn navigation_shows_the_audit_log_only_to_roles_that_may_browse_it(app: TestApp) {
    log_in(&app.server.address, &app.http, ADMIN).await;
    let dashboard = app.http.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(dashboard.contains("href=\"/audit\""));
    assert!(dashboard.contains("Alessandra Admin"));
    let other = client();
    log_in(&app.server.address, &other, SOCIAL_WORKER).await;
    let dashboard = other.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!dashboard.contains("href=\"/audit\""));
    assert_eq!(other.get(app.url("/audit")).send().await.unwrap().status(), 403);
    app.finish().await;
}

async fn a_logged_in_form_needs_the_session_csrf_token(app: TestApp) {
    log_in(&app.server.address, &app.http, ADMIN).await;
    let form = app
        .http
        .get(app.url("/organisations/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let fields = [
        ("name", "Cooperativa Nuova"),
        ("kind", "cooperative"),
        ("cooperative_type", "A"),
    ];
    let refused = app
        .http
        .post(app.url("/organisations"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let token = csrf_of(&form);
    let mut with_token = fields.to_vec();
    with_token.push(("csrf_token", &token));
    let accepted = app
        .http
        .post(app.url("/organisations"))
        .form(&with_token)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 303);
    let location = accepted.headers()["location"].to_str().unwrap().to_owned();
    let page = app
        .http
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Cooperativa Nuova"));
    app.finish().await;
}

async fn an_invalid_form_comes_back_with_the_typed_values_and_field_errors(app: TestApp) {
    log_in(&app.server.address, &app.http, ADMIN).await;
    let form = app
        .http
        .get(app.url("/organisations/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&form);
    let response = app
        .http
        .post(app.url("/organisations"))
        .form(&[
            ("name", "Cooperativa Senza Tipo"),
            ("kind", "cooperative"),
            ("vat_number", "123"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("value=\"Cooperativa Senza Tipo\""));
    assert!(html.contains("id=\"cooperative_type-error\""));
    assert!(html.contains("id=\"vat_number-error\""));
    app.finish().await;
}

async fn the_language_switch_turns_the_interface_to_english(app: TestApp) {
    let page = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("lang=\"it\""), "Italian by default");
    let response = app
        .http
        .post(app.url("/language"))
        .form(&[("lang", "en"), ("back", "/login"), ("csrf_token", &csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let page = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("lang=\"en\"") && page.contains("Log in"));
    app.finish().await;
}

async fn logging_out_ends_the_session_everywhere(app: TestApp) {
    log_in(&app.server.address, &app.http, ADMIN).await;
    let page = app.http.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let response = app
        .http
        .post(app.url("/logout"))
        .form(&[("csrf_token", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(app.http.get(app.url("/")).send().await.unwrap().status(), 303);
    app.finish().await;
}

async fn the_registry_exports_as_csv(app: TestApp) {
    log_in(&app.server.address, &app.http, SOCIAL_WORKER).await;
    let response = app
        .http
        .get(app.url("/organisations.csv?kind=cooperative"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].trim_start_matches('\u{feff}').starts_with("id,name,kind,"));
    assert!(lines.len() >= 4, "header and the demo cooperatives");
    for name in ["Il Girasole", "La Lavanderia Solidale", "Orti in Comune"] {
        assert!(text.contains(name), "{name}");
    }
    assert!(
        lines[1..].iter().all(|l| l.contains(",cooperative,")),
        "only cooperatives"
    );
    app.finish().await;
}

/// Help lives in the application, in the reader's language, linked from the
/// pages it explains; an unknown topic is a 404 page.
async fn help_pages_are_served_by_the_application_in_the_users_language(app: TestApp) {
    let http = client();
    let italian = http.get(app.url("/help/matching")).send().await.unwrap();
    assert_eq!(italian.status(), 200);
    let html = italian.text().await.unwrap();
    assert!(
        html.contains("<h1>Come l&#39;abbinamento propone i posti</h1>"),
        "{html}"
    );
    assert!(html.contains("href=\"/help/allocation\"") && html.contains("href=\"/help/thirty-percent\""));
    let english = http
        .get(app.url("/help/thirty-percent"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(
        english.text().await.unwrap().contains("3 / 13 = 23%"),
        "Table A's share explained with an example"
    );
    assert_eq!(http.get(app.url("/help/nope")).send().await.unwrap().status(), 404);
    log_in(&app.server.address, &app.http, CONSORTIUM_MANAGER).await;
    let mine = app.http.get(app.url("/consortium")).send().await.unwrap();
    let location = mine.headers()["location"].to_str().unwrap().to_owned();
    let consortium = app
        .http
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        consortium.contains("href=\"/help/thirty-percent\""),
        "the consortium page links its help"
    );
    assert!(!consortium.contains("docs/"), "no page points into the source tree");
    app.finish().await;
}

crate::api_tests!(
    help_pages_are_served_by_the_application_in_the_users_language,
    an_anonymous_visitor_is_sent_to_the_login_page_and_back,
    a_login_form_without_its_csrf_token_is_refused,
    a_wrong_password_shows_the_form_again_with_a_message,
    navigation_shows_the_audit_log_only_to_roles_that_may_browse_it,
    a_logged_in_form_needs_the_session_csrf_token,
    an_invalid_form_comes_back_with_the_typed_values_and_field_errors,
    the_language_switch_turns_the_interface_to_english,
    logging_out_ends_the_session_everywhere,
    the_registry_exports_as_csv,
);
