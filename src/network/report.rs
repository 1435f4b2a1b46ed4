//! The walking network's coverage as the report builder reads it ([`Walking`]), the network-only
//! figures (detours, residents and stations the streets do not reach), and the report under
//! `metric: "network"`.

use super::coverage::{KindNetwork, NetworkCoverage};
use super::pieces::PiecesSummary;
use crate::admin::NO_UNIT;
use crate::engine::{Planner, StationId, Totals};
use crate::kinds::KindIndex;
use crate::report::{build, Coverage, KindView, Metric, Summary};
use serde::Serialize;
use std::borrow::Cow;
use std::rc::Rc;

/// Network-only figures of one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindNetworkFigures {
    /// Kind id.
    pub kind: String,
    /// Population-weighted mean of walking ÷ straight-line distance to the nearest station, over
    /// residents with a station within the horizon (1 when the streets run straight to it).
    pub mean_detour_ratio: f64,
    /// Stations farther than the snapping distance from every street (they serve no one).
    pub unreachable_stations: usize,
}

/// Detour and residents the streets do not reach, per admin unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitDetour {
    /// Unit path id.
    pub id: String,
    /// Per kind, in table order: mean detour ratio (0 when no resident has a station in reach).
    pub mean_detour_ratio: Vec<f64>,
    /// The unit's residents that do not reach a joined street.
    pub unreachable_residents: usize,
    /// Their population.
    pub unreachable_population: f64,
}

/// A station that does not reach the walking network: it serves no one on foot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnreachableStation {
    /// Station id.
    pub id: StationId,
    /// Its name.
    pub name: String,
    /// Its kind's id.
    pub kind: String,
    /// Position, WGS-84 degrees.
    pub lon: f64,
    /// Position, WGS-84 degrees.
    pub lat: f64,
    /// Distance to the nearest street of any piece, metres (`null` without streets).
    pub nearest_street_m: Option<f64>,
    /// When that street lies within the snapping distance on a piece left out: the piece's
    /// length, metres (the station stands on an isolated piece); `null` when it is simply too far.
    pub isolated_piece_m: Option<f64>,
}

/// What only the network metric has.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkExtras {
    /// Street graph size.
    pub nodes: usize,
    /// Street segments.
    pub edges: usize,
    /// Residents farther than the snapping distance from every street: reported, never covered.
    pub unreachable_residents: usize,
    /// Their population.
    pub unreachable_population: f64,
    /// The snapping distance used, metres.
    pub snap_m: f64,
    /// The network's connected pieces and the rule joining them.
    pub pieces: PiecesSummary,
    /// Stations that do not reach a joined street (they serve no one on foot), named.
    pub unreachable_stations: Vec<UnreachableStation>,
    /// Per kind.
    pub kinds: Vec<KindNetworkFigures>,
    /// Per admin unit, in the report's unit order.
    pub units: Vec<UnitDetour>,
}

/// A plan's coverage on foot: each kind's walking results (remembered by the network coverage)
/// and their population sums.
pub struct Walking<'a> {
    plan: &'a Planner,
    net: &'a NetworkCoverage,
    kinds: Vec<Rc<KindNetwork>>,
    totals: Totals,
}

impl<'a> Walking<'a> {
    /// The walking figures of every kind of `plan` over `net`'s streets.
    pub fn new(plan: &'a Planner, net: &'a NetworkCoverage) -> Walking<'a> {
        let versioned: Vec<(Rc<KindNetwork>, u64)> = (0..plan.kinds().len())
            .map(|k| net.kind_versioned(plan, k))
            .collect();
        let counts: Vec<(&[u32], u64)> = versioned
            .iter()
            .map(|(r, v)| (r.count.as_slice(), *v))
            .collect();
        let totals = super::totals::walking_totals(&mut net.totals.borrow_mut(), plan, &counts);
        Walking {
            plan,
            net,
            kinds: versioned.into_iter().map(|(r, _)| r).collect(),
            totals,
        }
    }

    /// The plan these figures are of.
    pub fn plan(&self) -> &'a Planner {
        self.plan
    }

    /// One kind's walking results.
    pub fn kind(&self, k: KindIndex) -> &KindNetwork {
        &self.kinds[k]
    }
}

impl Coverage for Walking<'_> {
    fn metric(&self) -> Metric {
        Metric::Network
    }

    fn totals(&self) -> Cow<'_, Totals> {
        Cow::Borrowed(&self.totals)
    }

    fn counts(&self, k: KindIndex) -> Cow<'_, [u32]> {
        Cow::Borrowed(&self.kinds[k].count)
    }

    fn nearest(&self, k: KindIndex) -> Cow<'_, [StationId]> {
        Cow::Borrowed(&self.kinds[k].nearest)
    }

    fn served(&self) -> Vec<(StationId, f64, f64)> {
        let mut out: Vec<(StationId, f64, f64)> = self
            .kinds
            .iter()
            .flat_map(|r| r.stations.iter().copied())
            .collect();
        out.sort_by_key(|s| s.0);
        out
    }

    fn distance_m(&self, k: KindIndex) -> Cow<'_, [f64]> {
        Cow::Borrowed(&self.kinds[k].distance_m)
    }

    fn kind_view(&self, k: KindIndex) -> KindView {
        let r = &self.kinds[k];
        KindView {
            nearest: r.nearest.clone(),
            distance_m: r.distance_m.clone(),
            count: r.count.clone(),
            detour: Some(self.net.detour(self.plan, k)),
        }
    }

    fn each_catchment(&self, k: KindIndex, f: crate::report::EachCatchment) {
        self.net.each_catchment(self.plan, k, f)
    }

    fn unreachable(&self) -> Option<Vec<u32>> {
        Some(self.net.unreachable())
    }
}

impl NetworkCoverage {
    /// What only the walking metric reports: graph size, residents and stations the streets do
    /// not reach, and the mean detour per kind and per admin unit (in the report's unit order).
    pub fn extras(&self, plan: &Planner) -> NetworkExtras {
        let kinds = plan.kinds();
        let kn = kinds.len();
        let pop = plan.resident_population();
        let n = pop.len();
        // Detour: walking over straight-line distance to the same (nearest walking) station.
        let detours: Vec<Vec<f64>> = (0..kn).map(|k| self.detour(plan, k)).collect();
        let admin = plan.admin().all();
        let units_n = admin.len();
        let mut u_det = vec![(0.0, 0.0); units_n * kn];
        let mut k_det = vec![(0.0, 0.0); kn];
        for i in 0..n {
            let us = plan.resident_units(i);
            for k in 0..kn {
                let d = detours[k][i];
                if d.is_nan() {
                    continue;
                }
                k_det[k].0 += pop[i] * d;
                k_det[k].1 += pop[i];
            }
            for u in us.into_iter().filter(|&u| u != NO_UNIT) {
                let u = u as usize;
                for k in 0..kn {
                    let d = detours[k][i];
                    if !d.is_nan() {
                        u_det[u * kn + k].0 += pop[i] * d;
                        u_det[u * kn + k].1 += pop[i];
                    }
                }
            }
        }
        let mean = |(s, w): (f64, f64)| if w > 0.0 { s / w } else { 0.0 };
        let mut order: Vec<usize> = (0..units_n).collect();
        order.sort_by(|&a, &b| (admin[a].level, &admin[a].id).cmp(&(admin[b].level, &admin[b].id)));
        let unreachable: Vec<usize> = (0..n).filter(|&i| self.residents[i].is_none()).collect();
        let mut u_off = vec![(0usize, 0.0f64); units_n];
        for &i in &unreachable {
            for u in plan.resident_units(i).into_iter().filter(|&u| u != NO_UNIT) {
                u_off[u as usize].0 += 1;
                u_off[u as usize].1 += pop[i];
            }
        }
        let stations: Vec<UnreachableStation> = plan
            .stations()
            .filter(|(_, s)| self.snap(s.at.lon, s.at.lat).is_none())
            .map(|(id, s)| {
                let any = self.snapper.nearest_any(s.at.lon, s.at.lat);
                UnreachableStation {
                    id,
                    name: s.name.clone(),
                    kind: kinds.get(s.kind).id.clone(),
                    lon: s.at.lon,
                    lat: s.at.lat,
                    nearest_street_m: any.map(|(_, d)| d),
                    isolated_piece_m: any.filter(|&(_, d)| d <= self.snap_m).map(|(e, _)| {
                        self.pieces.length_m[self.pieces.of_segment(&self.graph, e) as usize]
                    }),
                }
            })
            .collect();
        NetworkExtras {
            nodes: self.graph.node_count(),
            edges: self.graph.edge_count(),
            unreachable_residents: unreachable.len(),
            unreachable_population: unreachable.iter().map(|&i| pop[i]).fold(0.0, |a, b| a + b),
            snap_m: self.snap_m,
            pieces: self.pieces.summary(),
            kinds: (0..kn)
                .map(|k| KindNetworkFigures {
                    kind: kinds.get(k).id.clone(),
                    mean_detour_ratio: mean(k_det[k]),
                    unreachable_stations: stations
                        .iter()
                        .filter(|s| s.kind == kinds.get(k).id)
                        .count(),
                })
                .collect(),
            unreachable_stations: stations,
            units: order
                .iter()
                .map(|&u| UnitDetour {
                    id: admin[u].id.clone(),
                    mean_detour_ratio: (0..kn).map(|k| mean(u_det[u * kn + k])).collect(),
                    unreachable_residents: u_off[u].0,
                    unreachable_population: u_off[u].1,
                })
                .collect(),
        }
    }
}

/// The report under `metric: "network"` (the one builder, over [`Walking`]) and the network-only
/// figures.
pub fn network_summary(plan: &Planner, net: &NetworkCoverage) -> (Summary, NetworkExtras) {
    (build(plan, &Walking::new(plan, net)), net.extras(plan))
}
