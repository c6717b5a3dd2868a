//! `filiera report …`: the tables funders and consortia ask for, as CSV or JSON
//! on standard output.

mod consortium;
mod participants;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

#[derive(clap::Subcommand)]
pub enum ReportCommand {
    /// Participant statistics of a programme, by round and in total.
    Participants(participants::ParticipantsArgs),
    /// Table A of a consortium: workers, disadvantaged share, 30% rule, users.
    Consortium(consortium::ConsortiumReportArgs),
    /// Solidarity-fund contributions per cooperative for a year.
    SolidarityFund(consortium::SolidarityFundArgs),
}

pub async fn run(url: &str, command: ReportCommand) -> anyhow::Result<()> {
    match command {
        ReportCommand::Participants(args) => participants::run(url, args).await,
        ReportCommand::Consortium(args) => consortium::run_table_a(url, args).await,
        ReportCommand::SolidarityFund(args) => consortium::run_solidarity_fund(url, args).await,
    }
}
