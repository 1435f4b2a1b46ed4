//! Proposals as edits on a baseline plan (stations added, moved, withdrawn) and the comparison of
//! their figures with the baseline's.

use crate::engine::{PlanError, Planner, StationId};
use crate::error::ImportError;
use crate::import::{for_each_record, source_name, Field, ImportOptions};
use crate::kinds::KindIndex;
use crate::report::{ratio, Summary};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;

/// One edit of a proposal.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new station.
    Add {
        /// Kind index.
        kind: KindIndex,
        /// WGS-84 position.
        lon: f64,
        /// WGS-84 position.
        lat: f64,
        /// Name (empty: the engine names it).
        name: String,
    },
    /// A baseline station moved to a new place.
    Move {
        /// The baseline station.
        id: StationId,
        /// WGS-84 position.
        lon: f64,
        /// WGS-84 position.
        lat: f64,
    },
    /// A baseline station withdrawn.
    Remove {
        /// The baseline station.
        id: StationId,
    },
}

/// What a proposal file's 操作 (action) column says; blank means a new station.
fn action_of(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "" | "新增" | "新建" | "增加" | "add" | "new" => Some("add"),
        "迁移" | "移动" | "搬迁" | "move" | "moved" => Some("move"),
        "撤销" | "删除" | "取消" | "关闭" | "remove" | "delete" | "close" => Some("remove"),
        _ => None,
    }
}

/// Reads a proposal: a stations file (CSV, GeoJSON, an Excel sheet or a zipped Shapefile, the
/// stations columns) whose rows are new stations, or, with an 操作 / `action` column, `迁移` (move: the baseline station of that kind
/// and name goes to the row's coordinates) or `撤销` (withdraw the baseline station of that kind
/// and name; coordinates may be left out). Names are matched exactly within the kind; a name no
/// station or several stations of the kind have is an error naming the row.
pub fn read_proposal(
    bytes: &[u8],
    options: &ImportOptions,
    baseline: &Planner,
) -> Result<Vec<Edit>, ImportError> {
    // A CSV, a workbook's sheet or a zipped Shapefile, as the other tables are read.
    crate::import::read_table(bytes, options, "proposal", |text, options| {
        proposal_edits(text, options, baseline)
    })
}

/// The edits of a proposal table's text (see [`read_proposal`]).
fn proposal_edits(
    text: &str,
    options: &ImportOptions,
    baseline: &Planner,
) -> Result<Vec<Edit>, ImportError> {
    let source = source_name(options, "proposal");
    let kinds = baseline.kinds();
    let mut by_name: HashMap<(KindIndex, &str), Vec<StationId>> = HashMap::new();
    for (id, s) in baseline.stations() {
        by_name
            .entry((s.kind, s.name.as_str()))
            .or_default()
            .push(id);
    }
    let mut out = Vec::new();
    for_each_record(text, options, &[&[Field::Kind]], &mut |r| {
        let given = r.get(Field::Kind).unwrap_or("");
        let kind = kinds.resolve(given).ok_or_else(|| {
            r.error(
                Field::Kind,
                format!("unknown kind '{given}'; known kinds: {}", kinds.known_names()),
            )
        })?;
        let action_text = r.get(Field::Action).unwrap_or("");
        let action = action_of(action_text).ok_or_else(|| {
            r.error(
                Field::Action,
                format!("'{action_text}' is not an action: use 新增 (add), 迁移 (move) or 撤销 (withdraw)"),
            )
        })?;
        let name = r.text(Field::Name);
        let existing = || -> Result<StationId, ImportError> {
            if name.is_empty() {
                return Err(r.error(
                    Field::Name,
                    "is empty: a 迁移 or 撤销 row names the baseline station it changes",
                ));
            }
            match by_name.get(&(kind, name)).map(Vec::as_slice) {
                Some([id]) => Ok(*id),
                Some(ids) if ids.len() > 1 => Err(r.error(
                    Field::Name,
                    format!("{} stations of kind {} are named '{name}'; rename them apart first", ids.len(), kinds.get(kind).label),
                )),
                _ => Err(r.error(
                    Field::Name,
                    format!("the baseline has no {} named '{name}'", kinds.get(kind).label),
                )),
            }
        };
        out.push(match action {
            "add" => {
                let (lon, lat) = r.point(options.crs)?;
                Edit::Add { kind, lon, lat, name: name.to_string() }
            }
            "move" => {
                let id = existing()?;
                let (lon, lat) = r.point(options.crs)?;
                Edit::Move { id, lon, lat }
            }
            _ => Edit::Remove { id: existing()? },
        });
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    Ok(out)
}

/// The baseline with a proposal's edits applied. Station ids of the baseline keep their meaning
/// in the result (new stations get new ids).
pub fn apply(baseline: &Planner, edits: &[Edit]) -> Result<Planner, PlanError> {
    let mut plan = baseline.clone();
    for e in edits {
        match e {
            Edit::Add {
                kind,
                lon,
                lat,
                name,
            } => {
                plan.add_station(*kind, *lon, *lat, name)?;
            }
            Edit::Move { id, lon, lat } => plan.move_station(*id, *lon, *lat)?,
            Edit::Remove { id } => plan.remove_station(*id)?,
        }
    }
    Ok(plan)
}

/// A figure in the baseline and in the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Delta {
    /// In the baseline.
    pub baseline: f64,
    /// In the proposal.
    pub proposal: f64,
    /// `proposal − baseline`.
    pub change: f64,
}

impl Delta {
    fn new(baseline: f64, proposal: f64) -> Delta {
        Delta {
            baseline,
            proposal,
            change: proposal - baseline,
        }
    }
}

/// One kind, baseline → proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindDelta {
    /// Kind id.
    pub kind: String,
    /// Chinese label.
    pub label: String,
    /// English label.
    pub label_en: String,
    /// Walking radius, metres.
    pub radius_m: f64,
    /// Live stations.
    pub stations: Delta,
    /// Covered population.
    pub covered_population: Delta,
    /// Its share of the population.
    pub coverage_ratio: Delta,
    /// Covered demand (when the kind serves a demand column).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demand_covered: Option<Delta>,
}

/// One street, community or grid, baseline → proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitDelta {
    /// `street`, `community` or `grid`.
    pub level: crate::admin::Level,
    /// Path id.
    pub id: String,
    /// The unit's own name.
    pub name: String,
    /// Its population.
    pub total_population: f64,
    /// Coverage ratio per kind, in kind order.
    pub kinds: Vec<Delta>,
    /// Completeness ratio.
    pub all_kinds: Delta,
}

/// How a station differs between the baseline and the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeAction {
    /// Only in the proposal.
    Added,
    /// In both, at another place.
    Moved,
    /// Only in the baseline.
    Removed,
    /// In both, at the same place, with another name.
    Renamed,
}

/// A station the proposal adds, moves, withdraws or renames, with what it serves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StationChange {
    /// What happened.
    pub action: ChangeAction,
    /// Kind id.
    pub kind: String,
    /// Name in the proposal (in the baseline for a withdrawn station).
    pub name: String,
    /// The baseline's position (absent for a new station), WGS-84.
    pub from: Option<[f64; 2]>,
    /// The proposal's position (absent for a withdrawn station), WGS-84.
    pub to: Option<[f64; 2]>,
    /// Population within its radius in the baseline (0 for a new station).
    pub served_before: f64,
    /// Population within its radius in the proposal (0 for a withdrawn station).
    pub served_after: f64,
    /// Population within its radius and no other station's of the kind, in the proposal.
    pub only_after: f64,
}

/// The proposal's figures against the baseline's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The baseline's name (e.g. 现状).
    pub baseline_name: String,
    /// The proposal's name.
    pub proposal_name: String,
    /// Per kind, in table order.
    pub kinds: Vec<KindDelta>,
    /// Completeness: covered by every counted kind (in each scenario).
    pub all_kinds: KindDelta,
    /// Streets, communities, grids, in the summary's order.
    pub units: Vec<UnitDelta>,
    /// Stations added, moved, withdrawn or renamed; grouped by action, then kind and name.
    pub changes: Vec<StationChange>,
}

/// Positions closer than this (metres, roughly) count as the same place.
const SAME_PLACE_DEG: f64 = 1e-7;

/// Compares two summaries of plans over the same residents and kinds. Stations are matched by
/// `key` (the caller's stable identity: the app's station ids, or baseline ids in a plan made by
/// [`apply`]); `base_keys` and `prop_keys` give the key of each station id of each summary.
pub fn compare<K: Eq + Hash + Clone>(
    names: (&str, &str),
    base: &Summary,
    base_keys: &HashMap<StationId, K>,
    prop: &Summary,
    prop_keys: &HashMap<StationId, K>,
) -> Comparison {
    let kinds = base
        .kinds
        .iter()
        .zip(&prop.kinds)
        .map(|(b, p)| KindDelta {
            kind: p.kind.clone(),
            label: p.label.clone(),
            label_en: p.label_en.clone(),
            radius_m: p.radius_m,
            stations: Delta::new(b.stations as f64, p.stations as f64),
            covered_population: Delta::new(b.covered_population, p.covered_population),
            coverage_ratio: Delta::new(b.coverage_ratio, p.coverage_ratio),
            demand_covered: match (&b.demand, &p.demand) {
                (Some(b), Some(p)) => Some(Delta::new(b.covered, p.covered)),
                _ => None,
            },
        })
        .collect();
    let all_kinds = KindDelta {
        kind: "all".into(),
        label: "全部类型".into(),
        label_en: "All kinds".into(),
        radius_m: 0.0,
        stations: Delta::new(base.stations.len() as f64, prop.stations.len() as f64),
        covered_population: Delta::new(
            base.all_kinds.covered_population,
            prop.all_kinds.covered_population,
        ),
        coverage_ratio: Delta::new(
            ratio(base.all_kinds.covered_population, base.total_population),
            ratio(prop.all_kinds.covered_population, prop.total_population),
        ),
        demand_covered: None,
    };
    let base_units: HashMap<(&crate::admin::Level, &str), &crate::report::UnitFigures> = base
        .units
        .iter()
        .map(|u| ((&u.level, u.id.as_str()), u))
        .collect();
    let units = prop
        .units
        .iter()
        .map(|p| {
            let b = base_units.get(&(&p.level, p.id.as_str()));
            let kind_ratio = |k: usize| b.map_or(0.0, |b| b.kinds[k].coverage_ratio);
            UnitDelta {
                level: p.level,
                id: p.id.clone(),
                name: p.name.clone(),
                total_population: p.total_population,
                kinds: p
                    .kinds
                    .iter()
                    .enumerate()
                    .map(|(k, f)| Delta::new(kind_ratio(k), f.coverage_ratio))
                    .collect(),
                all_kinds: Delta::new(
                    b.map_or(0.0, |b| b.all_kinds.coverage_ratio),
                    p.all_kinds.coverage_ratio,
                ),
            }
        })
        .collect();
    Comparison {
        baseline_name: names.0.to_string(),
        proposal_name: names.1.to_string(),
        kinds,
        all_kinds,
        units,
        changes: station_changes(base, base_keys, prop, prop_keys),
    }
}

fn station_changes<K: Eq + Hash + Clone>(
    base: &Summary,
    base_keys: &HashMap<StationId, K>,
    prop: &Summary,
    prop_keys: &HashMap<StationId, K>,
) -> Vec<StationChange> {
    let in_prop: HashMap<&K, &crate::report::StationFigures> = prop
        .stations
        .iter()
        .filter_map(|s| Some((prop_keys.get(&s.id)?, s)))
        .collect();
    let mut matched = std::collections::HashSet::new();
    let mut out = Vec::new();
    for b in &base.stations {
        let p = base_keys
            .get(&b.id)
            .and_then(|k| in_prop.get(k).map(|p| (k, *p)));
        let Some((key, p)) = p else {
            out.push(StationChange {
                action: ChangeAction::Removed,
                kind: b.kind.clone(),
                name: b.name.clone(),
                from: Some([b.lon, b.lat]),
                to: None,
                served_before: b.served_population,
                served_after: 0.0,
                only_after: 0.0,
            });
            continue;
        };
        matched.insert(key.clone());
        let moved =
            (p.lon - b.lon).abs() > SAME_PLACE_DEG || (p.lat - b.lat).abs() > SAME_PLACE_DEG;
        let action = if moved {
            ChangeAction::Moved
        } else if p.name != b.name {
            ChangeAction::Renamed
        } else {
            continue;
        };
        out.push(StationChange {
            action,
            kind: p.kind.clone(),
            name: p.name.clone(),
            from: Some([b.lon, b.lat]),
            to: Some([p.lon, p.lat]),
            served_before: b.served_population,
            served_after: p.served_population,
            only_after: p.only_population,
        });
    }
    for p in &prop.stations {
        if prop_keys.get(&p.id).is_some_and(|k| matched.contains(k)) {
            continue;
        }
        out.push(StationChange {
            action: ChangeAction::Added,
            kind: p.kind.clone(),
            name: p.name.clone(),
            from: None,
            to: Some([p.lon, p.lat]),
            served_before: 0.0,
            served_after: p.served_population,
            only_after: p.only_population,
        });
    }
    let order = |a: ChangeAction| match a {
        ChangeAction::Added => 0,
        ChangeAction::Moved => 1,
        ChangeAction::Removed => 2,
        ChangeAction::Renamed => 3,
    };
    out.sort_by(|a, b| {
        (order(a.action), &a.kind, &a.name).cmp(&(order(b.action), &b.kind, &b.name))
    });
    out
}

/// Keys for a plan made by [`apply`]: each station's own id (baseline ids keep their meaning).
pub fn id_keys(summary: &Summary) -> HashMap<StationId, StationId> {
    summary.stations.iter().map(|s| (s.id, s.id)).collect()
}
