//! The JavaScript API, run as WebAssembly under Node by wasm-bindgen-test: results, typed arrays,
//! and errors thrown as real JS `Error`s with messages that say what and where.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use lifecircle::wasm::{demo_files, life_circle_tiers, Planner};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let err: js_sys::Error = v.dyn_into().expect("a JS Error");
    err.message().into()
}

fn demo() -> Planner {
    let files = demo_files(JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&files, "synthetic"), JsValue::TRUE);
    let mut p = Planner::new();
    let n = p
        .load_residents(get(&files, "residents"), JsValue::UNDEFINED, None)
        .unwrap();
    assert_eq!(n, 3000);
    let ids = p
        .load_stations(
            get(&files, "stations"),
            obj(&[("source", "demo stations".into())]),
        )
        .unwrap();
    assert!(ids.length() > 10);
    p
}

#[wasm_bindgen_test]
fn summary_and_typed_arrays() {
    let mut p = demo();
    let s = p.summary(JsValue::UNDEFINED).unwrap();
    let total = get(&s, "total_population").as_f64().unwrap();
    assert!(total > 100_000.0);
    let kinds: Array = get(&s, "kinds").dyn_into().unwrap();
    assert_eq!(kinds.length(), 3);
    let bee = kinds.get(0);
    assert_eq!(get(&bee, "kind").as_string().unwrap(), "red_bee_station");
    let covered = get(&bee, "covered_population").as_f64().unwrap();

    // Typed arrays, file order: covered population recomputed from them equals the summary's.
    let count: Uint32Array = p.covering_count("红蜂驿站").unwrap();
    let pop: Float64Array = p.resident_population();
    let dist: Float64Array = p.nearest_distance("red_bee_station").unwrap();
    let nearest: Uint32Array = p.nearest_station("red_bee_station").unwrap();
    assert_eq!(count.length(), 3000);
    let mut sum = 0.0;
    for i in 0..3000 {
        if count.get_index(i) > 0 {
            sum += pop.get_index(i);
            assert!(dist.get_index(i) <= 1000.0);
        }
        if nearest.get_index(i) == u32::MAX {
            assert!(dist.get_index(i).is_infinite());
        }
    }
    assert!((sum - covered).abs() < 1e-6);
    let coords: Float64Array = p.resident_coordinates(None).unwrap();
    assert_eq!(coords.length(), 6000);
    let gcj: Float64Array = p.resident_coordinates(Some("gcj02".into())).unwrap();
    assert!(
        (gcj.get_index(0) - coords.get_index(0)).abs() > 1e-4,
        "GCJ-02 differs by hundreds of metres"
    );
    let kc: Uint8Array = p.kinds_covering().unwrap();
    assert_eq!(kc.length(), 3000);
    let tiers: Array = life_circle_tiers().unwrap().dyn_into().unwrap();
    assert_eq!(get(&tiers.get(0), "radius_m").as_f64(), Some(300.0));
}

#[wasm_bindgen_test]
fn edits_change_the_figures() {
    let mut p = demo();
    let party = |p: &mut Planner| {
        let s = p.summary(JsValue::UNDEFINED).unwrap();
        let kinds: Array = get(&s, "kinds").dyn_into().unwrap();
        get(&kinds.get(1), "covered_population").as_f64().unwrap()
    };
    let before = party(&mut p);
    let coords: Float64Array = p.resident_coordinates(None).unwrap();
    // Put a station right on an uncovered resident.
    let count: Uint32Array = p.covering_count("party_service_station").unwrap();
    let i = (0..3000).find(|&i| count.get_index(i) == 0).unwrap();
    let id = p
        .add_station(obj(&[
            ("kind", "党群服务站".into()),
            ("lon", coords.get_index(2 * i).into()),
            ("lat", coords.get_index(2 * i + 1).into()),
        ]))
        .unwrap();
    let after = party(&mut p);
    assert!(after > before);
    p.move_station(id, 118.0, 31.0, None).unwrap();
    assert!((party(&mut p) - before).abs() < 1e-6);
    p.rename_station(id, "新站").unwrap();
    let st: Array = p.stations(None).unwrap().dyn_into().unwrap();
    assert!(st
        .iter()
        .any(|s| get(&s, "name").as_string().as_deref() == Some("新站")));
    p.remove_station(id).unwrap();
    assert!((party(&mut p) - before).abs() < 1e-6);
    assert_eq!(
        p.set_kind(obj(&[
            ("kind", "party_service_station".into()),
            ("tier", "15min".into())
        ]))
        .unwrap(),
        "party_service_station"
    );
    assert!(party(&mut p) > before);
    assert_eq!(
        p.set_kind(obj(&[
            ("kind", "canteen".into()),
            ("label", "全龄食堂".into()),
            ("radius_m", 800.0.into())
        ]))
        .unwrap(),
        "canteen"
    );
    let kinds: Array = p.kinds().unwrap().dyn_into().unwrap();
    assert_eq!(kinds.length(), 4);
}

#[wasm_bindgen_test]
fn errors_are_js_errors_that_say_what_and_where() {
    let mut p = demo();
    let before = p.summary(JsValue::UNDEFINED).unwrap();
    let bad = "经度,纬度,人口\n118.8,32.0,10\n118.8,32.0,-5\n";
    let m = message(
        p.load_residents(bad.into(), obj(&[("source", "r.csv".into())]), None)
            .unwrap_err(),
    );
    assert!(
        m.contains("r.csv, line 3, column '人口'") && m.contains("negative"),
        "{m}"
    );
    // The plan is unchanged.
    assert_eq!(
        js_sys::JSON::stringify(&p.summary(JsValue::UNDEFINED).unwrap()).unwrap(),
        js_sys::JSON::stringify(&before).unwrap()
    );
    let m = message(
        p.load_stations(
            "经度,纬度,类型\n118.8,32.0,小卖部\n".into(),
            JsValue::UNDEFINED,
        )
        .unwrap_err(),
    );
    assert!(
        m.contains("stations, line 2, column '类型': unknown kind '小卖部'"),
        "{m}"
    );
    let m = message(
        p.load_residents("{\"type\":".into(), JsValue::UNDEFINED, None)
            .unwrap_err(),
    );
    assert!(m.contains("not valid JSON"), "{m}");
    let m = message(
        p.load_residents(JsValue::from_f64(3.0), JsValue::UNDEFINED, None)
            .unwrap_err(),
    );
    assert!(m.contains("expected the file's text"), "{m}");
    let m = message(
        p.load_residents("".into(), obj(&[("crs", "utm".into())]), None)
            .unwrap_err(),
    );
    assert!(m.contains("unknown coordinate system 'utm'"), "{m}");
    let m = message(
        p.load_residents("".into(), obj(&[("colour", "red".into())]), None)
            .unwrap_err(),
    );
    assert!(m.contains("bad options") && m.contains("colour"), "{m}");
    let m = message(p.move_station(999_999, 118.8, 32.0, None).unwrap_err());
    assert!(m.contains("no station with id 999999"), "{m}");
    let m = message(
        p.add_station(obj(&[
            ("kind", "小卖部".into()),
            ("lon", 118.8.into()),
            ("lat", 32.0.into()),
        ]))
        .unwrap_err(),
    );
    assert!(m.contains("unknown kind '小卖部'"), "{m}");
    let m = message(
        p.add_station(obj(&[
            ("kind", "商圈".into()),
            ("lon", f64::NAN.into()),
            ("lat", 32.0.into()),
        ]))
        .unwrap_err(),
    );
    assert!(m.contains("bad coordinate") || m.contains("numeric"), "{m}");
    let m = message(p.nearest_distance("nope").unwrap_err());
    assert!(m.contains("unknown kind 'nope'"), "{m}");
    let m = message(
        p.set_kind(obj(&[("kind", "商圈".into()), ("radius_m", (-1.0).into())]))
            .unwrap_err(),
    );
    assert!(m.contains("bad radius"), "{m}");
    // GBK bytes through a Uint8Array.
    let (gbk, _, _) = encoding_rs::GBK.encode("经度,纬度,人口,街道\n118.8,32.05,120,玄武街道\n");
    let arr = Uint8Array::from(&gbk[..]);
    assert_eq!(
        p.load_residents(arr.into(), JsValue::UNDEFINED, None)
            .unwrap(),
        1
    );
}

/// A large CSV as bytes is read a megabyte at a time from JS memory, reporting its progress, and
/// gives the same plan as the same file as text; a bad row deep inside names its line.
#[wasm_bindgen_test]
fn large_bytes_are_read_in_pieces_with_progress() {
    use lifecircle::demo::{generate, DemoConfig};
    let demo = generate(&DemoConfig {
        seed: 9,
        residents: 40_000,
        stations: Some(300),
    });
    let csv = demo.residents_csv();
    assert!(csv.len() > 3 << 20, "{} bytes", csv.len());
    let stations = demo.stations_csv(&lifecircle::kinds::KindTable::default());
    let plan = |data: JsValue, progress: Option<js_sys::Function>| {
        let mut p = Planner::new();
        p.load_residents(data, JsValue::UNDEFINED, progress)
            .unwrap();
        p.load_stations(stations.clone().into(), JsValue::UNDEFINED)
            .unwrap();
        js_sys::JSON::stringify(&p.summary(JsValue::UNDEFINED).unwrap()).unwrap()
    };
    let calls = Array::new();
    let record = js_sys::Function::new_with_args("done, total", "this.push([done, total])");
    let record = record.bind0(&calls);
    let from_bytes = plan(Uint8Array::from(csv.as_bytes()).into(), Some(record));
    assert_eq!(from_bytes, plan(csv.clone().into(), None));
    let seen: Vec<(f64, f64)> = calls
        .iter()
        .map(|c| {
            let c = Array::from(&c);
            (c.get(0).as_f64().unwrap(), c.get(1).as_f64().unwrap())
        })
        .collect();
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(*seen.last().unwrap(), (csv.len() as f64, csv.len() as f64));
    // A bad latitude on row 35,000 (line 35,001): the error names it, the plan is unchanged.
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[35_000] = "118.8,abc,5";
    let bad = lines.join("\n");
    let mut p = Planner::new();
    let m = message(
        p.load_residents(
            Uint8Array::from(bad.as_bytes()).into(),
            obj(&[("source", "big.csv".into())]),
            None,
        )
        .unwrap_err(),
    );
    assert!(m.contains("big.csv") && m.contains("line 35001"), "{m}");
}

/// The engine as compiled to WebAssembly (with its SIMD kernel) equals the brute-force oracle on
/// seeded random cities, before and after random edits.
#[wasm_bindgen_test]
fn wasm_engine_equals_the_oracle() {
    use lifecircle::demo::Rng;
    use lifecircle::oracle::check;
    use lifecircle::tables::ResidentTable;
    use lifecircle::{Planner as Engine, StationRecord};
    let mut rng = Rng::new(21);
    let mut plan = Engine::new();
    let mut t = ResidentTable::default();
    for i in 0..900 {
        let (lon, lat) = if i % 37 == 0 && i > 0 {
            (t.lon[i - 1], t.lat[i - 1])
        } else {
            (118.8 + rng.normal() * 0.02, 32.05 + rng.normal() * 0.02)
        };
        let pop = if i % 19 == 0 {
            0.0
        } else {
            rng.range(1.0, 300.0)
        };
        t.push(
            lon,
            lat,
            pop,
            [&format!("S{}", i % 3), &format!("C{}", i % 5), ""],
            "",
        );
    }
    plan.load_residents(t);
    let recs: Vec<StationRecord> = (0..45)
        .map(|i| StationRecord {
            kind: i % 3,
            lon: 118.8 + rng.normal() * 0.025,
            lat: 32.05 + rng.normal() * 0.025,
            name: String::new(),
        })
        .collect();
    plan.load_stations(&recs);
    check(&plan).unwrap();
    for step in 0..300 {
        let live: Vec<u32> = plan.stations().map(|(id, _)| id).collect();
        match step % 5 {
            0 => {
                plan.add_station(
                    rng.below(3),
                    118.8 + rng.normal() * 0.02,
                    32.05 + rng.normal() * 0.02,
                    "",
                )
                .unwrap();
            }
            1 | 2 => {
                let id = live[rng.below(live.len())];
                plan.move_station(id, 118.8 + rng.normal() * 0.02, 32.05 + rng.normal() * 0.02)
                    .unwrap();
            }
            3 => plan.remove_station(live[rng.below(live.len())]).unwrap(),
            _ => {
                let k = rng.below(3);
                let id = plan.kinds().get(k).id.clone();
                plan.set_kind(
                    &id,
                    None,
                    None,
                    [300.0, 500.0, 1000.0, 3000.0][rng.below(4)],
                )
                .unwrap();
            }
        }
        if step % 50 == 49 {
            check(&plan).unwrap_or_else(|e| panic!("after edit {step}: {e}"));
        }
    }
}

fn num_at(v: &JsValue, path: &[&str]) -> f64 {
    let mut v = v.clone();
    for key in path {
        v = match key.parse::<u32>() {
            Ok(i) => Reflect::get_u32(&v, i).unwrap(),
            Err(_) => get(&v, key),
        };
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number"))
}

#[wasm_bindgen_test]
fn proposals_compare_with_the_baseline_and_the_workbook_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let mut p = demo();
    let baseline_summary = p.summary(JsValue::UNDEFINED).unwrap();
    // The baseline: the demo's stations keyed by their ids.
    let stations = p.stations(None).unwrap();
    let list = Array::from(&stations);
    for s in list.iter() {
        Reflect::set(&s, &"key".into(), &get(&s, "id")).unwrap();
        Reflect::delete_property(s.unchecked_ref::<Object>(), &"id".into()).unwrap();
        for extra in ["served_population", "only_population", "label", "label_en"] {
            Reflect::delete_property(s.unchecked_ref::<Object>(), &extra.into()).unwrap();
        }
    }
    p.set_baseline(obj(&[
        ("name", "现状".into()),
        ("stations", list.clone().into()),
    ]))
    .unwrap();
    // A proposal: one new station, one moved, one withdrawn.
    let first = list.get(0);
    let added = p
        .add_station(obj(&[
            ("kind", "党群服务站".into()),
            ("lon", (num_at(&first, &["lon"]) + 0.004).into()),
            ("lat", (num_at(&first, &["lat"]) - 0.003).into()),
            ("name", "新站甲".into()),
        ]))
        .unwrap();
    let moved = num_at(&list.get(1), &["key"]) as u32;
    p.move_station(
        moved,
        num_at(&list.get(1), &["lon"]) + 0.002,
        num_at(&list.get(1), &["lat"]),
        None,
    )
    .unwrap();
    let gone = num_at(&list.get(2), &["key"]) as u32;
    p.remove_station(gone).unwrap();
    let keys = Array::new();
    for s in Array::from(&p.stations(None).unwrap()).iter() {
        let id = get(&s, "id");
        let key = if id.as_f64() == Some(added as f64) {
            JsValue::from(9999)
        } else {
            id.clone()
        };
        keys.push(&Array::of2(&id, &key));
    }
    let spec = || obj(&[("name", "方案一".into()), ("keys", keys.clone().into())]);
    let c = p.compare(spec()).unwrap();
    let now = p.summary(JsValue::UNDEFINED).unwrap();
    let kinds = Array::from(&get(&now, "kinds")).length();
    for k in 0..kinds {
        let ks = k.to_string();
        assert_eq!(
            num_at(&c, &["kinds", &ks, "covered_population", "proposal"]),
            num_at(&now, &["kinds", &ks, "covered_population"])
        );
        assert_eq!(
            num_at(&c, &["kinds", &ks, "covered_population", "baseline"]),
            num_at(&baseline_summary, &["kinds", &ks, "covered_population"])
        );
    }
    let actions: Vec<String> = Array::from(&get(&c, "changes"))
        .iter()
        .map(|ch| get(&ch, "action").as_string().unwrap())
        .collect();
    assert_eq!(actions, ["added", "moved", "removed"]);
    // The workbook, read back: the comparison sheet holds the same figures.
    let bytes = p
        .workbook(obj(&[
            ("compare", spec()),
            ("title", "示例区".into()),
            ("date", "2026-11-22".into()),
        ]))
        .unwrap()
        .to_vec();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("方案对比").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    for k in 0..kinds {
        let ks = k.to_string();
        let label = get(&Reflect::get_u32(&get(&now, "kinds"), k).unwrap(), "label")
            .as_string()
            .unwrap();
        let row = rows
            .iter()
            .find(|r| r[0] == Data::String(label.clone()))
            .unwrap();
        assert_eq!(
            row[5],
            Data::Float(num_at(
                &c,
                &["kinds", &ks, "covered_population", "proposal"]
            ))
        );
        assert_eq!(
            row[4],
            Data::Float(num_at(
                &c,
                &["kinds", &ks, "covered_population", "baseline"]
            ))
        );
    }
    assert!(wb.sheet_names().contains(&"站点变更".to_string()));
    // Without a baseline there is nothing to compare with: a clear error.
    p.set_baseline(JsValue::NULL).unwrap();
    assert!(message(p.compare(spec()).unwrap_err()).contains("setBaseline"));
}
