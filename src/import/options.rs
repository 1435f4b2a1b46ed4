//! How a file is read: its format, coordinate system, and the population assumptions.

use crate::crs::Crs;
use serde::{Deserialize, Serialize};
use std::fmt;

/// File format of an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// GeoJSON when the text starts with `{`, CSV otherwise.
    #[default]
    Auto,
    /// Comma-, tab- or semicolon-separated values with a header row.
    Csv,
    /// A GeoJSON FeatureCollection (or single Feature).
    Geojson,
}

/// A format name that is not `csv` or `geojson` (the name, lower-cased).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl crate::error::Localized for UnknownFormat {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => format!("未知的格式“{}”：请用 csv 或 geojson", self.0),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown format '{}': use csv or geojson", self.0)
    }
}

impl std::error::Error for UnknownFormat {}

impl std::str::FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, UnknownFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(Format::Auto),
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            "geojson" | "json" => Ok(Format::Geojson),
            other => Err(UnknownFormat(other.to_string())),
        }
    }
}

/// Average persons per household in China's 2020 census (第七次全国人口普查: 2.62).
pub const DEFAULT_PERSONS_PER_HOUSEHOLD: f64 = 2.62;

/// How to read a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// File format.
    pub format: Format,
    /// Coordinate system of the file's coordinates.
    pub crs: Crs,
    /// Persons per household when residents give households (户数) instead of population.
    pub persons_per_household: f64,
    /// Stations only: the kind for rows without a kind column or value.
    pub kind: Option<String>,
    /// The file's name, used in error messages.
    pub source: Option<String>,
    /// Residents only: when a row has neither population nor households, estimate it as
    /// footprint (m²) × floors ÷ this floor area per person. `None`: such rows are an error.
    pub floor_area_per_person: Option<f64>,
    /// Floors assumed for the estimate when a building's floors are not given.
    pub default_levels: f64,
    /// Stations only: a kind the table does not know becomes a new kind with this radius
    /// (metres) instead of an error.
    pub new_kind_radius_m: Option<f64>,
    /// Residents only: most rows read (the browser app keeps below the engine's own limit,
    /// [`super::limits::MAX_ROWS`], so that a tab does not run out of memory).
    pub max_rows: Option<usize>,
    /// Stations only: kind names of the file read as other kinds (`小卖部` → `便民商业`), as the
    /// planner chose when told the file names kinds the plan does not know.
    pub kind_map: Vec<(String, String)>,
    /// A workbook's sheet to read (the first when none).
    pub sheet: Option<String>,
}

impl ImportOptions {
    /// A stations file's kind name as [`ImportOptions::kind_map`] reads it (itself when unmapped).
    pub fn map_kind<'a>(&'a self, kind: &'a str) -> &'a str {
        self.kind_map
            .iter()
            .find(|(from, _)| from.trim() == kind.trim())
            .map_or(kind, |(_, to)| to.as_str())
    }
}

/// Urban floor area per person in China's 2020 census (第七次全国人口普查: 36.52 m²).
pub const DEFAULT_FLOOR_AREA_PER_PERSON: f64 = 36.52;

/// Floors assumed for a building whose floors are unknown.
pub const DEFAULT_LEVELS: f64 = 6.0;

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: Format::Auto,
            crs: Crs::Wgs84,
            persons_per_household: DEFAULT_PERSONS_PER_HOUSEHOLD,
            kind: None,
            source: None,
            floor_area_per_person: None,
            default_levels: DEFAULT_LEVELS,
            new_kind_radius_m: None,
            max_rows: None,
            kind_map: Vec::new(),
            sheet: None,
        }
    }
}
