//! Online backup of an embedded SQLite database.

use crate::{Backend, Result, StorageError, Store};
use std::path::Path;

/// Writes a consistent copy of the live SQLite database to `destination` while
/// the server keeps running (`VACUUM INTO` reads one snapshot). PostgreSQL
/// deployments use `pg_dump`, which does the same job better.
pub async fn backup_to(store: &Store, destination: &Path) -> Result<()> {
    if store.backend() != Backend::Sqlite {
        return Err(StorageError::Unsupported(
            "backup --to is for the embedded SQLite database; for PostgreSQL use pg_dump, e.g. \
             `pg_dump --format=custom --file=filiera.dump \"$FILIERA_DATABASE_URL\"`"
                .into(),
        ));
    }
    if destination.exists() {
        return Err(StorageError::Unsupported(format!(
            "{} already exists; choose a new file so no backup is overwritten",
            destination.display()
        )));
    }
    let path = destination
        .to_str()
        .ok_or_else(|| StorageError::Unsupported("the backup path must be valid UTF-8".into()))?;
    sqlx::query("VACUUM INTO $1").bind(path).execute(store.pool()).await?;
    Ok(())
}
