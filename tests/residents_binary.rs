//! The binary residents block (autosaves, project files): read back exactly as written — every
//! coordinate, population, unit, name, demand column and the estimate count — and a damaged or
//! hostile block refused with an error, never a panic or a huge allocation.

mod common;

use lifecircle::demo::{generate, DemoConfig, Rng};
use lifecircle::import::{read_residents, read_residents_binary, ImportOptions};
use lifecircle::session::FileData;
use lifecircle::{Crs, Session};

/// A session of `residents` bytes (any residents format) and the demo's stations.
fn session(residents: Vec<u8>, stations: &str) -> Session {
    let mut s = Session::new();
    s.read_residents(residents, &ImportOptions::default())
        .map_err(|e| e.to_string())
        .unwrap();
    s.read_stations(
        &FileData::Text(stations.to_string()),
        &ImportOptions::default(),
    )
    .unwrap();
    s
}

#[test]
fn the_demo_comes_back_exactly() {
    let d = generate(&DemoConfig {
        seed: 11,
        residents: 2_000,
        stations: None,
    });
    let stations = d.stations_csv(&lifecircle::KindTable::default());
    let mut a = session(d.residents_csv().into_bytes(), &stations);
    let block = a.residents_binary();
    let mut b = session(block.clone(), &stations);
    // Every per-resident field (names, units, the 老年人口 column) and every figure.
    assert_eq!(
        a.residents_geojson(Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap(),
        b.residents_geojson(Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap()
    );
    assert_eq!(a.summary().unwrap().0, b.summary().unwrap().0);
    // Written again, the same bytes.
    assert_eq!(b.residents_binary(), block);
    // Compact: well under the CSV it came from.
    assert!(
        block.len() < d.residents_csv().len(),
        "{} bytes",
        block.len()
    );
}

#[test]
fn estimates_and_nanjing_buildings_come_back() {
    let Some(data) = common::shared_data("estimates_and_nanjing_buildings_come_back") else {
        return;
    };
    let osm = std::fs::read(data.join("osm/nanjing_xinjiekou/source_osm_bbox.osm")).unwrap();
    let imp = lifecircle::osm::import_osm(&osm).unwrap();
    let (geojson, n) = lifecircle::osm::residents_geojson(&imp, &Default::default());
    let opts = ImportOptions {
        floor_area_per_person: Some(36.52),
        ..Default::default()
    };
    let mut a = Session::new();
    a.read_residents(geojson.into_bytes(), &opts).unwrap();
    let block = a.residents_binary();
    let mut b = Session::new();
    b.read_residents(block, &opts).unwrap();
    assert_eq!(b.plan().resident_count(), n);
    assert_eq!(a.residents_estimated(), b.residents_estimated());
    assert_eq!(
        a.residents_geojson(Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap(),
        b.residents_geojson(Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap()
    );
}

fn small_block() -> Vec<u8> {
    let csv = "经度,纬度,人口,街道,社区,网格,名称,老年人口\n118.8,32.06,100,玄武街道,梅园社区,第1网格,甲楼,12\n118.81,32.06,50,玄武街道,,,乙楼,3\n118.82,32.07,10,,,,,\n";
    let mut s = Session::new();
    s.read_residents(csv.as_bytes().to_vec(), &ImportOptions::default())
        .unwrap();
    s.residents_binary()
}

#[test]
fn every_cut_of_a_block_is_refused() {
    let block = small_block();
    assert!(read_residents_binary(&block).is_ok());
    for len in 0..block.len() {
        let r = read_residents(&block[..len], &ImportOptions::default());
        assert!(
            r.is_err(),
            "a block cut at {len} of {} bytes was read",
            block.len()
        );
    }
}

#[test]
fn damaged_blocks_never_panic_and_never_give_bad_values() {
    let block = small_block();
    let mut rng = Rng::new(5);
    for _ in 0..20_000 {
        let mut b = block.clone();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(b.len());
            b[i] = rng.next_u64() as u8;
        }
        if let Ok(t) = read_residents_binary(&b) {
            for i in 0..t.len() {
                assert!(t.lon[i].abs() <= 180.0 && t.lat[i].abs() <= 90.0);
                assert!((0.0..=1e6).contains(&t.population[i]));
            }
        }
    }
}

#[test]
fn huge_counts_are_refused_before_anything_is_allocated() {
    let mut b = small_block();
    // The resident count (bytes 8..16) says a trillion.
    b[8..16].copy_from_slice(&1_000_000_000_000u64.to_le_bytes());
    let e = read_residents_binary(&b).unwrap_err().to_string();
    assert!(e.contains("5,000,000"), "{e}");
    // A newer version is named as such.
    let mut b = small_block();
    b[7] = 9;
    let e = read_residents_binary(&b).unwrap_err().to_string();
    assert!(e.contains("version 9") && e.contains("newer"), "{e}");
}

#[test]
fn the_apps_row_limit_holds_for_every_format() {
    let opts = ImportOptions {
        max_rows: Some(2),
        ..Default::default()
    };
    let e = read_residents(&small_block(), &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("more than 2 residents"), "{e}");
    let csv = "经度,纬度,人口\n118.8,32.06,1\n118.8,32.07,1\n118.8,32.08,1\n";
    let e = read_residents(csv.as_bytes(), &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 4") && e.contains("more than 2 residents"),
        "{e}"
    );
}

#[test]
fn a_damaged_block_says_so_in_chinese_too() {
    use lifecircle::error::Localized;
    use lifecircle::lang::Lang;
    let block = small_block();
    let e = read_residents_binary(&block[..block.len() - 3]).expect_err("a cut block");
    assert!(e.localized(Lang::En).contains("is cut off"), "{e}");
    assert!(
        e.localized(Lang::Zh)
            .contains("被截断（保存的数据已损坏？）"),
        "{}",
        e.localized(Lang::Zh)
    );
    let mut newer = block.clone();
    newer[7] = 9;
    let e = read_residents_binary(&newer).expect_err("a newer block");
    assert!(
        e.localized(Lang::Zh).contains("是版本 9 的居民数据块"),
        "{}",
        e.localized(Lang::Zh)
    );
}

#[test]
fn ids_survive_the_block_and_the_geojson_export_and_version_1_still_reads() {
    use lifecircle::export::Lang;
    let csv = "编号,经度,纬度,人口\nA-001,118.8,32.06,10\n,118.81,32.06,5\n0042,118.82,32.06,7\n";
    let mut s = Session::new();
    s.read_residents(csv.as_bytes().to_vec(), &ImportOptions::default())
        .unwrap();
    let block = s.residents_binary();
    assert_eq!(block[7], 2);
    let back = read_residents_binary(&block).unwrap();
    let ids: Vec<&str> = (0..back.len()).map(|i| back.ids.get(i)).collect();
    assert_eq!(ids, ["A-001", "", "0042"]);
    // In the GeoJSON export as `id` (编号 in Chinese), leading zeros kept, and read back.
    for (lang, key) in [(Lang::En, "id"), (Lang::Zh, "编号")] {
        let text = s.residents_geojson(Crs::Wgs84, lang).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let got: Vec<Option<&str>> = v["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"][key].as_str())
            .collect();
        assert_eq!(got, [Some("A-001"), None, Some("0042")]);
        let again = read_residents(text.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(again.ids.get(2), "0042");
        assert!(again.weights.is_empty(), "the id became a demand column");
    }
    // A version 1 block (an older autosave): the same residents, without ids.
    let ids_section = 3 * 4 + 8 + "A-0010042".len();
    let mut v1 = block[..block.len() - ids_section].to_vec();
    v1[7] = 1;
    let old = read_residents_binary(&v1).unwrap();
    assert_eq!(old.len(), 3);
    assert_eq!(old.population, back.population);
    assert_eq!(old.ids.get(0), "");
}
