//! Walking-network distance: a street graph, snapping to it, and bounded Dijkstra coverage.
//!
//! GB 50180-2018 measures life circles as walking distance. Streets become a graph whose nodes
//! are the polylines' vertices (shared vertices join streets) and whose edges carry ellipsoidal
//! lengths ([`crate::geodesy`]). Residents and stations snap to the nearest street segment through
//! a uniform grid of segment buckets (`snap.rs`), only to streets of the network's joined pieces
//! (`pieces.rs`: tiny pieces cut off from the rest are left out); the access leg (point to street) and the part of
//! the segment walked both count.
//! A resident's distance to a station is the shortest walk: its access leg, along its segment to
//! an end node, through the graph, and along the station's segment and access leg — or, on the
//! same segment, directly along it.

mod areas;
mod coverage;
mod graph;
mod incremental;
mod pieces;
mod report;
mod search;
mod siting;
mod snap;
mod streets;
mod totals;
mod walkable;

pub use areas::across_areas;
pub use coverage::{KindNetwork, NetworkCoverage};
pub use graph::{StreetGraph, StreetLine};
pub use pieces::{Pieces, PiecesSummary, DEFAULT_MIN_PIECE_PCT};
pub use report::{network_summary, KindNetworkFigures, NetworkExtras, UnitDetour, Walking};
pub use search::{bounded_dijkstra, SearchSpace, NO_SOURCE};
pub use siting::suggest_on_foot;
pub use snap::{Snap, SnapRule, Snapper, DEFAULT_SNAP_M};
pub use streets::read_streets_geojson;
pub use walkable::is_walkable;
