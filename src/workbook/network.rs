//! The workbook's walking-network sheet: how the streets were joined (pieces, the rule, street
//! length left out), per kind the mean detour and the stations that reach no street, those
//! stations by name, and per unit the residents the streets do not reach.

use super::{label, tr, Formats, Sheet, WorkbookInput};
use crate::export::Lang;
use crate::network::NetworkExtras;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The sheet "步行网络" / "Walking network".
pub(super) fn sheet(
    input: &WorkbookInput,
    n: &NetworkExtras,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let s = input.summary;
    let mut sh = Sheet::new(tr(lang, "步行网络", "Walking network"))?;
    sh.text(tr(lang, "步行网络", "Walking network"), &f.title)?;
    sh.next();
    let rule = match lang {
        Lang::Zh => format!(
            "居民点和站点只接入占路网总长至少 {}% 的连通片段（最大的片段总会接入），且距道路不超过 {} 米；被切断的小片段（如裁切的人行道）不接入。",
            n.pieces.min_piece_pct, n.snap_m
        ),
        Lang::En => format!(
            "Residents and stations join only connected pieces holding at least {} % of the street length (the largest always joins), within {} m of a street; small cut-off pieces (a clipped footway) are not joined.",
            n.pieces.min_piece_pct, n.snap_m
        ),
    };
    sh.text(&rule, &f.note)?;
    sh.next();
    sh.next();
    let facts: [(&str, f64); 7] = [
        (
            tr(lang, "路网连通片段", "Connected pieces"),
            n.pieces.pieces as f64,
        ),
        (
            tr(lang, "接入的片段", "Pieces joined"),
            n.pieces.joined_pieces as f64,
        ),
        (
            tr(lang, "道路总长（米）", "Street length (m)"),
            n.pieces.street_m,
        ),
        (
            tr(
                lang,
                "未接入的道路长度（米）",
                "Street length not joined (m)",
            ),
            n.pieces.isolated_street_m,
        ),
        (
            tr(lang, "不可达居民点", "Residences the streets do not reach"),
            n.unreachable_residents as f64,
        ),
        (
            tr(lang, "其人口", "Their population"),
            n.unreachable_population,
        ),
        (
            tr(lang, "不可达站点", "Stations the streets do not reach"),
            n.unreachable_stations.len() as f64,
        ),
    ];
    for (k, v) in facts {
        sh.text(k, &f.bold)?;
        sh.num(v, &f.people)?;
        sh.next();
    }
    sh.next();
    sh.header(
        &[
            tr(lang, "类型", "Kind"),
            tr(lang, "平均绕行系数", "Mean detour ratio"),
            tr(lang, "不可达站点", "Stations not reached"),
        ]
        .map(String::from),
        f,
    )?;
    for (k, fig) in s.kinds.iter().zip(&n.kinds) {
        sh.text(label(lang, &k.label, &k.label_en), &f.bold)?;
        sh.num(fig.mean_detour_ratio, &f.detour)?;
        sh.num(fig.unreachable_stations as f64, &f.people)?;
        sh.next();
    }
    if !n.unreachable_stations.is_empty() {
        sh.next();
        sh.text(
            tr(
                lang,
                "不可达站点（服务人口为 0）",
                "Stations the streets do not reach (they serve no one on foot)",
            ),
            &f.bold,
        )?;
        sh.next();
        sh.header(
            &[
                tr(lang, "站点", "Station"),
                tr(lang, "类型", "Kind"),
                tr(lang, "到最近道路（米）", "To the nearest street (m)"),
                tr(lang, "原因", "Why"),
                tr(lang, "经度", "Longitude"),
                tr(lang, "纬度", "Latitude"),
            ]
            .map(String::from),
            f,
        )?;
        for u in &n.unreachable_stations {
            sh.text(&u.name, &f.text)?;
            let kind = s.kinds.iter().find(|k| k.kind == u.kind);
            sh.text(
                kind.map_or(u.kind.as_str(), |k| label(lang, &k.label, &k.label_en)),
                &f.text,
            )?;
            sh.num(u.nearest_street_m.unwrap_or(f64::NAN), &f.metres)?;
            let why = match (u.isolated_piece_m, lang) {
                (Some(m), Lang::Zh) => format!("附近只有一段孤立道路（{m:.0} 米），未与路网连通"),
                (Some(m), Lang::En) => {
                    format!("only an isolated piece of street ({m:.0} m) is near")
                }
                (None, Lang::Zh) => format!("距道路超过 {} 米", n.snap_m),
                (None, Lang::En) => format!("more than {} m from a street", n.snap_m),
            };
            sh.text(&why, &f.text)?;
            sh.num(u.lon, &f.coord)?;
            sh.num(u.lat, &f.coord)?;
            sh.next();
        }
    }
    if !n.units.is_empty() {
        sh.next();
        let mut header = vec![
            tr(lang, "单元", "Unit").to_string(),
            tr(lang, "不可达居民点", "Residences not reached").to_string(),
            tr(lang, "其人口", "Their population").to_string(),
        ];
        for k in &s.kinds {
            header.push(format!(
                "{} {}",
                label(lang, &k.label, &k.label_en),
                tr(lang, "平均绕行系数", "mean detour")
            ));
        }
        sh.header(&header, f)?;
        for u in &n.units {
            sh.text(&u.id.replace('/', " / "), &f.text)?;
            sh.num(u.unreachable_residents as f64, &f.people)?;
            sh.num(u.unreachable_population, &f.people)?;
            for d in &u.mean_detour_ratio {
                sh.num(*d, &f.detour)?;
            }
            sh.next();
        }
    }
    sh.widths(&[34.0, 16.0, 16.0, 30.0, 12.0, 12.0])?;
    Ok(sh.ws)
}
