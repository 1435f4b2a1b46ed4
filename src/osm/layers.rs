//! An OSM import's layers as GeoJSON the other commands read back: streets, residents estimated
//! from buildings, stations and points of interest.

use super::features::{OsmArea, OsmImport};
use geo::{Centroid, Contains};
use serde_json::{json, Map, Value};

fn collection(features: Vec<Value>) -> String {
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// The streets as GeoJSON: `osm_id`, `highway`, `name`, `walkable`, `across_area` (a line across
/// a pedestrian area), `length_m`.
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
                        "across_area": s.across, "length_m": (len * 10.0).round() / 10.0}})
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

/// A residential building: the area, its centroid, the residential area holding it, and its
/// `building:levels` when given.
type ResidentialBuilding<'a> = (&'a OsmArea, geo::Point<f64>, Option<usize>, Option<f64>);

/// The residential buildings of an import: residential building tags, or `building=yes` inside a
/// residential area; each with its centroid, the index of the residential area holding it, and its
/// `building:levels` when given.
fn residential_buildings(imp: &OsmImport) -> Vec<ResidentialBuilding<'_>> {
    let tagv = |tags: &[(String, String)], k: &str| {
        tags.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for b in &imp.buildings {
        let Some(c) = b.shape.centroid() else {
            continue;
        };
        let kind = tagv(&b.tags, "building").unwrap_or_default();
        let area_idx = imp
            .residential_areas
            .iter()
            .position(|a| a.shape.contains(&c));
        if RESIDENTIAL.contains(&kind.as_str()) || (kind == "yes" && area_idx.is_some()) {
            let levels = tagv(&b.tags, "building:levels")
                .and_then(|l| l.trim().parse::<f64>().ok())
                .filter(|l| *l > 0.0);
            out.push((b, c, area_idx, levels));
        }
    }
    out
}

/// The residential buildings of an import as GeoJSON footprints with `osm_id`, `name`,
/// `building` and `building:levels` where given (for spreading census totals over them).
pub fn building_footprints_geojson(imp: &OsmImport, _est: &ResidentEstimate) -> String {
    let tagv = |tags: &[(String, String)], k: &str| {
        tags.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone())
    };
    let features: Vec<Value> = residential_buildings(imp)
        .into_iter()
        .map(|(b, _, _, levels)| {
            let mut p = Map::new();
            p.insert("osm_id".into(), json!(b.osm_id));
            p.insert("name".into(), json!(tagv(&b.tags, "name").unwrap_or_default()));
            p.insert("building".into(), json!(tagv(&b.tags, "building").unwrap_or_default()));
            if let Some(l) = levels {
                p.insert("building:levels".into(), json!(l));
            }
            let polys: Vec<Value> = b
                .shape
                .0
                .iter()
                .map(|poly| {
                    let ring = |r: &geo::LineString<f64>| Value::Array(r.0.iter().map(|c| json!([c.x, c.y])).collect());
                    Value::Array(std::iter::once(ring(poly.exterior())).chain(poly.interiors().iter().map(ring)).collect())
                })
                .collect();
            json!({"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": polys}, "properties": p})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

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
    for (b, c, area_idx, given) in residential_buildings(imp) {
        let kind = tagv(&b.tags, "building").unwrap_or_default();
        if let Some(a) = area_idx {
            with_buildings[a] = true;
        }
        let (levels, basis) = match given {
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

/// How many of each thing an OSM import gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OsmCounts {
    /// Highway ways.
    pub streets: usize,
    /// Of which walkable.
    pub walkable: usize,
    /// Buildings.
    pub buildings: usize,
    /// Residents estimated (buildings people live in, residential areas without buildings).
    pub residents: usize,
    /// POIs the station rules made stations.
    pub stations: usize,
    /// All POIs in a category or taken by a rule.
    pub pois: usize,
}

/// An import's layers as GeoJSON text, with their counts.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmLayers {
    /// Residents estimated from buildings ([`residents_geojson`]).
    pub residents: String,
    /// Stations: the POIs the rules gave a kind.
    pub stations: String,
    /// Every POI, `kind` its category.
    pub pois: String,
    /// The streets ([`streets_geojson`]).
    pub streets: String,
    /// How many of each.
    pub counts: OsmCounts,
}

/// A parameter of the resident estimate that is not a positive number.
#[derive(Clone, Debug, PartialEq)]
pub struct BadEstimate {
    /// `floor_area_per_person`, `default_levels` or `floor_ratio`.
    pub name: &'static str,
    /// The value given.
    pub value: f64,
}

impl crate::error::Localized for BadEstimate {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        let what = match self.name {
            "floor_area_per_person" => "人均建筑面积",
            "default_levels" => "缺省层数",
            "floor_ratio" => "容积率",
            other => other,
        };
        match lang {
            crate::lang::Lang::Zh => format!("{what} {} 须为正数", self.value),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

impl std::fmt::Display for BadEstimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} must be positive", self.name, self.value)
    }
}

impl std::error::Error for BadEstimate {}

impl ResidentEstimate {
    /// Every parameter must be a positive number.
    pub fn check(&self) -> Result<(), BadEstimate> {
        for (name, value) in [
            ("floor_area_per_person", self.floor_area_per_person),
            ("default_levels", self.default_levels),
            ("floor_ratio", self.area_floor_ratio),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(BadEstimate { name, value });
            }
        }
        Ok(())
    }
}

/// Every layer of an import, residents estimated by `est`.
pub fn layers(imp: &OsmImport, est: &ResidentEstimate) -> OsmLayers {
    let (residents, nr) = residents_geojson(imp, est);
    let (stations, ns) = pois_geojson(imp, true);
    let (pois, np) = pois_geojson(imp, false);
    OsmLayers {
        residents,
        stations,
        pois,
        streets: streets_geojson(imp),
        counts: OsmCounts {
            streets: imp.streets.len(),
            walkable: imp.streets.iter().filter(|s| s.line.walkable).count(),
            buildings: imp.buildings.len(),
            residents: nr,
            stations: ns,
            pois: np,
        },
    }
}
