//! OpenStreetMap import: XML and PBF reading, tags, POI categories and station rules, and the
//! planning layers built from a file (streets, buildings, residential areas, points of interest)
//! with the GeoJSON the other commands read back. The walking network itself is
//! [`crate::network`]; this module only reads what it is built from.

mod categories;
mod features;
mod layers;
mod pbf;
mod raw;
mod rules;
mod tags;
mod xml;

pub use categories::{describe, poi_kind, Category, CATEGORIES};
pub use features::{OsmArea, OsmImport, OsmPoi, OsmStreet, RuleTake};
pub use layers::{
    building_footprints_geojson, layers, pois_geojson, residents_geojson, streets_geojson,
    BadEstimate, OsmCounts, OsmLayers, ResidentEstimate,
};
pub use rules::{RuleError, StationRule, StationRules};
pub use tags::Tags;

use crate::error::{ImportError, Location};

/// Reads an `.osm` XML file (stations by the default rules).
pub fn import_osm_xml(text: &str) -> Result<OsmImport, ImportError> {
    features::build(
        xml::parse(text.trim_start_matches('\u{feff}'), &mut |_, _| {})?,
        &StationRules::default(),
    )
}

/// Reads an `.osm.pbf` file (zlib-compressed or raw blobs; stations by the default rules).
pub fn import_osm_pbf(bytes: &[u8]) -> Result<OsmImport, ImportError> {
    features::build(pbf::parse(bytes, &mut |_, _| {})?, &StationRules::default())
}

/// Whether `bytes` look like an OpenStreetMap file: XML whose first element is `<osm`, or PBF.
pub fn looks_like_osm(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().take(512).copied().collect();
    let text = String::from_utf8_lossy(&head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        let body = t
            .strip_prefix("<?xml")
            .map_or(t, |r| r.split_once("?>").map_or(r, |x| x.1));
        return body.trim_start().starts_with("<osm");
    }
    pbf::looks_like_pbf(bytes)
}

/// Reads OSM data in either encoding (stations by the default rules).
pub fn import_osm(bytes: &[u8]) -> Result<OsmImport, ImportError> {
    import_osm_with(bytes, &StationRules::default())
}

/// Reads OSM data in either encoding: PBF when the bytes do not start like XML; POIs become
/// stations by `rules`.
pub fn import_osm_with(bytes: &[u8], rules: &StationRules) -> Result<OsmImport, ImportError> {
    import_osm_reporting(bytes, rules, &mut |_, _| {})
}

/// [`import_osm_with`], calling `progress(bytes read, total bytes)` as the file is read (every
/// quarter megabyte of XML, every data block of PBF).
pub fn import_osm_reporting(
    bytes: &[u8],
    rules: &StationRules,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<OsmImport, ImportError> {
    let head = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| bytes[i]);
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        // XML saved as UTF-16 (Windows "Unicode"): decoded first, then read as any XML.
        let text = crate::import::text::decode(bytes)?;
        let body = text.trim_start_matches('\u{feff}');
        return features::build(
            xml::parse(body, &mut |done, _| progress(done, body.len()))?,
            rules,
        );
    }
    if head == Some(b'<') || bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ImportError::new(Location::File, None, format!("OSM XML is not UTF-8: {e}")).zh(
                format!("OSM XML 不是 UTF-8 编码（{e}）：请按 UTF-8 重新导出"),
            )
        })?;
        let body = text.trim_start_matches('\u{feff}');
        let skipped = text.len() - body.len();
        features::build(
            xml::parse(body, &mut |done, _| progress(skipped + done, bytes.len()))?,
            rules,
        )
    } else if pbf::looks_like_pbf(bytes) {
        features::build(pbf::parse(bytes, progress)?, rules)
    } else {
        Err(ImportError::new(
            Location::File,
            None,
            "is neither OpenStreetMap XML (it would start with <) nor OSM PBF data (it would start with an OSMHeader block)",
        )
        .zh("既不是 OpenStreetMap XML（应以 < 开头）也不是 OSM PBF 数据（应以 OSMHeader 块开头）"))
    }
}
