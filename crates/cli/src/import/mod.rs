//! `filiera import …`: all-or-nothing imports of CSV folders (format in
//! `docs/import-format.md`). Any invalid row rejects the whole import with every
//! error listed by file, line and column.

mod consortium;
mod programme;

#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// Import a programme's rounds, services, participants and interventions.
    ProgrammeData(programme::ProgrammeDataArgs),
    /// Import a consortium's cooperatives, workers, users and hours.
    Consortium(consortium::ConsortiumArgs),
}

pub async fn run(url: &str, command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::ProgrammeData(args) => programme::run(url, args).await,
        ImportCommand::Consortium(args) => consortium::run(url, args).await,
    }
}
