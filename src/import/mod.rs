//! Residents and stations from CSV (UTF-8, GBK, UTF-16) and GeoJSON, converted to WGS-84.

mod csv_records;
mod csv_split;
pub mod fields;
mod geojson_records;
pub use geojson_records::read_area;
mod pieces;
pub use pieces::{read_residents_from, ByteSource};
pub mod text;

use crate::admin::{AdminUnits, UnitIndex};
use crate::crs::{in_china, Crs};
use crate::error::{ImportError, Location};
use crate::kinds::{KindIndex, KindTable};
pub(crate) use fields::Field;
use fields::FIELD_COUNT;
use serde::{Deserialize, Serialize};

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

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(Format::Auto),
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            "geojson" | "json" => Ok(Format::Geojson),
            other => Err(format!("unknown format '{other}': use csv or geojson")),
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
        }
    }
}

/// One row or feature, with its field values as trimmed text.
pub struct Record<'a> {
    /// Line or feature index.
    pub location: Location,
    /// Coordinates from a GeoJSON geometry, when there is one.
    pub point: Option<(f64, f64)>,
    /// Field values, `None` when absent or blank.
    pub values: [Option<&'a str>; FIELD_COUNT],
    /// Header or property name of each field as the file spells it.
    pub names: &'a [Option<String>; FIELD_COUNT],
    /// Columns or properties the importer does not know, as (name, trimmed non-empty value).
    pub extra: &'a [(&'a str, &'a str)],
}

impl Record<'_> {
    pub(crate) fn get(&self, f: Field) -> Option<&str> {
        self.values[f.index()]
    }

    fn name(&self, f: Field) -> String {
        self.names[f.index()]
            .clone()
            .unwrap_or_else(|| f.display().to_string())
    }

    pub(crate) fn error(&self, f: Field, message: impl Into<String>) -> ImportError {
        ImportError::new(self.location.clone(), Some(&self.name(f)), message)
    }

    fn number(&self, f: Field) -> Result<Option<f64>, ImportError> {
        let Some(text) = self.get(f) else {
            return Ok(None);
        };
        parse_number(text)
            .map(Some)
            .ok_or_else(|| self.error(f, format!("'{text}' is not a number")))
    }

    /// Longitude/latitude in WGS-84, checked.
    pub(crate) fn point(&self, crs: Crs) -> Result<(f64, f64), ImportError> {
        let (lon, lat) = match self.point {
            Some(p) => p,
            None => {
                let lon = self
                    .number(Field::Lon)?
                    .ok_or_else(|| self.error(Field::Lon, "is empty"))?;
                let lat = self
                    .number(Field::Lat)?
                    .ok_or_else(|| self.error(Field::Lat, "is empty"))?;
                (lon, lat)
            }
        };
        let field = |f: Field| {
            if self.point.is_some() {
                "geometry".to_string()
            } else {
                self.name(f)
            }
        };
        let at = |f: Field, m: String| ImportError::new(self.location.clone(), Some(&field(f)), m);
        if !lon.is_finite() {
            return Err(at(
                Field::Lon,
                format!("longitude {lon} is not a finite number"),
            ));
        }
        if !lat.is_finite() {
            return Err(at(
                Field::Lat,
                format!("latitude {lat} is not a finite number"),
            ));
        }
        let swapped_hint =
            (lat.abs() > 90.0 && lon.abs() <= 90.0) || (!in_china(lon, lat) && in_china(lat, lon));
        if swapped_hint {
            return Err(at(
                Field::Lat,
                format!("longitude {lon}, latitude {lat} look swapped: 经度 (longitude) comes first, e.g. 118.78, 纬度 (latitude) second, e.g. 32.04"),
            ));
        }
        if lat.abs() > 90.0 {
            return Err(at(
                Field::Lat,
                format!("latitude {lat} is out of range (−90 to 90)"),
            ));
        }
        if lon.abs() > 180.0 {
            return Err(at(
                Field::Lon,
                format!("longitude {lon} is out of range (−180 to 180)"),
            ));
        }
        if lon == 0.0 && lat == 0.0 {
            return Err(at(
                Field::Lon,
                "longitude and latitude are both 0: is the cell blank in the source sheet?".into(),
            ));
        }
        Ok(crs.to_wgs84(lon, lat))
    }

    pub(crate) fn text(&self, f: Field) -> &str {
        self.get(f).unwrap_or("")
    }
}

/// Parses a number as planners type it: spaces and thousands separators (`1,234`, `1，234`) allowed.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(v) = plain_decimal(t) {
        return Some(v);
    }
    // Rust accepts "NaN" and "inf"; those are not numbers a planner means.
    if let Ok(v) = t.parse::<f64>() {
        return Some(v).filter(|v| v.is_finite());
    }
    let cleaned: std::borrow::Cow<str> = if t.contains([',', '，', ' ', '_']) {
        t.chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '_'))
            .collect::<String>()
            .into()
    } else {
        t.into()
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A plain decimal such as `118.992675` or `-21` (at most 15 digits, no exponent), exactly as
/// `str::parse` reads it but faster: the digits make an integer below 2⁵³ and the point a power of
/// ten up to 10¹⁵, both exact in `f64`, so their quotient is the correctly rounded value
/// (Clinger's fast path). `None` for anything else.
#[inline]
fn plain_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let b = t.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let (mut mantissa, mut digits, mut point) = (0u64, 0usize, None);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                digits += 1;
                if digits > 15 {
                    return None;
                }
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let decimals = point.map_or(0, |p| b.len() - p - 1);
    let v = mantissa as f64 / POW10[decimals];
    Some(if negative { -v } else { v })
}

/// How many times `needle` occurs in `bytes`.
fn memchr_count(bytes: &[u8], needle: u8) -> usize {
    bytes.iter().filter(|&&b| b == needle).count()
}

/// Many short strings packed into one buffer (one allocation instead of one per resident).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackedStrings {
    text: String,
    ends: Vec<u32>,
}

impl PackedStrings {
    /// Appends a string.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    /// The i-th string.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Reorders the strings so that the new i-th is the old `order[i]`.
    pub fn permuted(&self, order: &[u32]) -> PackedStrings {
        let mut out = PackedStrings {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(order.len()),
        };
        for &o in order {
            out.push(self.get(o as usize));
        }
        out
    }
}

/// Residents as columns, in file order, coordinates in WGS-84 degrees.
#[derive(Clone, Debug, Default)]
pub struct ResidentTable {
    /// Longitude, degrees.
    pub lon: Vec<f64>,
    /// Latitude, degrees.
    pub lat: Vec<f64>,
    /// Population (persons; may be fractional when derived from households).
    pub population: Vec<f64>,
    /// Street, community and grid of each resident.
    pub units: Vec<[UnitIndex; 3]>,
    /// The admin units named in the file.
    pub admin: AdminUnits,
    /// Name of each resident (compound, building), empty when the file has none.
    pub names: PackedStrings,
    /// How many populations were estimated from building footprint × floors.
    pub estimated: usize,
    /// Other numeric columns (e.g. elderly, rider activity), usable as a kind's demand weight.
    pub weights: Vec<WeightColumn>,
}

/// A numeric column of the residents file besides population, one value per resident (blank: 0).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeightColumn {
    /// Header or property name as the file spells it.
    pub name: String,
    /// Value of each resident, file order.
    pub values: Vec<f64>,
}

/// Numeric columns that are never a demand: identifiers (`osm_id`, `FID`, `@id`, codes) and the
/// distances this tool's own residents export adds (`red_bee_station_distance_m`).
fn is_identifier(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n.is_empty() || n.ends_with("id") || n.ends_with("code") || n.ends_with("_distance_m")
}

/// Collects the unknown columns of a residents file, keeping those that hold only non-negative
/// numbers (text columns such as an address drop out at their first non-number).
#[derive(Default)]
struct WeightCollector {
    columns: Vec<WeightColumn>,
    numeric: Vec<bool>,
}

impl WeightCollector {
    fn add(&mut self, row: usize, extra: &[(&str, &str)]) {
        for &(key, value) in extra {
            let c = match self.columns.iter().position(|c| c.name == key) {
                Some(c) => c,
                None => {
                    self.columns.push(WeightColumn {
                        name: key.to_string(),
                        values: Vec::new(),
                    });
                    self.numeric.push(true);
                    self.columns.len() - 1
                }
            };
            if !self.numeric[c] {
                continue;
            }
            match parse_number(value).filter(|v| *v >= 0.0) {
                Some(v) => {
                    let values = &mut self.columns[c].values;
                    values.resize(row, 0.0);
                    values.push(v);
                }
                None => {
                    self.numeric[c] = false;
                    self.columns[c].values = Vec::new();
                }
            }
        }
    }

    fn finish(self, rows: usize) -> Vec<WeightColumn> {
        self.columns
            .into_iter()
            .zip(self.numeric)
            .filter(|(c, numeric)| *numeric && !is_identifier(&c.name))
            .map(|(mut c, _)| {
                c.values.resize(rows, 0.0);
                c
            })
            .collect()
    }
}

impl ResidentTable {
    /// Number of residents.
    pub fn len(&self) -> usize {
        self.lon.len()
    }

    /// Makes room for `n` more residents.
    pub fn reserve(&mut self, n: usize) {
        self.lon.reserve(n);
        self.lat.reserve(n);
        self.population.reserve(n);
        self.units.reserve(n);
        self.names.ends.reserve(n);
    }

    /// True when there are no residents.
    pub fn is_empty(&self) -> bool {
        self.lon.is_empty()
    }

    /// Appends one resident; `units` are its street, community and grid names (empty for none).
    pub fn push(&mut self, lon: f64, lat: f64, population: f64, units: [&str; 3], name: &str) {
        self.lon.push(lon);
        self.lat.push(lat);
        self.population.push(population);
        let u = self.admin.units_for(units[0], units[1], units[2]);
        self.units.push(u);
        self.names.push(name);
    }
}

/// A station read from a file, coordinates in WGS-84 degrees.
#[derive(Clone, Debug, PartialEq)]
pub struct StationRecord {
    /// Kind index in the plan's kind table.
    pub kind: KindIndex,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Name (may be empty: the engine then gives a default).
    pub name: String,
}

pub(crate) fn for_each_record(
    text: &str,
    options: &ImportOptions,
    required: &[&[Field]],
    visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
) -> Result<usize, ImportError> {
    let trimmed = text_start(text);
    if trimmed.is_empty() {
        return Err(empty_file());
    }
    let geojson = match options.format {
        Format::Geojson => true,
        Format::Csv => false,
        Format::Auto => trimmed.starts_with('{'),
    };
    let mut count = 0;
    let mut counting = |r: &Record| {
        count += 1;
        visit(r)
    };
    if geojson {
        geojson_records::for_each(trimmed, required, &mut counting)?;
    } else {
        csv_records::for_each(trimmed, required, &mut counting)?;
    }
    if count == 0 {
        return Err(no_rows());
    }
    Ok(count)
}

/// A file's text from its first record on: after a byte-order mark and leading blank space.
pub(crate) fn text_start(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
}

/// The error for a file with nothing in it.
pub(crate) fn empty_file() -> ImportError {
    ImportError::new(Location::File, None, "is empty")
}

/// The error for a file with a header and no rows.
pub(crate) fn no_rows() -> ImportError {
    ImportError::new(Location::File, None, "has a header but no rows")
}

pub(crate) fn source_name(options: &ImportOptions, default: &str) -> String {
    options
        .source
        .clone()
        .unwrap_or_else(|| default.to_string())
}

/// Reads residents: coordinates, population (or households × persons per household), and the
/// optional street, community, grid and name.
pub fn read_residents(bytes: &[u8], options: &ImportOptions) -> Result<ResidentTable, ImportError> {
    let source = source_name(options, "residents");
    let text = text::decode(bytes).map_err(|e| e.in_source(&source))?;
    read_residents_text(&text, options)
}

/// [`read_residents`] for text already decoded (e.g. by the browser's `TextDecoder`).
pub fn read_residents_text(
    text: &str,
    options: &ImportOptions,
) -> Result<ResidentTable, ImportError> {
    // One row a line, near enough.
    let rows = memchr_count(text.as_bytes(), b'\n') + 1;
    read_residents_with(options, rows, &mut |required, visit| {
        for_each_record(text, options, required, visit).map(|_| ())
    })
}

/// Visits a file's records: given the required fields, calls the visitor for each row.
pub(crate) type Records<'a> = dyn FnMut(
        &[&[Field]],
        &mut dyn FnMut(&Record) -> Result<(), ImportError>,
    ) -> Result<(), ImportError>
    + 'a;

/// Reads residents from the rows `records` visits (about `rows` of them).
pub(crate) fn read_residents_with(
    options: &ImportOptions,
    rows: usize,
    records: &mut Records,
) -> Result<ResidentTable, ImportError> {
    let source = source_name(options, "residents");
    let pph = options.persons_per_household;
    if !(pph.is_finite() && pph > 0.0) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("persons per household must be positive, got {pph}"),
        )
        .in_source(&source));
    }
    let fapp = options.floor_area_per_person;
    if let Some(a) = fapp.filter(|a| !(a.is_finite() && *a > 0.0)) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("floor area per person must be positive, got {a}"),
        )
        .in_source(&source));
    }
    let levels_default = options.default_levels;
    if !(levels_default.is_finite() && levels_default > 0.0) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("default floors must be positive, got {levels_default}"),
        )
        .in_source(&source));
    }
    let mut table = ResidentTable::default();
    let mut estimated = 0;
    let mut weights = WeightCollector::default();
    // Sizing the columns once saves the copies (and the doubled peak memory) of growing them row
    // by row.
    table.reserve(rows);
    let required: &[&[Field]] = if fapp.is_some() {
        &[
            &[Field::Lon],
            &[Field::Lat],
            &[Field::Population, Field::Households, Field::Footprint],
        ]
    } else {
        &[
            &[Field::Lon],
            &[Field::Lat],
            &[Field::Population, Field::Households],
        ]
    };
    records(required, &mut |r| {
        let (lon, lat) = r.point(options.crs)?;
        let population = match (r.number(Field::Population)?, r.number(Field::Households)?) {
            (Some(p), _) => p,
            (None, Some(h)) => {
                if h < 0.0 {
                    return Err(r.error(Field::Households, format!("households {h} is negative")));
                }
                h * pph
            }
            (None, None) => match (fapp, r.number(Field::Footprint)?) {
                (Some(a), Some(area)) => {
                    if area < 0.0 {
                        return Err(r.error(Field::Footprint, format!("footprint {area} is negative")));
                    }
                    let floors = match r.number(Field::Levels)? {
                        Some(l) if l > 0.0 => l,
                        Some(l) => {
                            return Err(r.error(Field::Levels, format!("floors {l} must be positive")))
                        }
                        None => levels_default,
                    };
                    estimated += 1;
                    (area * floors / a).round()
                }
                _ => {
                    return Err(r.error(
                        Field::Population,
                        if fapp.is_some() {
                            "is empty and so is the footprint: give population, households or footprint_m2"
                        } else {
                            "is empty: give the number of residents (0 if none)"
                        },
                    ));
                }
            },
        };
        if population < 0.0 {
            return Err(r.error(
                Field::Population,
                format!("population {population} is negative"),
            ));
        }
        let units = [
            r.text(Field::Street),
            r.text(Field::Community),
            r.text(Field::Grid),
        ];
        if !r.extra.is_empty() {
            weights.add(table.len(), r.extra);
        }
        table.push(lon, lat, population, units, r.text(Field::Name));
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    table.estimated = estimated;
    table.weights = weights.finish(table.len());
    Ok(table)
}

/// Reads stations: coordinates, kind (id, Chinese or English label), optional name.
pub fn read_stations(
    bytes: &[u8],
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<Vec<StationRecord>, ImportError> {
    let source = source_name(options, "stations");
    let text = text::decode(bytes).map_err(|e| e.in_source(&source))?;
    read_stations_text(&text, options, kinds)
}

/// [`read_stations`] for text already decoded.
pub fn read_stations_text(
    text: &str,
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<Vec<StationRecord>, ImportError> {
    read_stations_with_new_kinds(text, options, kinds).map(|(records, _)| records)
}

/// [`read_stations_text`] that also returns the kind table the records index into: `kinds` plus,
/// when [`ImportOptions::new_kind_radius_m`] is set, the kinds the file named that it did not know
/// (appended in order of first appearance, labelled with the file's own value).
pub fn read_stations_with_new_kinds(
    text: &str,
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<(Vec<StationRecord>, KindTable), ImportError> {
    let mut table = kinds.clone();
    let source = source_name(options, "stations");
    if let Some(r) = options.new_kind_radius_m {
        crate::kinds::check_radius(r).map_err(|e| {
            ImportError::new(Location::File, None, e.to_string()).in_source(&source)
        })?;
    }
    let default_kind = match &options.kind {
        Some(k) => Some(kinds.resolve(k).ok_or_else(|| {
            ImportError::new(
                Location::File,
                None,
                format!(
                    "unknown default kind '{k}'; known kinds: {}",
                    kinds.known_names()
                ),
            )
            .in_source(&source)
        })?),
        None => None,
    };
    let mut out = Vec::new();
    let required: &[&[Field]] = if default_kind.is_some() {
        &[&[Field::Lon], &[Field::Lat]]
    } else {
        &[&[Field::Lon], &[Field::Lat], &[Field::Kind]]
    };
    for_each_record(text, options, required, &mut |r| {
        let (lon, lat) = r.point(options.crs)?;
        let kind = match (r.get(Field::Kind), default_kind) {
            (Some(k), _) => match (table.resolve(k), options.new_kind_radius_m) {
                (Some(i), _) => i,
                (None, Some(radius)) if table.len() < crate::engine::MAX_KINDS => {
                    table.upsert(k, Some(k), Some(k), radius).map_err(|e| r.error(Field::Kind, e.to_string()))?.0
                }
                _ => return Err(r.error(
                    Field::Kind,
                    format!("unknown kind '{k}'; known kinds: {}. Add a kind first (setKind, or --radius '{k}=800' on the command line)", table.known_names()),
                )),
            },
            (None, Some(k)) => k,
            (None, None) => return Err(r.error(Field::Kind, "is empty: give the station's kind, e.g. 红蜂驿站")),
        };
        out.push(StationRecord { kind, lon, lat, name: r.text(Field::Name).to_string() });
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    Ok((out, table))
}

/// A candidate site read from a file: WGS-84 position, the file's id and name (empty if none).
#[derive(Clone, Debug, PartialEq)]
pub struct SiteRecord {
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// The file's id column (编号), empty when absent.
    pub id: String,
    /// The file's name column (名称), empty when absent.
    pub name: String,
}

/// Reads candidate sites (e.g. vacant shop fronts): coordinates, optional id and name.
pub fn read_sites(bytes: &[u8], options: &ImportOptions) -> Result<Vec<SiteRecord>, ImportError> {
    let source = source_name(options, "candidates");
    let text = text::decode(bytes).map_err(|e| e.in_source(&source))?;
    let mut out = Vec::new();
    for_each_record(&text, options, &[&[Field::Lon], &[Field::Lat]], &mut |r| {
        let (lon, lat) = r.point(options.crs)?;
        out.push(SiteRecord {
            lon,
            lat,
            id: r.text(Field::Id).to_string(),
            name: r.text(Field::Name).to_string(),
        });
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_exactly_as_str_parse() {
        for t in [
            "0",
            "-0",
            "+5",
            "5.",
            ".5",
            "118.992675",
            "31.965543",
            "-21",
            "0.1",
            "0.3",
            "999999999999999",
            "9007199254740993",
            "1234567890.12345",
            "1.7976931348623157",
            "00012.500",
            "-.25",
        ] {
            let want = t.parse::<f64>().ok();
            let got = plain_decimal(t);
            if let Some(g) = got {
                assert_eq!(Some(g.to_bits()), want.map(f64::to_bits), "{t}");
            }
        }
        for t in [
            "", ".", "-", "1e5", "1.2.3", "inf", "NaN", "1,234", " 1", "1 ",
        ] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
        // Random decimals of up to 15 digits with the point anywhere.
        let mut seed = 5u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for _ in 0..200_000 {
            let digits = 1 + next() as usize % 15;
            let mut t: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let point = next() as usize % (digits + 1);
            if point < digits {
                t.insert(point, '.');
            }
            if next() % 2 == 0 {
                t.insert(0, '-');
            }
            let want = t.parse::<f64>().unwrap();
            assert_eq!(
                plain_decimal(&t).map(f64::to_bits),
                Some(want.to_bits()),
                "{t}"
            );
        }
    }

    #[test]
    fn numeric_extra_columns_become_weights() {
        let csv = "\u{feff}经度,纬度,人口,老年人口,备注,osm_id,骑手活跃度\n118.8,32.06,100,12,东门,7,1.5\n118.81,32.06,50,,3号楼,8,\n118.82,32.06,10,3,,9,2\n";
        let t = read_residents(csv.as_bytes(), &ImportOptions::default()).unwrap();
        let names: Vec<&str> = t.weights.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["老年人口", "骑手活跃度"]);
        assert_eq!(t.weights[0].values, [12.0, 0.0, 3.0]);
        assert_eq!(t.weights[1].values, [1.5, 0.0, 2.0]);
        let gj = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[118.8,32.06]},"properties":{"population":5,"elderly":2,"note":"a"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[118.81,32.06]},"properties":{"population":6,"riders":"4","note":7}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[118.82,32.06]},"properties":{"population":7,"elderly":-1}}]}"#;
        let t = read_residents(gj.as_bytes(), &ImportOptions::default()).unwrap();
        let names: Vec<&str> = t.weights.iter().map(|w| w.name.as_str()).collect();
        // A negative value is not a demand: the column is dropped.
        assert_eq!(names, ["riders"]);
        assert_eq!(t.weights[0].values, [0.0, 4.0, 0.0]);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 1,234 "), Some(1234.0));
        assert_eq!(parse_number("1，234.5"), Some(1234.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("-3"), Some(-3.0));
    }

    #[test]
    fn population_estimated_from_buildings_only_when_asked() {
        let csv = "lon,lat,footprint_m2,层数,人口\n118.8,32.06,365.2,10,\n118.81,32.06,730.4,,\n118.82,32.06,1,1,7\n";
        let err = read_residents(csv.as_bytes(), &ImportOptions::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("line 2"), "{err}");
        let opts = ImportOptions {
            floor_area_per_person: Some(36.52),
            ..Default::default()
        };
        let t = read_residents(csv.as_bytes(), &opts).unwrap();
        // 365.2 × 10 / 36.52 = 100; 730.4 × 6 (default floors) / 36.52 = 120; the third is given.
        assert_eq!(t.population, vec![100.0, 120.0, 7.0]);
        assert_eq!(t.estimated, 2);
        let bad = "lon,lat,footprint_m2,levels\n118.8,32.06,100,0\n";
        let err = read_residents(bad.as_bytes(), &opts).err().unwrap();
        assert!(err.to_string().contains("levels"), "{err}");
    }

    #[test]
    fn unknown_kinds_become_new_kinds_when_asked() {
        let csv = "lon,lat,kind\n118.8,32.06,school\n118.8,32.07,红蜂驿站\n118.8,32.08,clinic\n118.8,32.09,school\n";
        let kinds = KindTable::default();
        assert!(read_stations(csv.as_bytes(), &ImportOptions::default(), &kinds).is_err());
        let opts = ImportOptions {
            new_kind_radius_m: Some(500.0),
            ..Default::default()
        };
        let (records, table) = read_stations_with_new_kinds(csv, &opts, &kinds).unwrap();
        let n = kinds.len();
        assert_eq!(table.len(), n + 2);
        assert_eq!(table.get(n).id, "school");
        assert_eq!(table.get(n + 1).id, "clinic");
        assert_eq!(table.get(n).radius_m, 500.0);
        let ks: Vec<usize> = records.iter().map(|r| r.kind).collect();
        assert_eq!(
            ks,
            vec![n, kinds.resolve("red_bee_station").unwrap(), n + 1, n]
        );
    }

    #[test]
    fn packed_strings() {
        let mut p = PackedStrings::default();
        p.push("甲");
        p.push("");
        p.push("丙丁");
        assert_eq!((p.get(0), p.get(1), p.get(2)), ("甲", "", "丙丁"));
        let q = p.permuted(&[2, 0, 1]);
        assert_eq!((q.get(0), q.get(1), q.get(2)), ("丙丁", "甲", ""));
    }
}
