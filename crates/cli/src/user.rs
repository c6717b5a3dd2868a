use crate::database;
use anyhow::{Context, bail};
use filiera_domain::ids::OrganisationId;
use filiera_domain::role::Role;
use filiera_domain::user::{UserDraft, check_password};
use filiera_storage::{Actor, organisations, passwords, users};
use std::io::BufRead;

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Create a user (or add an existing one) with a role in an organisation.
    /// Prints a one-time password, or reads the password from standard input
    /// with --password-stdin.
    Add {
        #[arg(long)]
        email: String,
        /// The organisation's exact name, or its numeric id.
        #[arg(long)]
        org: String,
        #[arg(long)]
        role: Role,
        /// Name and surname (default: the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
}

pub async fn run(url: &str, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        email,
        org,
        role,
        name,
        password_stdin,
    } = command;
    let store = database::open(url).await?;
    let organisation = match org.parse::<i64>().map(OrganisationId) {
        Ok(id) => organisations::get(&store, id).await.ok(),
        Err(_) => organisations::find_by_name(&store, &org).await?,
    }
    .with_context(|| format!("no organisation named or numbered `{org}`"))?;
    let email = filiera_domain::user::normalise_email(&email);
    let existing = users::find_by_email(&store, &email).await?;
    let actor = Actor::system("cli");
    let mut unit = store.begin(&actor).await?;
    let (user, one_time) = match existing {
        Some(user) => {
            if password_stdin {
                bail!("{email} already has an account; its password was not changed");
            }
            (user, None)
        }
        None => {
            let (password, one_time) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("cannot read the password")?;
                let password = line.trim_end_matches(['\r', '\n']).to_owned();
                check_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
                (password, None)
            } else {
                let generated = passwords::one_time_password();
                (generated.clone(), Some(generated))
            };
            let display_name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let valid = UserDraft {
                email: email.clone(),
                display_name,
            }
            .validate()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let hash = passwords::hash_password(&password)?;
            (users::create(&mut unit, &valid, &hash).await?, one_time)
        }
    };
    users::set_membership(&mut unit, user.id, organisation.id, role).await?;
    unit.commit().await?;
    println!("{} is {} in {}", user.email, role, organisation.name);
    if let Some(password) = one_time {
        println!("one-time password: {password}");
    }
    Ok(())
}
