//! The spread buildings as a residents table: GeoJSON points (or CSV) with name, 街道, 社区, the
//! population and every other spread column under their own names, footprint and floors, and the
//! estimate's basis — a file the residents import reads as it is.

use super::Spread;
use crate::export::Lang;
use serde_json::{json, Map, Value};

/// The basis written on each building.
fn basis(lang: Lang, floors_given: bool, floors: f64) -> String {
    match (lang, floors_given) {
        (Lang::Zh, true) => "社区常住人口按建筑面积（基底面积 × 层数）分配".to_string(),
        (Lang::Zh, false) => format!("社区常住人口按建筑面积（基底面积 × 默认 {floors} 层）分配"),
        (Lang::En, true) => "community total spread by floor area (footprint × floors)".to_string(),
        (Lang::En, false) => {
            format!("community total spread by floor area (footprint × {floors} floors assumed)")
        }
    }
}

/// Column names in `lang`: name, street, community, population, footprint, floors, estimated,
/// basis. The population column keeps the totals' name when it is one the residents import reads.
fn keys(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "名称",
            "街道",
            "社区",
            "人口",
            "占地面积",
            "层数",
            "估算",
            "估算依据",
        ],
        Lang::En => [
            "name",
            "street",
            "community",
            "population",
            "footprint_m2",
            "floors",
            "estimated",
            "basis",
        ],
    }
}

/// GeoJSON points, one per building that received population.
pub fn geojson(s: &Spread, lang: Lang) -> String {
    let k = keys(lang);
    let features: Vec<Value> = s
        .buildings
        .iter()
        .zip(&s.values)
        .zip(&s.streets)
        .map(|((b, values), street)| {
            let mut p = Map::new();
            p.insert(k[0].into(), json!(b.name));
            p.insert(k[1].into(), json!(street.clone().unwrap_or_default()));
            p.insert(k[2].into(), json!(b.community.clone().unwrap_or_default()));
            p.insert(k[3].into(), json!(values.first().copied().unwrap_or(0.0)));
            for (name, v) in s.columns.iter().zip(values).skip(1) {
                p.insert(name.clone(), json!(v));
            }
            p.insert(k[4].into(), json!((b.footprint_m2 * 10.0).round() / 10.0));
            p.insert(k[5].into(), json!(b.floors));
            p.insert(k[6].into(), json!(true));
            p.insert(k[7].into(), json!(basis(lang, b.floors_given, b.floors)));
            json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [b.lon, b.lat]}, "properties": p})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// The same as CSV (UTF-8 with BOM, for Excel): 经度, 纬度 first.
pub fn csv(s: &Spread, lang: Lang) -> String {
    let k = keys(lang);
    let (lon, lat) = match lang {
        Lang::Zh => ("经度", "纬度"),
        Lang::En => ("lon", "lat"),
    };
    let quote = |t: &str| {
        if t.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", t.replace('"', "\"\""))
        } else {
            t.to_string()
        }
    };
    let mut header: Vec<String> = vec![
        lon.into(),
        lat.into(),
        k[0].into(),
        k[1].into(),
        k[2].into(),
        k[3].into(),
    ];
    header.extend(s.columns.iter().skip(1).cloned());
    header.extend([k[4], k[5], k[6], k[7]].map(String::from));
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for ((b, values), street) in s.buildings.iter().zip(&s.values).zip(&s.streets) {
        let mut row = vec![
            b.lon.to_string(),
            b.lat.to_string(),
            quote(&b.name),
            quote(street.as_deref().unwrap_or("")),
            quote(b.community.as_deref().unwrap_or("")),
        ];
        row.extend(values.iter().map(|v| v.to_string()));
        row.extend([
            ((b.footprint_m2 * 10.0).round() / 10.0).to_string(),
            b.floors.to_string(),
            "true".into(),
            quote(&basis(lang, b.floors_given, b.floors)),
        ]);
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
