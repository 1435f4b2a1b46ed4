//! Real data: central Nanjing from OpenStreetMap (../shared/data/osm/nanjing_xinjiekou).
//! POIs become stations, building centroids become residents; the engine must equal the oracle.

mod common;

use lifecircle::demo::Rng;
use lifecircle::oracle::check;
use lifecircle::{read_residents, read_stations, ImportOptions, Planner};
use serde_json::Value;

/// Buildings with an estimated population (footprint × levels, 6 when unknown, ÷ 40 m² a person),
/// read through the engine's own GeoJSON importer (MultiPolygon → centroid).
fn load(plan: &mut Planner, dir: &std::path::Path) {
    let mut buildings: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("nanjing_buildings.geojson")).unwrap(),
    )
    .unwrap();
    for f in buildings["features"].as_array_mut().unwrap() {
        let p = f["properties"].as_object_mut().unwrap();
        let area = p["footprint_m2"].as_f64().unwrap();
        let levels = p["levels"]
            .as_str()
            .and_then(|l| l.parse::<f64>().ok())
            .unwrap_or(6.0);
        p.insert(
            "population".into(),
            Value::from((area * levels / 40.0).round()),
        );
    }
    let table =
        read_residents(buildings.to_string().as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(table.len(), 1277);
    plan.load_residents(table);
    // Every POI kind in the file, with a radius a planner might use.
    for (id, label, r) in [
        ("community_service", "社区服务", 500.0),
        ("post_courier", "快递驿站", 1000.0),
        ("canteen_food", "全龄食堂", 500.0),
        ("school", "学校", 1000.0),
        ("clinic_health", "社区卫生服务站", 1000.0),
    ] {
        plan.set_kind(id, Some(label), None, r).unwrap();
    }
    let pois = std::fs::read(dir.join("nanjing_pois.geojson")).unwrap();
    let stations = read_stations(
        &pois,
        &ImportOptions {
            source: Some("nanjing_pois.geojson".into()),
            ..Default::default()
        },
        plan.kinds(),
    )
    .unwrap();
    assert_eq!(stations.len(), 146);
    plan.load_stations(&stations);
}

#[test]
fn nanjing_coverage_equals_the_oracle() {
    let Some(data) = common::shared_data("Nanjing real-data test") else {
        return;
    };
    let dir = data.join("osm/nanjing_xinjiekou");
    let mut plan = Planner::new();
    load(&mut plan, &dir);
    check(&plan).unwrap();
    let s = plan.summary();
    let hub = s.kinds.iter().find(|k| k.kind == "commercial_hub").unwrap();
    assert_eq!(hub.stations, 31);
    // Xinjiekou is the commercial heart of Nanjing: 3 km of a mall covers nearly everyone.
    assert!(hub.coverage_ratio > 0.95, "{}", hub.coverage_ratio);
    let canteen = s.kinds.iter().find(|k| k.kind == "canteen_food").unwrap();
    assert_eq!(canteen.stations, 84);
    assert!(canteen.coverage_ratio > 0.0 && canteen.coverage_ratio <= 1.0);
    println!(
        "Nanjing: {} buildings, {:.0} estimated residents; {}",
        s.residents,
        s.total_population,
        s.kinds
            .iter()
            .map(|k| format!("{} {:.1}%", k.kind, 100.0 * k.coverage_ratio))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Drag stations around the real data and keep equal to the oracle.
    let mut rng = Rng::new(3);
    let ids: Vec<u32> = plan.stations().map(|(id, _)| id).collect();
    for step in 0..200 {
        let id = ids[rng.below(ids.len())];
        let Some(st) = plan.station(id) else { continue };
        let (lon, lat) = (
            st.at.lon + rng.normal() * 0.002,
            st.at.lat + rng.normal() * 0.002,
        );
        if step % 50 == 49 {
            plan.remove_station(id).unwrap();
        } else {
            plan.move_station(id, lon, lat).unwrap();
        }
    }
    check(&plan).unwrap();
}
