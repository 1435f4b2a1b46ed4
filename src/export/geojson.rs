//! Stations and residents as GeoJSON points with their coverage fields under a metric, in the
//! chosen coordinate system and with property names in the planner's language; both read back as
//! input files.

use super::Lang;
use crate::crs::Crs;
use crate::engine::{Planner, NO_STATION};
use crate::import::fields::{DERIVED_SUFFIXES, REACHABLE};
use crate::report::{Coverage, Summary};
use crate::tables::WeightColumn;
use serde_json::{json, Map, Value};
use std::fmt::Write;

fn feature(lon: f64, lat: f64, properties: Map<String, Value>) -> Value {
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    })
}

fn collection(features: Vec<Value>, crs: Crs, metric: &str) -> String {
    json!({"type": "FeatureCollection", "crs_name": crs.name(), "metric": metric, "features": features})
        .to_string()
}

/// A property name in `lang`.
fn key(lang: Lang, en: &'static str, zh: &'static str) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
    .to_string()
}

/// Live stations as GeoJSON points in `crs`, with kind, name, radius, and the population served
/// and served only by each under the summary's metric. Reads back as a stations file. In Chinese
/// the properties are 编号, 类型 (the kind's label), 类型编号 (its id), 名称, 服务半径_米, 服务人口,
/// 独有服务人口.
pub fn stations_geojson(plan: &Planner, summary: &Summary, crs: Crs, lang: Lang) -> String {
    let features = summary
        .stations
        .iter()
        .map(|s| {
            let k = plan.kinds().resolve(&s.kind).map(|k| plan.kinds().get(k));
            let (lon, lat) = crs.from_wgs84(s.lon, s.lat);
            let mut p = Map::new();
            let label = k.map(|k| k.label.as_str());
            p.insert(key(lang, "id", "编号"), json!(s.id));
            match lang {
                Lang::En => {
                    p.insert("kind".into(), json!(s.kind));
                    p.insert("kind_label".into(), json!(label));
                }
                Lang::Zh => {
                    p.insert("类型".into(), json!(label.unwrap_or(&s.kind)));
                    p.insert("类型编号".into(), json!(s.kind));
                }
            }
            p.insert(key(lang, "name", "名称"), json!(s.name));
            p.insert(
                key(lang, "radius_m", "服务半径_米"),
                json!(k.map(|k| k.radius_m)),
            );
            p.insert(
                key(lang, "served_population", "服务人口"),
                json!(s.served_population.max(0.0)),
            );
            p.insert(
                key(lang, "only_population", "独有服务人口"),
                json!(s.only_population.max(0.0)),
            );
            feature(lon, lat, p)
        })
        .collect();
    collection(features, crs, summary.metric.name())
}

/// Residents as GeoJSON points in `crs` with population, admin units, their other numeric columns,
/// and per kind the nearest station (name and distance in metres, null beyond twice the radius)
/// and whether it is covered, under the metric of `cov`: on the walking network the distances are
/// walks, each kind adds `{kind}_detour` (walking ÷ straight line), and residents the streets do
/// not reach get `reachable: false`. Reads back as a residents file. In Chinese: 名称, 人口, 街道,
/// 社区, 网格, and per kind `{类型}_最近站点`, `_距离_米`, `_已覆盖`, `_绕行系数` ([`DERIVED_SUFFIXES`]),
/// and 路网可达.
pub fn residents_geojson(
    plan: &Planner,
    cov: &(impl Coverage + ?Sized),
    crs: Crs,
    lang: Lang,
) -> String {
    let mut text = String::with_capacity(plan.resident_count() * 300);
    residents_geojson_pieces(plan, cov, crs, lang, usize::MAX, &mut |piece| {
        text.push_str(&piece)
    });
    text
}

/// [`residents_geojson`] handed to `out` in pieces of about `piece` bytes (their concatenation is
/// the same text), so that a large export never has to be one string: the browser builds a file
/// from the pieces.
pub fn residents_geojson_pieces(
    plan: &Planner,
    cov: &(impl Coverage + ?Sized),
    crs: Crs,
    lang: Lang,
    piece: usize,
    out: &mut dyn FnMut(String),
) {
    // serde_json writes an object's keys in order: crs_name, features, metric, type.
    let mut buf = format!("{{\"crs_name\":{},\"features\":[", json!(crs.name()));
    let mut first = true;
    let kinds: Vec<usize> = (0..plan.kinds().len()).collect();
    let figures: Vec<crate::report::KindView> = kinds.iter().map(|&k| cov.kind_view(k)).collect();
    let unreachable = cov.unreachable();
    let unreachable = unreachable.as_deref();
    let nearest: Vec<&[u32]> = figures.iter().map(|f| f.nearest.as_slice()).collect();
    let dist: Vec<&[f64]> = figures.iter().map(|f| f.distance_m.as_slice()).collect();
    let count: Vec<&[u32]> = figures.iter().map(|f| f.count.as_slice()).collect();
    let mut cut = vec![false; plan.resident_count()];
    for &i in unreachable.unwrap_or_default() {
        cut[i as usize] = true;
    }
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let weights: Vec<&WeightColumn> = plan.weight_column_data().collect();
    // Each kind's column names, made once: the id in English, the label in Chinese.
    let kind_keys: Vec<[String; 4]> = kinds
        .iter()
        .map(|&k| {
            let kind = plan.kinds().get(k);
            let (name, zh) = match lang {
                Lang::En => (&kind.id, false),
                Lang::Zh => (&kind.label, true),
            };
            DERIVED_SUFFIXES.map(|(en, z)| format!("{name}{}", if zh { z } else { en }))
        })
        .collect();
    let keys = [
        key(lang, "name", "名称"),
        key(lang, "population", "人口"),
        key(lang, "street", "街道"),
        key(lang, "community", "社区"),
        key(lang, "grid", "网格"),
        key(lang, REACHABLE.0, REACHABLE.1),
        key(lang, "id", "编号"),
    ];
    let admin = plan.admin().all();
    let unit_name = |u: u32| -> &str {
        admin
            .get(u as usize)
            .map(|a| a.name.as_str())
            .unwrap_or_default()
    };
    for i in 0..pop.len() {
        let (lon, lat) = crs.from_wgs84(coords[2 * i], coords[2 * i + 1]);
        let [s, c, g] = plan.resident_units(i);
        let mut p = Map::new();
        // The file's own id, so that the export joins back to the planner's table.
        let id = plan.resident_id(i);
        if !id.is_empty() {
            p.insert(keys[6].clone(), json!(id));
        }
        p.insert(keys[0].clone(), json!(plan.resident_name(i)));
        p.insert(keys[1].clone(), json!(pop[i]));
        p.insert(keys[2].clone(), json!(unit_name(s)));
        p.insert(keys[3].clone(), json!(unit_name(c)));
        p.insert(keys[4].clone(), json!(unit_name(g)));
        for w in &weights {
            p.insert(w.name.clone(), json!(w.values[i]));
        }
        for &k in &kinds {
            let [k_nearest, k_distance, k_covered, k_detour] = &kind_keys[k];
            let near = nearest[k][i];
            let name = (near != NO_STATION)
                .then(|| plan.station(near).map(|s| s.name.clone()))
                .flatten();
            let d = dist[k][i];
            p.insert(k_nearest.clone(), json!(name));
            p.insert(
                k_distance.clone(),
                if d.is_finite() {
                    json!((d * 10.0).round() / 10.0)
                } else {
                    Value::Null
                },
            );
            p.insert(k_covered.clone(), json!(count[k][i] > 0));
            if let Some(detour) = &figures[k].detour {
                let r = detour[i];
                p.insert(
                    k_detour.clone(),
                    if r.is_finite() {
                        json!((r * 1000.0).round() / 1000.0)
                    } else {
                        Value::Null
                    },
                );
            }
        }
        if unreachable.is_some() {
            p.insert(keys[5].clone(), json!(!cut[i]));
        }
        if !first {
            buf.push(',');
        }
        first = false;
        // Writing JSON to a String cannot fail.
        let _ = serde_json::to_writer(string_writer(&mut buf), &feature(lon, lat, p));
        if buf.len() >= piece {
            out(std::mem::take(&mut buf));
        }
    }
    let _ = write!(
        buf,
        "],\"metric\":{},\"type\":\"FeatureCollection\"}}",
        json!(cov.metric().name())
    );
    out(buf);
}

/// A `String` as an `io::Write` for serde_json, which only ever writes valid UTF-8.
fn string_writer(s: &mut String) -> impl std::io::Write + '_ {
    struct W<'a>(&'a mut String);
    impl std::io::Write for W<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0
                .push_str(std::str::from_utf8(b).map_err(std::io::Error::other)?);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    W(s)
}
