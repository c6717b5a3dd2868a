use crate::database;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Check every entry of the audit log against the hash chain: reports the
    /// first edited, deleted or inserted entry and exits with an error.
    Verify,
}

pub async fn run(url: &str, command: AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::Verify = command;
    let store = database::open(url).await?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} verifying [{bar:40}] {pos}/{len} entries ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let result = filiera_storage::audit_log::verify(&store, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await;
    bar.finish_and_clear();
    match result {
        Ok(count) => {
            println!("audit log intact: {count} entries verified");
            Ok(())
        }
        Err(error) => anyhow::bail!("audit log TAMPERED: {error}"),
    }
}
