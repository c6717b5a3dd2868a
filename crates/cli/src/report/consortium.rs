//! `filiera report consortium` (Table A) and `filiera report solidarity-fund`.

use super::ReportFormat;
use crate::database;
use anyhow::Context;
use filiera_domain::consortium::parse_date;
use filiera_domain::consortium::table_a::TABLE_A_HEADER;
use filiera_domain::csv_export::write_record;
use filiera_storage::Store;
use filiera_storage::consortium;
use filiera_web::app::consortium::fund_statement;

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

async fn find(store: &Store, name: &str) -> anyhow::Result<consortium::Consortium> {
    let id = consortium::find_consortium(store, name)
        .await?
        .with_context(|| format!("there is no consortium named `{name}`"))?;
    Ok(consortium::consortium(store, id).await?)
}

pub async fn run_table_a(url: &str, args: ConsortiumReportArgs) -> anyhow::Result<()> {
    let date = match &args.date {
        Some(text) => parse_date(text).map_err(|e| anyhow::anyhow!("--date: {e}"))?,
        None => consortium::today(),
    };
    let store = database::open(url).await?;
    let consortium = find(&store, &args.consortium).await?;
    let table = filiera_web::app::consortium::table_a_on(&store, &consortium, date).await?;
    let output = match args.format {
        ReportFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "consortium": consortium.name,
                "date": date.to_string(),
                "rows": table.rows,
                "total": table.total,
            }))? + "\n"
        }
        ReportFormat::Csv => {
            let mut out = String::new();
            write_record(&mut out, TABLE_A_HEADER);
            for row in table.rows.iter().chain(std::iter::once(&table.total)) {
                write_record(&mut out, row.csv_record());
            }
            out
        }
    };
    print!("{output}");
    Ok(())
}

pub async fn run_solidarity_fund(url: &str, args: SolidarityFundArgs) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    let consortium = find(&store, &args.consortium).await?;
    let settings = consortium::settings(&store, consortium.id).await?;
    let statement = fund_statement(&store, &consortium, args.year).await?;
    let output = match args.format {
        ReportFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "consortium": consortium.name,
                "year": args.year,
                "contribution_per_hour": settings.fund_per_hour.decimal(),
                "lines": statement.lines.iter().map(|l| serde_json::json!({
                    "cooperative": l.cooperative, "hours": l.hours.to_string(), "contribution": l.contribution.decimal(),
                })).collect::<Vec<_>>(),
                "total_hours": statement.total_hours.to_string(),
                "total": statement.total.decimal(),
            }))? + "\n"
        }
        ReportFormat::Csv => {
            let mut out = String::new();
            write_record(&mut out, ["cooperative", "hours", "contribution"]);
            for line in &statement.lines {
                write_record(
                    &mut out,
                    [
                        line.cooperative.clone(),
                        line.hours.to_string(),
                        line.contribution.decimal(),
                    ],
                );
            }
            write_record(
                &mut out,
                [
                    "total".into(),
                    statement.total_hours.to_string(),
                    statement.total.decimal(),
                ],
            );
            out
        }
    };
    print!("{output}");
    Ok(())
}
