//! Siting suggestions: where new stations of a kind cover the most people (maximal covering,
//! MCLP) and how few reach a target coverage (set covering, LSCP), with the existing stations kept.
//!
//! Only residents the kind does not yet cover matter. Each candidate's cover set (uncovered
//! residents within the kind's radius, by the engine's own distance) is found through an R-tree.
//! Small problems are solved exactly by enumeration; larger ones by lazy greedy (CELF) and then
//! swap-based local search, with an upper bound on the optimum from submodularity: for any set S,
//! OPT ≤ f(S) + the k largest marginal gains over S. Everything is deterministic: ties go to the
//! lower candidate index.
//!
//! What is covered is the kind's demand: population, or the residents' weight column the kind
//! names (see [`Planner::set_demand`]). The solver itself ([`solve`]) needs only the uncovered
//! demand points ([`Demand`]), so it can run apart from the planner (the app runs it in its own
//! worker, reporting progress and stopping when asked).

use crate::engine::Planner;
use crate::geodesy::GeoPoint;
use crate::kinds::KindIndex;
use geo::{BoundingRect, Intersects, MultiPolygon, Point};
use rstar::{primitives::GeomWithData, RTree, AABB};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A place a new station could go.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// The user's id, when the candidates came from a file.
    pub id: Option<String>,
    /// The user's name, when the candidates came from a file.
    pub name: Option<String>,
}

impl From<crate::import::SiteRecord> for Candidate {
    /// A site from a candidates file; blank ids and names become none.
    fn from(s: crate::import::SiteRecord) -> Self {
        Candidate {
            lon: s.lon,
            lat: s.lat,
            id: Some(s.id).filter(|x| !x.is_empty()),
            name: Some(s.name).filter(|x| !x.is_empty()),
        }
    }
}

/// Grid spacing used when none is given: a quarter of the radius, kept within 50–500 m.
pub fn default_spacing(radius_m: f64) -> f64 {
    (radius_m / 4.0).clamp(50.0, 500.0)
}

/// What to optimise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// Add this many stations, covering as many people as possible (MCLP).
    Count(usize),
    /// Add as few stations as possible to reach this coverage ratio (LSCP).
    Target(f64),
}

/// One suggested station.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// Index into the candidate list.
    pub candidate: usize,
    /// The candidate's id (its own, or `c<index>`).
    pub id: String,
    /// The candidate's name (its own, or a default like `建议红蜂驿站1`).
    pub name: String,
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Population it covers that neither existing stations nor earlier suggestions cover.
    pub gain_population: f64,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestResult {
    /// Kind id.
    pub kind: String,
    /// Distance the cover sets were made with: `straight` or `network` (walking).
    pub metric: String,
    /// The residents' column maximised instead of population (every `*_population` figure is then
    /// in its units); absent for population.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand: Option<String>,
    /// The kind's radius, metres.
    pub radius_m: f64,
    /// All residents' population.
    pub total_population: f64,
    /// Covered by the kind's existing stations.
    pub covered_before: f64,
    /// Covered with the suggestions added.
    pub covered_after: f64,
    /// `covered_after / total_population`.
    pub coverage_ratio_after: f64,
    /// Count goal: no choice of as many candidates covers more than this (population).
    /// Target goal: no fewer stations than `min_stations_bound` can reach the target.
    pub upper_bound: f64,
    /// Target goal: a lower bound on the number of stations needed (0 for a count goal).
    pub min_stations_bound: usize,
    /// Target goal: whether the candidates can reach it at all.
    pub target_reachable: bool,
    /// The most the candidates could cover if all were built (population).
    pub max_reachable_population: f64,
    /// `exact` (enumeration), or `greedy+swap`.
    pub method: String,
    /// Covered after the greedy stage, before local search (equal to `covered_after` when exact).
    pub covered_after_greedy: f64,
    /// Candidates considered.
    pub candidates: usize,
    /// The chosen stations, in the order they were picked.
    pub suggestions: Vec<Suggestion>,
}

/// Why a suggestion cannot be made.
#[derive(Clone, Debug, PartialEq)]
pub enum SuggestError {
    /// No residents loaded.
    NoResidents,
    /// No candidates given or generated.
    NoCandidates,
    /// A goal out of range.
    BadGoal(String),
    /// The progress callback asked to stop.
    Cancelled,
}

impl std::fmt::Display for SuggestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuggestError::NoResidents => write!(f, "no residents are loaded: load residents before asking for suggestions"),
            SuggestError::NoCandidates => write!(f, "no candidate sites: give a candidates file, or a grid spacing that fits the study area"),
            SuggestError::BadGoal(m) => write!(f, "{m}"),
            SuggestError::Cancelled => write!(f, "the siting run was cancelled"),
        }
    }
}

impl std::error::Error for SuggestError {}

/// Problems with at most this many subsets to try are solved exactly.
pub const EXACT_LIMIT: f64 = 200_000.0;

/// Candidates on a square grid at `spacing_m` over the residents' bounding box (WGS-84).
pub fn grid_candidates(plan: &Planner, spacing_m: f64) -> Result<Vec<Candidate>, SuggestError> {
    let bounds = plan.resident_bounds().ok_or(SuggestError::NoResidents)?;
    grid_over(bounds, spacing_m)
}

/// Candidates on a square grid at `spacing_m` inside an area the planner drew (WGS-84).
pub fn grid_in_area(
    area: &MultiPolygon<f64>,
    spacing_m: f64,
) -> Result<Vec<Candidate>, SuggestError> {
    let Some(r) = area.bounding_rect() else {
        return Err(SuggestError::NoCandidates);
    };
    let grid = grid_over([r.min().x, r.min().y, r.max().x, r.max().y], spacing_m)?;
    Ok(keep_inside(grid, area))
}

/// The candidates inside (or on the edge of) an area.
pub fn keep_inside(candidates: Vec<Candidate>, area: &MultiPolygon<f64>) -> Vec<Candidate> {
    candidates
        .into_iter()
        .filter(|c| area.intersects(&Point::new(c.lon, c.lat)))
        .collect()
}

/// A grid at `spacing_m` centred on the box `[west, south, east, north]`.
fn grid_over(bbox: [f64; 4], spacing_m: f64) -> Result<Vec<Candidate>, SuggestError> {
    if !(spacing_m.is_finite() && spacing_m >= 10.0) {
        return Err(SuggestError::BadGoal(format!(
            "grid spacing {spacing_m} m is too small: use 10 m or more"
        )));
    }
    let [w, s, e, n] = bbox;
    let (kx, ky) = crate::geodesy::scale_factors(((s + n) / 2.0).to_radians());
    let (dlon, dlat) = ((spacing_m / kx).to_degrees(), (spacing_m / ky).to_degrees());
    let (nx, ny) = (
        ((e - w) / dlon).floor() as usize + 1,
        ((n - s) / dlat).floor() as usize + 1,
    );
    if (nx as f64) * (ny as f64) > 250_000.0 {
        return Err(SuggestError::BadGoal(format!(
            "a {spacing_m} m grid over this area has {} sites (at most 250,000): use a wider spacing",
            nx * ny
        )));
    }
    // Centre the grid on the box so that its margins are equal.
    let (x0, y0) = (
        w + ((e - w) - (nx - 1) as f64 * dlon) / 2.0,
        s + ((n - s) - (ny - 1) as f64 * dlat) / 2.0,
    );
    let mut out = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            out.push(Candidate {
                lon: x0 + i as f64 * dlon,
                lat: y0 + j as f64 * dlat,
                id: None,
                name: None,
            });
        }
    }
    Ok(out)
}

/// The residents' own locations as candidates (one per distinct location).
pub fn resident_candidates(plan: &Planner) -> Vec<Candidate> {
    let c = plan.resident_coordinates();
    let mut pts: Vec<(f64, f64)> = c.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    pts.into_iter()
        .map(|(lon, lat)| Candidate {
            lon,
            lat,
            id: None,
            name: None,
        })
        .collect()
}

/// The demand a kind leaves uncovered: where it is and how much, with the totals the answer
/// reports against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Demand {
    /// Longitude, latitude (WGS-84 degrees) of each uncovered resident with demand.
    pub coords: Vec<f64>,
    /// Its demand (population or the kind's weight column).
    pub weight: Vec<f64>,
    /// All residents' demand.
    pub total: f64,
    /// Demand the kind's existing stations cover.
    pub covered_before: f64,
    /// File index of each uncovered resident (empty when the demand came from elsewhere, e.g.
    /// `sitingInput`).
    pub resident: Vec<u32>,
}

/// Which uncovered residents each candidate would cover: candidate `c` covers demand items
/// `items[start[c]..start[c + 1]]` (ascending indices into [`Demand::weight`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoverSets {
    /// Offsets, one more than there are candidates.
    pub start: Vec<usize>,
    /// Demand items.
    pub items: Vec<u32>,
}

impl Demand {
    /// The demand of `kind` in `plan` that its stations do not cover (straight-line distance).
    pub fn uncovered(plan: &Planner, kind: KindIndex) -> Demand {
        Demand::uncovered_by(plan, kind, &plan.covering_count(kind))
    }

    /// The demand of `kind` not covered by its stations, given how many stations cover each
    /// resident (under any metric; file order).
    pub fn uncovered_by(plan: &Planner, kind: KindIndex, count: &[u32]) -> Demand {
        let w = plan.demand(kind);
        let c = plan.resident_coordinates();
        let mut d = Demand::default();
        for i in 0..w.len() {
            d.total += w[i];
            if count[i] > 0 {
                d.covered_before += w[i];
            } else if w[i] > 0.0 {
                d.coords.extend_from_slice(&c[2 * i..2 * i + 2]);
                d.weight.push(w[i]);
                d.resident.push(i as u32);
            }
        }
        d
    }
}

/// What the answer calls the kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindInfo {
    /// Kind id.
    pub id: String,
    /// Chinese label, for default names like `建议红蜂驿站1`.
    pub label: String,
    /// Walking radius, metres.
    pub radius_m: f64,
    /// Demand column, `None` for population.
    pub demand: Option<String>,
}

impl KindInfo {
    /// The planner's kind.
    pub fn of(plan: &Planner, kind: KindIndex) -> KindInfo {
        let k = plan.kinds().get(kind);
        KindInfo {
            id: k.id.clone(),
            label: k.label.clone(),
            radius_m: k.radius_m,
            demand: plan.demand_column(kind).map(|w| w.name.clone()),
        }
    }
}

/// Reports progress (0 to 1); returns false to stop the run.
pub type Progress<'a> = &'a mut dyn FnMut(f64) -> bool;

/// Cover sets of candidates over the residents a kind leaves uncovered.
struct Problem {
    /// Demand of each uncovered resident.
    weight: Vec<f64>,
    /// CSR: candidate c covers `items[start[c]..start[c + 1]]`.
    start: Vec<usize>,
    items: Vec<u32>,
}

/// Share of the progress bar taken by building the cover sets.
const BUILD_SHARE: f64 = 0.4;

impl Problem {
    fn cover(&self, c: usize) -> &[u32] {
        &self.items[self.start[c]..self.start[c + 1]]
    }

    fn candidates(&self) -> usize {
        self.start.len() - 1
    }

    fn build(
        d: &Demand,
        r: f64,
        candidates: &[Candidate],
        progress: Progress,
    ) -> Result<Problem, SuggestError> {
        let pts: Vec<GeoPoint> = d
            .coords
            .chunks_exact(2)
            .map(|p| GeoPoint::from_degrees(p[0], p[1]))
            .collect();
        let weight = d.weight.clone();
        let mut start = vec![0];
        let mut items = Vec::new();
        if pts.is_empty() {
            start.resize(candidates.len() + 1, 0);
            return Ok(Problem {
                weight,
                start,
                items,
            });
        }
        let (lat_lo, lat_hi) = pts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.lat), hi.max(p.lat))
        });
        // An equirectangular frame at the middle latitude; the search box is widened by the
        // largest scale error across the data's latitudes, then every hit is checked exactly.
        let mid = ((lat_lo + lat_hi) / 2.0).to_radians();
        let (kx, ky) = crate::geodesy::scale_factors(mid);
        let (kx, ky) = (kx.to_radians(), ky.to_radians());
        let span = (lat_hi - lat_lo).to_radians() + (r / 6_000_000.0);
        let tan = lat_lo.abs().max(lat_hi.abs()).min(89.0).to_radians().tan();
        let reach = r * (1.0 + 2.0 * (tan * span + span) + 1e-3) + 1.0;
        let tree = RTree::bulk_load(
            pts.iter()
                .enumerate()
                .map(|(j, p)| GeomWithData::new([p.lon * kx, p.lat * ky], j as u32))
                .collect(),
        );
        let r2 = r * r;
        let mut hits = Vec::new();
        for (n, cand) in candidates.iter().enumerate() {
            if n % 512 == 511 && !progress(BUILD_SHARE * n as f64 / candidates.len() as f64) {
                return Err(SuggestError::Cancelled);
            }
            let q = GeoPoint::from_degrees(cand.lon, cand.lat);
            let (x, y) = (q.lon * kx, q.lat * ky);
            hits.clear();
            for h in tree.locate_in_envelope(&AABB::from_corners(
                [x - reach, y - reach],
                [x + reach, y + reach],
            )) {
                if q.distance2_m2(&pts[h.data as usize]) <= r2 {
                    hits.push(h.data);
                }
            }
            hits.sort_unstable();
            items.extend_from_slice(&hits);
            start.push(items.len());
        }
        Ok(Problem {
            weight,
            start,
            items,
        })
    }
}

/// Coverage state of a chosen set: how many chosen candidates cover each resident.
struct State<'a> {
    p: &'a Problem,
    count: Vec<u32>,
    value: f64,
}

impl<'a> State<'a> {
    fn new(p: &'a Problem) -> Self {
        State {
            p,
            count: vec![0; p.weight.len()],
            value: 0.0,
        }
    }

    fn gain(&self, c: usize) -> f64 {
        self.p
            .cover(c)
            .iter()
            .filter(|&&j| self.count[j as usize] == 0)
            .map(|&j| self.p.weight[j as usize])
            .sum()
    }

    fn add(&mut self, c: usize) -> f64 {
        let mut g = 0.0;
        for &j in self.p.cover(c) {
            let n = &mut self.count[j as usize];
            if *n == 0 {
                g += self.p.weight[j as usize];
            }
            *n += 1;
        }
        self.value += g;
        g
    }

    fn remove(&mut self, c: usize) {
        for &j in self.p.cover(c) {
            let n = &mut self.count[j as usize];
            *n -= 1;
            if *n == 0 {
                self.value -= self.p.weight[j as usize];
            }
        }
    }

    /// Recomputes the value from scratch (removes drift of many additions and subtractions).
    fn settle(&mut self) {
        self.value = self
            .count
            .iter()
            .zip(&self.p.weight)
            .filter(|(n, _)| **n > 0)
            .map(|(_, w)| w)
            .sum();
    }
}

#[derive(PartialEq)]
struct Entry {
    gain: f64,
    c: usize,
    round: usize,
}
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        self.gain.total_cmp(&o.gain).then(o.c.cmp(&self.c))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Lazy greedy. `stop(state, picked)` ends it early. Returns the picks with their gains and the
/// tightest upper bound seen for `k` picks: f(S_j) + the k largest (stale, hence upper) gains.
/// `tick(state, picks)` after each pick returns false to cancel.
#[allow(clippy::type_complexity)]
fn greedy(
    st: &mut State,
    k: usize,
    stop: &dyn Fn(&State) -> bool,
    tick: &mut dyn FnMut(&State, usize) -> bool,
) -> Result<(Vec<(usize, f64)>, f64), SuggestError> {
    let p = st.p;
    let mut heap: BinaryHeap<Entry> = (0..p.candidates())
        .map(|c| Entry {
            gain: st.gain(c),
            c,
            round: 0,
        })
        .filter(|e| e.gain > 0.0)
        .collect();
    let mut bound = f64::INFINITY;
    let mut picks = Vec::new();
    let mut round = 0;
    while picks.len() < k && !stop(st) {
        // Bound at the current set: the heap's gains are upper bounds on the true marginal gains.
        // An open-ended run (a coverage target) has no k to bound and skips this.
        if k != usize::MAX {
            let mut top: Vec<f64> = heap.iter().map(|e| e.gain).collect();
            if top.len() > k {
                top.select_nth_unstable_by(k, |a, b| b.total_cmp(a));
                top.truncate(k);
            }
            bound = bound.min(st.value + top.iter().sum::<f64>());
        }
        let Some(mut e) = heap.pop() else { break };
        while e.round != round {
            e.gain = st.gain(e.c);
            e.round = round;
            if e.gain > 0.0 {
                heap.push(e);
            }
            match heap.pop() {
                Some(x) => e = x,
                None => return Ok((picks, bound.min(st.value))),
            }
        }
        let g = st.add(e.c);
        picks.push((e.c, g));
        round += 1;
        if !tick(st, picks.len()) {
            return Err(SuggestError::Cancelled);
        }
    }
    Ok((picks, bound))
}

/// The k largest marginal gains over the current set, summed (exact, one pass).
fn top_gains(st: &State, k: usize, exclude: &[usize]) -> f64 {
    let mut gains: Vec<f64> = (0..st.p.candidates())
        .filter(|c| !exclude.contains(c))
        .map(|c| st.gain(c))
        .collect();
    if gains.len() > k {
        gains.select_nth_unstable_by(k, |a, b| b.total_cmp(a));
        gains.truncate(k);
    }
    gains.iter().sum()
}

/// Swap local search: replace one chosen candidate by another while that strictly improves.
/// `tick(pass)` before each pass returns false to cancel.
fn local_search(
    st: &mut State,
    chosen: &mut [usize],
    tick: &mut dyn FnMut(usize) -> bool,
) -> Result<(), SuggestError> {
    let p = st.p;
    let k = chosen.len();
    if k == 0 {
        return Ok(());
    }
    for pass in 0..100 {
        if !tick(pass) {
            return Err(SuggestError::Cancelled);
        }
        // Residents covered exactly once, by which chosen slot.
        let mut only_by = vec![u32::MAX; p.weight.len()];
        for (slot, &c) in chosen.iter().enumerate() {
            for &j in p.cover(c) {
                if st.count[j as usize] == 1 {
                    only_by[j as usize] = slot as u32;
                }
            }
        }
        let loss: Vec<f64> = chosen
            .iter()
            .enumerate()
            .map(|(slot, &c)| {
                p.cover(c)
                    .iter()
                    .filter(|&&j| only_by[j as usize] == slot as u32)
                    .map(|&j| p.weight[j as usize])
                    .sum()
            })
            .collect();
        let mut best: Option<(f64, usize, usize)> = None;
        let mut bonus = vec![0.0; k];
        for c in 0..p.candidates() {
            if chosen.contains(&c) {
                continue;
            }
            let mut g0 = 0.0;
            bonus.iter_mut().for_each(|b| *b = 0.0);
            for &j in p.cover(c) {
                match st.count[j as usize] {
                    0 => g0 += p.weight[j as usize],
                    1 => bonus[only_by[j as usize] as usize] += p.weight[j as usize],
                    _ => {}
                }
            }
            for slot in 0..k {
                let delta = g0 + bonus[slot] - loss[slot];
                let threshold = 1e-9 * st.value.max(1.0);
                if delta > threshold && best.is_none_or(|(d, _, _)| delta > d) {
                    best = Some((delta, slot, c));
                }
            }
        }
        let Some((_, slot, c)) = best else { break };
        st.remove(chosen[slot]);
        st.add(c);
        st.settle();
        chosen[slot] = c;
    }
    Ok(())
}

fn binomial(n: usize, k: usize) -> f64 {
    let k = k.min(n - k.min(n));
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Exhaustive search over subsets of `k` of the useful candidates (those covering anyone).
fn exact(p: &Problem, k: usize, progress: Progress) -> Result<Vec<usize>, SuggestError> {
    let useful: Vec<usize> = (0..p.candidates())
        .filter(|&c| !p.cover(c).is_empty())
        .collect();
    let k = k.min(useful.len());
    let mut st = State::new(p);
    let mut best: (f64, Vec<usize>) = (-1.0, Vec::new());
    let mut pick: Vec<usize> = Vec::with_capacity(k);
    struct Walk<'a, 'b> {
        useful: &'a [usize],
        k: usize,
        best: (f64, Vec<usize>),
        leaves: f64,
        total: f64,
        progress: Progress<'b>,
    }
    fn walk(
        w: &mut Walk,
        st: &mut State,
        from: usize,
        pick: &mut Vec<usize>,
    ) -> Result<(), SuggestError> {
        if pick.len() == w.k {
            // Lexicographic enumeration: the first best set found is kept, so ties go low.
            if st.value > w.best.0 + 1e-9 * w.best.0.abs().max(1.0) {
                w.best = (st.value, pick.clone());
            }
            w.leaves += 1.0;
            if w.leaves % 4096.0 == 0.0
                && !(w.progress)(BUILD_SHARE + (1.0 - BUILD_SHARE) * w.leaves / w.total)
            {
                return Err(SuggestError::Cancelled);
            }
            return Ok(());
        }
        for i in from..=w.useful.len() - (w.k - pick.len()) {
            st.add(w.useful[i]);
            pick.push(w.useful[i]);
            walk(w, st, i + 1, pick)?;
            pick.pop();
            st.remove(w.useful[i]);
        }
        Ok(())
    }
    let mut w = Walk {
        useful: &useful,
        k,
        best: (-1.0, Vec::new()),
        leaves: 0.0,
        total: binomial(useful.len(), k).max(1.0),
        progress,
    };
    walk(&mut w, &mut st, 0, &mut pick)?;
    best.1 = std::mem::take(&mut w.best.1);
    Ok(best.1)
}

/// Suggests new stations of `kind` from `candidates`.
pub fn suggest(
    plan: &Planner,
    kind: KindIndex,
    candidates: &[Candidate],
    goal: Goal,
) -> Result<SuggestResult, SuggestError> {
    suggest_with_limit(plan, kind, candidates, goal, EXACT_LIMIT)
}

/// [`suggest`] that enumerates exactly only when there are at most `exact_limit` subsets
/// (0: always greedy and local search; for tests and benchmarks of the heuristic).
pub fn suggest_with_limit(
    plan: &Planner,
    kind: KindIndex,
    candidates: &[Candidate],
    goal: Goal,
    exact_limit: f64,
) -> Result<SuggestResult, SuggestError> {
    if plan.resident_count() == 0 {
        return Err(SuggestError::NoResidents);
    }
    let demand = Demand::uncovered(plan, kind);
    solve(
        &KindInfo::of(plan, kind),
        &demand,
        candidates,
        goal,
        exact_limit,
        &mut |_| true,
    )
}

/// The solver on its own: new stations of a kind (radius and names from `kind`) over the uncovered
/// `demand`, from `candidates`, by straight-line distance. Problems with at most `exact_limit`
/// subsets are enumerated. `progress` hears how far the run is and may stop it
/// ([`SuggestError::Cancelled`]).
pub fn solve(
    kind: &KindInfo,
    demand: &Demand,
    candidates: &[Candidate],
    goal: Goal,
    exact_limit: f64,
    progress: Progress,
) -> Result<SuggestResult, SuggestError> {
    solve_with_covers(kind, demand, candidates, None, goal, exact_limit, progress)
}

/// [`solve`] with the cover sets given (e.g. by walking distance, see
/// `NetworkCoverage::cover_sets`) instead of made by straight-line distance.
pub fn solve_with_covers(
    kind: &KindInfo,
    demand: &Demand,
    candidates: &[Candidate],
    covers: Option<CoverSets>,
    goal: Goal,
    exact_limit: f64,
    progress: Progress,
) -> Result<SuggestResult, SuggestError> {
    if candidates.is_empty() {
        return Err(SuggestError::NoCandidates);
    }
    match goal {
        Goal::Count(k) if k == 0 || k > 10_000 => {
            return Err(SuggestError::BadGoal(format!(
                "count {k} is out of range: ask for 1 to 10,000 stations"
            )))
        }
        Goal::Target(t) if !(t.is_finite() && t > 0.0 && t <= 1.0) => {
            return Err(SuggestError::BadGoal(format!(
                "target ratio {t} is out of range: give a share between 0 and 1, e.g. 0.95"
            )))
        }
        _ => {}
    }
    let (total, covered_before) = (demand.total, demand.covered_before);
    let metric = if covers.is_some() {
        "network"
    } else {
        "straight"
    };
    let p = match covers {
        Some(c) => {
            let n = demand.weight.len() as u32;
            if c.start.len() != candidates.len() + 1
                || c.start.windows(2).any(|w| w[0] > w[1])
                || c.start.last() != Some(&c.items.len())
                || c.items.iter().any(|&j| j >= n)
            {
                return Err(SuggestError::BadGoal(
                    "cover sets do not match the candidates and demand".into(),
                ));
            }
            Problem {
                weight: demand.weight.clone(),
                start: c.start,
                items: c.items,
            }
        }
        None => Problem::build(demand, kind.radius_m, candidates, progress)?,
    };
    let mut all = State::new(&p);
    for c in 0..p.candidates() {
        all.add(c);
    }
    all.settle();
    let max_reachable = all.value;

    let mut st = State::new(&p);
    let (chosen, method, greedy_value, upper, min_bound, reachable);
    match goal {
        Goal::Count(k) => {
            let useful = (0..p.candidates())
                .filter(|&c| !p.cover(c).is_empty())
                .count();
            if binomial(useful, k.min(useful)) <= exact_limit {
                let pick = exact(&p, k, progress)?;
                for &c in &pick {
                    st.add(c);
                }
                st.settle();
                greedy_value = st.value;
                upper = st.value;
                chosen = pick;
                method = "exact";
            } else {
                let span = 1.0 - BUILD_SHARE;
                let (picks, bound) = greedy(&mut st, k, &|_| false, &mut |_, n| {
                    progress(BUILD_SHARE + 0.6 * span * n as f64 / k as f64)
                })?;
                st.settle();
                greedy_value = st.value;
                let mut c: Vec<usize> = picks.iter().map(|x| x.0).collect();
                local_search(&mut st, &mut c, &mut |pass| {
                    progress(1.0 - 0.4 * span * 0.7f64.powi(pass as i32))
                })?;
                let final_bound = st.value + top_gains(&st, k, &c);
                upper = bound.min(final_bound).min(max_reachable).max(st.value);
                chosen = c;
                method = "greedy+swap";
            }
            min_bound = 0;
            reachable = true;
        }
        Goal::Target(t) => {
            let needed = t * total - covered_before;
            reachable = needed <= max_reachable * (1.0 + 1e-12) + 1e-9;
            if needed <= 0.0 {
                chosen = Vec::new();
                min_bound = 0;
            } else {
                let goal = needed.min(max_reachable).max(f64::MIN_POSITIVE);
                let (picks, _) = greedy(
                    &mut st,
                    usize::MAX,
                    &|s: &State| s.value >= needed * (1.0 - 1e-12),
                    &mut |s, _| {
                        progress(BUILD_SHARE + (1.0 - BUILD_SHARE) * (s.value / goal).min(1.0))
                    },
                )?;
                let mut c: Vec<usize> = picks.iter().map(|x| x.0).collect();
                // Drop picks the target does not need, latest first.
                let mut i = c.len();
                while i > 0 {
                    i -= 1;
                    st.remove(c[i]);
                    if st.value >= needed * (1.0 - 1e-12) && reachable {
                        c.remove(i);
                    } else {
                        st.add(c[i]);
                    }
                }
                st.settle();
                // No m stations can do it if even the m largest single gains fall short.
                let mut gains: Vec<f64> = (0..p.candidates())
                    .map(|c| p.cover(c).iter().map(|&j| p.weight[j as usize]).sum())
                    .collect();
                gains.sort_by(|a, b| b.total_cmp(a));
                let mut acc = 0.0;
                let mut m = 0;
                while m < gains.len() && acc < needed * (1.0 - 1e-12) {
                    acc += gains[m];
                    m += 1;
                }
                min_bound = if reachable { m.min(c.len()) } else { m };
                chosen = c;
            }
            greedy_value = st.value;
            upper = max_reachable;
            method = "greedy";
        }
    }
    // Report in pick order with each pick's gain over the existing stations and earlier picks.
    let mut replay = State::new(&p);
    let label = &kind.label;
    let suggestions = chosen
        .iter()
        .enumerate()
        .map(|(n, &c)| {
            let g = replay.add(c);
            let cand = &candidates[c];
            Suggestion {
                candidate: c,
                id: cand.id.clone().unwrap_or_else(|| format!("c{c}")),
                name: cand
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("建议{label}{}", n + 1)),
                lon: cand.lon,
                lat: cand.lat,
                gain_population: g,
            }
        })
        .collect();
    replay.settle();
    let after = covered_before + replay.value;
    progress(1.0);
    Ok(SuggestResult {
        kind: kind.id.clone(),
        metric: metric.into(),
        demand: kind.demand.clone(),
        radius_m: kind.radius_m,
        total_population: total,
        covered_before,
        covered_after: after,
        coverage_ratio_after: if total > 0.0 { after / total } else { 0.0 },
        upper_bound: covered_before + upper,
        min_stations_bound: min_bound,
        target_reachable: reachable,
        max_reachable_population: covered_before + max_reachable,
        method: method.into(),
        covered_after_greedy: covered_before + greedy_value,
        candidates: candidates.len(),
        suggestions,
    })
}
