//! `filiera import consortium` and the consortium reports, as an operator runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Workspace {
    dir: PathBuf,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let dir = std::env::temp_dir().join(format!("filiera-cli-consortium-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("import")).expect("temp dir");
        Workspace { dir }
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.join("import").join(name), text).expect("write");
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

    fn import_dir(&self) -> &Path {
        &self.dir
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

/// A small Harmony: a Type B with 10 disadvantaged of 30 and a Type A with 20 workers.
fn write_harmony(ws: &Workspace) {
    ws.write(
        "cooperatives.csv",
        "name,type,sector\nFlute,B,industrial laundry\nChorus Sociale,A,workshops\n",
    );
    let mut workers =
        String::from("cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours\n");
    let mut hours = String::from("cooperative,worker_id,month,hours\n");
    for i in 0..30 {
        let (dis, category) = if i < 10 {
            ("yes", "psychiatric_treatment")
        } else {
            ("no", "")
        };
        workers.push_str(&format!("Flute,F{i},yes,{dis},{category},2020-01-01,,36\n"));
        for month in 1..=12 {
            hours.push_str(&format!("Flute,F{i},2024-{month:02},150\n"));
        }
    }
    for i in 0..20 {
        workers.push_str(&format!(
            "Chorus Sociale,C{i},{},no,,2018-01-01,,38\n",
            if i < 15 { "yes" } else { "no" }
        ));
    }
    ws.write("workers.csv", &workers);
    ws.write("users.csv", "cooperative,user_id,category\nChorus Sociale,U1,disability\nChorus Sociale,U2,mental_health\nChorus Sociale,U3,elderly\n");
    ws.write("hours.csv", &hours);
}

#[test]
fn an_imported_consortium_reports_table_a_and_its_solidarity_fund() {
    let ws = Workspace::new("ok");
    write_harmony(&ws);
    let dir = ws.import_dir().join("import");
    let imported = ws.run(&["import", "consortium", "--consortium", "Harmony", dir.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let report = ws.run(&[
        "report",
        "consortium",
        "--consortium",
        "Harmony",
        "--date",
        "2024-06-30",
    ]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    assert_eq!(
        text(&report.stdout),
        "cooperative,type,workers,worker_members,disadvantaged,disadvantaged_share,compliant_30,users_disability,users_mental_health,users_elderly,users_other\n\
         Chorus Sociale,A,20,15,0,0.0,,1,1,1,0\n\
         Flute,B,30,30,10,33.3,yes,0,0,0,0\n\
         total,,50,45,10,33.3,yes,1,1,1,0\n"
    );
    let json = ws.run(&[
        "report",
        "consortium",
        "--consortium",
        "Harmony",
        "--date",
        "2024-06-30",
        "--format",
        "json",
    ]);
    assert!(text(&json.stdout).contains("\"compliant_30\": true"));
    // 30 workers × 150 h × 12 months = 54,000 h × €0.10 = €5,400.
    let fund = ws.run(&["report", "solidarity-fund", "--consortium", "Harmony", "--year", "2024"]);
    assert_eq!(
        text(&fund.stdout),
        "cooperative,hours,contribution\nChorus Sociale,0,0.00\nFlute,54000,5400.00\ntotal,54000,5400.00\n"
    );
}

#[test]
fn an_import_with_errors_lists_them_by_file_line_and_column_and_writes_nothing() {
    let ws = Workspace::new("bad");
    write_harmony(&ws);
    ws.write(
        "users.csv",
        "cooperative,user_id,category\nChorus Sociale,U1,children\nNowhere,U2,elderly\n",
    );
    let dir = ws.import_dir().join("import");
    let imported = ws.run(&["import", "consortium", "--consortium", "Harmony", dir.to_str().unwrap()]);
    assert!(!imported.status.success());
    let stderr = text(&imported.stderr);
    assert!(stderr.contains("users.csv, line 2, column category"), "{stderr}");
    assert!(stderr.contains("users.csv, line 3, column cooperative"), "{stderr}");
    let report = ws.run(&["report", "consortium", "--consortium", "Harmony"]);
    assert!(!report.status.success());
    assert!(text(&report.stderr).contains("no consortium named `Harmony`"));
}
