//! Exports of a plan: the coverage report as CSV (Excel-ready), stations and residents as GeoJSON
//! with their coverage fields, and geodesic radius circles.

use crate::crs::Crs;
use crate::engine::report::Summary;
use crate::engine::{Planner, StationId, NO_STATION};
use geo::{Destination, Geodesic, Point};
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// Language of headers and labels in exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default: the planners' language).
    #[default]
    Zh,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "zh" | "zh-cn" | "cn" => Ok(Lang::Zh),
            "en" | "en-us" | "en-gb" => Ok(Lang::En),
            other => Err(format!("unknown language '{other}': use zh or en")),
        }
    }
}

/// Quotes a CSV field when it needs it (RFC 4180), and defuses text Excel would run as a formula.
fn csv_field(out: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err();
    if formula || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

/// A population as written in reports: whole persons when whole, else two decimals.
fn people(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}

/// A ratio as a percentage with two decimals (Excel reads `87.50%` as the number 0.875).
fn percent(r: f64) -> String {
    format!("{:.2}%", r * 100.0)
}

/// The coverage report as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF line ends.
///
/// One table: the whole area first, then every street, community and grid; per kind its covered
/// population and ratio, then completeness (covered by every kind that has stations). Above it,
/// one row per kind with its radius and station count.
pub fn report_csv(plan: &Planner, lang: Lang) -> String {
    report_csv_of(&plan.summary(), lang)
}

/// [`report_csv`] of a summary (straight-line or walking network).
pub fn report_csv_of(s: &Summary, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let t = |zh_s: &'static str, en_s: &'static str| if zh { zh_s } else { en_s };
    let mut out = String::from("\u{feff}");
    csv_row(
        &mut out,
        [
            t("设施类型", "Kind"),
            t("类型编号", "Kind id"),
            t("服务半径(米)", "Radius (m)"),
            t("站点数", "Stations"),
            t("覆盖人口", "Covered population"),
            t("覆盖率", "Coverage"),
        ],
    );
    for k in &s.kinds {
        let label = if zh { &k.label } else { &k.label_en };
        csv_row(
            &mut out,
            [
                label.as_str(),
                &k.kind,
                &people(k.radius_m),
                &k.stations.to_string(),
                &people(k.covered_population),
                &percent(k.coverage_ratio),
            ],
        );
    }
    csv_row(
        &mut out,
        [
            t("全部类型均覆盖", "Covered by every kind"),
            "all_kinds",
            "",
            "",
            &people(s.all_kinds.covered_population),
            &percent(s.all_kinds.coverage_ratio),
        ],
    );
    out.push_str("\r\n");
    let mut header: Vec<String> = vec![
        t("层级", "Level").into(),
        t("编号", "Id").into(),
        t("名称", "Name").into(),
        t("总人口", "Population").into(),
    ];
    for k in &s.kinds {
        let label = if zh { &k.label } else { &k.label_en };
        header.push(format!("{label}{}", t("覆盖人口", " covered")));
        header.push(format!("{label}{}", t("覆盖率", " coverage")));
    }
    header.push(t("全部类型均覆盖人口", "Covered by every kind").into());
    header.push(t("生活圈完整度", "Completeness").into());
    csv_row(&mut out, header.iter().map(String::as_str));
    // One row of a unit (or of the whole area): population, per kind covered and ratio, completeness.
    let unit_row = |out: &mut String,
                    head: [&str; 3],
                    total: f64,
                    kinds: &mut dyn Iterator<Item = (f64, f64)>,
                    all: (f64, f64)| {
        let mut row: Vec<String> = head.iter().map(|h| h.to_string()).collect();
        row.push(people(total));
        for (covered, r) in kinds.chain(std::iter::once(all)) {
            row.push(people(covered));
            row.push(percent(r));
        }
        csv_row(out, row.iter().map(String::as_str));
    };
    unit_row(
        &mut out,
        [t("全区", "area"), "", t("全部", "All")],
        s.total_population,
        &mut s
            .kinds
            .iter()
            .map(|k| (k.covered_population, k.coverage_ratio)),
        (s.all_kinds.covered_population, s.all_kinds.coverage_ratio),
    );
    for u in &s.units {
        let level = match (u.level, zh) {
            (crate::Level::Street, true) => "街道",
            (crate::Level::Community, true) => "社区",
            (crate::Level::Grid, true) => "网格",
            (l, false) => l.name(),
        };
        unit_row(
            &mut out,
            [level, &u.id, &u.name],
            u.total_population,
            &mut u
                .kinds
                .iter()
                .map(|k| (k.covered_population, k.coverage_ratio)),
            (u.all_kinds.covered_population, u.all_kinds.coverage_ratio),
        );
    }
    out
}

fn feature(lon: f64, lat: f64, properties: Map<String, Value>) -> Value {
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    })
}

fn collection(features: Vec<Value>, crs: Crs, metric: &str) -> String {
    json!({"type": "FeatureCollection", "crs_name": crs.name(), "metric": metric, "features": features})
        .to_string()
}

/// Live stations as GeoJSON points in `crs`, with kind, name, radius, population served and
/// served only by it. Reads back as a stations file.
pub fn stations_geojson(plan: &Planner, crs: Crs) -> String {
    stations_geojson_of(plan, &plan.summary(), crs)
}

/// [`stations_geojson`] with the served figures of `summary` (straight-line or walking).
pub fn stations_geojson_of(plan: &Planner, summary: &Summary, crs: Crs) -> String {
    let features = summary
        .stations
        .iter()
        .map(|s| {
            let k = plan.kinds().resolve(&s.kind).map(|k| plan.kinds().get(k));
            let (lon, lat) = crs.from_wgs84(s.lon, s.lat);
            let mut p = Map::new();
            p.insert("id".into(), json!(s.id));
            p.insert("kind".into(), json!(s.kind));
            p.insert("kind_label".into(), json!(k.map(|k| k.label.as_str())));
            p.insert("name".into(), json!(s.name));
            p.insert("radius_m".into(), json!(k.map(|k| k.radius_m)));
            p.insert(
                "served_population".into(),
                json!(s.served_population.max(0.0)),
            );
            p.insert("only_population".into(), json!(s.only_population.max(0.0)));
            feature(lon, lat, p)
        })
        .collect();
    collection(features, crs, &summary.metric)
}

/// One kind's per-resident figures under a metric, residents in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindResidents {
    /// The nearest station within the search horizon ([`NO_STATION`] when none).
    pub nearest: Vec<StationId>,
    /// Distance to it, metres (infinite when none).
    pub distance_m: Vec<f64>,
    /// Stations within the radius.
    pub count: Vec<u32>,
    /// Walking ÷ straight-line distance to that station (walking network only; NaN when none).
    pub detour: Option<Vec<f64>>,
}

/// Per-resident figures of every kind by straight-line distance.
pub fn straight_residents(plan: &Planner) -> Vec<KindResidents> {
    (0..plan.kinds().len())
        .map(|k| KindResidents {
            nearest: plan.nearest_station(k),
            distance_m: plan.nearest_distance_m(k),
            count: plan.covering_count(k),
            detour: None,
        })
        .collect()
}

/// Residents as GeoJSON points in `crs` with population, admin units, and per kind the nearest
/// station (name and distance in metres, null beyond twice the radius) and whether it is covered.
/// Reads back as a residents file.
pub fn residents_geojson(plan: &Planner, crs: Crs) -> String {
    residents_geojson_of(plan, &straight_residents(plan), None, crs)
}

/// [`residents_geojson`] with per-resident figures under a metric: on the walking network the
/// distances are walks, each kind adds `{kind}_detour` (walking ÷ straight line), and residents
/// in `unreachable` (too far from every street) get `reachable: false`.
pub fn residents_geojson_of(
    plan: &Planner,
    figures: &[KindResidents],
    unreachable: Option<&[u32]>,
    crs: Crs,
) -> String {
    let kinds: Vec<usize> = (0..plan.kinds().len()).collect();
    let nearest: Vec<&[u32]> = figures.iter().map(|f| f.nearest.as_slice()).collect();
    let dist: Vec<&[f64]> = figures.iter().map(|f| f.distance_m.as_slice()).collect();
    let count: Vec<&[u32]> = figures.iter().map(|f| f.count.as_slice()).collect();
    let mut cut = vec![false; plan.resident_count()];
    for &i in unreachable.unwrap_or_default() {
        cut[i as usize] = true;
    }
    let coords = plan.resident_coordinates();
    let pop = plan.resident_population();
    let weights: Vec<&crate::import::WeightColumn> = plan.weight_column_data().collect();
    let admin = plan.admin().all();
    let unit_name = |u: u32| -> &str {
        admin
            .get(u as usize)
            .map(|a| a.name.as_str())
            .unwrap_or_default()
    };
    let mut features = Vec::with_capacity(pop.len());
    for i in 0..pop.len() {
        let (lon, lat) = crs.from_wgs84(coords[2 * i], coords[2 * i + 1]);
        let [s, c, g] = plan.resident_units(i);
        let mut p = Map::new();
        p.insert("name".into(), json!(plan.resident_name(i)));
        p.insert("population".into(), json!(pop[i]));
        p.insert("street".into(), json!(unit_name(s)));
        p.insert("community".into(), json!(unit_name(c)));
        p.insert("grid".into(), json!(unit_name(g)));
        for w in &weights {
            p.insert(w.name.clone(), json!(w.values[i]));
        }
        for &k in &kinds {
            let id = &plan.kinds().get(k).id;
            let near = nearest[k][i];
            let name = (near != NO_STATION)
                .then(|| plan.station(near).map(|s| s.name.clone()))
                .flatten();
            let d = dist[k][i];
            p.insert(format!("{id}_nearest"), json!(name));
            p.insert(
                format!("{id}_distance_m"),
                if d.is_finite() {
                    json!((d * 10.0).round() / 10.0)
                } else {
                    Value::Null
                },
            );
            p.insert(format!("{id}_covered"), json!(count[k][i] > 0));
            if let Some(detour) = &figures[k].detour {
                let r = detour[i];
                p.insert(
                    format!("{id}_detour"),
                    if r.is_finite() {
                        json!((r * 1000.0).round() / 1000.0)
                    } else {
                        Value::Null
                    },
                );
            }
        }
        if unreachable.is_some() {
            p.insert("reachable".into(), json!(!cut[i]));
        }
        features.push(feature(lon, lat, p));
    }
    let metric = if unreachable.is_some() {
        "network"
    } else {
        "straight"
    };
    let mut text = String::with_capacity(features.len() * 300);
    let _ = write!(text, "{}", collection(features, crs, metric));
    text
}

/// A geodesic circle (Karney's direct problem on WGS-84): `segments` vertices, closed, as
/// `[lon0, lat0, lon1, lat1, …]`.
pub fn geodesic_circle(lon: f64, lat: f64, radius_m: f64, segments: usize) -> Vec<f64> {
    let n = segments.max(8);
    let centre = Point::new(lon, lat);
    let mut out = Vec::with_capacity(2 * (n + 1));
    for i in 0..=n {
        let bearing = 360.0 * (i % n) as f64 / n as f64;
        let p = Geodesic.destination(centre, bearing, radius_m);
        out.push(p.x());
        out.push(p.y());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Distance;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut s = String::new();
        csv_row(&mut s, ["a,b", "say \"hi\"", "=SUM(A1)", "-3", "plain"]);
        assert_eq!(s, "\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",-3,plain\r\n");
    }

    #[test]
    fn report_rows_carry_the_summary_figures() {
        let mut t = crate::ResidentTable::default();
        t.push(118.80, 32.06, 100.0, ["甲街道", "一社区", ""], "a");
        t.push(118.80, 32.10, 50.0, ["甲街道", "二社区", ""], "b");
        let mut plan = Planner::new();
        plan.load_residents(t);
        let k = plan.kind_index("red_bee_station").unwrap();
        plan.add_station(k, 118.80, 32.061, "驿站").unwrap();
        let csv = report_csv(&plan, Lang::Zh);
        assert!(csv.starts_with('\u{feff}'));
        let rows: Vec<Vec<&str>> = csv[3..]
            .split("\r\n")
            .map(|l| l.split(',').collect())
            .collect();
        let area = rows.iter().find(|r| r[0] == "全区").unwrap();
        // population, then red bee covered and ratio, party (none), hubs (none), completeness.
        assert_eq!(
            area[3..],
            ["150", "100", "66.67%", "0", "0.00%", "0", "0.00%", "100", "66.67%"]
        );
        let two = rows.iter().find(|r| r.get(2) == Some(&"二社区")).unwrap();
        assert_eq!(
            (two[0], two[3], two[4], two[5]),
            ("社区", "50", "0", "0.00%")
        );
        let en = report_csv(&plan, Lang::En);
        assert!(en.contains("Covered by every kind") && en.contains("\r\ncommunity,"));
    }

    #[test]
    fn circle_is_at_the_radius() {
        let c = geodesic_circle(118.8, 32.06, 1000.0, 64);
        assert_eq!(c.len(), 2 * 65);
        assert_eq!((c[0], c[1]), (c[128], c[129]));
        for p in c.chunks(2) {
            let d = Geodesic.distance(Point::new(118.8, 32.06), Point::new(p[0], p[1]));
            assert!((d - 1000.0).abs() < 1e-6, "{d}");
        }
    }
}
