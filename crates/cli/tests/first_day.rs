//! The first day of a real agency, as the README's deployment steps say it, on an
//! empty database (no demo): `migrate` → `org add` → `user add … --role admin` →
//! log in → `import programme-data --agency NAME`. Run on SQLite and, when
//! configured, on PostgreSQL.

use filiera_fixtures::testing::TestDatabase;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/programme");
const AGENCY: &str = "Società della Salute della Zona Pisana";

fn filiera(url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_filiera"));
    command.env("FILIERA_DATABASE_URL", url).env("FILIERA_LOG", "warn");
    command
}

fn run(url: &str, args: &[&str]) -> Output {
    filiera(url).args(args).output().expect("run filiera")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(output: Output) -> String {
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// `filiera serve` on an ephemeral port; the address from its first line.
fn serve(url: &str) -> (Child, String) {
    let mut child = filiera(url)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("server line");
    let address = line
        .split("serving on http://")
        .nth(1)
        .map(|a| a.trim().to_owned())
        .unwrap_or_else(|| panic!("no address in `{line}`"));
    (child, address)
}

async fn first_day(url: &str) {
    succeeded(run(url, &["migrate"]));
    let before = run(
        url,
        &[
            "user",
            "add",
            "--email",
            "anna@sds.example",
            "--org",
            AGENCY,
            "--role",
            "admin",
        ],
    );
    assert!(!before.status.success(), "no organisation exists yet");
    assert!(
        text(&before.stderr).contains("no organisation named"),
        "{}",
        text(&before.stderr)
    );

    let id = succeeded(run(url, &["org", "add", "--name", AGENCY, "--kind", "public_agency"]));
    let id: i64 = id
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("`org add` prints the id, got `{id}`"));
    assert!(id > 0);
    let twice = run(url, &["org", "add", "--name", AGENCY, "--kind", "public_agency"]);
    assert!(
        !twice.status.success(),
        "a second organisation with the same name is refused"
    );

    let refused = run(
        url,
        &[
            "org",
            "add",
            "--name",
            "Coop",
            "--kind",
            "cooperative",
            "--consortium",
            AGENCY,
        ],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("not a consortium"),
        "{}",
        text(&refused.stderr)
    );

    let mut add_user = filiera(url)
        .args([
            "user",
            "add",
            "--email",
            "anna@sds.example",
            "--org",
            AGENCY,
            "--role",
            "admin",
        ])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("user add");
    add_user
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"a long enough passphrase 2026\n")
        .expect("password");
    let added = succeeded(add_user.wait_with_output().expect("user add output"));
    assert!(added.contains("anna@sds.example is admin in"), "{added}");

    let (mut server, address) = serve(url);
    let client = reqwest::Client::new();
    let login = client
        .post(format!("http://{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "anna@sds.example", "password": "a long enough passphrase 2026", "token_name": "first-day"}))
        .send()
        .await
        .expect("login request");
    let status = login.status();
    let body: serde_json::Value = login.json().await.unwrap_or_default();
    let _ = server.kill();
    let _ = server.wait();
    assert!(status.is_success(), "the new admin logs in: {status} {body}");
    assert!(body["token"].as_str().is_some_and(|t| !t.is_empty()), "{body}");

    let dir = format!("{FIXTURES}/small");
    let imported = succeeded(run(
        url,
        &[
            "import",
            "programme-data",
            "--programme",
            "Pilot 2020",
            "--agency",
            AGENCY,
            &dir,
        ],
    ));
    assert!(imported.contains("6 participant(s), 7 intervention(s)"), "{imported}");
    let report = succeeded(run(url, &["report", "participants", "--programme", "Pilot 2020"]));
    let expected = std::fs::read_to_string(format!("{FIXTURES}/small/expected_participants.csv")).expect("expected");
    assert_eq!(report, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agency_starts_on_an_empty_sqlite_database() {
    let database = TestDatabase::sqlite().await;
    first_day(&database.url).await;
    database.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agency_starts_on_an_empty_postgres_database() {
    let Some(database) = TestDatabase::postgres().await else {
        eprintln!("skipped: FILIERA_TEST_POSTGRES_URL is not set");
        return;
    };
    first_day(&database.url).await;
    database.finish().await;
}
