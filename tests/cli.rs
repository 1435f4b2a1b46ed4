//! The `lifecircle` binary: demo data, coverage reports in JSON and CSV, radii, CRS, bad input.

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The program in an English locale (messages follow LANG; see `errors_follow_the_language`).
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifecircle"));
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("lifecircle-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn demo_dir(name: &str) -> PathBuf {
    let d = tmp(name);
    let out = bin().args(["demo", "--out"]).arg(&d).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

fn coverage(args: &[&str]) -> (i32, String, String) {
    command("coverage", args)
}

/// Runs `lifecircle COMMAND ARGS…`: exit code, stdout, stderr.
fn command(name: &str, args: &[&str]) -> (i32, String, String) {
    let out = bin().arg(name).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_report_has_the_documented_shape_and_equals_the_library() {
    let d = demo_dir("json");
    let (r, s) = (d.join("residents.csv"), d.join("stations.csv"));
    let (code, out, err) = coverage(&[
        "--residents",
        r.to_str().unwrap(),
        "--stations",
        s.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["total_population"].as_f64().unwrap() > 0.0);
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 3);
    for k in kinds {
        for key in [
            "kind",
            "label",
            "radius_m",
            "stations",
            "covered_population",
            "coverage_ratio",
        ] {
            assert!(!k[key].is_null(), "kind lacks {key}");
        }
    }
    assert!(v["all_kinds"]["coverage_ratio"].as_f64().unwrap() > 0.0);
    let units = v["units"].as_array().unwrap();
    let levels: std::collections::HashSet<&str> =
        units.iter().map(|u| u["level"].as_str().unwrap()).collect();
    assert_eq!(levels.len(), 3);
    for u in units {
        assert!(u["id"].is_string() && u["total_population"].is_number());
        for k in u["kinds"].as_array().unwrap() {
            assert!(
                k["kind"].is_string()
                    && k["covered_population"].is_number()
                    && k["coverage_ratio"].is_number()
            );
        }
    }
    // The same figures as the library computes for the same files.
    let opts = lifecircle::ImportOptions::default();
    let mut plan = lifecircle::Planner::new();
    plan.load_residents(lifecircle::read_residents(&std::fs::read(&r).unwrap(), &opts).unwrap());
    let st = lifecircle::read_stations(&std::fs::read(&s).unwrap(), &opts, plan.kinds()).unwrap();
    plan.load_stations(&st);
    // The report adds each kind's and unit's distance percentiles and 2SFCA access to the plan's
    // summary.
    let mut summary = plan.summary();
    lifecircle::report::add_distances(&plan, &plan, &mut summary);
    lifecircle::report::add_access(&plan, &plan, &mut summary);
    assert_eq!(serde_json::to_value(summary).unwrap(), v);
}

#[test]
fn radius_presets_new_kinds_csv_and_out_file() {
    let d = demo_dir("radius");
    let (r, s) = (d.join("residents.csv"), d.join("stations.csv"));
    let out_file = d.join("report.csv");
    let (code, _, err) = coverage(&[
        "--residents",
        r.to_str().unwrap(),
        "--stations",
        s.to_str().unwrap(),
        "--radius",
        "红蜂驿站=5min",
        "--radius",
        "全龄食堂=800",
        "--radius=commercial_hub=1.5km",
        "--format",
        "csv",
        "--out",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&out_file).unwrap();
    assert!(csv.starts_with('\u{feff}'), "Excel needs the BOM");
    assert!(csv.contains("district,,,red_bee_station,红蜂驿站,300,"));
    assert!(csv.contains("district,,,commercial_hub,商圈,1500,"));
    assert!(csv.contains("district,,,全龄食堂,全龄食堂,800,0,"));
    assert!(csv.lines().any(|l| l.starts_with("grid,")));
}

#[test]
fn gcj02_input_gives_the_same_answer() {
    let d = demo_dir("crs");
    let convert = |name: &str, crs: lifecircle::Crs| {
        let text = std::fs::read_to_string(d.join(name)).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                out += line;
            } else {
                let mut f: Vec<String> = line.split(',').map(String::from).collect();
                let (lon, lat) = crs.from_wgs84(f[0].parse().unwrap(), f[1].parse().unwrap());
                f[0] = format!("{lon:.9}");
                f[1] = format!("{lat:.9}");
                out += &f.join(",");
            }
            out.push('\n');
        }
        let p = d.join(format!("{}-{name}", crs.name()));
        std::fs::write(&p, out).unwrap();
        p
    };
    let (_, wgs, _) = coverage(&[
        "--residents",
        d.join("residents.csv").to_str().unwrap(),
        "--stations",
        d.join("stations.csv").to_str().unwrap(),
    ]);
    let wgs: Value = serde_json::from_str(&wgs).unwrap();
    for crs in [lifecircle::Crs::Gcj02, lifecircle::Crs::Bd09] {
        let (r, s) = (convert("residents.csv", crs), convert("stations.csv", crs));
        let (code, out, err) = coverage(&[
            "--residents",
            r.to_str().unwrap(),
            "--stations",
            s.to_str().unwrap(),
            "--crs",
            &crs.name(),
        ]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        for (a, b) in v["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .zip(wgs["kinds"].as_array().unwrap())
        {
            assert_eq!(a["covered_population"], b["covered_population"], "{crs}");
        }
        // Read as if it were WGS-84, the offset data gives different coverage: the CRS matters.
        let (_, wrong, _) = coverage(&[
            "--residents",
            r.to_str().unwrap(),
            "--stations",
            d.join("stations.csv").to_str().unwrap(),
        ]);
        let wrong: Value = serde_json::from_str(&wrong).unwrap();
        assert_ne!(
            wrong["kinds"][1]["covered_population"],
            wgs["kinds"][1]["covered_population"]
        );
    }
}

#[test]
fn gbk_files_are_read() {
    let d = tmp("gbk");
    let (r, _, _) = encoding_rs::GBK.encode("经度,纬度,户数,街道,社区\n118.80,32.06,100,玄武街道,梅园社区\n118.90,32.06,10,玄武街道,梅园社区\n");
    let (s, _, _) = encoding_rs::GBK
        .encode("经度,纬度,类型,名称\n118.801,32.06,党群服务中心,梅园党群服务中心\n");
    std::fs::write(d.join("r.csv"), r).unwrap();
    std::fs::write(d.join("s.csv"), s).unwrap();
    let (code, out, err) = coverage(&[
        "--residents",
        d.join("r.csv").to_str().unwrap(),
        "--stations",
        d.join("s.csv").to_str().unwrap(),
        "--persons-per-household",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total_population"], 330.0);
    assert_eq!(v["kinds"][1]["covered_population"], 300.0);
    assert_eq!(v["units"][0]["id"], "玄武街道");
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let d = tmp("bad");
    std::fs::write(
        d.join("r.csv"),
        "经度,纬度,人口\n118.8,32.0,10\n118.8,32.0,-5\n",
    )
    .unwrap();
    std::fs::write(d.join("s.csv"), "经度,纬度,类型\n118.8,32.0,小卖部\n").unwrap();
    std::fs::write(d.join("ok.csv"), "经度,纬度,类型\n118.8,32.0,商圈\n").unwrap();
    let p = |n: &str| d.join(n).to_str().unwrap().to_string();
    let cases: Vec<(Vec<String>, Vec<&str>)> = vec![
        (
            vec![
                "--residents".into(),
                p("r.csv"),
                "--stations".into(),
                p("ok.csv"),
            ],
            vec!["r.csv", "line 3", "人口", "negative"],
        ),
        (
            vec![
                "--residents".into(),
                p("ok.csv"),
                "--stations".into(),
                p("s.csv"),
            ],
            vec!["ok.csv", "line 1", "missing column population"],
        ),
        (
            vec![
                "--residents".into(),
                p("missing.csv"),
                "--stations".into(),
                p("s.csv"),
            ],
            vec!["cannot read", "missing.csv"],
        ),
        (
            vec!["--residents".into(), p("r.csv")],
            vec!["missing --stations"],
        ),
        (
            vec![
                "--residents".into(),
                p("r.csv"),
                "--stations".into(),
                p("s.csv"),
                "--crs".into(),
                "utm".into(),
            ],
            vec!["unknown coordinate system 'utm'"],
        ),
        (
            vec![
                "--residents".into(),
                p("r.csv"),
                "--stations".into(),
                p("s.csv"),
                "--radius".into(),
                "商圈=far".into(),
            ],
            vec!["bad radius 'far'"],
        ),
        (vec!["--bogus".into()], vec!["unknown option '--bogus'"]),
    ];
    for (args, wanted) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = coverage(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        let first = err.lines().next().unwrap();
        for w in wanted {
            assert!(first.contains(w), "{first:?} should mention {w:?}");
        }
    }
    // Stations file with an unknown kind: one line naming file, line, column and the kind.
    std::fs::write(d.join("r2.csv"), "经度,纬度,人口\n118.8,32.0,10\n").unwrap();
    let (code, _, err) = coverage(&["--residents", &p("r2.csv"), "--stations", &p("s.csv")]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("s.csv, line 2, column '类型': unknown kind '小卖部'"),
        "{err}"
    );
}

#[test]
fn suggest_writes_json_and_reports_bad_goals() {
    let dir = tmp("suggest");
    let r = dir.join("r.csv");
    let s = dir.join("s.csv");
    let c = dir.join("c.csv");
    std::fs::write(
        &r,
        "lon,lat,population,riders\n118.80,32.06,100,1\n118.83,32.06,50,2\n118.80,32.09,10,30\n",
    )
    .unwrap();
    std::fs::write(&s, "lon,lat,kind\n118.80,32.06,红蜂驿站\n").unwrap();
    std::fs::write(
        &c,
        "编号,名称,经度,纬度\nA,东,118.831,32.061\nB,北,118.801,32.089\n",
    )
    .unwrap();
    let (r, s, c) = (
        r.to_str().unwrap(),
        s.to_str().unwrap(),
        c.to_str().unwrap(),
    );
    let base = ["--residents", r, "--stations", s, "--kind", "红蜂驿站"];
    let (code, out, err) = command(
        "suggest",
        &[&base[..], &["--count", "1", "--candidates", c]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["covered_before"], 100.0);
    assert_eq!(v["covered_after"], 150.0);
    assert_eq!(v["suggestions"][0]["id"], "A");
    assert_eq!(v["suggestions"][0]["name"], "东");
    assert_eq!(v["suggestions"][0]["gain_population"], 50.0);
    let (code, _, err) = command("suggest", &[&base[..], &["--target", "1.5"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("out of range"));
    // Serving riders instead of residents, the north site wins.
    let (code, out, err) = command(
        "suggest",
        &[
            &base[..],
            &[
                "--count",
                "1",
                "--candidates",
                c,
                "--demand",
                "红蜂驿站=riders",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["demand"], "riders");
    assert_eq!(v["covered_before"], 1.0);
    assert_eq!(v["suggestions"][0]["id"], "B");
    let (code, _, err) = command(
        "suggest",
        &[&base[..], &["--count", "1", "--demand", "红蜂驿站=elderly"]].concat(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("no demand column 'elderly'") && err.contains("riders"),
        "{err}"
    );
    // Only sites inside the drawn area: the east one.
    let area = dir.join("area.geojson");
    std::fs::write(
        &area,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[118.82,32.05],[118.84,32.05],[118.84,32.07],[118.82,32.07],[118.82,32.05]]]}}"#,
    )
    .unwrap();
    let a = area.to_str().unwrap();
    let args = [
        &base[..],
        &[
            "--count",
            "1",
            "--candidates",
            c,
            "--demand",
            "红蜂驿站=riders",
            "--area",
            a,
        ],
    ]
    .concat();
    let (code, out, err) = command("suggest", &args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["suggestions"][0]["id"], "A");
    assert_eq!(v["candidates"], 1);
    std::fs::write(&area, r#"{"type":"Point","coordinates":[118.8,32]}"#).unwrap();
    let (code, _, err) = command("suggest", &args);
    assert_eq!(code, 2);
    assert!(
        err.contains("area.geojson") && err.contains("Polygon"),
        "{err}"
    );
}

#[test]
fn capacity_splits_the_population() {
    let d = demo_dir("capacity");
    let (r, s) = (d.join("residents.csv"), d.join("stations.csv"));
    let files = [
        "--residents",
        r.to_str().unwrap(),
        "--stations",
        s.to_str().unwrap(),
    ];
    let (code, out, err) = coverage(&[&files[..], &["--capacity", "红蜂驿站=5000"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let c = &v["kinds"][0]["capacity"];
    let sum = c["within_capacity"].as_f64().unwrap()
        + c["over_capacity"].as_f64().unwrap()
        + c["not_reachable"].as_f64().unwrap();
    assert!((sum - v["total_population"].as_f64().unwrap()).abs() < 1e-6);
    assert!(c["stations_over"].as_u64().unwrap() > 0);
    assert!(v["kinds"][1].get("capacity").is_none());
    let (code, _, err) = coverage(&[&files[..], &["--capacity", "红蜂驿站=-5"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("positive"));
}

#[test]
fn import_osm_writes_layers_with_station_rules() {
    let Some(data) = common::shared_data("import-osm on Nanjing") else {
        return;
    };
    let osm = data.join("osm/nanjing_xinjiekou/source_osm_bbox.osm");
    let read = |p: PathBuf| -> Vec<Value> {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v["features"].as_array().unwrap().clone()
    };
    let kinds = |fs: &[Value], k: &str| fs.iter().filter(|f| f["properties"]["kind"] == k).count();
    let d = tmp("osm-rules");
    let (code, _, err) = command(
        "import-osm",
        &[
            osm.to_str().unwrap(),
            "--out",
            d.to_str().unwrap(),
            "--station-rule",
            "canteen_food=全龄食堂",
            "--station-rule",
            "community_service=",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stations"), "{err}");
    let stations = read(d.join("stations.geojson"));
    let pois = read(d.join("pois.geojson"));
    assert!(kinds(&pois, "canteen_food") > 0);
    // Every canteen-category POI, and (by the default name rule) POIs named …食堂.
    let canteens: Vec<&Value> = stations
        .iter()
        .filter(|f| f["properties"]["kind"] == "全龄食堂")
        .collect();
    assert!(canteens.len() > kinds(&pois, "canteen_food"));
    assert!(canteens.iter().all(|f| {
        let by = f["properties"]["by"].as_str().unwrap();
        by.starts_with("amenity=")
            || (by == "name~食堂" && f["properties"]["name"].as_str().unwrap().contains("食堂"))
    }));
    assert_eq!(kinds(&stations, "party_service_station"), 0);
    assert_eq!(
        kinds(&stations, "commercial_hub"),
        kinds(&pois, "commercial_hub")
    );
    // The stations file loads back, the new kind added by name.
    let (code, out, err) = coverage(&[
        "--residents",
        d.join("residents.geojson").to_str().unwrap(),
        "--stations",
        d.join("stations.geojson").to_str().unwrap(),
        "--radius",
        "全龄食堂=500",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["label"] == "全龄食堂" && k["stations"].as_u64().unwrap() > 0));
    // On foot over the file's streets, with the residents written out: walks, detours, reachability.
    let out = d.join("residents-on-foot.geojson");
    let (code, json, err) = coverage(&[
        "--residents",
        d.join("residents.geojson").to_str().unwrap(),
        "--stations",
        d.join("stations.geojson").to_str().unwrap(),
        "--radius",
        "全龄食堂=500",
        "--streets",
        d.join("streets.geojson").to_str().unwrap(),
        "--metric",
        "network",
        "--residents-out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let walk: Value = serde_json::from_str(&json).unwrap();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["metric"], "network");
    let fs = written["features"].as_array().unwrap();
    assert_eq!(fs.len() as u64, walk["residents"].as_u64().unwrap());
    let covered: f64 = fs
        .iter()
        .filter(|f| f["properties"]["commercial_hub_covered"] == true)
        .map(|f| f["properties"]["population"].as_f64().unwrap())
        .sum();
    let hub = walk["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "commercial_hub")
        .unwrap();
    assert!((covered - hub["covered_population"].as_f64().unwrap()).abs() < 1e-6);
    let unreachable = fs
        .iter()
        .filter(|f| f["properties"]["reachable"] == false)
        .count();
    assert_eq!(
        unreachable as u64,
        walk["network"]["unreachable_residents"].as_u64().unwrap()
    );
    assert!(fs
        .iter()
        .any(|f| f["properties"]["commercial_hub_detour"].as_f64().is_some()));
    // A rule that cannot be read: exit 2 and how to write one.
    let (code, _, err) = command(
        "import-osm",
        &[
            osm.to_str().unwrap(),
            "--out",
            d.to_str().unwrap(),
            "--station-rule",
            "amenity",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("TAG=KIND"), "{err}");
}

#[test]
fn every_command_has_help_and_the_program_a_version() {
    // The program's help names every command; each command's help names its flags.
    let (code, out, err) = command("--help", &[]);
    assert_eq!(code, 0, "{err}");
    for c in ["coverage", "suggest", "report", "import-osm", "demo"] {
        assert!(out.contains(c), "--help names {c}");
    }
    let flags: [(&str, &[&str]); 5] = [
        (
            "coverage",
            &[
                "--residents",
                "--stations",
                "--radius",
                "--streets",
                "--metric",
                "--residents-out",
                "--format",
            ],
        ),
        (
            "suggest",
            &[
                "--kind",
                "--count",
                "--target",
                "--candidates",
                "--spacing",
                "--area",
            ],
        ),
        (
            "report",
            &[
                "--out",
                "--proposal",
                "--proposal-name",
                "--title",
                "--date",
                "--lang",
            ],
        ),
        (
            "import-osm",
            &[
                "--out",
                "--floor-area-per-person",
                "--station-rule",
                "--default-station-rules",
            ],
        ),
        ("demo", &["--out", "--residents", "--stations", "--seed"]),
    ];
    for (c, wanted) in flags {
        for help in ["--help", "-h"] {
            let (code, out, err) = command(c, &[help]);
            assert_eq!(code, 0, "{c} {help}: {err}");
            for f in wanted {
                assert!(out.contains(f), "{c} {help} names {f}");
            }
        }
    }
    let (code, out, _) = command("help", &["suggest"]);
    assert_eq!(code, 0);
    assert!(out.contains("--target"));
    let (code, out, _) = command("--version", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("lifecircle {}", env!("CARGO_PKG_VERSION"))
    );
    // Without a command: the help, and success.
    let out = bin().output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("coverage"));
    // A command that does not exist: exit 2, one line, where to look.
    let (code, _, err) = command("frobnicate", &[]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("unknown command 'frobnicate'") && err.contains("--help"),
        "{err}"
    );
}

/// `--unit-target KIND=SHARE`: the kind's target with each unit met or not and the people still
/// to reach (as the library computes them), and 2SFCA supply in the report; a share above 100 %
/// is refused in the user's language.
#[test]
fn unit_targets_flag_units_below_them() {
    let d = demo_dir("unit-target");
    let (r, s) = (d.join("residents.csv"), d.join("stations.csv"));
    let (r, s) = (r.to_str().unwrap(), s.to_str().unwrap());
    let base = ["--residents", r, "--stations", s, "--format", "json"];
    let (code, out, err) = coverage(&[&base[..], &["--unit-target", "党群服务站=85%"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let k = &v["kinds"][1];
    assert_eq!(k["kind"], "party_service_station");
    assert_eq!(k["target"], 0.85);
    assert!(k["access_per_1000"].as_f64().unwrap() > 0.0);
    let mut below = 0;
    for u in v["units"].as_array().unwrap() {
        let f = &u["kinds"][1];
        let (total, covered) = (
            u["total_population"].as_f64().unwrap(),
            f["covered_population"].as_f64().unwrap(),
        );
        let need = (0.85 * total - covered - 1e-6).ceil().max(0.0);
        assert_eq!(f["target_met"], need == 0.0, "{}", u["id"]);
        assert_eq!(
            f["shortfall_population"].as_f64().unwrap(),
            need,
            "{}",
            u["id"]
        );
        below += usize::from(need > 0.0 && u["level"] == "community");
        assert!(u["kinds"][0].get("target_met").is_none());
    }
    assert!(below > 0);
    assert_eq!(k["units_below_target"]["community"], below);
    let (code, _, err) = coverage(
        &[
            &base[..],
            &["--unit-target", "党群服务站=185%", "--lang", "zh"],
        ]
        .concat(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("覆盖率目标 1.85"), "{err}");
}

/// `lifecircle disaggregate`: community totals from a CSV onto footprint polygons placed by
/// community polygons; the output (CSV or GeoJSON) loads as residents whose communities hold
/// exactly the totals; the report on stdout; a bad --out says what it wants.
#[test]
fn disaggregate_writes_residents_that_sum_to_the_totals() {
    let d = tmp("disaggregate");
    let sq = |lon: f64, lat: f64, s: f64| {
        serde_json::json!([[
            [lon, lat],
            [lon + s, lat],
            [lon + s, lat + s],
            [lon, lat + s],
            [lon, lat]
        ]])
    };
    let comm = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"社区": "东社区"}, "geometry": {"type": "Polygon", "coordinates": sq(118.80, 32.0, 0.01)}},
        {"type": "Feature", "properties": {"社区": "西社区"}, "geometry": {"type": "Polygon", "coordinates": sq(118.79, 32.0, 0.01)}},
    ]});
    let mut feats = Vec::new();
    for i in 0..12 {
        let lon = 118.792 + 0.0015 * i as f64;
        let mut props = serde_json::json!({"名称": format!("{i}号楼")});
        if i % 3 != 0 {
            props["层数"] = serde_json::json!(i + 2);
        }
        feats.push(serde_json::json!({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": sq(lon, 32.004, 0.0003)}}));
    }
    let buildings = serde_json::json!({"type": "FeatureCollection", "features": feats});
    let (c, b, t) = (
        d.join("社区.geojson"),
        d.join("建筑.geojson"),
        d.join("人口.csv"),
    );
    std::fs::write(&c, comm.to_string()).unwrap();
    std::fs::write(&b, buildings.to_string()).unwrap();
    std::fs::write(&t, "街道,社区,常住人口,60岁以上\n城南街道,东社区,5003,1201\n城南街道,西社区,2999,650\n城南街道,北社区,800,90\n").unwrap();
    for ext in ["csv", "geojson"] {
        let out = d.join(format!("居民.{ext}"));
        let (code, stdout, err) = command(
            "disaggregate",
            &[
                "--totals",
                t.to_str().unwrap(),
                "--buildings",
                b.to_str().unwrap(),
                "--communities",
                c.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["without_buildings"][0]["community"], "北社区");
        assert_eq!(report["default_floors"], 4);
        assert_eq!(report["floors_assumed"], 6.0);
        let mut s = lifecircle::Session::new();
        s.read_residents(std::fs::read(&out).unwrap(), &Default::default())
            .unwrap();
        let (sum, _) = s.summary().unwrap();
        let pop = |id: &str| {
            sum.units
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.total_population)
        };
        assert_eq!(pop("城南街道/东社区"), Some(5003.0));
        assert_eq!(pop("城南街道/西社区"), Some(2999.0));
        assert_eq!(sum.total_population, 8002.0);
    }
    let (code, _, err) = command(
        "disaggregate",
        &[
            "--totals",
            t.to_str().unwrap(),
            "--buildings",
            b.to_str().unwrap(),
            "--out",
            "x.txt",
            "--lang",
            "zh",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains(".geojson 或 .csv"), "{err}");
}
