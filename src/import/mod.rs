//! Residents, stations and candidate sites from CSV (UTF-8, GBK, UTF-16) and GeoJSON, converted
//! to WGS-84: one file a concern (options, records and their checks, numbers, each table's reader).

pub(crate) mod csv_records;
pub(crate) mod csv_split;
pub mod fields;
mod geojson_records;
pub mod limits;
pub(crate) mod numbers;
mod options;
mod pieces;
mod record;
mod residents;
mod residents_binary;
pub mod shapefile;
mod sites;
mod stations;
pub mod text;
pub mod workbook;
pub mod zipped;

pub(crate) use fields::Field;
pub use geojson_records::read_area;
pub use numbers::parse_number;
pub use options::{
    Format, ImportOptions, UnknownFormat, DEFAULT_FLOOR_AREA_PER_PERSON, DEFAULT_LEVELS,
    DEFAULT_PERSONS_PER_HOUSEHOLD,
};
pub use pieces::{read_residents_from, ByteSource};
pub(crate) use record::{for_each_record, source_name, Record};
pub use residents::{read_residents, read_residents_text};
pub use residents_binary::{is_residents_binary, read_residents_binary, RESIDENTS_BLOCK_MAGIC};
pub use sites::read_sites;
pub use stations::{
    read_stations, read_stations_text, read_stations_with_new_kinds, station_kind_names,
};
pub use text::read_table;
