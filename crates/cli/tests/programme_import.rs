//! `filiera import programme-data` and `filiera report participants`, as an
//! operator runs them, on the fixture folders under `tests/fixtures/programme`.

use std::path::PathBuf;
use std::process::{Command, Output};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/programme");
const AGENCY: &str = "Società della Salute della Zona Pisana";

struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let dir = std::env::temp_dir().join(format!("filiera-cli-programme-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Workspace { dir }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_filiera"))
            .env(
                "FILIERA_DATABASE_URL",
                format!("sqlite://{}", self.dir.join("filiera.db").display()),
            )
            .env("FILIERA_LOG", "warn")
            .current_dir(&self.dir)
            .args(args)
            .output()
            .expect("run filiera")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn import(ws: &Workspace, folder: &str) -> Output {
    let dir = format!("{FIXTURES}/{folder}");
    ws.run(&[
        "import",
        "programme-data",
        "--programme",
        "Pilot 2020",
        "--agency",
        AGENCY,
        &dir,
    ])
}

#[test]
fn an_imported_folder_gives_exactly_the_hand_computed_report() {
    let ws = Workspace::new("report");
    assert!(ws.run(&["demo"]).status.success());
    let imported = import(&ws, "small");
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert!(
        text(&imported.stdout).contains("6 participant(s), 7 intervention(s)"),
        "{}",
        text(&imported.stdout)
    );
    let report = ws.run(&["report", "participants", "--programme", "Pilot 2020"]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let expected = std::fs::read_to_string(format!("{FIXTURES}/small/expected_participants.csv")).unwrap();
    assert_eq!(text(&report.stdout), expected);
    let json = ws.run(&[
        "report",
        "participants",
        "--programme",
        "Pilot 2020",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(value["rounds"][2]["round"], "total");
    assert_eq!(value["rounds"][2]["participants"], 6);
    assert_eq!(value["rounds"][2]["average_age"], 39.8);
}

#[test]
fn a_folder_with_one_bad_row_imports_nothing_and_names_the_line() {
    let ws = Workspace::new("bad");
    assert!(ws.run(&["demo"]).status.success());
    let imported = import(&ws, "one_bad_row");
    assert!(!imported.status.success());
    let stderr = text(&imported.stderr);
    assert!(
        stderr.contains("participants.csv, line 5, column household_size"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported: 1 problem(s) found"), "{stderr}");
    let report = ws.run(&["report", "participants", "--programme", "Pilot 2020"]);
    assert!(
        !report.status.success(),
        "the programme must not exist after a failed import"
    );
    assert!(text(&report.stderr).contains("no programme named"));
}

#[test]
fn a_new_programme_without_an_agency_is_refused() {
    let ws = Workspace::new("no-agency");
    assert!(ws.run(&["demo"]).status.success());
    let dir = format!("{FIXTURES}/small");
    let imported = ws.run(&["import", "programme-data", "--programme", "Orphan", &dir]);
    assert!(!imported.status.success());
    assert!(
        text(&imported.stderr).contains("--agency"),
        "{}",
        text(&imported.stderr)
    );
}
