//! Raw SQL access that bypasses the repository functions, for the two kinds of
//! code that must: the synthetic national generator (`filiera-fixtures`),
//! which writes millions of rows as multi-row inserts no repository function
//! offers, and tests that play someone editing the database behind filiera's
//! back. The application itself never uses this module.

use crate::{Store, Unit};
use sqlx::{AnyConnection, AnyPool};

/// The store's connection pool, for statements outside any unit of work.
pub fn pool(store: &Store) -> &AnyPool {
    store.pool()
}

/// The unit's connection, for statements inside its transaction; they are not
/// audited unless the caller records an entry with [`Unit::record`].
pub fn connection(unit: &mut Unit) -> &mut AnyConnection {
    unit.conn()
}
