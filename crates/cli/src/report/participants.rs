//! `filiera report participants --programme NAME [--format csv|json]`: the
//! participant statistics of a programme (see
//! `filiera_domain::pathways::statistics`) on standard output.

use super::ReportFormat;
use crate::database;
use anyhow::Context;
use filiera_storage::pathways::{programmes, statistics};

#[derive(clap::Args)]
pub struct ParticipantsArgs {
    #[arg(long)]
    programme: String,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
    /// Print the computation's time (`compute_ms=…`, without connecting and
    /// printing) to standard error, for benchmarks.
    #[arg(long)]
    timing: bool,
}

pub async fn run(url: &str, args: ParticipantsArgs) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    let programme = programmes::find_by_name(&store, &args.programme)
        .await?
        .with_context(|| format!("there is no programme named `{}`", args.programme))?;
    let started = std::time::Instant::now();
    let stats = statistics::participant_statistics(&store, programme.id).await?;
    if args.timing {
        eprintln!("compute_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0);
    }
    match args.format {
        ReportFormat::Csv => print!("{}", stats.to_csv()),
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
    }
    Ok(())
}
