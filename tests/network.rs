//! Walking-network distance against oracles: plain Dijkstra on seeded random street grids,
//! brute-force snapping, multi-source = minimum of single-source runs; on real Nanjing streets,
//! walking coverage never above straight-line coverage.

mod common;

use lifecircle::demo::Rng;
use lifecircle::geodesy::GeoPoint;
use lifecircle::network::{
    bounded_dijkstra, network_summary, NetworkCoverage, SnapRule, StreetGraph, StreetLine,
    DEFAULT_SNAP_M, NO_SOURCE,
};
use lifecircle::{Planner, ResidentTable, StationRecord};
use serde_json::Value;
use std::path::PathBuf;

/// A file under `../shared/data` (None, or a failure when the data is required; see `common`).
fn shared(rel: &str) -> Option<PathBuf> {
    common::shared_data(rel).map(|d| d.join(rel))
}

/// A jittered street grid of `n × n` blocks (~120 m) around Nanjing with some streets missing
/// and some diagonal footpaths.
fn city(seed: u64, n: usize) -> Vec<StreetLine> {
    let mut rng = Rng::new(seed);
    let (lon0, lat0, step) = (118.78, 32.04, 0.0013);
    let at = |i: usize, j: usize, rng: &mut Rng| {
        (
            lon0 + i as f64 * step + rng.range(-2e-4, 2e-4),
            lat0 + j as f64 * step + rng.range(-2e-4, 2e-4),
        )
    };
    let grid: Vec<Vec<(f64, f64)>> = (0..=n)
        .map(|i| (0..=n).map(|j| at(i, j, &mut rng)).collect())
        .collect();
    let mut lines = Vec::new();
    #[allow(clippy::needless_range_loop)] // rows and columns both, by index
    for i in 0..=n {
        for j in 0..n {
            if rng.f64() < 0.85 {
                lines.push(StreetLine {
                    points: vec![grid[i][j], grid[i][j + 1]],
                    walkable: true,
                });
            }
            if rng.f64() < 0.85 {
                lines.push(StreetLine {
                    points: vec![grid[j][i], grid[j + 1][i]],
                    walkable: true,
                });
            }
        }
    }
    for _ in 0..n {
        let (i, j) = (rng.below(n), rng.below(n));
        let mid = (
            (grid[i][j].0 + grid[i + 1][j + 1].0) / 2.0,
            (grid[i][j].1 + grid[i + 1][j + 1].1) / 2.0,
        );
        lines.push(StreetLine {
            points: vec![grid[i][j], mid, grid[i + 1][j + 1]],
            walkable: rng.f64() < 0.8,
        });
    }
    lines
}

/// A plan of `n` residents scattered over a `span`° square of the [`city`] (populations 1 to
/// `cycle`), drawn from `rng`.
fn town(rng: &mut Rng, n: usize, span: f64, cycle: usize) -> Planner {
    let mut t = ResidentTable::default();
    for i in 0..n {
        t.push(
            118.779 + rng.range(0.0, span),
            32.039 + rng.range(0.0, span),
            (i % cycle) as f64 + 1.0,
            ["", "", ""],
            "",
        );
    }
    let mut plan = Planner::new();
    plan.load_residents(t);
    plan
}

/// Plain Dijkstra by array scan (O(V²)), from seeds, no bound.
fn plain_dijkstra(g: &StreetGraph, seeds: &[(u32, f64)]) -> Vec<f64> {
    let n = g.node_count();
    let mut dist = vec![f64::INFINITY; n];
    let mut done = vec![false; n];
    for &(s, d) in seeds {
        dist[s as usize] = dist[s as usize].min(d);
    }
    while let Some(u) = (0..n)
        .filter(|&u| !done[u] && dist[u].is_finite())
        .min_by(|&a, &b| dist[a].total_cmp(&dist[b]))
    {
        done[u] = true;
        for &(a, b, len) in &g.segments {
            let v = if a as usize == u {
                b
            } else if b as usize == u {
                a
            } else {
                continue;
            };
            dist[v as usize] = dist[v as usize].min(dist[u] + len);
        }
    }
    dist
}

#[test]
fn bounded_search_equals_plain_dijkstra_and_multi_source_is_the_minimum() {
    for seed in 0..6 {
        let g = StreetGraph::from_lines(&city(seed, 12));
        let mut rng = Rng::new(100 + seed);
        let sources: Vec<(u32, f64, u32)> = (0..5)
            .map(|l| (rng.below(g.node_count()) as u32, rng.range(0.0, 50.0), l))
            .collect();
        let bound = 900.0;
        let (mut dist, mut label, mut touched) = (Vec::new(), Vec::new(), Vec::new());
        bounded_dijkstra(&g, &sources, bound, &mut dist, &mut label, &mut touched);
        let singles: Vec<Vec<f64>> = sources
            .iter()
            .map(|&(s, d, _)| plain_dijkstra(&g, &[(s, d)]))
            .collect();
        for v in 0..g.node_count() {
            let best = singles.iter().map(|d| d[v]).fold(f64::INFINITY, f64::min);
            if best <= bound - 1e-6 {
                assert!(
                    (dist[v] - best).abs() < 1e-6,
                    "seed {seed} node {v}: {} vs {best}",
                    dist[v]
                );
                let l = label[v] as usize;
                assert!(
                    (singles[l][v] - best).abs() < 1e-6,
                    "label is a nearest source"
                );
            } else if best > bound + 1e-6 {
                assert!(dist[v].is_infinite() && label[v] == NO_SOURCE);
            }
        }
        // Buffers are reused: a second search from other seeds is not polluted by the first.
        let other = [(sources[0].0, 0.0, 0)];
        bounded_dijkstra(&g, &other, bound, &mut dist, &mut label, &mut touched);
        let plain = plain_dijkstra(&g, &[(sources[0].0, 0.0)]);
        for v in 0..g.node_count() {
            if plain[v] <= bound - 1e-6 {
                assert!((dist[v] - plain[v]).abs() < 1e-6);
            } else if plain[v] > bound + 1e-6 {
                assert!(dist[v].is_infinite());
            }
        }
    }
}

#[test]
fn snapping_equals_brute_force() {
    for seed in 0..4 {
        let g = StreetGraph::from_lines(&city(seed, 10));
        let net_plan = Planner::new();
        let cov = NetworkCoverage::new(&net_plan, g.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
        let snapper = lifecircle::network::Snapper::new(&g);
        let mut rng = Rng::new(seed);
        for _ in 0..500 {
            let (lon, lat) = (
                118.775 + rng.range(0.0, 0.02),
                32.035 + rng.range(0.0, 0.02),
            );
            let a = snapper.snap(&g, lon, lat, 150.0);
            let b = snapper.snap_brute(&g, lon, lat, 150.0);
            match (a, b) {
                (Some(a), Some(b)) => {
                    assert!((a.access_m - b.access_m).abs() < 1e-6, "{a:?} vs {b:?}")
                }
                (None, None) => {}
                other => panic!("{other:?}"),
            }
            assert_eq!(
                cov.snap(lon, lat).is_some(),
                snapper.snap(&g, lon, lat, DEFAULT_SNAP_M).is_some()
            );
        }
    }
}

/// Brute force network distance from a resident to a station: both snapped, every path through
/// plain Dijkstra from the station's segment ends, or straight along a shared segment.
fn brute_walk(
    g: &StreetGraph,
    snapper: &lifecircle::network::Snapper,
    r: (f64, f64),
    s: (f64, f64),
) -> f64 {
    let (Some(rs), Some(ss)) = (
        snapper.snap_brute(g, r.0, r.1, DEFAULT_SNAP_M),
        snapper.snap_brute(g, s.0, s.1, DEFAULT_SNAP_M),
    ) else {
        return f64::INFINITY;
    };
    let (sa, sb, slen) = g.segments[ss.segment as usize];
    let d = plain_dijkstra(
        g,
        &[
            (sa, ss.access_m + ss.t * slen),
            (sb, ss.access_m + (1.0 - ss.t) * slen),
        ],
    );
    let (ra, rb, rlen) = g.segments[rs.segment as usize];
    let mut best =
        (d[ra as usize] + rs.t * rlen).min(d[rb as usize] + (1.0 - rs.t) * rlen) + rs.access_m;
    if rs.segment == ss.segment {
        best = best.min((rs.t - ss.t).abs() * rlen + rs.access_m + ss.access_m);
    }
    best
}

#[test]
fn network_coverage_equals_brute_force_walks() {
    for seed in 0..3 {
        let lines = city(seed, 8);
        let g = StreetGraph::from_lines(&lines);
        let snapper = lifecircle::network::Snapper::new(&g);
        let mut rng = Rng::new(50 + seed);
        let mut t = ResidentTable::default();
        for i in 0..150 {
            let (lon, lat) = (
                118.779 + rng.range(0.0, 0.0105),
                32.039 + rng.range(0.0, 0.0105),
            );
            t.push(
                lon,
                lat,
                (i % 9) as f64 * 10.0,
                [["S1", "S2"][i % 2], "", ""],
                "",
            );
        }
        let mut plan = Planner::new();
        plan.load_residents(t);
        let k = plan.kind_index("party_service_station").unwrap();
        plan.set_kind("party_service_station", None, None, 400.0)
            .unwrap();
        let recs: Vec<StationRecord> = (0..6)
            .map(|_| StationRecord {
                kind: k,
                lon: 118.779 + rng.range(0.0, 0.0105),
                lat: 32.039 + rng.range(0.0, 0.0105),
                name: String::new(),
            })
            .collect();
        plan.load_stations(&recs);
        let cov = NetworkCoverage::new(&plan, g.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
        let r = cov.kind(&plan, k);
        let c = plan.resident_coordinates();
        let pop = plan.resident_population();
        let stations: Vec<(u32, (f64, f64))> = plan
            .stations()
            .filter(|(_, s)| s.kind == k)
            .map(|(id, s)| (id, (s.at.lon, s.at.lat)))
            .collect();
        let mut served = vec![0.0; stations.len()];
        let mut only = vec![0.0; stations.len()];
        let mut walk_matrix = vec![vec![f64::INFINITY; pop.len()]; stations.len()];
        for i in 0..pop.len() {
            let walks: Vec<f64> = stations
                .iter()
                .map(|(_, s)| brute_walk(&g, &snapper, (c[2 * i], c[2 * i + 1]), *s))
                .collect();
            for (j, w) in walks.iter().enumerate() {
                walk_matrix[j][i] = *w;
            }
            let best = walks.iter().copied().fold(f64::INFINITY, f64::min);
            if best <= 800.0 - 1e-6 {
                assert!(
                    (r.distance_m[i] - best).abs() < 1e-6,
                    "resident {i}: {} vs {best}",
                    r.distance_m[i]
                );
                // The nearest station: the clear winner; among equally near ones (to rounding)
                // one of them (exact ties go to the smaller id: see the ties test).
                let near: Vec<u32> = (0..walks.len())
                    .filter(|&j| walks[j] <= best + 1e-6)
                    .map(|j| stations[j].0)
                    .collect();
                if near.len() == 1 {
                    assert_eq!(r.nearest[i], near[0], "resident {i}");
                } else {
                    assert!(near.contains(&r.nearest[i]), "resident {i}");
                }
            }
            let within: Vec<usize> = (0..walks.len()).filter(|&j| walks[j] <= 400.0).collect();
            let borderline = walks.iter().any(|w| (w - 400.0).abs() < 1e-6);
            if !borderline {
                assert_eq!(r.count[i] as usize, within.len(), "resident {i}");
                for &j in &within {
                    served[j] += pop[i];
                }
                if within.len() == 1 {
                    only[within[0]] += pop[i];
                }
            }
        }
        for (j, &(id, served_j, only_j)) in r.stations.iter().enumerate() {
            assert_eq!(id, stations[j].0);
            assert!((served_j - served[j]).abs() < 1e-6 && (only_j - only[j]).abs() < 1e-6);
        }
        // Gaussian 2SFCA on foot against the formula over the brute-force walks.
        let (want, with_demand) = common::two_step_oracle(&walk_matrix, &pop, 1.0, 400.0);
        let got = lifecircle::report::kind_access(
            &plan,
            &lifecircle::network::Walking::new(&plan, &cov),
            k,
        );
        for (i, (g, w)) in got.per_resident.iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() <= 1e-9 * (1.0 + w),
                "2SFCA resident {i}: {g} ≠ {w}"
            );
        }
        assert!(with_demand > 0.0 && (got.supply_with_demand - with_demand).abs() < 1e-9);
        // Per-resident detour: walking over straight-line distance to the same station.
        let det = cov.detour(&plan, k);
        for i in 0..pop.len() {
            if r.distance_m[i].is_finite() {
                let st = plan.station(r.nearest[i]).unwrap().at;
                let straight = GeoPoint::from_degrees(c[2 * i], c[2 * i + 1]).distance_m(&st);
                if straight > 1.0 {
                    assert!(
                        (det[i] - r.distance_m[i] / straight).abs() < 1e-9 && det[i] >= 1.0 - 1e-9
                    );
                }
            } else {
                assert!(det[i].is_nan());
            }
        }
        assert_eq!(
            cov.unreachable().len(),
            cov.resident_snaps().iter().filter(|s| s.is_none()).count()
        );
        // The summary sums the same per-resident results.
        let (s, extras) = network_summary(&plan, &cov);
        assert_eq!(s.metric, "network");
        let covered: f64 = (0..pop.len())
            .filter(|&i| r.count[i] > 0)
            .map(|i| pop[i])
            .sum();
        assert!((s.kinds[k].covered_population - covered).abs() < 1e-6);
        assert!(
            extras.kinds[k].mean_detour_ratio >= 1.0 - 1e-9,
            "walking is never shorter than the straight line"
        );
        let straight = plan.summary();
        assert!(s.kinds[k].covered_population <= straight.kinds[k].covered_population + 1e-6);
    }
}

#[test]
fn on_nanjing_streets_walking_coverage_is_never_above_straight_line() {
    let Some(osm) = shared("osm/nanjing_xinjiekou/source_osm_bbox.osm") else {
        return;
    };
    use lifecircle::network::read_streets_geojson;
    use lifecircle::osm::{
        import_osm_xml, pois_geojson, residents_geojson, streets_geojson, ResidentEstimate,
    };
    use lifecircle::{read_residents, read_stations, Crs, ImportOptions};
    let imp = import_osm_xml(&std::fs::read_to_string(&osm).unwrap()).unwrap();
    let (residents, n) = residents_geojson(&imp, &ResidentEstimate::default());
    assert!(n > 300, "{n} residents estimated");
    let (stations, _) = pois_geojson(&imp, true);
    let mut plan = Planner::new();
    // The default rules' canteens (…食堂) are a kind of their own.
    plan.set_kind("全龄食堂", None, None, 500.0).unwrap();
    let opts = ImportOptions::default();
    plan.load_residents(read_residents(residents.as_bytes(), &opts).unwrap());
    plan.load_stations(&read_stations(stations.as_bytes(), &opts, plan.kinds()).unwrap());
    // The streets written out read back to the same graph as the import's own.
    let lines = read_streets_geojson(&streets_geojson(&imp), Crs::Wgs84).unwrap();
    let own: Vec<StreetLine> = imp.streets.iter().map(|s| s.line.clone()).collect();
    assert_eq!(lines, own);
    let graph = StreetGraph::from_lines(&lines);
    assert!(graph.edge_count() > 1000);
    for radius in [300.0, 500.0, 1000.0] {
        for k in 0..plan.kinds().len() {
            let id = plan.kinds().get(k).id.clone();
            plan.set_kind(&id, None, None, radius).unwrap();
        }
        let net = NetworkCoverage::new(&plan, graph.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
        let (walk, extras) = network_summary(&plan, &net);
        let straight = plan.summary();
        for (w, s) in walk.kinds.iter().zip(&straight.kinds) {
            assert!(
                w.covered_population <= s.covered_population + 1e-6,
                "{} at {radius} m: {} > {}",
                w.kind,
                w.covered_population,
                s.covered_population
            );
        }
        for (wu, su) in walk.units.iter().zip(&straight.units) {
            for (a, b) in wu.kinds.iter().zip(&su.kinds) {
                assert!(a.covered_population <= b.covered_population + 1e-6);
            }
        }
        for (a, b) in walk.stations.iter().zip(&straight.stations) {
            assert_eq!(a.id, b.id);
            assert!(a.served_population <= b.served_population + 1e-6);
        }
        assert!(walk.all_kinds.covered_population <= straight.all_kinds.covered_population + 1e-6);
        assert!(extras
            .kinds
            .iter()
            .all(|k| k.mean_detour_ratio == 0.0 || k.mean_detour_ratio >= 1.0));
    }
}

#[test]
fn a_walkshed_holds_exactly_the_street_points_within_the_radius() {
    for seed in 0..3 {
        let g = StreetGraph::from_lines(&city(seed, 8));
        let cov = NetworkCoverage::new(
            &Planner::new(),
            g.clone(),
            SnapRule::every_piece(DEFAULT_SNAP_M),
        );
        let mut rng = Rng::new(seed + 7);
        let (lon, lat) = (
            118.782 + rng.range(0.0, 0.006),
            32.042 + rng.range(0.0, 0.006),
        );
        let radius = 450.0;
        let pieces = cov.walkshed(lon, lat, radius);
        assert!(!pieces.is_empty());
        let s = cov.snap(lon, lat).unwrap();
        let (sa, sb, slen) = g.segments[s.segment as usize];
        let d = plain_dijkstra(
            &g,
            &[
                (sa, s.access_m + s.t * slen),
                (sb, s.access_m + (1.0 - s.t) * slen),
            ],
        );
        let mut checked = 0;
        for (e, &(a, b, len)) in g.segments.iter().enumerate() {
            let (pa, pb) = (g.nodes[a as usize], g.nodes[b as usize]);
            for step in 0..=10 {
                let t = step as f64 / 10.0;
                let mut walk = (d[a as usize] + t * len).min(d[b as usize] + (1.0 - t) * len);
                if e as u32 == s.segment {
                    walk = walk.min((t - s.t).abs() * len + s.access_m);
                }
                if (walk - radius).abs() < 0.5 {
                    continue; // too close to the edge of the walkshed to call
                }
                let (x, y) = (
                    pa.lon + t * (pb.lon - pa.lon),
                    pa.lat + t * (pb.lat - pa.lat),
                );
                let inside = pieces.iter().any(|p| {
                    // On the piece: collinear with it (same segment) and between its ends.
                    let on_seg = |q: &[f64; 4]| {
                        let (dx, dy) = (q[2] - q[0], q[3] - q[1]);
                        let cross = (x - q[0]) * dy - (y - q[1]) * dx;
                        let dot = (x - q[0]) * dx + (y - q[1]) * dy;
                        let l2 = dx * dx + dy * dy;
                        cross.abs() <= 1e-12 && dot >= -1e-15 && dot <= l2 + 1e-15
                    };
                    on_seg(p)
                });
                assert_eq!(
                    inside,
                    walk <= radius,
                    "seed {seed} segment {e} t {t}: walk {walk}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500);
    }
}

#[test]
fn remembered_kind_results_follow_every_edit() {
    let g = StreetGraph::from_lines(&city(11, 8));
    let mut rng = Rng::new(11);
    let mut plan = town(&mut rng, 200, 0.0105, 7);
    let cov = NetworkCoverage::new(&plan, g.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
    let kinds = plan.kinds().len();
    for step in 0..120 {
        let live: Vec<u32> = plan.stations().map(|(id, _)| id).collect();
        let (lon, lat) = (
            118.779 + rng.range(0.0, 0.0105),
            32.039 + rng.range(0.0, 0.0105),
        );
        match rng.below(5) {
            0 | 1 if !live.is_empty() => plan
                .move_station(live[rng.below(live.len())], lon, lat)
                .unwrap(),
            2 if !live.is_empty() => plan.remove_station(live[rng.below(live.len())]).unwrap(),
            3 => {
                let id = plan.kinds().get(rng.below(kinds)).id.clone();
                plan.set_kind(&id, None, None, rng.range(200.0, 700.0))
                    .unwrap();
            }
            _ => {
                plan.add_station(rng.below(kinds), lon, lat, "").unwrap();
            }
        }
        for k in 0..kinds {
            assert_eq!(
                *cov.kind_cached(&plan, k),
                cov.kind(&plan, k),
                "step {step} kind {k}"
            );
        }
    }
}

#[test]
fn residents_export_on_foot_carries_walks_detours_and_reachability() {
    use lifecircle::export::{residents_geojson, stations_geojson};
    let g = StreetGraph::from_lines(&city(5, 8));
    let mut rng = Rng::new(5);
    let mut t = ResidentTable::default();
    for i in 0..300 {
        // Some residents far outside the street grid: unreachable on foot.
        let far = i % 50 == 0;
        let (lon, lat) = if far {
            (118.74 + rng.range(0.0, 0.01), 32.03)
        } else {
            (
                118.779 + rng.range(0.0, 0.0105),
                32.039 + rng.range(0.0, 0.0105),
            )
        };
        t.push(lon, lat, (i % 5) as f64 + 1.0, ["", "", ""], "");
    }
    let mut plan = Planner::new();
    plan.load_residents(t);
    for s in 0..6 {
        let (lon, lat) = (118.78 + 0.0017 * s as f64, 32.041 + 0.0015 * s as f64);
        plan.add_station(s % 3, lon, lat, "").unwrap();
    }
    let cov = NetworkCoverage::new(&plan, g, SnapRule::every_piece(DEFAULT_SNAP_M));
    let unreachable = cov.unreachable();
    assert!(!unreachable.is_empty());
    let walking = lifecircle::network::Walking::new(&plan, &cov);
    let v: Value = serde_json::from_str(&residents_geojson(
        &plan,
        &walking,
        lifecircle::Crs::Wgs84,
        lifecircle::export::Lang::En,
    ))
    .unwrap();
    assert_eq!(v["metric"], "network");
    let features = v["features"].as_array().unwrap();
    let cut: std::collections::HashSet<u32> = unreachable.iter().copied().collect();
    for (i, f) in features.iter().enumerate() {
        let p = &f["properties"];
        assert_eq!(p["reachable"], !cut.contains(&(i as u32)), "resident {i}");
        for k in 0..plan.kinds().len() {
            let id = &plan.kinds().get(k).id;
            let walk = cov.kind(&plan, k).distance_m[i];
            match p[format!("{id}_distance_m")].as_f64() {
                Some(d) => assert!((d - walk).abs() <= 0.05, "resident {i} {id}"),
                None => assert!(!walk.is_finite()),
            }
            assert_eq!(p[format!("{id}_covered")], cov.kind(&plan, k).count[i] > 0);
            // A walk is never shorter than the straight line to the same station.
            if let Some(r) = p[format!("{id}_detour")].as_f64() {
                assert!(r >= 1.0 - 1e-3, "detour {r}");
            }
        }
    }
    // Stations: served on foot, as the network summary says.
    let (summary, _) = network_summary(&plan, &cov);
    let s: Value = serde_json::from_str(&stations_geojson(
        &plan,
        &summary,
        lifecircle::Crs::Wgs84,
        lifecircle::export::Lang::En,
    ))
    .unwrap();
    for (f, st) in s["features"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&summary.stations)
    {
        assert_eq!(f["properties"]["served_population"], st.served_population);
    }
}

#[test]
fn dragging_a_station_updates_around_it_and_equals_a_fresh_computation() {
    let g = StreetGraph::from_lines(&city(23, 12));
    let mut rng = Rng::new(23);
    let mut plan = town(&mut rng, 600, 0.0158, 9);
    let k = plan.kind_index("党群服务站").unwrap();
    plan.set_kind("党群服务站", None, None, 300.0).unwrap();
    let ids: Vec<u32> = (0..7)
        .map(|_| {
            let (lon, lat) = (
                118.78 + rng.range(0.0, 0.015),
                32.04 + rng.range(0.0, 0.015),
            );
            plan.add_station(k, lon, lat, "").unwrap()
        })
        .collect();
    let cov = NetworkCoverage::new(&plan, g, SnapRule::every_piece(DEFAULT_SNAP_M));
    cov.kind_cached(&plan, k);
    let fresh_before = cov.fresh_computations();
    // A drag: small steps of one station, then another's, one removal and one addition.
    let mut at = plan.station(ids[2]).unwrap().at;
    for step in 0..60 {
        at = GeoPoint::from_degrees(
            at.lon + rng.range(-4e-4, 4e-4),
            at.lat + rng.range(-4e-4, 4e-4),
        );
        let id = if step < 40 { ids[2] } else { ids[5] };
        plan.move_station(id, at.lon, at.lat).unwrap();
        assert_eq!(
            *cov.kind_cached(&plan, k),
            cov.kind(&plan, k),
            "step {step}"
        );
    }
    plan.remove_station(ids[0]).unwrap();
    assert_eq!(
        *cov.kind_cached(&plan, k),
        cov.kind(&plan, k),
        "after a removal"
    );
    plan.add_station(k, 118.787, 32.047, "").unwrap();
    assert_eq!(
        *cov.kind_cached(&plan, k),
        cov.kind(&plan, k),
        "after an addition"
    );
    // None of those edits needed a computation from scratch.
    assert_eq!(cov.fresh_computations(), fresh_before);
    // A radius change does.
    plan.set_kind("党群服务站", None, None, 450.0).unwrap();
    assert_eq!(
        *cov.kind_cached(&plan, k),
        cov.kind(&plan, k),
        "after a radius change"
    );
    assert_eq!(cov.fresh_computations(), fresh_before + 1);
}

/// A kind whose horizon spans much of the town (500 m radius, 1 km horizon, on a 5 km grid with
/// 30 stations): a drag settles the residents the dragged station leaves with a search only toward
/// them, and every step still equals a fresh computation — with residents stacked at equal walks
/// from two stations, where the smaller id must win.
#[test]
fn a_wide_kinds_drag_equals_a_fresh_computation_at_every_step() {
    let g = StreetGraph::from_lines(&city(41, 40));
    let mut rng = Rng::new(41);
    let mut plan = town(&mut rng, 3000, 0.052, 7);
    let k = plan.kind_index("党群服务站").unwrap();
    plan.set_kind("党群服务站", None, None, 500.0).unwrap();
    let ids: Vec<u32> = (0..30)
        .map(|_| {
            let (lon, lat) = (118.78 + rng.range(0.0, 0.05), 32.04 + rng.range(0.0, 0.05));
            plan.add_station(k, lon, lat, "").unwrap()
        })
        .collect();
    // Two stations at one place: every walk to them ties.
    let twin = plan.station(ids[3]).unwrap().at;
    plan.move_station(ids[4], twin.lon, twin.lat).unwrap();
    let cov = NetworkCoverage::new(&plan, g, SnapRule::every_piece(DEFAULT_SNAP_M));
    cov.kind_cached(&plan, k);
    let fresh_before = cov.fresh_computations();
    for (n, &id) in [ids[3], ids[4], ids[10]].iter().enumerate() {
        let mut at = plan.station(id).unwrap().at;
        for step in 0..25 {
            at = GeoPoint::from_degrees(
                at.lon + rng.range(-1.5e-3, 1.5e-3),
                at.lat + rng.range(-1.5e-3, 1.5e-3),
            );
            plan.move_station(id, at.lon, at.lat).unwrap();
            assert_eq!(
                *cov.kind_cached(&plan, k),
                cov.kind(&plan, k),
                "station {n} step {step}"
            );
        }
    }
    // Back onto its twin: the tie goes to the smaller id again.
    plan.move_station(ids[4], twin.lon, twin.lat).unwrap();
    plan.move_station(ids[3], twin.lon, twin.lat).unwrap();
    assert_eq!(
        *cov.kind_cached(&plan, k),
        cov.kind(&plan, k),
        "twins again"
    );
    assert_eq!(cov.fresh_computations(), fresh_before);
}

/// The population sums on foot follow a drag by flips (only the dragged kind's covered flags are
/// compared): after every step they equal the sums a fresh network coverage makes, per kind, per
/// unit and by number of kinds, with fractional populations and two kinds, one not counted.
#[test]
fn walking_totals_follow_a_drag_and_equal_fresh_ones() {
    use lifecircle::network::Walking;
    use lifecircle::report::Coverage;
    let g = StreetGraph::from_lines(&city(29, 12));
    let mut rng = Rng::new(29);
    let mut t = ResidentTable::default();
    for i in 0..700 {
        let unit = [
            format!("S{}", i % 2),
            format!("C{}", i % 5),
            format!("G{}", i % 11),
        ];
        t.push(
            118.779 + rng.range(0.0, 0.0158),
            32.039 + rng.range(0.0, 0.0158),
            rng.range(0.5, 40.0),
            [&unit[0], &unit[1], &unit[2]],
            "",
        );
    }
    let mut plan = Planner::new();
    plan.load_residents(t);
    let party = plan.kind_index("党群服务站").unwrap();
    let hub = plan.kind_index("商圈").unwrap();
    plan.set_kind("党群服务站", None, None, 300.0).unwrap();
    plan.set_counted(hub, false);
    let mut ids = Vec::new();
    for j in 0..8 {
        let k = if j % 3 == 0 { hub } else { party };
        let (lon, lat) = (
            118.78 + rng.range(0.0, 0.015),
            32.04 + rng.range(0.0, 0.015),
        );
        ids.push(plan.add_station(k, lon, lat, "").unwrap());
    }
    let cov = NetworkCoverage::new(&plan, g.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
    let mut changes = 0;
    let mut last = Walking::new(&plan, &cov).totals().covered[party];
    for step in 0..40 {
        let id = ids[if step < 25 { 1 } else { 3 }];
        let at = plan.station(id).unwrap().at;
        plan.move_station(
            id,
            at.lon + rng.range(-6e-4, 6e-4),
            at.lat + rng.range(-6e-4, 6e-4),
        )
        .unwrap();
        let kept = Walking::new(&plan, &cov).totals().into_owned();
        let fresh_cov =
            NetworkCoverage::new(&plan, g.clone(), SnapRule::every_piece(DEFAULT_SNAP_M));
        let fresh = Walking::new(&plan, &fresh_cov).totals().into_owned();
        assert_eq!(kept.kinds_covering, fresh.kinds_covering, "step {step}");
        for (name, a, b) in [
            ("covered", &kept.covered, &fresh.covered),
            ("by_kinds", &kept.by_kinds, &fresh.by_kinds),
            ("unit_covered", &kept.unit_covered, &fresh.unit_covered),
            ("unit_by_kinds", &kept.unit_by_kinds, &fresh.unit_by_kinds),
        ] {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                assert!(close(*x, *y), "step {step} {name}: {x} vs {y}");
            }
        }
        changes += usize::from(kept.covered[party] != last);
        last = kept.covered[party];
    }
    assert!(
        changes > 10,
        "the drag should change the covered population ({changes} steps)"
    );
}

#[test]
fn siting_on_foot_covers_what_the_walking_coverage_says_and_is_optimal_on_tiny_problems() {
    use lifecircle::network::suggest_on_foot;
    use lifecircle::siting::{resident_candidates, Candidate, Goal};
    let g = StreetGraph::from_lines(&city(31, 8));
    let mut rng = Rng::new(31);
    let mut plan = town(&mut rng, 220, 0.0105, 6);
    let k = plan.kind_index("党群服务站").unwrap();
    plan.set_kind("党群服务站", None, None, 250.0).unwrap();
    plan.add_station(k, 118.782, 32.042, "").unwrap();
    let net = NetworkCoverage::new(&plan, g, SnapRule::every_piece(DEFAULT_SNAP_M));
    let walked = |plan: &Planner| -> f64 {
        let pop = plan.resident_population();
        let c = net.kind(plan, k).count;
        (0..pop.len()).filter(|&i| c[i] > 0).map(|i| pop[i]).sum()
    };
    let with = |picks: &[&Candidate]| -> Planner {
        let mut p = plan.clone();
        for c in picks {
            p.add_station(k, c.lon, c.lat, "").unwrap();
        }
        p
    };
    // Larger problem (greedy + swaps): what it says it covers is what walking coverage gives.
    let cands = resident_candidates(&plan);
    let r = suggest_on_foot(&plan, &net, k, &cands, Goal::Count(4)).unwrap();
    assert_eq!(r.metric, "network");
    assert!((r.covered_before - walked(&plan)).abs() < 1e-9);
    let picks: Vec<&Candidate> = r.suggestions.iter().map(|s| &cands[s.candidate]).collect();
    assert!(
        (r.covered_after - walked(&with(&picks))).abs() < 1e-9,
        "{} vs walked",
        r.covered_after
    );
    // On foot it covers no more than the same picks would by straight lines.
    let straight = with(&picks).summary().kinds[k].covered_population;
    assert!(r.covered_after <= straight + 1e-9);
    // A tiny problem is enumerated: nothing beats it among all pairs of 12 candidates.
    let few: Vec<Candidate> = cands
        .iter()
        .step_by(cands.len() / 12)
        .take(12)
        .cloned()
        .collect();
    let r = suggest_on_foot(&plan, &net, k, &few, Goal::Count(2)).unwrap();
    assert_eq!(r.method, "exact");
    let mut best: f64 = 0.0;
    for a in 0..few.len() {
        for b in a + 1..few.len() {
            best = best.max(walked(&with(&[&few[a], &few[b]])));
        }
    }
    assert!(
        (r.covered_after - best).abs() < 1e-9,
        "{} vs best {best}",
        r.covered_after
    );
}

#[test]
fn ties_go_to_the_smaller_station_id_on_both_metrics() {
    // A straight east–west street whose vertices sit at binary fractions of a degree, so that its
    // two halves have bit-identical lengths: stations at both ends are exactly as far from the
    // resident beside the middle vertex, on foot and in a straight line.
    let (l, d, y) = (118.75, 1.0 / 256.0, 32.0);
    let street = [StreetLine {
        points: vec![(l - d, y), (l, y), (l + d, y)],
        walkable: true,
    }];
    for east_first in [true, false] {
        let mut t = ResidentTable::default();
        t.push(l, y + 1.0 / 4096.0, 10.0, ["", "", ""], "r");
        let mut plan = Planner::new();
        plan.load_residents(t);
        let k = plan.kind_index("red_bee_station").unwrap();
        let (first, second) = if east_first {
            (l + d, l - d)
        } else {
            (l - d, l + d)
        };
        let small = plan.add_station(k, first, y, "").unwrap();
        let large = plan.add_station(k, second, y, "").unwrap();
        assert!(small < large);
        assert_eq!(plan.nearest_station(k), vec![small], "straight line");
        let net = NetworkCoverage::new(
            &plan,
            StreetGraph::from_lines(&street),
            SnapRule::every_piece(DEFAULT_SNAP_M),
        );
        let r = net.kind_cached(&plan, k);
        assert_eq!(r.nearest, vec![small], "on foot (east first: {east_first})");
        assert_eq!(r.distance_m[0], net.nearest(&plan, k).0[0]);
        // The smaller id leaves (the larger is then nearest) and comes back: the incremental
        // update applies the same rule, and equals a fresh computation.
        plan.move_station(small, l + 20.0 * d, y).unwrap();
        assert_eq!(net.kind_cached(&plan, k).nearest, vec![large]);
        plan.move_station(small, first, y).unwrap();
        let back = net.kind_cached(&plan, k);
        assert_eq!(back.nearest, vec![small]);
        assert_eq!(*back, net.kind(&plan, k));
        assert_eq!(
            net.fresh_computations(),
            1,
            "the two moves were incremental"
        );
    }
}

/// The pieces of `lines` by a flood over shared vertices, each with its length: an oracle for the
/// engine's piece rule written apart from it (lines, not graph nodes).
fn joined_lines(lines: &[StreetLine], pct: f64) -> Vec<StreetLine> {
    let walk: Vec<&StreetLine> = lines.iter().filter(|l| l.walkable).collect();
    let key = |p: &(f64, f64)| ((p.0 * 1e7).round() as i64, (p.1 * 1e7).round() as i64);
    let mut piece = vec![usize::MAX; walk.len()];
    let mut lengths = Vec::new();
    for s in 0..walk.len() {
        if piece[s] != usize::MAX {
            continue;
        }
        let id = lengths.len();
        let mut stack = vec![s];
        piece[s] = id;
        let mut len = 0.0;
        while let Some(i) = stack.pop() {
            len += walk[i]
                .points
                .windows(2)
                .map(|w| {
                    GeoPoint::from_degrees(w[0].0, w[0].1)
                        .distance_m(&GeoPoint::from_degrees(w[1].0, w[1].1))
                })
                .sum::<f64>();
            for j in 0..walk.len() {
                if piece[j] == usize::MAX
                    && walk[j]
                        .points
                        .iter()
                        .any(|p| walk[i].points.iter().any(|q| key(p) == key(q)))
                {
                    piece[j] = id;
                    stack.push(j);
                }
            }
        }
        lengths.push(len);
    }
    let total: f64 = lengths.iter().sum();
    let largest =
        (0..lengths.len()).max_by(|&a, &b| lengths[a].total_cmp(&lengths[b]).then(b.cmp(&a)));
    walk.iter()
        .enumerate()
        .filter(|&(i, _)| Some(piece[i]) == largest || lengths[piece[i]] >= pct / 100.0 * total)
        .map(|(_, l)| (*l).clone())
        .collect()
}

#[test]
fn residents_and_stations_join_only_pieces_large_enough() {
    for seed in 0..3 {
        let mut rng = Rng::new(300 + seed);
        let mut lines = city(seed, 8);
        // Small loops cut off from the streets (clipped footways, a precinct drawn apart) ...
        for _ in 0..12 {
            let (x, y) = (
                118.7795 + rng.range(0.0, 0.0095),
                32.0395 + rng.range(0.0, 0.0095),
            );
            let r = rng.range(0.0001, 0.0004);
            lines.push(StreetLine {
                points: vec![(x, y), (x + r, y), (x + r, y + r), (x, y + r), (x, y)],
                walkable: true,
            });
        }
        // ... and a long avenue on its own east of the grid (more than 5 % of the streets).
        lines.push(StreetLine {
            points: (0..12)
                .map(|i| (118.7915, 32.039 + i as f64 * 0.001))
                .collect(),
            walkable: true,
        });
        let g = StreetGraph::from_lines(&lines);
        let mut plan = town(&mut rng, 200, 0.013, 9);
        let k = plan.kind_index("party_service_station").unwrap();
        plan.set_kind("party_service_station", None, None, 400.0)
            .unwrap();
        let recs: Vec<StationRecord> = (0..8)
            .map(|_| StationRecord {
                kind: k,
                lon: 118.779 + rng.range(0.0, 0.013),
                lat: 32.039 + rng.range(0.0, 0.013),
                name: String::new(),
            })
            .collect();
        plan.load_stations(&recs);
        for pct in [5.0, 0.0, 100.0] {
            let cov = NetworkCoverage::new(
                &plan,
                g.clone(),
                SnapRule {
                    snap_m: DEFAULT_SNAP_M,
                    min_piece_pct: pct,
                },
            );
            let r = cov.kind(&plan, k);
            // The oracle: the network of the joined pieces only, every piece of it joined.
            let kept = joined_lines(&lines, pct);
            let sub = StreetGraph::from_lines(&kept);
            let snapper = lifecircle::network::Snapper::new(&sub);
            let c = plan.resident_coordinates();
            let stations: Vec<(f64, f64)> =
                plan.stations().map(|(_, s)| (s.at.lon, s.at.lat)).collect();
            let mut reached = 0;
            for i in 0..plan.resident_count() {
                let p = (c[2 * i], c[2 * i + 1]);
                let best = stations
                    .iter()
                    .map(|&s| brute_walk(&sub, &snapper, p, s))
                    .fold(f64::INFINITY, f64::min);
                // The oracle's snapper projects at its own network's mean latitude: snapped
                // points agree to well under a millimetre.
                if best <= 800.0 - 1e-3 {
                    reached += 1;
                    assert!(
                        (r.distance_m[i] - best).abs() < 1e-3,
                        "seed {seed} pct {pct} resident {i}: {} vs {best}",
                        r.distance_m[i]
                    );
                } else if best > 800.0 + 1e-6 {
                    assert!(
                        r.distance_m[i].is_infinite(),
                        "seed {seed} pct {pct} resident {i}"
                    );
                }
                assert_eq!(
                    cov.resident_snaps()[i].is_none(),
                    snapper.snap_brute(&sub, p.0, p.1, DEFAULT_SNAP_M).is_none()
                );
            }
            assert!(reached > 50, "seed {seed} pct {pct}: {reached}");
            // The summary counts the pieces and names the stations that joined none.
            let (_, extras) = network_summary(&plan, &cov);
            let expect_joined = if pct == 0.0 {
                13 + 1
            } else if pct == 100.0 {
                1
            } else {
                2
            };
            assert!(extras.pieces.pieces >= 14, "{:?}", extras.pieces);
            assert!(
                extras.pieces.joined_pieces >= expect_joined.min(2)
                    && (pct != 100.0 || extras.pieces.joined_pieces == 1),
                "seed {seed} pct {pct}: {:?}",
                extras.pieces
            );
            let off: Vec<u32> = plan
                .stations()
                .filter(|(_, s)| {
                    snapper
                        .snap_brute(&sub, s.at.lon, s.at.lat, DEFAULT_SNAP_M)
                        .is_none()
                })
                .map(|(id, _)| id)
                .collect();
            assert_eq!(
                extras
                    .unreachable_stations
                    .iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>(),
                off
            );
            assert_eq!(
                extras
                    .kinds
                    .iter()
                    .map(|k| k.unreachable_stations)
                    .sum::<usize>(),
                off.len()
            );
        }
    }
}

/// Central Nanjing from OpenStreetMap as `import-osm` makes it: residents from buildings, stations
/// by the default rules, streets from the highways; on foot under `rule`.
fn nanjing_on_foot(
    rule: SnapRule,
) -> Option<(lifecircle::Summary, lifecircle::network::NetworkExtras)> {
    let (summary, extras) = nanjing_session(rule)?.summary().unwrap();
    Some((summary, extras.unwrap()))
}

/// The session of [`nanjing_on_foot`].
fn nanjing_session(rule: SnapRule) -> Option<lifecircle::Session> {
    use lifecircle::session::FileData;
    let osm = shared("osm/nanjing_xinjiekou/source_osm_bbox.osm")?;
    let bytes = std::fs::read(&osm).unwrap();
    let imp = lifecircle::osm::import_osm(&bytes).unwrap();
    let layers = lifecircle::osm::layers(&imp, &Default::default());
    let mut s = lifecircle::Session::default();
    s.read_residents(layers.residents.into_bytes(), &Default::default())
        .unwrap();
    let new_kinds = lifecircle::ImportOptions {
        new_kind_radius_m: Some(500.0),
        ..Default::default()
    };
    s.read_stations(&FileData::Text(layers.stations), &new_kinds)
        .unwrap();
    s.read_streets(
        &FileData::Bytes(bytes),
        None,
        Some("nanjing.osm"),
        lifecircle::Crs::Wgs84,
        rule,
    )
    .unwrap();
    s.set_metric(lifecircle::Metric::Network).unwrap();
    Some(s)
}

/// On foot the distance percentiles are of walks: each kind's p50/p85 and the population beyond
/// its horizon equal those of the walking distances the session gives per resident (checked
/// against brute-force walks above), and no walk is shorter than the straight line.
#[test]
fn nanjing_distance_percentiles_are_walks() {
    let Some(mut s) = nanjing_session(SnapRule::default()) else {
        return;
    };
    let (walking, _) = s.summary().unwrap();
    s.set_metric(lifecircle::Metric::Straight).unwrap();
    let (straight, _) = s.summary().unwrap();
    s.set_metric(lifecircle::Metric::Network).unwrap();
    let pop = s.plan().resident_population();
    let total: f64 = pop.iter().sum();
    for (k, kind) in walking.kinds.iter().enumerate() {
        let walks = s.network_distances(k).unwrap();
        let mut pairs: Vec<(f64, f64)> = (0..pop.len())
            .filter(|&i| walks[i].is_finite())
            .map(|i| (walks[i], pop[i]))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let at = |share: f64| {
            let mut sum = 0.0;
            pairs
                .iter()
                .find(|(_, p)| {
                    sum += p;
                    sum >= share * total
                })
                .map(|x| x.0)
        };
        let d = kind.distance.as_ref().unwrap();
        let dm = |x: Option<f64>| x.map(|m| (m * 10.0).round() / 10.0);
        assert_eq!(d.p50_m, dm(at(0.5)), "{}", kind.kind);
        assert_eq!(d.p85_m, dm(at(0.85)), "{}", kind.kind);
        let within: f64 = pairs.iter().map(|x| x.1).sum();
        assert!(
            (d.beyond_horizon_population - (total - within)).abs() < 1e-6,
            "{}",
            kind.kind
        );
        let line = straight.kinds[k].distance.as_ref().unwrap();
        if let (Some(w), Some(l)) = (d.p50_m, line.p50_m) {
            assert!(
                w >= l - 1e-6,
                "{}: walking p50 {w} < straight {l}",
                kind.kind
            );
        }
        assert!(d.beyond_horizon_population >= line.beyond_horizon_population - 1e-6);
    }
    assert!(walking
        .kinds
        .iter()
        .any(|k| k.distance.as_ref().unwrap().p50_m.is_some()));
}

/// On Nanjing, straight and on foot, every kind's 2SFCA sums to the supply of its stations with
/// demand (Σ P·A), the district figure is that supply per 1,000 people, and a resident has supply
/// exactly when a station of the kind reaches them.
#[test]
fn nanjing_access_sums_to_the_supply_with_demand() {
    let Some(mut s) = nanjing_session(SnapRule::default()) else {
        return;
    };
    for metric in [lifecircle::Metric::Network, lifecircle::Metric::Straight] {
        s.set_metric(metric).unwrap();
        let (summary, _) = s.summary().unwrap();
        let pop = s.plan().resident_population();
        let total: f64 = pop.iter().sum();
        let mut some = false;
        for (k, kind) in summary.kinds.iter().enumerate() {
            let a = s.access_per_1000(k).unwrap();
            let count = s.covering_count(k).unwrap();
            let sum: f64 = (0..pop.len()).map(|i| pop[i] * a[i] / 1000.0).sum();
            let stations = kind.stations as f64;
            assert!(
                sum <= stations + 1e-3,
                "{metric} {}: {sum} > {stations}",
                kind.kind
            );
            let mean = kind.access_per_1000.unwrap();
            assert!(
                (mean - 1000.0 * sum / total).abs() < 1e-3,
                "{metric} {}",
                kind.kind
            );
            for i in 0..pop.len() {
                if pop[i] > 0.0 && a[i] > 0.0 {
                    assert!(
                        count[i] > 0,
                        "{metric} {}: supply without a station",
                        kind.kind
                    );
                }
            }
            some |= sum > 0.0;
            println!(
                "Nanjing {metric} {}: {} stations, supply with demand {sum:.3}, {mean:.4} per 1,000",
                kind.kind, kind.stations
            );
        }
        assert!(some);
    }
}

#[test]
fn nanjing_department_stores_serve_people_on_foot() {
    let Some((s, extras)) = nanjing_on_foot(SnapRule::default()) else {
        return;
    };
    // The department stores and malls of the Xinjiekou pedestrian core stand beside footways
    // clipped from the rest of the streets; joined to the network they serve people on foot.
    let core = [
        "东方商城",
        "中央商场",
        "大洋百货",
        "德基广场",
        "德基广场二期",
        "南京新百",
    ];
    for name in core {
        let st = s
            .stations
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(
            st.served_population > 10_000.0,
            "{name}: {}",
            st.served_population
        );
    }
    for st in s.stations.iter().filter(|x| x.kind == "commercial_hub") {
        assert!(st.served_population > 0.0, "{}: serves no one", st.name);
    }
    // The network has many pieces; one (the streets) is joined, a few kilometres are left out.
    assert!(
        extras.pieces.pieces > 10 && extras.pieces.joined_pieces >= 1,
        "{:?}",
        extras.pieces
    );
    assert!(
        extras.pieces.isolated_street_m > 1000.0
            && extras.pieces.isolated_street_m < 0.2 * extras.pieces.street_m
    );
    // What still does not reach the streets is named, and the counts agree with the list.
    let listed: usize = extras.kinds.iter().map(|k| k.unreachable_stations).sum();
    assert_eq!(listed, extras.unreachable_stations.len());
    for u in &extras.unreachable_stations {
        assert!(
            !u.name.is_empty() && u.nearest_street_m.is_some_and(|d| d > 0.0),
            "{u:?}"
        );
    }
    // Joining every piece, as before the rule, leaves the core serving no one: the rule is what
    // makes the difference.
    let (before, _) = nanjing_on_foot(SnapRule::every_piece(300.0)).unwrap();
    let zero: Vec<&str> = before
        .stations
        .iter()
        .filter(|x| core.contains(&x.name.as_str()) && x.served_population == 0.0)
        .map(|x| x.name.as_str())
        .collect();
    assert!(zero.len() >= 5, "{zero:?}");
}

/// A live step's figures (`Session::live_figures`: what the app's drag asks) are the brief
/// report's, straight and on foot, on Nanjing with a target and a capacity set, after moves,
/// an added and a removed station: the same kinds (with their units below target, counted without
/// building the units) and completeness, and each station's position and figures in id order.
#[test]
fn nanjing_live_figures_equal_the_brief_report() {
    let Some(mut s) = nanjing_session(SnapRule::default()) else {
        return;
    };
    let kinds: Vec<String> = s
        .plan()
        .kinds()
        .all()
        .iter()
        .map(|k| k.id.clone())
        .collect();
    s.set_kind(lifecircle::session::KindSpec {
        kind: kinds[0].clone(),
        target: Some(Some(0.85)),
        capacity: Some(Some(3000.0)),
        ..Default::default()
    })
    .unwrap();
    let stations: Vec<_> = s
        .plan()
        .stations()
        .map(|(id, st)| (id, st.at.lon, st.at.lat))
        .take(3)
        .collect();
    let check = |s: &mut lifecircle::Session, what: &str| {
        let live = s.live_figures().unwrap();
        let brief = s.summary_brief().unwrap();
        assert_eq!(live.kinds, brief.kinds, "{what}");
        assert!(live.kinds[0].units_below_target.is_some(), "{what}");
        assert_eq!(live.all_kinds, brief.all_kinds, "{what}");
        assert_eq!(
            (live.metric, live.residents, live.total_population),
            (brief.metric, brief.residents, brief.total_population)
        );
        let c = &live.stations;
        assert_eq!(c.id.len(), brief.stations.len(), "{what}");
        for (i, f) in brief.stations.iter().enumerate() {
            assert_eq!(
                (c.id[i], c.lon[i], c.lat[i], c.served[i], c.only[i]),
                (f.id, f.lon, f.lat, f.served_population, f.only_population),
                "{what}: station {}",
                f.id
            );
        }
        assert!(c.served.iter().any(|&v| v > 0.0), "{what}");
    };
    for metric in [lifecircle::Metric::Network, lifecircle::Metric::Straight] {
        s.set_metric(metric).unwrap();
        check(&mut s, &format!("{metric} at load"));
        for (step, &(id, lon, lat)) in stations.iter().enumerate() {
            let d = 0.001 * (step + 1) as f64;
            s.move_station(id, lon + d, lat - d, lifecircle::Crs::Wgs84)
                .unwrap();
            check(&mut s, &format!("{metric} after moving {id}"));
        }
    }
    s.set_metric(lifecircle::Metric::Network).unwrap();
    s.add_station(
        &kinds[0],
        stations[0].1,
        stations[0].2,
        lifecircle::Crs::Wgs84,
        "",
    )
    .unwrap();
    s.remove_station(stations[1].0).unwrap();
    check(&mut s, "on foot after adding and removing");
}
