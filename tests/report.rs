//! The coverage workbook and proposals: every figure read back from the .xlsx equals the engine's,
//! and baseline → proposal differences equal two plans computed separately.

use calamine::{Data, Reader, Xlsx};
use lifecircle::demo::{generate, DemoConfig};
use lifecircle::export::Lang;
use lifecircle::import::{read_residents, read_stations, ImportOptions};
use lifecircle::report::Coverage;
use lifecircle::scenario::{self, ChangeAction, Edit};
use lifecircle::workbook::{self, ReportMeta, WorkbookInput};
use lifecircle::{Crs, Planner, Summary};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::process::Command;

type Rows = Vec<Vec<Data>>;

fn sheets(bytes: &[u8]) -> HashMap<String, Rows> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook calamine opens");
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            // Rows as written, from A1 (calamine starts a range at its first used cell).
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows: Rows = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut r = vec![Data::Empty; c0 as usize];
                r.extend(row.iter().cloned());
                rows.push(r);
            }
            (name, rows)
        })
        .collect()
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(v) => *v,
        Data::Int(v) => *v as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

/// The row whose first cell is `first`.
fn row<'a>(rows: &'a Rows, first: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.first().map(text_or_empty).as_deref() == Some(first))
        .unwrap_or_else(|| panic!("no row starting with {first}"))
}

fn text_or_empty(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn demo() -> (Planner, Vec<u8>, Vec<u8>) {
    let d = generate(&DemoConfig {
        residents: 2500,
        ..Default::default()
    });
    let mut plan = Planner::new();
    let opts = ImportOptions::default();
    let (residents, stations) = (d.residents_csv(), d.stations_csv(plan.kinds()));
    plan.load_residents(read_residents(residents.as_bytes(), &opts).unwrap());
    let st = read_stations(stations.as_bytes(), &opts, plan.kinds()).unwrap();
    plan.load_stations(&st);
    (plan, residents.into_bytes(), stations.into_bytes())
}

fn meta(lang: Lang, scenario: &str) -> ReportMeta {
    ReportMeta {
        title: "测试区".into(),
        date: "2026-11-22".into(),
        // The same file twice (an OSM file gives residents and stations): listed once.
        sources: vec![
            "residents.csv".into(),
            "stations.csv".into(),
            "residents.csv".into(),
        ],
        crs: Crs::Gcj02,
        scenario: scenario.into(),
        estimated: 0,
        floor_area_per_person: 36.52,
        lang,
    }
}

/// A proposal on the demo: a new 党群服务站, one station moved, one withdrawn.
fn proposal_csv(plan: &Planner) -> (String, Vec<Edit>) {
    let list: Vec<_> = plan.stations().collect();
    let (moved_id, moved) = list[1];
    let (gone_id, gone) = list[2];
    let kind = |k| plan.kinds().get(k).label.clone();
    let csv = format!(
        "操作,类型,名称,经度,纬度\n新增,党群服务站,新站甲,{},{}\n迁移,{},{},{},{}\n撤销,{},{},,\n",
        list[0].1.at.lon + 0.004,
        list[0].1.at.lat - 0.003,
        kind(moved.kind),
        moved.name,
        moved.at.lon + 0.002,
        moved.at.lat,
        kind(gone.kind),
        gone.name
    );
    let expected = vec![
        Edit::Add {
            kind: plan.kinds().resolve("党群服务站").unwrap(),
            lon: list[0].1.at.lon + 0.004,
            lat: list[0].1.at.lat - 0.003,
            name: "新站甲".into(),
        },
        Edit::Move {
            id: moved_id,
            lon: moved.at.lon + 0.002,
            lat: moved.at.lat,
        },
        Edit::Remove { id: gone_id },
    ];
    (csv, expected)
}

/// The proposal's plan made without `scenario::apply`: a fresh plan loaded with the proposal's
/// station list.
fn proposal_separately(base: &Planner, residents: &[u8], edits: &[Edit]) -> Planner {
    let mut list: Vec<(usize, f64, f64, String)> = Vec::new();
    for (id, s) in base.stations() {
        let mut at = (s.at.lon, s.at.lat);
        let mut keep = true;
        for e in edits {
            match e {
                Edit::Move { id: m, lon, lat } if *m == id => at = (*lon, *lat),
                Edit::Remove { id: r } if *r == id => keep = false,
                _ => {}
            }
        }
        if keep {
            list.push((s.kind, at.0, at.1, s.name.clone()));
        }
    }
    for e in edits {
        if let Edit::Add {
            kind,
            lon,
            lat,
            name,
        } = e
        {
            list.push((*kind, *lon, *lat, name.clone()));
        }
    }
    let mut csv = String::from("kind,lon,lat,name\n");
    for (k, lon, lat, name) in &list {
        csv += &format!("{},{lon},{lat},{name}\n", base.kinds().get(*k).id);
    }
    let mut p = Planner::new();
    let opts = ImportOptions::default();
    p.load_residents(read_residents(residents, &opts).unwrap());
    p.load_stations(&read_stations(csv.as_bytes(), &opts, p.kinds()).unwrap());
    p
}

/// Runs `lifecircle report ARGS…`.
fn run_report(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lifecircle"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("report")
        .args(args)
        .output()
        .unwrap()
}

/// A temporary folder `lifecircle-NAME-PID` with the plan's residents.csv and stations.csv:
/// the folder and the two files.
fn plan_files(
    name: &str,
    residents: &[u8],
    stations: &[u8],
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("lifecircle-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (r, s) = (dir.join("residents.csv"), dir.join("stations.csv"));
    std::fs::write(&r, residents).unwrap();
    std::fs::write(&s, stations).unwrap();
    (dir, r, s)
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + b.abs())
}

#[test]
fn proposal_file_reads_into_edits_and_differences_equal_separate_plans() {
    let (base, residents, _) = demo();
    let (csv, expected) = proposal_csv(&base);
    let edits = scenario::read_proposal(csv.as_bytes(), &ImportOptions::default(), &base).unwrap();
    assert_eq!(edits, expected);
    // The same rows in an Excel sheet (written by rust_xlsxwriter, read by calamine).
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("方案一").unwrap();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(x) if r > 0 => sheet.write_number(r as u32, c as u16, x).unwrap(),
                _ => sheet.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    let xlsx = book.save_to_buffer().unwrap();
    assert_eq!(
        scenario::read_proposal(&xlsx, &ImportOptions::default(), &base).unwrap(),
        expected
    );
    let prop = scenario::apply(&base, &edits).unwrap();
    let separate = proposal_separately(&base, &residents, &edits);
    let (bs, ps, ss) = (base.summary(), prop.summary(), separate.summary());
    let c = scenario::compare(
        ("现状", "方案一"),
        &bs,
        &scenario::id_keys(&bs),
        &ps,
        &scenario::id_keys(&ps),
    );
    for (k, kd) in c.kinds.iter().enumerate() {
        assert!(close(
            kd.covered_population.baseline,
            bs.kinds[k].covered_population
        ));
        assert!(
            close(
                kd.covered_population.proposal,
                ss.kinds[k].covered_population
            ),
            "{}",
            kd.kind
        );
        assert!(close(
            kd.covered_population.change,
            ss.kinds[k].covered_population - bs.kinds[k].covered_population
        ));
        assert!(close(
            kd.coverage_ratio.change,
            ss.kinds[k].coverage_ratio - bs.kinds[k].coverage_ratio
        ));
        assert_eq!(kd.stations.proposal as usize, ss.kinds[k].stations);
    }
    assert!(close(
        c.all_kinds.covered_population.proposal,
        ss.all_kinds.covered_population
    ));
    let units: HashMap<&str, _> = ss.units.iter().map(|u| (u.id.as_str(), u)).collect();
    for u in &c.units {
        let s = units[u.id.as_str()];
        for (k, d) in u.kinds.iter().enumerate() {
            assert!(close(d.proposal, s.kinds[k].coverage_ratio));
        }
        assert!(close(u.all_kinds.proposal, s.all_kinds.coverage_ratio));
    }
    // The changes: one of each, with what the separately computed plan serves.
    let actions: Vec<ChangeAction> = c.changes.iter().map(|ch| ch.action).collect();
    assert_eq!(
        actions,
        [
            ChangeAction::Added,
            ChangeAction::Moved,
            ChangeAction::Removed
        ]
    );
    let added = ss.stations.iter().find(|s| s.name == "新站甲").unwrap();
    assert!(close(c.changes[0].served_after, added.served_population));
    assert!(close(c.changes[0].only_after, added.only_population));
    assert_eq!(c.changes[2].served_after, 0.0);
    // The baseline itself is untouched.
    assert_eq!(base.summary(), bs);
}

#[test]
fn proposal_errors_name_the_row_and_the_station() {
    let (base, _, _) = demo();
    let opts = ImportOptions {
        source: Some("方案.csv".into()),
        ..Default::default()
    };
    let err = |csv: &str| {
        scenario::read_proposal(csv.as_bytes(), &opts, &base)
            .unwrap_err()
            .to_string()
    };
    let e = err("操作,类型,名称,经度,纬度\n迁移,党群服务站,不存在的站,118.8,32.05\n");
    assert!(
        e.contains("方案.csv") && e.contains("不存在的站") && e.contains('2'),
        "{e}"
    );
    let e = err("操作,类型,名称,经度,纬度\n拆了,党群服务站,x,118.8,32.05\n");
    assert!(e.contains("拆了") && e.contains("迁移"), "{e}");
    let e = err("操作,类型,名称,经度,纬度\n撤销,党群服务站,,,\n");
    assert!(e.contains("名称") || e.contains("name"), "{e}");
    let e = err("类型,名称,经度,纬度\n党群服务站,新站,,\n");
    assert!(e.contains("经度") || e.contains("lon"), "{e}");
}

fn check_workbook(bytes: &[u8], plan: &Planner, s: &Summary, crs: Crs) {
    let sh = sheets(bytes);
    // 概览: one row per kind, and completeness.
    let ov = &sh["概览"];
    assert!(text(&ov[0][0]).contains("测试区"));
    for k in &s.kinds {
        let r = row(ov, &k.label);
        assert_eq!(num(&r[1]), k.radius_m);
        assert_eq!(num(&r[2]) as usize, k.stations);
        assert_eq!(num(&r[3]), k.covered_population);
        assert_eq!(num(&r[4]), s.total_population);
        assert_eq!(num(&r[5]), k.coverage_ratio);
        // The distance percentiles (a text where the share lies beyond the horizon).
        let d = k
            .distance
            .as_ref()
            .expect("the workbook's summary has distances");
        for (cell, p) in [(&r[12], d.p50_m), (&r[13], d.p85_m)] {
            match p {
                Some(m) => assert_eq!(num(cell), m),
                None => assert_eq!(text(cell), "超出范围"),
            }
        }
        assert_eq!(num(&r[14]), d.beyond_horizon_population);
        // 2SFCA supply per 1,000, and the target's columns where the kind has one.
        assert_eq!(num(&r[15]), k.access_per_1000.unwrap());
        match k.target {
            Some(t) => {
                assert_eq!(num(&r[16]), t);
                let met = k.target_met.unwrap();
                assert_eq!(text(&r[17]), if met { "达标" } else { "未达标" });
                assert_eq!(num(&r[18]), k.shortfall_population.unwrap());
                let b = k.units_below_target.unwrap();
                assert_eq!(
                    text(&r[19]),
                    format!("{}/{}/{}", b.street, b.community, b.grid)
                );
            }
            None => assert!(r.len() <= 16 || text(&r[16]).is_empty()),
        }
    }
    assert!(s.kinds.iter().any(|k| k.target_met == Some(false)));
    assert!(text(&row(ov, "覆盖率目标")[1]).contains("85.0%"));
    assert!(text(&row(ov, "每千人供给（2SFCA）")[1]).contains("高斯"));
    let r = row(ov, "全部类型（生活圈完整度）");
    assert_eq!(num(&r[3]), s.all_kinds.covered_population);
    assert_eq!(num(&r[5]), s.all_kinds.coverage_ratio);
    assert_eq!(text(&row(ov, "坐标系")[1]), "GCJ-02");
    assert_eq!(text(&row(ov, "数据来源")[1]), "residents.csv; stations.csv");
    // By unit: every community's figures.
    let by = &sh["按社区"];
    assert_eq!(text(&by[0][0]), "街道");
    let communities: Vec<_> = s
        .units
        .iter()
        .filter(|u| u.level == lifecircle::admin::Level::Community)
        .collect();
    assert_eq!(by.len() - 1, communities.len());
    for (r, u) in by[1..].iter().zip(&communities) {
        assert_eq!(format!("{}/{}", text(&r[0]), text(&r[1])), u.id);
        assert_eq!(num(&r[2]), u.total_population);
        for (k, kf) in u.kinds.iter().enumerate() {
            assert_eq!(num(&r[3 + 2 * k]), kf.covered_population);
            assert_eq!(num(&r[4 + 2 * k]), kf.coverage_ratio);
        }
        assert_eq!(num(&r[3 + 2 * u.kinds.len()]), u.all_kinds.coverage_ratio);
        for (k, kf) in u.kinds.iter().enumerate() {
            let d = kf.distance.as_ref().unwrap();
            let at = 4 + 2 * u.kinds.len() + 3 * k;
            for (cell, p) in [(&r[at], d.p50_m), (&r[at + 1], d.p85_m)] {
                match p {
                    Some(m) => assert_eq!(num(cell), m),
                    None => assert_eq!(text(cell), "超出范围"),
                }
            }
            assert_eq!(num(&r[at + 2]), d.beyond_horizon_population);
        }
        // Then per kind: supply per 1,000, and with a target 达标/未达标 and the people to reach.
        let mut at = 4 + 5 * u.kinds.len();
        for (k, kf) in u.kinds.iter().enumerate() {
            assert_eq!(num(&r[at]), kf.access_per_1000.unwrap(), "{}", u.id);
            at += 1;
            if s.kinds[k].target.is_some() {
                let met = kf.target_met.unwrap();
                assert_eq!(text(&r[at]), if met { "达标" } else { "未达标" });
                assert_eq!(num(&r[at + 1]), kf.shortfall_population.unwrap());
                at += 2;
            }
        }
    }
    assert_eq!(
        sh["按街道"].len() - 1,
        s.units
            .iter()
            .filter(|u| u.level == lifecircle::admin::Level::Street)
            .count()
    );
    assert_eq!(
        sh["按网格"].len() - 1,
        s.units
            .iter()
            .filter(|u| u.level == lifecircle::admin::Level::Grid)
            .count()
    );
    // Stations: each one, coordinates in the chosen system.
    let st = &sh["站点"];
    assert_eq!(st.len() - 1, s.stations.len());
    for f in &s.stations {
        let r = st[1..].iter().find(|r| text(&r[1]) == f.name).unwrap();
        let (x, y) = crs.from_wgs84(f.lon, f.lat);
        assert_eq!((num(&r[2]), num(&r[3])), (x, y));
        assert_eq!(num(&r[4]), f.served_population);
        assert_eq!(num(&r[5]), f.only_population);
    }
    // Uncovered: the residents some kind with stations does not cover, largest first.
    let un = &sh["未覆盖居民点"];
    let active: Vec<usize> = (0..s.kinds.len())
        .filter(|&k| s.kinds[k].stations > 0)
        .collect();
    let counts: Vec<Vec<u32>> = active.iter().map(|&k| plan.covering_count(k)).collect();
    let pop = plan.resident_population();
    let mut expected: Vec<f64> = (0..pop.len())
        .filter(|&i| counts.iter().any(|c| c[i] == 0))
        .map(|i| pop[i])
        .collect();
    expected.sort_by(|a, b| b.total_cmp(a));
    let got: Vec<f64> = un[1..].iter().map(|r| num(&r[4])).collect();
    assert_eq!(got, expected);
}

/// Frozen panes and number formats, from the sheets' XML.
fn check_formats(bytes: &[u8]) {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut styles = String::new();
    z.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(
        styles.contains(r#"formatCode="0.0%""#),
        "ratios as percentages"
    );
    for i in 1..=z.len() {
        let Ok(mut f) = z.by_name(&format!("xl/worksheets/sheet{i}.xml")) else {
            break;
        };
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        assert!(
            xml.contains(r#"state="frozen""#),
            "sheet {i} has frozen header rows"
        );
    }
}

#[test]
fn workbook_figures_equal_the_engine() {
    let (mut base, _, _) = demo();
    // A target on one kind: its 达标/未达标 and people still to reach are in the workbook too.
    base.set_target(1, Some(0.85)).unwrap();
    let mut s = base.summary();
    lifecircle::report::add_distances(&base, &base, &mut s);
    lifecircle::report::add_access(&base, &base, &mut s);
    let residents: Vec<lifecircle::report::KindView> =
        (0..base.kinds().len()).map(|k| base.kind_view(k)).collect();
    let bytes = workbook::workbook(&WorkbookInput {
        plan: &base,
        summary: &s,
        residents: &residents,
        comparison: None,
        network: None,
        uncovered_limit: workbook::UNCOVERED_LIMIT,
        siting: None,
        meta: &meta(Lang::Zh, "现状"),
    })
    .unwrap();
    check_workbook(&bytes, &base, &s, Crs::Gcj02);
    check_formats(&bytes);
    assert!(!sheets(&bytes).contains_key("方案对比"));
    // A long list stops at the limit, largest first, and says how many there are in all.
    let short = workbook::workbook(&WorkbookInput {
        plan: &base,
        summary: &s,
        residents: &residents,
        comparison: None,
        network: None,
        uncovered_limit: 10,
        siting: None,
        meta: &meta(Lang::Zh, "现状"),
    })
    .unwrap();
    let all = sheets(&bytes)["未覆盖居民点"].len() - 1;
    let un = &sheets(&short)["未覆盖居民点"];
    assert_eq!(un.len() - 1, 10);
    let note = un[0]
        .iter()
        .map(text_or_empty)
        .find(|t| t.starts_with('共'))
        .expect("a note");
    assert!(
        note.contains(&all.to_string()) && note.contains("10"),
        "{note}"
    );
    let full = &sheets(&bytes)["未覆盖居民点"];
    for (a, b) in un[1..].iter().zip(&full[1..]) {
        assert_eq!(num(&a[4]), num(&b[4]));
    }
}

#[test]
fn cli_report_with_a_proposal_equals_separate_plans() {
    let (base, residents, stations) = demo();
    let (csv, edits) = proposal_csv(&base);
    let (dir, r, s) = plan_files("report", &residents, &stations);
    let (p, out) = (dir.join("方案一.csv"), dir.join("report.xlsx"));
    std::fs::write(&p, csv).unwrap();
    let (rs, ss_, ps, outs) = (path(&r), path(&s), path(&p), path(&out));
    let o = run_report(&[
        "--title",
        "测试区",
        "--date",
        "2026-11-22",
        "--crs",
        "wgs84",
        "--residents",
        rs,
        "--stations",
        ss_,
        "--proposal",
        ps,
        "--out",
        outs,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    let separate = proposal_separately(&base, &residents, &edits);
    let ss = separate.summary();
    let bs = base.summary();
    let sh = sheets(&bytes);
    // The reported scenario is the proposal; its figures equal the separately made plan's.
    let ov = &sh["概览"];
    for k in &ss.kinds {
        let r = row(ov, &k.label);
        assert!(close(num(&r[3]), k.covered_population));
        assert!(close(num(&r[5]), k.coverage_ratio));
    }
    assert!(text(&ov[1][0]).contains("方案一"));
    // Comparison: baseline, proposal, change per kind.
    let cmp = &sh["方案对比"];
    for (k, kf) in ss.kinds.iter().enumerate() {
        let r = row(cmp, &kf.label);
        assert_eq!(num(&r[1]) as usize, bs.kinds[k].stations);
        assert_eq!(num(&r[2]) as usize, kf.stations);
        assert!(close(num(&r[4]), bs.kinds[k].covered_population));
        assert!(close(num(&r[5]), kf.covered_population));
        assert!(close(
            num(&r[6]),
            kf.covered_population - bs.kinds[k].covered_population
        ));
        // The change of a ratio in percentage points (百分点), its header saying so.
        assert!(close(
            num(&r[9]),
            100.0 * (kf.coverage_ratio - bs.kinds[k].coverage_ratio)
        ));
    }
    assert_eq!(text(&cmp[0][9]), "覆盖率 变化（百分点）");
    let ch = &sh["站点变更"];
    let actions: Vec<String> = ch[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(actions, ["新增", "迁移", "撤销"]);
    // English headers on request.
    let en = dir.join("report-en.xlsx");
    let o = run_report(&[
        "--lang",
        "en",
        "--residents",
        rs,
        "--stations",
        ss_,
        "--out",
        path(&en),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sh = sheets(&std::fs::read(&en).unwrap());
    assert!(
        sh.contains_key("Summary")
            && sh.contains_key("By community")
            && sh.contains_key("Uncovered")
    );
    assert_eq!(text(&sh["Summary"][3][0]), "Kind");
    // A bad proposal: one line naming the file and row, exit 2, no workbook.
    std::fs::write(&p, "操作,类型,名称\n撤销,党群服务站,不存在的站\n").unwrap();
    let bad = dir.join("bad.xlsx");
    let o = run_report(&[
        "--residents",
        rs,
        "--stations",
        ss_,
        "--proposal",
        ps,
        "--out",
        path(&bad),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("方案一.csv") && e.contains("不存在的站"), "{e}");
    assert!(!bad.exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn workbook_on_the_walking_network_equals_the_network_figures() {
    use lifecircle::network::{
        network_summary, NetworkCoverage, SnapRule, StreetGraph, StreetLine,
    };
    let (base, _, _) = demo();
    // A street grid every ~220 m over the demo district (a river of nothing between some rows).
    let [w, s, e, n] = base.resident_bounds().unwrap();
    let mut lines = Vec::new();
    let step = 0.002;
    let mut x = w - step;
    while x <= e + step {
        lines.push(StreetLine {
            points: vec![(x, s - step), (x, n + step)],
            walkable: true,
        });
        x += step;
    }
    let mut y = s - step;
    while y <= n + step {
        lines.push(StreetLine {
            points: vec![(w - step, y), (e + step, y)],
            walkable: true,
        });
        y += 2.0 * step;
    }
    let net = NetworkCoverage::new(
        &base,
        StreetGraph::from_lines(&lines),
        SnapRule::every_piece(80.0),
    );
    let (summary, extras) = network_summary(&base, &net);
    assert_eq!(summary.metric, "network");
    let walking = lifecircle::network::Walking::new(&base, &net);
    let residents: Vec<lifecircle::report::KindView> = (0..base.kinds().len())
        .map(|k| walking.kind_view(k))
        .collect();
    let bytes = workbook::workbook(&WorkbookInput {
        plan: &base,
        summary: &summary,
        residents: &residents,
        comparison: None,
        network: Some(&extras),
        uncovered_limit: workbook::UNCOVERED_LIMIT,
        siting: None,
        meta: &meta(Lang::Zh, "现状"),
    })
    .unwrap();
    let sh = sheets(&bytes);
    let ov = &sh["概览"];
    assert!(text(&ov[1][0]).contains("步行路网距离"));
    // The walking network's sheet: the pieces, the unreached, the detour per kind and per unit.
    let wn = &sh["步行网络"];
    assert_eq!(
        num(&row(wn, "路网连通片段")[1]) as usize,
        extras.pieces.pieces
    );
    assert_eq!(
        num(&row(wn, "不可达居民点")[1]) as usize,
        extras.unreachable_residents
    );
    assert_eq!(num(&row(wn, "其人口")[1]), extras.unreachable_population);
    assert!(
        extras.unreachable_residents > 0,
        "the grid leaves some residents unreached"
    );
    for (k, fig) in summary.kinds.iter().zip(&extras.kinds) {
        let r = row(wn, &k.label);
        assert_eq!(num(&r[1]), fig.mean_detour_ratio);
        assert_eq!(num(&r[2]) as usize, fig.unreachable_stations);
    }
    for u in &extras.units {
        let r = row(wn, &u.id.replace('/', " / "));
        assert_eq!(num(&r[1]) as usize, u.unreachable_residents);
        assert_eq!(num(&r[2]), u.unreachable_population);
    }
    // Counts are numbers in the overview (a formula can use them).
    assert_eq!(num(&row(ov, "居民点数")[1]) as usize, summary.residents);
    assert_eq!(num(&row(ov, "总人口")[1]), summary.total_population);
    for k in &summary.kinds {
        let r = row(ov, &k.label);
        assert_eq!(num(&r[3]), k.covered_population);
        assert_eq!(num(&r[5]), k.coverage_ratio);
    }
    // Walking covers no more than straight lines, and the uncovered list follows the walking figures.
    let straight = base.summary();
    for (a, b) in summary.kinds.iter().zip(&straight.kinds) {
        assert!(
            a.covered_population <= b.covered_population + 1e-6,
            "{}",
            a.kind
        );
    }
    let active: Vec<usize> = (0..summary.kinds.len())
        .filter(|&k| summary.kinds[k].stations > 0)
        .collect();
    let pop = base.resident_population();
    let uncovered = (0..pop.len())
        .filter(|&i| active.iter().any(|&k| residents[k].count[i] == 0))
        .count();
    assert_eq!(sh["未覆盖居民点"].len() - 1, uncovered);
    // Its distances are walking distances: never shorter than the straight line.
    let first = &sh["未覆盖居民点"][1];
    let name = text(&first[0]);
    let i = (0..pop.len())
        .find(|&i| {
            base.resident_name(i) == name && active.iter().any(|&k| residents[k].count[i] == 0)
        })
        .unwrap();
    for (j, &k) in active.iter().enumerate() {
        let walked = residents[k].distance_m[i];
        if walked.is_finite() {
            assert_eq!(num(&first[8 + j]), walked.round());
            assert!(walked + 0.5 >= base.nearest_distance_m(k)[i]);
        }
    }
}

#[test]
fn cli_report_has_the_siting_sheet_of_a_suggest_answer() {
    let (_, residents, stations) = demo();
    let (dir, r, s) = plan_files("siting", &residents, &stations);
    let (answer, out) = (dir.join("answer.json"), dir.join("report.xlsx"));
    let (rs, ss, answers, outs) = (path(&r), path(&s), path(&answer), path(&out));
    let o = Command::new(env!("CARGO_BIN_EXE_lifecircle"))
        .args([
            "suggest",
            "--residents",
            rs,
            "--stations",
            ss,
            "--crs",
            "wgs84",
        ])
        .args([
            "--kind",
            "party_service_station",
            "--count",
            "4",
            "--spacing",
            "300",
        ])
        .args(["--out", answers])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&answer).unwrap()).unwrap();
    let o = run_report(&[
        "--crs",
        "wgs84",
        "--residents",
        rs,
        "--stations",
        ss,
        "--siting",
        answers,
        "--out",
        outs,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sh = sheets(&std::fs::read(&out).unwrap());
    let rows = &sh["选址建议"];
    let f = |key: &str| a[key].as_f64().unwrap();
    assert!(close(num(&row(rows, "现状覆盖")[1]), f("covered_before")));
    assert!(close(num(&row(rows, "建议后覆盖")[1]), f("covered_after")));
    assert!(close(
        num(&row(rows, "建议后覆盖")[2]),
        f("coverage_ratio_after")
    ));
    assert!(close(
        num(&row(rows, "上界：同样站数最多可覆盖")[1]),
        f("upper_bound")
    ));
    assert!(close(
        num(&row(rows, "最优性差距（已证明）")[1]),
        f("optimality_gap")
    ));
    // The sites in pick order, with their coordinates and the people each adds.
    let sites = a["suggestions"].as_array().unwrap();
    assert_eq!(sites.len(), 4);
    let at = rows
        .iter()
        .position(|r| r.first().map(text_or_empty).as_deref() == Some("顺序"))
        .unwrap();
    for (i, site) in sites.iter().enumerate() {
        let r = &rows[at + 1 + i];
        assert_eq!(num(&r[0]), (i + 1) as f64);
        assert_eq!(text(&r[1]), site["name"].as_str().unwrap());
        assert!(close(num(&r[3]), site["lon"].as_f64().unwrap()));
        assert!(close(num(&r[4]), site["lat"].as_f64().unwrap()));
        assert!(close(num(&r[5]), site["gain_population"].as_f64().unwrap()));
    }
    // Not an answer: the report says so and names the file.
    std::fs::write(&answer, "{}").unwrap();
    let o = run_report(&[
        "--residents",
        rs,
        "--stations",
        ss,
        "--siting",
        answers,
        "--out",
        outs,
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("answer.json"));
}

/// A live step's unit ratios (`report::unit_ratios`, no names) are the full report's units'
/// coverage ratios in its order — completeness, then each kind — and -1 exactly where nobody
/// lives; after stations moved and with a kind not counted in completeness.
#[test]
fn unit_ratios_equal_the_reports_units() {
    let (_, residents, stations) = demo();
    // One more building, in a community of its own where nobody lives (population 0).
    let mut residents = String::from_utf8(residents).unwrap();
    let first = residents.lines().nth(1).unwrap().to_string();
    let mut cols: Vec<&str> = first.split(',').collect();
    cols[2] = "0";
    cols[5] = "空置社区";
    residents.push_str(&format!("\n{}", cols.join(",")));
    let opts = ImportOptions::default();
    let mut plan = Planner::new();
    plan.load_residents(read_residents(residents.as_bytes(), &opts).unwrap());
    plan.load_stations(&read_stations(&stations, &opts, plan.kinds()).unwrap());
    assert!(plan
        .summary()
        .units
        .iter()
        .any(|u| u.total_population <= 0.0));
    let check = |plan: &Planner| {
        let s = plan.summary();
        let r = lifecircle::report::unit_ratios(plan, plan);
        let stride = plan.kinds().len() + 1;
        assert!(!s.units.is_empty());
        assert_eq!(r.len(), s.units.len() * stride);
        for (u, row) in s.units.iter().zip(r.chunks(stride)) {
            if u.total_population <= 0.0 {
                assert!(row.iter().all(|&v| v == -1.0), "{}: {row:?}", u.id);
                continue;
            }
            assert_eq!(
                row[0], u.all_kinds.coverage_ratio as f32,
                "{} completeness",
                u.id
            );
            for (k, v) in u.kinds.iter().zip(&row[1..]) {
                assert_eq!(*v, k.coverage_ratio as f32, "{} {}", u.id, k.kind);
            }
        }
        r
    };
    let before = check(&plan);
    let ids: Vec<_> = plan.stations().map(|(id, s)| (id, s.at)).take(5).collect();
    for (id, at) in ids {
        plan.move_station(id, at.lon + 0.004, at.lat - 0.003)
            .unwrap();
    }
    let moved = check(&plan);
    assert_ne!(before, moved, "moving stations changes some unit's ratio");
    plan.set_counted(0, false);
    check(&plan);
}
