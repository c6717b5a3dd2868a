//! `filiera import programme-data --programme NAME [--agency ORG] DIR`: reads
//! rounds.csv, services.csv, participants.csv and interventions.csv (format in
//! docs/import-format.md) and stores them in one unit of work — all or nothing.

use crate::database;
use anyhow::Context;
use filiera_domain::ids::OrganisationId;
use filiera_domain::import::ImportError;
use filiera_domain::pathways::import::{CsvFiles, INTERVENTIONS_FILE, PARTICIPANTS_FILE, ROUNDS_FILE, SERVICES_FILE};
use filiera_storage::pathways::import::{Destination, ImportFailure, import_programme_data};
use filiera_storage::{Actor, Store, organisations};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ProgrammeDataArgs {
    /// The programme's name; created if it does not exist.
    #[arg(long)]
    programme: String,
    /// The public agency that owns a new programme (name or id).
    #[arg(long)]
    agency: Option<String>,
    /// Folder with rounds.csv, services.csv, participants.csv, interventions.csv.
    dir: PathBuf,
}

fn read(dir: &Path, name: &str) -> anyhow::Result<String> {
    let path = dir.join(name);
    std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {} (it must exist and be UTF-8 text)", path.display()))
}

async fn agency_id(store: &Store, agency: &str) -> anyhow::Result<OrganisationId> {
    if let Ok(id) = agency.parse::<i64>().map(OrganisationId) {
        return Ok(organisations::get(store, id)
            .await
            .with_context(|| format!("no organisation has id {id}"))?
            .id);
    }
    organisations::find_by_name(store, agency)
        .await?
        .map(|o| o.id)
        .with_context(|| format!("no organisation is named `{agency}`"))
}

fn fail(errors: &[ImportError]) -> anyhow::Error {
    let english = filiera_web::i18n::Tr::new("en");
    for error in errors {
        eprintln!("{}", english.import_problem(error));
    }
    anyhow::anyhow!("nothing was imported: {} problem(s) found", errors.len())
}

pub async fn run(url: &str, args: ProgrammeDataArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.dir.is_dir(), "{} is not a folder", args.dir.display());
    let files = CsvFiles {
        rounds: read(&args.dir, ROUNDS_FILE)?,
        services: read(&args.dir, SERVICES_FILE)?,
        participants: read(&args.dir, PARTICIPANTS_FILE)?,
        interventions: read(&args.dir, INTERVENTIONS_FILE)?,
    };
    let store = database::open(url).await?;
    let agency_id = match &args.agency {
        Some(agency) => Some(agency_id(&store, agency).await?),
        None => None,
    };
    let to = Destination::ByName {
        name: args.programme.clone(),
        agency_id,
    };
    let mut unit = store.begin(&Actor::system("cli")).await?;
    // Dropping the unit without committing rolls everything back.
    let summary = match import_programme_data(&mut unit, &to, &files).await {
        Ok(summary) => summary,
        Err(ImportFailure::Rows(errors)) => return Err(fail(&errors)),
        Err(ImportFailure::Storage(error)) => return Err(error.into()),
    };
    unit.commit().await?;
    println!(
        "imported into {}{}: {} new round(s), {} new service(s), {} participant(s), {} intervention(s)",
        args.programme,
        if summary.programme_created {
            " (new programme)"
        } else {
            ""
        },
        summary.rounds,
        summary.services,
        summary.participants,
        summary.interventions,
    );
    Ok(())
}
