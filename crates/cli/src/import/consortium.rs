//! `filiera import consortium --consortium NAME DIR`: reads cooperatives.csv,
//! workers.csv, users.csv and hours.csv (format in docs/import-format.md) and
//! writes them in one unit of work — all or nothing.

use crate::database;
use anyhow::Context;
use filiera_domain::consortium::import::{
    COOPERATIVES_FILE, HOURS_FILE, ImportFiles, USERS_FILE, WORKERS_FILE, parse_import,
};
use filiera_domain::import::ImportError;
use filiera_storage::Actor;
use filiera_storage::consortium::import;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ConsortiumArgs {
    /// The consortium's name; created with its members if missing.
    #[arg(long)]
    consortium: String,
    /// Folder with cooperatives.csv, workers.csv, users.csv, hours.csv.
    dir: PathBuf,
}

fn read(dir: &Path, name: &str) -> anyhow::Result<Option<String>> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} (it must be UTF-8 text)", path.display()))
        .map(Some)
}

fn fail(errors: &[ImportError]) -> anyhow::Error {
    let english = filiera_web::i18n::Tr::new("en");
    for error in errors {
        eprintln!("{}", english.import_problem(error));
    }
    anyhow::anyhow!("nothing was imported: {} problem(s) found", errors.len())
}

pub async fn run(url: &str, args: ConsortiumArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.dir.is_dir(), "{} is not a folder", args.dir.display());
    let files = ImportFiles {
        cooperatives: read(&args.dir, COOPERATIVES_FILE)?,
        workers: read(&args.dir, WORKERS_FILE)?,
        users: read(&args.dir, USERS_FILE)?,
        hours: read(&args.dir, HOURS_FILE)?,
    };
    let parsed = parse_import(&files).map_err(|errors| fail(&errors))?;
    let store = database::open(url).await?;
    let mut unit = store.begin(&Actor::system("cli")).await?;
    // Dropping the unit without committing rolls everything back.
    let summary = import::apply(&store, &mut unit, &args.consortium, &parsed)
        .await?
        .map_err(|errors| fail(&errors))?;
    unit.commit().await?;
    println!(
        "imported into {}{}: {} new cooperative(s), {} worker(s), {} user(s), {} month(s) of hours",
        args.consortium,
        if summary.consortium_created {
            " (new consortium)"
        } else {
            ""
        },
        summary.cooperatives_created,
        summary.workers,
        summary.users,
        summary.hours
    );
    Ok(())
}
