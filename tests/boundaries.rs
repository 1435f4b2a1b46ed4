//! Boundaries by polygon: residents take the unit of the polygon they lie in. Checked against a
//! brute force over every polygon with `geo`'s exact containment (an implementation independent
//! of the engine's half-open crossing test) on irregular polygons that share their edges, and on
//! the demo district with a community layer that leaves some residents outside.

use geo::{Contains, Coord, Intersects, LineString, Point, Polygon};
use lifecircle::admin::Level;
use lifecircle::boundaries::{read_boundaries, PolygonIndex};
use lifecircle::demo::{generate, DemoConfig, Rng};
use lifecircle::session::FileData;
use lifecircle::{ImportOptions, Session};

/// A jittered grid of `nx` × `ny` quadrilaterals over the box: neighbours share their edges
/// exactly (the same vertex values), the shapes are irregular.
fn partition(
    rng: &mut Rng,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    nx: usize,
    ny: usize,
) -> Vec<Vec<[f64; 2]>> {
    let (dx, dy) = ((x1 - x0) / nx as f64, (y1 - y0) / ny as f64);
    let mut v = vec![vec![[0.0; 2]; ny + 1]; nx + 1];
    for (i, col) in v.iter_mut().enumerate() {
        for (j, p) in col.iter_mut().enumerate() {
            let inner = |k: usize, n: usize| k > 0 && k < n;
            let jx = if inner(i, nx) {
                rng.range(-0.35, 0.35) * dx
            } else {
                0.0
            };
            let jy = if inner(j, ny) {
                rng.range(-0.35, 0.35) * dy
            } else {
                0.0
            };
            *p = [x0 + i as f64 * dx + jx, y0 + j as f64 * dy + jy];
        }
    }
    let mut out = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            out.push(vec![
                v[i][j],
                v[i + 1][j],
                v[i + 1][j + 1],
                v[i][j + 1],
                v[i][j],
            ]);
        }
    }
    out
}

fn geo_polygon(ring: &[[f64; 2]]) -> Polygon<f64> {
    Polygon::new(
        LineString::from(
            ring.iter()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect::<Vec<_>>(),
        ),
        vec![],
    )
}

#[test]
fn located_as_geo_finds_them_and_shared_edges_go_to_exactly_one() {
    let mut rng = Rng::new(7);
    let rings = partition(&mut rng, (0.0, 0.0, 10.0, 8.0), 9, 7);
    let geo: Vec<Polygon<f64>> = rings.iter().map(|r| geo_polygon(r)).collect();
    let index = PolygonIndex::new(rings.iter().map(|r| vec![r.clone()]).collect());
    // Random points, some outside the box.
    for _ in 0..20_000 {
        let p = Point::new(rng.range(-1.0, 11.0), rng.range(-1.0, 9.0));
        let inside: Vec<usize> = (0..geo.len()).filter(|&k| geo[k].contains(&p)).collect();
        let on_edge = geo.iter().any(|g| g.exterior().intersects(&p));
        if !on_edge {
            assert_eq!(index.locate(p.x(), p.y()), inside.first().copied(), "{p:?}");
        }
    }
    // Every shared vertex inside the box (a point exactly on the edges of up to four polygons):
    // in exactly one polygon, one it touches, the same each time.
    for r in &rings {
        for w in r.windows(2) {
            for p in [w[0]] {
                if p[0] <= 0.0 || p[0] >= 10.0 || p[1] <= 0.0 || p[1] >= 8.0 {
                    continue;
                }
                let k = index
                    .locate(p[0], p[1])
                    .unwrap_or_else(|| panic!("{p:?} in no polygon"));
                assert!(
                    geo[k].intersects(&Point::new(p[0], p[1])),
                    "{p:?} given to {k}"
                );
                assert_eq!(index.locate(p[0], p[1]), Some(k));
            }
        }
    }
}

#[test]
fn a_point_on_a_straight_shared_edge_goes_to_one_unit() {
    let sq = |x: f64, y: f64| {
        vec![vec![
            [x, y],
            [x + 1.0, y],
            [x + 1.0, y + 1.0],
            [x, y + 1.0],
            [x, y],
        ]]
    };
    let index = PolygonIndex::new(vec![sq(0.0, 0.0), sq(1.0, 0.0), sq(0.0, 1.0), sq(1.0, 1.0)]);
    for (x, y) in [(1.0, 0.5), (0.5, 1.0), (1.0, 1.0), (1.5, 1.0), (1.0, 1.5)] {
        let holding: Vec<usize> = (0..4)
            .filter(|&k| {
                let one = PolygonIndex::new(vec![sq((k % 2) as f64, (k / 2) as f64)]);
                one.locate(x, y).is_some()
            })
            .collect();
        assert_eq!(holding.len(), 1, "({x}, {y}) in {holding:?}");
        assert_eq!(index.locate(x, y), Some(holding[0]));
    }
}

#[test]
fn demo_communities_by_polygon_equal_a_brute_force_count() {
    let d = generate(&DemoConfig::default());
    let mut s = Session::new();
    s.read_residents(d.residents_csv().into_bytes(), &Default::default())
        .unwrap();
    s.read_stations(
        &FileData::Text(d.stations_csv(&lifecircle::KindTable::default())),
        &Default::default(),
    )
    .unwrap();
    // A community layer over most of the district (the east edge left out), as GeoJSON.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let coords = s.plan().resident_coordinates();
    for c in coords.chunks(2) {
        (x0, y0, x1, y1) = (x0.min(c[0]), y0.min(c[1]), x1.max(c[0]), y1.max(c[1]));
    }
    let mut rng = Rng::new(3);
    let rings = partition(
        &mut rng,
        (x0 - 1e-4, y0 - 1e-4, x0 + 0.8 * (x1 - x0), y1 + 1e-4),
        5,
        4,
    );
    let features: Vec<serde_json::Value> = rings
        .iter()
        .enumerate()
        .map(|(i, r)| serde_json::json!({"type": "Feature", "properties": {"社区名称": format!("第{}社区", i + 1)},
            "geometry": {"type": "Polygon", "coordinates": [r]}}))
        .collect();
    let text = serde_json::json!({"type": "FeatureCollection", "features": features}).to_string();
    let o = ImportOptions {
        source: Some("社区.geojson".into()),
        ..Default::default()
    };
    let b = read_boundaries(text.as_bytes(), &o, Level::Community, None).unwrap();
    s.set_boundaries(b);
    let (summary, _) = s.summary().unwrap();
    // Residents loaded after the boundaries are assigned as they load: the same figures.
    let mut later = Session::new();
    later.set_boundaries(read_boundaries(text.as_bytes(), &o, Level::Community, None).unwrap());
    later
        .read_residents(d.residents_csv().into_bytes(), &Default::default())
        .unwrap();
    later
        .read_stations(
            &FileData::Text(d.stations_csv(&lifecircle::KindTable::default())),
            &Default::default(),
        )
        .unwrap();
    assert_eq!(later.summary().unwrap().0, summary);
    // Brute force: each resident to the first polygon geo says holds it (or touches it: on an edge).
    let geo: Vec<Polygon<f64>> = rings.iter().map(|r| geo_polygon(r)).collect();
    let pop = s.plan().resident_population().to_vec();
    let mut want = vec![0.0; geo.len()];
    let (mut out_n, mut out_pop) = (0, 0.0);
    for (i, c) in coords.chunks(2).enumerate() {
        let p = Point::new(c[0], c[1]);
        match geo.iter().position(|g| g.intersects(&p)) {
            Some(k) => want[k] += pop[i],
            None => {
                out_n += 1;
                out_pop += pop[i];
            }
        }
    }
    assert!(out_n > 100, "the layer leaves the east out: {out_n}");
    for (k, w) in want.iter().enumerate() {
        let name = format!("第{}社区", k + 1);
        let got: f64 = summary
            .units
            .iter()
            .filter(|u| u.level == Level::Community && u.name == name)
            .map(|u| u.total_population)
            .sum();
        assert!((got - w).abs() < 1e-6, "{name}: {got} against {w}");
    }
    assert_eq!(summary.unassigned.len(), 1);
    assert_eq!(summary.unassigned[0].level, "community");
    assert_eq!(summary.unassigned[0].residents, out_n);
    assert!((summary.unassigned[0].population - out_pop).abs() < 1e-6);
    let v = serde_json::to_value(&summary).unwrap();
    assert_eq!(v["boundaries"][0]["units_from"], "polygons");
    assert_eq!(v["unassigned"][0]["residents"], out_n);
}
