//! Notification e-mails go through the SMTP relay given to the server: a sink
//! started here speaks just enough SMTP (EHLO, MAIL, RCPT, DATA, QUIT) to
//! accept messages and hands each one to the test.

use crate::helpers::*;
use filiera_fixtures::testing::TestDatabase;
use filiera_web::mail::Mailer;
use filiera_web::{AppState, WebConfig};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One message the sink accepted.
#[derive(Debug)]
struct Received {
    recipients: Vec<String>,
    data: String,
}

/// Starts the sink; returns its `smtp://` address and the messages it accepts.
async fn smtp_sink() -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the sink");
    let address = format!("smtp://{}", listener.local_addr().expect("address"));
    let (sender, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut recipients = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if command.starts_with("MAIL FROM") {
                        b"250 OK\r\n"
                    } else if command.starts_with("RCPT TO") {
                        recipients.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 OK\r\n"
                    } else if command == "DATA" {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        while let Ok(Some(body)) = lines.next_line().await {
                            if body == "." {
                                break;
                            }
                            data.push_str(&body);
                            data.push('\n');
                        }
                        let _ = sender.send(Received {
                            recipients: std::mem::take(&mut recipients),
                            data,
                        });
                        b"250 queued\r\n"
                    } else if command == "QUIT" {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (address, received)
}

async fn a_notification_is_mailed_to_its_recipient_through_the_relay(db: TestDatabase) {
    filiera_fixtures::demo::load(&db.store).await.expect("demo");
    let (smtp, mut received) = smtp_sink().await;
    let mailer = Mailer::from_url(&smtp).expect("the sink's address");
    let state = AppState::new(db.store.clone(), WebConfig::default()).with_mailer(mailer);
    let server = Server::start_with_state(state).await;
    let app = TestApp {
        server,
        db,
        http: client(),
    };
    let social_worker = app.token(SOCIAL_WORKER).await;
    let manager = app.token("programme.manager@demo.filiera.eu").await;
    let page: Value = app
        .get("/api/v1/households?per_page=1", &social_worker)
        .await
        .json()
        .await
        .unwrap();
    let household = page["items"][0]["id"].as_i64().unwrap();
    let reference = page["items"][0]["reference"].as_str().unwrap().to_owned();
    let me: Value = app.get("/api/v1/me", &manager).await.json().await.unwrap();
    let handed = app
        .post_json(
            &format!("/api/v1/households/{household}/handover"),
            &social_worker,
            &json!({ "user_id": me["id"], "handover_note": "Internship running; the tutor wants a meeting on Friday" }),
        )
        .await;
    assert!(handed.status().is_success());
    let opened = app
        .post_json(
            &format!("/api/v1/households/{household}/requests"),
            &social_worker,
            &json!({ "from_kind": "household", "text": "help with the rent form" }),
        )
        .await;
    assert_eq!(opened.status(), 201);
    // The request answered before the mail went out: the mail never holds it up.
    let mut messages = Vec::new();
    while messages.len() < 2 {
        let message = tokio::time::timeout(Duration::from_secs(10), received.recv())
            .await
            .expect("the relay received the notification e-mails")
            .expect("the sink is running");
        messages.push(message);
    }
    for message in &messages {
        assert_eq!(message.recipients, ["programme.manager@demo.filiera.eu"], "{message:?}");
        assert!(
            message.data.contains("To: programme.manager@demo.filiera.eu"),
            "{}",
            message.data
        );
    }
    // Rendered in the recipient's language (Italian unless they chose otherwise).
    let subjects: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.data.lines().find(|l| l.starts_with("Subject: ")))
        .collect();
    let request_subject = |code: &str| {
        filiera_web::i18n::Tr::new(code).args("notification-request-opened", [("household", reference.as_str())])
    };
    assert!(
        subjects
            .iter()
            .any(|s| *s == format!("Subject: {}", request_subject("it"))
                || *s == format!("Subject: {}", request_subject("en"))),
        "{subjects:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.data.contains(&format!("/households/{household}#requests")))
    );
    app.finish().await;
}

#[tokio::test]
async fn sqlite_a_notification_is_mailed_to_its_recipient_through_the_relay() {
    a_notification_is_mailed_to_its_recipient_through_the_relay(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn postgres_a_notification_is_mailed_to_its_recipient_through_the_relay() {
    let Some(db) = TestDatabase::postgres().await else {
        eprintln!("skipped: FILIERA_TEST_POSTGRES_URL is not set");
        return;
    };
    a_notification_is_mailed_to_its_recipient_through_the_relay(db).await;
}

#[test]
fn a_relay_that_is_not_smtp_is_refused_before_serving() {
    assert!(Mailer::from_url("https://mail.example:587").is_err());
}
