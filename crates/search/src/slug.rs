//! Region facet values must equal the region slugs storage writes (the list API
//! filters by them), so both use the one function in core.

pub use mhub_core::slug::name_slug as slugify;
