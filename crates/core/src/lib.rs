//! The Hub's domain: practices, curation, accounts, reference data and the
//! services that apply the rules. Knows no HTTP and no SQL.

pub mod accounts;
pub mod authz;
pub mod completeness;
pub mod curation;
pub mod diff;
pub mod error;
pub mod hub;
pub mod mail;
pub mod organisations;
pub mod practice;
pub mod reference;
pub mod repo;
pub mod requests;
pub mod search;
pub mod slug;
pub mod throttle;
pub mod validate;
pub mod work;

pub use error::{CoreError, CoreResult, FieldError};
