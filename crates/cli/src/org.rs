//! `filiera org add`: the first step of a real agency on an empty database,
//! before `user add` can give anyone a role.

use crate::database;
use anyhow::{Context, bail};
use filiera_domain::organisation::{CooperativeType, OrganisationDraft, OrganisationKind};
use filiera_storage::{Actor, organisations};

#[derive(clap::Subcommand)]
pub enum OrgCommand {
    /// Register an organisation and print its id.
    Add(OrgAddArgs),
}

#[derive(clap::Args)]
pub struct OrgAddArgs {
    /// The organisation's name, unique among organisations.
    #[arg(long)]
    name: String,
    /// public_agency, consortium, cooperative, firm or funder.
    #[arg(long)]
    kind: OrganisationKind,
    /// A, B or mixed (cooperatives only).
    #[arg(long)]
    cooperative_type: Option<CooperativeType>,
    /// The consortium a cooperative belongs to: its exact name or its id.
    #[arg(long)]
    consortium: Option<String>,
    #[arg(long)]
    vat_number: Option<String>,
    #[arg(long)]
    municipality: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// The region keeping the register of social cooperatives (Law 381/1991 art. 9).
    #[arg(long)]
    law381_region: Option<String>,
    #[arg(long)]
    law381_number: Option<String>,
    /// The date of entry in the register, YYYY-MM-DD.
    #[arg(long)]
    law381_registered_on: Option<String>,
}

pub async fn run(url: &str, command: OrgCommand) -> anyhow::Result<()> {
    let OrgCommand::Add(args) = command;
    let store = database::open(url).await?;
    let consortium = match &args.consortium {
        None => None,
        Some(named) => {
            let found = match named.parse() {
                Ok(id) => organisations::get(&store, id).await.ok(),
                Err(_) => organisations::find_by_name(&store, named).await?,
            }
            .with_context(|| format!("no organisation named or numbered `{named}`"))?;
            if found.kind != OrganisationKind::Consortium {
                bail!("`{}` is a {}, not a consortium", found.name, found.kind);
            }
            Some(found)
        }
    };
    let registered_on = args
        .law381_registered_on
        .as_deref()
        .map(filiera_domain::bounds::parse_date)
        .transpose()
        .map_err(|message| anyhow::anyhow!("law381_registered_on: {message}"))?;
    let valid = OrganisationDraft {
        name: args.name,
        kind: Some(args.kind),
        cooperative_type: args.cooperative_type,
        sectors: Vec::new(),
        vat_number: args.vat_number,
        municipality: args.municipality,
        email: args.email,
        law381_region: args.law381_region,
        law381_number: args.law381_number,
        law381_registered_on: registered_on,
        consortium_id: consortium.map(|c| c.id),
    }
    .validate()
    .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    let mut unit = store.begin(&Actor::system("cli")).await?;
    let organisation = organisations::create(&mut unit, &valid, None).await?;
    unit.commit().await?;
    println!("{}", organisation.id);
    eprintln!("{} ({}) registered", organisation.name, organisation.kind);
    Ok(())
}
