//! Network coverage of a plan: per kind, every resident's walking distance to its nearest
//! station (bounded multi-source Dijkstra), and the stations within the radius (one bounded search
//! per station), remembered between calls. The report over them is `report.rs`.

use super::graph::StreetGraph;
use super::pieces::Pieces;
use super::search::{better, SearchSpace, NO_SOURCE};
use super::snap::{Snap, SnapRule, Snapper};
use crate::engine::{Planner, StationId, NO_STATION};
use crate::fxhash::FxBuild;
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
    /// CSR: residents on segment `e` are `on_segment[seg_start[e]..seg_start[e + 1]]`, their
    /// snaps beside them in `segment_snaps` (a search reads a segment's residents in one run
    /// instead of a cache miss per resident in file order: measured 41 % of `walks_from`).
    pub(super) seg_start: Vec<u32>,
    pub(super) on_segment: Vec<u32>,
    segment_snaps: Vec<Snap>,
    /// Per kind: the results and what they were computed from (radius, stations and where they
    /// stand), so that an edit recomputes only the kinds it touched.
    cache: RefCell<Vec<Option<KindEntry>>>,
    /// Per station: who it reaches and their walks, and the snap and radius that was for.
    reach: RefCell<HashMap<StationId, ReachEntry, FxBuild>>,
    /// How many times a kind was computed from scratch (the rest were incremental updates).
    fresh: std::cell::Cell<usize>,
    /// The last version given to a kind's results.
    versions: std::cell::Cell<u64>,
    /// The walking population sums last made, and what they were made from.
    pub(super) totals: RefCell<Option<super::totals::WalkTotals>>,
    /// A search's memory, kept between searches.
    pub(super) scratch: RefCell<SearchSpace>,
    /// Per segment: whether the current search listed it already (all false between searches).
    seen_segment: RefCell<Vec<bool>>,
    /// Where each station meets the network, by the place it was snapped at (a drag step asked
    /// for every station's snap again: 7 ms a step with 10,000 stations).
    station_snaps: RefCell<HashMap<StationId, StationSnap, FxBuild>>,
}

/// A station's place (longitude and latitude bits) and its snap there.
type StationSnap = ((u64, u64), Option<Snap>);

/// A kind's remembered results, what they were computed from, and their version.
type KindEntry = (KindKey, Rc<KindNetwork>, u64);

/// The residents a station reaches on foot (in the search's segment order), with their walks in
/// metres. The walks are kept as `f32` (a tenth of a millimetre at 3 km): 8 bytes a pair, some 110 MB for a million
/// residents and 10,000 stations, so that the catchment figures (2SFCA) read them instead of
/// searching again from every station.
pub(super) type Reach = Vec<(u32, f32)>;

/// A station's reach: (segment, t bits, access bits, radius bits) and the residents reached.
type ReachEntry = ((u32, u64, u64, u64), Rc<Reach>);

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
        let snapped = seg_start[graph.edge_count()] as usize;
        let mut on_segment = vec![0u32; snapped];
        let mut segment_snaps = vec![
            Snap {
                segment: 0,
                t: 0.0,
                access_m: 0.0
            };
            snapped
        ];
        for (i, s) in residents.iter().enumerate() {
            if let Some(s) = s {
                let at = fill[s.segment as usize] as usize;
                on_segment[at] = i as u32;
                segment_snaps[at] = *s;
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
            segment_snaps,
            cache: RefCell::new(Vec::new()),
            reach: RefCell::default(),
            fresh: std::cell::Cell::new(0),
            versions: std::cell::Cell::new(0),
            totals: RefCell::default(),
            scratch: RefCell::default(),
            seen_segment: RefCell::default(),
            station_snaps: RefCell::default(),
        }
    }

    /// [`NetworkCoverage::kind`], remembered: computed again only when the kind's radius or its
    /// stations (ids and positions) changed since the last call. When a few stations moved, came
    /// or went, only bounded searches around their old and new places run (see `incremental.rs`);
    /// the results equal a fresh computation.
    pub fn kind_cached(&self, plan: &Planner, k: KindIndex) -> Rc<KindNetwork> {
        self.kind_versioned(plan, k).0
    }

    /// [`NetworkCoverage::kind_cached`] and its version: a number no other results of this
    /// network coverage had (a new one whenever the kind's results were updated or computed).
    pub(super) fn kind_versioned(&self, plan: &Planner, k: KindIndex) -> (Rc<KindNetwork>, u64) {
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
        if let Some((old, r, version)) = &cache[k] {
            if *old == key {
                return (Rc::clone(r), *version);
            }
        }
        let updated = match cache[k].take() {
            Some((old, prev, _)) => self.update_kind(plan, k, &old, &key, prev),
            None => None,
        };
        let r = Rc::new(updated.unwrap_or_else(|| {
            self.fresh.set(self.fresh.get() + 1);
            self.kind(plan, k)
        }));
        let version = self.versions.get() + 1;
        self.versions.set(version);
        cache[k] = Some((key, Rc::clone(&r), version));
        (r, version)
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
    ) -> Option<Rc<Reach>> {
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
        let (a, b) = (a as usize, b as usize);
        via_nearer_end((dist[a], label[a]), (dist[b], label[b]), len, r)
    }

    pub(super) fn kind_stations(
        &self,
        plan: &Planner,
        k: KindIndex,
    ) -> Vec<(StationId, Option<Snap>)> {
        let mut known = self.station_snaps.borrow_mut();
        plan.stations()
            .filter(|(_, s)| s.kind == k)
            .map(|(id, s)| {
                let bits = (s.at.lon.to_bits(), s.at.lat.to_bits());
                let snap = match known.get(&id) {
                    Some(&(b, snap)) if b == bits => snap,
                    _ => {
                        let snap = self.snap(s.at.lon, s.at.lat);
                        known.insert(id, (bits, snap));
                        snap
                    }
                };
                (id, snap)
            })
            .collect()
    }

    /// Every live station of kind `k` (id order), one at a time, with the residents it reaches on
    /// foot within the kind's radius and their walks (the remembered reach: a search
    /// only for a station not searched from its place yet; a station off the streets reaches no
    /// one).
    pub fn each_catchment(&self, plan: &Planner, k: KindIndex, f: crate::engine::EachCatchment) {
        let radius = plan.kinds().get(k).radius_m;
        let mut walks = Vec::new();
        for (id, s) in self.kind_stations(plan, k) {
            walks.clear();
            if let Some(s) = s {
                let reach = self.reach_cached(id, &s, radius);
                walks.extend(reach.iter().map(|&(i, d)| (i, f64::from(d))));
            }
            f(id, &walks);
        }
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
        // What the kind's reach will hold, at most: the straight-line pairs (a walk is never
        // shorter), 8 bytes each, plus the per-resident results.
        let pairs: u64 = plan.covering_count(k).iter().map(|&c| u64::from(c)).sum();
        reserve_heap(8 * pairs as usize + 24 * n);
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
            for &(i, _) in self.reach_cached(id, &s, radius).iter() {
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
    pub(super) fn reach_cached(&self, id: StationId, s: &Snap, radius: f64) -> Rc<Reach> {
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
    /// label, and the segments it reached (the point's own, then those touching a reached node,
    /// each once, in the order the search reached them). The node arrays are kept between
    /// searches and only the nodes a search touched are reset, so that a search costs what it
    /// reaches, not the size of the graph.
    pub(super) fn search_from<R>(
        &self,
        s: &Snap,
        radius: f64,
        then: impl FnOnce(&[f64], &[u32], Vec<u32>) -> R,
    ) -> R {
        let mut space = self.scratch.borrow_mut();
        let mut seeds = Vec::new();
        self.seeds(s, 0, &mut seeds);
        space.search(&self.graph, &seeds, radius);
        let segs = self.segments_at(&space.touched, s.segment);
        then(&space.dist, &space.label, segs)
    }

    /// Walk along a shared segment between two points snapped to it.
    pub(super) fn along(&self, r: &Snap, s: &Snap) -> f64 {
        let len = self.graph.segments[r.segment as usize].2;
        (r.t - s.t).abs() * len + r.access_m + s.access_m
    }

    /// The residents within `radius` on foot of a point snapped at `s`, with their walks (one
    /// bounded search; segment order, as every user of a reach sums in that same order — sorting
    /// a 3 km reach of 20,000 residents cost more than the search).
    pub(super) fn reach(&self, s: &Snap, radius: f64) -> Reach {
        self.walks_from(s, radius)
            .into_iter()
            .map(|(i, d)| (i, d as f32))
            .collect()
    }

    /// The residents within `bound` on foot of a point snapped at `s`, with their walks (one
    /// bounded search; segment order).
    pub(super) fn walks_from(&self, s: &Snap, bound: f64) -> Vec<(u32, f64)> {
        self.search_from(s, bound, |dist, label, segs| {
            let mut out = Vec::new();
            for e in segs {
                let range =
                    self.seg_start[e as usize] as usize..self.seg_start[e as usize + 1] as usize;
                if range.is_empty() {
                    continue;
                }
                // The segment's ends are read once for all its residents.
                let (a, b, len) = self.graph.segments[e as usize];
                let ends_a = (dist[a as usize], label[a as usize]);
                let ends_b = (dist[b as usize], label[b as usize]);
                let own = e == s.segment;
                for (&i, r) in self.on_segment[range.clone()]
                    .iter()
                    .zip(&self.segment_snaps[range])
                {
                    let mut d = via_nearer_end(ends_a, ends_b, len, r).0;
                    if own {
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
        let mut space = self.scratch.borrow_mut();
        space.search(&self.graph, &seeds, horizon);
        let (dist, label) = (&space.dist, &space.label);
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
            for (&i, r) in self.on_segment[range.clone()]
                .iter()
                .zip(&self.segment_snaps[range])
            {
                let iu = i as usize;
                let (mut d, mut l) = via_nearer_end((da, la), (db, lb), len, r);
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
        (0..r.distance_m.len())
            .map(|i| {
                let Some(s) = at.get(&r.nearest[i]) else {
                    return f64::NAN;
                };
                let straight = plan.resident_point(i).distance_m(s);
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
        let reached: Vec<(u32, f64, f64)> = self.search_from(&s, radius_m, |dist, _, mut segs| {
            // Pieces in segment order, as drawn and exported.
            segs.sort_unstable();
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

    /// Segment `own` and the segments touching any of `nodes`, each once, in the order found
    /// (a mark per segment instead of sorting and deduplicating: the sort of a 3 km search's
    /// 20,000 segments cost a tenth of the walking summary).
    fn segments_at(&self, nodes: &[u32], own: u32) -> Vec<u32> {
        let mut seen = self.seen_segment.borrow_mut();
        if seen.len() != self.graph.edge_count() {
            *seen = vec![false; self.graph.edge_count()];
        }
        let mut out = vec![own];
        seen[own as usize] = true;
        for &n in nodes {
            let r =
                self.graph.start[n as usize] as usize..self.graph.start[n as usize + 1] as usize;
            for &e in &self.graph.arc_segment[r] {
                if !seen[e as usize] {
                    seen[e as usize] = true;
                    out.push(e);
                }
            }
        }
        for &e in &out {
            seen[e as usize] = false;
        }
        out
    }
}

/// Makes the heap hold at least `bytes` more, in one step, before many small allocations need
/// them. In WebAssembly the allocator grows the memory by what each allocation lacks, 64 KB at a
/// time, and each growth costs the engine worker a fraction of a millisecond and the JS heap a
/// collection: a kind's reach at a million residents (thousands of growths) took a second longer
/// than with the memory there (measured in `bench/bench.mjs`). Natively a large block is only
/// mapped and unmapped.
fn reserve_heap(bytes: usize) {
    let block: Vec<u8> = Vec::with_capacity(bytes);
    // The allocation must happen (an unused one may be elided); freed, it stays in the heap.
    std::hint::black_box(&block);
}

/// The walk to a point snapped at `r` on a segment of length `len` whose two ends the search
/// reached as `a` and `b` (walk, label): through the nearer end (the end's walk plus the way along
/// the segment), plus the access leg; on an exact tie the smaller label.
#[inline]
pub(super) fn via_nearer_end(a: (f64, u32), b: (f64, u32), len: f64, r: &Snap) -> (f64, u32) {
    let a = (a.0 + r.t * len, a.1);
    let b = (b.0 + (1.0 - r.t) * len, b.1);
    let (d, l) = if better(b.0, b.1, a.0, a.1) { b } else { a };
    (d + r.access_m, l)
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
