//! A synthetic national dataset for measuring filiera at the scale of a
//! national programme (a million participants, thousands of cooperatives, ten
//! million activity-register entries), on either backend.
//!
//! The whole dataset is one unit of work: it is stored with one audit entry,
//! or, if anything fails, not at all. Rows go in as multi-row inserts with ids
//! chosen here (the unit holds the write lock, so the next free ids cannot
//! change under it). The same seed and scale give the same data.

mod catalogue;
mod insert;
mod plan;
mod rng;
mod write;

use crate::{Actor, AuditEvent, Backend, Result, StorageError, Store};
use filiera_domain::ValidationErrors;
use serde::Serialize;

pub use catalogue::PROGRAMME;

/// How big a dataset to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scale {
    /// People with a path in the programme (household members without one come on top).
    pub participants: u64,
    pub cooperatives: u64,
    pub activity_entries: u64,
}

impl Scale {
    /// The national scale of issue "Money and evidence", part 7.
    pub const NATIONAL: Scale = Scale {
        participants: 1_000_000,
        cooperatives: 5_000,
        activity_entries: 10_000_000,
    };
}

/// Told about each phase of the generation, for a progress display.
pub trait Progress {
    fn start(&mut self, _phase: &'static str, _total: u64) {}
    fn set(&mut self, _done: u64) {}
    fn finish(&mut self) {}
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {}

/// What was created.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub programme_id: i64,
    pub cooperatives: u64,
    pub households: u64,
    /// People with a path in the programme.
    pub participants: u64,
    /// Household members stored, with or without a path.
    pub household_members: u64,
    pub paths: u64,
    pub projects: u64,
    pub interventions: u64,
    pub activity_entries: u64,
    pub closures: u64,
    pub follow_ups: u64,
}

/// Generates the dataset in `store`, refusing if the national programme is
/// already there.
pub async fn generate(store: &Store, scale: Scale, seed: u64, progress: &mut dyn Progress) -> Result<Summary> {
    // Probed outside the unit: a failed statement would abort a PostgreSQL transaction.
    let optional_columns = sqlx::query("SELECT housing_exclusion, minority FROM participants WHERE 1 = 0")
        .fetch_all(store.pool())
        .await
        .is_ok();
    progress.start("drawing the dataset", 1);
    let plan = plan::draw(&scale, seed);
    progress.set(1);
    progress.finish();

    let mut unit = store.begin(&Actor::system("national-generator")).await?;
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM programmes WHERE name = $1")
        .bind(PROGRAMME)
        .fetch_optional(unit.conn())
        .await?;
    if existing.is_some() {
        return Err(StorageError::Conflict(ValidationErrors::single(
            "programme",
            format!(
                "this database already holds the national dataset (programme `{PROGRAMME}`); \
                 generate it into an empty database"
            ),
        )));
    }
    let sqlite = store.backend() == Backend::Sqlite;
    let cache_size: Option<(i64,)> = if sqlite {
        // A big page cache keeps the index B-trees of a ten-million-row
        // transaction in memory; the connection's own size is put back below.
        let previous = sqlx::query_as("PRAGMA cache_size").fetch_optional(unit.conn()).await?;
        sqlx::query("PRAGMA cache_size = -1048576").execute(unit.conn()).await?;
        previous
    } else {
        None
    };
    let mut writer = write::Writer::new(store.backend(), &mut unit, &plan, seed, optional_columns, progress);
    let summary = writer.write_all(&scale).await?;
    let detail = serde_json::json!({ "seed": seed, "scale": scale, "created": summary });
    unit.record(AuditEvent::new("national_dataset.generate", "programme", summary.programme_id).with_detail(detail))
        .await?;
    if sqlite {
        let (size,) = cache_size.unwrap_or((-2000,));
        sqlx::query(&format!("PRAGMA cache_size = {size}"))
            .execute(unit.conn())
            .await?;
    } else {
        write::advance_identities(unit.conn()).await?;
    }
    progress.start("committing", 1);
    unit.commit().await?;
    // Fresh planner statistics: a table that grew from nothing to millions of
    // rows otherwise keeps the plans of an empty one. On PostgreSQL, VACUUM
    // also marks the new pages all-visible, so index-only scans (the
    // statistics' count of services per round) stop visiting the table for
    // every row: 3.7 s became 0.7 s at national scale.
    let analyze = if sqlite { "ANALYZE" } else { "VACUUM (ANALYZE)" };
    sqlx::query(analyze).execute(store.pool()).await?;
    if sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await?;
    }
    progress.set(1);
    progress.finish();
    Ok(summary)
}
