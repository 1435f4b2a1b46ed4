//! Street files for the walking network, in one place: which encoding a file is (GeoJSON, OSM XML,
//! OSM PBF — by its name, then by its first bytes), and reading its walkable lines.

use super::error::SessionError;
use crate::crs::Crs;
use crate::import::text;
use crate::network::{read_streets_geojson, StreetLine};
use serde::Serialize;
use std::str::FromStr;

/// A file as a door hands it over: text already known to be valid, or raw bytes to decode.
#[derive(Clone, Debug, PartialEq)]
pub enum FileData {
    /// Valid text (a JS string, or a file read as text).
    Text(String),
    /// The file's bytes (UTF-8, GBK or UTF-16 text, or a binary format).
    Bytes(Vec<u8>),
}

impl FileData {
    /// The bytes, whichever way the file came.
    pub fn bytes(&self) -> &[u8] {
        match self {
            FileData::Text(t) => t.as_bytes(),
            FileData::Bytes(b) => b,
        }
    }
}

/// How a streets file is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreetFormat {
    /// GeoJSON LineString / MultiLineString features.
    Geojson,
    /// OpenStreetMap XML (`.osm`): its highway ways.
    Osm,
    /// OpenStreetMap PBF (`.osm.pbf`): its highway ways.
    Pbf,
}

impl FromStr for StreetFormat {
    type Err = SessionError;
    fn from_str(s: &str) -> Result<Self, SessionError> {
        match s {
            "geojson" => Ok(StreetFormat::Geojson),
            "osm" => Ok(StreetFormat::Osm),
            "pbf" => Ok(StreetFormat::Pbf),
            other => Err(SessionError::UnknownStreetFormat(other.to_string())),
        }
    }
}

impl StreetFormat {
    /// The format of a file: by its name when that says (`.pbf`, `.osm`, `.xml`, `.geojson`,
    /// `.json`), else by its content (XML starts with `<`; a PBF with a block header naming
    /// `OSMHeader`; anything else is read as GeoJSON).
    pub fn detect(name: Option<&str>, data: &[u8]) -> StreetFormat {
        let lower = name.unwrap_or_default().to_lowercase();
        if lower.ends_with(".pbf") {
            return StreetFormat::Pbf;
        }
        if lower.ends_with(".osm") || lower.ends_with(".xml") {
            return StreetFormat::Osm;
        }
        if lower.ends_with(".geojson") || lower.ends_with(".json") {
            return StreetFormat::Geojson;
        }
        let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'<') {
            StreetFormat::Osm
        } else if data.len() > 14
            && data[..4] != [0, 0, 0, 0]
            && data[4..32.min(data.len())]
                .windows(9)
                .any(|w| w == b"OSMHeader")
        {
            StreetFormat::Pbf
        } else {
            StreetFormat::Geojson
        }
    }
}

/// What a streets file gave the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StreetsInfo {
    /// Street lines read.
    pub streets: usize,
    /// Of which walkable.
    pub walkable: usize,
    /// Graph nodes.
    pub nodes: usize,
    /// Graph edges (street segments).
    pub edges: usize,
}

/// The street lines of a file (coordinates of GeoJSON in `crs`; OSM is WGS-84). Errors name
/// `source`.
pub fn read_street_lines(
    data: &FileData,
    format: StreetFormat,
    crs: Crs,
    source: &str,
) -> Result<Vec<StreetLine>, SessionError> {
    let at = |e: crate::error::ImportError| SessionError::Import(e.in_source(source));
    let osm_lines = |imp: crate::osm::OsmImport| imp.streets.into_iter().map(|s| s.line).collect();
    match format {
        StreetFormat::Pbf => match data {
            FileData::Bytes(b) => crate::osm::import_osm_pbf(b).map(osm_lines).map_err(at),
            FileData::Text(_) => Err(SessionError::PbfNeedsBytes),
        },
        StreetFormat::Osm | StreetFormat::Geojson => {
            let decoded;
            let text: &str = match data {
                FileData::Text(t) => t,
                FileData::Bytes(b) => {
                    decoded = text::decode(b).map_err(at)?;
                    &decoded
                }
            };
            if format == StreetFormat::Osm {
                crate::osm::import_osm_xml(text).map(osm_lines).map_err(at)
            } else {
                read_streets_geojson(text, crs).map_err(at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_then_content() {
        assert_eq!(
            StreetFormat::detect(Some("a.osm.pbf"), b"{"),
            StreetFormat::Pbf
        );
        assert_eq!(StreetFormat::detect(Some("A.OSM"), b"{"), StreetFormat::Osm);
        assert_eq!(
            StreetFormat::detect(Some("a.geojson"), b"<"),
            StreetFormat::Geojson
        );
        assert_eq!(StreetFormat::detect(None, b"  <?xml"), StreetFormat::Osm);
        assert_eq!(
            StreetFormat::detect(None, b"\xef\xbb\xbf<osm"),
            StreetFormat::Osm
        );
        assert_eq!(
            StreetFormat::detect(Some("streets"), b"{\"type\""),
            StreetFormat::Geojson
        );
        let mut pbf = vec![0, 0, 0, 13, 10, 9];
        pbf.extend_from_slice(b"OSMHeader\x18\x7c");
        assert_eq!(StreetFormat::detect(None, &pbf), StreetFormat::Pbf);
        assert!("shp".parse::<StreetFormat>().is_err());
    }
}
