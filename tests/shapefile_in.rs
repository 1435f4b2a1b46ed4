//! Shapefiles in: a zipped Shapefile written by pyshp with coordinates from pyproj
//! (`tests/data/demo-residents-gk.zip`, made by `scripts/fixtures/shapefiles.py` from the demo's
//! residents) — CGCS2000 Gauss-Krüger zone 40 by its ESRI `.prj`, a GBK attribute table with no
//! `.cpg` — reads as the same residents as the demo's WGS-84 CSV; errors name the record.

mod common;

use common::demo_file as demo;
use lifecircle::error::Localized;
use lifecircle::lang::Lang;
use lifecircle::session::FileData;
use lifecircle::{ImportOptions, Session};

const ZIP: &[u8] = include_bytes!("data/demo-residents-gk.zip");

fn session(residents: Vec<u8>, name: &str) -> Result<Session, String> {
    let mut s = Session::new();
    let o = ImportOptions {
        source: Some(name.into()),
        ..Default::default()
    };
    s.read_residents(residents, &o)
        .map_err(|e| format!("{}\n{}", e.localized(Lang::En), e.localized(Lang::Zh)))?;
    s.read_stations(&FileData::Bytes(demo("stations.csv")), &Default::default())
        .unwrap();
    Ok(s)
}

fn coords(s: &mut Session) -> Vec<(f64, f64)> {
    let v: serde_json::Value = serde_json::from_str(
        &s.residents_geojson(lifecircle::Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap(),
    )
    .unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
        })
        .collect()
}

#[test]
fn a_gbk_gauss_kruger_shapefile_gives_the_figures_of_the_wgs84_csv() {
    let mut csv = session(demo("residents.csv"), "residents.csv").unwrap();
    let mut shp = session(ZIP.to_vec(), "居民点.zip").unwrap();
    let (a, b) = (csv.summary().unwrap().0, shp.summary().unwrap().0);
    assert_eq!(a.total_population, b.total_population);
    assert_eq!(a.kinds, b.kinds);
    // The GBK names of streets, communities and grids came through: the same units.
    assert_eq!(a.units, b.units);
    // Every point within a millimetre or so of the CSV's (1e-8° ≈ 1 mm).
    let worst = coords(&mut csv)
        .iter()
        .zip(coords(&mut shp))
        .map(|(p, q)| (p.0 - q.0).abs().max((p.1 - q.1).abs()))
        .fold(0.0, f64::max);
    assert!(worst < 2e-8, "{worst}°");
    assert_eq!(
        shp.plan()
            .weight_column_data()
            .map(|w| w.name.clone())
            .collect::<Vec<_>>(),
        ["老年人口"]
    );
}

#[test]
fn the_files_given_one_by_one_read_as_the_zip() {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(ZIP)).unwrap();
    let mut files = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        files.push((f.name().unwrap().to_string(), b));
    }
    let packed = lifecircle::import::shapefile::pack(&files).unwrap();
    let mut a = session(ZIP.to_vec(), "a.zip").unwrap();
    let mut b = session(packed, "b").unwrap();
    assert_eq!(a.summary().unwrap().0.kinds, b.summary().unwrap().0.kinds);
    // Without the .dbf: said so.
    let no_dbf: Vec<_> = files
        .iter()
        .filter(|(n, _)| !n.ends_with(".dbf"))
        .cloned()
        .collect();
    let e = session(lifecircle::import::shapefile::pack(&no_dbf).unwrap(), "c")
        .err()
        .unwrap();
    assert!(e.contains("居民点.shp but no 居民点.dbf"), "{e}");
    // A record cut short: named.
    let mut cut = files.clone();
    for (n, b) in &mut cut {
        if n.ends_with(".shp") {
            b.truncate(b.len() - 10);
        }
    }
    let e = session(lifecircle::import::shapefile::pack(&cut).unwrap(), "d")
        .err()
        .unwrap();
    assert!(
        e.contains("record 3000") && e.contains("第 3000 条记录"),
        "{e}"
    );
}
