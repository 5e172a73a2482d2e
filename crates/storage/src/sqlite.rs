//! The SQLite instance of the shared queries.

pub(crate) type DB = sqlx::Sqlite;
pub(crate) const IS_PG: bool = false;

// Deliberately the same file as in pg.rs: one source of SQL, two drivers.
#[allow(clippy::duplicate_mod)]
#[path = "ops.rs"]
pub(crate) mod ops;

#[allow(clippy::duplicate_mod)]
#[path = "ops/organisations.rs"]
pub(crate) mod organisations;

#[allow(clippy::duplicate_mod)]
#[path = "ops/requests.rs"]
pub(crate) mod requests;

#[allow(clippy::duplicate_mod)]
#[path = "ops/accounts.rs"]
pub(crate) mod accounts;

#[allow(clippy::duplicate_mod)]
#[path = "ops/import.rs"]
pub(crate) mod import;

#[allow(clippy::duplicate_mod)]
#[path = "ops/counts.rs"]
pub(crate) mod counts;
