use filiera_fixtures::demo;
use filiera_fixtures::testing::TestDatabase;
use filiera_storage::Store;
use filiera_storage::clock::Clock;
use filiera_web::{AppState, WebConfig};
use reqwest::redirect::Policy;
use serde_json::Value;
use tokio::sync::oneshot;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
pub const ADMIN: &str = "admin@demo.filiera.eu";
pub const SOCIAL_WORKER: &str = "social.worker@demo.filiera.eu";
pub const AUDITOR: &str = "auditor@demo.filiera.eu";
pub const CONSORTIUM_MANAGER: &str = "consortium.manager@demo.filiera.eu";

/// One running server.
pub struct Server {
    pub address: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(store: Store) -> Server {
        Server::start_with_clock(store, Clock::system()).await
    }

    /// A server whose "today" comes from `clock`.
    pub async fn start_with_clock(store: Store, clock: Clock) -> Server {
        Server::start_with_state(AppState::new(store, WebConfig::default()).with_clock(clock)).await
    }

    /// A server over a state built by the test (e.g. with a mailer).
    pub async fn start_with_state(state: AppState) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = filiera_web::server::serve_until(listener, state, async {
                let _ = stopped.await;
            })
            .await;
        });
        Server {
            address,
            stop: Some(stop),
            task,
        }
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = self.task.await;
    }
}

/// A server over a fresh database holding the demo data.
pub struct TestApp {
    pub server: Server,
    pub db: TestDatabase,
    pub http: reqwest::Client,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

impl TestApp {
    pub async fn on(db: TestDatabase) -> TestApp {
        TestApp::on_with_clock(db, Clock::system()).await
    }

    /// The demo served with "today" read from `clock`.
    pub async fn on_with_clock(db: TestDatabase, clock: Clock) -> TestApp {
        demo::load(&db.store).await.expect("demo data");
        let server = Server::start_with_clock(db.store.clone(), clock).await;
        TestApp {
            server,
            db,
            http: client(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.address, path)
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn token(&self, email: &str) -> String {
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .expect("login request");
        assert_eq!(response.status(), 200, "login of {email}");
        let body: Value = response.json().await.expect("login body");
        body["token"].as_str().expect("token").to_owned()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn finish(self) {
        self.server.stop().await;
        self.db.finish().await;
    }
}

/// Asserts an RFC 9457 problem response and returns its body.
pub async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["status"].as_u64(), Some(u64::from(status)));
    assert!(body["title"].is_string() && body["detail"].is_string(), "{body}");
    body
}

/// The names of the fields a problem response blames.
pub fn blamed_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs each named `async fn(TestApp)` on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! api_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = filiera_fixtures::testing::TestDatabase::sqlite().await;
                    super::$name($crate::helpers::TestApp::on(db).await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = filiera_fixtures::testing::TestDatabase::postgres().await else {
                        eprintln!("skipped: FILIERA_TEST_POSTGRES_URL is not set");
                        return;
                    };
                    super::$name($crate::helpers::TestApp::on(db).await).await;
                }
            )+
        }
    };
}
