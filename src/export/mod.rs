//! Exports of a plan: the coverage report as CSV (Excel-ready, and the command line's flat table),
//! stations and residents as GeoJSON and as zipped Shapefiles with their coverage fields, and
//! geodesic radius circles.

mod circle;
mod csv;
pub mod features;
mod geojson;
mod report_csv;
pub mod residents_binary;
pub mod shapefile;
mod table;

pub use circle::geodesic_circle;
pub use geojson::{residents_geojson, residents_geojson_pieces, stations_geojson};
pub use report_csv::report_csv;
pub use residents_binary::residents_binary;
pub use table::{suggestions_csv, summary_table_csv};

pub use crate::lang::{Lang, UnknownLang};
