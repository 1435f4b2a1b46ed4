//! Keeping one kind's walking results current when a few of its stations move, come or go: only
//! bounded searches around their old and new places run, and the result equals a fresh one.

use super::coverage::{KindKey, KindNetwork, NetworkCoverage};
use super::search::{better, NO_SOURCE};
use super::snap::Snap;
use crate::engine::{Planner, StationId, NO_STATION};
use crate::fxhash::FxBuild;
use crate::geodesy::GeoPoint;
use crate::kinds::KindIndex;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// More changed stations than this and a fresh computation is as quick.
const MAX_CHANGES: usize = 8;

impl NetworkCoverage {
    /// `prev` (the results for `old`) brought up to `new`, or None when a fresh computation is
    /// due (another radius, or many stations changed).
    ///
    /// A resident's nearest station changes only if it was one that left (moved away or was
    /// removed) or if one arrived closer. Residents of the first sort were within the horizon of
    /// the old place, so every station that can now reach them within the horizon stands within
    /// twice the horizon of that place (a walk is never shorter than the straight line): one
    /// multi-source search from those stations, bounded by the horizon, settles them. Each
    /// arriving station then runs one bounded search of its own and takes the residents it is
    /// nearer to. Who each station reaches within the radius comes from the per-station searches,
    /// of which only the moved stations' run again.
    pub(super) fn update_kind(
        &self,
        plan: &Planner,
        k: KindIndex,
        old: &KindKey,
        new: &KindKey,
        prev: Rc<KindNetwork>,
    ) -> Option<KindNetwork> {
        if old.radius_bits != new.radius_bits {
            return None;
        }
        let before: HashSet<&(StationId, u64, u64), FxBuild> = old.stations.iter().collect();
        let after: HashSet<&(StationId, u64, u64), FxBuild> = new.stations.iter().collect();
        let left: Vec<&(StationId, u64, u64)> =
            old.stations.iter().filter(|s| !after.contains(s)).collect();
        let arrived: Vec<&(StationId, u64, u64)> = new
            .stations
            .iter()
            .filter(|s| !before.contains(s))
            .collect();
        if left.len() + arrived.len() > MAX_CHANGES {
            return None;
        }
        let radius = plan.kinds().get(k).radius_m;
        let horizon = plan.kinds().get(k).horizon_m();
        let stations = self.kind_stations(plan, k);
        let mut out = Rc::try_unwrap(prev).unwrap_or_else(|shared| (*shared).clone());
        // At most MAX_CHANGES: a list is quicker than a hash per resident.
        let gone: Vec<StationId> = left.iter().map(|s| s.0).collect();
        if !gone.is_empty() {
            let affected = nearest_of(&out.nearest, &gone);
            if !affected.is_empty() {
                let places: Vec<GeoPoint> = left
                    .iter()
                    .map(|s| GeoPoint::from_degrees(f64::from_bits(s.1), f64::from_bits(s.2)))
                    .collect();
                // A little slack over twice the horizon for the straight-line approximation.
                let reach = 2.0 * horizon * 1.01 + 10.0;
                let local: Vec<(StationId, Snap)> = stations
                    .iter()
                    .filter_map(|&(id, s)| Some((id, s?)))
                    .filter(|(id, _)| {
                        let at = plan.station(*id).expect("live").at;
                        places.iter().any(|p| p.distance_m(&at) <= reach)
                    })
                    .collect();
                self.settle(&local, horizon, &affected, &mut out);
            }
        }
        for &&(id, _, _) in &arrived {
            let Some(s) = stations
                .iter()
                .find(|(sid, _)| *sid == id)
                .and_then(|x| x.1)
            else {
                continue;
            };
            for (i, d) in self.walks_from(&s, horizon) {
                let i = i as usize;
                if better(d, id, out.distance_m[i], out.nearest[i]) {
                    out.distance_m[i] = d;
                    out.nearest[i] = id;
                }
            }
        }
        self.update_reach(plan, radius, &stations, &left, &arrived, &mut out)?;
        Some(out)
    }

    /// Who each station reaches, brought up to date: the counts change only inside the reach of
    /// the stations that left or arrived, and "served only by it" only for the stations within
    /// twice the radius of their places (no other station shares a resident with them). None
    /// when a leaving station's reach is no longer remembered.
    fn update_reach(
        &self,
        plan: &Planner,
        radius: f64,
        stations: &[(StationId, Option<Snap>)],
        left: &[&(StationId, u64, u64)],
        arrived: &[&(StationId, u64, u64)],
        out: &mut KindNetwork,
    ) -> Option<()> {
        let pop = |i: u32| plan.resident_pop(i as usize);
        let place = |s: &(StationId, u64, u64)| (f64::from_bits(s.1), f64::from_bits(s.2));
        let mut places = Vec::new();
        for s in left {
            let (lon, lat) = place(s);
            places.push(GeoPoint::from_degrees(lon, lat));
            if let Some(snap) = self.snap(lon, lat) {
                for &(i, _) in self.reach_remembered(s.0, &snap, radius)?.iter() {
                    out.count[i as usize] -= 1;
                }
            }
        }
        let before: HashMap<StationId, (f64, f64), FxBuild> = out
            .stations
            .iter()
            .map(|&(id, served, only)| (id, (served, only)))
            .collect();
        let mut served_new: HashMap<StationId, f64, FxBuild> = HashMap::default();
        for s in arrived {
            let (lon, lat) = place(s);
            places.push(GeoPoint::from_degrees(lon, lat));
            let snapped = stations.iter().find(|(id, _)| *id == s.0).and_then(|x| x.1);
            let mut served = 0.0;
            if let Some(snap) = snapped {
                for &(i, _) in self.reach_cached(s.0, &snap, radius).iter() {
                    out.count[i as usize] += 1;
                    served += pop(i);
                }
            }
            served_new.insert(s.0, served);
        }
        let near = 2.0 * radius * 1.01 + 10.0;
        out.stations = stations
            .iter()
            .map(|&(id, snap)| {
                let served = served_new
                    .get(&id)
                    .copied()
                    .or_else(|| before.get(&id).map(|b| b.0))
                    .unwrap_or(0.0);
                let at = plan.station(id).expect("live").at;
                let close = places.iter().any(|p| p.distance_m(&at) <= near);
                let only = match (snap, close || served_new.contains_key(&id)) {
                    (Some(snap), true) => self
                        .reach_cached(id, &snap, radius)
                        .iter()
                        .filter(|&&(i, _)| out.count[i as usize] == 1)
                        .map(|&(i, _)| pop(i))
                        .sum(),
                    (None, _) => 0.0,
                    (Some(_), false) => before.get(&id).map_or(0.0, |b| b.1),
                };
                (id, served, only)
            })
            .collect();
        Some(())
    }

    /// A lower bound of the walk from a node to the nearer end of any of `snaps`' segments: the
    /// straight line to the box around those ends (scales taken at the box's side where a degree
    /// is shortest, 1 % and a metre off for the local model's rounding).
    fn toward_ends(&self, snaps: impl Iterator<Item = Snap>) -> impl Fn(u32) -> f64 + '_ {
        let (mut w, mut s, mut e, mut n) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for r in snaps {
            let (a, b, _) = self.graph.segments[r.segment as usize];
            for p in [a, b] {
                let p = &self.graph.nodes[p as usize];
                (w, e, s, n) = (w.min(p.lon), e.max(p.lon), s.min(p.lat), n.max(p.lat));
            }
        }
        // Per degree: longitude shortest at the largest |latitude|, latitude at the smallest.
        let far = GeoPoint::from_degrees(w, if n.abs() > s.abs() { n } else { s });
        let near = GeoPoint::from_degrees(
            w,
            if s <= 0.0 && n >= 0.0 {
                0.0
            } else {
                s.abs().min(n.abs())
            },
        );
        move |v| {
            if w > e {
                return 0.0;
            }
            let p = &self.graph.nodes[v as usize];
            let dx = (w - p.lon).max(p.lon - e).max(0.0) * 2.0 * far.half_kx.min(p.half_kx);
            let dy = (s - p.lat).max(p.lat - n).max(0.0) * 2.0 * near.half_ky.min(p.half_ky);
            0.99 * (dx * dx + dy * dy).sqrt() - 1.0
        }
    }

    /// Nearest of `stations` (and the walk to it) for the residents `which`: one multi-source
    /// search bounded by `horizon`, read at those residents only.
    fn settle(
        &self,
        stations: &[(StationId, Snap)],
        horizon: f64,
        which: &[usize],
        out: &mut KindNetwork,
    ) {
        let mut seeds = Vec::with_capacity(2 * stations.len());
        for (j, (_, s)) in stations.iter().enumerate() {
            self.seeds(s, j as u32, &mut seeds);
        }
        // Only walks that end at the affected residents' segments matter: nodes farther on foot
        // than the horizon from every one of them are left alone (on a 3 km kind, the stations
        // within twice its horizon would otherwise search most of a city).
        let near = self.toward_ends(which.iter().filter_map(|&i| self.residents[i]));
        let mut space = self.scratch.borrow_mut();
        space.search_toward(&self.graph, &seeds, horizon, near);
        let (dist, label) = (&space.dist, &space.label);
        for &i in which {
            out.distance_m[i] = f64::INFINITY;
            out.nearest[i] = NO_STATION;
            let Some(r) = self.residents[i].as_ref() else {
                continue;
            };
            let (mut d, mut l) = if dist.is_empty() {
                (f64::INFINITY, NO_SOURCE)
            } else {
                self.via_ends(r, dist, label)
            };
            for (j, (_, s)) in stations.iter().enumerate() {
                if s.segment == r.segment {
                    let dd = self.along(r, s);
                    if better(dd, j as u32, d, l) {
                        (d, l) = (dd, j as u32);
                    }
                }
            }
            if d <= horizon && l != NO_SOURCE {
                out.distance_m[i] = d;
                out.nearest[i] = stations[l as usize].0;
            }
        }
    }
}

/// The residents whose nearest station is one of `gone` (at most [`MAX_CHANGES`]). A drag has one:
/// blocks of residents are first tested with a fold the compiler vectorises (a million residents
/// a step, of whom a few thousand match).
fn nearest_of(nearest: &[StationId], gone: &[StationId]) -> Vec<usize> {
    const BLOCK: usize = 64;
    let mut out = Vec::new();
    for (b, block) in nearest.chunks(BLOCK).enumerate() {
        let hit = match gone {
            [g] => block.iter().fold(false, |a, &s| a | (s == *g)),
            _ => block.iter().any(|s| gone.contains(s)),
        };
        if hit {
            out.extend(
                (0..block.len())
                    .filter(|&j| gone.contains(&block[j]))
                    .map(|j| b * BLOCK + j),
            );
        }
    }
    out
}
