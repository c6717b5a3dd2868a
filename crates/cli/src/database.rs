use anyhow::Context;
use filiera_storage::Store;
use std::path::Path;

/// The database URL: the one given, or an SQLite file in the data directory.
pub fn url(given: Option<&str>, data_dir: &Path) -> anyhow::Result<String> {
    if let Some(url) = given.filter(|u| !u.is_empty()) {
        return Ok(url.to_owned());
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    Ok(format!("sqlite://{}", data_dir.join("filiera.db").display()))
}

/// Connects and applies pending migrations.
pub async fn open(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url)
        .await
        .with_context(|| format!("cannot open the database {}", filiera_storage::redact_password(url)))?;
    store.migrate().await.context("cannot apply database migrations")?;
    Ok(store)
}
