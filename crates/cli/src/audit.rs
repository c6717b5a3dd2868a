use crate::database;
use filiera_domain::audit::Anchor;
use filiera_storage::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::time::Duration;

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Check every entry of the audit log against the hash chain: reports the
    /// first edited, deleted or inserted entry and exits with an error.
    Verify {
        /// An anchor printed earlier by `filiera audit anchor` (SEQ:HASH): the
        /// chain must still pass through it. Catches a rewound head and a
        /// recomputed chain, which the database alone cannot show.
        #[arg(long)]
        anchor: Option<Anchor>,
    },
    /// Print the current head of the chain as SEQ:HASH, to keep outside the
    /// database (the server also logs it at start and every 24 hours).
    Anchor,
}

pub async fn run(url: &str, command: AuditCommand) -> anyhow::Result<()> {
    let store = database::open(url).await?;
    match command {
        AuditCommand::Anchor => {
            println!("{}", filiera_storage::audit_log::anchor(&store).await?);
            Ok(())
        }
        AuditCommand::Verify { anchor } => verify(&store, anchor).await,
    }
}

async fn verify(store: &Store, anchor: Option<Anchor>) -> anyhow::Result<()> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} verifying [{bar:40}] {pos}/{len} entries ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let result = match &anchor {
        Some(anchor) => filiera_storage::audit_log::verify_anchored(store, anchor, progress).await,
        None => filiera_storage::audit_log::verify(store, progress).await,
    };
    bar.finish_and_clear();
    match (result, anchor) {
        (Ok(count), Some(anchor)) => {
            println!(
                "audit log intact: {count} entries verified, passing through anchor {}",
                anchor.seq
            );
            Ok(())
        }
        (Ok(count), None) => {
            println!("audit log intact: {count} entries verified");
            Ok(())
        }
        (Err(error), _) => anyhow::bail!("audit log TAMPERED: {error}"),
    }
}

/// Logs the chain's head at start and every 24 hours, so the log shipped
/// off the machine holds anchors an operator can verify against later.
pub async fn log_anchor_daily(store: Store) {
    const DAY: Duration = Duration::from_secs(24 * 60 * 60);
    let mut every_day = tokio::time::interval(DAY);
    loop {
        every_day.tick().await;
        match filiera_storage::audit_log::anchor(&store).await {
            Ok(anchor) => tracing::info!(anchor = %anchor, "audit anchor (keep it: filiera audit verify --anchor)"),
            Err(error) => tracing::warn!(%error, "cannot read the audit anchor"),
        }
    }
}
