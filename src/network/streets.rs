//! Street files: GeoJSON LineStrings in, and the OSM import's layers out as GeoJSON the other
//! commands read back (streets, residents estimated from buildings, stations and POIs).

use super::graph::StreetLine;
use super::osm::{is_walkable, OsmImport};
use crate::crs::Crs;
use crate::error::{ImportError, Location};
use geo::{Centroid, Contains};
use serde_json::{json, Map, Value};

/// Reads streets from GeoJSON LineString/MultiLineString features (coordinates in `crs`). A
/// feature is walkable unless its `walkable` property is false or, when it has OSM tags
/// (`highway`, `foot`, `access`), [`is_walkable`] says no.
pub fn read_streets_geojson(text: &str, crs: Crs) -> Result<Vec<StreetLine>, ImportError> {
    // Typed reading (coordinates kept raw until the geometry type is known) is several times
    // faster than a generic JSON tree on a city's streets.
    #[derive(serde::Deserialize)]
    struct Fc<'a> {
        #[serde(borrow)]
        features: Option<Vec<Feature<'a>>>,
    }
    #[derive(serde::Deserialize)]
    struct Feature<'a> {
        #[serde(borrow)]
        geometry: Option<Geometry<'a>>,
        #[serde(default)]
        properties: Option<Props>,
    }
    #[derive(serde::Deserialize)]
    struct Geometry<'a> {
        #[serde(rename = "type")]
        kind: String,
        #[serde(borrow)]
        coordinates: Option<&'a serde_json::value::RawValue>,
    }
    #[derive(serde::Deserialize, Default)]
    struct Props {
        walkable: Option<bool>,
        highway: Option<Value>,
        foot: Option<Value>,
        access: Option<Value>,
    }
    let fc: Fc = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        ImportError::new(
            Location::File,
            None,
            format!("is not a GeoJSON FeatureCollection of LineStrings: {e}"),
        )
    })?;
    let features = fc.features.ok_or_else(|| {
        ImportError::new(
            Location::File,
            Some("features"),
            "streets must be a FeatureCollection of LineString features",
        )
    })?;
    let mut out = Vec::with_capacity(features.len());
    for (i, f) in features.into_iter().enumerate() {
        let at = Location::Feature(i);
        let bad = |m: String| ImportError::new(at.clone(), Some("geometry"), m);
        let p = f.properties.unwrap_or_default();
        let walkable = match p.walkable {
            Some(w) => w,
            None => match p.highway.as_ref().and_then(Value::as_str) {
                Some(h) => {
                    let mut tags = vec![("highway".to_string(), h.to_string())];
                    for (k, v) in [("foot", &p.foot), ("access", &p.access)] {
                        if let Some(v) = v.as_ref().and_then(Value::as_str) {
                            tags.push((k.to_string(), v.to_string()));
                        }
                    }
                    is_walkable(&tags)
                }
                None => true,
            },
        };
        let Some(g) = f.geometry else { continue };
        let raw = g.coordinates.map(|c| c.get()).unwrap_or("null");
        let lines: Vec<Vec<Vec<f64>>> = match g.kind.as_str() {
            "LineString" => vec![serde_json::from_str(raw).map_err(|e| {
                bad(format!(
                    "a LineString needs [longitude, latitude] positions: {e}"
                ))
            })?],
            "MultiLineString" => serde_json::from_str(raw)
                .map_err(|e| bad(format!("a MultiLineString needs lines of positions: {e}")))?,
            "Point" | "MultiPoint" | "Polygon" | "MultiPolygon" => continue,
            other => return Err(bad(format!("a street must be a LineString, found {other}"))),
        };
        for l in lines {
            let pts = l
                .iter()
                .map(|c| match c.as_slice() {
                    [x, y, ..] if x.abs() <= 180.0 && y.abs() <= 90.0 => Ok(crs.to_wgs84(*x, *y)),
                    _ => Err(bad(format!(
                        "expected a [longitude, latitude] pair, found {c:?}"
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if pts.len() >= 2 {
                out.push(StreetLine {
                    points: pts,
                    walkable,
                });
            }
        }
    }
    Ok(out)
}

fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// The streets as GeoJSON: `osm_id`, `highway`, `name`, `walkable`, `length_m`.
pub fn streets_geojson(imp: &OsmImport) -> String {
    collection(
        imp.streets
            .iter()
            .map(|s| {
                let len: f64 = s
                    .line
                    .points
                    .windows(2)
                    .map(|w| crate::geodesy::distance_m(w[0].0, w[0].1, w[1].0, w[1].1))
                    .sum();
                json!({"type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": s.line.points.iter().map(|p| [p.0, p.1]).collect::<Vec<_>>()},
                    "properties": {"osm_id": s.osm_id, "highway": s.highway, "name": s.name, "walkable": s.line.walkable,
                        "length_m": (len * 10.0).round() / 10.0}})
            })
            .collect(),
    )
}

/// How residents are estimated from an OSM file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResidentEstimate {
    /// Floor area per person, m² (default 36.52: the 2020 census urban average).
    pub floor_area_per_person: f64,
    /// Floors of a residential building without `building:levels` (default 6).
    pub default_levels: f64,
    /// Floor area ratio (容积率) of a residential area without mapped buildings (default 1.8).
    pub area_floor_ratio: f64,
}

impl Default for ResidentEstimate {
    fn default() -> Self {
        ResidentEstimate {
            floor_area_per_person: 36.52,
            default_levels: 6.0,
            area_floor_ratio: 1.8,
        }
    }
}

/// Building types people live in; `building=yes` counts when it stands in a residential area.
const RESIDENTIAL: &[&str] = &[
    "residential",
    "apartments",
    "house",
    "detached",
    "semidetached_house",
    "terrace",
    "dormitory",
    "bungalow",
    "farm",
    "cabin",
];

/// Residents from buildings (footprint × floors ÷ floor area per person), or from residential
/// areas without buildings (area × floor ratio ÷ floor area per person), as GeoJSON points with
/// `population`, `footprint_m2`, `levels`, `basis` and `estimated: true`. Returns the text and the
/// count.
pub fn residents_geojson(imp: &OsmImport, est: &ResidentEstimate) -> (String, usize) {
    let tagv = |tags: &[(String, String)], k: &str| {
        tags.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
    };
    let mut features = Vec::new();
    let mut with_buildings = vec![false; imp.residential_areas.len()];
    for b in &imp.buildings {
        let Some(c) = b.shape.centroid() else {
            continue;
        };
        let kind = tagv(&b.tags, "building").unwrap_or_default();
        let area_idx = imp
            .residential_areas
            .iter()
            .position(|a| a.shape.contains(&c));
        let residential =
            RESIDENTIAL.contains(&kind.as_str()) || (kind == "yes" && area_idx.is_some());
        if !residential {
            continue;
        }
        if let Some(a) = area_idx {
            with_buildings[a] = true;
        }
        let (levels, basis) = match tagv(&b.tags, "building:levels")
            .and_then(|l| l.trim().parse::<f64>().ok())
            .filter(|l| *l > 0.0)
        {
            Some(l) => (l, "building footprint × building:levels"),
            None => (est.default_levels, "building footprint × default floors"),
        };
        let fp = b.area_m2();
        let mut p = Map::new();
        p.insert("osm_id".into(), json!(b.osm_id));
        p.insert(
            "name".into(),
            json!(tagv(&b.tags, "name").unwrap_or_default()),
        );
        p.insert("building".into(), json!(kind));
        p.insert("footprint_m2".into(), json!((fp * 10.0).round() / 10.0));
        p.insert("levels".into(), json!(levels));
        p.insert(
            "population".into(),
            json!((fp * levels / est.floor_area_per_person).round()),
        );
        p.insert("estimated".into(), json!(true));
        p.insert("basis".into(), json!(basis));
        features.push(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [c.x(), c.y()]}, "properties": p}));
    }
    for (a, area) in imp.residential_areas.iter().enumerate() {
        if with_buildings[a] {
            continue;
        }
        let Some(c) = area.shape.centroid() else {
            continue;
        };
        let m2 = area.area_m2();
        features.push(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [c.x(), c.y()]},
            "properties": {"osm_id": area.osm_id, "name": tagv(&area.tags, "name").unwrap_or_default(),
                "area_m2": (m2 * 10.0).round() / 10.0,
                "population": (m2 * est.area_floor_ratio / est.floor_area_per_person).round(),
                "estimated": true, "basis": "residential area × floor area ratio"}}));
    }
    let n = features.len();
    (collection(features), n)
}

/// Stations (POIs the station rules gave a kind) or all POIs (`kind` their category), as GeoJSON
/// points with `kind`, `name`, `osm_id` and the deciding tag `by`.
pub fn pois_geojson(imp: &OsmImport, stations_only: bool) -> (String, usize) {
    let features: Vec<Value> = imp
        .pois
        .iter()
        .filter_map(|p| {
            let kind = if stations_only { p.station.as_deref()? } else { p.kind };
            Some(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {"osm_id": p.osm_id, "kind": kind, "name": p.name, "by": p.by, "from_area": p.from_area}}))
        })
        .collect();
    let n = features.len();
    (collection(features), n)
}
