//! Census totals onto buildings: by hand on a tiny district (floor areas, whole people by largest
//! remainders, the default floors, a building outside every community, a community without
//! buildings); against an oracle on seeded districts (every community's buildings sum exactly to
//! its totals, each share within a person of the exact proportion, membership by an independent
//! containment test); the output read back as residents; errors in Chinese; and on Nanjing's
//! OpenStreetMap buildings with community polygons laid over them.

mod common;

use lifecircle::demo::Rng;
use lifecircle::disaggregate::{run, write, Inputs, DEFAULT_FLOORS};
use lifecircle::export::Lang;
use lifecircle::ImportOptions;
use serde_json::{json, Value};

fn square(lon: f64, lat: f64, d: f64) -> Value {
    json!([[
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat]
    ]])
}

fn opts(source: &str) -> ImportOptions {
    ImportOptions {
        source: Some(source.into()),
        ..Default::default()
    }
}

fn go(
    totals: &str,
    buildings: &Value,
    communities: Option<&Value>,
) -> Result<lifecircle::disaggregate::Spread, lifecircle::ImportError> {
    let (b, c) = (
        buildings.to_string(),
        communities.map(|c| c.to_string()).unwrap_or_default(),
    );
    run(&Inputs {
        totals: (totals.as_bytes(), opts("社区人口.csv")),
        buildings: (b.as_bytes(), opts("建筑.geojson")),
        communities: communities.map(|_| (c.as_bytes(), opts("社区.geojson"), None)),
        default_floors: DEFAULT_FLOORS,
    })
}

fn point(lon: f64, lat: f64, props: Value) -> Value {
    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props})
}

#[test]
fn a_tiny_district_by_hand() {
    let communities = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "甲社区"}, "geometry": {"type": "Polygon", "coordinates": square(118.80, 32.00, 0.01)}},
        {"type": "Feature", "properties": {"name": "乙社区"}, "geometry": {"type": "Polygon", "coordinates": square(118.81, 32.00, 0.01)}},
    ]});
    // 甲: floor areas 100×2, 200×1, 100×(6 by default) = 200 : 200 : 600.
    let buildings = json!({"type": "FeatureCollection", "features": [
        point(118.801, 32.001, json!({"名称": "1栋", "占地面积": 100, "层数": 2})),
        point(118.802, 32.001, json!({"名称": "2栋", "占地面积": 200, "层数": 1})),
        point(118.803, 32.001, json!({"名称": "3栋", "占地面积": 100})),
        point(118.811, 32.001, json!({"名称": "乙1", "占地面积": 50, "层数": 3})),
        point(118.900, 32.001, json!({"名称": "界外", "占地面积": 80, "层数": 3})),
    ]});
    let totals = "街道,社区,常住人口,60岁以上\n城东街道,甲社区,1000,201\n城东街道,乙社区,77,9\n城东街道,丙社区,300,40\n";
    let s = go(totals, &buildings, Some(&communities)).unwrap();
    assert_eq!(s.columns, ["常住人口", "60岁以上"]);
    let got: Vec<(&str, Vec<f64>)> = s
        .buildings
        .iter()
        .zip(&s.values)
        .map(|(b, v)| (b.name.as_str(), v.clone()))
        .collect();
    // 1000 → 200, 200, 600; 201 → 40.2, 40.2, 120.6 → 40, 40, 121 (the largest remainder).
    assert_eq!(
        got,
        [
            ("1栋", vec![200.0, 40.0]),
            ("2栋", vec![200.0, 40.0]),
            ("3栋", vec![600.0, 121.0]),
            ("乙1", vec![77.0, 9.0]),
        ]
    );
    assert!(!s.buildings[2].floors_given && s.buildings[2].floors == 6.0);
    assert_eq!(s.streets[0].as_deref(), Some("城东街道"));
    let r = &s.report;
    assert_eq!(r.outside_buildings, 1);
    assert_eq!(r.without_buildings.len(), 1);
    assert_eq!(r.without_buildings[0].community, "丙社区");
    assert_eq!(r.without_buildings[0].total, 300.0);
    assert_eq!(r.default_floors, 1); // 3栋
    assert_eq!(r.communities[0].floor_area_m2, 1000.0);
    // Written as residents, it reads back as the plan: each community's people and its 60岁以上.
    for lang in [Lang::Zh, Lang::En] {
        let text = write::geojson(&s, lang);
        let mut session = lifecircle::Session::new();
        session
            .read_residents(text.into_bytes(), &Default::default())
            .unwrap();
        let (sum, _) = session.summary().unwrap();
        let unit = |id: &str| sum.units.iter().find(|u| u.id == id).unwrap();
        assert_eq!(unit("城东街道/甲社区").total_population, 1000.0);
        assert_eq!(unit("城东街道/乙社区").total_population, 77.0);
        assert_eq!(
            session.plan().weight_columns().collect::<Vec<_>>(),
            ["60岁以上"]
        );
        let csv = write::csv(&s, lang);
        let mut again = lifecircle::Session::new();
        again
            .read_residents(csv.into_bytes(), &Default::default())
            .unwrap();
        assert_eq!(again.summary().unwrap().0.units, sum.units);
    }
    // Without polygons, the buildings' own 社区 column places them; a community the totals do not
    // know is reported.
    let own = json!({"type": "FeatureCollection", "features": [
        point(118.801, 32.001, json!({"社区": "甲社区", "占地面积": 100, "层数": 2})),
        point(118.802, 32.001, json!({"社区": "丁社区", "占地面积": 100, "层数": 2})),
    ]});
    let s = go(totals, &own, None).unwrap();
    assert_eq!(s.values, [vec![1000.0, 201.0]]);
    assert_eq!(s.report.unknown_communities, [("丁社区".to_string(), 1)]);
}

#[test]
fn footprints_are_polygon_areas() {
    // A 20 m × 30 m footprint near Nanjing: 600 m² (the sphere's area, well within 0.5 %).
    let (lat, lon) = (32.0f64, 118.8f64);
    let dlat = 30.0 / 110_900.0;
    let dlon = 20.0 / (111_320.0 * lat.to_radians().cos());
    let ring = json!([[
        [lon, lat],
        [lon + dlon, lat],
        [lon + dlon, lat + dlat],
        [lon, lat + dlat],
        [lon, lat]
    ]]);
    let b = json!({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"社区": "甲社区", "层数": 5}, "geometry": {"type": "Polygon", "coordinates": ring}}]});
    let s = go("社区,常住人口\n甲社区,40\n", &b, None).unwrap();
    let a = s.buildings[0].footprint_m2;
    assert!((a - 600.0).abs() < 3.0, "{a}");
    assert!((s.buildings[0].lon - (lon + dlon / 2.0)).abs() < 1e-9);
    assert_eq!(s.values[0], [40.0]);
}

/// Seeded districts: a 3 × 3 grid of square communities, point buildings with random footprints
/// and floors (some unknown), some outside; totals as whole people. The oracle places buildings by
/// comparing coordinates with the squares' edges and computes exact proportions itself.
#[test]
fn every_community_sums_exactly_and_shares_follow_floor_area() {
    for seed in 0..6 {
        let mut rng = Rng::new(900 + seed);
        let (lon0, lat0, d) = (118.78, 32.03, 0.004);
        let mut polys = Vec::new();
        let mut totals = String::from("社区,常住人口,60岁以上,儿童\n");
        let mut want_totals = Vec::new();
        for gy in 0..3 {
            for gx in 0..3 {
                let name = format!("社区{gx}{gy}");
                polys.push(json!({"type": "Feature", "properties": {"名称": name}, "geometry": {"type": "Polygon", "coordinates": square(lon0 + gx as f64 * d, lat0 + gy as f64 * d, d)}}));
                let t = [
                    rng.below(20_000) as f64,
                    rng.below(3_000) as f64,
                    rng.below(500) as f64,
                ];
                totals.push_str(&format!("{name},{},{},{}\n", t[0], t[1], t[2]));
                want_totals.push((name, t));
            }
        }
        let mut feats = Vec::new();
        let mut truth = Vec::new();
        for _ in 0..400 {
            let lon = lon0 + rng.range(-0.001, 3.0 * d + 0.001);
            let lat = lat0 + rng.range(-0.001, 3.0 * d + 0.001);
            let fp = rng.range(40.0, 2000.0).round();
            let floors = (rng.f64() < 0.8).then(|| (1 + rng.below(30)) as f64);
            let mut p = json!({"占地面积": fp});
            if let Some(f) = floors {
                p["层数"] = json!(f);
            }
            feats.push(point(lon, lat, p));
            // Independent placement: which square's half-open extent holds the point.
            let (gx, gy) = (((lon - lon0) / d).floor(), ((lat - lat0) / d).floor());
            let inside = (0.0..3.0).contains(&gx) && (0.0..3.0).contains(&gy);
            let key = inside.then(|| format!("社区{}{}", gx as usize, gy as usize));
            truth.push((key, fp * floors.unwrap_or(6.0)));
        }
        let s = go(
            &totals,
            &json!({"type": "FeatureCollection", "features": feats}),
            Some(&json!({"type": "FeatureCollection", "features": polys})),
        )
        .unwrap();
        assert_eq!(
            s.buildings.len(),
            truth.iter().filter(|t| t.0.is_some()).count()
        );
        assert_eq!(
            s.report.outside_buildings,
            truth.iter().filter(|t| t.0.is_none()).count()
        );
        let placed: Vec<&(Option<String>, f64)> = truth.iter().filter(|t| t.0.is_some()).collect();
        for (name, t) in &want_totals {
            let mine: Vec<usize> = (0..placed.len())
                .filter(|&i| placed[i].0.as_deref() == Some(name.as_str()))
                .collect();
            let area: f64 = mine.iter().map(|&i| placed[i].1).sum();
            for (c, total) in t.iter().enumerate() {
                let sum: f64 = mine.iter().map(|&i| s.values[i][c]).sum();
                if mine.is_empty() {
                    continue;
                }
                assert_eq!(sum, *total, "seed {seed} {name} column {c}: exact sum");
                for &i in &mine {
                    let exact = total * placed[i].1 / area;
                    let v = s.values[i][c];
                    assert!(
                        v.fract() == 0.0 && (v - exact).abs() < 1.0,
                        "seed {seed} {name}: {v} vs {exact}"
                    );
                    assert_eq!(s.buildings[i].community.as_deref(), Some(name.as_str()));
                }
            }
            if mine.is_empty() {
                assert!(s
                    .report
                    .without_buildings
                    .iter()
                    .any(|w| &w.community == name));
            }
        }
    }
}

#[test]
fn bad_totals_and_buildings_say_what_and_where_in_chinese() {
    use lifecircle::error::Localized;
    let b = json!({"type": "FeatureCollection", "features": [point(118.8, 32.0, json!({"社区": "甲", "占地面积": 10}))]});
    let zh = |totals: &str, b: &Value| {
        go(totals, b, None)
            .unwrap_err()
            .localized(lifecircle::lang::Lang::Zh)
    };
    let e = zh("社区,常住人口\n甲,10\n甲,20\n", &b);
    assert!(
        e.contains("社区人口.csv") && e.contains("第 3 行") && e.contains("第 2 行已出现"),
        "{e}"
    );
    let e = zh("名称,常住人口\n甲,10\n", &b);
    assert!(e.contains("没有社区列"), "{e}");
    let e = zh("社区,常住人口\n甲,约10\n", &b);
    assert!(
        e.contains("“约10”不是数字") && e.contains("常住人口"),
        "{e}"
    );
    let e = zh("社区,常住人口\n甲,-5\n", &b);
    assert!(e.contains("不是人数"), "{e}");
    let bad = json!({"type": "FeatureCollection", "features": [point(118.8, 32.0, json!({"社区": "甲"}))]});
    let e = zh("社区,常住人口\n甲,10\n", &bad);
    assert!(e.contains("建筑.geojson") && e.contains("占地面积"), "{e}");
    let bad = json!({"type": "FeatureCollection", "features": [point(118.8, 32.0, json!({"社区": "甲", "占地面积": 10, "层数": 0}))]});
    let e = zh("社区,常住人口\n甲,10\n", &bad);
    assert!(e.contains("层数") && e.contains("正数"), "{e}");
}

/// Nanjing's residential buildings from OpenStreetMap under four community squares: every
/// community's buildings sum exactly to its total, the rest of the buildings are outside, and the
/// result reads back as residents with those totals.
#[test]
fn nanjing_buildings_take_community_totals() {
    let Some(data) = common::shared_data("nanjing_buildings_take_community_totals") else {
        return;
    };
    let osm = std::fs::read(data.join("osm/nanjing_xinjiekou/source_osm_bbox.osm")).unwrap();
    let imp = lifecircle::osm::import_osm(&osm).unwrap();
    let lon: Vec<f64> = imp
        .buildings
        .iter()
        .filter_map(|b| geo::Centroid::centroid(&b.shape))
        .map(|c| c.x())
        .collect();
    let lat: Vec<f64> = imp
        .buildings
        .iter()
        .filter_map(|b| geo::Centroid::centroid(&b.shape))
        .map(|c| c.y())
        .collect();
    let (w, e) = (
        lon.iter().cloned().fold(f64::MAX, f64::min),
        lon.iter().cloned().fold(f64::MIN, f64::max),
    );
    let (s_, n) = (
        lat.iter().cloned().fold(f64::MAX, f64::min),
        lat.iter().cloned().fold(f64::MIN, f64::max),
    );
    let (mx, my) = ((w + e) / 2.0, (s_ + n) / 2.0);
    // Four communities over the middle of the extract (its edges left outside).
    let (hx, hy) = ((e - w) * 0.4, (n - s_) * 0.4);
    let mut polys = Vec::new();
    for (i, (x, y)) in [(mx - hx, my - hy), (mx, my - hy), (mx - hx, my), (mx, my)]
        .into_iter()
        .enumerate()
    {
        polys.push(json!({"type": "Feature", "properties": {"name": format!("社区{i}")}, "geometry": {"type": "Polygon", "coordinates": json!([[[x, y], [x + hx, y], [x + hx, y + hy], [x, y + hy], [x, y]]])}}));
    }
    let polys = json!({"type": "FeatureCollection", "features": polys}).to_string();
    let totals = "社区,常住人口,60岁以上\n社区0,12000,2500\n社区1,8000,1700\n社区2,15001,3100\n社区3,9999,2049\n";
    let s = run(&Inputs {
        totals: (totals.as_bytes(), opts("totals.csv")),
        buildings: (&osm, opts("nanjing.osm")),
        communities: Some((polys.as_bytes(), opts("communities.geojson"), None)),
        default_floors: DEFAULT_FLOORS,
    })
    .unwrap();
    let r = &s.report;
    assert_eq!(r.communities.len(), 4, "{r:?}");
    assert!(r.outside_buildings > 0);
    for (k, (name, want)) in [
        ("社区0", 12000.0),
        ("社区1", 8000.0),
        ("社区2", 15001.0),
        ("社区3", 9999.0),
    ]
    .into_iter()
    .enumerate()
    {
        let sum: f64 = s
            .buildings
            .iter()
            .zip(&s.values)
            .filter(|(b, _)| b.community.as_deref() == Some(name))
            .map(|(_, v)| v[0])
            .sum();
        assert_eq!(sum, want, "{name}");
        assert!(
            r.communities[k].buildings > 0,
            "{name}: {:?}",
            r.communities[k]
        );
    }
    let mut session = lifecircle::Session::new();
    session
        .read_residents(
            write::geojson(&s, Lang::Zh).into_bytes(),
            &Default::default(),
        )
        .unwrap();
    let (sum, _) = session.summary().unwrap();
    assert_eq!(sum.total_population, 45000.0);
    println!(
        "Nanjing: {} residential buildings in 4 communities, {} outside, {} with floors assumed ({} floors)",
        s.buildings.len(), r.outside_buildings, r.default_floors, r.floors_assumed
    );
}

/// Found by the fuzzer: a total of 1e308 made the shares NaN; a header of thousands of columns over
/// many short rows took seconds. Both are refused with what and where.
#[test]
fn absurd_totals_are_refused() {
    use lifecircle::error::Localized;
    let b = json!({"type": "FeatureCollection", "features": [point(118.8, 32.0, json!({"社区": "甲", "占地面积": 10}))]});
    let e = go("社区,常住人口\n甲,1e308\n", &b, None).unwrap_err();
    let zh = e.localized(lifecircle::lang::Lang::Zh);
    assert!(
        zh.contains("第 2 行") && zh.contains("超过一个社区"),
        "{zh}"
    );
    let wide = format!("社区,常住人口{}\n甲,10\n", ",x".repeat(5000));
    let zh = go(&wide, &b, None)
        .unwrap_err()
        .localized(lifecircle::lang::Lang::Zh);
    assert!(
        zh.contains("5002 列") && zh.contains("最多 1000 列"),
        "{zh}"
    );
    let big = json!({"type": "FeatureCollection", "features": [point(118.8, 32.0, json!({"社区": "甲", "占地面积": 1e300, "层数": 3}))]});
    let zh = go("社区,常住人口\n甲,10\n", &big, None)
        .unwrap_err()
        .localized(lifecircle::lang::Lang::Zh);
    assert!(zh.contains("不是一栋建筑的"), "{zh}");
}
