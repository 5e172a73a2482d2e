//! Extractors: who is asking, in which language, and the checked body, query and path.

pub mod actor;
pub mod cookies;
pub mod json;
pub mod lang;
pub mod path;
pub mod query;

pub use actor::CurrentActor;
pub use json::{ApiJson, JsonBody};
pub use lang::ApiLang;
pub use path::ApiPath;
pub use query::QueryPairs;
