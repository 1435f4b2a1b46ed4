//! Bad input gives a clear error naming file, line or feature, and field; never a panic; and a
//! failed load leaves the plan as it was.

use lifecircle::{read_residents, read_stations, ImportOptions, KindTable, Planner};

fn residents_err(text: &[u8]) -> String {
    let opts = ImportOptions {
        source: Some("residents.csv".into()),
        ..Default::default()
    };
    read_residents(text, &opts)
        .expect_err("should fail")
        .to_string()
}

fn stations_err(text: &[u8]) -> String {
    let opts = ImportOptions {
        source: Some("stations.csv".into()),
        ..Default::default()
    };
    read_stations(text, &opts, &KindTable::default())
        .expect_err("should fail")
        .to_string()
}

fn has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "{msg:?} should mention {p:?}");
    }
}

#[test]
fn empty_files() {
    has(&residents_err(b""), &["residents.csv", "empty"]);
    has(&residents_err(b"  \n\n "), &["residents.csv", "empty"]);
    has(
        &residents_err("经度,纬度,人口\n".as_bytes()),
        &["residents.csv", "no rows"],
    );
    has(&stations_err(b"\xEF\xBB\xBF"), &["stations.csv", "empty"]);
}

#[test]
fn missing_columns() {
    has(
        &residents_err("经度,人口\n118.8,10\n".as_bytes()),
        &["line 1", "missing column lat (纬度)", "经度, 人口"],
    );
    has(
        &residents_err("lon,lat,name\n118.8,32.0,a\n".as_bytes()),
        &["line 1", "population (人口) or households (户数)"],
    );
    has(
        &stations_err("lon,lat,name\n118.8,32.0,a\n".as_bytes()),
        &["line 1", "kind (类型)"],
    );
}

#[test]
fn bad_numbers_and_coordinates() {
    has(
        &residents_err("lon,lat,pop\n118.8,32.0,10\n118.8,abc,10\n".as_bytes()),
        &["line 3", "column 'lat'", "'abc' is not a number"],
    );
    has(
        &residents_err("lon,lat,pop\n118.8,NaN,10\n".as_bytes()),
        &["line 2", "'NaN' is not a number"],
    );
    has(
        &residents_err("lon,lat,pop\n118.8,95,10\n".as_bytes()),
        &["line 2", "latitude 95 is out of range"],
    );
    has(
        &residents_err("lon,lat,pop\n200,32,10\n".as_bytes()),
        &["line 2", "longitude 200 is out of range"],
    );
    has(
        &residents_err("lon,lat,pop\n32.04,118.78,10\n".as_bytes()),
        &["line 2", "swapped"],
    );
    // Xinjiang swapped: both numbers are in range, but only the swapped pair is in China.
    has(
        &residents_err("lon,lat,pop\n43.8,87.6,10\n".as_bytes()),
        &["line 2", "swapped"],
    );
    has(
        &residents_err("lon,lat,pop\n0,0,10\n".as_bytes()),
        &["line 2", "both 0"],
    );
    has(
        &residents_err("lon,lat,pop\n118.8,,10\n".as_bytes()),
        &["line 2", "column 'lat'", "empty"],
    );
    has(
        &residents_err("lon,lat,pop\n118.8,32.0,-3\n".as_bytes()),
        &["line 2", "column 'pop'", "negative"],
    );
    has(
        &residents_err("lon,lat,pop\n118.8,32.0\n".as_bytes()),
        &["line 2", "column 'pop'", "is empty"],
    );
    has(
        &residents_err("lon,lat,户数\n118.8,32.0,-2\n".as_bytes()),
        &["line 2", "户数", "negative"],
    );
}

#[test]
fn unknown_kind() {
    let m = stations_err("经度,纬度,类型\n118.8,32.0,红蜂驿站\n118.8,32.0,全龄食堂\n".as_bytes());
    has(
        &m,
        &[
            "stations.csv",
            "line 3",
            "column '类型'",
            "unknown kind '全龄食堂'",
            "red_bee_station (红蜂驿站)",
            "setKind",
        ],
    );
}

#[test]
fn malformed_json_and_geojson() {
    let opts = ImportOptions {
        source: Some("r.geojson".into()),
        ..Default::default()
    };
    let e = |t: &str| {
        read_residents(t.as_bytes(), &opts)
            .expect_err("should fail")
            .to_string()
    };
    has(
        &e("{\"type\": \"FeatureCollection\", \"features\": [}"),
        &["r.geojson", "not valid JSON", "line 1"],
    );
    has(&e("{\"foo\": 1}"), &["not GeoJSON"]);
    has(
        &e("{\"type\": \"Point\", \"coordinates\": [1, 2]}"),
        &["type 'Point'", "FeatureCollection"],
    );
    let fc =
        |features: &str| format!("{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}");
    let ok = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[118.8,32.0]},\"properties\":{\"人口\":5}}";
    has(
        &e(&fc(&format!("{ok},{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}},\"properties\":{{\"人口\":5}}}}"))),
        &["feature 1", "LineString", "not supported"],
    );
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"a\",2]},\"properties\":{\"人口\":5}}")), &["feature 0", "geometry", "longitude, latitude"]);
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[118.8,32.0]},\"properties\":{\"name\":\"x\"}}")), &["feature 0", "missing property population"]);
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[118.8,32.0]},\"properties\":{\"population\":-1}}")), &["feature 0", "property 'population'", "negative"]);
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[32.0,118.8]},\"properties\":{\"population\":1}}")), &["feature 0", "swapped"]);
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[118.8,32.0]},\"properties\":{\"population\":{\"a\":1}}}")), &["feature 0", "expected text or a number"]);
    has(
        &e(&fc(
            "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"population\":1}}",
        )),
        &["feature 0", "missing a geometry or property lon"],
    );
    has(&e(&fc("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]},\"properties\":{\"population\":1}}")), &["feature 0", "at least one ring"]);
}

#[test]
fn encodings() {
    // GBK as Excel in China saves it.
    let (gbk, _, _) = encoding_rs::GBK.encode("经度,纬度,人口,街道\n118.8,32.05,120,玄武街道\n");
    let t = read_residents(&gbk, &ImportOptions::default()).unwrap();
    assert_eq!(t.population, vec![120.0]);
    assert_eq!(t.admin.all()[0].name, "玄武街道");
    // Garbage bytes are neither UTF-8 nor GBK.
    has(
        &residents_err(&[0x81, 0x20, 0xFF, 0xFE, 0xFF]),
        &["residents.csv", "neither UTF-8 nor GBK"],
    );
}

#[test]
fn a_failed_load_keeps_the_plan() {
    let mut plan = Planner::new();
    let good = read_residents(
        "lon,lat,pop\n118.8,32.05,10\n".as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    plan.load_residents(good);
    let before = plan.summary();
    // A loader that fails returns before touching the plan: nothing to apply.
    assert!(read_residents(
        "lon,lat,pop\n118.8,32.05,-1\n".as_bytes(),
        &ImportOptions::default()
    )
    .is_err());
    assert_eq!(plan.summary(), before);
}
