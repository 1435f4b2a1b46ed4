//! Reads GeoJSON features into records: Point as is, Polygon/MultiPolygon by their centroid.

use super::fields::{Field, FIELD_COUNT};
use super::Record;
use crate::error::{ImportError, Location};
use geo::Centroid;
use serde_json::Value;

fn coord(v: &Value, at: Location) -> Result<geo::Coord<f64>, ImportError> {
    let bad = || {
        ImportError::new(
            at.clone(),
            Some("geometry"),
            format!("expected a [longitude, latitude] pair, found {}", short(v)),
        )
        .zh(format!("应为 [经度, 纬度]，实为 {}", short(v)))
    };
    let a = v.as_array().ok_or_else(bad)?;
    if a.len() < 2 {
        return Err(bad());
    }
    let x = a[0].as_f64().ok_or_else(bad)?;
    let y = a[1].as_f64().ok_or_else(bad)?;
    Ok(geo::Coord { x, y })
}

fn ring(v: &Value, at: &Location) -> Result<geo::LineString<f64>, ImportError> {
    let a = v.as_array().ok_or_else(|| {
        ImportError::new(
            at.clone(),
            Some("geometry"),
            format!("expected a ring of positions, found {}", short(v)),
        )
        .zh(format!("应为一圈坐标，实为 {}", short(v)))
    })?;
    a.iter()
        .map(|c| coord(c, at.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map(geo::LineString::new)
}

fn polygon(v: &Value, at: &Location) -> Result<geo::Polygon<f64>, ImportError> {
    let rings = v.as_array().filter(|r| !r.is_empty()).ok_or_else(|| {
        ImportError::new(
            at.clone(),
            Some("geometry"),
            "a Polygon needs at least one ring of positions",
        )
        .zh("面（Polygon）至少需要一圈坐标")
    })?;
    let exterior = ring(&rings[0], at)?;
    let interiors = rings[1..]
        .iter()
        .map(|r| ring(r, at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(geo::Polygon::new(exterior, interiors))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// The representative point of a geometry: the point itself, or the area-weighted centroid of a
/// (multi)polygon (computed in degrees, which at building scale differs from the ellipsoidal
/// centroid by far less than a metre). `None` for a null geometry.
fn representative_point(
    geometry: &Value,
    at: &Location,
) -> Result<Option<(f64, f64)>, ImportError> {
    if geometry.is_null() {
        return Ok(None);
    }
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = geometry.get("coordinates").unwrap_or(&Value::Null);
    let point = match kind {
        "Point" => {
            let c = coord(coords, at.clone())?;
            return Ok(Some((c.x, c.y)));
        }
        "Polygon" => polygon(coords, at)?.centroid(),
        "MultiPolygon" => {
            let parts = coords.as_array().ok_or_else(|| {
                ImportError::new(
                    at.clone(),
                    Some("geometry"),
                    "a MultiPolygon needs a list of polygons",
                )
                .zh("MultiPolygon 应为多边形列表")
            })?;
            let polys = parts
                .iter()
                .map(|p| polygon(p, at))
                .collect::<Result<Vec<_>, _>>()?;
            geo::MultiPolygon::new(polys).centroid()
        }
        other => {
            return Err(ImportError::new(
                at.clone(),
                Some("geometry"),
                format!(
                    "geometry type '{other}' is not supported: use Point, Polygon or MultiPolygon"
                ),
            )
            .zh(format!(
                "不支持几何类型“{other}”：请用 Point、Polygon 或 MultiPolygon"
            )))
        }
    };
    match point {
        Some(p) => Ok(Some((p.x(), p.y()))),
        None => Err(ImportError::new(
            at.clone(),
            Some("geometry"),
            "the polygon is empty or has no area",
        )
        .zh("面为空或面积为零")),
    }
}

/// Calls `visit` for each feature. `required` fields must be present in each feature's properties.
pub fn for_each(
    text: &str,
    required: &[&[Field]],
    visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        ImportError::new(
            Location::File,
            None,
            format!(
                "is not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
        .zh(format!(
            "不是有效的 JSON：{}",
            crate::error::json_zh(&e, true)
        ))
    })?;
    let single;
    let features: &[Value] = match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => root
            .get("features")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .ok_or_else(|| ImportError::new(Location::File, Some("features"), "a FeatureCollection needs a 'features' array").zh("FeatureCollection 需要 features 数组"))?,
        Some("Feature") => {
            single = [root.clone()];
            &single
        }
        Some(other) => {
            return Err(ImportError::new(
                Location::File,
                Some("type"),
                format!("GeoJSON of type '{other}' has no properties: give a FeatureCollection of Point or Polygon features"),
            ).zh(format!("类型为“{other}”的 GeoJSON 没有属性：请提供由点或面要素组成的 FeatureCollection")))
        }
        None => return Err(ImportError::new(Location::File, Some("type"), "is JSON but not GeoJSON: expected {\"type\": \"FeatureCollection\", …}").zh("是 JSON 但不是 GeoJSON：应为 {\"type\": \"FeatureCollection\", …}")),
    };
    let mut owned: Vec<(Field, String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    for (i, feature) in features.iter().enumerate() {
        let at = Location::Feature(i);
        let point = representative_point(feature.get("geometry").unwrap_or(&Value::Null), &at)?;
        owned.clear();
        unknown.clear();
        if let Some(props) = feature.get("properties").and_then(Value::as_object) {
            for (key, value) in props {
                let Some(field) = Field::from_header(key) else {
                    match value {
                        Value::Number(n) => unknown.push((key.clone(), n.to_string())),
                        Value::String(s) if !s.trim().is_empty() => {
                            unknown.push((key.clone(), s.trim().to_string()))
                        }
                        _ => {}
                    }
                    continue;
                };
                if owned.iter().any(|(f, _, _)| *f == field) {
                    continue;
                }
                let text = match value {
                    Value::Null => continue,
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    other => {
                        return Err(ImportError::new(
                            at,
                            Some(key),
                            format!("expected text or a number, found {}", short(other)),
                        )
                        .zh(format!("应为文字或数字，实为 {}", short(other))))
                    }
                };
                if !text.is_empty() {
                    owned.push((field, key.clone(), text));
                }
            }
        }
        let mut values: [Option<&str>; FIELD_COUNT] = [None; FIELD_COUNT];
        let mut names: [Option<String>; FIELD_COUNT] = Default::default();
        for (field, key, text) in &owned {
            values[field.index()] = Some(text.as_str());
            names[field.index()] = Some(key.clone());
        }
        for alternatives in required {
            let coordinate = alternatives
                .iter()
                .any(|f| matches!(f, Field::Lon | Field::Lat));
            if coordinate && point.is_some() {
                continue;
            }
            if alternatives.iter().all(|f| values[f.index()].is_none()) {
                let wanted: Vec<&str> = alternatives.iter().map(|f| f.display()).collect();
                let wanted_zh: Vec<&str> = alternatives.iter().map(|f| f.display_zh()).collect();
                let (what, what_zh) = if coordinate {
                    ("a geometry or property", "几何或属性")
                } else {
                    ("property", "属性")
                };
                return Err(ImportError::new(
                    at,
                    None,
                    format!("missing {what} {}", wanted.join(" or ")),
                )
                .zh(format!("缺少{what_zh}「{}」", wanted_zh.join("」或「"))));
            }
        }
        let extra: Vec<(&str, &str)> = unknown
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        visit(&Record {
            location: at,
            point,
            values,
            names: &names,
            extra: &extra,
        })?;
    }
    Ok(())
}

/// Reads an area (e.g. one the planner drew): a Polygon or MultiPolygon geometry, a Feature with
/// one, or a FeatureCollection of them, converted from `crs` to WGS-84.
pub fn read_area(text: &str, crs: crate::crs::Crs) -> Result<geo::MultiPolygon<f64>, ImportError> {
    let root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        ImportError::new(Location::File, None, format!("is not valid JSON: {e}")).zh(format!(
            "不是有效的 JSON：{}",
            crate::error::json_zh(&e, true)
        ))
    })?;
    let mut out = Vec::new();
    fn walk(v: &Value, at: Location, out: &mut Vec<geo::Polygon<f64>>) -> Result<(), ImportError> {
        let coords = || v.get("coordinates").unwrap_or(&Value::Null);
        match v.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => {
                let fs = v.get("features").and_then(Value::as_array).ok_or_else(|| {
                    ImportError::new(
                        at.clone(),
                        Some("features"),
                        "a FeatureCollection needs a 'features' array",
                    )
                    .zh("FeatureCollection 需要 features 数组")
                })?;
                for (i, f) in fs.iter().enumerate() {
                    walk(f, Location::Feature(i), out)?;
                }
            }
            Some("Feature") => walk(v.get("geometry").unwrap_or(&Value::Null), at, out)?,
            Some("Polygon") => out.push(polygon(coords(), &at)?),
            Some("MultiPolygon") => {
                for p in coords().as_array().into_iter().flatten() {
                    out.push(polygon(p, &at)?);
                }
            }
            other => {
                return Err(ImportError::new(
                    at,
                    Some("geometry"),
                    format!(
                        "an area must be a Polygon or MultiPolygon, found {}",
                        other.map_or_else(|| short(v), str::to_string)
                    ),
                )
                .zh(format!(
                    "范围须为 Polygon 或 MultiPolygon，而这里是 {}",
                    other.map_or_else(|| short(v), str::to_string)
                )))
            }
        }
        Ok(())
    }
    walk(&root, Location::File, &mut out)?;
    if out.is_empty() {
        return Err(ImportError::new(Location::File, None, "has no polygon").zh("不含多边形"));
    }
    let mut mp = geo::MultiPolygon::new(out);
    use geo::{CoordsIter, MapCoordsInPlace};
    if let Some(e) = mp.coords_iter().find_map(|c| crs.place(c.x, c.y).err()) {
        return Err(ImportError::new(Location::File, Some("geometry"), e.en).zh(e.zh));
    }
    mp.map_coords_in_place(|c| {
        let (x, y) = crs.to_wgs84(c.x, c.y);
        geo::Coord { x, y }
    });
    Ok(mp)
}
