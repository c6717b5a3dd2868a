//! `filiera report indicators|outcomes --programme NAME [--format csv|json]
//! [--audience public|staff]`: the ESF+ common indicators and the outcome
//! report (participants against the comparison group) on standard output.
//! `--audience public` applies the programme's publication threshold
//! (`filiera_domain::evidence::publication`); staff output shows every figure.

use super::ReportFormat;
use crate::database;
use anyhow::Context;
use filiera_domain::csv_export::write_record;
use filiera_domain::evidence::comparison::NOT_RANDOMISED;
use filiera_domain::evidence::publication::{self, Audience, PublishedRate, cell_text};
use filiera_storage::Store;
use filiera_storage::evidence::{comparison, indicators, settings};
use filiera_storage::pathways::programmes::{self, Programme};

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

/// The first record says who the figures are for, as the web downloads do.
fn audience_record(audience: Audience, threshold: u64, width: usize) -> Vec<String> {
    let note = match audience {
        Audience::Public => {
            format!("counts below {threshold} and the figures that would reveal them are shown as <{threshold}")
        }
        Audience::Staff => "staff only: contains small counts that can identify people; do not publish".to_owned(),
    };
    let mut cells = vec![format!("audience: {}", audience.as_str()), note];
    cells.resize(width, String::new());
    cells
}

pub async fn run_indicators(url: &str, args: EvidenceArgs) -> anyhow::Result<()> {
    let (store, programme, threshold) = open_at(url, &args).await?;
    let computed = indicators::indicators(&store, programme.id).await?;
    let published = publication::publish_indicators(&computed, args.audience.into(), threshold);
    if args.format == ReportFormat::Json {
        println!("{}", serde_json::to_string_pretty(&published)?);
        return Ok(());
    }
    let text = |cell| cell_text(cell, threshold);
    let mut out = String::new();
    write_record(&mut out, audience_record(published.audience, threshold, 7));
    write_record(
        &mut out,
        [
            "indicator",
            "annex_reference",
            "women",
            "men",
            "gender_not_recorded",
            "total",
            "attribute_not_recorded",
        ],
    );
    for i in &published.indicators {
        let cells = [
            i.id.to_owned(),
            i.reference.to_owned(),
            text(i.women),
            text(i.men),
            text(i.gender_not_recorded),
            text(i.total),
            text(i.not_recorded),
        ];
        write_record(&mut out, &cells);
    }
    let households = text(published.households);
    write_record(&mut out, ["households", "", "", "", "", households.as_str(), ""]);
    print!("{out}");
    Ok(())
}

pub async fn run_outcomes(url: &str, args: EvidenceArgs) -> anyhow::Result<()> {
    let (store, programme, threshold) = open_at(url, &args).await?;
    let rows = comparison::outcome_report(&store, programme.id).await?;
    let audience: Audience = args.audience.into();
    let outcomes = publication::publish_outcomes(&rows, audience, threshold);
    if args.format == ReportFormat::Json {
        let report = serde_json::json!({
            "programme": programme.name,
            "audience": audience,
            "threshold": threshold,
            "statement": NOT_RANDOMISED,
            "outcomes": outcomes,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let rate = |r: &PublishedRate| {
        [
            cell_text(r.employed, threshold),
            cell_text(r.known, threshold),
            r.rate.map(publication::percent).unwrap_or_default(),
        ]
    };
    let mut out = String::new();
    write_record(&mut out, audience_record(audience, threshold, 10));
    write_record(
        &mut out,
        [
            "months",
            "participants_employed",
            "participants_known",
            "participants_rate_percent",
            "comparison_employed",
            "comparison_known",
            "comparison_rate_percent",
            "difference_points",
            "ci95_lower_points",
            "ci95_upper_points",
        ],
    );
    for o in &outcomes {
        let (estimate, lower, upper) = o.difference.as_ref().map(publication::points).unwrap_or_default();
        let mut cells = vec![o.months.to_string()];
        cells.extend(rate(&o.participants));
        cells.extend(rate(&o.comparison));
        cells.extend([estimate, lower, upper]);
        write_record(&mut out, &cells);
    }
    let mut note = vec!["note".to_owned(), NOT_RANDOMISED.to_owned()];
    note.resize(10, String::new());
    write_record(&mut out, &note);
    print!("{out}");
    Ok(())
}

async fn open_at(url: &str, args: &EvidenceArgs) -> anyhow::Result<(Store, Programme, u64)> {
    let store = database::open(url).await?;
    let programme = programmes::find_by_name(&store, &args.programme)
        .await?
        .with_context(|| format!("there is no programme named `{}`", args.programme))?;
    let threshold = settings::publication_threshold(&store, programme.id).await?;
    Ok((store, programme, threshold))
}
