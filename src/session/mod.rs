//! A planning session: the plan (residents, stations, kinds), the streets and the walking network
//! built from them, the metric every figure is under, the baseline proposals are compared with,
//! siting requests, and the reports and exports. The JavaScript facade and the command line are
//! both thin doors onto this one type, so they answer alike by construction.

mod boundaries;
mod compare;
mod error;
mod exports;
mod siting;
mod streets;

pub use boundaries::BoundaryLoad;
pub use compare::{BaselineStation, CompareSpec};
pub use error::SessionError;
pub use siting::{Area, CandidateSource, SitingInput, SitingRequest};
pub use streets::{read_street_lines, FileData, StreetFormat, StreetsInfo};

use crate::crs::Crs;
use crate::engine::{Planner, StationId};
use crate::import::{read_stations_with_new_kinds, ImportOptions};
use crate::kinds::KindIndex;
use crate::network::{
    KindNetwork, NetworkCoverage, NetworkExtras, SnapRule, StreetGraph, StreetLine, Walking,
};
use crate::report::{build, build_live, Coverage, KindView, LiveFigures, Metric, Summary};
use crate::tables::{ResidentTable, StationRecord};
use std::borrow::Cow;

/// How a kind is added or changed ([`Session::set_kind`]); what is `None` stays as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindSpec {
    /// Id, label or alias of the kind (a new id adds a kind).
    pub kind: String,
    /// Chinese label.
    pub label: Option<String>,
    /// English label.
    pub label_en: Option<String>,
    /// Walking radius, metres (required for a new kind).
    pub radius_m: Option<f64>,
    /// People one station can serve: set (`Some(Some)`), cleared (`Some(None)`).
    pub capacity: Option<Option<f64>>,
    /// The residents' column the kind serves: set (`Some(Some)`), cleared (`Some(None)`).
    pub demand: Option<Option<String>>,
    /// Whether life-circle completeness counts the kind (false: 不计入生活圈).
    pub counted: Option<bool>,
    /// The coverage target per unit, a share in (0, 1]: set (`Some(Some)`), cleared (`Some(None)`).
    pub target: Option<Option<f64>>,
}

/// The streets of the walking network and how points join it.
struct Streets {
    graph: StreetGraph,
    rule: SnapRule,
    info: StreetsInfo,
}

/// One planning session (see the module docs).
#[derive(Default)]
pub struct Session {
    plan: Planner,
    /// Residents of the last load whose population was estimated from building footprints.
    estimated: usize,
    streets: Option<Streets>,
    /// The residents on the streets, built when first needed after residents or streets change.
    net: Option<NetworkCoverage>,
    metric: Metric,
    baseline: Option<compare::Baseline>,
    /// Boundary polygons giving the residents' units at their levels.
    boundaries: Vec<crate::boundaries::Boundaries>,
    /// Residents no boundary polygon holds, per boundary level.
    unassigned: Vec<crate::boundaries::Unassigned>,
}

/// A plan's coverage under the session's metric, for the report builder and the exports.
/// Which of the report's costlier parts to compute ([`Session::summary_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportParts {
    /// The distance percentiles per kind and unit.
    pub distances: bool,
    /// The Gaussian 2SFCA access per kind and unit.
    pub access: bool,
}

impl ReportParts {
    /// Every part.
    pub const FULL: ReportParts = ReportParts {
        distances: true,
        access: true,
    };
}

enum View<'a> {
    Straight(&'a Planner),
    Walking(Box<Walking<'a>>),
}

impl View<'_> {
    /// The plan the view is of.
    fn plan(&self) -> &Planner {
        match self {
            View::Straight(p) => p,
            View::Walking(w) => w.plan(),
        }
    }
}

impl Coverage for View<'_> {
    fn metric(&self) -> Metric {
        match self {
            View::Straight(p) => p.metric(),
            View::Walking(w) => w.metric(),
        }
    }
    fn totals(&self) -> Cow<'_, crate::engine::Totals> {
        match self {
            View::Straight(p) => Coverage::totals(*p),
            View::Walking(w) => w.totals(),
        }
    }
    fn counts(&self, k: KindIndex) -> Cow<'_, [u32]> {
        match self {
            View::Straight(p) => p.counts(k),
            View::Walking(w) => w.counts(k),
        }
    }
    fn nearest(&self, k: KindIndex) -> Cow<'_, [StationId]> {
        match self {
            View::Straight(p) => Coverage::nearest(*p, k),
            View::Walking(w) => w.nearest(k),
        }
    }
    fn served(&self) -> Vec<(StationId, f64, f64)> {
        match self {
            View::Straight(p) => p.served(),
            View::Walking(w) => w.served(),
        }
    }
    fn distance_m(&self, k: KindIndex) -> Cow<'_, [f64]> {
        match self {
            View::Straight(p) => Coverage::distance_m(*p, k),
            View::Walking(w) => w.distance_m(k),
        }
    }
    fn kind_view(&self, k: KindIndex) -> KindView {
        match self {
            View::Straight(p) => p.kind_view(k),
            View::Walking(w) => w.kind_view(k),
        }
    }
    fn each_catchment(&self, k: KindIndex, f: crate::report::EachCatchment) {
        match self {
            View::Straight(p) => Planner::each_catchment(p, k, f),
            View::Walking(w) => w.each_catchment(k, f),
        }
    }
    fn unreachable(&self) -> Option<Vec<u32>> {
        match self {
            View::Straight(p) => p.unreachable(),
            View::Walking(w) => w.unreachable(),
        }
    }
}

impl Session {
    /// An empty session with the default kinds, straight-line distance, no streets.
    pub fn new() -> Session {
        Session::default()
    }

    /// The plan.
    pub fn plan(&self) -> &Planner {
        &self.plan
    }

    /// The metric figures are under.
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// How many residents of the last load had their population estimated from buildings.
    pub fn residents_estimated(&self) -> usize {
        self.estimated
    }

    /// What the loaded streets gave, if any are loaded.
    pub fn streets(&self) -> Option<StreetsInfo> {
        self.streets.as_ref().map(|s| s.info)
    }

    /// Finds a kind by id, label or alias.
    pub fn kind(&self, name: &str) -> Result<KindIndex, SessionError> {
        Ok(self.plan.kind_index(name)?)
    }

    // ---- kinds ----

    /// Adds a kind or changes one. Everything is checked before anything changes: a refused
    /// capacity or demand leaves the radius alone too. Returns the kind's index.
    pub fn set_kind(&mut self, spec: KindSpec) -> Result<KindIndex, SessionError> {
        if let Some(Some(d)) = &spec.demand {
            self.plan.check_demand(d)?;
        }
        if let Some(Some(c)) = spec.capacity {
            if !(c.is_finite() && c > 0.0) {
                return Err(crate::engine::PlanError::BadCapacity(c).into());
            }
        }
        if let Some(Some(t)) = spec.target {
            crate::kinds::check_target(t).map_err(|_| crate::engine::PlanError::BadTarget(t))?;
        }
        let radius = match spec.radius_m {
            Some(r) => r,
            None => match self.plan.kinds().resolve(&spec.kind) {
                Some(k) => self.plan.kinds().get(k).radius_m,
                None => return Err(SessionError::NewKindNeedsRadius(spec.kind)),
            },
        };
        let k = self.plan.set_kind(
            &spec.kind,
            spec.label.as_deref(),
            spec.label_en.as_deref(),
            radius,
        )?;
        if let Some(c) = spec.capacity {
            self.plan.set_capacity(k, c)?;
        }
        if let Some(d) = spec.demand {
            self.plan.set_demand(k, d.as_deref())?;
        }
        if let Some(c) = spec.counted {
            self.plan.set_counted(k, c);
        }
        if let Some(t) = spec.target {
            self.plan.set_target(k, t)?;
        }
        self.baseline_stale();
        Ok(k)
    }

    // ---- residents and stations ----

    /// Replaces the residents. The walking network is snapped again when next needed.
    pub fn load_residents(&mut self, table: ResidentTable) -> usize {
        self.estimated = table.estimated;
        // Units from the boundary polygons in use, assigned before the one load.
        let table = if self.boundaries.is_empty() {
            table
        } else {
            let (table, unassigned) = crate::boundaries::assign_table(table, &self.boundaries);
            self.unassigned = unassigned;
            table
        };
        self.plan.load_residents(table);
        self.net = None;
        self.baseline_stale();
        self.plan.resident_count()
    }

    /// Reads a residents file and replaces the residents with it (nothing changes on error). The
    /// file's bytes are freed before the residents are indexed, so that a large file and its index
    /// are never in memory together.
    pub fn read_residents(
        &mut self,
        bytes: Vec<u8>,
        options: &ImportOptions,
    ) -> Result<usize, SessionError> {
        let table = crate::import::read_residents(&bytes, options)?;
        drop(bytes);
        Ok(self.load_residents(table))
    }

    /// Replaces the stations with `records`; they get ids 0, 1, 2… in order.
    pub fn load_stations(&mut self, records: &[StationRecord]) -> Vec<StationId> {
        let ids = self.plan.load_stations(records);
        self.baseline_stale();
        ids
    }

    /// Reads a stations file and replaces the stations with it. Kinds the file names that the plan
    /// does not know are added when `options.new_kind_radius_m` is set, else refused. Nothing
    /// changes on error. Returns the new ids.
    pub fn read_stations(
        &mut self,
        data: &FileData,
        options: &ImportOptions,
    ) -> Result<Vec<StationId>, SessionError> {
        let kinds = self.plan.kinds();
        let (records, kinds) = match data {
            FileData::Text(t) => read_stations_with_new_kinds(t, options, kinds)?,
            FileData::Bytes(b) => crate::import::read_table(b, options, "stations", |t, o| {
                read_stations_with_new_kinds(t, o, kinds)
            })?,
        };
        // Kinds the file introduced are appended in the order the records index them.
        for k in &kinds.all()[self.plan.kinds().len()..] {
            self.plan
                .set_kind(&k.id, Some(&k.label), Some(&k.label_en), k.radius_m)?;
        }
        Ok(self.load_stations(&records))
    }

    /// Adds a station of kind `kind` at (`lon`, `lat`) in `crs`; an empty name gets the kind's
    /// next default name. Returns its id.
    pub fn add_station(
        &mut self,
        kind: &str,
        lon: f64,
        lat: f64,
        crs: Crs,
        name: &str,
    ) -> Result<StationId, SessionError> {
        let k = self.kind(kind)?;
        let (lon, lat) = crs.to_wgs84(lon, lat);
        Ok(self.plan.add_station(k, lon, lat, name)?)
    }

    /// Moves a station to (`lon`, `lat`) in `crs`.
    pub fn move_station(
        &mut self,
        id: StationId,
        lon: f64,
        lat: f64,
        crs: Crs,
    ) -> Result<(), SessionError> {
        let (lon, lat) = crs.to_wgs84(lon, lat);
        Ok(self.plan.move_station(id, lon, lat)?)
    }

    /// Removes a station.
    pub fn remove_station(&mut self, id: StationId) -> Result<(), SessionError> {
        Ok(self.plan.remove_station(id)?)
    }

    /// Renames a station.
    pub fn rename_station(&mut self, id: StationId, name: &str) -> Result<(), SessionError> {
        Ok(self.plan.rename_station(id, name)?)
    }

    /// Recomputes every figure from scratch (edits never need this; for benchmarks and resets).
    pub fn recompute(&mut self) {
        self.plan.recompute();
    }

    // ---- streets and metric ----

    /// Uses `lines` as the walking network, residents and stations joining it under `rule`.
    pub fn load_streets(
        &mut self,
        lines: &[StreetLine],
        rule: SnapRule,
    ) -> Result<StreetsInfo, SessionError> {
        check_rule(rule)?;
        let graph = StreetGraph::from_lines(lines);
        let info = StreetsInfo {
            streets: lines.len(),
            walkable: lines.iter().filter(|l| l.walkable).count(),
            nodes: graph.node_count(),
            edges: graph.edge_count(),
        };
        self.streets = Some(Streets { graph, rule, info });
        self.net = None;
        self.baseline_stale();
        Ok(info)
    }

    /// How residents and stations join the streets (the default rule when none are loaded).
    pub fn snap_rule(&self) -> SnapRule {
        self.streets.as_ref().map(|s| s.rule).unwrap_or_default()
    }

    /// Changes how residents and stations join the loaded streets.
    pub fn set_snap_rule(&mut self, rule: SnapRule) -> Result<(), SessionError> {
        check_rule(rule)?;
        let s = self.streets.as_mut().ok_or(SessionError::NoStreets)?;
        if s.rule == rule {
            return Ok(());
        }
        s.rule = rule;
        self.net = None;
        self.baseline_stale();
        Ok(())
    }

    /// Forgets the streets: distances are straight lines again.
    pub fn clear_streets(&mut self) {
        self.streets = None;
        self.net = None;
        self.metric = Metric::Straight;
        self.baseline_stale();
    }

    /// Reads a streets file (`format`, or found from `name` and the content) and uses it as the
    /// walking network. Nothing changes on error.
    pub fn read_streets(
        &mut self,
        data: &FileData,
        format: Option<StreetFormat>,
        name: Option<&str>,
        crs: Crs,
        rule: SnapRule,
    ) -> Result<StreetsInfo, SessionError> {
        check_rule(rule)?;
        let format = format.unwrap_or_else(|| StreetFormat::detect(name, data.bytes()));
        let lines = read_street_lines(data, format, crs, name.unwrap_or("streets"))?;
        self.load_streets(&lines, rule)
    }

    /// Straight-line or walking distance for every figure; walking needs streets.
    pub fn set_metric(&mut self, metric: Metric) -> Result<(), SessionError> {
        if metric == Metric::Network && self.streets.is_none() {
            return Err(SessionError::NoStreets);
        }
        self.metric = metric;
        self.baseline_stale();
        Ok(())
    }

    /// The plan and its residents on the streets (snapped now if they were not yet).
    pub fn walking(&mut self) -> Result<(&Planner, &NetworkCoverage), SessionError> {
        let Session {
            plan, streets, net, ..
        } = self;
        let s = streets.as_ref().ok_or(SessionError::NoStreets)?;
        let net = net.get_or_insert_with(|| NetworkCoverage::new(plan, s.graph.clone(), s.rule));
        Ok((plan, net))
    }

    /// The plan's coverage under the metric.
    fn view(&mut self) -> Result<View<'_>, SessionError> {
        match self.metric {
            Metric::Straight => Ok(View::Straight(&self.plan)),
            Metric::Network => {
                let (plan, net) = self.walking()?;
                Ok(View::Walking(Box::new(Walking::new(plan, net))))
            }
        }
    }

    // ---- figures ----

    /// The report under the metric, with the distance percentiles and the 2SFCA access of every
    /// kind (overall and per unit) and the network-only figures when walking.
    pub fn summary(&mut self) -> Result<(Summary, Option<NetworkExtras>), SessionError> {
        self.summary_with(ReportParts::FULL)
    }

    /// [`Session::summary`] with only the costlier parts asked for: the distance percentiles sort
    /// every resident by distance for each kind (tens of milliseconds at 200,000 residents), the
    /// 2SFCA access visits every station's catchment; a view that does not show them need not
    /// spend that.
    pub fn summary_with(
        &mut self,
        parts: ReportParts,
    ) -> Result<(Summary, Option<NetworkExtras>), SessionError> {
        let mut summary = self.summary_brief()?;
        if parts.distances || parts.access {
            let view = self.view()?;
            if parts.distances {
                // How far residents are from each kind, overall and per unit (percentiles).
                crate::report::add_distances(view.plan(), &view, &mut summary);
            }
            if parts.access {
                crate::report::add_access(view.plan(), &view, &mut summary);
            }
        }
        let extras = match self.metric {
            Metric::Straight => None,
            Metric::Network => {
                let (plan, net) = self.walking()?;
                Some(net.extras(plan))
            }
        };
        Ok((summary, extras))
    }

    /// Per resident (file order): kind `k`'s Gaussian 2SFCA supply per 1,000 residents under the
    /// metric ([`crate::report::access`]).
    pub fn access_per_1000(&mut self, k: KindIndex) -> Result<Vec<f64>, SessionError> {
        let view = self.view()?;
        let a = crate::report::kind_access(view.plan(), &view, k);
        Ok(a.per_resident
            .into_iter()
            .map(crate::report::access::per_1000)
            .collect())
    }

    /// The report under the metric without the network-only figures (what a live view needs).
    pub fn summary_brief(&mut self) -> Result<Summary, SessionError> {
        let s = {
            let view = self.view()?;
            build(view.plan(), &view)
        };
        Ok(self.with_boundaries(s))
    }

    /// What a live step (a drag, a slider) needs under the metric: the brief report's kinds and
    /// completeness, the stations' figures as columns, no units.
    pub fn live_figures(&mut self) -> Result<LiveFigures, SessionError> {
        let view = self.view()?;
        Ok(build_live(view.plan(), &view))
    }

    /// Per unit in the report's order, under the metric: completeness and each kind's coverage
    /// ratio (`-1` where nobody lives); see [`crate::report::unit_ratios`].
    pub fn unit_ratios(&mut self) -> Result<Vec<f32>, SessionError> {
        let view = self.view()?;
        Ok(crate::report::unit_ratios(view.plan(), &view))
    }

    /// Per resident (file order): the nearest station of kind `k` within its horizon under the
    /// metric ([`crate::engine::NO_STATION`] when none; the smaller id on a tie).
    pub fn nearest_station(&mut self, k: KindIndex) -> Result<Vec<StationId>, SessionError> {
        self.per_resident(k, Planner::nearest_station, |r| r.nearest.clone())
    }

    /// Per resident: distance to that station, metres (infinite when none).
    pub fn nearest_distance(&mut self, k: KindIndex) -> Result<Vec<f64>, SessionError> {
        self.per_resident(k, Planner::nearest_distance_m, |r| r.distance_m.clone())
    }

    /// Per resident: stations of kind `k` within its radius under the metric (a drag step asks
    /// this for its residents' colours).
    pub fn covering_count(&mut self, k: KindIndex) -> Result<Vec<u32>, SessionError> {
        self.per_resident(k, Planner::covering_count, |r| r.count.clone())
    }

    /// One per-resident column of kind `k` under the metric: `straight`'s or `walking`'s (only
    /// that one: each is a million values at a million residents).
    fn per_resident<T>(
        &mut self,
        k: KindIndex,
        straight: impl Fn(&Planner, KindIndex) -> Vec<T>,
        walking: impl Fn(&KindNetwork) -> Vec<T>,
    ) -> Result<Vec<T>, SessionError> {
        match self.metric {
            Metric::Straight => Ok(straight(&self.plan, k)),
            Metric::Network => {
                let (plan, net) = self.walking()?;
                Ok(walking(&net.kind_cached(plan, k)))
            }
        }
    }

    /// Per resident: how many kinds cover it under the metric.
    pub fn kinds_covering(&mut self) -> Result<Vec<u8>, SessionError> {
        match self.metric {
            Metric::Straight => Ok(self.plan.kinds_covering()),
            Metric::Network => {
                let (plan, net) = self.walking()?;
                let mut out = vec![0u8; plan.resident_count()];
                for k in (0..plan.kinds().len()).filter(|&k| plan.kinds().get(k).counted) {
                    let r = net.kind_cached(plan, k);
                    for (o, c) in out.iter_mut().zip(&r.count) {
                        *o += u8::from(*c > 0);
                    }
                }
                Ok(out)
            }
        }
    }

    /// The residents whose coverage may have changed since the last call, each with whether it is
    /// now covered by `kind` (None: by every counted kind), as
    /// [`Planner::take_coverage_changes`]; None when not known, and always on foot (walking
    /// coverage is not logged: the caller looks at every resident).
    pub fn coverage_changes(&mut self, kind: Option<KindIndex>) -> Option<(Vec<u32>, Vec<u8>)> {
        let changes = self.plan.take_coverage_changes(kind);
        match self.metric {
            Metric::Straight => changes,
            Metric::Network => None,
        }
    }

    /// Per resident: walking distance to the nearest station of kind `k` (whatever the metric;
    /// infinite beyond twice the radius or where the streets do not reach).
    pub fn network_distances(&mut self, k: KindIndex) -> Result<Vec<f64>, SessionError> {
        let (plan, net) = self.walking()?;
        Ok(net.nearest(plan, k).0)
    }

    /// Per resident: walking ÷ straight-line distance to its nearest station of kind `k` on foot
    /// (NaN when none is within reach).
    pub fn network_detour(&mut self, k: KindIndex) -> Result<Vec<f64>, SessionError> {
        let (plan, net) = self.walking()?;
        Ok(net.detour(plan, k))
    }

    /// Residents (file order) too far from every street to be reached on foot.
    pub fn unreachable_residents(&mut self) -> Result<Vec<u32>, SessionError> {
        let (_, net) = self.walking()?;
        Ok(net.unreachable())
    }

    /// The streets station `id` reaches on foot within its kind's radius, as pieces
    /// `[lon0, lat0, lon1, lat1]`; empty without streets.
    pub fn walkshed(&mut self, id: StationId) -> Result<Vec<[f64; 4]>, SessionError> {
        let s = self
            .plan
            .station(id)
            .ok_or(crate::engine::PlanError::UnknownStation(id))?;
        if self.streets.is_none() {
            return Ok(Vec::new());
        }
        let r = self.plan.kinds().get(s.kind).radius_m;
        let (lon, lat) = (s.at.lon, s.at.lat);
        let (_, net) = self.walking()?;
        Ok(net.walkshed(lon, lat, r))
    }
}

/// A snapping distance must be a positive number of metres and a piece share 0–100 %.
fn check_rule(rule: SnapRule) -> Result<(), SessionError> {
    if !(rule.snap_m.is_finite() && rule.snap_m > 0.0) {
        return Err(SessionError::BadSnap(rule.snap_m));
    }
    if !(0.0..=100.0).contains(&rule.min_piece_pct) {
        return Err(SessionError::BadPieceShare(rule.min_piece_pct));
    }
    Ok(())
}
