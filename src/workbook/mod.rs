//! The coverage workbook (.xlsx) a district office files: overview, figures by street, community
//! and grid, stations, uncovered compounds, on foot the walking network's sheet, with a proposal
//! the comparison with the baseline, and the siting suggestion the planner was shown.

mod measures;
mod network;
mod siting;

use crate::admin::Level;
use crate::crs::Crs;
use crate::engine::Planner;
use crate::export::Lang;
use crate::network::NetworkExtras;
use crate::report::Summary;
use crate::report::{KindView, Metric};
use crate::scenario::{ChangeAction, Comparison, Delta};
use crate::siting::SuggestResult;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// How many uncovered residences the workbook lists by default (the largest; the sheet says how
/// many there are in all). The residents GeoJSON export has every one with its coverage fields.
pub const UNCOVERED_LIMIT: usize = 50_000;

/// Everything the workbook says about how its figures were made.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportMeta {
    /// Title, e.g. the area's name.
    pub title: String,
    /// Date of the figures (`2026-11-22`), given by the caller (browser or system clock).
    pub date: String,
    /// The files the data came from.
    pub sources: Vec<String>,
    /// Coordinate system of the coordinates written.
    pub crs: Crs,
    /// The scenario the figures are for (现状 or a proposal's name).
    pub scenario: String,
    /// Residents whose population was estimated from building footprint × floors.
    pub estimated: usize,
    /// Floor area per person of those estimates, m².
    pub floor_area_per_person: f64,
    /// Language of headers and labels.
    pub lang: Lang,
}

/// What the workbook is made from.
pub struct WorkbookInput<'a> {
    /// The plan reported (the proposal when there is one).
    pub plan: &'a Planner,
    /// Its figures (straight-line or walking network).
    pub summary: &'a Summary,
    /// Its per-resident figures, per kind, under the same metric.
    pub residents: &'a [KindView],
    /// The proposal against the baseline, when the plan is a proposal.
    pub comparison: Option<&'a Comparison>,
    /// What only the walking metric reports (pieces joined, stations and residents the streets
    /// do not reach, detours), when the figures are on foot.
    pub network: Option<&'a NetworkExtras>,
    /// At most this many uncovered residences are listed (largest first); see [`UNCOVERED_LIMIT`].
    pub uncovered_limit: usize,
    /// The siting suggestion shown with the plan (its sheet, with the certified gap), if any.
    pub siting: Option<&'a SuggestResult>,
    /// Title, date, sources and assumptions.
    pub meta: &'a ReportMeta,
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

struct Formats {
    title: Format,
    header: Format,
    bold: Format,
    text: Format,
    people: Format,
    ratio: Format,
    change_ratio: Format,
    change_people: Format,
    coord: Format,
    metres: Format,
    detour: Format,
    access: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_background_color("DDE7F0")
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            header,
            bold: Format::new().set_bold(),
            text: Format::new(),
            people: Format::new().set_num_format("#,##0"),
            ratio: Format::new().set_num_format("0.0%"),
            change_ratio: Format::new().set_num_format("+0.0;-0.0;0.0"),
            change_people: Format::new().set_num_format("+#,##0;-#,##0;0"),
            coord: Format::new().set_num_format("0.000000"),
            metres: Format::new().set_num_format("#,##0"),
            detour: Format::new().set_num_format("0.00"),
            access: Format::new().set_num_format("0.0000"),
            note: Format::new().set_italic().set_font_color("666666"),
        }
    }
}

/// Writes rows cell by cell, keeping the row and column.
struct Sheet {
    ws: Worksheet,
    row: u32,
    col: u16,
}

impl Sheet {
    fn new(name: &str) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_paper_size(9); // A4
        Ok(Sheet { ws, row: 0, col: 0 })
    }

    fn text(&mut self, s: &str, f: &Format) -> Result<&mut Self, XlsxError> {
        if !s.is_empty() {
            self.ws.write_string_with_format(self.row, self.col, s, f)?;
        }
        self.col += 1;
        Ok(self)
    }

    fn num(&mut self, v: f64, f: &Format) -> Result<&mut Self, XlsxError> {
        if v.is_finite() {
            self.ws.write_number_with_format(self.row, self.col, v, f)?;
        }
        self.col += 1;
        Ok(self)
    }

    fn next(&mut self) {
        self.row += 1;
        self.col = 0;
    }

    fn header(&mut self, cells: &[String], f: &Formats) -> Result<(), XlsxError> {
        for c in cells {
            self.text(c, &f.header)?;
        }
        self.ws.set_row_height(self.row, 30)?;
        self.next();
        Ok(())
    }

    fn widths(&mut self, widths: &[f64]) -> Result<(), XlsxError> {
        for (i, w) in widths.iter().enumerate() {
            self.ws.set_column_width(i as u16, *w)?;
        }
        Ok(())
    }
}

fn label<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::En if !en.is_empty() => en,
        _ => zh,
    }
}

fn level_name(lang: Lang, level: Level) -> &'static str {
    match level {
        Level::Street => tr(lang, "街道", "Street"),
        Level::Community => tr(lang, "社区", "Community"),
        Level::Grid => tr(lang, "网格", "Grid"),
    }
}

/// How a coordinate system is written in headers: `WGS-84`, or `EPSG:4548` for a projected one
/// (its full name is on the method sheet).
fn crs_name(crs: Crs) -> String {
    match crs {
        Crs::Epsg(c) => format!("EPSG:{c}"),
        c => c.title(false),
    }
}

/// The two coordinate headers, `prefix` ("" or 原/新, From/To): longitude and latitude, or
/// easting and northing in a projected system.
fn coord_headers(lang: Lang, crs: Crs, prefix: (&str, &str)) -> [String; 2] {
    let name = crs_name(crs);
    let (x, y) = if crs.is_projected() {
        (("东坐标", "easting"), ("北坐标", "northing"))
    } else {
        (("经度", "longitude"), ("纬度", "latitude"))
    };
    let one = |(zh, en): (&str, &str)| match lang {
        Lang::Zh => format!("{}{zh} ({name})", prefix.0),
        Lang::En if prefix.1.is_empty() => {
            let mut c = en.chars();
            let first = c
                .next()
                .map(|f| f.to_uppercase().collect::<String>())
                .unwrap_or_default();
            format!("{first}{} ({name})", c.as_str())
        }
        Lang::En => format!("{} {en} ({name})", prefix.1),
    };
    [one(x), one(y)]
}

fn metric_name(lang: Lang, metric: Metric) -> &'static str {
    if metric == Metric::Network {
        tr(
            lang,
            "步行路网距离",
            "walking distance on the street network",
        )
    } else {
        tr(
            lang,
            "直线距离（椭球面）",
            "straight-line distance (on the ellipsoid)",
        )
    }
}

/// The workbook as `.xlsx` bytes.
pub fn workbook(input: &WorkbookInput) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let lang = input.meta.lang;
    let mut wb = Workbook::new();
    let title = format!(
        "{} — {}",
        input.meta.title,
        tr(lang, "生活圈覆盖报告", "life-circle coverage report")
    );
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("Lifecircle 生活圈"),
    );
    wb.push_worksheet(overview(input, &title, &f)?);
    for level in [Level::Street, Level::Community, Level::Grid] {
        if input.summary.units.iter().any(|u| u.level == level) {
            wb.push_worksheet(units_sheet(input, level, &f)?);
        }
    }
    wb.push_worksheet(stations_sheet(input, &f)?);
    if let Some(r) = input.siting {
        wb.push_worksheet(siting::sheet(input, r, &f)?);
    }
    wb.push_worksheet(uncovered_sheet(input, &f)?);
    if let Some(n) = input.network {
        wb.push_worksheet(network::sheet(input, n, &f)?);
    }
    if let Some(c) = input.comparison {
        wb.push_worksheet(comparison_sheet(input, c, &f)?);
        wb.push_worksheet(changes_sheet(input, c, &f)?);
    }
    wb.save_to_buffer()
}

fn overview(input: &WorkbookInput, title: &str, f: &Formats) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let s = input.summary;
    let mut sh = Sheet::new(tr(lang, "概览", "Summary"))?;
    sh.text(title, &f.title)?;
    sh.next();
    let sub = format!(
        "{} {} · {} {} · {} {}",
        tr(lang, "方案：", "Scenario:"),
        input.meta.scenario,
        tr(lang, "距离：", "Distance:"),
        metric_name(lang, s.metric),
        tr(lang, "日期：", "Date:"),
        input.meta.date
    );
    sh.text(&sub, &f.note)?;
    sh.next();
    sh.next();
    let header: Vec<String> = [
        tr(lang, "类型", "Kind"),
        tr(lang, "服务半径（米）", "Radius (m)"),
        tr(lang, "站点数", "Stations"),
        tr(lang, "覆盖人口", "Covered population"),
        tr(lang, "总人口", "Total population"),
        tr(lang, "覆盖率", "Coverage"),
        tr(lang, "服务对象", "Serves"),
        tr(lang, "服务对象覆盖", "Demand covered"),
        tr(lang, "服务对象覆盖率", "Demand coverage"),
        tr(lang, "每站容量（人）", "Capacity per station"),
        tr(lang, "容量内人口", "Within capacity"),
        tr(lang, "超出容量人口", "Over capacity"),
        tr(
            lang,
            "最近站点距离中位数（米）",
            "Median distance to nearest (m)",
        ),
        tr(
            lang,
            "85%居民在此距离内（米）",
            "85th percentile distance (m)",
        ),
        tr(lang, "搜索范围外人口", "Population beyond the horizon"),
    ]
    .map(String::from)
    .to_vec();
    let header = [header, measures::kind_headers(lang)].concat();
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(sh.row, 1)?;
    for k in &s.kinds {
        sh.text(label(lang, &k.label, &k.label_en), &f.bold)?;
        sh.num(k.radius_m, &f.metres)?;
        sh.num(k.stations as f64, &f.people)?;
        sh.num(k.covered_population, &f.people)?;
        sh.num(s.total_population, &f.people)?;
        sh.num(k.coverage_ratio, &f.ratio)?;
        match &k.demand {
            Some(d) => {
                sh.text(&d.column, &f.text)?;
                sh.num(d.covered, &f.people)?;
                sh.num(d.coverage_ratio, &f.ratio)?;
            }
            None => {
                sh.text(tr(lang, "常住人口", "Population"), &f.text)?;
                sh.col += 2;
            }
        }
        match &k.capacity {
            Some(c) => {
                sh.num(c.per_station, &f.people)?;
                sh.num(c.within_capacity, &f.people)?;
                sh.num(c.over_capacity, &f.people)?;
            }
            None => sh.col += 3,
        }
        distance_cells(&mut sh, k.distance.as_ref(), lang, f)?;
        measures::kind_cells(&mut sh, k, lang, f)?;
        sh.next();
    }
    sh.text(
        tr(lang, "全部类型（生活圈完整度）", "All kinds (completeness)"),
        &f.bold,
    )?;
    sh.col += 1;
    sh.num(s.stations.len() as f64, &f.people)?;
    sh.num(s.all_kinds.covered_population, &f.people)?;
    sh.num(s.total_population, &f.people)?;
    sh.num(s.all_kinds.coverage_ratio, &f.ratio)?;
    sh.next();
    sh.next();
    sh.text(tr(lang, "方法与参数", "Method and parameters"), &f.bold)?;
    sh.next();
    let m = input.meta;
    let mut facts: Vec<(&str, String)> = vec![
        (tr(lang, "方案", "Scenario"), m.scenario.clone()),
        (tr(lang, "距离计算", "Distance"), metric_name(lang, s.metric).to_string()),
        (tr(lang, "坐标系", "Coordinate system"), m.crs.title(lang == Lang::Zh)),
        (tr(lang, "数据来源", "Data sources"), {
            // Each file once (an OSM file gives residents, stations and streets).
            let mut seen: Vec<&str> = Vec::new();
            for s in &m.sources {
                if !s.is_empty() && !seen.contains(&s.as_str()) {
                    seen.push(s);
                }
            }
            seen.join("; ")
        }),
        (tr(lang, "覆盖的定义", "Covered means"), tr(lang, "居民点到最近同类站点的距离不超过该类的服务半径；生活圈完整度 = 被所有计入的类型同时覆盖（尚无站点的计入类型使其为 0）", "the nearest station of the kind is within its radius; completeness = covered by every counted kind (a counted kind with no station makes it 0)").to_string()),
        (tr(lang, "最近站点距离", "Distance to the nearest"), tr(lang, "中位数与 85%：按人口计，半数（85%）居民在此距离内有同类站点（步行路网时为步行距离）；“超出范围”指在搜索范围（服务半径的 2 倍）内达不到该比例", "median and 85th percentile, by population: half (85 %) of the residents have a station of the kind within this distance (walking distance on the street network); 'beyond' means that share is not reached within the search horizon (twice the radius)").to_string()),
    ];
    facts.extend(measures::facts(s, lang));
    facts.extend([
        (tr(lang, "生成日期", "Date"), m.date.clone()),
        (
            tr(lang, "软件", "Software"),
            format!("Lifecircle 生活圈 {}", env!("CARGO_PKG_VERSION")),
        ),
    ]);
    if m.estimated > 0 {
        facts.push((
            tr(lang, "人口估算", "Population estimate"),
            match lang {
                Lang::Zh => format!("{} 个居民点的人口为估算值：建筑基底面积 × 层数（未知按 6 层）÷ 人均 {} 平方米", m.estimated, m.floor_area_per_person),
                Lang::En => format!("{} residences have estimated population: footprint × floors (6 when unknown) ÷ {} m² a person", m.estimated, m.floor_area_per_person),
            },
        ));
    }
    // Units taken from boundary polygons rather than the residents' columns, and who lies outside.
    for b in &s.boundaries {
        let level = match (lang, b.level) {
            (Lang::Zh, "street") => "街道",
            (Lang::Zh, "grid") => "网格",
            (Lang::Zh, _) => "社区",
            (Lang::En, l) => l,
        };
        let out = s.unassigned.iter().find(|u| u.level == b.level);
        let (n, p) = out.map_or((0, 0.0), |u| (u.residents, u.population));
        facts.push((
            tr(lang, "分区单元", "Units"),
            match lang {
                Lang::Zh => format!("{level}单元来自边界多边形（{}，{} 个）；不在任何{level}边界内：{n} 个居民点，{p:.0} 人", b.source, b.polygons),
                Lang::En => format!("{level} units from boundary polygons ({}, {}); in no {level} boundary: {n} residences, {p:.0} people", b.source, b.polygons),
            },
        ));
    }
    for k in &s.kinds {
        facts.push((
            label(lang, &k.label, &k.label_en),
            match lang {
                Lang::Zh => format!("服务半径 {} 米", k.radius_m),
                Lang::En => format!("radius {} m", k.radius_m),
            },
        ));
    }
    for (key, value) in facts {
        sh.text(key, &f.bold)?;
        sh.text(&value, &f.text)?;
        sh.next();
    }
    // Counts as numbers, so that a formula can use them.
    for (key, value) in [
        (tr(lang, "居民点数", "Residences"), s.residents as f64),
        (tr(lang, "总人口", "Total population"), s.total_population),
    ] {
        sh.text(key, &f.bold)?;
        sh.num(value, &f.people)?;
        sh.next();
    }
    sh.widths(&[
        26.0, 12.0, 9.0, 13.0, 13.0, 10.0, 12.0, 13.0, 13.0, 13.0, 13.0, 13.0,
    ])?;
    Ok(sh.ws)
}

/// The names of a unit's levels from its path id (`街道/社区/网格`).
fn path_parts(id: &str, depth: usize) -> Vec<&str> {
    let mut parts: Vec<&str> = id.splitn(depth, '/').collect();
    parts.resize(depth, "");
    parts
}

fn level_depth(level: Level) -> usize {
    match level {
        Level::Street => 1,
        Level::Community => 2,
        Level::Grid => 3,
    }
}

/// A kind's distance percentiles (p50, p85; "beyond" where the share lies beyond the horizon) and
/// the population beyond its horizon; empty cells when the summary has none.
fn distance_cells(
    sh: &mut Sheet,
    d: Option<&crate::report::DistanceFigures>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let Some(d) = d else {
        sh.col += 3;
        return Ok(());
    };
    for p in [d.p50_m, d.p85_m] {
        match p {
            Some(m) => sh.num(m, &f.metres)?,
            None => sh.text(tr(lang, "超出范围", "beyond"), &f.text)?,
        };
    }
    sh.num(d.beyond_horizon_population, &f.people)?;
    Ok(())
}

fn units_sheet(input: &WorkbookInput, level: Level, f: &Formats) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let s = input.summary;
    let name = match lang {
        Lang::Zh => format!("按{}", level_name(lang, level)),
        Lang::En => format!("By {}", level_name(lang, level).to_lowercase()),
    };
    let mut sh = Sheet::new(&name)?;
    let depth = level_depth(level);
    let mut header: Vec<String> = [Level::Street, Level::Community, Level::Grid][..depth]
        .iter()
        .map(|l| level_name(lang, *l).to_string())
        .collect();
    header.push(tr(lang, "人口", "Population").into());
    for k in &s.kinds {
        let l = label(lang, &k.label, &k.label_en);
        header.push(format!("{l} {}", tr(lang, "覆盖人口", "covered")));
        header.push(format!("{l} {}", tr(lang, "覆盖率", "coverage")));
    }
    header.push(tr(lang, "全部类型覆盖率", "All kinds coverage").into());
    for k in &s.kinds {
        let l = label(lang, &k.label, &k.label_en);
        header.push(format!(
            "{l} {}",
            tr(lang, "距离中位数（米）", "median distance (m)")
        ));
        header.push(format!(
            "{l} {}",
            tr(lang, "85%距离（米）", "85th pct distance (m)")
        ));
        header.push(format!("{l} {}", tr(lang, "范围外人口", "beyond horizon")));
    }
    for k in &s.kinds {
        header.extend(measures::unit_headers(lang, k));
    }
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(1, depth as u16)?;
    for u in s.units.iter().filter(|u| u.level == level) {
        for part in path_parts(&u.id, depth) {
            sh.text(part, &f.text)?;
        }
        sh.num(u.total_population, &f.people)?;
        for k in &u.kinds {
            sh.num(k.covered_population, &f.people)?;
            sh.num(k.coverage_ratio, &f.ratio)?;
        }
        sh.num(u.all_kinds.coverage_ratio, &f.ratio)?;
        for k in &u.kinds {
            distance_cells(&mut sh, k.distance.as_ref(), lang, f)?;
        }
        for (kind, k) in s.kinds.iter().zip(&u.kinds) {
            measures::unit_cells(&mut sh, kind, k, lang, f)?;
        }
        sh.next();
    }
    let mut w = vec![16.0; depth];
    w.extend(std::iter::repeat_n(11.0, header.len() - depth));
    sh.widths(&w)?;
    Ok(sh.ws)
}

fn change_name(lang: Lang, a: ChangeAction) -> &'static str {
    match a {
        ChangeAction::Added => tr(lang, "新增", "added"),
        ChangeAction::Moved => tr(lang, "迁移", "moved"),
        ChangeAction::Removed => tr(lang, "撤销", "withdrawn"),
        ChangeAction::Renamed => tr(lang, "改名", "renamed"),
    }
}

fn kind_label<'a>(s: &'a Summary, lang: Lang, id: &'a str) -> &'a str {
    s.kinds
        .iter()
        .find(|k| k.kind == id)
        .map_or(id, |k| label(lang, &k.label, &k.label_en))
}

fn stations_sheet(input: &WorkbookInput, f: &Formats) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let s = input.summary;
    let [lon_h, lat_h] = coord_headers(lang, input.meta.crs, ("", ""));
    let mut sh = Sheet::new(tr(lang, "站点", "Stations"))?;
    let mut header: Vec<String> = vec![
        tr(lang, "类型", "Kind").into(),
        tr(lang, "名称", "Name").into(),
        lon_h.clone(),
        lat_h.clone(),
        tr(lang, "服务人口", "Population served").into(),
        tr(lang, "独享人口（仅由该站覆盖）", "Served only by it").into(),
    ];
    if input.comparison.is_some() {
        header.push(tr(lang, "方案变更", "Change").into());
    }
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(1, 2)?;
    let mut list: Vec<_> = s.stations.iter().collect();
    let order: std::collections::HashMap<&str, usize> = s
        .kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (k.kind.as_str(), i))
        .collect();
    list.sort_by(|a, b| {
        (order.get(a.kind.as_str()), &a.name, a.id).cmp(&(
            order.get(b.kind.as_str()),
            &b.name,
            b.id,
        ))
    });
    for st in list {
        let (x, y) = input.meta.crs.from_wgs84(st.lon, st.lat);
        sh.text(kind_label(s, lang, &st.kind), &f.text)?;
        sh.text(&st.name, &f.text)?;
        sh.num(x, &f.coord)?;
        sh.num(y, &f.coord)?;
        sh.num(st.served_population, &f.people)?;
        sh.num(st.only_population, &f.people)?;
        if let Some(c) = input.comparison {
            let change = c.changes.iter().find(|ch| {
                ch.kind == st.kind && ch.name == st.name && ch.to == Some([st.lon, st.lat])
            });
            sh.text(
                change.map_or(tr(lang, "现状", "baseline"), |ch| {
                    change_name(lang, ch.action)
                }),
                &f.text,
            )?;
        }
        sh.next();
    }
    sh.widths(&[14.0, 24.0, 14.0, 14.0, 12.0, 14.0, 10.0])?;
    Ok(sh.ws)
}

fn uncovered_sheet(input: &WorkbookInput, f: &Formats) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let s = input.summary;
    let plan = input.plan;
    let [lon_h, lat_h] = coord_headers(lang, input.meta.crs, ("", ""));
    let active: Vec<usize> = (0..s.kinds.len())
        .filter(|&k| s.kinds[k].stations > 0)
        .collect();
    let mut sh = Sheet::new(tr(lang, "未覆盖居民点", "Uncovered"))?;
    let mut header: Vec<String> = vec![
        tr(lang, "名称", "Name").into(),
        tr(lang, "街道", "Street").into(),
        tr(lang, "社区", "Community").into(),
        tr(lang, "网格", "Grid").into(),
        tr(lang, "人口", "Population").into(),
        lon_h.clone(),
        lat_h.clone(),
        tr(lang, "未覆盖的类型", "Kinds not covering it").into(),
    ];
    for &k in &active {
        let kf = &s.kinds[k];
        header.push(format!(
            "{} {}",
            label(lang, &kf.label, &kf.label_en),
            tr(lang, "最近站点距离（米）", "nearest station (m)")
        ));
    }
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(1, 1)?;
    let pop = plan.resident_population();
    let mut rows: Vec<usize> = (0..pop.len())
        .filter(|&i| active.iter().any(|&k| input.residents[k].count[i] == 0))
        .collect();
    rows.sort_by(|&a, &b| pop[b].total_cmp(&pop[a]).then(a.cmp(&b)));
    let coords = plan.resident_coordinates();
    let admin = plan.admin();
    let sep = tr(lang, "、", ", ");
    let total = rows.len();
    let limit = input.uncovered_limit.min(1_048_575 - 1);
    for &i in rows.iter().take(limit) {
        sh.text(plan.resident_name(i), &f.text)?;
        for u in plan.resident_units(i) {
            let name = admin.all().get(u as usize).map_or("", |a| a.name.as_str());
            sh.text(name, &f.text)?;
        }
        sh.num(pop[i], &f.people)?;
        let (x, y) = input.meta.crs.from_wgs84(coords[2 * i], coords[2 * i + 1]);
        sh.num(x, &f.coord)?;
        sh.num(y, &f.coord)?;
        let missing: Vec<&str> = active
            .iter()
            .filter(|&&k| input.residents[k].count[i] == 0)
            .map(|&k| label(lang, &s.kinds[k].label, &s.kinds[k].label_en))
            .collect();
        sh.text(&missing.join(sep), &f.text)?;
        for &k in &active {
            sh.num(input.residents[k].distance_m[i].round(), &f.metres)?;
        }
        sh.next();
    }
    if total > limit {
        let note = match lang {
            Lang::Zh => format!("共 {total} 个未覆盖居民点，此处列出人口最多的 {limit} 个；全部居民点及其覆盖情况见“导出居民 GeoJSON”"),
            Lang::En => format!("{total} uncovered residences: the {limit} largest are listed; the residents GeoJSON export has them all"),
        };
        sh.ws
            .write_string_with_format(0, header.len() as u16 + 1, note, &f.note)?;
    }
    let mut w = vec![24.0, 14.0, 14.0, 14.0, 9.0, 13.0, 13.0, 22.0];
    w.extend(std::iter::repeat_n(14.0, active.len()));
    sh.widths(&w)?;
    Ok(sh.ws)
}

fn delta_cells(
    sh: &mut Sheet,
    d: &Delta,
    value: &Format,
    change: &Format,
) -> Result<(), XlsxError> {
    sh.num(d.baseline, value)?;
    sh.num(d.proposal, value)?;
    sh.num(d.change, change)?;
    Ok(())
}

/// A ratio's baseline and proposal, and its change in percentage points (百分点): a difference
/// of two shares is not itself a share.
fn ratio_delta_cells(sh: &mut Sheet, d: &Delta, f: &Formats) -> Result<(), XlsxError> {
    sh.num(d.baseline, &f.ratio)?;
    sh.num(d.proposal, &f.ratio)?;
    sh.num(d.change * 100.0, &f.change_ratio)?;
    Ok(())
}

fn comparison_sheet(
    input: &WorkbookInput,
    c: &Comparison,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let mut sh = Sheet::new(tr(lang, "方案对比", "Comparison"))?;
    let (b, p) = (&c.baseline_name, &c.proposal_name);
    let change = tr(lang, "变化", "change");
    let points = tr(lang, "变化（百分点）", "change (percentage points)");
    let header: Vec<String> = vec![
        tr(lang, "类型", "Kind").into(),
        format!("{} {b}", tr(lang, "站点数", "Stations")),
        format!("{} {p}", tr(lang, "站点数", "Stations")),
        format!("{} {change}", tr(lang, "站点数", "Stations")),
        format!("{} {b}", tr(lang, "覆盖人口", "Covered")),
        format!("{} {p}", tr(lang, "覆盖人口", "Covered")),
        format!("{} {change}", tr(lang, "覆盖人口", "Covered")),
        format!("{} {b}", tr(lang, "覆盖率", "Coverage")),
        format!("{} {p}", tr(lang, "覆盖率", "Coverage")),
        format!("{} {points}", tr(lang, "覆盖率", "Coverage")),
    ];
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(1, 1)?;
    for k in c.kinds.iter().chain(std::iter::once(&c.all_kinds)) {
        let name = if k.kind == "all" {
            tr(lang, "全部类型（生活圈完整度）", "All kinds (completeness)")
        } else {
            label(lang, &k.label, &k.label_en)
        };
        sh.text(name, &f.bold)?;
        delta_cells(&mut sh, &k.stations, &f.people, &f.change_people)?;
        delta_cells(&mut sh, &k.covered_population, &f.people, &f.change_people)?;
        ratio_delta_cells(&mut sh, &k.coverage_ratio, f)?;
        sh.next();
    }
    sh.next();
    // Coverage ratio by unit, baseline → proposal, per kind.
    let mut header: Vec<String> = vec![
        tr(lang, "层级", "Level").into(),
        tr(lang, "范围", "Unit").into(),
        tr(lang, "人口", "Population").into(),
    ];
    for k in &c.kinds {
        let l = label(lang, &k.label, &k.label_en);
        header.push(format!("{l} {b}"));
        header.push(format!("{l} {p}"));
        header.push(format!("{l} {points}"));
    }
    let all = tr(lang, "全部类型", "All kinds");
    header.extend([
        format!("{all} {b}"),
        format!("{all} {p}"),
        format!("{all} {points}"),
    ]);
    sh.header(&header, f)?;
    for u in &c.units {
        sh.text(level_name(lang, u.level), &f.text)?;
        sh.text(&u.id, &f.text)?;
        sh.num(u.total_population, &f.people)?;
        for d in &u.kinds {
            ratio_delta_cells(&mut sh, d, f)?;
        }
        ratio_delta_cells(&mut sh, &u.all_kinds, f)?;
        sh.next();
    }
    let mut w = vec![24.0, 28.0];
    w.extend(std::iter::repeat_n(11.0, header.len().max(10) - 2));
    sh.widths(&w)?;
    Ok(sh.ws)
}

fn changes_sheet(
    input: &WorkbookInput,
    c: &Comparison,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let lang = input.meta.lang;
    let from_h = coord_headers(lang, input.meta.crs, ("原", "From"));
    let to_h = coord_headers(lang, input.meta.crs, ("新", "To"));
    let s = input.summary;
    let mut sh = Sheet::new(tr(lang, "站点变更", "Station changes"))?;
    let header: Vec<String> = vec![
        tr(lang, "变更", "Change").into(),
        tr(lang, "类型", "Kind").into(),
        tr(lang, "名称", "Name").into(),
        from_h[0].clone(),
        from_h[1].clone(),
        to_h[0].clone(),
        to_h[1].clone(),
        tr(lang, "原服务人口", "Served before").into(),
        tr(lang, "新服务人口", "Served after").into(),
        tr(lang, "独享人口", "Served only by it").into(),
    ];
    sh.header(&header, f)?;
    sh.ws.set_freeze_panes(1, 0)?;
    for ch in &c.changes {
        sh.text(change_name(lang, ch.action), &f.bold)?;
        sh.text(kind_label(s, lang, &ch.kind), &f.text)?;
        sh.text(&ch.name, &f.text)?;
        for at in [ch.from, ch.to] {
            match at {
                Some([lon, lat]) => {
                    let (x, y) = input.meta.crs.from_wgs84(lon, lat);
                    sh.num(x, &f.coord)?;
                    sh.num(y, &f.coord)?;
                }
                None => sh.col += 2,
            }
        }
        sh.num(ch.served_before, &f.people)?;
        sh.num(ch.served_after, &f.people)?;
        sh.num(ch.only_after, &f.people)?;
        sh.next();
    }
    if c.changes.is_empty() {
        sh.text(
            tr(
                lang,
                "方案与现状的站点相同",
                "The proposal has the same stations as the baseline",
            ),
            &f.note,
        )?;
    }
    sh.widths(&[8.0, 14.0, 24.0, 13.0, 13.0, 13.0, 13.0, 12.0, 12.0, 12.0])?;
    Ok(sh.ws)
}
