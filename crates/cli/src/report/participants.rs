use super::ReportFormat;

#[derive(clap::Args)]
pub struct ParticipantsArgs {
    #[arg(long)]
    programme: String,
    #[arg(long, value_enum, default_value = "csv")]
    format: ReportFormat,
}

pub async fn run(_url: &str, args: ParticipantsArgs) -> anyhow::Result<()> {
    let _ = (&args.programme, args.format);
    anyhow::bail!("the participants report is not available yet")
}
