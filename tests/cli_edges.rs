//! The binary at its edges (issue 14): siting from zero stations, a reader that closes the pipe,
//! distance options named in their errors, absurd populations refused instead of `NaN` reports.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The program in an English locale (messages follow LANG; see `errors_follow_the_language`).
fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lifecircle"));
    c.env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// Writes `text` to a fresh temporary file named `name`.
fn file(name: &str, text: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("lifecircle-edges-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs the binary: exit code, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A small residents file, written under `name` (tests run in parallel: one file each).
fn residents(name: &str) -> PathBuf {
    let mut csv = String::from("经度,纬度,人口\n");
    for i in 0..40 {
        csv += &format!(
            "{:.4},{:.4},{}\n",
            118.78 + (i % 8) as f64 * 0.004,
            32.04 + (i / 8) as f64 * 0.004,
            10 + i
        );
    }
    file(name, &csv)
}

#[test]
fn suggest_places_the_first_stations_of_a_district() {
    let r = residents("r-first.csv");
    let r = r.to_str().unwrap();
    // No --stations at all, and a stations file with only its header: the same answer.
    let (code, none, err) = run(&[
        "suggest",
        "--residents",
        r,
        "--kind",
        "红蜂驿站",
        "--count",
        "2",
        "--spacing",
        "200",
    ]);
    assert_eq!(code, 0, "{err}");
    let header_only = file("stations.csv", "经度,纬度,类型\n");
    let (code, empty, err) = run(&[
        "suggest",
        "--residents",
        r,
        "--stations",
        header_only.to_str().unwrap(),
        "--kind",
        "红蜂驿站",
        "--count",
        "2",
        "--spacing",
        "200",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(none, empty);
    let v: serde_json::Value = serde_json::from_str(&none).unwrap();
    assert_eq!(v["covered_before"], 0.0);
    assert!(v["covered_after"].as_f64().unwrap() > 0.0);
    // A coverage report of a plan with no stations yet is honest: nobody is covered.
    let (code, out, err) = run(&[
        "coverage",
        "--residents",
        r,
        "--stations",
        header_only.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["all_kinds"]["covered_population"], 0.0);
    // coverage without --stations is a usage mistake, said so.
    let (code, _, err) = run(&["coverage", "--residents", r]);
    assert_eq!(code, 2);
    assert!(err.contains("--stations"), "{err}");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let r = residents("r-pipe.csv");
    let mut child = bin()
        .args(["coverage", "--residents", r.to_str().unwrap(), "--stations"])
        .arg(file("st.csv", "经度,纬度,类型\n118.79,32.05,红蜂驿站\n"))
        .args(["--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close the pipe, as `| head -0` would.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn distance_options_say_which_option_is_wrong() {
    let r = residents("r-options.csv");
    let r = r.to_str().unwrap();
    let (code, _, err) = run(&[
        "suggest",
        "--residents",
        r,
        "--kind",
        "红蜂驿站",
        "--count",
        "1",
        "--spacing",
        "abc",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--spacing") && !err.contains("radius"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "suggest",
        "--residents",
        r,
        "--kind",
        "红蜂驿站",
        "--count",
        "1",
        "--spacing",
        "0.2km",
    ]);
    assert_eq!(code, 0, "{err}");
    let st = file("st2.csv", "经度,纬度,类型\n118.79,32.05,红蜂驿站\n");
    let streets = file(
        "streets.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[118.78,32.04],[118.81,32.04]]}}]}"#,
    );
    let (code, _, err) = run(&[
        "coverage",
        "--residents",
        r,
        "--stations",
        st.to_str().unwrap(),
        "--metric",
        "network",
        "--streets",
        streets.to_str().unwrap(),
        "--snap",
        "0",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--snap") && !err.contains("radius"), "{err}");
}

#[test]
fn absurd_populations_are_refused_not_reported_as_nan() {
    let st = file("st3.csv", "经度,纬度,类型\n118.79,32.05,红蜂驿站\n");
    for (header, value) in [("人口", "1e308"), ("户数", "1e308")] {
        let r = file(
            "big.csv",
            &format!("经度,纬度,{header}\n118.79,32.05,1e308\n118.80,32.05,{value}\n"),
        );
        let (code, out, err) = run(&[
            "coverage",
            "--residents",
            r.to_str().unwrap(),
            "--stations",
            st.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{out}");
        assert!(err.contains("line 2") && err.contains("1,000,000"), "{err}");
        assert!(!out.contains("NaN") && !out.contains("null"));
    }
}

#[test]
fn errors_follow_the_language() {
    // The same facts — file, line, column, value — in Chinese under a Chinese locale or --lang zh,
    // in English otherwise; --lang wins over the locale.
    let res = file(
        "人口.csv",
        "经度,纬度,人口\n118.8,32.06,100\n118.8,32.06,约800\n",
    );
    let st = file("无站点.csv", "经度,纬度,类型\n");
    let args = [
        "coverage",
        "--residents",
        res.to_str().unwrap(),
        "--stations",
        st.to_str().unwrap(),
    ];
    let say = |lang: &str, extra: &[&str]| {
        let out = bin()
            .env("LANG", lang)
            .args(args)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        say("zh_CN.UTF-8", &[]),
        "lifecircle: 人口.csv，第 3 行「人口」列：“约800”不是数字\n"
    );
    assert_eq!(
        say("C.UTF-8", &[]),
        "lifecircle: 人口.csv, line 3, column '人口': '约800' is not a number\n"
    );
    assert_eq!(say("C.UTF-8", &["--lang", "zh"]), say("zh_CN.UTF-8", &[]));
    assert_eq!(say("zh_CN.UTF-8", &["--lang", "en"]), say("C.UTF-8", &[]));
    // Errors of the command line itself, and of the engine, are Chinese too.
    let out = bin()
        .env("LANG", "zh_CN.UTF-8")
        .args(["coverage", "--residents", res.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少 --stations 文件"));
    let swapped = file("反了.csv", "经度,纬度,人口\n32.06,118.8,100\n");
    let out = bin()
        .env("LANG", "zh_CN.UTF-8")
        .args([
            "coverage",
            "--residents",
            swapped.to_str().unwrap(),
            "--stations",
            st.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第 2 行") && err.contains("似乎填反了"),
        "{err}"
    );
    let out = bin()
        .args([
            "coverage",
            "--residents",
            res.to_str().unwrap(),
            "--stations",
            st.to_str().unwrap(),
            "--lang",
            "fr",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown language 'fr'"));
    // A mistyped command line is told in the planner's language too (`--lang` anywhere).
    let usage = |env: &str, a: &[&str]| {
        let out = bin().env("LANG", env).args(a).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        usage("zh_CN.UTF-8", &["coverage", "--bogus"]),
        "lifecircle: 未知的选项“--bogus”（见 lifecircle coverage --help）\n"
    );
    assert_eq!(
        usage("C.UTF-8", &["coverage", "--bogus", "--lang", "zh"]),
        "lifecircle: 未知的选项“--bogus”（见 lifecircle coverage --help）\n"
    );
    assert_eq!(
        usage("C.UTF-8", &["--lang=zh", "coverag"]),
        "lifecircle: 未知的命令“coverag”（见 lifecircle --help）\n"
    );
    assert_eq!(
        usage("zh_CN.UTF-8", &["coverage", "--bogus", "--lang", "en"]),
        "lifecircle: unknown option '--bogus' (see 'lifecircle coverage --help')\n"
    );
    // A file that is not there, in Chinese words rather than the system's.
    let out = bin()
        .env("LANG", "zh_CN.UTF-8")
        .args([
            "coverage",
            "--residents",
            "/no/such/居民.csv",
            "--stations",
            st.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lifecircle: 无法读取 /no/such/居民.csv：文件或文件夹不存在\n"
    );
}

#[test]
fn residents_out_names_its_properties_in_chinese_when_asked() {
    let res = file(
        "名单.csv",
        "经度,纬度,人口\n118.8,32.06,100\n118.81,32.06,50\n",
    );
    let st = file("站.csv", "经度,纬度,类型\n118.8,32.061,红蜂驿站\n");
    let keys = |extra: &[&str]| {
        let out = file(&format!("out{}.geojson", extra.len()), "");
        let o = bin()
            .args(["coverage", "--residents", res.to_str().unwrap()])
            .args(["--stations", st.to_str().unwrap()])
            .args(["--residents-out", out.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let mut k: Vec<String> = v["features"][0]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.retain(|k| {
            k.contains("red_bee") || k.contains("红蜂") || k == "population" || k == "人口"
        });
        k
    };
    // English unless --lang zh (scripts read these names; a Chinese locale alone keeps them).
    assert_eq!(
        keys(&[]),
        [
            "population",
            "red_bee_station_access_per_1000",
            "red_bee_station_covered",
            "red_bee_station_distance_m",
            "red_bee_station_nearest"
        ]
    );
    assert_eq!(
        keys(&["--lang", "zh"]),
        [
            "人口",
            "红蜂驿站_已覆盖",
            "红蜂驿站_最近站点",
            "红蜂驿站_每千人供给",
            "红蜂驿站_距离_米"
        ]
    );
}

#[test]
fn an_excel_sheet_gives_the_figures_of_the_csv() {
    let root = env!("CARGO_MANIFEST_DIR");
    // The demo district, as `lifecircle demo` writes it (the workbook was made from it).
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig::default());
    let res = file("demo-residents.csv", &d.residents_csv());
    let st = file(
        "demo-stations.csv",
        &d.stations_csv(&lifecircle::KindTable::default()),
    );
    let run = |residents: &str, extra: &[&str]| {
        let path = if residents.starts_with('/') {
            residents.to_string()
        } else {
            format!("{root}/{residents}")
        };
        let o = bin()
            .args(["coverage", "--residents", &path])
            .args(["--stations", st.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let csv = run(res.to_str().unwrap(), &[]);
    let xlsx = run("tests/data/demo-residents.xlsx", &["--sheet", "居民"]);
    assert_eq!(csv.0, Some(0));
    assert_eq!(csv.1, xlsx.1);
    let bad = run("tests/data/demo-residents.xlsx", &["--sheet", "坏行"]);
    assert_eq!(bad.0, Some(2));
    assert!(
        bad.2
            .contains("demo-residents.xlsx [坏行], row 5, column '人口'"),
        "{}",
        bad.2
    );
}

#[test]
fn a_shapefile_is_read_from_its_zip_or_its_shp_with_the_files_beside_it() {
    let root = env!("CARGO_MANIFEST_DIR");
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig::default());
    let res = file("demo-residents-2.csv", &d.residents_csv());
    let st = file(
        "demo-stations-2.csv",
        &d.stations_csv(&lifecircle::KindTable::default()),
    );
    // The zip's files, unpacked beside each other.
    let zip_path = format!("{root}/tests/data/demo-residents-gk.zip");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let dir = res.parent().unwrap().join("居民点");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().rsplit('/').next().unwrap().to_string();
        let mut out = std::fs::File::create(dir.join(name)).unwrap();
        std::io::copy(&mut f, &mut out).unwrap();
    }
    let run = |residents: &str| {
        let o = bin()
            .args([
                "coverage",
                "--residents",
                residents,
                "--stations",
                st.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let csv = run(res.to_str().unwrap());
    assert_eq!(run(&zip_path), csv);
    assert_eq!(run(dir.join("居民点.shp").to_str().unwrap()), csv);
}

#[test]
fn boundaries_by_polygon_from_the_command_line() {
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig::default());
    let res = file("b-residents.csv", &d.residents_csv());
    let st = file(
        "b-stations.csv",
        &d.stations_csv(&lifecircle::KindTable::default()),
    );
    // Two communities' polygons only: everyone else is unassigned at that level.
    let two = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"社区":"北区"},"geometry":{"type":"Polygon","coordinates":[[[118.70,32.06],[118.95,32.06],[118.95,32.20],[118.70,32.20],[118.70,32.06]]]}},
      {"type":"Feature","properties":{"社区":"南区"},"geometry":{"type":"Polygon","coordinates":[[[118.70,31.90],[118.95,31.90],[118.95,32.06],[118.70,32.06],[118.70,31.90]]]}}]}"#;
    let b = file("社区.geojson", two);
    let run = |extra: &[&str]| {
        bin()
            .args(["coverage", "--residents", res.to_str().unwrap()])
            .args(["--stations", st.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&["--boundaries", b.to_str().unwrap(), "--level", "community"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let communities: Vec<&str> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["level"] == "community")
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert!(
        communities.iter().all(|c| *c == "北区" || *c == "南区"),
        "{communities:?}"
    );
    assert_eq!(v["boundaries"][0]["source"], "社区.geojson");
    assert_eq!(v["unassigned"][0]["level"], "community");
    let o = run(&["--boundaries", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a --level"));
}

/// The issue's own command on files written by independent tools (pyshp + pyproj, openpyxl:
/// scripts/fixtures): residents as a GBK Shapefile in Gauss-Krüger zone 40, stations as .xlsx,
/// community boundaries as a zipped Shapefile of irregular polygons (one with a hole) in the same
/// zone. Each community's population equals a brute-force count with `geo`'s containment in the
/// projected plane, read with the `shapefile` crate directly, and the rest is reported unassigned.
#[test]
fn residents_zip_stations_xlsx_and_community_polygons_zip() {
    use geo::Contains;
    let root = env!("CARGO_MANIFEST_DIR");
    let data = |f: &str| format!("{root}/tests/data/{f}");
    // The plan both commands read.
    let plan = [
        "--residents".to_string(),
        data("demo-residents-gk.zip"),
        "--stations".into(),
        data("demo-stations.xlsx"),
        "--boundaries".into(),
        data("demo-communities-gk.zip"),
        "--level".into(),
        "community".into(),
    ];
    let o = bin()
        .arg("coverage")
        .args(&plan)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The oracle, in the projected plane.
    let zip = |f: &str| {
        let mut z = zip::ZipArchive::new(std::fs::File::open(data(f)).unwrap()).unwrap();
        let mut files = std::collections::HashMap::new();
        for i in 0..z.len() {
            let mut e = z.by_index(i).unwrap();
            let ext = e.name().unwrap().rsplit('.').next().unwrap().to_string();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            files.insert(ext, b);
        }
        files
    };
    let polygons = zip("demo-communities-gk.zip");
    let reader = shapefile::ShapeReader::new(std::io::Cursor::new(&polygons["shp"])).unwrap();
    let shapes: Vec<geo::MultiPolygon> = reader
        .read_as::<shapefile::Polygon>()
        .unwrap()
        .into_iter()
        .map(|p| {
            // Each outer ring starts a polygon; inner rings (holes) belong to the last one.
            let line = |pts: &[shapefile::Point]| {
                geo::LineString::from(pts.iter().map(|q| (q.x, q.y)).collect::<Vec<_>>())
            };
            let mut polys: Vec<(geo::LineString, Vec<geo::LineString>)> = Vec::new();
            for ring in p.rings() {
                match ring {
                    shapefile::PolygonRing::Outer(pts) => polys.push((line(pts), Vec::new())),
                    shapefile::PolygonRing::Inner(pts) => {
                        polys.last_mut().unwrap().1.push(line(pts))
                    }
                }
            }
            geo::MultiPolygon::new(
                polys
                    .into_iter()
                    .map(|(o, h)| geo::Polygon::new(o, h))
                    .collect(),
            )
        })
        .collect();
    let names = ["甲社区", "乙社区", "丙社区", "丁社区", "戊社区", "己社区"];
    let residents = zip("demo-residents-gk.zip");
    let points = shapefile::ShapeReader::new(std::io::Cursor::new(&residents["shp"])).unwrap();
    let points: Vec<shapefile::Point> = points.read_as::<shapefile::Point>().unwrap();
    let mut table = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::GBK))
        .build(std::io::Cursor::new(&residents["dbf"]))
        .unwrap();
    let population: Vec<f64> = table
        .iter_records()
        .map(|r| match r.unwrap().get("人口") {
            Some(dbase::FieldValue::Numeric(Some(x))) => *x,
            other => panic!("{other:?}"),
        })
        .collect();
    let mut want = vec![0.0; names.len()];
    let (mut outside, mut outside_pop) = (0usize, 0.0);
    for (p, pop) in points.iter().zip(&population) {
        match shapes
            .iter()
            .position(|s| s.contains(&geo::Point::new(p.x, p.y)))
        {
            Some(k) => want[k] += pop,
            None => {
                outside += 1;
                outside_pop += pop;
            }
        }
    }
    assert!(outside > 0 && want.iter().all(|&w| w > 0.0), "{want:?}");
    let mut got = vec![0.0; names.len()];
    for u in v["units"].as_array().unwrap() {
        if u["level"] == "community" {
            let k = names
                .iter()
                .position(|n| u["name"] == *n)
                .expect("a polygon's name");
            got[k] += u["total_population"].as_f64().unwrap();
        }
    }
    assert_eq!(got, want);
    assert_eq!(v["unassigned"][0]["residents"], outside);
    assert_eq!(
        v["unassigned"][0]["population"].as_f64().unwrap(),
        outside_pop
    );
    assert_eq!(
        v["boundaries"][0]["source"],
        "demo-communities-gk.zip [社区边界.shp]"
    );
    assert_eq!(v["boundaries"][0]["polygons"], 6);
    // Stations from the workbook: the demo's.
    assert_eq!(v["stations"].as_array().unwrap().len(), 49);
    // The coverage workbook says where the communities came from and who lies outside them.
    let out = std::env::temp_dir().join(format!("lifecircle-b-{}.xlsx", std::process::id()));
    let o = bin()
        .arg("report")
        .args(&plan)
        .args(["--out", out.to_str().unwrap(), "--lang", "zh"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let text: String = book
        .worksheets()
        .iter()
        .flat_map(|(_, r)| {
            r.rows()
                .flatten()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let want = format!(
        "社区单元来自边界多边形（demo-communities-gk.zip [社区边界.shp]，6 个）；不在任何社区边界内：{outside} 个居民点，{outside_pop:.0} 人"
    );
    assert!(text.contains(&want), "{want} not in the workbook");
}

/// A radius as walking time at a speed: `10min@1.0` is exactly 600 m (the same report), and a
/// profile's name gives its speed from data/walking-speeds.csv.
#[test]
fn walking_time_at_a_speed_is_a_radius() {
    let d = lifecircle::demo::generate(&lifecircle::demo::DemoConfig::default());
    let res = file("w-residents.csv", &d.residents_csv());
    let st = file(
        "w-stations.csv",
        &d.stations_csv(&lifecircle::KindTable::default()),
    );
    let run = |radius: &str| {
        let o = bin()
            .args(["coverage", "--residents", res.to_str().unwrap()])
            .args(["--stations", st.to_str().unwrap(), "--radius", radius])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    assert_eq!(run("红蜂驿站=10min@1.0"), run("红蜂驿站=600"));
    let elderly = lifecircle::speeds::speed_profiles()
        .into_iter()
        .find(|p| p.id == "elderly")
        .unwrap()
        .speed_m_s;
    let v = run("党群服务站=10分钟@老年人");
    assert_eq!(v["kinds"][1]["radius_m"].as_f64().unwrap(), 600.0 * elderly);
    // The GB tiers keep their distances.
    assert_eq!(run("红蜂驿站=10min")["kinds"][0]["radius_m"], 500.0);
    let o = bin()
        .args(["coverage", "--residents", res.to_str().unwrap()])
        .args([
            "--stations",
            st.to_str().unwrap(),
            "--radius",
            "红蜂驿站=10min@fast",
        ])
        .args(["--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("10min@老年人"));
}
