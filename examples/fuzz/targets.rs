//! The fuzz targets: every importer of the engine, each with its seed files (the demo's, the real
//! OpenStreetMap extracts in `../shared/data`, crafted PBF), run as the app and the CLI run them,
//! then checked: figures finite, ratios shares, residents on the earth.

#[path = "../../tests/support/pbf_writer.rs"]
mod pbf;

use lifecircle::demo::{generate, DemoConfig};
use lifecircle::session::{Area, CandidateSource, FileData, SitingRequest};
use lifecircle::siting::Goal;
use lifecircle::{ImportOptions, KindTable, Session};
use std::path::Path;

/// The English text of an engine error, after checking that it has a Chinese one too (a planner
/// in a Chinese page or with a Chinese locale reads that): one without is a finding (a panic).
fn said(e: impl lifecircle::error::Localized) -> String {
    let zh = e.localized(lifecircle::lang::Lang::Zh);
    let en = e.localized(lifecircle::lang::Lang::En);
    if !zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        panic!("an error without a Chinese text: {en}");
    }
    en
}

/// What one run of a target gave: a short signature of an accepted file, or the error.
pub type Outcome = Result<String, String>;

/// One importer under test.
pub struct Target {
    /// Its name in the summary.
    pub name: &'static str,
    /// Seed files.
    pub seeds: Vec<Vec<u8>>,
    /// Reads one input (panics on a broken invariant).
    pub run: fn(&Ctx, &[u8]) -> Outcome,
}

/// What targets share: a small demo district as the plan files are read against.
pub struct Ctx {
    residents_csv: String,
    stations_csv: String,
}

impl Ctx {
    fn session(&self) -> Session {
        let mut s = Session::new();
        s.read_residents(
            self.residents_csv.clone().into_bytes(),
            &ImportOptions::default(),
        )
        .expect("demo residents");
        s.read_stations(
            &FileData::Text(self.stations_csv.clone()),
            &ImportOptions::default(),
        )
        .expect("demo stations");
        s
    }
}

/// Checks figures: every coverage ratio a share, every population finite (`null` in JSON).
fn check_figures(v: &serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| check_figures(v, k)),
        serde_json::Value::Array(a) => a.iter().for_each(|v| check_figures(v, key)),
        serde_json::Value::Null if key.ends_with("population") || key.ends_with("ratio") => {
            panic!("figure {key} is null (NaN or infinite)")
        }
        serde_json::Value::Number(n) if key.ends_with("ratio") => {
            let r = n.as_f64().unwrap_or(f64::NAN);
            assert!(
                (0.0..=1.0).contains(&r),
                "figure {key} = {r} is not a share"
            );
        }
        _ => {}
    }
}

/// Checks a session's report (see [`check_figures`]); a signature of its size.
fn check_report(s: &mut Session) -> String {
    let (summary, _) = s.summary().expect("a loaded plan reports");
    check_figures(
        &serde_json::to_value(&summary).expect("a report serialises"),
        "",
    );
    assert!(
        summary.total_population.is_finite(),
        "total population {}",
        summary.total_population
    );
    format!(
        "ok residents~{} stations~{}",
        bucket(summary.residents),
        bucket(summary.stations.len())
    )
}

/// A count in powers of two, so that signatures group similar files.
fn bucket(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

fn residents(ctx: &Ctx, b: &[u8]) -> Outcome {
    let table = lifecircle::read_residents(b, &ImportOptions::default()).map_err(said)?;
    for i in 0..table.len() {
        assert!(
            table.lon[i].abs() <= 180.0 && table.lat[i].abs() <= 90.0,
            "resident {i} off the earth"
        );
        assert!(
            table.population[i].is_finite() && table.population[i] >= 0.0,
            "population {}",
            table.population[i]
        );
    }
    if table.len() > 20_000 {
        return Ok(format!("ok big {}", bucket(table.len())));
    }
    let mut s = Session::new();
    s.load_residents(table);
    s.read_stations(
        &FileData::Text(ctx.stations_csv.clone()),
        &ImportOptions::default(),
    )
    .expect("demo stations");
    Ok(check_report(&mut s))
}

fn stations(ctx: &Ctx, b: &[u8]) -> Outcome {
    let mut s = ctx.session();
    let opts = ImportOptions {
        new_kind_radius_m: Some(500.0),
        ..Default::default()
    };
    s.read_stations(&FileData::Bytes(b.to_vec()), &opts)
        .map_err(said)?;
    Ok(check_report(&mut s))
}

fn candidates(ctx: &Ctx, b: &[u8]) -> Outcome {
    let sites = lifecircle::import::read_sites(b, &ImportOptions::default()).map_err(said)?;
    if sites.len() > 3_000 {
        return Ok(format!("ok big {}", bucket(sites.len())));
    }
    let mut s = ctx.session();
    let req = SitingRequest {
        kind: "红蜂驿站".into(),
        goal: Goal::Count(2),
        candidates: CandidateSource::File {
            bytes: b.to_vec(),
            source: "candidates".into(),
            crs: lifecircle::Crs::Wgs84,
        },
        area: None,
        crs: lifecircle::Crs::Wgs84,
    };
    let r = s.suggest(&req).map_err(said)?;
    assert!(
        r.covered_after.is_finite() && r.covered_after + 1e-6 >= r.covered_before,
        "suggestions lost coverage"
    );
    Ok(format!(
        "ok sites~{} picked {}",
        bucket(sites.len()),
        r.suggestions.len()
    ))
}

/// A CSV's rows as the first sheet of an .xlsx (numbers as numbers), a seed for the workbook reader.
fn workbook(csv: Vec<u8>) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, line) in String::from_utf8_lossy(&csv).lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) => sheet.write_number(r, c, v),
                Err(_) => sheet.write_string(r, c, cell),
            }
            .expect("a cell");
        }
    }
    wb.save_to_buffer().expect("a workbook")
}

fn boundaries(ctx: &Ctx, b: &[u8]) -> Outcome {
    use lifecircle::admin::Level;
    let bd = lifecircle::boundaries::read_boundaries(
        b,
        &ImportOptions::default(),
        Level::Community,
        None,
    )
    .map_err(said)?;
    let polygons = bd.index.len();
    let mut s = ctx.session();
    s.set_boundaries(bd);
    let summary = s.summary_brief().map_err(said)?;
    // Every resident is in one community or unassigned: the populations add up.
    let in_units: f64 = summary
        .units
        .iter()
        .filter(|u| u.level == Level::Community)
        .map(|u| u.total_population)
        .sum();
    let out = summary.unassigned.first().map_or(0.0, |u| u.population);
    assert!(
        (in_units + out - summary.total_population).abs()
            <= 1e-6 * summary.total_population.max(1.0),
        "communities {in_units} + unassigned {out} != {}",
        summary.total_population
    );
    Ok(format!("ok polygons~{}", bucket(polygons)))
}

fn area(ctx: &Ctx, b: &[u8]) -> Outcome {
    let text =
        std::str::from_utf8(b).map_err(|e| format!("(not UTF-8 — the fuzzer's own check) {e}"))?;
    let shape = lifecircle::import::read_area(text, lifecircle::Crs::Wgs84).map_err(said)?;
    use geo::CoordsIter;
    assert!(
        shape
            .coords_iter()
            .all(|c| c.x.abs() <= 180.0 && c.y.abs() <= 90.0),
        "area off the earth"
    );
    let mut s = ctx.session();
    let req = SitingRequest {
        kind: "红蜂驿站".into(),
        goal: Goal::Count(1),
        candidates: CandidateSource::Grid {
            spacing_m: Some(400.0),
        },
        area: Some(Area {
            geojson: text.to_string(),
            crs: lifecircle::Crs::Wgs84,
            source: "area".into(),
        }),
        crs: lifecircle::Crs::Wgs84,
    };
    match s.suggest(&req) {
        Ok(r) => Ok(format!(
            "ok polygons~{} picked {}",
            bucket(shape.0.len()),
            r.suggestions.len()
        )),
        Err(e) => Err(said(e)),
    }
}

fn streets(ctx: &Ctx, b: &[u8]) -> Outcome {
    let mut s = ctx.session();
    let info = s
        .read_streets(
            &FileData::Bytes(b.to_vec()),
            None,
            None,
            lifecircle::Crs::Wgs84,
            lifecircle::network::SnapRule::default(),
        )
        .map_err(said)?;
    if info.nodes > 50_000 {
        return Ok(format!("ok big {}", bucket(info.nodes)));
    }
    s.set_metric(lifecircle::Metric::Network).map_err(said)?;
    Ok(format!(
        "{} streets~{}",
        check_report(&mut s),
        bucket(info.streets)
    ))
}

fn osm(_: &Ctx, b: &[u8]) -> Outcome {
    let imp = lifecircle::osm::import_osm(b).map_err(said)?;
    let (text, n) = lifecircle::osm::residents_geojson(&imp, &Default::default());
    let v: serde_json::Value = serde_json::from_str(&text).expect("residents GeoJSON is JSON");
    for f in v["features"].as_array().expect("features") {
        let p = f["properties"]["population"]
            .as_f64()
            .expect("a population");
        assert!(
            p.is_finite() && (0.0..=1e6).contains(&p),
            "resident of {p} people"
        );
        let c = &f["geometry"]["coordinates"];
        let (x, y) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
        assert!(x.abs() <= 180.0 && y.abs() <= 90.0, "resident at {x},{y}");
    }
    Ok(format!(
        "ok residents~{} pois~{} streets~{}",
        bucket(n),
        bucket(imp.pois.len()),
        bucket(imp.streets.len())
    ))
}

fn proposal(ctx: &Ctx, b: &[u8]) -> Outcome {
    let mut s = ctx.session();
    let edits = lifecircle::scenario::read_proposal(b, &ImportOptions::default(), s.plan())
        .map_err(said)?;
    let c = s.propose(&edits, "现状", "方案").map_err(said)?;
    check_figures(
        &serde_json::to_value(&c).expect("a comparison serialises"),
        "",
    );
    Ok(format!("ok edits~{}", bucket(edits.len())))
}

/// Community totals for the census spread: every value a count of people, one row a community.
fn totals(_: &Ctx, b: &[u8]) -> Outcome {
    let t =
        lifecircle::disaggregate::read::read_totals(b, &ImportOptions::default()).map_err(said)?;
    let mut names = std::collections::HashSet::new();
    for c in &t.communities {
        assert!(
            names.insert(c.community.clone()),
            "community {} twice",
            c.community
        );
        assert_eq!(c.values.len(), t.columns.len());
        assert!(
            c.values.iter().all(|v| v.is_finite() && *v >= 0.0),
            "{:?}",
            c.values
        );
    }
    // The spread of any accepted table over one building per community sums exactly.
    let buildings = t
        .communities
        .iter()
        .map(|c| lifecircle::disaggregate::Building {
            lon: 118.8,
            lat: 32.0,
            name: String::new(),
            footprint_m2: 100.0,
            floors: 6.0,
            floors_given: false,
            community: Some(c.community.clone()),
        })
        .collect();
    let s = lifecircle::disaggregate::spread(&t, buildings, 6.0);
    for (c, v) in t.communities.iter().zip(&s.values) {
        assert_eq!(&c.values, v);
    }
    Ok(format!("ok communities~{}", bucket(t.communities.len())))
}

/// Buildings for the census spread: a footprint and floors for each.
fn buildings(_: &Ctx, b: &[u8]) -> Outcome {
    let bs =
        lifecircle::disaggregate::read::read_buildings(b, &ImportOptions::default(), 6.0, None)
            .map_err(said)?;
    for x in &bs {
        assert!(
            x.footprint_m2.is_finite() && x.footprint_m2 >= 0.0 && x.floors > 0.0,
            "{x:?}"
        );
        assert!(x.lon.is_finite() && x.lat.is_finite());
    }
    Ok(format!("ok buildings~{}", bucket(bs.len())))
}

/// A city's facility standards table.
fn standards(_: &Ctx, b: &[u8]) -> Outcome {
    let rows = lifecircle::standards::read_standards(b, &ImportOptions::default()).map_err(said)?;
    for r in &rows {
        assert!(r.radius_m.is_none_or(|m| m > 0.0 && m.is_finite()), "{r:?}");
    }
    Ok(format!("ok rows~{}", bucket(rows.len())))
}

/// The head of `text` up to the last line end within `bytes` bytes.
fn head(text: &[u8], bytes: usize) -> Vec<u8> {
    let cut = &text[..bytes.min(text.len())];
    let end = cut
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(cut.len(), |p| p + 1);
    cut[..end].to_vec()
}

/// The first `n` features of a GeoJSON FeatureCollection, as a FeatureCollection.
fn features(path: &Path, n: usize) -> Vec<u8> {
    let v: serde_json::Value = serde_json::from_slice(&read(path)).expect("shared GeoJSON");
    let fs: Vec<_> = v["features"]
        .as_array()
        .expect("features")
        .iter()
        .take(n)
        .cloned()
        .collect();
    serde_json::to_vec(&serde_json::json!({"type": "FeatureCollection", "features": fs}))
        .expect("json")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path)
        .unwrap_or_else(|e| panic!("{}: {e} (the fuzzer needs ../shared/data)", path.display()))
}

/// Crafted PBF: nodes, a building, a multipolygon, a footway, a POI, in raw and zlib blobs.
fn crafted_pbf() -> Vec<Vec<u8>> {
    let mut b = pbf::Block::default();
    b.nodes(&[
        (1, 118.78, 32.04),
        (2, 118.781, 32.04),
        (3, 118.781, 32.041),
        (4, 118.78, 32.041),
        (5, 118.7805, 32.0405),
    ]);
    b.way(
        10,
        &[("building", "residential"), ("building:levels", "6")],
        &[1, 2, 3, 4, 1],
    );
    b.way(11, &[("highway", "footway")], &[1, 3]);
    b.relation(
        20,
        &[("type", "multipolygon"), ("building", "yes")],
        &[(1, 10, "outer")],
    );
    let mut header = Vec::new();
    pbf::bytes_field(&mut header, 4, b"OsmSchema-V0.6");
    let mut raw = pbf::blob("OSMHeader", &header, false, None);
    raw.extend(pbf::blob("OSMData", &b.encode(), false, None));
    vec![pbf::file(&b), raw]
}

/// Every target with its seeds; the real extracts come from `shared` (`../shared/data`).
pub fn all(shared: &Path) -> (Ctx, Vec<Target>) {
    let demo = generate(&DemoConfig {
        seed: 7,
        residents: 400,
        stations: Some(12),
    });
    let residents_csv = demo.residents_csv();
    let stations_csv = demo.stations_csv(&KindTable::default());
    let nj = shared.join("osm/nanjing_xinjiekou");
    let kotka = shared.join("osm/kotka_fi");
    let osm_xml = read(&nj.join("source_osm_bbox.osm"));
    let mut osm_head = head(&osm_xml, 120_000);
    osm_head.extend_from_slice(b"</osm>\n");
    let nj_import = lifecircle::osm::import_osm(&osm_xml).expect("the Nanjing extract reads");
    let (nj_residents, _) = lifecircle::osm::residents_geojson(&nj_import, &Default::default());
    let nj_residents = {
        let v: serde_json::Value = serde_json::from_str(&nj_residents).expect("json");
        let fs: Vec<_> = v["features"]
            .as_array()
            .expect("features")
            .iter()
            .take(60)
            .cloned()
            .collect();
        serde_json::to_vec(&serde_json::json!({"type": "FeatureCollection", "features": fs}))
            .expect("json")
    };
    let gbk_text = String::from_utf8(head(residents_csv.as_bytes(), 3_000)).expect("utf8");
    let gbk = encoding_rs::GBK.encode(&gbk_text).0.into_owned();
    let first: Vec<&str> = stations_csv
        .lines()
        .nth(1)
        .expect("a station")
        .split(',')
        .collect();
    let proposal_seed = format!(
        "操作,经度,纬度,类型,名称\n新增,118.78,32.05,红蜂驿站,新站\n迁移,{},{},{},{}\n撤销,,,{},{}\n",
        "118.79", "32.06", first[2], first[3], first[2], first[3]
    );
    let ctx = Ctx {
        residents_csv: residents_csv.clone(),
        stations_csv: stations_csv.clone(),
    };
    let nj_geojson = nj_residents.clone();
    let targets = vec![
        Target {
            name: "residents",
            seeds: vec![
                head(residents_csv.as_bytes(), 6_000),
                gbk,
                b"lon,lat,households,footprint_m2,levels\n118.8,32.06,20,300,6\n118.81,32.06,35,500,\n".to_vec(),
                nj_residents,
                // An Excel workbook and a zipped GBK Shapefile in a Gauss-Krüger zone (pyshp).
                workbook(head(residents_csv.as_bytes(), 3_000)),
                include_bytes!("../../tests/data/demo-residents-gk.zip").to_vec(),
            ],
            run: residents,
        },
        Target {
            name: "boundaries",
            seeds: vec![
                demo.boundaries_geojson().into_bytes(),
                // A multipolygon with a hole, named by 社区.
                r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"社区":"甲"},"geometry":{"type":"MultiPolygon","coordinates":[[[[118.7,32.0],[118.9,32.0],[118.9,32.1],[118.7,32.1],[118.7,32.0]],[[118.75,32.02],[118.8,32.02],[118.8,32.05],[118.75,32.05],[118.75,32.02]]],[[[118.92,32.0],[118.95,32.0],[118.95,32.1],[118.92,32.0]]]]}}]}"#.as_bytes().to_vec(),
            ],
            run: boundaries,
        },
        Target {
            // The autosave's and the project file's residents block.
            name: "residents-binary",
            seeds: vec![ctx.session().residents_binary(), {
                let mut s = Session::new();
                let opts = ImportOptions { floor_area_per_person: Some(36.52), ..Default::default() };
                s.read_residents(nj_geojson.clone(), &opts).expect("Nanjing residents");
                s.residents_binary()
            }],
            run: residents,
        },
        Target {
            name: "stations",
            seeds: vec![stations_csv.clone().into_bytes(), read(&nj.join("nanjing_pois.geojson")), "\u{feff}经度,纬度,类型\n".as_bytes().to_vec()],
            run: stations,
        },
        Target {
            name: "candidates",
            seeds: vec![head(residents_csv.as_bytes(), 2_000), features(&nj.join("nanjing_pois.geojson"), 30)],
            run: candidates,
        },
        Target {
            name: "area",
            seeds: vec![demo.boundaries_geojson().into_bytes(), read(&nj.join("nanjing_residential_areas.geojson"))],
            run: area,
        },
        Target {
            name: "streets",
            seeds: vec![features(&nj.join("nanjing_streets.geojson"), 80), features(&kotka.join("kotka_streets.geojson"), 40), osm_head.clone()],
            run: streets,
        },
        Target { name: "osm-xml", seeds: vec![osm_head], run: osm },
        Target {
            name: "osm-pbf",
            seeds: [vec![read(&kotka.join("test.osm.pbf"))], crafted_pbf()].concat(),
            run: osm,
        },
        Target { name: "proposal", seeds: vec![proposal_seed.into_bytes()], run: proposal },
        Target {
            name: "census-totals",
            seeds: vec!["街道,社区,常住人口,60岁以上\n东街道,甲社区,1000,201\n东街道,乙社区,77,9\n".as_bytes().to_vec()],
            run: totals,
        },
        Target {
            name: "buildings",
            seeds: vec![
                r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"社区":"甲","层数":5},"geometry":{"type":"Polygon","coordinates":[[[118.8,32.0],[118.8003,32.0],[118.8003,32.0003],[118.8,32.0003],[118.8,32.0]]]}},{"type":"Feature","properties":{"占地面积":120},"geometry":{"type":"Point","coordinates":[118.81,32.0]}}]}"#.as_bytes().to_vec(),
            ],
            run: buildings,
        },
        Target {
            name: "standards",
            seeds: vec![lifecircle::standards::FACILITY_STANDARDS_CSV.as_bytes().to_vec()],
            run: standards,
        },
    ];
    (ctx, targets)
}
