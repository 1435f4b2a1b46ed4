//! The GeoJSON exports in the planner's language: Chinese property names in Chinese (the ids stay
//! as a column), English otherwise. Either reads back as the same plan, and the figures the export
//! adds (distances, covered, detours, reachable) never come back as demand columns. On Nanjing,
//! on foot.

mod common;

use lifecircle::export::Lang;
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
