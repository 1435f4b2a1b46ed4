//! The GeoJSON exports in the planner's language: Chinese property names in Chinese (the ids stay
//! as a column), English otherwise. Either reads back as the same plan, and the figures the export
//! adds (distances, covered, detours, reachable) never come back as demand columns. The zipped
//! Shapefiles: every field of the GeoJSON comes back from the `.dbf` under its full name (through
//! the `.fields.csv`), the `.prj` gives the chosen system back, the points are where the GeoJSON
//! puts them, and the residents read back as the same plan (tests/js/shapefile.test.mjs reads the
//! same files with independent JavaScript readers and proj4). On Nanjing, on foot.

mod common;

use lifecircle::export::Lang;
use lifecircle::import::shapefile::{to_geojson, unzip};
use lifecircle::session::FileData;
use lifecircle::{Crs, ImportOptions, Metric, Session};
use serde_json::Value;

/// Nanjing's residents, stations and streets from its OpenStreetMap extract, on foot; and the
/// stations file the import made (it defines the kinds).
fn nanjing() -> Option<(Session, String, Vec<u8>)> {
    let dir = common::shared_data("GeoJSON exports on Nanjing")?;
    let bytes = std::fs::read(dir.join("osm/nanjing_xinjiekou/source_osm_bbox.osm")).unwrap();
    let imp = lifecircle::osm::import_osm(&bytes).unwrap();
    let layers = lifecircle::osm::layers(&imp, &Default::default());
    let mut s = Session::default();
    s.read_residents(layers.residents.into_bytes(), &Default::default())
        .unwrap();
    s.read_stations(&FileData::Text(layers.stations.clone()), &new_kinds())
        .unwrap();
    on_foot(&mut s, &bytes);
    Some((s, layers.stations, bytes))
}

fn new_kinds() -> ImportOptions {
    ImportOptions {
        new_kind_radius_m: Some(500.0),
        ..Default::default()
    }
}

fn on_foot(s: &mut Session, osm: &[u8]) {
    s.read_streets(
        &FileData::Bytes(osm.to_vec()),
        None,
        Some("nanjing.osm"),
        Crs::Wgs84,
        Default::default(),
    )
    .unwrap();
    s.set_metric(Metric::Network).unwrap();
}

fn keys(v: &Value) -> Vec<String> {
    v["features"][0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn exports_in_either_language_read_back_as_the_same_plan() {
    let Some((mut a, kinds_file, osm)) = nanjing() else {
        return;
    };
    let (before, _) = a.summary().unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let stations = a.stations_geojson(Crs::Wgs84, lang).unwrap();
        let residents = a.residents_geojson(Crs::Wgs84, lang).unwrap();
        let (sv, rv): (Value, Value) = (
            serde_json::from_str(&stations).unwrap(),
            serde_json::from_str(&residents).unwrap(),
        );
        if lang == Lang::Zh {
            // Chinese names a district office can file; the kind's id stays as 类型编号.
            let mut want = [
                "编号",
                "类型",
                "类型编号",
                "名称",
                "服务半径_米",
                "服务人口",
                "独有服务人口",
            ];
            want.sort_unstable();
            assert_eq!(keys(&sv), want);
            let hub = sv["features"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["properties"]["类型编号"] == "commercial_hub")
                .expect("a 商圈");
            assert_eq!(hub["properties"]["类型"], "商圈");
            let rk = keys(&rv);
            for k in [
                "名称",
                "人口",
                "街道",
                "社区",
                "网格",
                "路网可达",
                "商圈_距离_米",
                "商圈_已覆盖",
                "商圈_最近站点",
                "商圈_绕行系数",
            ] {
                assert!(rk.iter().any(|x| x == k), "{k} missing from {rk:?}");
            }
            assert!(!rk.iter().any(|k| k.is_ascii()), "an English key: {rk:?}");
        } else {
            assert!(keys(&sv).contains(&"served_population".to_string()));
            assert!(keys(&rv).contains(&"commercial_hub_detour".to_string()));
        }
        // Read back into a plan with the same kinds: the same residents (no demand column from
        // the export's figures), the same stations, the same figures on foot.
        let mut b = Session::default();
        b.read_residents(residents.into_bytes(), &Default::default())
            .unwrap();
        assert_eq!(
            b.plan().weight_column_data().count(),
            0,
            "{lang:?}: a figure of the export came back as a demand column"
        );
        b.read_stations(&FileData::Text(kinds_file.clone()), &new_kinds())
            .unwrap();
        b.read_stations(&FileData::Text(stations), &Default::default())
            .unwrap();
        on_foot(&mut b, &osm);
        let (after, _) = b.summary().unwrap();
        assert_eq!(after.total_population, before.total_population, "{lang:?}");
        assert_eq!(after.units, before.units, "{lang:?}");
        assert_eq!(after.kinds, before.kinds, "{lang:?}");
        assert_eq!(after.stations.len(), before.stations.len(), "{lang:?}");
        for (x, y) in after.stations.iter().zip(&before.stations) {
            assert_eq!(
                (&x.kind, &x.name, x.served_population),
                (&y.kind, &y.name, y.served_population)
            );
        }
    }
}

/// The GeoJSON's features, and the zipped Shapefile's read back (its system from the `.prj`).
fn both(geojson: &str, zip: &[u8]) -> (Vec<Value>, Vec<Value>, Crs) {
    let g: Value = serde_json::from_str(geojson).unwrap();
    let (text, crs) = to_geojson(&unzip(zip).unwrap(), Crs::Gcj02).unwrap();
    let s: Value = serde_json::from_str(&text).unwrap();
    let list = |v: &Value| v["features"].as_array().unwrap().clone();
    (list(&g), list(&s), crs)
}

/// Same properties: equal values, where a `.dbf` gives an empty text as null.
fn same_properties(g: &Value, s: &Value, what: &str) {
    let (g, s) = (
        g["properties"].as_object().unwrap(),
        s["properties"].as_object().unwrap(),
    );
    assert_eq!(
        g.keys().collect::<Vec<_>>(),
        s.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, gv) in g {
        let sv = &s[k];
        let empty = |v: &Value| v.is_null() || v == "";
        match (gv.as_f64(), sv.as_f64()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what} {k}: {a} ≠ {b}"),
            _ if empty(gv) && empty(sv) => {}
            _ => assert_eq!(gv, sv, "{what} {k}"),
        }
    }
}

fn same_points(g: &[Value], s: &[Value], crs: Crs, what: &str) {
    assert_eq!(g.len(), s.len(), "{what}");
    for (a, b) in g.iter().zip(s) {
        same_properties(a, b, what);
        let xy = |f: &Value| {
            let c = &f["geometry"]["coordinates"];
            (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
        };
        let ((x0, y0), (x1, y1)) = (xy(a), xy(b));
        // Both in `crs`; projected points to the millimetre, degrees to 1e-9.
        let tol = if crs.is_projected() { 1e-3 } else { 1e-9 };
        assert!(
            (x0 - x1).abs() < tol && (y0 - y1).abs() < tol,
            "{what}: ({x0}, {y0}) ≠ ({x1}, {y1})"
        );
    }
}

#[test]
fn shapefiles_carry_the_geojson_fields_in_the_chosen_system() {
    let Some((mut a, kinds_file, osm)) = nanjing() else {
        return;
    };
    let (before, _) = a.summary().unwrap();
    // Nanjing (118.8°E) in the 3° zone of 120°E, without and with the zone number; WGS-84.
    for (crs, lang) in [
        (Crs::Epsg(4549), Lang::Zh),
        (Crs::Epsg(4528), Lang::En),
        (Crs::Wgs84, Lang::En),
    ] {
        let what = format!("{} {lang:?}", crs.name());
        let zip = a.stations_shapefile(crs, lang).unwrap();
        let (g, s, read_crs) = both(&a.stations_geojson(crs, lang).unwrap(), &zip);
        assert_eq!(read_crs, crs, "{what}: the .prj");
        assert!(!g.is_empty());
        same_points(&g, &s, crs, &format!("stations {what}"));

        let zip = a.residents_shapefile(crs, lang).unwrap();
        let (g, s, read_crs) = both(&a.residents_geojson(crs, lang).unwrap(), &zip);
        assert_eq!(read_crs, crs, "{what}: the .prj");
        same_points(&g, &s, crs, &format!("residents {what}"));
        if lang == Lang::Zh {
            let k = s[0]["properties"].as_object().unwrap();
            for key in [
                "人口",
                "社区",
                "商圈_已覆盖",
                "商圈_距离_米",
                "商圈_绕行系数",
                "路网可达",
            ] {
                assert!(k.contains_key(key), "{key} missing: {:?}", k.keys());
            }
        }

        // The residents Shapefile read back: the same plan, none of its figures a demand column.
        let mut b = Session::default();
        b.read_residents(zip, &Default::default()).unwrap();
        assert_eq!(b.plan().weight_column_data().count(), 0, "{what}");
        b.read_stations(&FileData::Text(kinds_file.clone()), &new_kinds())
            .unwrap();
        on_foot(&mut b, &osm);
        let (after, _) = b.summary().unwrap();
        assert_eq!(after.total_population, before.total_population, "{what}");
        assert_eq!(after.units, before.units, "{what}");
        assert_eq!(after.kinds, before.kinds, "{what}");
    }
}

#[test]
fn gcj02_shapefiles_have_no_prj_and_read_back_in_the_system_given() {
    let Some((mut a, _, _)) = nanjing() else {
        return;
    };
    let zip = a.stations_shapefile(Crs::Gcj02, Lang::Zh).unwrap();
    let parts = unzip(&zip).unwrap();
    assert_eq!(parts.name, "站点.shp");
    // No WKT names GCJ-02: the reader falls back to the system the planner gives.
    let (g, s, crs) = both(&a.stations_geojson(Crs::Gcj02, Lang::Zh).unwrap(), &zip);
    assert_eq!(crs, Crs::Gcj02);
    same_points(&g, &s, Crs::Gcj02, "stations GCJ-02");
}
