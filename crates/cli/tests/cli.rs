//! The `filiera` command as an operator uses it, on a throw-away SQLite database.

use filiera_fixtures::testing::RawSql;
use std::io::Write;
use std::process::{Command, Output, Stdio};

struct Workspace {
    dir: std::path::PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let dir = std::env::temp_dir().join(format!("filiera-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Workspace { dir }
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.dir.join("filiera.db").display())
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_filiera"));
        command
            .env("FILIERA_DATABASE_URL", self.url())
            .env("FILIERA_LOG", "warn")
            .current_dir(&self.dir);
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run filiera")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn demo_loads_once_and_lists_the_demo_users() {
    let ws = Workspace::new("demo");
    let first = ws.run(&["demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let created: usize = stdout(&first)
        .split(" records created")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(created >= 15, "{}", stdout(&first));
    assert!(stdout(&first).contains("auditor@demo.filiera.eu"));
    let second = ws.run(&["demo"]);
    assert!(stdout(&second).contains("0 records created"));
}

#[tokio::test]
async fn audit_verify_passes_on_an_intact_log_and_reports_a_tampered_entry() {
    let ws = Workspace::new("audit");
    assert!(ws.run(&["demo"]).status.success());
    let intact = ws.run(&["audit", "verify"]);
    assert!(intact.status.success(), "{}", stderr(&intact));
    assert!(stdout(&intact).contains("audit log intact"));

    let store = filiera_storage::Store::connect(&ws.url()).await.expect("open");
    store
        .execute_raw_for_tests("UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
        .await;
    store.close().await;

    let tampered = ws.run(&["audit", "verify"]);
    assert!(!tampered.status.success());
    let message = stderr(&tampered);
    assert!(message.contains("TAMPERED") && message.contains("entry 3"), "{message}");
}

#[tokio::test]
async fn audit_verify_with_an_anchor_fails_once_the_last_entry_is_deleted_and_the_head_rewound() {
    let ws = Workspace::new("audit-anchor");
    assert!(ws.run(&["demo"]).status.success());
    let printed = ws.run(&["audit", "anchor"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    let anchor = stdout(&printed).trim().to_owned();
    let (seq, hash) = anchor.split_once(':').expect("SEQ:HASH");
    let seq: i64 = seq.parse().expect("sequence number");
    assert_eq!(hash.len(), 64, "{anchor}");
    let anchored = ws.run(&["audit", "verify", "--anchor", &anchor]);
    assert!(anchored.status.success(), "{}", stderr(&anchored));

    let store = filiera_storage::Store::connect(&ws.url()).await.expect("open");
    store
        .execute_raw_for_tests(&format!("DELETE FROM audit_log WHERE seq = {seq}"))
        .await;
    store
        .execute_raw_for_tests(&format!(
            "UPDATE audit_head SET seq = seq - 1, \
             last_hash = (SELECT hash FROM audit_log WHERE seq = {}) WHERE id = 1",
            seq - 1
        ))
        .await;
    store.close().await;

    let without = ws.run(&["audit", "verify"]);
    assert!(without.status.success(), "the rewound head alone looks intact");
    let with = ws.run(&["audit", "verify", "--anchor", &anchor]);
    assert!(!with.status.success());
    let message = stderr(&with);
    assert!(
        message.contains("TAMPERED") && message.contains(&format!("anchor was taken at entry {seq}")),
        "{message}"
    );
}

#[test]
fn audit_verify_refuses_an_anchor_that_is_not_seq_colon_hash() {
    let ws = Workspace::new("audit-bad-anchor");
    let refused = ws.run(&["audit", "verify", "--anchor", "12"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("expected SEQ:HASH"), "{}", stderr(&refused));
}

#[test]
fn user_add_prints_a_one_time_password_or_reads_one_from_stdin() {
    let ws = Workspace::new("user");
    assert!(ws.run(&["demo"]).status.success());
    let added = ws.run(&[
        "user",
        "add",
        "--email",
        "New.Worker@sds.example",
        "--org",
        "Consorzio Armonia",
        "--role",
        "consortium_manager",
    ]);
    assert!(added.status.success(), "{}", stderr(&added));
    let text = stdout(&added);
    assert!(
        text.contains("new.worker@sds.example is consortium_manager in Consorzio Armonia"),
        "{text}"
    );
    let password = text
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("password shown");
    assert_eq!(password.len(), 16);

    let mut child = ws
        .command()
        .args([
            "user",
            "add",
            "--email",
            "piped@sds.example",
            "--org",
            "1",
            "--role",
            "auditor",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"a long enough password\n")
        .expect("write");
    let piped = child.wait_with_output().expect("wait");
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(!stdout(&piped).contains("one-time password"));
}

#[test]
fn user_add_refuses_an_unknown_role_or_organisation_with_a_clear_message() {
    let ws = Workspace::new("user-bad");
    assert!(ws.run(&["demo"]).status.success());
    let bad_role = ws.run(&["user", "add", "--email", "x@y.it", "--org", "1", "--role", "boss"]);
    assert!(!bad_role.status.success());
    assert!(stderr(&bad_role).contains("unknown role `boss`"));
    let bad_org = ws.run(&[
        "user", "add", "--email", "x@y.it", "--org", "Nowhere", "--role", "admin",
    ]);
    assert!(!bad_org.status.success());
    assert!(stderr(&bad_org).contains("no organisation named or numbered `Nowhere`"));
}

#[test]
fn backup_writes_a_database_that_opens_and_refuses_to_overwrite() {
    let ws = Workspace::new("backup");
    assert!(ws.run(&["demo"]).status.success());
    let target = ws.dir.join("copy.db");
    let target_text = target.display().to_string();
    let done = ws.run(&["backup", "--to", &target_text]);
    assert!(done.status.success(), "{}", stderr(&done));
    let verify_copy = Command::new(env!("CARGO_BIN_EXE_filiera"))
        .args(["audit", "verify"])
        .env("FILIERA_DATABASE_URL", format!("sqlite://{target_text}"))
        .output()
        .expect("verify copy");
    assert!(verify_copy.status.success(), "{}", stderr(&verify_copy));
    let again = ws.run(&["backup", "--to", &target_text]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let ws = Workspace::new("serve");
    let mut child = ws
        .command()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    std::io::BufRead::read_line(&mut reader, &mut line).expect("read");
    assert!(line.starts_with("filiera is serving on http://127.0.0.1:"), "{line}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    assert!(status.success(), "exit status {status:?}");
}
