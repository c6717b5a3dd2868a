use crate::unit::{Actor, Unit};
use crate::{Result, StorageError};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl(redact_password(url)))
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// Removes a password from a database URL before it is shown or logged.
pub fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// How long a unit of work waits for its turn to write, as SQLite's busy timeout.
const WRITE_WAIT: Duration = Duration::from_secs(10);

/// The handle every repository function takes. Cheap to clone; holds no state
/// beyond the connection pool, so any number of servers can share one database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite: units of work of this process queue here for the one write lock.
    /// Without it they would all take a connection and meet the lock inside
    /// SQLite, whose busy handler sleeps 1, 2, 5, 10… ms between tries: writes
    /// would crawl and starve readers of connections. Other processes on the
    /// same file still wait in the busy handler. `None` on PostgreSQL, whose
    /// writers queue on the audit head's row lock.
    writer: Option<Arc<Mutex<()>>>,
}

/// The turn to write, held by a unit of work until it ends.
pub(crate) type WriteTurn = Option<OwnedMutexGuard<()>>;

impl Store {
    /// Connects to `sqlite://FILE` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains('?') && !url.contains(":memory:") => {
                format!("{url}?mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            // The pool already pings every connection when it is released (and
            // drops it if broken); a second ping on acquire doubled the round
            // trips of every query.
            .test_before_acquire(false)
            // A connection is held for a whole round trip per statement, plus the
            // ping that returns it to the pool; with 8 (16) connections the pool,
            // not the CPU, capped reads at 64 concurrent requests. SQLite readers
            // run in parallel under WAL, and this process's writers queue on
            // `writer` rather than on connections.
            .max_connections(match backend {
                Backend::Sqlite => 32,
                Backend::Postgres => 32,
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers proceed while one writer commits; the busy
                        // timeout makes a second writer wait instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(&url).await?;
        let writer = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Store { pool, backend, writer })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// True when the database answers and every migration this build knows is applied.
    pub async fn is_ready(&self) -> bool {
        let latest = self.backend.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let applied: std::result::Result<(i64,), sqlx::Error> =
            sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await;
        matches!(applied, Ok((version,)) if version == latest)
    }

    /// One connection for the reads of one request (see [`Reader`]).
    pub async fn reader(&self) -> Result<Reader> {
        Ok(Reader {
            conn: self.pool.acquire().await?,
            backend: self.backend,
        })
    }

    /// Starts a unit of work on behalf of `actor`.
    pub async fn begin(&self, actor: &Actor) -> Result<Unit> {
        let turn = match &self.writer {
            Some(writer) => Some(
                tokio::time::timeout(WRITE_WAIT, writer.clone().lock_owned())
                    .await
                    .map_err(|_| sqlx::Error::PoolTimedOut)?,
            ),
            None => None,
        };
        Unit::begin(&self.pool, actor.clone(), turn).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// One pooled connection held for the reads of one request, so that finding
/// who asks and reading what they asked for take the pool once. Every
/// connection handed back to the pool is pinged first: on PostgreSQL a network
/// round trip, on SQLite a hop to the connection's thread. Reads only: a
/// request that writes uses a [`Unit`], and never holds a reader while it waits
/// for one, so no request waits on the pool while holding a connection of it.
pub struct Reader {
    conn: PoolConnection<Any>,
    backend: Backend,
}

impl Reader {
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_url_is_hidden() {
        assert_eq!(
            redact_password("postgres://filiera:s3cret@db.local/filiera"),
            "postgres://filiera:***@db.local/filiera"
        );
        assert_eq!(redact_password("sqlite://filiera.db"), "sqlite://filiera.db");
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert_eq!(Backend::from_url("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgresql://h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::from_url("mysql://h/db").is_err());
    }
}
