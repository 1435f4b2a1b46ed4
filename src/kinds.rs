//! Station kinds as data: id, labels, walking radius, and the GB 50180-2018 life-circle presets.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Index of a kind inside a [`KindTable`]; stable for the table's life (kinds are never removed).
pub type KindIndex = usize;

/// One kind of service point, e.g. 红蜂驿站 with a 1000 m walking radius.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StationKind {
    /// Machine id, e.g. `red_bee_station`.
    pub id: String,
    /// Chinese label, e.g. `红蜂驿站`.
    pub label: String,
    /// English label, e.g. `Red Bee rest station`.
    pub label_en: String,
    /// Walking radius in metres: a resident within it is covered.
    pub radius_m: f64,
    /// Other names accepted on import (e.g. `党群服务中心` for the party-mass service station).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// People one station can serve, when the kind has a capacity (e.g. a canteen's daily meals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// The residents' weight column this kind serves instead of population (e.g. `老年人口` for a
    /// canteen, rider activity for 红蜂驿站); `None`: population.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<String>,
    /// Whether life-circle completeness asks for this kind (false: 不计入生活圈). A counted kind
    /// with no station makes completeness 0: nobody reaches it.
    #[serde(default = "counted_by_default")]
    pub counted: bool,
    /// The share of the population (0–1] each admin unit should have covered (e.g. 0.85); units
    /// below it are reported 未达标 with the people still to reach. `None`: no target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
}

fn counted_by_default() -> bool {
    true
}

impl StationKind {
    /// How far the engine looks for a resident's nearest station of this kind, in metres: twice the
    /// radius. Beyond it a resident has "no station within reach" (distance reported as infinite).
    /// The horizon keeps every edit local: moving a station touches only residents within it.
    pub fn horizon_m(&self) -> f64 {
        2.0 * self.radius_m
    }
}

/// A GB 50180-2018 life-circle tier: a walking time and the distance planners use for it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LifeCircleTier {
    /// Preset id: `5min`, `10min` or `15min`.
    pub id: &'static str,
    /// Chinese label, e.g. `5分钟生活圈`.
    pub label: &'static str,
    /// Walking minutes.
    pub minutes: u32,
    /// Walking distance in metres.
    pub radius_m: f64,
}

/// The three tiers of GB 50180-2018 (城市居住区规划设计标准), as walking distances.
pub const LIFE_CIRCLE_TIERS: [LifeCircleTier; 3] = [
    LifeCircleTier {
        id: "5min",
        label: "5分钟生活圈",
        minutes: 5,
        radius_m: 300.0,
    },
    LifeCircleTier {
        id: "10min",
        label: "10分钟生活圈",
        minutes: 10,
        radius_m: 500.0,
    },
    LifeCircleTier {
        id: "15min",
        label: "15分钟生活圈",
        minutes: 15,
        radius_m: 1000.0,
    },
];

/// A radius was given that is not a positive number of metres or a tier name.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRadius(pub String);

impl fmt::Display for BadRadius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad radius '{}': give metres between 1 and 50000 (e.g. 500), a life-circle tier (5min, 10min, 15min) or walking time at a speed (10min@1.0 m/s, 10min@elderly)",
            self.0
        )
    }
}

impl std::error::Error for BadRadius {}

/// Most kinds a table holds: a resident's count of covering kinds is kept in a byte.
pub const MAX_KINDS: usize = 250;

/// Why a kind could not be added or changed.
#[derive(Clone, Debug, PartialEq)]
pub enum KindError {
    /// The radius is not a positive number of metres within range.
    BadRadius(BadRadius),
    /// The table already holds [`MAX_KINDS`] kinds.
    TooMany,
    /// A kind needs a non-empty id.
    EmptyId,
    /// A capacity that is not a positive, finite number of people.
    BadCapacity(f64),
    /// A coverage target that is not a share above 0 and at most 1 (100 %).
    BadTarget(f64),
}

impl fmt::Display for KindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KindError::BadRadius(e) => e.fmt(f),
            KindError::TooMany => write!(f, "too many kinds: at most {MAX_KINDS}"),
            KindError::EmptyId => write!(f, "a kind needs a name"),
            KindError::BadCapacity(c) => write!(
                f,
                "capacity {c} must be a positive number of people per station"
            ),
            KindError::BadTarget(t) => write!(
                f,
                "coverage target {t} must be a share above 0 and at most 1 (e.g. 0.85 or 85%)"
            ),
        }
    }
}

impl std::error::Error for KindError {}

impl crate::error::Localized for BadRadius {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => format!(
                "服务半径“{}”无效：请填 1 至 50000 之间的米数（如 500）、生活圈层级（5min、10min、15min），或步行时间与速度（10min@1.0 米/秒、10min@老年人）",
                self.0
            ),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

impl crate::error::Localized for KindError {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match (self, lang) {
            (KindError::BadRadius(e), _) => e.localized(lang),
            (_, crate::lang::Lang::En) => self.to_string(),
            (KindError::TooMany, _) => format!("设施类型过多：最多 {MAX_KINDS} 种"),
            (KindError::EmptyId, _) => "设施类型需要名称".to_string(),
            (KindError::BadCapacity(c), _) => format!("容量 {c} 须为正数（每站服务人数）"),
            (KindError::BadTarget(t), _) => {
                format!("覆盖率目标 {t} 须在 0 与 1 之间（不含 0，如 0.85 或 85%）")
            }
        }
    }
}

/// A coverage target must be a share above 0 and at most 1.
pub fn check_target(t: f64) -> Result<(), KindError> {
    if t.is_finite() && t > 0.0 && t <= 1.0 {
        Ok(())
    } else {
        Err(KindError::BadTarget(t))
    }
}

/// A coverage target as written by a planner: `85%`, `85`, `0.85` (a number above 1 is a
/// percentage). `None` when it is not a number.
pub fn parse_target(s: &str) -> Option<f64> {
    let t = s.trim();
    let (num, pct) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num.parse().ok().filter(|v: &f64| v.is_finite())?;
    Some(if pct || v > 1.0 { v / 100.0 } else { v })
}

impl From<BadRadius> for KindError {
    fn from(e: BadRadius) -> Self {
        KindError::BadRadius(e)
    }
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Largest radius accepted, in metres: beyond a city's scale straight-line coverage means nothing.
pub const MAX_RADIUS_M: f64 = 50_000.0;

/// Checks a radius in metres.
pub fn check_radius(radius_m: f64) -> Result<f64, BadRadius> {
    if radius_m.is_finite() && (1.0..=MAX_RADIUS_M).contains(&radius_m) {
        Ok(radius_m)
    } else {
        Err(BadRadius(radius_m.to_string()))
    }
}

/// Parses `500`, `500m`, `1.5km`, a tier id (`5min`, `10min`, `15min`, also `5分钟`: the GB
/// 50180-2018 distances), or walking time at a speed (`10min@1.0` metres a second, `10min@老年人`
/// a profile of [`crate::speeds`]).
pub fn parse_radius(text: &str) -> Result<f64, BadRadius> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || BadRadius(text.to_string());
    if t.contains('@') {
        let m = crate::speeds::parse_walking_time(text).ok_or_else(bad)?;
        return check_radius(m).map_err(|_| bad());
    }
    for tier in LIFE_CIRCLE_TIERS {
        let zh = format!("{}分钟", tier.minutes);
        if t == tier.id || t == zh || t == format!("{}分钟生活圈", tier.minutes) {
            return Ok(tier.radius_m);
        }
    }
    check_radius(parse_length(&t).ok_or_else(bad)?).map_err(|_| bad())
}

/// Parses a distance as planners type it: `500`, `500m`, `500米`, `1.5km`, `1.5公里` → metres.
/// `None` when it is not one (the caller says which range it wants).
pub fn parse_length(text: &str) -> Option<f64> {
    let t = text.trim().to_ascii_lowercase();
    let (num, factor) = if let Some(n) = t.strip_suffix("km") {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix("公里") {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix('m').or_else(|| t.strip_suffix("米")) {
        (n, 1.0)
    } else {
        (t.as_str(), 1.0)
    };
    let v: f64 = num.trim().parse().ok()?;
    Some(v * factor).filter(|m| m.is_finite())
}

/// The kinds a plan knows, in a fixed order (defaults first, then the planner's own).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindTable {
    kinds: Vec<StationKind>,
}

impl Default for KindTable {
    fn default() -> Self {
        KindTable {
            kinds: vec![
                StationKind {
                    id: "red_bee_station".into(),
                    label: "红蜂驿站".into(),
                    label_en: "Red Bee rest station".into(),
                    radius_m: 1000.0,
                    aliases: vec!["红蜂".into(), "骑手驿站".into(), "快递员驿站".into()],
                    capacity: None,
                    target: None,
                    demand: None,
                    counted: true,
                },
                StationKind {
                    id: "party_service_station".into(),
                    label: "党群服务站".into(),
                    label_en: "Party-mass service station".into(),
                    radius_m: 500.0,
                    aliases: vec![
                        "党群服务中心".into(),
                        "党群服务站点".into(),
                        "党群服务".into(),
                    ],
                    capacity: None,
                    target: None,
                    demand: None,
                    counted: true,
                },
                StationKind {
                    id: "commercial_hub".into(),
                    label: "商圈".into(),
                    label_en: "Commercial hub".into(),
                    radius_m: 3000.0,
                    aliases: vec!["商业中心".into(), "商业综合体".into()],
                    capacity: None,
                    target: None,
                    demand: None,
                    counted: true,
                },
            ],
        }
    }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace([' ', '-'], "_")
}

impl KindTable {
    /// All kinds, in table order.
    pub fn all(&self) -> &[StationKind] {
        &self.kinds
    }

    /// Number of kinds.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True when there are no kinds (never the case for a default table).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// True when no kind can be added ([`MAX_KINDS`]).
    pub fn is_full(&self) -> bool {
        self.kinds.len() >= MAX_KINDS
    }

    /// The kind at `index`.
    pub fn get(&self, index: KindIndex) -> &StationKind {
        &self.kinds[index]
    }

    /// Finds a kind by id, Chinese or English label or alias (ids case-insensitively). An id wins
    /// over a label, a label over an English label, that over an alias: a kind relabelled
    /// "Commercial hub" does not take `commercial_hub` from the kind whose id it is.
    pub fn resolve(&self, name: &str) -> Option<KindIndex> {
        let n = norm(name);
        if n.is_empty() {
            return None;
        }
        let by = |f: &dyn Fn(&StationKind) -> bool| self.kinds.iter().position(f);
        by(&|k| norm(&k.id) == n)
            .or_else(|| by(&|k| norm(&k.label) == n))
            .or_else(|| by(&|k| norm(&k.label_en) == n))
            .or_else(|| by(&|k| k.aliases.iter().any(|a| norm(a) == n)))
    }

    /// The known kind whose name (id, labels, aliases) is nearest to `name` by edit distance (in
    /// characters), with that distance; ties go to the earlier kind.
    pub fn nearest(&self, name: &str) -> Option<(KindIndex, usize)> {
        let n: Vec<char> = name.trim().to_lowercase().chars().collect();
        self.kinds
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let d = std::iter::once(&k.id)
                    .chain([&k.label, &k.label_en])
                    .chain(k.aliases.iter())
                    .map(|x| edit_distance(&n, &x.to_lowercase().chars().collect::<Vec<_>>()))
                    .min()
                    .unwrap_or(usize::MAX);
                (i, d)
            })
            .min_by_key(|&(i, d)| (d, i))
    }

    /// A comma-separated list of the accepted names, for error messages.
    pub fn known_names(&self) -> String {
        self.kinds
            .iter()
            .map(|k| format!("{} ({})", k.id, k.label))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Sets or clears the capacity (people per station) of a kind.
    pub fn set_capacity(
        &mut self,
        index: KindIndex,
        capacity: Option<f64>,
    ) -> Result<(), KindError> {
        if let Some(c) = capacity {
            if !(c.is_finite() && c > 0.0) {
                return Err(KindError::BadCapacity(c));
            }
        }
        self.kinds[index].capacity = capacity;
        Ok(())
    }

    /// Sets or clears a kind's coverage target (a share in (0, 1]).
    pub fn set_target(&mut self, index: KindIndex, target: Option<f64>) -> Result<(), KindError> {
        if let Some(t) = target {
            check_target(t)?;
        }
        self.kinds[index].target = target;
        Ok(())
    }

    /// Whether life-circle completeness counts a kind.
    pub fn set_counted(&mut self, index: KindIndex, counted: bool) {
        self.kinds[index].counted = counted;
    }

    /// Per kind: whether completeness counts it.
    pub fn counted(&self) -> Vec<bool> {
        self.kinds.iter().map(|k| k.counted).collect()
    }

    /// How many kinds life-circle completeness counts.
    pub fn counted_len(&self) -> usize {
        self.kinds.iter().filter(|k| k.counted).count()
    }

    /// Sets or clears the demand weight column of a kind (checked against the data by the planner).
    pub fn set_demand(&mut self, index: KindIndex, column: Option<String>) {
        self.kinds[index].demand = column;
    }

    /// Adds a kind or updates an existing one's label/radius. Returns its index and whether it is new.
    /// `label` may be `None` to keep the existing label (or use the id for a new kind). A new kind
    /// is refused when the table is full ([`MAX_KINDS`]) or its id is blank.
    pub fn upsert(
        &mut self,
        id: &str,
        label: Option<&str>,
        label_en: Option<&str>,
        radius_m: f64,
    ) -> Result<(KindIndex, bool), KindError> {
        let existing = self.resolve(id);
        if existing.is_none() {
            if self.is_full() {
                return Err(KindError::TooMany);
            }
            if id.trim().is_empty() {
                return Err(KindError::EmptyId);
            }
        }
        let radius_m = check_radius(radius_m)?;
        if let Some(i) = existing {
            let k = &mut self.kinds[i];
            k.radius_m = radius_m;
            if let Some(l) = label.filter(|l| !l.trim().is_empty()) {
                k.label = l.trim().to_string();
            }
            if let Some(l) = label_en.filter(|l| !l.trim().is_empty()) {
                k.label_en = l.trim().to_string();
            }
            return Ok((i, false));
        }
        let label = label
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .unwrap_or(id.trim());
        self.kinds.push(StationKind {
            id: id.trim().to_string(),
            label: label.to_string(),
            label_en: label_en.map(str::trim).unwrap_or(id.trim()).to_string(),
            radius_m,
            aliases: Vec::new(),
            capacity: None,
            target: None,
            demand: None,
            counted: true,
        });
        Ok((self.kinds.len() - 1, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_resolution() {
        let t = KindTable::default();
        assert_eq!(t.len(), 3);
        assert_eq!(t.resolve("红蜂驿站"), Some(0));
        assert_eq!(t.resolve("Red_Bee_Station"), Some(0));
        assert_eq!(t.resolve("党群服务中心"), Some(1));
        assert_eq!(t.resolve(" 商圈 "), Some(2));
        assert_eq!(t.resolve("Commercial hub"), Some(2));
        assert_eq!(t.resolve("全龄食堂"), None);
        assert_eq!(t.get(0).radius_m, 1000.0);
        assert_eq!(t.get(1).radius_m, 500.0);
        assert_eq!(t.get(2).radius_m, 3000.0);
    }

    #[test]
    fn custom_kind_and_radius_change() {
        let mut t = KindTable::default();
        let (i, new) = t.upsert("canteen", Some("全龄食堂"), None, 800.0).unwrap();
        assert!(new);
        assert_eq!(t.resolve("全龄食堂"), Some(i));
        let (j, new) = t.upsert("商圈", None, None, 2500.0).unwrap();
        assert!(!new);
        assert_eq!(j, 2);
        assert_eq!(t.get(2).radius_m, 2500.0);
        assert_eq!(t.get(2).label, "商圈");
        assert!(t.upsert("x", None, None, -5.0).is_err());
        assert!(t.upsert("x", None, None, f64::NAN).is_err());
    }

    #[test]
    fn an_id_wins_over_another_kinds_label() {
        // The party station relabelled with the commercial hub's labels (a project file with its
        // kinds' labels swapped): each id still names its own kind.
        let mut t = KindTable::default();
        t.upsert(
            "party_service_station",
            Some("商圈"),
            Some("Commercial hub"),
            3000.0,
        )
        .unwrap();
        t.upsert(
            "commercial_hub",
            Some("党群服务站"),
            Some("Party-mass service station"),
            500.0,
        )
        .unwrap();
        assert_eq!(t.resolve("commercial_hub"), Some(2));
        assert_eq!(t.resolve("party_service_station"), Some(1));
        // Labels then resolve to the kinds that carry them now.
        assert_eq!(t.resolve("商圈"), Some(1));
        assert_eq!(t.resolve("Party-mass service station"), Some(2));
    }

    #[test]
    fn the_nearest_kind_by_name() {
        let t = KindTable::default();
        // A typo of a label, of an alias, of an id.
        assert_eq!(t.nearest("红蜂驿"), Some((0, 1)));
        assert_eq!(t.nearest("党群服务中"), Some((1, 1)));
        assert_eq!(t.nearest("commercial_hb"), Some((2, 1)));
        assert_eq!(t.nearest("商圈").map(|(_, d)| d), Some(0));
        // Against a distance written out by hand.
        assert_eq!(edit_distance(&['a', 'b', 'c'], &['a', 'x', 'c', 'd']), 2);
        assert_eq!(edit_distance(&[], &['a']), 1);
    }

    #[test]
    fn radius_parsing() {
        assert_eq!(parse_radius("5min").unwrap(), 300.0);
        assert_eq!(parse_radius("10分钟").unwrap(), 500.0);
        assert_eq!(parse_radius("15min").unwrap(), 1000.0);
        assert_eq!(parse_radius("1.5km").unwrap(), 1500.0);
        assert_eq!(parse_radius("800m").unwrap(), 800.0);
        assert_eq!(parse_radius(" 650 ").unwrap(), 650.0);
        assert!(parse_radius("abc").is_err());
        assert!(parse_radius("0").is_err());
        assert!(parse_radius("-100").is_err());
    }
}
