//! The `filiera` command: run the server, manage the database and accounts,
//! load demo data, back up, verify the audit log.

mod audit;
mod database;
mod import;
mod national;
mod optimise;
mod org;
mod report;
mod serve;
mod user;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "filiera",
    version,
    about = "Work integration for social cooperatives, consortia and public social services"
)]
struct Cli {
    /// Database URL: `sqlite://FILE` (embedded) or `postgres://USER@HOST/DB`.
    /// Default: `sqlite://filiera.db` inside the data directory.
    #[arg(long, global = true, env = "FILIERA_DATABASE_URL")]
    database_url: Option<String>,
    /// Where the embedded database lives.
    #[arg(long, global = true, env = "FILIERA_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Log format.
    #[arg(long, global = true, env = "FILIERA_LOG_FORMAT", default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (applies pending migrations first).
    Serve(serve::ServeArgs),
    /// Apply pending database migrations.
    Migrate,
    /// Register organisations (the first step on an empty database).
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Load the demo data (safe to run again: nothing is duplicated), or with
    /// `--scale national` generate a synthetic national dataset.
    Demo(national::DemoArgs),
    /// Copy the embedded SQLite database to a file while the server runs.
    Backup {
        /// The backup file to create (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Inspect the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Import data from CSV folders (all or nothing).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Print reports as CSV or JSON.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Solve and generate min-cost-flow instances (see docs/optimisation-format.md).
    #[command(subcommand)]
    Optimise(optimise::OptimiseCommand),
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FILIERA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", in_english(&error));
            std::process::ExitCode::FAILURE
        }
    }
}

/// The error in words: field errors from the domain are keyed messages, which
/// the command line words in English like the API.
fn in_english(error: &anyhow::Error) -> String {
    let english = filiera_web::i18n::Tr::new("en");
    let fields = error
        .downcast_ref::<filiera_storage::StorageError>()
        .and_then(|e| match e {
            filiera_storage::StorageError::Invalid(errors) | filiera_storage::StorageError::Conflict(errors) => {
                Some(errors)
            }
            _ => None,
        })
        .or_else(|| error.downcast_ref::<filiera_domain::ValidationErrors>());
    match fields {
        Some(errors) => english.errors(errors),
        None => format!("{error:#}"),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Only commands that use the database create the data directory.
    let database_url = || database::url(cli.database_url.as_deref(), &cli.data_dir);
    let url = match &cli.command {
        Command::Optimise(_) => String::new(),
        _ => database_url()?,
    };
    match cli.command {
        Command::Optimise(command) => optimise::run(command),
        Command::Serve(args) => serve::run(&url, args).await,
        Command::Migrate => {
            database::open(&url).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Org(command) => org::run(&url, command).await,
        Command::User(command) => user::run(&url, command).await,
        Command::Demo(national::DemoArgs {
            scale: Some(scale),
            seed,
        }) => national::run(&url, scale, seed).await,
        Command::Demo(_) => {
            let store = database::open(&url).await?;
            let created = filiera_fixtures::demo::load(&store).await?;
            println!("demo data loaded ({created} records created)");
            println!("demo users (password `{}`):", filiera_fixtures::demo::DEMO_PASSWORD);
            for (email, _, role, organisation) in filiera_fixtures::demo::DEMO_USERS {
                println!("  {email:<42} {role:<22} {organisation}");
            }
            Ok(())
        }
        Command::Backup { to } => {
            let store = database::open(&url).await?;
            filiera_storage::backup::backup_to(&store, &to).await?;
            println!("backup written to {}", to.display());
            Ok(())
        }
        Command::Audit(command) => audit::run(&url, command).await,
        Command::Import(command) => import::run(&url, command).await,
        Command::Report(command) => report::run(&url, command).await,
    }
}
