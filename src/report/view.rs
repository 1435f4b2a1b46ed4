//! What the report builder reads of coverage under a metric — the population sums, and per kind
//! each resident's count and nearest station — and the straight-line view of a [`Planner`].

use super::Metric;
use crate::engine::{Planner, StationId, Totals};
use crate::kinds::KindIndex;
use std::borrow::Cow;

/// One kind's figures per resident (file order) under a metric.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindView {
    /// The nearest station within the search horizon ([`crate::engine::NO_STATION`] when none; on equal
    /// distance the smaller station id).
    pub nearest: Vec<StationId>,
    /// Distance to it, metres (infinite when none).
    pub distance_m: Vec<f64>,
    /// Stations within the radius.
    pub count: Vec<u32>,
    /// Walking ÷ straight-line distance to that station (walking network only; NaN when none).
    pub detour: Option<Vec<f64>>,
}

/// Coverage of a plan under one metric, as the report builder and the exports read it. Every
/// per-resident slice is in the order of the residents file.
pub trait Coverage {
    /// The metric these figures are under.
    fn metric(&self) -> Metric;
    /// Population sums: covered per kind, by number of covering kinds, and per admin unit.
    fn totals(&self) -> Cow<'_, Totals>;
    /// Per resident: stations of kind `k` within its radius.
    fn counts(&self, k: KindIndex) -> Cow<'_, [u32]>;
    /// Per resident: the nearest station of kind `k` within its horizon (smaller id on a tie).
    fn nearest(&self, k: KindIndex) -> Cow<'_, [StationId]>;
    /// Each live station, in id order: `(id, served population, population served only by it)`.
    fn served(&self) -> Vec<(StationId, f64, f64)>;
    /// Per resident: the distance to the nearest station of kind `k` within its horizon (infinite
    /// when none), metres.
    fn distance_m(&self, k: KindIndex) -> Cow<'_, [f64]>;
    /// Every per-resident figure of kind `k`, for the exports and the workbook.
    fn kind_view(&self, k: KindIndex) -> KindView;
    /// Every live station of kind `k` (id order), one at a time, with the residents within the
    /// kind's radius under this metric and their distances (in an order fixed by the plan).
    fn each_catchment(&self, k: KindIndex, f: super::EachCatchment);
    /// Residents (file order indices) this metric cannot reach at all (walking: too far from every
    /// street); `None` when the metric reaches everyone.
    fn unreachable(&self) -> Option<Vec<u32>> {
        None
    }
}

/// The engine's own figures: ellipsoidal straight-line distance, kept current under edits.
impl Coverage for Planner {
    fn metric(&self) -> Metric {
        Metric::Straight
    }

    fn totals(&self) -> Cow<'_, Totals> {
        Cow::Borrowed(Planner::totals(self))
    }

    fn counts(&self, k: KindIndex) -> Cow<'_, [u32]> {
        Cow::Owned(self.covering_count(k))
    }

    fn nearest(&self, k: KindIndex) -> Cow<'_, [StationId]> {
        Cow::Owned(self.nearest_station(k))
    }

    fn served(&self) -> Vec<(StationId, f64, f64)> {
        self.stations()
            .map(|(id, s)| (id, s.served, s.only))
            .collect()
    }

    fn distance_m(&self, k: KindIndex) -> Cow<'_, [f64]> {
        Cow::Owned(self.nearest_distance_m(k))
    }

    fn kind_view(&self, k: KindIndex) -> KindView {
        KindView {
            nearest: self.nearest_station(k),
            distance_m: self.nearest_distance_m(k),
            count: self.covering_count(k),
            detour: None,
        }
    }

    fn each_catchment(&self, k: KindIndex, f: super::EachCatchment) {
        Planner::each_catchment(self, k, f)
    }
}
