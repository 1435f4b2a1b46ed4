//! The workbook's cells for supply against demand and coverage targets: per kind on 概览 (2SFCA
//! supply per 1,000 residents, the target, whether the district meets it, the people still to
//! reach, the units below it), the same per unit in the 按街道/社区/网格 sheets, and their
//! definitions under 方法与参数.

use super::{label, tr, Formats, Sheet};
use crate::export::Lang;
use crate::report::{KindFigures, Summary, UnitKindFigures};
use rust_xlsxwriter::XlsxError;

/// 概览's headers for these columns.
pub(super) fn kind_headers(lang: Lang) -> Vec<String> {
    [
        tr(lang, "每千人供给（2SFCA）", "Supply per 1,000 (2SFCA)"),
        tr(lang, "覆盖率目标", "Coverage target"),
        tr(lang, "全区达标", "District meets target"),
        tr(lang, "还需覆盖人口", "People still to reach"),
        tr(
            lang,
            "未达标单元（街道/社区/网格）",
            "Units below target (street/community/grid)",
        ),
    ]
    .map(String::from)
    .to_vec()
}

/// A met-or-not cell: 达标 / 未达标.
fn met(lang: Lang, m: Option<bool>) -> &'static str {
    match m {
        Some(true) => tr(lang, "达标", "met"),
        Some(false) => tr(lang, "未达标", "below"),
        None => "",
    }
}

/// One kind's cells on 概览, in [`kind_headers`] order (empty where the report has none).
pub(super) fn kind_cells(
    sh: &mut Sheet,
    k: &KindFigures,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    match k.access_per_1000 {
        Some(a) => sh.num(a, &f.access)?,
        None => sh.text("", &f.text)?,
    };
    match k.target {
        Some(t) => {
            sh.num(t, &f.ratio)?;
            sh.text(met(lang, k.target_met), &f.text)?;
            sh.num(k.shortfall_population.unwrap_or(f64::NAN), &f.people)?;
            let b = k.units_below_target.unwrap_or_default();
            sh.text(&format!("{}/{}/{}", b.street, b.community, b.grid), &f.text)?;
        }
        None => sh.col += 4,
    }
    Ok(())
}

/// The per-unit headers of kind `k` in the 按街道/社区/网格 sheets: supply per 1,000, and with a
/// target whether the unit meets it and the people still to reach.
pub(super) fn unit_headers(lang: Lang, k: &KindFigures) -> Vec<String> {
    let l = label(lang, &k.label, &k.label_en);
    let mut out = vec![format!(
        "{l} {}",
        tr(lang, "每千人供给", "supply per 1,000")
    )];
    if k.target.is_some() {
        out.push(format!("{l} {}", tr(lang, "目标", "target")));
        out.push(format!(
            "{l} {}",
            tr(lang, "还需覆盖人口", "still to reach")
        ));
    }
    out
}

/// A unit's cells of one kind, in [`unit_headers`] order.
pub(super) fn unit_cells(
    sh: &mut Sheet,
    kind: &KindFigures,
    u: &UnitKindFigures,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sh.num(u.access_per_1000.unwrap_or(f64::NAN), &f.access)?;
    if kind.target.is_some() {
        sh.text(met(lang, u.target_met), &f.text)?;
        sh.num(u.shortfall_population.unwrap_or(f64::NAN), &f.people)?;
    }
    Ok(())
}

/// 方法与参数's lines on 2SFCA and on the targets set.
pub(super) fn facts(s: &Summary, lang: Lang) -> Vec<(&'static str, String)> {
    let mut out = vec![(
        tr(lang, "每千人供给（2SFCA）", "Supply per 1,000 (2SFCA)"),
        tr(
            lang,
            "高斯两步移动搜索法：以服务半径 d0 为搜索范围，站点供给 S（设容量时为每站容量，否则为 1）按高斯权重 w(d) = (exp(−d²/(2·d0²)) − exp(−1/2)) / (1 − exp(−1/2)) 分给范围内的需求（人口或服务对象列）：R = S / Σ P·w，居民可达性 A = Σ R·w，乘以 1000；单元与全区为按需求加权的平均值（全区即有需求站点的供给 ÷ 总需求 × 1000）；步行路网时 d 为步行距离",
            "Gaussian two-step floating catchment: with the radius d0 as catchment, each station's supply S (its capacity, else 1) is shared over the demand within it (population or the demand column) weighted by w(d) = (exp(−d²/(2·d0²)) − exp(−1/2)) / (1 − exp(−1/2)): R = S / Σ P·w, a resident's access A = Σ R·w, times 1,000; per unit and for the district the demand-weighted mean (for the district: the supply of stations with demand ÷ total demand × 1,000); walking distances on the street network",
        )
        .to_string(),
    )];
    let targets: Vec<String> = s
        .kinds
        .iter()
        .filter_map(|k| {
            let t = k.target?;
            Some(format!(
                "{} {:.1}%",
                label(lang, &k.label, &k.label_en),
                t * 100.0
            ))
        })
        .collect();
    if !targets.is_empty() {
        out.push((
            tr(lang, "覆盖率目标", "Coverage targets"),
            match lang {
                Lang::Zh => format!(
                    "{}；覆盖率低于目标的单元为“未达标”，“还需覆盖人口”为达到目标至少还需覆盖的人数（向上取整）",
                    targets.join("，")
                ),
                Lang::En => format!(
                    "{}; a unit whose coverage is below its kind's target is 'below', and 'still to reach' is the fewest more people covered that would meet it (rounded up)",
                    targets.join(", ")
                ),
            },
        ));
    }
    out
}
