//! gzip for clients that accept it, at level 4: on the home page's map (100 KB of
//! SVG path data) level 6 costs four times the CPU for 9% fewer bytes, and
//! compression runs on every answer, cached or not (docs/BENCHMARKS.md, "Website pages").

use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

pub fn layer() -> CompressionLayer {
    CompressionLayer::new().quality(CompressionLevel::Precise(4))
}
