use filiera_domain::ValidationErrors;
use filiera_domain::audit::ChainBreak;

/// What storage can report. Handlers map each variant to a client-visible
/// outcome; `Database` and `Migration` are internal and never shown in detail.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// The input conflicts with stored data (a duplicate name, a stale reference).
    #[error("{0}")]
    Conflict(ValidationErrors),
    /// The input breaks a rule that needs stored data to check.
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("the audit log is broken: {0}")]
    AuditChain(#[from] ChainBreak),
    #[error("{0}")]
    Unsupported(String),
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<crate::columns::BadStoredTime> for StorageError {
    fn from(bad: crate::columns::BadStoredTime) -> Self {
        StorageError::corrupt(bad)
    }
}

impl StorageError {
    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        StorageError::Corrupt(what.to_string())
    }
}
