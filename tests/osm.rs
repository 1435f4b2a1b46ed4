//! The OpenStreetMap import against the GeoJSON layers cut from the same files (Nanjing XML, Kotka
//! PBF), and the station rules that decide which points of interest are stations.

mod common;

use lifecircle::geodesy::GeoPoint;
use lifecircle::osm::import_osm_xml;
use serde_json::Value;
use std::path::PathBuf;

/// A file under `../shared/data` (None, or a failure when the data is required; see `common`).
fn shared(rel: &str) -> Option<PathBuf> {
    common::shared_data(rel).map(|d| d.join(rel))
}

fn geojson(path: &PathBuf) -> Vec<Value> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["features"].as_array().unwrap().clone()
}

#[test]
fn nanjing_osm_import_matches_the_layers_cut_from_it() {
    let Some(osm) = shared("osm/nanjing_xinjiekou/source_osm_bbox.osm") else {
        return;
    };
    let dir = osm.parent().unwrap().to_path_buf();
    let imp = import_osm_xml(&std::fs::read_to_string(&osm).unwrap()).unwrap();
    let streets = geojson(&dir.join("nanjing_streets.geojson"));
    let buildings = geojson(&dir.join("nanjing_buildings.geojson"));
    let pois = geojson(&dir.join("nanjing_pois.geojson"));
    // Every street of the layer is imported with its length. The file has 23 more highway ways
    // than the layer, all imported (they connect the network). The layer was cut by the extract's
    // box (README: 118.762–118.797 E, 32.035–32.052 N) on each way's middle vertex: 21 of the 23
    // have it outside, and every layer street has it inside; the other two are a pedestrian area
    // (area=yes, a closed ring) and a trunk link, kinds of way the layer left out.
    // The lines walking across the pedestrian area are the importer's own (below).
    let (across, ways): (Vec<_>, Vec<_>) = imp.streets.iter().partition(|s| s.across);
    let ids: std::collections::HashSet<&str> = ways.iter().map(|s| s.osm_id.as_str()).collect();
    for f in &streets {
        assert!(ids.contains(f["properties"]["osm_id"].as_str().unwrap()));
    }
    assert_eq!(ways.len(), streets.len() + 23, "streets");
    // The pedestrian area 正洪街 (w100101975): three straight lines across it join the streets
    // that meet it, each inside the area and between two of its entries.
    assert_eq!(across.len(), 3, "{across:?}");
    assert!(across
        .iter()
        .all(|s| s.osm_id == "w100101975" && s.line.points.len() == 2 && s.line.walkable));
    let imp_ways = imp;
    let imp = lifecircle::osm::OsmImport {
        streets: imp_ways
            .streets
            .iter()
            .filter(|s| !s.across)
            .cloned()
            .collect(),
        ..imp_ways.clone()
    };
    let in_box = |s: &lifecircle::osm::OsmStreet| {
        let (lon, lat) = s.line.points[s.line.points.len() / 2];
        (118.762..=118.797).contains(&lon) && (32.035..=32.052).contains(&lat)
    };
    let layer: std::collections::HashSet<&str> = streets
        .iter()
        .map(|f| f["properties"]["osm_id"].as_str().unwrap())
        .collect();
    let extra: Vec<&lifecircle::osm::OsmStreet> = imp
        .streets
        .iter()
        .filter(|s| !layer.contains(s.osm_id.as_str()))
        .collect();
    assert!(imp
        .streets
        .iter()
        .filter(|s| layer.contains(s.osm_id.as_str()))
        .all(in_box));
    assert_eq!(extra.iter().filter(|s| !in_box(s)).count(), 21);
    let mut inside: Vec<(&str, &str, bool)> = extra
        .iter()
        .filter(|s| in_box(s))
        .map(|s| {
            (
                s.osm_id.as_str(),
                s.highway.as_str(),
                s.line.points.first() == s.line.points.last(),
            )
        })
        .collect();
    inside.sort();
    assert_eq!(
        inside,
        [
            ("w100101975", "pedestrian", true),
            ("w382381405", "trunk_link", false)
        ]
    );
    assert_eq!(imp.buildings.len(), buildings.len(), "buildings");
    let count =
        |kind: &str, v: &[Value]| v.iter().filter(|f| f["properties"]["kind"] == kind).count();
    // The layer's categories are coarser than the importer's: its community_service is ours plus
    // town halls and social facilities, its commercial_hub ours plus supermarkets and convenience
    // shops (the importer adds greengrocers and office=government, which the layer leaves out, and
    // POIs outside every category that a default name rule took, such as a canteen named 二食堂).
    let ours = |cats: &[&str], by: &[&str]| {
        imp.pois
            .iter()
            .filter(|p| cats.contains(&p.kind) && (by.is_empty() || by.contains(&p.by.as_str())))
            .count()
    };
    for (kind, cats, by) in [
        (
            "community_service",
            &["community_service", "government", "social_care"][..],
            &[
                "amenity=community_centre",
                "amenity=social_centre",
                "amenity=townhall",
                "amenity=social_facility",
            ][..],
        ),
        (
            "commercial_hub",
            &["commercial_hub", "daily_shopping"][..],
            &[
                "shop=mall",
                "shop=department_store",
                "amenity=marketplace",
                "shop=supermarket",
                "shop=convenience",
            ][..],
        ),
        ("post_courier", &["post_courier"][..], &[][..]),
        ("canteen_food", &["canteen_food"][..], &[][..]),
        ("school", &["school"][..], &[][..]),
        ("clinic_health", &["clinic_health"][..], &[][..]),
    ] {
        assert_eq!(ours(cats, by), count(kind, &pois), "{kind}");
    }
    let extra: Vec<&str> = imp
        .pois
        .iter()
        .filter(|p| p.by == "shop=greengrocer" || p.by == "office=government" || p.kind == "other")
        .map(|p| p.by.as_str())
        .collect();
    assert_eq!(imp.pois.len(), pois.len() + extra.len(), "pois");
    // Street lengths agree with the layer's length_m (0.1 m rounding, ellipsoid vs theirs).
    let by_id: std::collections::HashMap<&str, f64> = streets
        .iter()
        .map(|f| {
            (
                f["properties"]["osm_id"].as_str().unwrap(),
                f["properties"]["length_m"].as_f64().unwrap(),
            )
        })
        .collect();
    for s in &imp.streets {
        let len: f64 = s
            .line
            .points
            .windows(2)
            .map(|w| {
                GeoPoint::from_degrees(w[0].0, w[0].1)
                    .distance_m(&GeoPoint::from_degrees(w[1].0, w[1].1))
            })
            .sum();
        let Some(&want) = by_id.get(s.osm_id.as_str()) else {
            continue;
        };
        assert!(
            (len - want).abs() <= 0.05 + want * 0.005,
            "{}: {len} vs {want}",
            s.osm_id
        );
    }
}

#[test]
fn kotka_pbf_import_matches_the_layers_cut_from_it() {
    let Some(pbf) = shared("osm/kotka_fi/test.osm.pbf") else {
        return;
    };
    let dir = pbf.parent().unwrap().to_path_buf();
    let bytes = std::fs::read(&pbf).unwrap();
    let imp = lifecircle::osm::import_osm(&bytes).unwrap();
    // Read with progress: one report per data block, climbing to the end of the file, and the
    // same layers.
    let mut seen = Vec::new();
    let reported = lifecircle::osm::import_osm_reporting(
        &bytes,
        &lifecircle::osm::StationRules::default(),
        &mut |done, total| seen.push((done, total)),
    )
    .unwrap();
    assert!(
        !seen.is_empty() && seen.last() == Some(&(bytes.len(), bytes.len())),
        "{seen:?}"
    );
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(reported.streets.len(), imp.streets.len());
    assert_eq!(reported.buildings.len(), imp.buildings.len());
    let count = |name: &str| geojson(&dir.join(name)).len();
    // As in Nanjing, the file holds more highway ways than the layer (28: 19 of them cut by the
    // extract, 9 whole); every street of the layer is imported with the same vertices.
    assert_eq!(
        imp.streets.len(),
        count("kotka_streets.geojson") + 28,
        "streets"
    );
    assert_eq!(
        imp.buildings.len(),
        count("kotka_buildings.geojson"),
        "buildings"
    );
    assert_eq!(imp.pois.len(), count("kotka_pois.geojson"), "pois");
    assert_eq!(
        imp.residential_areas.len(),
        count("kotka_residential_areas.geojson"),
        "residential areas"
    );
    // Street geometry agrees with the layer (same vertices, to 1e-7°).
    let streets = geojson(&dir.join("kotka_streets.geojson"));
    let by_id: std::collections::HashMap<&str, &Value> = streets
        .iter()
        .map(|f| {
            (
                f["properties"]["osm_id"].as_str().unwrap(),
                &f["geometry"]["coordinates"],
            )
        })
        .collect();
    for s in &imp.streets {
        let Some(c) = by_id.get(s.osm_id.as_str()) else {
            continue;
        };
        let c = c.as_array().unwrap();
        assert_eq!(c.len(), s.line.points.len(), "{}", s.osm_id);
        for (p, q) in s.line.points.iter().zip(c) {
            assert!(
                (p.0 - q[0].as_f64().unwrap()).abs() < 1e-7
                    && (p.1 - q[1].as_f64().unwrap()).abs() < 1e-7
            );
        }
    }
    // Not PBF, not XML: a clear error.
    let e = lifecircle::osm::import_osm(b"\x00\x00\x00\x05garbage").unwrap_err();
    assert!(e.to_string().contains("OSM PBF"), "{e}");
    assert_eq!(
        imp.streets
            .iter()
            .filter(|s| by_id.contains_key(s.osm_id.as_str()))
            .count(),
        streets.len()
    );
}

#[test]
fn station_rules_choose_which_pois_are_stations() {
    use lifecircle::osm::{import_osm_with, StationRule, StationRules};
    let Some(osm) = shared("osm/nanjing_xinjiekou/source_osm_bbox.osm") else {
        return;
    };
    let bytes = std::fs::read(&osm).unwrap();
    let default = import_osm_with(&bytes, &StationRules::default()).unwrap();
    // Defaults: names first (…党群服务…, …社区服务中心, …驿站, …食堂), then community services are
    // 党群服务站, post/courier points 红蜂驿站, malls, department stores and marketplaces 商圈;
    // supermarkets, convenience shops and government offices are no station at all.
    for p in &default.pois {
        let by_name = [
            ("党群服务", "party_service_station"),
            ("社区服务中心", "party_service_station"),
            ("驿站", "red_bee_station"),
            ("食堂", "全龄食堂"),
        ]
        .iter()
        .find(|(part, _)| p.name.contains(part))
        .map(|(_, k)| *k);
        let want = by_name.or(match p.kind {
            "community_service" => Some("party_service_station"),
            "post_courier" => Some("red_bee_station"),
            "commercial_hub" => Some("commercial_hub"),
            _ => None,
        });
        assert_eq!(p.station.as_deref(), want, "{} {}", p.osm_id, p.name);
    }
    // The defaults of before this rule set made 7 convenience shops (Lawson, a bicycle shop), 9
    // supermarkets and 2 government offices into 商圈 and 党群服务站: none now.
    let hubs: Vec<&str> = default
        .pois
        .iter()
        .filter(|p| p.station.as_deref() == Some("commercial_hub"))
        .map(|p| p.by.as_str())
        .collect();
    assert_eq!(hubs.len(), 15, "{hubs:?}");
    assert!(hubs
        .iter()
        .all(|b| ["shop=mall", "shop=department_store", "amenity=marketplace"].contains(b)));
    for kind in ["daily_shopping", "government"] {
        let n = default.pois.iter().filter(|p| p.kind == kind).count();
        assert!(n > 0, "the file has {kind} POIs");
        assert!(default
            .pois
            .iter()
            .filter(|p| p.kind == kind)
            .all(|p| p.station.is_none() || p.by.contains('~')));
    }
    // What each default rule took, as the rule editor shows it.
    let takes = default.rule_takes(StationRules::default().0.len());
    assert_eq!(takes[3].taken, 3, "name~食堂: {:?}", takes[3]);
    assert_eq!(takes[6].taken, 15);
    assert_eq!(
        takes.iter().map(|t| t.taken).sum::<usize>(),
        default.pois.iter().filter(|p| p.rule.is_some()).count()
    );
    let rule = |s: &str| StationRule::parse(s).unwrap();
    // A category to a new kind, and a default switched off; the other defaults stay.
    let rules = StationRules::with_defaults(
        vec![rule("canteen_food=全龄食堂"), rule("community_service=")],
        true,
    );
    let imp = import_osm_with(&bytes, &rules).unwrap();
    let stations = |imp: &lifecircle::osm::OsmImport, kind: &str| {
        imp.pois
            .iter()
            .filter(|p| p.station.as_deref() == Some(kind))
            .count()
    };
    let canteens = default
        .pois
        .iter()
        .filter(|p| p.kind == "canteen_food")
        .count();
    assert!(canteens > 0);
    // The canteens, and the POIs named …食堂 in other categories (the default name rule).
    let named = default
        .pois
        .iter()
        .filter(|p| p.kind != "canteen_food" && p.name.contains("食堂"))
        .count();
    assert_eq!(stations(&imp, "全龄食堂"), canteens + named);
    assert_eq!(stations(&imp, "party_service_station"), 0);
    assert_eq!(
        stations(&imp, "commercial_hub"),
        stations(&default, "commercial_hub")
    );
    // A key=value rule alone: exactly the elements with that tag, each decided by it.
    let only = StationRules::with_defaults(vec![rule("amenity=restaurant=全龄食堂")], false);
    let imp = import_osm_with(&bytes, &only).unwrap();
    let chosen: Vec<_> = imp.pois.iter().filter(|p| p.station.is_some()).collect();
    assert!(chosen.iter().all(|p| p.by == "amenity=restaurant"));
    let by_default: std::collections::HashSet<&str> = default
        .pois
        .iter()
        .filter(|p| p.by == "amenity=restaurant")
        .map(|p| p.osm_id.as_str())
        .collect();
    let ids: std::collections::HashSet<&str> = chosen.iter().map(|p| p.osm_id.as_str()).collect();
    assert!(!by_default.is_empty() && by_default.is_subset(&ids));
    // key=* takes any value; a tag outside every category is found too.
    let any = StationRules::with_defaults(vec![rule("shop=*=商圈")], false);
    let imp = import_osm_with(&bytes, &any).unwrap();
    let shops: Vec<_> = imp.pois.iter().filter(|p| p.station.is_some()).collect();
    assert!(shops.len() > stations(&default, "commercial_hub") / 2);
    assert!(shops.iter().all(|p| p.by.starts_with("shop=")));
    // Rules that cannot be read say how to write them.
    for bad in ["amenity", "nonsense=党群服务站", "=党群服务站"] {
        let e = StationRule::parse(bad).unwrap_err();
        assert!(
            e.to_string().contains("key=value") || e.to_string().contains("TAG=KIND"),
            "{bad}: {e}"
        );
    }
}
