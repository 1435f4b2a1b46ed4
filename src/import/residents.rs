//! The residents reader: coordinates, population (or households, or an estimate from building
//! footprint × floors), admin units, name, and the other numeric columns as demand weights.

use super::fields::Field;
use super::limits::{grouped, MAX_COLUMNS, MAX_PEOPLE_PER_ROW, MAX_ROWS, MAX_WEIGHT};
use super::numbers::{memchr_count, parse_number};
use super::options::ImportOptions;
use super::record::{for_each_record, source_name, Record};
use super::text;
use crate::error::{ImportError, Location};
use crate::tables::{ResidentTable, WeightColumn};
use std::collections::HashMap;

/// Numeric columns that are never a demand: identifiers (`osm_id`, `FID`, `@id`, codes) and the
/// figures this tool's own residents export adds (`red_bee_station_distance_m`, `商圈_绕行系数`).
fn is_identifier(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n.is_empty() || n.ends_with("id") || n.ends_with("code") || super::fields::is_derived(name)
}

/// Collects the unknown columns of a residents file, keeping those that hold only non-negative
/// numbers up to [`MAX_WEIGHT`] (text columns such as an address, and codes, drop out at their
/// first value that is no demand). Columns are found by name in a hash map: linear in the cells.
#[derive(Default)]
struct WeightCollector {
    columns: Vec<WeightColumn>,
    numeric: Vec<bool>,
    index: HashMap<String, usize>,
}

impl WeightCollector {
    /// Adds one row's extra values; refuses a file with more than [`MAX_COLUMNS`] distinct ones.
    fn add(&mut self, row: usize, extra: &[(&str, &str)]) -> Result<(), (String, String)> {
        for &(key, value) in extra {
            let c = match self.index.get(key) {
                Some(&c) => c,
                None => {
                    if self.columns.len() >= MAX_COLUMNS {
                        return Err((
                            format!(
                                "has more than {} columns (properties); remove the ones that are not needed",
                                grouped(MAX_COLUMNS)
                            ),
                            format!(
                                "超过 {} 列（属性）：请删去不需要的列",
                                grouped(MAX_COLUMNS)
                            ),
                        ));
                    }
                    self.columns.push(WeightColumn {
                        name: key.to_string(),
                        values: Vec::new(),
                    });
                    self.numeric.push(true);
                    self.index.insert(key.to_string(), self.columns.len() - 1);
                    self.columns.len() - 1
                }
            };
            if !self.numeric[c] {
                continue;
            }
            match parse_number(value).filter(|v| (0.0..=MAX_WEIGHT).contains(v)) {
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
        Ok(())
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

/// Most residents one file may hold under `options`.
fn row_limit(options: &ImportOptions) -> usize {
    options.max_rows.unwrap_or(MAX_ROWS).min(MAX_ROWS)
}

fn too_many(location: Location, max: usize) -> ImportError {
    ImportError::new(
        location,
        None,
        format!(
            "the file has more than {} residents, the most this program reads at once: split it, or aggregate buildings into rows",
            grouped(max)
        ),
    )
    .zh(format!(
        "文件超过 {} 处住宅，超出本程序一次读取的上限：请拆分文件，或先按楼栋汇总",
        grouped(max)
    ))
}

/// Refuses a table (read whole, e.g. from a binary block) over the row limit of `options`.
fn check_row_limit(
    t: ResidentTable,
    options: &ImportOptions,
) -> Result<ResidentTable, ImportError> {
    match row_limit(options) {
        max if t.len() > max => Err(too_many(Location::File, max)),
        _ => Ok(t),
    }
}

/// Reads residents: coordinates, population (or households × persons per household), and the
/// optional street, community, grid and name.
pub fn read_residents(bytes: &[u8], options: &ImportOptions) -> Result<ResidentTable, ImportError> {
    let source = source_name(options, "residents");
    if super::residents_binary::is_residents_binary(bytes) {
        let t = super::residents_binary::read_residents_binary(bytes)
            .map_err(|e| e.in_source(&source))?;
        return check_row_limit(t, options).map_err(|e| e.in_source(&source));
    }
    text::read_table(bytes, options, "residents", read_residents_text)
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
        .zh(format!("每户人数须为正数，现为 {pph}"))
        .in_source(&source));
    }
    let fapp = options.floor_area_per_person;
    if let Some(a) = fapp.filter(|a| !(a.is_finite() && *a > 0.0)) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("floor area per person must be positive, got {a}"),
        )
        .zh(format!("人均建筑面积须为正数，现为 {a}"))
        .in_source(&source));
    }
    let levels_default = options.default_levels;
    if !(levels_default.is_finite() && levels_default > 0.0) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("default floors must be positive, got {levels_default}"),
        )
        .zh(format!("缺省层数须为正数，现为 {levels_default}"))
        .in_source(&source));
    }
    let mut table = ResidentTable::default();
    let mut estimated = 0;
    let mut weights = WeightCollector::default();
    // Sizing the columns once saves the copies (and the doubled peak memory) of growing them row
    // by row.
    let max_rows = row_limit(options);
    table.reserve(rows.min(max_rows));
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
                    return Err(r.error(Field::Households, format!("households {h} is negative")).zh(format!("户数 {h} 为负数")));
                }
                h * pph
            }
            (None, None) => match (fapp, r.number(Field::Footprint)?) {
                (Some(a), Some(area)) => {
                    if area < 0.0 {
                        return Err(r.error(Field::Footprint, format!("footprint {area} is negative")).zh(format!("占地面积 {area} 为负数")));
                    }
                    let floors = match r.number(Field::Levels)? {
                        Some(l) if l > 0.0 => l,
                        Some(l) => {
                            return Err(r.error(Field::Levels, format!("floors {l} must be positive")).zh(format!("层数 {l} 须为正数")))
                        }
                        None => levels_default,
                    };
                    estimated += 1;
                    (area * floors / a).round()
                }
                _ => {
                    return Err(r
                        .error(
                            Field::Population,
                            if fapp.is_some() {
                                "is empty and so is the footprint: give population, households or footprint_m2"
                            } else {
                                "is empty: give the number of residents (0 if none)"
                            },
                        )
                        .zh(if fapp.is_some() {
                            "为空，占地面积也为空：请填人口、户数或占地面积"
                        } else {
                            "为空：请填居民人数（没有则填 0）"
                        }));
                }
            },
        };
        if population < 0.0 {
            return Err(r
                .error(
                    Field::Population,
                    format!("population {population} is negative"),
                )
                .zh(format!("人口 {population} 为负数")));
        }
        if population.is_nan() || population > MAX_PEOPLE_PER_ROW {
            let (field, what, what_zh) = match (r.get(Field::Population), r.get(Field::Households)) {
                (Some(p), _) => (Field::Population, format!("population {p}"), format!("人口 {p}")),
                (None, Some(h)) => (Field::Households, format!("households {h} × {pph} persons"), format!("户数 {h} × 每户 {pph} 人")),
                (None, None) => (Field::Footprint, format!("the estimate {population:.3e} (footprint × floors)"), format!("估算值 {population:.3e}（占地面积 × 层数）")),
            };
            return Err(r
                .error(
                    field,
                    format!("{what} is more than {} people in one row: is the column right?", grouped(MAX_PEOPLE_PER_ROW as usize)),
                )
                .zh(format!("{what_zh} 超过一行 {} 人的上限：这一列对吗？", grouped(MAX_PEOPLE_PER_ROW as usize))));
        }
        if table.len() >= max_rows {
            return Err(too_many(r.location.clone(), max_rows));
        }
        let units = [
            r.text(Field::Street),
            r.text(Field::Community),
            r.text(Field::Grid),
        ];
        if !r.extra.is_empty() {
            weights
                .add(table.len(), r.extra)
                .map_err(|(m, zh)| ImportError::new(r.location.clone(), None, m).zh(zh))?;
        }
        table.push_with_id(
            lon,
            lat,
            population,
            units,
            r.text(Field::Name),
            r.text(Field::Id),
        );
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    table.estimated = estimated;
    table.weights = weights.finish(table.len());
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
