use super::ReportFormat;

#[derive(clap::Args)]
pub struct ConsortiumReportArgs {
    #[arg(long)]
    consortium: String,
    /// The date the table describes (default: today), YYYY-MM-DD.
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
}

#[derive(clap::Args)]
pub struct SolidarityFundArgs {
    #[arg(long)]
    consortium: String,
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
}

pub async fn run_table_a(_url: &str, args: ConsortiumReportArgs) -> anyhow::Result<()> {
    let _ = (&args.consortium, &args.date, args.format);
    anyhow::bail!("Table A is not available yet")
}

pub async fn run_solidarity_fund(_url: &str, args: SolidarityFundArgs) -> anyhow::Result<()> {
    let _ = (&args.consortium, args.year, args.format);
    anyhow::bail!("the solidarity-fund report is not available yet")
}
