//! Storage errors and their mapping onto the domain's `CoreError`.

use mhub_core::CoreError;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("unsupported database url: expected sqlite:, postgres: or postgresql:")]
    UnsupportedUrl,
    /// A stored value the code cannot read back (unknown enum, bad timestamp ...).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// A domain outcome decided inside a storage operation (stale version, not found ...).
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<StorageError> for CoreError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Core(c) => c,
            StorageError::Sqlx(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                // SQLite names the column in the message ("UNIQUE constraint failed:
                // account.email"), PostgreSQL names the constraint ("account_email_key").
                let what = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
                if what.contains("email") {
                    CoreError::Conflict {
                        field: "email".into(),
                    }
                } else if what.contains("slug") {
                    CoreError::Conflict {
                        field: "slug".into(),
                    }
                } else if what.contains("practice_request") {
                    // Another pending request of the same kind won the race.
                    CoreError::Conflict {
                        field: "request".into(),
                    }
                } else {
                    CoreError::Storage(db.to_string())
                }
            }
            other => CoreError::Storage(other.to_string()),
        }
    }
}
