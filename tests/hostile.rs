//! Hostile and absurd input meets a limit, not exhaustion: every defect a hostile review found
//! (issue 14) as a regression test. Files are crafted here (PBF by a small writer) or mutated from
//! the demo; each must be refused with a short, located, readable error, or read right, within a
//! bound on the memory it holds meanwhile (this binary's allocator counts it: no timing).

#[path = "support/pbf_writer.rs"]
mod pbf;
#[path = "support/peak_alloc.rs"]
mod peak_alloc;

#[global_allocator]
static ALLOC: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

use lifecircle::import::{read_residents, read_stations, ImportOptions};
use lifecircle::osm::{import_osm, residents_geojson, ResidentEstimate};
use lifecircle::KindTable;

/// Errors are short enough to read (and never a dump of the input).
const MAX_ERROR: usize = 400;

fn short(e: &impl std::fmt::Display) -> String {
    let m = e.to_string();
    assert!(
        m.chars().count() <= MAX_ERROR,
        "error of {} chars: {}…",
        m.chars().count(),
        m.chars().take(200).collect::<String>()
    );
    m
}

/// Runs `f`, which may not hold more than `max_mb` MB at once (what it allocates on this thread,
/// beyond what was held before): the limit is met before the work, not after the memory.
fn bounded<T>(max_mb: usize, f: impl FnOnce() -> T) -> T {
    let (r, peak) = peak_alloc::peak_of(f);
    assert!(
        peak <= max_mb << 20,
        "held {:.1} MB at once (limit {max_mb} MB)",
        peak as f64 / 1048576.0
    );
    r
}

/// The error of a refused result, checked short (never Debug-prints what was accepted).
fn refused<T, E: std::fmt::Display>(r: Result<T, E>) -> String {
    match r {
        Ok(_) => panic!("the input was accepted"),
        Err(e) => short(&e),
    }
}

fn osm_err(bytes: &[u8]) -> String {
    match import_osm(bytes) {
        Ok(_) => panic!("the file was accepted"),
        Err(e) => short(&e),
    }
}

#[test]
fn pbf_way_that_repeats_one_node_a_million_times_is_refused() {
    let mut b = pbf::Block::default();
    b.nodes(&[(1, 118.8, 32.0), (2, 118.81, 32.0)]);
    let mut refs = vec![1i64; 1_000_000];
    refs.push(2);
    b.way(7, &[("highway", "footway")], &refs);
    let file = pbf::file(&b);
    assert!(file.len() < 20_000, "a small file: {}", file.len());
    let e = bounded(32, || osm_err(&file));
    assert!(e.contains("w7") && e.contains("2,000"), "{e}");
}

#[test]
fn pbf_zlib_bombs_are_refused_before_they_inflate() {
    // 200 MB of zeros, honestly declared: over the block limit.
    let zeros = vec![0u8; 200 << 20];
    let mut file = pbf::blob("OSMHeader", b"", false, None);
    file.extend(pbf::blob("OSMData", &zeros, true, None));
    let e = bounded(16, || osm_err(&file));
    assert!(e.contains("OSM PBF") && e.contains("MB"), "{e}");
    // The same bomb declaring a small size: refused as soon as it inflates past it.
    let mut file = pbf::blob("OSMHeader", b"", false, None);
    file.extend(pbf::blob("OSMData", &zeros[..64 << 20], true, Some(1000)));
    let e = bounded(16, || osm_err(&file));
    assert!(e.contains("OSM PBF"), "{e}");
    // Many honest blocks of 30 MB of zeros each (under the block limit): the whole file may not
    // inflate to more than a budget relative to its size.
    let mut file = pbf::blob("OSMHeader", b"", false, None);
    let block = pbf::blob("OSMData", &zeros[..30 << 20], true, None);
    for _ in 0..40 {
        file.extend_from_slice(&block);
    }
    let e = bounded(16, || osm_err(&file));
    assert!(e.contains("times"), "{e}");
}

#[test]
fn pbf_errors_never_print_the_inflated_buffer() {
    let Some(data) = common::shared_data("Kotka PBF flipped bytes") else {
        return;
    };
    let good = std::fs::read(data.join("osm/kotka_fi/test.osm.pbf")).unwrap();
    let mut refused = 0;
    for i in (200..good.len()).step_by(997) {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        if let Err(e) = import_osm(&bad) {
            short(&e);
            refused += 1;
        }
    }
    assert!(refused > 10, "{refused} flipped files refused");
}

/// A square of `d` degrees as a closed way of nodes 1..=4 (node ids from `first`).
fn square(b: &mut pbf::Block, first: i64, lon: f64, lat: f64, d: f64) -> Vec<i64> {
    let ids: Vec<i64> = (first..first + 4).collect();
    b.nodes(&[
        (ids[0], lon, lat),
        (ids[1], lon + d, lat),
        (ids[2], lon + d, lat + d),
        (ids[3], lon, lat + d),
    ]);
    vec![ids[0], ids[1], ids[2], ids[3], ids[0]]
}

#[test]
fn a_residential_area_the_size_of_a_province_is_refused() {
    let mut b = pbf::Block::default();
    let ring = square(&mut b, 1, 118.0, 31.0, 1.0);
    b.way(10, &[], &ring);
    b.relation(
        20,
        &[("type", "multipolygon"), ("landuse", "residential")],
        &[(1, 10, "outer")],
    );
    let e = bounded(16, || osm_err(&pbf::file(&b)));
    assert!(e.contains("r20") && e.contains("km²"), "{e}");
}

#[test]
fn a_ring_listed_three_times_counts_once() {
    let mut b = pbf::Block::default();
    let ring = square(&mut b, 1, 118.8, 32.0, 0.0005);
    b.way(10, &[], &ring);
    b.relation(
        20,
        &[("type", "multipolygon"), ("building", "residential")],
        &[(1, 10, "outer"), (1, 10, "outer"), (1, 10, "outer")],
    );
    let once = {
        let mut c = pbf::Block::default();
        let ring = square(&mut c, 1, 118.8, 32.0, 0.0005);
        c.way(10, &[("building", "residential")], &ring);
        import_osm(&pbf::file(&c)).unwrap()
    };
    let thrice = import_osm(&pbf::file(&b)).unwrap();
    let est = ResidentEstimate::default();
    let pop = |imp: &lifecircle::osm::OsmImport| -> f64 {
        let (text, _) = residents_geojson(imp, &est);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["population"].as_f64().unwrap())
            .sum()
    };
    assert!(pop(&once) > 0.0);
    assert_eq!(pop(&thrice), pop(&once));
}

#[test]
fn absurd_building_heights_are_refused() {
    let mut b = pbf::Block::default();
    let ring = square(&mut b, 1, 118.8, 32.0, 0.0005);
    b.way(
        10,
        &[
            ("building", "apartments"),
            ("building:levels", "1000000000"),
        ],
        &ring,
    );
    let e = osm_err(&pbf::file(&b));
    assert!(e.contains("w10") && e.contains("levels"), "{e}");
}

#[test]
fn pbf_coordinates_off_the_earth_are_refused() {
    // A huge granularity throws coordinates to 3.2e9 degrees.
    let mut b = pbf::Block {
        granularity: Some(1_000_000_000_000),
        ..Default::default()
    };
    b.nodes(&[(1, 1.0e3, 1.0e3)]);
    let mut raw = b.encode();
    // (the writer rounded to the granularity; rewrite the node as 3.2e9 degrees by hand)
    raw.clear();
    let mut dense = Vec::new();
    pbf::packed_deltas(&mut dense, 1, &[1]);
    pbf::packed_deltas(&mut dense, 8, &[3_200]);
    pbf::packed_deltas(&mut dense, 9, &[3_200]);
    let mut group = Vec::new();
    pbf::bytes_field(&mut group, 2, &dense);
    let mut block = Vec::new();
    pbf::bytes_field(&mut block, 1, &[]);
    pbf::bytes_field(&mut block, 2, &group);
    pbf::int_field(&mut block, 17, 1_000_000_000_000_000);
    let mut file = pbf::blob("OSMHeader", b"", false, None);
    file.extend(pbf::blob("OSMData", &block, true, None));
    let e = osm_err(&file);
    assert!(e.contains("node 1") && e.contains("180"), "{e}");
}

#[test]
fn osm_xml_nodes_off_the_earth_or_not_numbers_are_refused() {
    for (lat, lon) in [
        ("NaN", "118.8"),
        ("91", "118.8"),
        ("32", "245.87"),
        ("32", "inf"),
    ] {
        let xml = format!(
            r#"<osm version="0.6"><node id="5" lat="{lat}" lon="{lon}"><tag k="amenity" v="community_centre"/></node></osm>"#
        );
        let e = osm_err(xml.as_bytes());
        assert!(e.contains("node 5"), "{lat},{lon}: {e}");
    }
}

#[test]
fn osm_xml_in_utf16_is_read_as_xml() {
    let xml = r#"<?xml version="1.0"?><osm version="0.6"><node id="5" lat="32.0" lon="118.8"><tag k="amenity" v="community_centre"/><tag k="name" v="梅园社区"/></node></osm>"#;
    let mut bytes = vec![0xFF, 0xFE];
    for u in xml.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let imp = import_osm(&bytes).unwrap();
    assert_eq!(imp.pois.len(), 1);
    assert_eq!(imp.pois[0].name, "梅园社区");
}

#[test]
fn populations_and_households_must_be_plausible() {
    for (header, value) in [
        ("人口", "1e308"),
        ("户数", "1e308"),
        ("人口", "5000000"),
        ("户数", "1e7"),
    ] {
        let csv = format!("经度,纬度,{header}\n118.8,32.0,10\n118.81,32.0,{value}\n");
        let m = refused(read_residents(csv.as_bytes(), &ImportOptions::default()));
        assert!(m.contains("line 3") && m.contains("1,000,000"), "{m}");
    }
    // A large but real figure (a whole community as one row) is fine.
    let csv = "经度,纬度,人口\n118.8,32.0,60000\n";
    assert!(read_residents(csv.as_bytes(), &ImportOptions::default()).is_ok());
}

#[test]
fn one_gbk_line_in_a_utf8_file_is_refused_naming_the_line() {
    let (gbk, _, _) = encoding_rs::GBK.encode("118.82,32.06,30,玄武街道,梅园社区,第2网格,乙楼\n");
    let mut bytes =
        "经度,纬度,人口,街道,社区,网格,名称\n118.80,32.06,10,玄武街道,梅园社区,第1网格,甲楼\n"
            .as_bytes()
            .to_vec();
    bytes.extend_from_slice(&gbk);
    bytes.extend_from_slice("118.84,32.06,50,玄武街道,梅园社区,第3网格,丙楼\n".as_bytes());
    let m = refused(read_residents(&bytes, &ImportOptions::default()));
    assert!(m.contains("line 3") && m.contains("UTF-8"), "{m}");
}

#[test]
fn a_file_cut_off_mid_character_says_so() {
    let mut bytes = "经度,纬度,人口,名称\n118.80,32.06,10,甲楼\n118.81,32.06,10,乙"
        .as_bytes()
        .to_vec();
    bytes.pop();
    let m = refused(read_residents(&bytes, &ImportOptions::default()));
    assert!(
        m.contains("cut off") || m.contains("ends in the middle"),
        "{m}"
    );
}

/// A residents CSV with `cols` numeric columns besides coordinates and population.
fn wide_csv(cols: usize, rows: usize) -> String {
    let names: Vec<String> = (0..cols).map(|i| format!("c{i}")).collect();
    let values: Vec<String> = (0..cols).map(|i| (i % 7).to_string()).collect();
    let mut csv = format!("经度,纬度,人口,{}\n", names.join(","));
    for r in 0..rows {
        csv += &format!(
            "118.8,{:.4},10,{}\n",
            32.0 + r as f64 * 1e-4,
            values.join(",")
        );
    }
    csv
}

#[test]
fn wide_files_and_huge_headers_meet_a_limit_quickly() {
    // 40,000 columns × 25 rows: refused at once (columns per file).
    let csv = wide_csv(40_000, 25);
    let m = bounded(16, || {
        refused(read_residents(csv.as_bytes(), &ImportOptions::default()))
    });
    assert!(m.contains("columns") && m.contains("1,000"), "{m}");
    // 900 extra numeric columns (under the limit) are read in linear time.
    let cols = 900;
    let csv = wide_csv(cols, 400);
    let t = bounded(16, || {
        read_residents(csv.as_bytes(), &ImportOptions::default())
            .map_err(|e| e.to_string())
            .unwrap()
    });
    assert_eq!(t.weights.len(), cols);
    // A 50 MB header line: refused before it is split.
    let huge = format!("经度,纬度,人口,{}\n118.8,32.0,10\n", "c,".repeat(25 << 20));
    let m = bounded(16, || {
        refused(read_residents(huge.as_bytes(), &ImportOptions::default()))
    });
    assert!(m.contains("header"), "{m}");
}

#[test]
fn a_station_at_the_pole_is_not_called_swapped() {
    // Latitude 90 is a real place: read, not refused as "swapped".
    let csv = "经度,纬度,类型\n30,90,红蜂驿站\n";
    let st = read_stations(
        csv.as_bytes(),
        &ImportOptions::default(),
        &KindTable::default(),
    )
    .map_err(|e| e.to_string())
    .unwrap();
    assert_eq!((st[0].lon, st[0].lat), (30.0, 90.0));
    // Latitude 120 with longitude 32 is swapped, and said so on its line.
    let m = refused(read_stations(
        "经度,纬度,类型\n32,120,红蜂驿站\n".as_bytes(),
        &ImportOptions::default(),
        &KindTable::default(),
    ));
    assert!(m.contains("swapped") && m.contains("line 2"), "{m}");
}

#[test]
fn a_stations_file_with_a_header_and_no_rows_is_a_plan_without_stations() {
    let st = read_stations(
        "经度,纬度,类型\n".as_bytes(),
        &ImportOptions::default(),
        &KindTable::default(),
    )
    .unwrap();
    assert!(st.is_empty());
    let gj = read_stations(
        br#"{"type":"FeatureCollection","features":[]}"#,
        &ImportOptions::default(),
        &KindTable::default(),
    )
    .unwrap();
    assert!(gj.is_empty());
    // An empty file is still an error: nothing says what it was meant to be.
    assert!(read_stations(b"", &ImportOptions::default(), &KindTable::default()).is_err());
}

#[test]
fn siting_that_would_need_gigabytes_is_refused() {
    use lifecircle::siting::{grid_candidates, suggest, Goal};
    let mut t = lifecircle::ResidentTable::default();
    for i in 0..20_000 {
        t.push(
            118.8 + (i % 200) as f64 * 0.0002,
            32.0 + (i / 200) as f64 * 0.0004,
            1.0,
            ["", "", ""],
            "",
        );
    }
    let mut plan = lifecircle::Planner::new();
    plan.load_residents(t);
    let k = plan.set_kind("far", None, None, 50_000.0).unwrap();
    let candidates = grid_candidates(&plan, 10.0)
        .map_err(|e| e.to_string())
        .unwrap();
    // Refused from a sample of the candidates before any cover set is held (it grew them to the
    // limit, ~630 MB, before; gigabytes without any limit).
    let m = bounded(16, || {
        refused(suggest(&plan, k, &candidates, Goal::Count(3)))
    });
    assert!(m.contains("pairs") || m.contains("spacing"), "{m}");
}

mod common;

#[test]
fn osm_errors_have_the_same_facts_in_chinese() {
    use lifecircle::error::Localized;
    use lifecircle::lang::Lang;
    let zh = |bytes: &[u8]| match import_osm(bytes) {
        Ok(_) => panic!("the file was accepted"),
        Err(e) => e.localized(Lang::Zh),
    };
    // A node off the earth in OSM XML: the byte and the node, in Chinese.
    let xml = r#"<osm version="0.6"><node id="5" lat="91" lon="118.8"/></osm>"#;
    let e = zh(xml.as_bytes());
    assert!(
        e.starts_with("OSM XML 第 ") && e.contains("节点 5 位于经度 118.8、纬度 91"),
        "{e}"
    );
    // XML cut off inside a tag.
    let e = zh(br#"<osm version="0.6"><node id="5" lat="32" lo"#);
    assert!(e.contains("OSM XML") && e.contains("字节处"), "{e}");
    // A zlib bomb in a PBF.
    let zeros = vec![0u8; 64 << 20];
    let mut file = pbf::blob("OSMHeader", b"", false, None);
    file.extend(pbf::blob("OSMData", &zeros, true, Some(1000)));
    let e = zh(&file);
    assert!(e.contains("OSM PBF：") && e.contains("压缩炸弹"), "{e}");
}

#[test]
fn an_xlsx_zip_bomb_is_refused_before_it_inflates() {
    use std::io::Write;
    // 64 MB of spaces as a sheet compress to some 64 KB: far more than a sheet inflates.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/workbook.xml", o).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..64 {
            z.write_all(&spaces).unwrap();
        }
        z.finish().unwrap();
    }
    let bytes = buf.into_inner();
    let e = bounded(16, || {
        refused(read_residents(&bytes, &ImportOptions::default()))
    });
    assert!(e.contains("zip bomb") && e.contains("64 MB"), "{e}");
}

#[test]
fn a_shapefile_record_claiming_a_billion_points_is_refused_by_its_size() {
    // A polygon record whose point count says 1,000,000,000 in a 200-byte file.
    let mut shp = vec![0u8; 100];
    shp[..4].copy_from_slice(&9994i32.to_be_bytes());
    shp[28..32].copy_from_slice(&1000i32.to_le_bytes());
    shp[32..36].copy_from_slice(&5i32.to_le_bytes());
    let mut rec = Vec::new();
    rec.extend_from_slice(&1i32.to_be_bytes());
    rec.extend_from_slice(&((4i32 + 32 + 8 + 4 + 16) / 2).to_be_bytes());
    rec.extend_from_slice(&5i32.to_le_bytes());
    rec.extend_from_slice(&[0u8; 32]);
    rec.extend_from_slice(&1i32.to_le_bytes());
    rec.extend_from_slice(&1_000_000_000i32.to_le_bytes());
    rec.extend_from_slice(&0i32.to_le_bytes());
    rec.extend_from_slice(&[0u8; 16]);
    shp.extend_from_slice(&rec);
    let len = (shp.len() / 2) as i32;
    shp[24..28].copy_from_slice(&len.to_be_bytes());
    // A one-field, one-record .dbf.
    let mut dbf = vec![0x03, 124, 1, 1];
    dbf.extend_from_slice(&1u32.to_le_bytes());
    dbf.extend_from_slice(&65u16.to_le_bytes());
    dbf.extend_from_slice(&11u16.to_le_bytes());
    dbf.extend_from_slice(&[0u8; 20]);
    let mut field = b"NAME\0\0\0\0\0\0\0C".to_vec();
    field.extend_from_slice(&[0u8; 4]);
    field.push(10);
    field.extend_from_slice(&[0u8; 15]);
    dbf.extend_from_slice(&field);
    dbf.push(0x0D);
    dbf.push(b' ');
    dbf.extend_from_slice(b"a         ");
    dbf.push(0x1A);
    let zip = lifecircle::import::shapefile::pack(&[("x.shp".into(), shp), ("x.dbf".into(), dbf)])
        .unwrap();
    let e = bounded(16, || {
        refused(read_residents(&zip, &ImportOptions::default()))
    });
    assert!(
        e.contains("record 1") && e.contains("do not fit the record"),
        "{e}"
    );
}
