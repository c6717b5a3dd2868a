//! `filiera report …`: the tables funders and consortia ask for, as CSV or JSON
//! on standard output.

mod consortium;
mod evidence;
mod participants;
mod quarterly;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

#[derive(clap::Subcommand)]
pub enum ReportCommand {
    /// Participant statistics of a programme, by round and in total.
    Participants(participants::ParticipantsArgs),
    /// What a cooperative's quarterly provider report says now, from the register.
    Quarterly(quarterly::QuarterlyArgs),
    /// Table A of a consortium: workers, disadvantaged share, 30% rule, users.
    Consortium(consortium::ConsortiumReportArgs),
    /// Solidarity-fund contributions per cooperative for a year.
    SolidarityFund(consortium::SolidarityFundArgs),
    /// The ESF+ common indicators of a programme's participants (public: small counts hidden).
    Indicators(evidence::EvidenceArgs),
    /// Employment at 6 and 12 months, participants against the comparison group.
    Outcomes(evidence::EvidenceArgs),
}

pub async fn run(url: &str, command: ReportCommand) -> anyhow::Result<()> {
    match command {
        ReportCommand::Participants(args) => participants::run(url, args).await,
        ReportCommand::Quarterly(args) => quarterly::run(url, args).await,
        ReportCommand::Consortium(args) => consortium::run_table_a(url, args).await,
        ReportCommand::SolidarityFund(args) => consortium::run_solidarity_fund(url, args).await,
        ReportCommand::Indicators(args) => evidence::run_indicators(url, args).await,
        ReportCommand::Outcomes(args) => evidence::run_outcomes(url, args).await,
    }
}
