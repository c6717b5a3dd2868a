//! `filiera report quarterly --programme NAME --cooperative NAME --quarter 2022-Q1`:
//! what a cooperative's provider report for a quarter says now, computed from
//! the register (nothing is stored: reports are generated and approved in the
//! web application).

use super::ReportFormat;
use crate::database;
use anyhow::Context;
use filiera_domain::ids::OrganisationId;
use filiera_storage::evidence::provider_reports;
use filiera_storage::organisations;
use filiera_storage::pathways::programmes;
use std::time::Instant;

#[derive(clap::Args)]
pub struct QuarterlyArgs {
    #[arg(long)]
    programme: String,
    /// The cooperative's name, or its id.
    #[arg(long)]
    cooperative: String,
    /// The quarter, like 2022-Q1.
    #[arg(long)]
    quarter: String,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
    /// Print the computation time (milliseconds) on standard error.
    #[arg(long)]
    timing: bool,
}

pub async fn run(url: &str, args: QuarterlyArgs) -> anyhow::Result<()> {
    let quarter = args.quarter.parse().map_err(anyhow::Error::msg)?;
    let store = database::open(url).await?;
    let programme = programmes::find_by_name(&store, &args.programme)
        .await?
        .with_context(|| format!("there is no programme named `{}`", args.programme))?;
    let cooperative = match args.cooperative.parse::<i64>().map(OrganisationId) {
        Ok(id) => id,
        Err(_) => {
            organisations::find_by_name(&store, &args.cooperative)
                .await?
                .with_context(|| format!("there is no organisation named `{}`", args.cooperative))?
                .id
        }
    };
    if !programme.cooperatives.iter().any(|(id, _)| *id == cooperative) {
        anyhow::bail!("cooperative {} does not deliver `{}`", args.cooperative, programme.name);
    }
    let started = Instant::now();
    let content = provider_reports::preview(&store, &programme, cooperative, quarter).await?;
    if args.timing {
        eprintln!("compute_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0);
    }
    match args.format {
        ReportFormat::Csv => print!("{}", content.to_csv()),
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&content)?),
    }
    Ok(())
}
