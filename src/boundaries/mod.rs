//! Street, community and grid boundaries as polygons: read from GeoJSON or a Shapefile (the unit's
//! name from its properties), and the residents' units at that level taken from the polygon each
//! lies in — polygons win over a unit column; residents in no polygon keep no unit there and are
//! counted as unassigned.

pub mod locate;

use crate::admin::Level;
use crate::crs::Crs;
use crate::engine::Planner;
use crate::error::{ImportError, Location};
use crate::import::fields::Field;
use crate::tables::{ResidentTable, WeightColumn};
pub use locate::{PolygonIndex, Rings};
use serde::Serialize;
use serde_json::Value;

/// The units of one level as polygons.
pub struct Boundaries {
    /// The level they are units of.
    pub level: Level,
    /// The file they came from.
    pub source: String,
    /// Each polygon's unit name, file order.
    pub names: Vec<String>,
    /// The polygons (WGS-84), for locating residents and drawing.
    pub index: PolygonIndex,
    /// The polygons as GeoJSON features (`{name, level}` properties), for the map.
    pub geojson: Value,
}

/// Residents of a level that no polygon holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unassigned {
    /// The level (`street`, `community`, `grid`).
    pub level: &'static str,
    /// How many residents (rows).
    pub residents: usize,
    /// Their population.
    pub population: f64,
}

/// Property names that carry a unit's name, tried in order after `name_field`: `name`, `名称`,
/// then the headers the residents reader knows for the level (街道, 社区名称, 网格号…, one table for
/// both), then `街道名`/`社区名`/`网格名` and `NAME`.
fn name_keys(level: Level) -> Vec<&'static str> {
    let (field, short) = match level {
        Level::Street => (Field::Street, "街道名"),
        Level::Community => (Field::Community, "社区名"),
        Level::Grid => (Field::Grid, "网格名"),
    };
    let mut keys = vec!["name", "名称"];
    keys.extend_from_slice(field.aliases());
    keys.extend([short, "NAME"]);
    keys
}

fn rings_of(coords: &Value, crs: Crs) -> Option<Rings> {
    coords
        .as_array()?
        .iter()
        .map(|ring| {
            ring.as_array()?
                .iter()
                .map(|p| {
                    let (x, y) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
                    let (lon, lat) = crs.place(x, y).ok()?;
                    Some([lon, lat])
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect()
}

/// Reads boundary polygons of `level` from a GeoJSON or Shapefile file: each feature a Polygon or
/// MultiPolygon, its name from `name_field` or the usual names of the level. Errors name the
/// feature (or record).
pub fn read_boundaries(
    bytes: &[u8],
    options: &crate::import::ImportOptions,
    level: Level,
    name_field: Option<&str>,
) -> Result<Boundaries, ImportError> {
    crate::import::read_table(bytes, options, "boundaries", |text, o| {
        let source = o.source.clone().unwrap_or_else(|| "boundaries".into());
        let root: Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
                ImportError::new(
                    Location::File,
                    None,
                    format!("is not GeoJSON or a Shapefile: {e}"),
                )
                .zh(format!(
                    "不是 GeoJSON 或 Shapefile：{}",
                    crate::error::json_zh(&e, true)
                ))
                .in_source(&source)
            })?;
        let features = root
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                ImportError::new(
                    Location::File,
                    None,
                    "is not a FeatureCollection of polygons",
                )
                .zh("不是由多边形组成的 FeatureCollection")
                .in_source(&source)
            })?;
        let keys: Vec<&str> = name_field.into_iter().chain(name_keys(level)).collect();
        let mut names = Vec::new();
        let mut polygons = Vec::new();
        let mut drawn = Vec::new();
        for (i, f) in features.iter().enumerate() {
            let at = |m: String, zh: String| {
                ImportError::new(Location::Feature(i), None, m)
                    .zh(zh)
                    .in_source(&source)
            };
            let props = f.get("properties").and_then(Value::as_object);
            // A layer of several levels (as the demo's, or this tool's own export) gives this one.
            let tagged = props.and_then(|p| p.get("level")).and_then(Value::as_str);
            if tagged.is_some_and(|l| l != level.name()) {
                continue;
            }
            let name = keys
                .iter()
                .filter_map(|&k| props?.get(k))
                .find_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .ok_or_else(|| {
                    at(
                        format!("has no name: give it one of the properties {} (or name the field: --name-field on the command line, Name field in the app)", keys.join(", ")),
                        format!("没有名称：请在属性 {} 之一中给出（或指定名称字段：命令行用 --name-field，应用中填写“名称字段”）", keys.join("、")),
                    )
                })?;
            let g = f.get("geometry").unwrap_or(&Value::Null);
            let coords = g.get("coordinates").unwrap_or(&Value::Null);
            let rings: Option<Rings> = match g.get("type").and_then(Value::as_str) {
                Some("Polygon") => rings_of(coords, o.crs),
                Some("MultiPolygon") => coords
                    .as_array()
                    .and_then(|ps| {
                        ps.iter()
                            .map(|p| rings_of(p, o.crs))
                            .collect::<Option<Vec<_>>>()
                    })
                    .map(|ps| ps.into_iter().flatten().collect()),
                _ => None,
            };
            let rings = rings.filter(|r| !r.is_empty()).ok_or_else(|| {
                at(
                    format!("'{name}' is not a Polygon or MultiPolygon of longitude/latitude (or of the coordinate system chosen)"),
                    format!("“{name}”不是由经纬度（或所选坐标系）组成的 Polygon 或 MultiPolygon"),
                )
            })?;
            let ring_json: Vec<Value> = rings
                .iter()
                .map(|r| Value::Array(r.iter().map(|p| serde_json::json!(p)).collect()))
                .collect();
            drawn.push(serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": ring_json},
                "properties": {"name": name, "id": name, "level": level.name()},
            }));
            names.push(name);
            polygons.push(rings);
        }
        if polygons.is_empty() {
            return Err(ImportError::new(Location::File, None, "holds no polygon")
                .zh("不含多边形")
                .in_source(&source));
        }
        Ok(Boundaries {
            level,
            source,
            names,
            index: PolygonIndex::new(polygons),
            geojson: serde_json::json!({"type": "FeatureCollection", "features": drawn}),
        })
    })
}

/// One resident as [`assign_rows`] reads it: coordinates, population, unit names by level, name
/// and id.
type Row<'a> = (f64, f64, f64, [&'a str; 3], &'a str, &'a str);

/// Residents (`n` rows, file order) with their units at each boundary's level taken from the
/// polygon they lie in, and per boundary level the residents no polygon holds.
fn assign_rows<'a>(
    n: usize,
    row: impl Fn(usize) -> Row<'a>,
    weights: Vec<WeightColumn>,
    estimated: usize,
    boundaries: &'a [Boundaries],
) -> (ResidentTable, Vec<Unassigned>) {
    let mut out = ResidentTable::default();
    out.reserve(n);
    let mut unassigned: Vec<Unassigned> = boundaries
        .iter()
        .map(|b| Unassigned {
            level: b.level.name(),
            residents: 0,
            population: 0.0,
        })
        .collect();
    for i in 0..n {
        let (lon, lat, pop, mut names, name, id) = row(i);
        for (b, u) in boundaries.iter().zip(&mut unassigned) {
            names[b.level as usize] = match b.index.locate(lon, lat) {
                Some(k) => &b.names[k],
                None => {
                    u.residents += 1;
                    u.population += pop;
                    ""
                }
            };
        }
        out.push_with_id(lon, lat, pop, names, name, id);
    }
    out.weights = weights;
    out.estimated = estimated;
    (out, unassigned)
}

/// The plan's residents with their units at each boundary's level from the polygons (see
/// [`assign_rows`]): for boundaries set on a plan already loaded.
pub fn assign(
    plan: &Planner,
    estimated: usize,
    boundaries: &[Boundaries],
) -> (ResidentTable, Vec<Unassigned>) {
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let admin = plan.admin().all();
    let unit = |u: u32| admin.get(u as usize).map_or("", |a| a.name.as_str());
    let weights = plan
        .weight_column_data()
        .map(|w| WeightColumn {
            name: w.name.clone(),
            values: w.values.clone(),
        })
        .collect();
    let row = |i: usize| {
        let [s, c, g] = plan.resident_units(i);
        (
            coords[2 * i],
            coords[2 * i + 1],
            pop[i],
            [unit(s), unit(c), unit(g)],
            plan.resident_name(i),
            plan.resident_id(i),
        )
    };
    assign_rows(plan.resident_count(), row, weights, estimated, boundaries)
}

/// A table just read with its units at each boundary's level from the polygons (see
/// [`assign_rows`]): so that new residents are loaded once, already assigned.
pub fn assign_table(
    table: ResidentTable,
    boundaries: &[Boundaries],
) -> (ResidentTable, Vec<Unassigned>) {
    let admin = table.admin.all();
    let unit = |u: u32| admin.get(u as usize).map_or("", |a| a.name.as_str());
    let row = |i: usize| {
        let [s, c, g] = table.units[i];
        (
            table.lon[i],
            table.lat[i],
            table.population[i],
            [unit(s), unit(c), unit(g)],
            table.names.get(i),
            table.ids.get(i),
        )
    };
    let (mut out, unassigned) =
        assign_rows(table.len(), row, Vec::new(), table.estimated, boundaries);
    out.weights = table.weights;
    (out, unassigned)
}
