use std::path::PathBuf;

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

pub async fn run(_url: &str, args: ProgrammeDataArgs) -> anyhow::Result<()> {
    let _ = (&args.programme, &args.agency, &args.dir);
    anyhow::bail!("importing programme data is not available yet")
}
