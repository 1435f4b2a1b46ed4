//! Stations and residents as tables of points: column names in the planner's language and one row
//! of values per feature, in the chosen coordinate system — what the GeoJSON and Shapefile
//! writers both write, so the two carry the same fields.

use super::Lang;
use crate::crs::Crs;
use crate::engine::{Planner, NO_STATION};
use crate::import::fields::{DERIVED_SUFFIXES, REACHABLE};
use crate::report::{Coverage, KindView, Summary};
use crate::tables::WeightColumn;
use serde_json::{json, Value};

/// Points with named columns: row `i` writes its values (one per column, `Null` where there is
/// none) into `values` and returns its coordinates.
pub trait PointTable {
    /// The columns' names, in order.
    fn names(&self) -> &[String];
    /// Number of rows.
    fn len(&self) -> usize;
    /// Whether there are no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Row `i`: its values into `values` (cleared first) and its coordinates.
    fn row(&self, i: usize, values: &mut Vec<Value>) -> (f64, f64);
}

/// A name in `lang`.
fn key(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
    .to_string()
}

/// A number rounded to `digits` decimals, `Null` when not finite.
fn rounded(x: f64, scale: f64) -> Value {
    if x.is_finite() {
        json!((x * scale).round() / scale)
    } else {
        Value::Null
    }
}

/// Live stations with kind, name, radius, and the population served and served only by each
/// under the summary's metric. In Chinese: 编号, 类型 (the kind's label), 类型编号 (its id), 名称,
/// 服务半径_米, 服务人口, 独有服务人口.
pub struct StationTable {
    names: Vec<String>,
    rows: Vec<(f64, f64, Vec<Value>)>,
}

impl StationTable {
    /// The stations of `summary`, coordinates in `crs`, names in `lang`.
    pub fn new(plan: &Planner, summary: &Summary, crs: Crs, lang: Lang) -> Self {
        let names = match lang {
            Lang::En => ["id", "kind", "kind_label", "name", "radius_m"],
            Lang::Zh => ["编号", "类型", "类型编号", "名称", "服务半径_米"],
        };
        let mut names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        names.push(key(lang, "served_population", "服务人口"));
        names.push(key(lang, "only_population", "独有服务人口"));
        let rows = summary
            .stations
            .iter()
            .map(|s| {
                let k = plan.kinds().resolve(&s.kind).map(|k| plan.kinds().get(k));
                let label = k.map(|k| k.label.as_str());
                let (x, y) = crs.from_wgs84(s.lon, s.lat);
                let (kind, kind_second) = match lang {
                    Lang::En => (json!(s.kind), json!(label)),
                    Lang::Zh => (json!(label.unwrap_or(&s.kind)), json!(s.kind)),
                };
                let values = vec![
                    json!(s.id),
                    kind,
                    kind_second,
                    json!(s.name),
                    json!(k.map(|k| k.radius_m)),
                    json!(s.served_population.max(0.0)),
                    json!(s.only_population.max(0.0)),
                ];
                (x, y, values)
            })
            .collect();
        StationTable { names, rows }
    }
}

impl PointTable for StationTable {
    fn names(&self) -> &[String] {
        &self.names
    }
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn row(&self, i: usize, values: &mut Vec<Value>) -> (f64, f64) {
        let (x, y, v) = &self.rows[i];
        values.clone_from(v);
        (*x, *y)
    }
}

/// Residents with their id (when the file had one), name, population, admin units, other numeric
/// columns, and per kind the nearest station (name and distance in metres, null beyond twice the
/// radius) and whether it is covered, under the metric of the coverage: on the walking network the
/// distances are walks, each kind adds `{kind}_detour` (walking ÷ straight line), and `reachable`
/// says whether the streets reach the resident; every kind ends with `{kind}_access_per_1000`, its
/// Gaussian 2SFCA supply per 1,000 residents ([`crate::report::access`]). In Chinese: 编号, 名称,
/// 人口, 街道, 社区, 网格, and per kind `{类型}_最近站点`, `_距离_米`, `_已覆盖`, `_绕行系数`,
/// `_每千人供给` ([`DERIVED_SUFFIXES`]), and 路网可达.
/// Rows are made on demand, so a million residents never sit in memory as values.
pub struct ResidentTable<'a> {
    plan: &'a Planner,
    crs: Crs,
    names: Vec<String>,
    has_ids: bool,
    figures: Vec<KindView>,
    access: Vec<Vec<f64>>,
    cut: Option<Vec<bool>>,
    weights: Vec<&'a WeightColumn>,
}

impl<'a> ResidentTable<'a> {
    /// The residents of `plan` under `cov`, coordinates in `crs`, names in `lang`.
    pub fn new(plan: &'a Planner, cov: &(impl Coverage + ?Sized), crs: Crs, lang: Lang) -> Self {
        let n = plan.resident_count();
        let has_ids = (0..n).any(|i| !plan.resident_id(i).is_empty());
        let mut names = Vec::new();
        if has_ids {
            names.push(key(lang, "id", "编号"));
        }
        names.push(key(lang, "name", "名称"));
        names.push(key(lang, "population", "人口"));
        names.push(key(lang, "street", "街道"));
        names.push(key(lang, "community", "社区"));
        names.push(key(lang, "grid", "网格"));
        let weights: Vec<&WeightColumn> = plan.weight_column_data().collect();
        names.extend(weights.iter().map(|w| w.name.clone()));
        let figures: Vec<KindView> = (0..plan.kinds().len()).map(|k| cov.kind_view(k)).collect();
        for (k, f) in figures.iter().enumerate() {
            let kind = plan.kinds().get(k);
            let stem = match lang {
                Lang::En => &kind.id,
                Lang::Zh => &kind.label,
            };
            let shown = [true, true, true, f.detour.is_some(), true];
            for ((en, zh), _) in DERIVED_SUFFIXES.iter().zip(shown).filter(|(_, s)| *s) {
                names.push(format!("{stem}{}", if lang == Lang::Zh { zh } else { en }));
            }
        }
        let access = (0..plan.kinds().len())
            .map(|k| crate::report::kind_access(plan, cov, k).per_resident)
            .collect();
        let cut = cov.unreachable().map(|list| {
            let mut cut = vec![false; n];
            for &i in list.iter() {
                cut[i as usize] = true;
            }
            cut
        });
        if cut.is_some() {
            names.push(key(lang, REACHABLE.0, REACHABLE.1));
        }
        ResidentTable {
            plan,
            crs,
            names,
            has_ids,
            figures,
            access,
            cut,
            weights,
        }
    }
}

impl PointTable for ResidentTable<'_> {
    fn names(&self) -> &[String] {
        &self.names
    }
    fn len(&self) -> usize {
        self.plan.resident_count()
    }
    fn row(&self, i: usize, values: &mut Vec<Value>) -> (f64, f64) {
        let plan = self.plan;
        // One resident's fields (copying a whole column per row made an export quadratic: 29 s
        // for 100,000 residents).
        let at = plan.resident_point(i);
        let admin = plan.admin().all();
        let unit_name = |u: u32| -> &str {
            admin
                .get(u as usize)
                .map(|a| a.name.as_str())
                .unwrap_or_default()
        };
        values.clear();
        if self.has_ids {
            let id = plan.resident_id(i);
            values.push(if id.is_empty() {
                Value::Null
            } else {
                json!(id)
            });
        }
        let [s, c, g] = plan.resident_units(i);
        values.push(json!(plan.resident_name(i)));
        values.push(json!(plan.resident_pop(i)));
        values.extend([s, c, g].map(|u| json!(unit_name(u))));
        values.extend(self.weights.iter().map(|w| json!(w.values[i])));
        for (f, access) in self.figures.iter().zip(&self.access) {
            let near = f.nearest[i];
            let name = (near != NO_STATION)
                .then(|| plan.station(near).map(|s| s.name.clone()))
                .flatten();
            values.push(json!(name));
            values.push(rounded(f.distance_m[i], 10.0));
            values.push(json!(f.count[i] > 0));
            if let Some(detour) = &f.detour {
                values.push(rounded(detour[i], 1000.0));
            }
            values.push(json!(crate::report::access::per_1000(access[i])));
        }
        if let Some(cut) = &self.cut {
            values.push(json!(!cut[i]));
        }
        self.crs.from_wgs84(at.lon, at.lat)
    }
}
