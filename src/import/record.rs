//! One row or feature as the readers see it, its checked coordinates, and the walk over a file's
//! records (CSV or GeoJSON by the format or the text's first character).

use super::fields::{Field, FIELD_COUNT};
use super::numbers::parse_number;
use super::options::{Format, ImportOptions};
use super::{csv_records, geojson_records};
use crate::crs::{in_china, Crs};
use crate::error::{ImportError, Location};

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

    pub(crate) fn name(&self, f: Field) -> String {
        self.names[f.index()]
            .clone()
            .unwrap_or_else(|| f.display().to_string())
    }

    pub(crate) fn error(&self, f: Field, message: impl Into<String>) -> ImportError {
        ImportError::new(self.location.clone(), Some(&self.name(f)), message)
    }

    pub(crate) fn number(&self, f: Field) -> Result<Option<f64>, ImportError> {
        let Some(text) = self.get(f) else {
            return Ok(None);
        };
        parse_number(text).map(Some).ok_or_else(|| {
            self.error(f, format!("'{text}' is not a number"))
                .zh(format!("“{}”不是数字", crate::error::clip(text, 40)))
        })
    }

    /// Longitude/latitude in WGS-84, checked.
    pub(crate) fn point(&self, crs: Crs) -> Result<(f64, f64), ImportError> {
        let (lon, lat) = match self.point {
            Some(p) => p,
            None => {
                let lon = self
                    .number(Field::Lon)?
                    .ok_or_else(|| self.error(Field::Lon, "is empty").zh("为空，需要经度"))?;
                let lat = self
                    .number(Field::Lat)?
                    .ok_or_else(|| self.error(Field::Lat, "is empty").zh("为空，需要纬度"))?;
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
        let at = |f: Field, m: String, zh: String| {
            ImportError::new(self.location.clone(), Some(&field(f)), m).zh(zh)
        };
        if !lon.is_finite() {
            return Err(at(
                Field::Lon,
                format!("longitude {lon} is not a finite number"),
                format!("经度 {lon} 不是有限的数"),
            ));
        }
        if !lat.is_finite() {
            return Err(at(
                Field::Lat,
                format!("latitude {lat} is not a finite number"),
                format!("纬度 {lat} 不是有限的数"),
            ));
        }
        // Projected metres: converted, then checked on the earth.
        if crs.is_projected() {
            return crs.place(lon, lat).map_err(|b| at(Field::Lon, b.en, b.zh));
        }
        // Metres where degrees belong: the projected system they look like.
        if lon.abs() > 180.0 || lat.abs() > 90.0 {
            if let Some(b) = crate::crs::projected_hint(lon, lat) {
                return Err(at(Field::Lon, b.en, b.zh));
            }
        }
        // Out of range one way and in range the other, or a point outside China that is in China
        // swapped; a pole is a real latitude and not called swapped.
        let swapped_hint = (lat.abs() > 90.0 && lon.abs() <= 90.0)
            || (lat.abs() < 90.0 && !in_china(lon, lat) && in_china(lat, lon));
        if swapped_hint {
            return Err(at(
                Field::Lat,
                format!("longitude {lon}, latitude {lat} look swapped: 经度 (longitude) comes first, e.g. 118.78, 纬度 (latitude) second, e.g. 32.04"),
                format!("经度 {lon}、纬度 {lat} 似乎填反了：经度在前（如 118.78），纬度在后（如 32.04）"),
            ));
        }
        if lat.abs() > 90.0 {
            return Err(at(
                Field::Lat,
                format!("latitude {lat} is out of range (−90 to 90)"),
                format!("纬度 {lat} 超出范围（−90 至 90）"),
            ));
        }
        if lon.abs() > 180.0 {
            return Err(at(
                Field::Lon,
                format!("longitude {lon} is out of range (−180 to 180)"),
                format!("经度 {lon} 超出范围（−180 至 180）"),
            ));
        }
        if lon == 0.0 && lat == 0.0 {
            return Err(at(
                Field::Lon,
                "longitude and latitude are both 0: is the cell blank in the source sheet?".into(),
                "经度和纬度都是 0：原表中该单元格是否为空？".into(),
            ));
        }
        Ok(crs.to_wgs84(lon, lat))
    }

    pub(crate) fn text(&self, f: Field) -> &str {
        self.get(f).unwrap_or("")
    }
}

/// [`visit_records`] for files that must hold at least one row (residents, sites, proposals).
pub(crate) fn for_each_record(
    text: &str,
    options: &ImportOptions,
    required: &[&[Field]],
    visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
) -> Result<usize, ImportError> {
    match visit_records(text, options, required, visit)? {
        0 => Err(no_rows()),
        n => Ok(n),
    }
}

/// Calls `visit` for each record of a CSV or GeoJSON file; returns how many there were. A file
/// with a header (or an empty FeatureCollection) and no rows has none; an empty file is an error.
pub(crate) fn visit_records(
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
    Ok(count)
}

/// A file's text from its first record on: after a byte-order mark and leading blank space.
pub(crate) fn text_start(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
}

/// The error for a file with nothing in it.
pub(crate) fn empty_file() -> ImportError {
    ImportError::new(Location::File, None, "is empty").zh("文件为空")
}

/// The error for a file with a header and no rows.
pub(crate) fn no_rows() -> ImportError {
    ImportError::new(Location::File, None, "has a header but no rows").zh("只有表头，没有数据行")
}

pub(crate) fn source_name(options: &ImportOptions, default: &str) -> String {
    options
        .source
        .clone()
        .unwrap_or_else(|| default.to_string())
}
