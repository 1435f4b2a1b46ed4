//! Network coverage of a plan: per kind, every resident's walking distance to its nearest
//! station (bounded multi-source Dijkstra), and the stations within the radius (one bounded search
//! per station), remembered between calls. The report over them is `report.rs`.

use super::graph::StreetGraph;
use super::pieces::Pieces;
use super::search::{better, bounded_dijkstra, NO_SOURCE};
use super::snap::{Snap, SnapRule, Snapper};
use crate::engine::{Planner, StationId, NO_STATION};
use crate::geodesy::GeoPoint;
use crate::kinds::KindIndex;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A plan's residents on a street network.
pub struct NetworkCoverage {
    pub(super) graph: StreetGraph,
    pub(super) snapper: Snapper,
    pub(super) snap_m: f64,
    /// The network's pieces and which are joined.
    pub(super) pieces: Pieces,
    /// Per resident (file order): where it meets the network.
    pub(super) residents: Vec<Option<Snap>>,
    /// CSR: residents on segment `e` are `on_segment[seg_start[e]..seg_start[e + 1]]`.
    pub(super) seg_start: Vec<u32>,
    pub(super) on_segment: Vec<u32>,
    /// Per kind: the results and what they were computed from (radius, stations and where they
    /// stand), so that an edit recomputes only the kinds it touched.
    cache: RefCell<Vec<Option<KindEntry>>>,
    /// Per station: who it reaches, and the snap and radius that was for.
    reach: RefCell<HashMap<StationId, ReachEntry>>,
    /// How many times a kind was computed from scratch (the rest were incremental updates).
    fresh: std::cell::Cell<usize>,
    /// A search from one point's node distances, labels and touched nodes, kept between searches.
    pub(super) scratch: RefCell<Scratch>,
}

/// Node distances, labels and the nodes a search touched.
type Scratch = (Vec<f64>, Vec<u32>, Vec<u32>);

/// A kind's remembered results and what they were computed from.
type KindEntry = (KindKey, Rc<KindNetwork>);

/// A station's reach: (segment, t bits, access bits, radius bits) and the residents reached.
type ReachEntry = ((u32, u64, u64, u64), Rc<Vec<u32>>);

/// What a kind's walking results depend on besides the residents and streets.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct KindKey {
    pub(super) radius_bits: u64,
    pub(super) stations: Vec<(StationId, u64, u64)>,
}

/// One kind's walking-distance results, per resident in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindNetwork {
    /// Walking distance to the nearest station within the horizon (infinite beyond or unreached).
    pub distance_m: Vec<f64>,
    /// That station ([`NO_STATION`] when none).
    pub nearest: Vec<StationId>,
    /// Stations within the radius.
    pub count: Vec<u32>,
    /// Per live station of the kind: `(id, served, only)` population.
    pub stations: Vec<(StationId, f64, f64)>,
}

impl NetworkCoverage {
    /// Snaps the plan's residents to `graph` under `rule` (at most `rule.snap_m` from a street of
    /// a joined piece).
    pub fn new(plan: &Planner, graph: StreetGraph, rule: SnapRule) -> NetworkCoverage {
        let snap_m = rule.snap_m;
        let pieces = Pieces::of(&graph, rule.min_piece_pct);
        let snapper = Snapper::only(&graph, &pieces.joined_segments(&graph));
        let c = plan.resident_coordinates();
        let residents: Vec<Option<Snap>> = c
            .chunks_exact(2)
            .map(|p| snapper.snap(&graph, p[0], p[1], snap_m))
            .collect();
        let mut seg_start = vec![0u32; graph.edge_count() + 1];
        for s in residents.iter().flatten() {
            seg_start[s.segment as usize + 1] += 1;
        }
        for e in 0..graph.edge_count() {
            seg_start[e + 1] += seg_start[e];
        }
        let mut fill = seg_start.clone();
        let mut on_segment = vec![0u32; seg_start[graph.edge_count()] as usize];
        for (i, s) in residents.iter().enumerate() {
            if let Some(s) = s {
                on_segment[fill[s.segment as usize] as usize] = i as u32;
                fill[s.segment as usize] += 1;
            }
        }
        NetworkCoverage {
            graph,
            snapper,
            snap_m,
            pieces,
            residents,
            seg_start,
            on_segment,
            cache: RefCell::new(Vec::new()),
            reach: RefCell::new(HashMap::new()),
            fresh: std::cell::Cell::new(0),
            scratch: RefCell::default(),
        }
    }

    /// [`NetworkCoverage::kind`], remembered: computed again only when the kind's radius or its
    /// stations (ids and positions) changed since the last call. When a few stations moved, came
    /// or went, only bounded searches around their old and new places run (see `incremental.rs`);
    /// the results equal a fresh computation.
    pub fn kind_cached(&self, plan: &Planner, k: KindIndex) -> Rc<KindNetwork> {
        let key = KindKey {
            radius_bits: plan.kinds().get(k).radius_m.to_bits(),
            stations: plan
                .stations()
                .filter(|(_, s)| s.kind == k)
                .map(|(id, s)| (id, s.at.lon.to_bits(), s.at.lat.to_bits()))
                .collect(),
        };
        let mut cache = self.cache.borrow_mut();
        if cache.len() <= k {
            cache.resize(k + 1, None);
        }
        if let Some((old, r)) = &cache[k] {
            if *old == key {
                return Rc::clone(r);
            }
        }
        let updated = match cache[k].take() {
            Some((old, prev)) => self.update_kind(plan, k, &old, &key, prev),
            None => None,
        };
        let r = Rc::new(updated.unwrap_or_else(|| {
            self.fresh.set(self.fresh.get() + 1);
            self.kind(plan, k)
        }));
        cache[k] = Some((key, Rc::clone(&r)));
        r
    }

    /// How many times [`NetworkCoverage::kind_cached`] computed a kind from scratch rather than
    /// updating it around the stations that changed.
    pub fn fresh_computations(&self) -> usize {
        self.fresh.get()
    }

    /// The street graph.
    pub fn graph(&self) -> &StreetGraph {
        &self.graph
    }

    /// Where each resident meets the network (file order; `None`: too far from any street).
    pub fn resident_snaps(&self) -> &[Option<Snap>] {
        &self.residents
    }

    /// The reach remembered for station `id`, if it was for a station snapped at `s` with
    /// `radius`.
    pub(super) fn reach_remembered(
        &self,
        id: StationId,
        s: &Snap,
        radius: f64,
    ) -> Option<Rc<Vec<u32>>> {
        match self.reach.borrow().get(&id) {
            Some((k, r)) if *k == reach_key(s, radius) => Some(Rc::clone(r)),
            _ => None,
        }
    }

    /// Where a point meets the network, if within the snapping distance.
    pub fn snap(&self, lon: f64, lat: f64) -> Option<Snap> {
        self.snapper.snap(&self.graph, lon, lat, self.snap_m)
    }

    /// Seeds of a search from a snapped point: both ends of its segment.
    pub(super) fn seeds(&self, s: &Snap, label: u32, out: &mut Vec<(u32, f64, u32)>) {
        let (a, b, len) = self.graph.segments[s.segment as usize];
        out.push((a, s.access_m + s.t * len, label));
        out.push((b, s.access_m + (1.0 - s.t) * len, label));
    }

    /// Walk from the search's nodes to a snapped resident: via either end of its segment (the
    /// smaller label when both ends give the same walk).
    pub(super) fn via_ends(&self, r: &Snap, dist: &[f64], label: &[u32]) -> (f64, u32) {
        let (a, b, len) = self.graph.segments[r.segment as usize];
        let da = dist[a as usize] + r.t * len;
        let db = dist[b as usize] + (1.0 - r.t) * len;
        nearer_end((da, label[a as usize]), (db, label[b as usize]), r.access_m)
    }

    pub(super) fn kind_stations(
        &self,
        plan: &Planner,
        k: KindIndex,
    ) -> Vec<(StationId, Option<Snap>)> {
        plan.stations()
            .filter(|(_, s)| s.kind == k)
            .map(|(id, s)| (id, self.snap(s.at.lon, s.at.lat)))
            .collect()
    }

    /// Every live station of kind `k` (id order) with the residents it reaches on foot within the
    /// kind's radius and their walks, ascending file index (one bounded search per station; a
    /// station off the streets reaches no one).
    pub fn catchments(&self, plan: &Planner, k: KindIndex) -> Vec<(StationId, Vec<(u32, f64)>)> {
        let radius = plan.kinds().get(k).radius_m;
        self.kind_stations(plan, k)
            .into_iter()
            .map(|(id, s)| {
                let mut walks = s.map(|s| self.walks_from(&s, radius)).unwrap_or_default();
                walks.sort_unstable_by_key(|&(i, _)| i);
                (id, walks)
            })
            .collect()
    }

    /// Each resident's walking distance to the nearest station of kind `k` within its horizon
    /// (one bounded multi-source search), and that station; file order.
    pub fn nearest(&self, plan: &Planner, k: KindIndex) -> (Vec<f64>, Vec<StationId>) {
        let stations = self.kind_stations(plan, k);
        let mut out = KindNetwork::default();
        self.nearest_into(plan, k, &stations, &mut out);
        (out.distance_m, out.nearest)
    }

    /// Walking distances of one kind's stations in `plan`: nearest station and distance per
    /// resident, and who each station reaches within the radius.
    pub fn kind(&self, plan: &Planner, k: KindIndex) -> KindNetwork {
        let radius = plan.kinds().get(k).radius_m;
        let stations = self.kind_stations(plan, k);
        let n = self.residents.len();
        let mut out = KindNetwork::default();
        self.nearest_into(plan, k, &stations, &mut out);
        self.reach_figures(plan, radius, &stations, &mut out);
        debug_assert_eq!(out.count.len(), n);
        out
    }

    /// Who each station reaches within the radius (count per resident, served and only per
    /// station): one bounded search per station, remembered by station, place and radius (a drag
    /// reruns only the moved station's search).
    pub(super) fn reach_figures(
        &self,
        plan: &Planner,
        radius: f64,
        stations: &[(StationId, Option<Snap>)],
        out: &mut KindNetwork,
    ) {
        let n = self.residents.len();
        out.count = vec![0; n];
        out.stations = stations.iter().map(|(id, _)| (*id, 0.0, 0.0)).collect();
        let pop = plan.resident_population();
        let mut first = vec![u32::MAX; n];
        for (j, &(id, s)) in stations.iter().enumerate() {
            let Some(s) = s else { continue };
            for &i in self.reach_cached(id, &s, radius).iter() {
                let iu = i as usize;
                out.count[iu] += 1;
                out.stations[j].1 += pop[iu];
                if first[iu] == u32::MAX {
                    first[iu] = j as u32;
                }
            }
        }
        for i in 0..n {
            if out.count[i] == 1 {
                out.stations[first[i] as usize].2 += pop[i];
            }
        }
    }

    /// The residents a station snapped at `s` reaches within `radius` on foot, remembered.
    pub(super) fn reach_cached(&self, id: StationId, s: &Snap, radius: f64) -> Rc<Vec<u32>> {
        if let Some(r) = self.reach_remembered(id, s, radius) {
            return r;
        }
        let r = Rc::new(self.reach(s, radius));
        self.reach
            .borrow_mut()
            .insert(id, (reach_key(s, radius), Rc::clone(&r)));
        r
    }

    /// One bounded search from a point snapped at `s`: `then` gets each node's distance and
    /// label, and the segments it reached (those touching a reached node, and the point's own),
    /// sorted. The node arrays are kept between searches and only the nodes a search touched are
    /// reset, so that a search costs what it reaches, not the size of the graph.
    pub(super) fn search_from<R>(
        &self,
        s: &Snap,
        radius: f64,
        then: impl FnOnce(&[f64], &[u32], Vec<u32>) -> R,
    ) -> R {
        let mut scratch = self.scratch.borrow_mut();
        let (dist, label, touched) = &mut *scratch;
        let mut seeds = Vec::new();
        self.seeds(s, 0, &mut seeds);
        bounded_dijkstra(&self.graph, &seeds, radius, dist, label, touched);
        let mut segs = self.segments_at(touched);
        segs.push(s.segment);
        segs.sort_unstable();
        segs.dedup();
        then(dist, label, segs)
    }

    /// Walk along a shared segment between two points snapped to it.
    pub(super) fn along(&self, r: &Snap, s: &Snap) -> f64 {
        let len = self.graph.segments[r.segment as usize].2;
        (r.t - s.t).abs() * len + r.access_m + s.access_m
    }

    /// The residents within `radius` on foot of a point snapped at `s` (one bounded search).
    pub(super) fn reach(&self, s: &Snap, radius: f64) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .walks_from(s, radius)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        out.sort_unstable();
        out
    }

    /// The residents within `bound` on foot of a point snapped at `s`, with their walks (one
    /// bounded search; segment order).
    pub(super) fn walks_from(&self, s: &Snap, bound: f64) -> Vec<(u32, f64)> {
        self.search_from(s, bound, |dist, label, segs| {
            let mut out = Vec::new();
            for e in segs {
                let range =
                    self.seg_start[e as usize] as usize..self.seg_start[e as usize + 1] as usize;
                for &i in &self.on_segment[range] {
                    let r = self.residents[i as usize].as_ref().expect("snapped");
                    let mut d = self.via_ends(r, dist, label).0;
                    if r.segment == s.segment {
                        d = d.min(self.along(r, s));
                    }
                    if d <= bound {
                        out.push((i, d));
                    }
                }
            }
            out
        })
    }

    pub(super) fn nearest_into(
        &self,
        plan: &Planner,
        k: KindIndex,
        stations: &[(StationId, Option<Snap>)],
        out: &mut KindNetwork,
    ) {
        let horizon = plan.kinds().get(k).horizon_m();
        // Stations sharing a resident's segment may be reached directly along it: sorted by
        // segment, with a bit per segment so that most residents skip the lookup.
        let mut same: Vec<(u32, u32, Snap)> = Vec::new();
        let mut seeds = Vec::new();
        for (j, (_, s)) in stations.iter().enumerate() {
            if let Some(s) = s {
                self.seeds(s, j as u32, &mut seeds);
                same.push((s.segment, j as u32, *s));
            }
        }
        same.sort_by_key(|x| (x.0, x.1));
        let mut has_station = vec![false; self.graph.edge_count()];
        for x in &same {
            has_station[x.0 as usize] = true;
        }
        let n = self.residents.len();
        let (mut dist, mut label, mut touched) = (Vec::new(), Vec::new(), Vec::new());
        bounded_dijkstra(
            &self.graph,
            &seeds,
            horizon,
            &mut dist,
            &mut label,
            &mut touched,
        );
        out.distance_m = vec![f64::INFINITY; n];
        out.nearest = vec![NO_STATION; n];
        // Segment by segment (residents grouped by the segment they snap to), so that the
        // search's results for a segment's two ends are read once.
        for e in 0..self.graph.edge_count() {
            let range = self.seg_start[e] as usize..self.seg_start[e + 1] as usize;
            if range.is_empty() {
                continue;
            }
            let (a, b, len) = self.graph.segments[e];
            let (da, db) = (dist[a as usize], dist[b as usize]);
            let (la, lb) = (label[a as usize], label[b as usize]);
            if da.is_infinite() && db.is_infinite() && !has_station[e] {
                continue;
            }
            let here = if has_station[e] {
                let from = same.partition_point(|x| x.0 < e as u32);
                &same[from..from + same[from..].iter().take_while(|x| x.0 == e as u32).count()]
            } else {
                &same[0..0]
            };
            for &i in &self.on_segment[range] {
                let iu = i as usize;
                let r = self.residents[iu].as_ref().expect("snapped");
                let (ea, eb) = (da + r.t * len, db + (1.0 - r.t) * len);
                let (mut d, mut l) = nearer_end((ea, la), (eb, lb), r.access_m);
                for &(_, j, s) in here {
                    let dd = self.along(r, &s);
                    if better(dd, j, d, l) {
                        (d, l) = (dd, j);
                    }
                }
                if d <= horizon && l != NO_SOURCE {
                    out.distance_m[iu] = d;
                    out.nearest[iu] = stations[l as usize].0;
                }
            }
        }
    }

    /// Per resident (file order): walking ÷ straight-line distance to its nearest station of kind
    /// `k` on foot (NaN when it has none within the horizon, or stands where the station is).
    pub fn detour(&self, plan: &Planner, k: KindIndex) -> Vec<f64> {
        let r = self.kind_cached(plan, k);
        let at: HashMap<StationId, GeoPoint> = plan.stations().map(|(id, s)| (id, s.at)).collect();
        let c = plan.resident_coordinates();
        (0..r.distance_m.len())
            .map(|i| {
                let Some(s) = at.get(&r.nearest[i]) else {
                    return f64::NAN;
                };
                let straight = GeoPoint::from_degrees(c[2 * i], c[2 * i + 1]).distance_m(s);
                if straight > 1.0 && r.distance_m[i].is_finite() {
                    r.distance_m[i] / straight
                } else {
                    f64::NAN
                }
            })
            .collect()
    }

    /// Residents (file order indices) farther than the snapping distance from every street.
    pub fn unreachable(&self) -> Vec<u32> {
        (0..self.residents.len() as u32)
            .filter(|&i| self.residents[i as usize].is_none())
            .collect()
    }

    /// The streets a station reaches within `radius_m` on foot, as pieces `[lon0, lat0, lon1, lat1]`
    /// (segments cut where the walk runs out). Empty when the station is too far from a street.
    pub fn walkshed(&self, lon: f64, lat: f64, radius_m: f64) -> Vec<[f64; 4]> {
        let Some(s) = self.snap(lon, lat) else {
            return Vec::new();
        };
        // Each reached segment with the walk to its two ends.
        let reached: Vec<(u32, f64, f64)> = self.search_from(&s, radius_m, |dist, _, segs| {
            segs.into_iter()
                .map(|e| {
                    let (a, b, _) = self.graph.segments[e as usize];
                    (e, dist[a as usize], dist[b as usize])
                })
                .collect()
        });
        let mut out = Vec::new();
        for (e, da, db) in reached {
            let (a, b, len) = self.graph.segments[e as usize];
            let (pa, pb) = (self.graph.nodes[a as usize], self.graph.nodes[b as usize]);
            let at = |t: f64| {
                (
                    pa.lon + t * (pb.lon - pa.lon),
                    pa.lat + t * (pb.lat - pa.lat),
                )
            };
            // Reached spans of [0, 1]: from a, from b, and around the station on its own segment.
            let mut spans: Vec<(f64, f64)> = Vec::new();
            let reach = |d: f64| {
                if d.is_finite() && len > 0.0 {
                    ((radius_m - d) / len).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            };
            let fa = reach(da);
            let fb = reach(db);
            if fa > 0.0 {
                spans.push((0.0, fa));
            }
            if fb > 0.0 {
                spans.push((1.0 - fb, 1.0));
            }
            if e == s.segment && len > 0.0 {
                let r = ((radius_m - s.access_m) / len).max(0.0);
                if r > 0.0 {
                    spans.push(((s.t - r).max(0.0), (s.t + r).min(1.0)));
                }
            }
            spans.sort_by(|x, y| x.0.total_cmp(&y.0));
            let mut merged: Vec<(f64, f64)> = Vec::new();
            for sp in spans {
                match merged.last_mut() {
                    Some(m) if sp.0 <= m.1 => m.1 = m.1.max(sp.1),
                    _ => merged.push(sp),
                }
            }
            for (t0, t1) in merged {
                let (p, q) = (at(t0), at(t1));
                out.push([p.0, p.1, q.0, q.1]);
            }
        }
        out
    }

    /// Segments touching any of `nodes`.
    fn segments_at(&self, nodes: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        for &n in nodes {
            let r =
                self.graph.start[n as usize] as usize..self.graph.start[n as usize + 1] as usize;
            out.extend(self.graph.arc_segment[r].iter().copied());
        }
        out
    }
}

/// The walk through the nearer end of a resident's segment, `(walk to the end's node + along the
/// segment, label)` for each end, plus the access leg; on an exact tie the smaller label.
#[inline]
pub(super) fn nearer_end(a: (f64, u32), b: (f64, u32), access_m: f64) -> (f64, u32) {
    let (d, l) = if better(b.0, b.1, a.0, a.1) { b } else { a };
    (d + access_m, l)
}

/// What a remembered reach was computed for: the station's snap and the radius.
fn reach_key(s: &Snap, radius: f64) -> (u32, u64, u64, u64) {
    (
        s.segment,
        s.t.to_bits(),
        s.access_m.to_bits(),
        radius.to_bits(),
    )
}
