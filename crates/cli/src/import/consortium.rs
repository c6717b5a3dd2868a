use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ConsortiumArgs {
    /// The consortium's name; created with its members if missing.
    #[arg(long)]
    consortium: String,
    /// Folder with cooperatives.csv, workers.csv, users.csv, hours.csv.
    dir: PathBuf,
}

pub async fn run(_url: &str, args: ConsortiumArgs) -> anyhow::Result<()> {
    let _ = (&args.consortium, &args.dir);
    anyhow::bail!("importing consortium data is not available yet")
}
