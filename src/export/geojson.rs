//! Stations and residents as GeoJSON points with their coverage fields (the tables of
//! [`super::features`]) in the chosen coordinate system; both read back as input files.

use super::features::{PointTable, ResidentTable, StationTable};
use super::Lang;
use crate::crs::Crs;
use crate::engine::Planner;
use crate::report::{Coverage, Summary};
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// Row `i` of `table` as a GeoJSON feature (`values` is scratch space).
fn feature(table: &dyn PointTable, i: usize, values: &mut Vec<Value>) -> Value {
    let (x, y) = table.row(i, values);
    let properties: Map<String, Value> = table
        .names()
        .iter()
        .cloned()
        .zip(values.drain(..))
        .collect();
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [x, y]},
        "properties": properties,
    })
}

/// Live stations as GeoJSON points in `crs` ([`StationTable`]'s fields, in `lang`). Reads back as
/// a stations file.
pub fn stations_geojson(plan: &Planner, summary: &Summary, crs: Crs, lang: Lang) -> String {
    let table = StationTable::new(plan, summary, crs, lang);
    let mut values = Vec::new();
    let features: Vec<Value> = (0..table.len())
        .map(|i| feature(&table, i, &mut values))
        .collect();
    json!({"type": "FeatureCollection", "crs_name": crs.name(), "metric": summary.metric.name(), "features": features})
        .to_string()
}

/// Residents as GeoJSON points in `crs` with their coverage fields under the metric of `cov`
/// ([`ResidentTable`]'s fields, in `lang`). Reads back as a residents file.
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
    let table = ResidentTable::new(plan, cov, crs, lang);
    // serde_json writes an object's keys in order: crs_name, features, metric, type.
    let mut buf = format!("{{\"crs_name\":{},\"features\":[", json!(crs.name()));
    let mut values = Vec::new();
    for i in 0..table.len() {
        if i > 0 {
            buf.push(',');
        }
        // Writing JSON to a String cannot fail.
        let _ = serde_json::to_writer(string_writer(&mut buf), &feature(&table, i, &mut values));
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
