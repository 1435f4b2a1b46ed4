//! Reading for the spread: the community totals table (CSV or Excel: 社区, 常住人口 and any other
//! numeric columns, optionally 街道) and the buildings (GeoJSON or zipped Shapefile footprints, or
//! points with a footprint column; an OpenStreetMap file's residential buildings), each placed in
//! its community by polygons when given, else by its own 社区 column.

use super::{Building, CommunityTotals, Totals, DEFAULT_FLOORS};
use crate::boundaries::Boundaries;
use crate::error::{ImportError, Location};
use crate::import::csv_records::SmallTable;
use crate::import::fields::Field;
use crate::import::limits::{grouped, MAX_PEOPLE_PER_ROW};
use crate::import::ImportOptions;
use geo::{Centroid, ChamberlainDuquetteArea, MultiPolygon};
use serde_json::Value;

/// Most rows in a totals table (a city has a few thousand communities).
pub const MAX_COMMUNITIES: usize = 100_000;
/// Most buildings (a large city district has a few hundred thousand).
pub const MAX_BUILDINGS: usize = 2_000_000;
/// The largest footprint a building may have, m² (the largest buildings on earth cover under
/// 1 km²).
pub const MAX_FOOTPRINT_M2: f64 = 2_000_000.0;
/// The most floors a building may have (the tallest has 163).
pub const MAX_FLOORS: f64 = 200.0;

/// Reads the totals: a header row naming the community (社区) and the population (常住人口 or
/// another population header), optionally the 街道; every other column whose values are all
/// numbers (blank counts 0) is spread too. A community named twice is an error.
pub fn read_totals(bytes: &[u8], options: &ImportOptions) -> Result<Totals, ImportError> {
    crate::import::read_table(bytes, options, "totals", |text, o| {
        let source = crate::import::source_name(o, "totals");
        parse_totals(text.trim_start_matches('\u{feff}')).map_err(|e| e.in_source(&source))
    })
}

fn parse_totals(text: &str) -> Result<Totals, ImportError> {
    let SmallTable { header, rows } = SmallTable::read(text, MAX_COMMUNITIES, |line| {
        ImportError::new(
            Location::Line(line),
            None,
            format!("has more than {MAX_COMMUNITIES} communities"),
        )
        .zh(format!("社区多于 {MAX_COMMUNITIES} 个"))
    })?;
    if header.iter().all(String::is_empty) {
        return Err(ImportError::new(
            Location::File,
            None,
            "is empty: the totals need a header row (社区, 常住人口)",
        )
        .zh("为空：总数表需要表头（社区、常住人口）"));
    }
    let find = |f: Field| header.iter().position(|h| Field::from_header(h) == Some(f));
    let community = find(Field::Community).ok_or_else(|| {
        ImportError::new(
            Location::Line(1),
            None,
            format!(
                "has no community column (社区); columns: {}",
                header.join(", ")
            ),
        )
        .zh(format!("没有社区列（社区）；现有列：{}", header.join("、")))
    })?;
    let population = find(Field::Population).ok_or_else(|| {
        ImportError::new(
            Location::Line(1),
            None,
            format!(
                "has no population column (常住人口); columns: {}",
                header.join(", ")
            ),
        )
        .zh(format!(
            "没有人口列（常住人口）；现有列：{}",
            header.join("、")
        ))
    })?;
    let street = find(Field::Street);
    let cell = SmallTable::cell;
    // The spread columns: the population, then every other column all of whose cells are numbers.
    let mut columns = vec![population];
    for c in 0..header.len() {
        let numeric = rows.iter().all(|(_, r)| {
            let v = cell(r, c);
            v.is_empty() || crate::import::numbers::parse_number(v).is_some()
        });
        if c != population
            && c != community
            && Some(c) != street
            && numeric
            && !header[c].is_empty()
            && !rows.is_empty()
        {
            columns.push(c);
        }
    }
    let mut out = Totals {
        columns: columns.iter().map(|&c| header[c].clone()).collect(),
        communities: Vec::with_capacity(rows.len()),
    };
    let mut seen: std::collections::HashMap<String, u64> = Default::default();
    for (line, r) in rows {
        let name = cell(&r, community).to_string();
        if name.is_empty() {
            return Err(ImportError::new(
                Location::Line(line),
                Some(&header[community]),
                "is empty: each row needs its community",
            )
            .zh("为空：每行都需要社区名称"));
        }
        if let Some(first) = seen.insert(name.clone(), line) {
            return Err(ImportError::new(
                Location::Line(line),
                Some(&header[community]),
                format!("'{name}' is also on line {first}: one row per community"),
            )
            .zh(format!("“{name}”在第 {first} 行已出现：每个社区一行")));
        }
        let mut values = Vec::with_capacity(columns.len());
        for &c in &columns {
            let v = cell(&r, c);
            let x = if v.is_empty() && c != population {
                0.0
            } else {
                crate::import::numbers::parse_number(v).ok_or_else(|| {
                    ImportError::new(
                        Location::Line(line),
                        Some(&header[c]),
                        format!("'{v}' is not a number"),
                    )
                    .zh(format!("“{v}”不是数字"))
                })?
            };
            if !(x >= 0.0 && x.is_finite()) {
                return Err(ImportError::new(
                    Location::Line(line),
                    Some(&header[c]),
                    format!("{x} is not a count of people (0 or more)"),
                )
                .zh(format!("{x} 不是人数（应为 0 或以上）")));
            }
            if x > MAX_PEOPLE_PER_ROW {
                let most = grouped(MAX_PEOPLE_PER_ROW as usize);
                return Err(ImportError::new(
                    Location::Line(line),
                    Some(&header[c]),
                    format!(
                        "{x} is more than {most} people in one community: is the column right?"
                    ),
                )
                .zh(format!("{v} 超过一个社区 {most} 人的上限：这一列对吗？")));
            }
            values.push(x);
        }
        out.communities.push(CommunityTotals {
            street: street
                .map(|s| cell(&r, s).to_string())
                .filter(|s| !s.is_empty()),
            community: name,
            values,
            row: line,
        });
    }
    if out.communities.is_empty() {
        return Err(
            ImportError::new(Location::File, None, "has no community rows").zh("没有社区数据行"),
        );
    }
    Ok(out)
}

/// A property of `props` standing for `field` (by the residents reader's names).
fn property(props: &serde_json::Map<String, Value>, field: Field) -> Option<&Value> {
    props
        .iter()
        .find(|(k, _)| Field::from_header(k) == Some(field))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(crate::import::numbers::parse_number))
}

/// Reads buildings: an OpenStreetMap file (its residential buildings, as the residents import
/// takes them), else GeoJSON or a zipped Shapefile of footprint polygons (area from the polygon)
/// or points with a footprint column. Floors from a floors column (层数, building:levels…), else
/// `default_floors`; the community from `polygons` when given, else a 社区 column.
pub fn read_buildings(
    bytes: &[u8],
    options: &ImportOptions,
    default_floors: f64,
    polygons: Option<&Boundaries>,
) -> Result<Vec<Building>, ImportError> {
    let source = crate::import::source_name(options, "buildings");
    if !(default_floors.is_finite() && default_floors > 0.0 && default_floors <= MAX_FLOORS) {
        return Err(ImportError::new(
            Location::File,
            None,
            format!("default floors {default_floors} must be a positive number"),
        )
        .zh(format!("默认层数 {default_floors} 须为正数")));
    }
    let text;
    let geojson: std::borrow::Cow<'_, str> = if crate::osm::looks_like_osm(bytes) {
        let imp = crate::osm::import_osm(bytes).map_err(|e| e.in_source(&source))?;
        let est = crate::osm::ResidentEstimate {
            default_levels: default_floors,
            ..Default::default()
        };
        text = crate::osm::building_footprints_geojson(&imp, &est);
        text.as_str().into()
    } else {
        return crate::import::read_table(bytes, options, "buildings", |t, o| {
            let src = crate::import::source_name(o, "buildings");
            parse_buildings(
                t.trim_start_matches('\u{feff}'),
                o,
                default_floors,
                polygons,
            )
            .map_err(|e| e.in_source(&src))
        });
    };
    let o = ImportOptions {
        crs: crate::crs::Crs::Wgs84,
        ..options.clone()
    };
    parse_buildings(&geojson, &o, default_floors, polygons).map_err(|e| e.in_source(&source))
}

fn parse_buildings(
    text: &str,
    options: &ImportOptions,
    default_floors: f64,
    polygons: Option<&Boundaries>,
) -> Result<Vec<Building>, ImportError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        ImportError::new(
            Location::File,
            None,
            format!("is not GeoJSON, a zipped Shapefile or an OpenStreetMap file: {e}"),
        )
        .zh(format!(
            "不是 GeoJSON、Shapefile 压缩包或 OpenStreetMap 文件：{}",
            crate::error::json_zh(&e, true)
        ))
    })?;
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ImportError::new(
                Location::File,
                None,
                "is not a FeatureCollection of buildings",
            )
            .zh("不是由建筑组成的 FeatureCollection")
        })?;
    if features.len() > MAX_BUILDINGS {
        return Err(ImportError::new(
            Location::File,
            None,
            format!(
                "has {} buildings, more than {MAX_BUILDINGS}",
                features.len()
            ),
        )
        .zh(format!(
            "有 {} 栋建筑，多于 {MAX_BUILDINGS} 栋",
            features.len()
        )));
    }
    let crs = options.crs;
    let empty = serde_json::Map::new();
    let mut out = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let at = Location::Feature(i);
        let err =
            |en: String, zh: String| ImportError::new(at.clone(), Some("geometry"), en).zh(zh);
        let props = f
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let geometry = f.get("geometry").unwrap_or(&Value::Null);
        let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
        let coords = geometry.get("coordinates").unwrap_or(&Value::Null);
        let place = |p: &Value| -> Result<geo::Coord<f64>, ImportError> {
            let (x, y) = (
                p.get(0).and_then(Value::as_f64),
                p.get(1).and_then(Value::as_f64),
            );
            let (Some(x), Some(y)) = (x, y) else {
                return Err(err(
                    format!("position {p} is not [x, y]"),
                    format!("坐标 {p} 不是 [x, y]"),
                ));
            };
            let (lon, lat) = crs.place(x, y).map_err(|e| {
                ImportError::new(at.clone(), Some("geometry"), e.en.clone()).zh(e.zh.clone())
            })?;
            Ok(geo::coord! { x: lon, y: lat })
        };
        let polygon = |v: &Value| -> Result<geo::Polygon<f64>, ImportError> {
            let rings = v
                .as_array()
                .filter(|r| !r.is_empty())
                .ok_or_else(|| err("a Polygon needs a ring".into(), "面至少需要一圈坐标".into()))?;
            let ring = |r: &Value| -> Result<geo::LineString<f64>, ImportError> {
                let pts = r.as_array().ok_or_else(|| {
                    err(
                        "a ring is not a list of positions".into(),
                        "环不是坐标列表".into(),
                    )
                })?;
                Ok(geo::LineString::new(
                    pts.iter().map(place).collect::<Result<Vec<_>, _>>()?,
                ))
            };
            Ok(geo::Polygon::new(
                ring(&rings[0])?,
                rings[1..].iter().map(ring).collect::<Result<_, _>>()?,
            ))
        };
        let (point, area) = match kind {
            "Polygon" | "MultiPolygon" => {
                let shape = if kind == "Polygon" {
                    MultiPolygon::new(vec![polygon(coords)?])
                } else {
                    let parts = coords.as_array().ok_or_else(|| {
                        err(
                            "a MultiPolygon needs polygons".into(),
                            "MultiPolygon 应为多边形列表".into(),
                        )
                    })?;
                    MultiPolygon::new(parts.iter().map(polygon).collect::<Result<_, _>>()?)
                };
                let c = shape.centroid().ok_or_else(|| {
                    err(
                        "the footprint is empty or has no area".into(),
                        "基底为空或面积为零".into(),
                    )
                })?;
                (c, Some(shape.chamberlain_duquette_unsigned_area()))
            }
            "Point" => (geo::Point::from(place(coords)?), None),
            other => {
                return Err(err(
                    format!(
                        "geometry '{other}' is not a building: use Polygon, MultiPolygon or Point"
                    ),
                    format!("几何类型“{other}”不是建筑：请用面（Polygon/MultiPolygon）或点"),
                ))
            }
        };
        let footprint = match property(props, Field::Footprint).map(|v| (v, number(v))) {
            Some((_, Some(a))) => a,
            Some((v, None)) => {
                return Err(ImportError::new(
                    at.clone(),
                    Some("footprint_m2"),
                    format!("'{v}' is not a number"),
                )
                .zh(format!("占地面积“{v}”不是数字")))
            }
            None => area.ok_or_else(|| {
                ImportError::new(
                    at.clone(),
                    Some("footprint_m2"),
                    "a point building needs its footprint (footprint_m2, 占地面积)",
                )
                .zh("点状建筑需要占地面积（footprint_m2、占地面积）")
            })?,
        };
        if !(footprint.is_finite() && (0.0..=MAX_FOOTPRINT_M2).contains(&footprint)) {
            // A huge value in its short form (1e300, not three hundred digits).
            let shown = if footprint.abs() < 1e9 {
                format!("{footprint}")
            } else {
                format!("{footprint:e}")
            };
            return Err(ImportError::new(
                at.clone(),
                Some("footprint_m2"),
                format!("footprint {shown} m² is not a building's (0 to {MAX_FOOTPRINT_M2} m²)"),
            )
            .zh(format!(
                "占地面积 {shown} 平方米不是一栋建筑的（应为 0 至 {MAX_FOOTPRINT_M2} 平方米）"
            )));
        }
        let (floors, floors_given) = match property(props, Field::Levels).map(|v| (v, number(v))) {
            Some((_, Some(l))) if l > 0.0 && l <= MAX_FLOORS => (l, true),
            Some((v, _)) => {
                return Err(ImportError::new(
                    at.clone(),
                    Some("层数"),
                    format!("floors '{v}' must be a positive number, at most {MAX_FLOORS}"),
                )
                .zh(format!("层数“{v}”须为正数，最多 {MAX_FLOORS} 层")))
            }
            None => (default_floors, false),
        };
        let community = match polygons {
            Some(b) => b
                .index
                .locate(point.x(), point.y())
                .map(|k| b.names[k].clone()),
            None => property(props, Field::Community)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)),
        };
        out.push(Building {
            lon: point.x(),
            lat: point.y(),
            name: property(props, Field::Name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            footprint_m2: footprint,
            floors,
            floors_given,
            community,
        });
    }
    Ok(out)
}

/// The floors default, for the report.
pub fn default_floors() -> f64 {
    DEFAULT_FLOORS
}
