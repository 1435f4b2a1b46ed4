//! The planner: residents, stations and kinds, with every coverage figure kept current under edits.

mod changed;
mod frame;
mod points;
mod scan;
mod stations;
mod tiles;
mod totals;
mod within;

pub use frame::Frame;
pub use stations::{Station, StationId, NO_STATION};
pub use totals::Totals;
pub use within::EachCatchment;

use crate::admin::{AdminUnits, UnitIndex};
use crate::error::ImportError;
use crate::geodesy::GeoPoint;
use crate::kinds::{BadRadius, KindError, KindIndex, KindTable, MAX_KINDS};
use crate::tables::{PackedStrings, ResidentTable, StationRecord, WeightColumn};
use changed::ChangeLog;
use points::Points;
use scan::Candidate;
use stations::Stations;
use std::borrow::Cow;
use std::fmt;
use tiles::Tiles;

/// Why an edit was refused. The plan is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// No kind has this id or label.
    UnknownKind {
        /// The name given.
        given: String,
        /// The kinds known, for the message.
        known: String,
    },
    /// No live station has this id.
    UnknownStation(StationId),
    /// A coordinate is not a finite WGS-84 longitude/latitude.
    BadCoordinate {
        /// Longitude given.
        lon: f64,
        /// Latitude given.
        lat: f64,
    },
    /// A radius is out of range.
    BadRadius(BadRadius),
    /// More kinds than the engine supports.
    TooManyKinds,
    /// A capacity that is not a positive number of people.
    BadCapacity(f64),
    /// A coverage target that is not a share in (0, 1].
    BadTarget(f64),
    /// A demand column the residents do not have.
    UnknownDemand {
        /// The column named.
        given: String,
        /// The weight columns the residents have.
        known: Vec<String>,
    },
    /// A file could not be read.
    Import(ImportError),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::UnknownKind { given, known } => write!(f, "unknown kind '{given}'; known kinds: {known}"),
            PlanError::UnknownStation(id) => write!(f, "no station with id {id} (it may have been removed)"),
            PlanError::BadCoordinate { lon, lat } => write!(
                f,
                "bad coordinate lon {lon}, lat {lat}: longitude must be within −180…180 and latitude within −90…90"
            ),
            PlanError::BadRadius(e) => e.fmt(f),
            PlanError::TooManyKinds => write!(f, "too many kinds: at most {MAX_KINDS}"),
            PlanError::BadCapacity(c) => KindError::BadCapacity(*c).fmt(f),
            PlanError::BadTarget(t) => KindError::BadTarget(*t).fmt(f),
            PlanError::UnknownDemand { given, known } if known.is_empty() => write!(
                f,
                "no demand column '{given}': the residents have no numeric column besides population"
            ),
            PlanError::UnknownDemand { given, known } => write!(
                f,
                "no demand column '{given}' in the residents; numeric columns: {}",
                known.join(", ")
            ),
            PlanError::Import(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlanError {}

impl crate::error::Localized for PlanError {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        if lang == crate::lang::Lang::En {
            return self.to_string();
        }
        match self {
            PlanError::UnknownKind { given, known } => {
                format!("未知的设施类型“{given}”；已有类型：{known}")
            }
            PlanError::UnknownStation(id) => format!("没有编号为 {id} 的站点（可能已被删除）"),
            PlanError::BadCoordinate { lon, lat } => format!(
                "坐标无效：经度 {lon}、纬度 {lat}；经度须在 −180…180 之间，纬度须在 −90…90 之间"
            ),
            PlanError::BadRadius(e) => e.localized(lang),
            PlanError::TooManyKinds => format!("设施类型过多：最多 {MAX_KINDS} 种"),
            PlanError::BadCapacity(c) => KindError::BadCapacity(*c).localized(lang),
            PlanError::BadTarget(t) => KindError::BadTarget(*t).localized(lang),
            PlanError::UnknownDemand { given, known } if known.is_empty() => {
                format!("没有服务对象列“{given}”：居民数据中除人口外没有数值列")
            }
            PlanError::UnknownDemand { given, known } => format!(
                "居民数据中没有服务对象列“{given}”；数值列有：{}",
                known.join("、")
            ),
            PlanError::Import(e) => e.localized(lang),
        }
    }
}

impl From<ImportError> for PlanError {
    fn from(e: ImportError) -> Self {
        PlanError::Import(e)
    }
}

impl From<BadRadius> for PlanError {
    fn from(e: BadRadius) -> Self {
        PlanError::BadRadius(e)
    }
}

/// Per-kind, per-resident state (residents in tile order).
#[derive(Clone, Debug, Default)]
struct KindCoverage {
    nearest: Vec<StationId>,
    d2: Vec<f64>,
    count: Vec<u32>,
}

impl KindCoverage {
    fn reset(&mut self, n: usize) {
        self.nearest.clear();
        self.nearest.resize(n, NO_STATION);
        self.d2.clear();
        self.d2.resize(n, f64::INFINITY);
        self.count.clear();
        self.count.resize(n, 0);
    }
}

/// `column` rearranged so that entry `j` is the one at `order[j]` (the old column is freed).
fn gather<T: Copy>(column: Vec<T>, order: &[u32]) -> Vec<T> {
    order.iter().map(|&o| column[o as usize]).collect()
}

/// A station's default name: the kind's label and the first number from `from` whose name is not
/// `taken`, e.g. `红蜂驿站7号`. The one rule for every door (files without names, the API, the app).
pub fn default_name(label: &str, from: usize, taken: impl Fn(&str) -> bool) -> String {
    (from..)
        .map(|n| format!("{label}{n}号"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// Checks a WGS-84 coordinate given to an edit.
fn checked_point(lon: f64, lat: f64) -> Result<GeoPoint, PlanError> {
    if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        Ok(GeoPoint::from_degrees(lon, lat))
    } else {
        Err(PlanError::BadCoordinate { lon, lat })
    }
}

/// A coverage plan. Residents are held in a spatial (Hilbert) order internally; every public
/// per-resident array is in the order of the residents file.
///
/// Coverage: a resident is covered by a kind when a station of that kind is within the kind's
/// radius (ellipsoidal straight-line distance, see [`crate::geodesy`]). Residents with zero
/// population are kept and reported but weigh nothing in any sum. Two stations at the same place
/// both cover their residents, so neither serves anyone "alone". Two residents at the same place
/// are simply two residents.
#[derive(Clone, Debug)]
pub struct Planner {
    kinds: KindTable,
    frame: Frame,
    pts: Points,
    pop: Vec<f64>,
    units: Vec<[UnitIndex; 3]>,
    /// Internal index → file index.
    order: Vec<u32>,
    /// File index → internal index.
    rank: Vec<u32>,
    names: PackedStrings,
    /// The file's id of each resident, file order (empty strings when none).
    ids: PackedStrings,
    /// Residents' other numeric columns, file order.
    weights: Vec<WeightColumn>,
    admin: AdminUnits,
    tiles: Tiles,
    stations: Stations,
    cov: Vec<KindCoverage>,
    totals: Totals,
    /// Residents whose coverage by some kind flipped since the display last asked.
    changed: ChangeLog,
    cands: Vec<Candidate>,
    batch: scan::RadiusBatch,
    tile_buf: Vec<u32>,
}

impl Default for Planner {
    fn default() -> Self {
        Planner::new()
    }
}

impl Planner {
    /// An empty plan with the default kinds (红蜂驿站 1000 m, 党群服务站 500 m, 商圈 3000 m).
    pub fn new() -> Planner {
        Planner::with_kinds(KindTable::default())
    }

    /// An empty plan with these kinds.
    pub fn with_kinds(kinds: KindTable) -> Planner {
        let mut p = Planner {
            kinds,
            frame: Frame::at(0.0),
            pts: Points::default(),
            pop: Vec::new(),
            units: Vec::new(),
            order: Vec::new(),
            rank: Vec::new(),
            names: PackedStrings::default(),
            ids: PackedStrings::default(),
            weights: Vec::new(),
            admin: AdminUnits::default(),
            tiles: Tiles::default(),
            stations: Stations::default(),
            cov: Vec::new(),
            totals: Totals::default(),
            changed: ChangeLog::default(),
            cands: Vec::new(),
            batch: scan::RadiusBatch::default(),
            tile_buf: Vec::new(),
        };
        p.stations.ensure_kinds(p.kinds.len());
        p.cov.resize(p.kinds.len(), KindCoverage::default());
        p.rebuild_totals();
        p
    }

    /// The plan's kinds.
    pub fn kinds(&self) -> &KindTable {
        &self.kinds
    }

    /// Finds a kind by id or label.
    pub fn kind_index(&self, name: &str) -> Result<KindIndex, PlanError> {
        self.kinds
            .resolve(name)
            .ok_or_else(|| PlanError::UnknownKind {
                given: name.to_string(),
                known: self.kinds.known_names(),
            })
    }

    /// Adds a kind or changes one's labels and radius (metres). A radius change recomputes that
    /// kind only. Returns the kind's index.
    pub fn set_kind(
        &mut self,
        id: &str,
        label: Option<&str>,
        label_en: Option<&str>,
        radius_m: f64,
    ) -> Result<KindIndex, PlanError> {
        let before = self.kinds.resolve(id).map(|k| self.kinds.get(k).radius_m);
        let (k, is_new) = self
            .kinds
            .upsert(id, label, label_en, radius_m)
            .map_err(|e| self.kind_error(e, id))?;
        if is_new {
            self.stations.ensure_kinds(self.kinds.len());
            self.cov.push(KindCoverage::default());
            self.recompute_kind(k);
            self.rebuild_totals();
        } else if before != Some(self.kinds.get(k).radius_m) {
            let old = std::mem::take(&mut self.cov[k].count);
            self.recompute_kind(k);
            self.apply_flips(k, &old);
        }
        Ok(k)
    }

    /// A kind table's refusal as a plan error (`given`: the kind named).
    fn kind_error(&self, e: KindError, given: &str) -> PlanError {
        match e {
            KindError::BadRadius(b) => PlanError::BadRadius(b),
            KindError::TooMany => PlanError::TooManyKinds,
            KindError::BadCapacity(c) => PlanError::BadCapacity(c),
            KindError::BadTarget(t) => PlanError::BadTarget(t),
            KindError::EmptyId => PlanError::UnknownKind {
                given: given.to_string(),
                known: self.kinds.known_names(),
            },
        }
    }

    /// Sets or clears how many people one station of a kind can serve. Coverage is unchanged; the
    /// report then splits the kind's population into served within capacity, reachable but over
    /// capacity, and not reachable.
    pub fn set_capacity(
        &mut self,
        kind: KindIndex,
        capacity: Option<f64>,
    ) -> Result<(), PlanError> {
        self.kinds
            .set_capacity(kind, capacity)
            .map_err(|e| self.kind_error(e, ""))
    }

    /// Sets or clears a kind's coverage target (a share in (0, 1]): coverage is unchanged; the
    /// report flags the units below it.
    pub fn set_target(&mut self, kind: KindIndex, target: Option<f64>) -> Result<(), PlanError> {
        self.kinds
            .set_target(kind, target)
            .map_err(|e| self.kind_error(e, ""))
    }

    /// Whether life-circle completeness counts a kind (false: 不计入生活圈). The completeness sums
    /// are made again; coverage is unchanged.
    pub fn set_counted(&mut self, kind: KindIndex, counted: bool) {
        if self.kinds.get(kind).counted != counted {
            self.kinds.set_counted(kind, counted);
            self.rebuild_totals();
        }
    }

    /// Sets or clears the residents' weight column a kind serves (its demand); `None`: population.
    /// Coverage is unchanged; the report adds the kind's covered demand and siting maximises it.
    pub fn set_demand(&mut self, kind: KindIndex, column: Option<&str>) -> Result<(), PlanError> {
        if let Some(c) = column {
            self.check_demand(c)?;
        }
        self.kinds.set_demand(kind, column.map(str::to_string));
        Ok(())
    }

    /// Whether the residents have a numeric column of this name (one a kind may serve).
    pub fn check_demand(&self, column: &str) -> Result<(), PlanError> {
        if self.weights.iter().any(|w| w.name == column) {
            Ok(())
        } else {
            Err(PlanError::UnknownDemand {
                given: column.to_string(),
                known: self.weight_columns().map(str::to_string).collect(),
            })
        }
    }

    /// Names of the residents' numeric columns besides population (candidate demand weights).
    pub fn weight_columns(&self) -> impl Iterator<Item = &str> {
        self.weights.iter().map(|w| w.name.as_str())
    }

    /// The residents' numeric columns besides population, with their values (file order).
    pub fn weight_column_data(&self) -> impl Iterator<Item = &WeightColumn> {
        self.weights.iter()
    }

    /// What a kind's stations serve per resident, file order: its demand column, or population.
    pub fn demand(&self, kind: KindIndex) -> Cow<'_, [f64]> {
        match self.demand_column(kind) {
            Some(w) => Cow::Borrowed(&w.values),
            None => Cow::Owned(self.resident_population()),
        }
    }

    /// The kind's demand column, when it has one.
    pub fn demand_column(&self, kind: KindIndex) -> Option<&WeightColumn> {
        let name = self.kinds.get(kind).demand.as_deref()?;
        self.weights.iter().find(|w| w.name == name)
    }

    /// Replaces the residents. Coverage of every kind is recomputed. A kind whose demand column
    /// the new residents lack goes back to population.
    pub fn load_residents(&mut self, table: ResidentTable) {
        let ResidentTable {
            lon,
            lat,
            population,
            units,
            admin,
            names,
            ids,
            estimated: _,
            weights,
        } = table;
        for k in 0..self.kinds.len() {
            if let Some(d) = &self.kinds.get(k).demand {
                if !weights.iter().any(|w| &w.name == d) {
                    self.kinds.set_demand(k, None);
                }
            }
        }
        self.weights = weights;
        self.frame = Frame::for_latitudes(lat.iter().copied());
        let order = tiles::hilbert_order(&lon, &lat, &self.frame);
        let mut rank = vec![0u32; order.len()];
        for (i, &o) in order.iter().enumerate() {
            rank[o as usize] = i as u32;
        }
        // Into curve order one column at a time, each freed before the next is made, so that the
        // allocator hands the next one the memory just freed: for a million residents, touching
        // fresh memory is what a first load pays for most.
        let lon = gather(lon, &order);
        let lat = gather(lat, &order);
        self.pop = gather(population, &order);
        self.units = gather(units, &order);
        self.pts = Points::from_degrees(lon, lat);
        self.order = order;
        self.rank = rank;
        self.names = names;
        self.ids = ids;
        self.admin = admin;
        self.tiles = Tiles::build(&self.pts, &self.frame);
        self.stations.rebuild_trees(&self.frame);
        self.recompute_all();
    }

    /// Replaces all stations; they get ids 0, 1, 2… in file order. Returns the ids.
    pub fn load_stations(&mut self, records: &[StationRecord]) -> Vec<StationId> {
        self.stations.list.clear();
        if self.pts.is_empty() {
            self.frame = Frame::for_latitudes(records.iter().map(|r| r.lat));
        }
        let mut ids = Vec::with_capacity(records.len());
        // Default names skip every name the file gives (and those already handed out).
        let mut taken: std::collections::HashSet<String> =
            records.iter().map(|r| r.name.clone()).collect();
        let mut per_kind = vec![0usize; self.kinds.len()];
        for r in records {
            let name = if r.name.is_empty() {
                let n = default_name(&self.kinds.get(r.kind).label, per_kind[r.kind] + 1, |c| {
                    taken.contains(c)
                });
                taken.insert(n.clone());
                n
            } else {
                r.name.clone()
            };
            per_kind[r.kind] += 1;
            ids.push(self.stations.list.len() as StationId);
            self.stations.list.push(Station {
                kind: r.kind,
                at: GeoPoint::from_degrees(r.lon, r.lat),
                name,
                alive: true,
                served: 0.0,
                only: 0.0,
            });
        }
        self.stations.rebuild_trees(&self.frame);
        self.recompute_all();
        ids
    }

    /// The name a new station of `kind` gets when it is given none: see [`default_name`], counting
    /// from the kind's live stations and skipping every live station's name.
    pub fn default_name(&self, kind: KindIndex) -> String {
        let live: Vec<&Station> = self.stations.list.iter().filter(|s| s.alive).collect();
        let from = live.iter().filter(|s| s.kind == kind).count() + 1;
        default_name(&self.kinds.get(kind).label, from, |c| {
            live.iter().any(|s| s.name == c)
        })
    }

    /// Adds a station (WGS-84 degrees); an empty name gets a default like `红蜂驿站12号`
    /// ([`Planner::default_name`]).
    pub fn add_station(
        &mut self,
        kind: KindIndex,
        lon: f64,
        lat: f64,
        name: &str,
    ) -> Result<StationId, PlanError> {
        if kind >= self.kinds.len() {
            return Err(PlanError::UnknownKind {
                given: kind.to_string(),
                known: self.kinds.known_names(),
            });
        }
        let at = checked_point(lon, lat)?;
        let name = if name.trim().is_empty() {
            self.default_name(kind)
        } else {
            name.trim().to_string()
        };
        let id = self.stations.insert(kind, at, name, &self.frame);
        self.add_effect(id);
        Ok(id)
    }

    /// Moves a station to a WGS-84 position. Only residents within the kind's horizon of the old
    /// and new positions are touched.
    pub fn move_station(&mut self, id: StationId, lon: f64, lat: f64) -> Result<(), PlanError> {
        self.stations.get(id).ok_or(PlanError::UnknownStation(id))?;
        let at = checked_point(lon, lat)?;
        self.stations.untree(id, &self.frame);
        self.remove_effect(id);
        let s = &mut self.stations.list[id as usize];
        s.at = at;
        s.served = 0.0;
        s.only = 0.0;
        self.stations.retree(id, &self.frame);
        self.add_effect(id);
        Ok(())
    }

    /// Removes a station.
    pub fn remove_station(&mut self, id: StationId) -> Result<(), PlanError> {
        self.stations.get(id).ok_or(PlanError::UnknownStation(id))?;
        self.stations.untree(id, &self.frame);
        self.remove_effect(id);
        self.stations.mark_removed(id);
        Ok(())
    }

    /// Renames a station.
    pub fn rename_station(&mut self, id: StationId, name: &str) -> Result<(), PlanError> {
        self.stations.get(id).ok_or(PlanError::UnknownStation(id))?;
        self.stations.list[id as usize].name = name.trim().to_string();
        Ok(())
    }

    /// A live station.
    pub fn station(&self, id: StationId) -> Option<&Station> {
        self.stations.get(id)
    }

    /// All live stations with their ids, in id order.
    pub fn stations(&self) -> impl Iterator<Item = (StationId, &Station)> {
        self.stations
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alive)
            .map(|(i, s)| (i as StationId, s))
    }

    /// Live stations of a kind.
    pub fn station_count(&self, kind: KindIndex) -> usize {
        self.stations.counts[kind]
    }

    /// Number of residents.
    pub fn resident_count(&self) -> usize {
        self.pts.len()
    }

    /// Admin units of the residents file.
    pub fn admin(&self) -> &AdminUnits {
        &self.admin
    }

    // ---- per-resident results, in file order ----

    fn per_resident<T: Copy>(&self, internal: &[T]) -> Vec<T> {
        self.rank.iter().map(|&r| internal[r as usize]).collect()
    }

    /// Nearest station of `kind` within its horizon, per resident ([`NO_STATION`] when none).
    pub fn nearest_station(&self, kind: KindIndex) -> Vec<StationId> {
        self.per_resident(&self.cov[kind].nearest)
    }

    /// Distance in metres to that station, per resident (`f64::INFINITY` when none).
    pub fn nearest_distance_m(&self, kind: KindIndex) -> Vec<f64> {
        self.rank
            .iter()
            .map(|&r| self.cov[kind].d2[r as usize].sqrt())
            .collect()
    }

    /// Number of stations of `kind` within its radius, per resident.
    pub fn covering_count(&self, kind: KindIndex) -> Vec<u32> {
        self.per_resident(&self.cov[kind].count)
    }

    /// Number of counted kinds (those completeness asks for) covering each resident.
    pub fn kinds_covering(&self) -> Vec<u8> {
        self.per_resident(&self.totals.kinds_covering)
    }

    /// The residents (file order, ascending, each once) whose coverage by some kind may have
    /// changed since the last call — every one that did is there — each with 1 when it is now
    /// covered by a station of `kind`, or (None) by every counted kind (nobody when no kind is
    /// counted), else 0. None when that is not known: the first time, after residents were loaded
    /// or a kind counted or not, and when so many changed that a pass over every resident is the
    /// cheaper way.
    pub fn take_coverage_changes(
        &mut self,
        kind: Option<KindIndex>,
    ) -> Option<(Vec<u32>, Vec<u8>)> {
        let mut at = self.changed.take()?;
        for i in at.iter_mut() {
            *i = self.order[*i as usize];
        }
        at.sort_unstable();
        at.dedup();
        let counted = self.kinds.counted_len();
        let covered = at
            .iter()
            .map(|&i| {
                let r = self.rank[i as usize] as usize;
                u8::from(match kind {
                    Some(k) => self.cov[k].count[r] > 0,
                    None => counted > 0 && self.totals.kinds_covering[r] as usize >= counted,
                })
            })
            .collect();
        Some((at, covered))
    }

    /// Residents' WGS-84 longitude/latitude, file order, interleaved `[lon0, lat0, lon1, …]`.
    pub fn resident_coordinates(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(2 * self.pts.len());
        for &r in &self.rank {
            out.push(self.pts.lon[r as usize]);
            out.push(self.pts.lat[r as usize]);
        }
        out
    }

    /// The residents' bounding box `[west, south, east, north]` (WGS-84), None without residents.
    pub fn resident_bounds(&self) -> Option<[f64; 4]> {
        if self.pts.is_empty() {
            return None;
        }
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for (&lon, &lat) in self.pts.lon.iter().zip(&self.pts.lat) {
            b = [b[0].min(lon), b[1].min(lat), b[2].max(lon), b[3].max(lat)];
        }
        Some(b)
    }

    /// Residents' population, file order.
    pub fn resident_population(&self) -> Vec<f64> {
        self.per_resident(&self.pop)
    }

    /// Name of resident `i` (file order).
    pub fn resident_name(&self, i: usize) -> &str {
        self.names.get(i)
    }

    /// The file's id of resident `i` (file order; empty when it had none).
    pub fn resident_id(&self, i: usize) -> &str {
        if i < self.ids.len() {
            self.ids.get(i)
        } else {
            ""
        }
    }

    /// Units (street, community, grid) of resident `i` (file order).
    pub fn resident_units(&self, i: usize) -> [UnitIndex; 3] {
        self.units[self.rank[i] as usize]
    }

    /// Population of resident `i` (file order), without copying the column.
    pub fn resident_pop(&self, i: usize) -> f64 {
        self.pop[self.rank[i] as usize]
    }

    /// Where resident `i` (file order) is, without copying the coordinates (what a row of an
    /// export or a few residents need; [`Planner::resident_coordinates`] copies all).
    pub fn resident_point(&self, i: usize) -> GeoPoint {
        self.pts.get(self.rank[i] as usize)
    }

    // ---- computation ----

    /// Recomputes every figure of every kind from scratch, as a load does. Edits never need this;
    /// it exists for benchmarks and as a reset.
    pub fn recompute(&mut self) {
        self.recompute_all();
    }

    fn recompute_all(&mut self) {
        for k in 0..self.kinds.len() {
            self.recompute_kind(k);
        }
        self.rebuild_totals();
    }

    fn rebuild_totals(&mut self) {
        let counts: Vec<&[u32]> = self.cov.iter().map(|c| c.count.as_slice()).collect();
        self.totals = Totals::rebuild(
            self.kinds.len(),
            self.admin.len(),
            &self.pop,
            &self.units,
            &counts,
            &self.kinds.counted(),
        );
        self.changed = ChangeLog::unknown(self.pts.len());
    }

    /// After a whole-kind recompute, moves the covered flags in the totals from `old` counts to the
    /// new ones (cheaper than a full rebuild of every kind's totals).
    fn apply_flips(&mut self, k: KindIndex, old: &[u32]) {
        if old.len() != self.pts.len() {
            self.rebuild_totals();
            return;
        }
        for i in 0..self.pts.len() {
            let (was, now) = (old[i] > 0, self.cov[k].count[i] > 0);
            if was != now {
                self.totals.flip(i, self.pop[i], &self.units[i], k, now);
                self.changed.push(i);
            }
        }
    }

    /// Every figure of kind `k` from scratch (totals are left to the caller).
    fn recompute_kind(&mut self, k: KindIndex) {
        let n = self.pts.len();
        for s in self.stations.list.iter_mut().filter(|s| s.kind == k) {
            s.served = 0.0;
            s.only = 0.0;
        }
        if n == 0 || self.stations.counts[k] == 0 {
            self.cov[k].reset(n);
            return;
        }
        // The tiles below write every resident's entry; only the lengths need setting.
        if self.cov[k].count.len() != n {
            self.cov[k].reset(n);
        }
        let kind = self.kinds.get(k);
        let radius = kind.radius_m;
        let mut cands = std::mem::take(&mut self.cands);
        let mut batch = std::mem::take(&mut self.batch);
        batch.start();
        let mut uncovered: Vec<usize> = Vec::new();
        for t in 0..self.tiles.len() {
            // Phase 1: stations within the radius settle everyone who is covered.
            batch.gather(
                &self.tiles,
                t,
                &self.stations.trees[k],
                &self.stations,
                radius,
            );
            uncovered.clear();
            let cov = &mut self.cov[k];
            let range = self.tiles.range(t);
            batch.run(&self.pts, &self.pop, range.clone(), radius);
            for (j, i) in range.enumerate() {
                let (nearest, d2, count) = batch.result(j);
                cov.nearest[i] = nearest;
                cov.d2[i] = d2;
                cov.count[i] = count;
                if count == 0 {
                    uncovered.push(i);
                }
            }
            batch.flush(&mut self.stations);
            // Phase 2: the uncovered look out to the horizon for their nearest station.
            self.nearest_within_horizon(k, t, &uncovered, &mut cands);
        }
        self.cands = cands;
        self.batch = batch;
    }

    /// Sets the nearest station of kind `k` within its horizon, and its squared distance, for
    /// `residents` of tile `t` (one R-tree query for the tile; nothing when the list is empty).
    fn nearest_within_horizon(
        &mut self,
        k: KindIndex,
        t: usize,
        residents: &[usize],
        cands: &mut Vec<Candidate>,
    ) {
        if residents.is_empty() {
            return;
        }
        let h = self.kinds.get(k).horizon_m();
        let q = scan::gather(
            &self.tiles,
            t,
            &self.stations.trees[k],
            &self.stations,
            h,
            cands,
        );
        let cov = &mut self.cov[k];
        for &i in residents {
            let (best, d2) = scan::scan_nearest(&self.pts.get(i), cands, &q, h);
            cov.nearest[i] = best;
            cov.d2[i] = d2;
        }
    }

    /// Station `id` (already in its tree) starts covering: touch residents within its horizon.
    fn add_effect(&mut self, id: StationId) {
        if self.pts.is_empty() {
            return;
        }
        let s = self.stations.list[id as usize].clone();
        let kind = self.kinds.get(s.kind);
        let (r2, h) = (kind.radius_m * kind.radius_m, kind.horizon_m());
        let h2 = h * h;
        let rho = self.frame.stretch(s.at.phi(), s.at.phi(), h);
        let mut tiles = std::mem::take(&mut self.tile_buf);
        tiles.clear();
        self.tiles
            .near(self.frame.project(&s.at), rho * h + 1e-6, &mut tiles);
        let (mut served, mut only) = (0.0, 0.0);
        for &t in &tiles {
            for i in self.tiles.range(t as usize) {
                let d2 = self.pts.get(i).distance2_m2(&s.at);
                if d2 > h2 {
                    continue;
                }
                let cov = &mut self.cov[s.kind];
                let pop = self.pop[i];
                if d2 <= r2 {
                    let before = cov.count[i];
                    cov.count[i] += 1;
                    served += pop;
                    if before == 0 {
                        only += pop;
                        self.totals.flip(i, pop, &self.units[i], s.kind, true);
                        self.changed.push(i);
                    } else if before == 1 {
                        // The one station that covered i alone is its nearest (it is within the radius).
                        self.stations.list[cov.nearest[i] as usize].only -= pop;
                    }
                }
                if scan::nearer(d2, id, cov.d2[i], cov.nearest[i]) {
                    cov.nearest[i] = id;
                    cov.d2[i] = d2;
                }
            }
        }
        let st = &mut self.stations.list[id as usize];
        st.served += served;
        st.only += only;
        self.tile_buf = tiles;
    }

    /// Station `id` (already out of its tree, still at its old position) stops covering.
    fn remove_effect(&mut self, id: StationId) {
        if self.pts.is_empty() {
            return;
        }
        let s = self.stations.list[id as usize].clone();
        let k = s.kind;
        let kind = self.kinds.get(k);
        let (r2, h) = (kind.radius_m * kind.radius_m, kind.horizon_m());
        let rho = self.frame.stretch(s.at.phi(), s.at.phi(), h);
        let mut tiles = std::mem::take(&mut self.tile_buf);
        tiles.clear();
        self.tiles
            .near(self.frame.project(&s.at), rho * h + 1e-6, &mut tiles);
        let mut cands = std::mem::take(&mut self.cands);
        let mut lost: Vec<usize> = Vec::new();
        let mut orphaned: Vec<usize> = Vec::new();
        for &t in &tiles {
            let t = t as usize;
            lost.clear();
            orphaned.clear();
            for i in self.tiles.range(t) {
                let cov = &mut self.cov[k];
                if cov.nearest[i] == id {
                    orphaned.push(i);
                }
                if self.pts.get(i).distance2_m2(&s.at) <= r2 {
                    cov.count[i] -= 1;
                    lost.push(i);
                }
            }
            self.nearest_within_horizon(k, t, &orphaned, &mut cands);
            for &i in &lost {
                match self.cov[k].count[i] {
                    0 => {
                        self.totals.flip(i, self.pop[i], &self.units[i], k, false);
                        self.changed.push(i);
                    }
                    1 => self.stations.list[self.cov[k].nearest[i] as usize].only += self.pop[i],
                    _ => {}
                }
            }
        }
        self.cands = cands;
        self.tile_buf = tiles;
    }

    /// Kinds with at least one station: the ones life-circle completeness asks for.
    pub fn active_kinds(&self) -> Vec<KindIndex> {
        (0..self.kinds.len())
            .filter(|&k| self.stations.counts[k] > 0)
            .collect()
    }

    /// The population sums kept current under edits: covered per kind, by number of covering
    /// kinds, and per admin unit.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
}
