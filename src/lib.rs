#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// Index loops over parallel columns read better than zipped iterators in the numeric kernels.
#![allow(clippy::needless_range_loop)]

pub mod admin;
pub mod boundaries;
pub mod crs;
pub mod demo;
pub mod disaggregate;
pub mod engine;
pub mod error;
pub mod export;
pub(crate) mod fxhash;
pub mod geodesy;
pub mod import;
pub mod kinds;
pub mod lang;
pub mod network;
pub mod oracle;
pub mod osm;
pub mod planar;
pub mod report;
pub mod scenario;
pub mod session;
pub mod siting;
pub mod speeds;
pub mod standards;
pub mod tables;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod workbook;

pub use admin::{AdminUnit, AdminUnits, Level};
pub use crs::Crs;
pub use engine::{PlanError, Planner, StationId, NO_STATION};
pub use error::{ImportError, Location};
pub use geodesy::GeoPoint;
pub use import::{read_residents, read_stations, Format, ImportOptions};
pub use kinds::{KindTable, StationKind, LIFE_CIRCLE_TIERS, MAX_KINDS};
pub use report::{Metric, Summary};
pub use session::Session;
pub use tables::{ResidentTable, StationRecord};
