//! The coverage report as CSV for Excel: per kind, completeness, then every unit.

use super::csv::csv_row;
use super::Lang;
use crate::report::Summary;

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
/// population and ratio, then completeness (covered by every counted kind). Above it,
/// one row per kind with its radius and station count. Figures under the summary's metric.
pub fn report_csv(s: &Summary, lang: Lang) -> String {
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
            (crate::admin::Level::Street, true) => "街道",
            (crate::admin::Level::Community, true) => "社区",
            (crate::admin::Level::Grid, true) => "网格",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Planner;

    #[test]
    fn report_rows_carry_the_summary_figures() {
        let mut t = crate::tables::ResidentTable::default();
        t.push(118.80, 32.06, 100.0, ["甲街道", "一社区", ""], "a");
        t.push(118.80, 32.10, 50.0, ["甲街道", "二社区", ""], "b");
        let mut plan = Planner::new();
        plan.load_residents(t);
        let k = plan.kind_index("red_bee_station").unwrap();
        plan.add_station(k, 118.80, 32.061, "驿站").unwrap();
        let csv = report_csv(&plan.summary(), Lang::Zh);
        assert!(csv.starts_with('\u{feff}'));
        let rows: Vec<Vec<&str>> = csv[3..]
            .split("\r\n")
            .map(|l| l.split(',').collect())
            .collect();
        let area = rows.iter().find(|r| r[0] == "全区").unwrap();
        // population, then red bee covered and ratio, party (none), hubs (none), completeness:
        // 0, as the party stations and hubs counted have no station.
        assert_eq!(
            area[3..],
            ["150", "100", "66.67%", "0", "0.00%", "0", "0.00%", "0", "0.00%"]
        );
        // Left out of completeness (不计入生活圈), they no longer count.
        for kind in ["party_service_station", "commercial_hub"] {
            let k = plan.kind_index(kind).unwrap();
            plan.set_counted(k, false);
        }
        let csv = report_csv(&plan.summary(), Lang::Zh);
        let area: Vec<String> = csv[3..]
            .split("\r\n")
            .find(|l| l.starts_with("全区"))
            .unwrap()
            .split(',')
            .map(String::from)
            .collect();
        assert_eq!(area[10..], ["100", "66.67%"]);
        let two = rows.iter().find(|r| r.get(2) == Some(&"二社区")).unwrap();
        assert_eq!(
            (two[0], two[3], two[4], two[5]),
            ("社区", "50", "0", "0.00%")
        );
        let en = report_csv(&plan.summary(), Lang::En);
        assert!(en.contains("Covered by every kind") && en.contains("\r\ncommunity,"));
    }
}
