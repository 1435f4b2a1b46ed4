//! Street files in GeoJSON: LineString and MultiLineString features, walkable by their properties.

use super::areas::across_areas;
use super::graph::StreetLine;
use super::walkable::is_walkable;
use crate::crs::Crs;
use crate::error::{ImportError, Location};
use serde_json::Value;

/// Reads streets from GeoJSON LineString/MultiLineString features (coordinates in `crs`). A
/// feature is walkable unless its `walkable` property is false or, when it has OSM tags
/// (`highway`, `foot`, `access`), [`is_walkable`] says no. Polygons tagged `highway=pedestrian`
/// are pedestrian areas: walkable round their outlines and across ([`across_areas`]).
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
        .zh(format!(
            "不是由线组成的 GeoJSON FeatureCollection：{}",
            crate::error::json_zh(&e, true)
        ))
    })?;
    let features = fc.features.ok_or_else(|| {
        ImportError::new(
            Location::File,
            Some("features"),
            "streets must be a FeatureCollection of LineString features",
        )
        .zh("路网须为由线要素组成的 FeatureCollection")
    })?;
    let positions = |l: &[Vec<f64>], bad: &dyn Fn(String, String) -> ImportError| {
        l.iter()
            .map(|c| match c.as_slice() {
                [x, y, ..] => crs.place(*x, *y).map_err(|b| bad(b.en, b.zh)),
                _ => Err(bad(
                    format!("expected a [longitude, latitude] pair, found {c:?}"),
                    format!("应为 [经度, 纬度]，实为 {c:?}"),
                )),
            })
            .collect::<Result<Vec<(f64, f64)>, ImportError>>()
    };
    let mut out = Vec::with_capacity(features.len());
    let mut areas = Vec::new();
    for (i, f) in features.into_iter().enumerate() {
        let at = Location::Feature(i);
        let bad = |m: String, zh: String| ImportError::new(at.clone(), Some("geometry"), m).zh(zh);
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
        let pedestrian =
            walkable && p.highway.as_ref().and_then(Value::as_str) == Some("pedestrian");
        let Some(g) = f.geometry else { continue };
        let raw = g.coordinates.map(|c| c.get()).unwrap_or("null");
        let lines: Vec<Vec<Vec<f64>>> = match g.kind.as_str() {
            "LineString" => vec![serde_json::from_str(raw).map_err(|e| {
                bad(
                    format!("a LineString needs [longitude, latitude] positions: {e}"),
                    format!(
                        "线（LineString）需要 [经度, 纬度] 坐标：{}",
                        crate::error::json_zh(&e, false)
                    ),
                )
            })?],
            "MultiLineString" => serde_json::from_str(raw).map_err(|e| {
                bad(
                    format!("a MultiLineString needs lines of positions: {e}"),
                    format!(
                        "多线（MultiLineString）需要若干条坐标线：{}",
                        crate::error::json_zh(&e, false)
                    ),
                )
            })?,
            "Polygon" | "MultiPolygon" if pedestrian => {
                // A pedestrian area: walkable round its outline, and across (below).
                let rings: Vec<Vec<Vec<Vec<f64>>>> = if g.kind == "Polygon" {
                    vec![serde_json::from_str(raw).map_err(|e| {
                        bad(
                            format!("a Polygon needs rings of positions: {e}"),
                            format!(
                                "面（Polygon）需要坐标环：{}",
                                crate::error::json_zh(&e, false)
                            ),
                        )
                    })?]
                } else {
                    serde_json::from_str(raw).map_err(|e| {
                        bad(
                            format!("a MultiPolygon needs polygons of rings: {e}"),
                            format!(
                                "多面（MultiPolygon）需要由坐标环组成的面：{}",
                                crate::error::json_zh(&e, false)
                            ),
                        )
                    })?
                };
                let mut polys = Vec::new();
                for poly in rings {
                    let mut ls = Vec::new();
                    for ring in poly {
                        let pts = positions(&ring, &bad)?;
                        ls.push(geo::LineString::from(pts.clone()));
                        if pts.len() >= 2 {
                            out.push(StreetLine {
                                points: pts,
                                walkable,
                            });
                        }
                    }
                    if !ls.is_empty() {
                        let outer = ls.remove(0);
                        polys.push(geo::Polygon::new(outer, ls));
                    }
                }
                areas.push(geo::MultiPolygon::new(polys));
                continue;
            }
            "Point" | "MultiPoint" | "Polygon" | "MultiPolygon" => continue,
            other => {
                return Err(bad(
                    format!("a street must be a LineString, found {other}"),
                    format!("街道须为线（LineString），实为 {other}"),
                ))
            }
        };
        for l in lines {
            let pts = positions(&l, &bad)?;
            if pts.len() >= 2 {
                out.push(StreetLine {
                    points: pts,
                    walkable,
                });
            }
        }
    }
    let across = across_areas(&areas, &out);
    out.extend(across);
    Ok(out)
}
