//! The workbook's siting sheet: the suggestion the planner was shown (kind, goal, method, the
//! coverage before and after, the certified bound and optimality gap) and the suggested sites
//! with the people each adds.

use super::{coord_headers, kind_label, metric_name, tr, Formats, Sheet, WorkbookInput};
use crate::export::Lang;
use crate::siting::SuggestResult;
use rust_xlsxwriter::{Worksheet, XlsxError};

fn method_name(lang: Lang, method: &str) -> &str {
    match method {
        "exact" => tr(lang, "穷举最优", "exhaustive (optimal)"),
        "greedy+swap" => tr(lang, "贪心 + 交换优化", "greedy + swaps"),
        "greedy" => tr(lang, "贪心 + 去冗余", "greedy, redundant ones removed"),
        other => other,
    }
}

/// The sheet "选址建议" / "Siting".
pub(super) fn sheet(
    input: &WorkbookInput,
    r: &SuggestResult,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let mut sh = Sheet::new(tr(lang, "选址建议", "Siting"))?;
    sh.text(tr(lang, "选址建议", "Siting suggestions"), &f.title)?;
    sh.next();
    let kind = kind_label(input.summary, lang, &r.kind);
    let about = match lang {
        Lang::Zh => format!(
            "{kind}：在 {} 个候选点中选 {} 处（{}，服务半径 {} 米）。",
            r.candidates,
            r.suggestions.len(),
            metric_name(lang, r.metric),
            r.radius_m
        ),
        Lang::En => format!(
            "{kind}: {} sites chosen from {} candidates ({}, radius {} m).",
            r.suggestions.len(),
            r.candidates,
            metric_name(lang, r.metric),
            r.radius_m
        ),
    };
    sh.text(&about, &f.note)?;
    sh.next();
    sh.next();
    let total = r.total_population;
    let share = |v: f64| if total > 0.0 { v / total } else { f64::NAN };
    let people = tr(lang, "人口", "population");
    let unit = r.demand.as_deref().unwrap_or(people);
    // A count goal (MCLP) is certified by its bound; a target goal (LSCP, method `greedy`) by the
    // fewest stations that could reach it.
    let count_goal = r.method != "greedy";
    let mut facts: Vec<(&str, f64, bool)> = vec![
        (tr(lang, "总量", "Total"), total, false),
        (tr(lang, "现状覆盖", "Covered now"), r.covered_before, true),
        (
            tr(lang, "建议后覆盖", "Covered with the suggestions"),
            r.covered_after,
            true,
        ),
    ];
    if count_goal {
        facts.push((
            tr(
                lang,
                "上界：同样站数最多可覆盖",
                "Bound: the most as many stations can cover",
            ),
            r.upper_bound,
            true,
        ));
    }
    facts.push((
        tr(lang, "全部候选点可覆盖", "All candidates would cover"),
        r.max_reachable_population,
        true,
    ));
    sh.header(
        &[
            tr(lang, "项目", "Figure").into(),
            format!("{} ({unit})", tr(lang, "数值", "Value")),
            tr(lang, "占总量", "Share of total").into(),
        ],
        f,
    )?;
    for (name, v, with_share) in facts {
        sh.text(name, &f.text)?;
        sh.num(v, &f.people)?;
        if with_share {
            sh.num(share(v), &f.ratio)?;
        }
        sh.next();
    }
    sh.text(tr(lang, "求解方法", "Method"), &f.text)?;
    sh.text(method_name(lang, &r.method), &f.text)?;
    sh.next();
    if count_goal {
        // The certified gap: the new coverage is at least (1 − gap) of the best possible.
        sh.text(
            tr(lang, "最优性差距（已证明）", "Optimality gap (certified)"),
            &f.bold,
        )?;
        sh.num(r.optimality_gap, &f.ratio)?;
        sh.next();
        let note = match lang {
            Lang::Zh => format!(
                "新增覆盖至少为同样站数下最优方案新增覆盖的 {:.1}%（上界取贪心界与拉格朗日松弛界的较小者）。",
                (1.0 - r.optimality_gap) * 100.0
            ),
            Lang::En => format!(
                "The new coverage is at least {:.1} % of the best possible with as many stations (the bound is the smaller of the greedy bound and a Lagrangian relaxation's).",
                (1.0 - r.optimality_gap) * 100.0
            ),
        };
        sh.text(&note, &f.note)?;
    } else {
        sh.text(tr(lang, "目标可达", "Target reachable"), &f.bold)?;
        sh.text(
            if r.target_reachable {
                tr(lang, "是", "yes")
            } else {
                tr(
                    lang,
                    "否（全部候选点也达不到）",
                    "no (not even with every candidate)",
                )
            },
            &f.text,
        )?;
        sh.next();
        sh.text(
            tr(
                lang,
                "至少需要站数（下界）",
                "Fewest stations that could (bound)",
            ),
            &f.text,
        )?;
        sh.num(r.min_stations_bound as f64, &f.people)?;
    }
    sh.next();
    sh.next();
    let [x_h, y_h] = coord_headers(lang, input.meta.crs, ("", ""));
    sh.header(
        &[
            tr(lang, "顺序", "Order").into(),
            tr(lang, "名称", "Name").into(),
            tr(lang, "候选点编号", "Candidate id").into(),
            x_h,
            y_h,
            format!(
                "{} ({unit})",
                tr(
                    lang,
                    "新增覆盖（未被现状和前面的建议覆盖）",
                    "Adds (covered by no station and no earlier suggestion)"
                )
            ),
        ],
        f,
    )?;
    for (i, s) in r.suggestions.iter().enumerate() {
        let (x, y) = input.meta.crs.from_wgs84(s.lon, s.lat);
        sh.num((i + 1) as f64, &f.people)?;
        sh.text(&s.name, &f.text)?;
        sh.text(&s.id, &f.text)?;
        sh.num(x, &f.coord)?;
        sh.num(y, &f.coord)?;
        sh.num(s.gain_population, &f.people)?;
        sh.next();
    }
    sh.widths(&[34.0, 22.0, 14.0, 14.0, 14.0, 22.0])?;
    Ok(sh.ws)
}
