//! Throw-away databases for tests, on SQLite (always) and PostgreSQL (when
//! `FILIERA_TEST_POSTGRES_URL` names a server). Under CI, or with
//! `FILIERA_REQUIRE_POSTGRES=1`, a missing PostgreSQL fails the test instead of
//! skipping it.

use crate::Store;
use sqlx::{AnyConnection, Connection, Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

enum Cleanup {
    SqliteDir(PathBuf),
    Postgres { admin_url: String, database: String },
}

/// A fresh, migrated database that is removed by [`TestDatabase::finish`].
pub struct TestDatabase {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("filiera_test_{}_{}_{}", std::process::id(), n, nanos)
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{host_part}/{database}{query}")
}

/// Whether PostgreSQL tests must run (and fail when the server is missing).
pub fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
        || std::env::var("FILIERA_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

/// The PostgreSQL URL tests use, if any.
pub fn postgres_url() -> Option<String> {
    match std::env::var("FILIERA_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                !postgres_required(),
                "FILIERA_TEST_POSTGRES_URL is not set, but PostgreSQL tests are required here"
            );
            None
        }
    }
}

impl TestDatabase {
    pub async fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("create temp dir");
        let url = format!("sqlite://{}", dir.join("filiera.db").display());
        let store = Store::connect(&url).await.expect("open sqlite");
        store.migrate().await.expect("migrate sqlite");
        TestDatabase {
            store,
            url,
            cleanup: Cleanup::SqliteDir(dir),
        }
    }

    /// A fresh PostgreSQL database, or `None` when PostgreSQL tests are not configured.
    pub async fn postgres() -> Option<TestDatabase> {
        let admin_url = postgres_url()?;
        let database = unique_name();
        sqlx::any::install_default_drivers();
        let mut admin = AnyConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at FILIERA_TEST_POSTGRES_URL: {e}"));
        admin
            .execute(format!("CREATE DATABASE {database}").as_str())
            .await
            .expect("create test database");
        let _ = admin.close().await;
        let url = with_database(&admin_url, &database);
        let store = Store::connect(&url).await.expect("open postgres");
        store.migrate().await.expect("migrate postgres");
        Some(TestDatabase {
            store,
            url,
            cleanup: Cleanup::Postgres { admin_url, database },
        })
    }

    /// Closes the store and removes the database.
    pub async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, database } => {
                if let Ok(mut admin) = AnyConnection::connect(&admin_url).await {
                    let _ = admin
                        .execute(format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)").as_str())
                        .await;
                    let _ = admin.close().await;
                }
            }
        }
    }
}

/// Runs each named `async fn(&Store)` once on SQLite and once on PostgreSQL, as
/// tests `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = $crate::testing::TestDatabase::sqlite().await;
                    super::$name(&db.store).await;
                    db.finish().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = $crate::testing::TestDatabase::postgres().await else {
                        eprintln!("skipped: FILIERA_TEST_POSTGRES_URL is not set");
                        return;
                    };
                    super::$name(&db.store).await;
                    db.finish().await;
                }
            )+
        }
    };
}

impl Store {
    /// Runs raw SQL, bypassing the repository: only tests do this, to play the
    /// part of someone editing the database behind filiera's back.
    pub async fn execute_raw_for_tests(&self, sql: &str) -> u64 {
        sqlx::query(sql)
            .execute(self.pool())
            .await
            .expect("raw SQL")
            .rows_affected()
    }

    /// Like [`Store::execute_raw_for_tests`], for statements the database must refuse.
    pub async fn try_execute_raw_for_tests(&self, sql: &str) -> Result<u64, String> {
        sqlx::query(sql)
            .execute(self.pool())
            .await
            .map(|done| done.rows_affected())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_of_a_postgres_url_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1/test", "x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h:5432/test?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
