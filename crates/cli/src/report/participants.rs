//! `filiera report participants --programme NAME [--format csv|json]
//! [--audience public|staff]`: the participant statistics of a programme (see
//! `filiera_domain::pathways::statistics`) on standard output; `--audience
//! public` hides small counts and what would reveal them
//! (`filiera_domain::evidence::statistics_publication`).

use super::ReportFormat;
use super::evidence::AudienceArg;
use crate::database;
use anyhow::Context;
use filiera_storage::pathways::programmes;
use filiera_web::app::evidence::publication::participant_figures;

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
    /// `public` hides counts below the programme's publication threshold and what would reveal them.
    #[arg(long, value_enum, default_value = "staff")]
    audience: AudienceArg,
}

pub async fn run(url: &str, args: ParticipantsArgs) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    let programme = programmes::find_by_name(&store, &args.programme)
        .await?
        .with_context(|| format!("there is no programme named `{}`", args.programme))?;
    let started = std::time::Instant::now();
    let figures = participant_figures(&store, programme.id, args.audience.into()).await?;
    if args.timing {
        eprintln!("compute_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0);
    }
    match args.format {
        ReportFormat::Csv => print!("{}", figures.to_csv()),
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&figures)?),
    }
    Ok(())
}
