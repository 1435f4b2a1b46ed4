//! The figures of a coverage report: per kind, life-circle completeness, per admin unit, per
//! station. What `summary()` returns and `lifecircle coverage` writes, under either metric.

use super::Metric;
use crate::admin::Level;
use crate::engine::StationId;
use serde::Serialize;

/// Coverage of one kind over all residents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindFigures {
    /// Kind id.
    pub kind: String,
    /// Chinese label.
    pub label: String,
    /// English label.
    pub label_en: String,
    /// Walking radius, metres.
    pub radius_m: f64,
    /// How far the nearest-station search reaches, metres.
    pub horizon_m: f64,
    /// Live stations of this kind.
    pub stations: usize,
    /// Population within the radius of at least one station.
    pub covered_population: f64,
    /// `covered_population / total_population` (0 when there is no population).
    pub coverage_ratio: f64,
    /// With a capacity per station: who is served within it (absent without a capacity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityFigures>,
    /// With a demand column: how much of it is covered (absent when the kind serves population).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<DemandFigures>,
    /// How far residents are from the nearest station of the kind (the full report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<DistanceFigures>,
    /// Gaussian 2SFCA supply per 1,000 residents, the demand-weighted mean over all residents
    /// (the full report only; `null` without demand). See [`crate::report::access`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_per_1000: Option<f64>,
    /// The kind's coverage target, a share (absent without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// With a target: whether the district's coverage meets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_met: Option<bool>,
    /// With a target: the people still to reach for the district to meet it (0 when it does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall_population: Option<f64>,
    /// With a target: how many units of each level fall below it (未达标).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_below_target: Option<UnitsBelow>,
}

/// Units below a kind's target, per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct UnitsBelow {
    /// 街道.
    pub street: usize,
    /// 社区.
    pub community: usize,
    /// 网格.
    pub grid: usize,
}

/// The population-weighted distribution of the distance to the nearest station of a kind within
/// its horizon (walking distance under the walking metric): the lower percentiles p50 and p85 —
/// the smallest distance d such that the population at distance ≤ d is at least that share of the
/// population — `None` when that share is not reached within the horizon; and the population with
/// no station within the horizon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DistanceFigures {
    /// Median, metres.
    pub p50_m: Option<f64>,
    /// 85th percentile, metres.
    pub p85_m: Option<f64>,
    /// Population with no station of the kind within its horizon (or unreachable on foot).
    pub beyond_horizon_population: f64,
}

/// Coverage of a kind's demand column (e.g. elderly residents for a canteen).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemandFigures {
    /// The residents' column.
    pub column: String,
    /// Its sum over all residents.
    pub total: f64,
    /// Its sum over the residents the kind covers.
    pub covered: f64,
    /// `covered / total` (0 when the total is 0).
    pub coverage_ratio: f64,
}

/// A kind's population by capacity. Each covered resident is assigned to its nearest station
/// (as in `nearestStation`); a station serves up to its capacity of what is assigned to it.
/// The three parts sum to the total population.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityFigures {
    /// People one station can serve.
    pub per_station: f64,
    /// Assigned population a station can take.
    pub within_capacity: f64,
    /// Covered, but beyond its nearest station's capacity.
    pub over_capacity: f64,
    /// Not within the radius of any station.
    pub not_reachable: f64,
    /// Stations assigned more than their capacity.
    pub stations_over: usize,
}

/// Coverage by every counted kind (life-circle completeness).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllKindsFigures {
    /// The kinds counted: every kind of the plan but those left out (不计入生活圈).
    pub kinds: Vec<String>,
    /// Counted kinds with no station: while there is one, completeness is 0.
    pub missing: Vec<String>,
    /// Kinds the planner left out of completeness.
    pub excluded: Vec<String>,
    /// Population covered by all of them.
    pub covered_population: f64,
    /// Its share of the population.
    pub coverage_ratio: f64,
}

/// Coverage of one kind within an admin unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitKindFigures {
    /// Kind id.
    pub kind: String,
    /// Covered population in the unit.
    pub covered_population: f64,
    /// Its share of the unit's population.
    pub coverage_ratio: f64,
    /// The distance distribution in the unit (the full report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<DistanceFigures>,
    /// Gaussian 2SFCA supply per 1,000 residents of the unit (demand-weighted mean; the full
    /// report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_per_1000: Option<f64>,
    /// With a target: whether the unit's coverage meets it (absent for a unit without people).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_met: Option<bool>,
    /// With a target: the unit's people still to reach to meet it (0 when it does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall_population: Option<f64>,
}

/// Completeness within an admin unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitAllKinds {
    /// Population of the unit covered by every counted kind.
    pub covered_population: f64,
    /// Its share of the unit's population.
    pub coverage_ratio: f64,
}

/// Figures of one street, community or grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitFigures {
    /// `street`, `community` or `grid`.
    pub level: Level,
    /// Path id, e.g. `梅园新村街道/长江路社区`.
    pub id: String,
    /// The unit's own name.
    pub name: String,
    /// Residents' population in the unit.
    pub total_population: f64,
    /// Per kind.
    pub kinds: Vec<UnitKindFigures>,
    /// Completeness.
    pub all_kinds: UnitAllKinds,
}

/// Figures of one station.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StationFigures {
    /// Station id.
    pub id: StationId,
    /// Kind id.
    pub kind: String,
    /// Name.
    pub name: String,
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Population within the kind's radius.
    pub served_population: f64,
    /// Population within the radius of no other station of the kind.
    pub only_population: f64,
}

/// The whole report: what `summary()` returns and `lifecircle coverage` writes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Distance used: `straight` (ellipsoidal straight line) or `network` (walking).
    pub metric: Metric,
    /// Number of residents (rows).
    pub residents: usize,
    /// Sum of their population.
    pub total_population: f64,
    /// Per kind, in table order.
    pub kinds: Vec<KindFigures>,
    /// Life-circle completeness.
    pub all_kinds: AllKindsFigures,
    /// Streets, then communities, then grids, each sorted by id.
    pub units: Vec<UnitFigures>,
    /// Live stations, by id.
    pub stations: Vec<StationFigures>,
    /// Units taken from boundary polygons: per level, the file and the residents no polygon
    /// holds (left out when units come from the residents' own columns).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boundaries: Vec<BoundaryFigures>,
    /// Residents no boundary polygon holds, per level (`[{level, residents, population}]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unassigned: Vec<crate::boundaries::Unassigned>,
}

/// What a live step needs of the report ([`crate::report::build_live`]): [`Summary`]'s kinds and
/// completeness, the stations' figures as columns, no units.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveFigures {
    /// Distance used.
    pub metric: Metric,
    /// Number of residents (rows).
    pub residents: usize,
    /// Sum of their population.
    pub total_population: f64,
    /// Per kind, in table order (as [`Summary::kinds`]).
    pub kinds: Vec<KindFigures>,
    /// Life-circle completeness.
    pub all_kinds: AllKindsFigures,
    /// Live stations, by id.
    pub stations: StationColumns,
}

/// Live stations' figures by id, one column each ([`StationFigures`] without kind and name).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StationColumns {
    /// Station ids.
    pub id: Vec<StationId>,
    /// Longitudes (WGS-84).
    pub lon: Vec<f64>,
    /// Latitudes (WGS-84).
    pub lat: Vec<f64>,
    /// Population within each station's radius.
    pub served: Vec<f64>,
    /// Population within no other station of its kind.
    pub only: Vec<f64>,
}

/// Where a level's units came from when boundary polygons gave them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BoundaryFigures {
    /// The level (`street`, `community`, `grid`).
    pub level: &'static str,
    /// `polygons`: each resident's unit is the polygon it lies in (not the unit column).
    pub units_from: &'static str,
    /// The boundaries file.
    pub source: String,
    /// How many polygons (units) it has.
    pub polygons: usize,
}
