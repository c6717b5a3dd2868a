//! `filiera report indicators|outcomes --programme NAME [--format csv|json]
//! [--audience public|staff]`: the ESF+ common indicators and the outcome
//! report (participants against the comparison group) on standard output.
//! `--audience public` applies the programme's publication threshold
//! (`filiera_domain::evidence::publication`); staff output shows every figure.

use super::ReportFormat;
use crate::database;
use anyhow::Context;
use filiera_domain::csv_export;
use filiera_domain::evidence::comparison::NOT_RANDOMISED;
use filiera_domain::evidence::publication::Audience;
use filiera_storage::Store;
use filiera_storage::pathways::programmes::{self, Programme};
use filiera_web::app::evidence::publication::{indicators_sheet, outcomes_sheet, published, tr};
use filiera_web::export::sheet::Sheet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum AudienceArg {
    Public,
    Staff,
}

impl From<AudienceArg> for Audience {
    fn from(arg: AudienceArg) -> Self {
        match arg {
            AudienceArg::Public => Audience::Public,
            AudienceArg::Staff => Audience::Staff,
        }
    }
}

#[derive(clap::Args)]
pub struct EvidenceArgs {
    #[arg(long)]
    programme: String,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
    /// `public` hides counts below the programme's publication threshold and what would reveal them.
    #[arg(long, value_enum, default_value = "staff")]
    audience: AudienceArg,
}

/// A sheet as the web downloads write it: the audience line, the columns, the rows.
fn print_sheet(sheet: &Sheet) {
    print!("{}", csv_export::table(&sheet.header, &sheet.rows));
}

pub async fn run_indicators(url: &str, args: EvidenceArgs) -> anyhow::Result<()> {
    let (store, programme) = open_at(url, &args).await?;
    let (indicators, _) = published(&store, programme.id, args.audience.into()).await?;
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&indicators)?),
        ReportFormat::Csv => print_sheet(&indicators_sheet(&tr("en"), &indicators)),
    }
    Ok(())
}

pub async fn run_outcomes(url: &str, args: EvidenceArgs) -> anyhow::Result<()> {
    let (store, programme) = open_at(url, &args).await?;
    let audience: Audience = args.audience.into();
    let (indicators, outcomes) = published(&store, programme.id, audience).await?;
    let threshold = indicators.threshold;
    match args.format {
        ReportFormat::Json => {
            let report = serde_json::json!({
                "programme": programme.name,
                "audience": audience,
                "threshold": threshold,
                "statement": NOT_RANDOMISED,
                "outcomes": outcomes,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        ReportFormat::Csv => print_sheet(&outcomes_sheet(&tr("en"), &outcomes, audience, threshold)),
    }
    Ok(())
}

async fn open_at(url: &str, args: &EvidenceArgs) -> anyhow::Result<(Store, Programme)> {
    let store = database::open(url).await?;
    let programme = programmes::find_by_name(&store, &args.programme)
        .await?
        .with_context(|| format!("there is no programme named `{}`", args.programme))?;
    Ok((store, programme))
}
