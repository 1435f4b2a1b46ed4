//! Excel in: a workbook written by openpyxl (`tests/data/demo-residents.xlsx`, made by
//! `scripts/fixtures/workbooks.py` from the demo's residents) reads as the same residents as the
//! demo's CSV — the sheet chosen by name, numbers stored as text read as numbers — and its errors
//! name the sheet, the row (as Excel numbers it) and the column.

mod common;

use common::demo_file as demo;
use lifecircle::error::Localized;
use lifecircle::lang::Lang;
use lifecircle::session::FileData;
use lifecircle::{ImportOptions, Session};

const XLSX: &[u8] = include_bytes!("data/demo-residents.xlsx");

fn session(residents: &[u8], sheet: Option<&str>) -> Result<Session, String> {
    let mut s = Session::new();
    let o = ImportOptions {
        sheet: sheet.map(str::to_string),
        source: Some("居民.xlsx".into()),
        ..Default::default()
    };
    s.read_residents(residents.to_vec(), &o)
        .map_err(|e| format!("{}\n{}", e.localized(Lang::En), e.localized(Lang::Zh)))?;
    s.read_stations(&FileData::Bytes(demo("stations.csv")), &Default::default())
        .unwrap();
    Ok(s)
}

#[test]
fn an_xlsx_sheet_reads_as_the_same_residents_as_the_csv() {
    let mut csv = session(&demo("residents.csv"), None).unwrap();
    let mut xlsx = session(XLSX, Some("居民")).unwrap();
    let (a, b) = (csv.summary().unwrap().0, xlsx.summary().unwrap().0);
    assert_eq!(a.total_population, b.total_population);
    assert_eq!(a.kinds, b.kinds);
    assert_eq!(a.units, b.units);
    assert_eq!(csv.plan().resident_count(), 3000);
    // The demand column (老年人口) came too.
    assert_eq!(
        xlsx.plan()
            .weight_column_data()
            .map(|w| w.name.clone())
            .collect::<Vec<_>>(),
        ["老年人口"]
    );
    assert_eq!(
        csv.residents_geojson(lifecircle::Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap(),
        xlsx.residents_geojson(lifecircle::Crs::Wgs84, lifecircle::export::Lang::En)
            .unwrap()
    );
}

fn refused(residents: &[u8], sheet: Option<&str>) -> String {
    match session(residents, sheet) {
        Ok(_) => panic!("the workbook was read"),
        Err(e) => e,
    }
}

#[test]
fn errors_name_the_sheet_row_and_column() {
    // The first sheet (a note) is read when none is chosen: it has no coordinates.
    let e = refused(XLSX, None);
    assert!(e.contains("居民.xlsx [说明]"), "{e}");
    let e = refused(XLSX, Some("坏行"));
    assert!(
        e.contains("居民.xlsx [坏行], row 5, column '人口': '约800' is not a number"),
        "{e}"
    );
    assert!(
        e.contains("居民.xlsx [坏行]，第 5 行「人口」列：“约800”不是数字"),
        "{e}"
    );
    let e = refused(XLSX, Some("人口"));
    assert!(
        e.contains("no sheet '人口'; its sheets: 说明, 居民, 坏行"),
        "{e}"
    );
    assert!(e.contains("已有工作表：说明、居民、坏行"), "{e}");
    // The sheets, as the app lists them to choose from.
    assert_eq!(
        lifecircle::import::workbook::sheet_names(XLSX).unwrap(),
        ["说明", "居民", "坏行"]
    );
}
