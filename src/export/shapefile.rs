//! Stations and residents as a zipped Shapefile for GIS users: points in the chosen coordinate
//! system (a `.prj` when the system has a standard WKT), a UTF-8 `.dbf` (with its `.cpg`) whose
//! field names fit dBase's ten bytes, and `{layer}.fields.csv` giving each short name's full one
//! (Lifecircle reads it back, so a round trip keeps the GeoJSON's fields), written with the
//! `shapefile` and `dbase` crates.

use super::csv::csv_row;
use super::features::PointTable;
use super::Lang;
use crate::crs::Crs;
use crate::import::fields::{DERIVED_SUFFIXES, FIELDS_EXT, REACHABLE};
use dbase::{FieldName, FieldWriter, TableWriterBuilder, WritableRecord};
use serde_json::Value;
use std::io::{Cursor, Write};

/// dBase's limits: a field name's bytes, a text field's bytes, a number's width, fields a table.
const NAME_BYTES: usize = 10;
const TEXT_BYTES: usize = 254;
const NUMBER_WIDTH: usize = 20;
const MAX_FIELDS: usize = 255;
/// A `.shp` or `.dbf` addresses its bytes with signed 32-bit offsets.
const MAX_FILE: u64 = i32::MAX as u64;

/// Why a Shapefile could not be written (English, Chinese).
#[derive(Clone, Debug, PartialEq)]
pub struct ShapefileError {
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
}

impl std::fmt::Display for ShapefileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

fn failed(e: impl std::fmt::Display) -> ShapefileError {
    ShapefileError {
        en: format!("the Shapefile could not be written ({e})"),
        zh: format!("无法写出 Shapefile（{e}）"),
    }
}

/// How a column is stored in the `.dbf`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Store {
    Text { bytes: usize },
    Number { width: usize, decimals: usize },
    Logical,
}

/// What a first pass over a column's values found.
#[derive(Default)]
struct Seen {
    text_bytes: Option<usize>,
    int_width: Option<usize>,
    decimals: usize,
    logical: bool,
}

impl Seen {
    fn add(&mut self, v: &Value) {
        match v {
            Value::String(s) => self.text(s.len()),
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                let shown = x.abs().to_string();
                let (int, frac) = shown.split_once('.').unwrap_or((&shown, ""));
                let width = int.len() + usize::from(x < 0.0);
                self.int_width = Some(self.int_width.unwrap_or(0).max(width));
                self.decimals = self.decimals.max(frac.len().min(6));
                self.text(shown.len() + 1);
            }
            Value::Bool(_) => {
                self.logical = true;
                self.text(5);
            }
            _ => {}
        }
    }

    fn text(&mut self, bytes: usize) {
        self.text_bytes = Some(self.text_bytes.unwrap_or(1).max(bytes.min(TEXT_BYTES)));
    }

    fn store(&self, strings: bool) -> Store {
        let text = Store::Text {
            bytes: self.text_bytes.unwrap_or(1),
        };
        match (strings, self.int_width, self.logical) {
            (false, Some(int), false) => {
                // One more digit than seen: rounding to fewer decimals may carry (9.9999999 → 10.0).
                let int = int + 1;
                let decimals = self.decimals.min(NUMBER_WIDTH.saturating_sub(int + 1));
                let width = int + if decimals > 0 { decimals + 1 } else { 0 };
                if width > NUMBER_WIDTH {
                    text
                } else {
                    Store::Number { width, decimals }
                }
            }
            (false, None, true) => Store::Logical,
            _ => text,
        }
    }
}

/// Short names for the known long ones (English or Chinese full name, short name).
const KNOWN: [(&str, &str); 7] = [
    ("served_population", "served_pop"),
    ("服务人口", "served_pop"),
    ("only_population", "only_pop"),
    ("独有服务人口", "only_pop"),
    ("服务半径_米", "radius_m"),
    ("类型编号", "kind_id"),
    (REACHABLE.1, REACHABLE.0),
];

/// The short codes of the per-kind figures, in [`DERIVED_SUFFIXES`] order.
const DERIVED_CODES: [&str; 5] = ["NEAR", "DIST", "COV", "DETOUR", "ACC"];

/// `s` cut to at most `bytes` bytes at a character boundary.
fn cut(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Field names of at most ten bytes for `names`, distinct ignoring case: a name that fits is
/// kept; a known long one gets its short form; a kind's figure becomes `K{n}_NEAR`, `_DIST`,
/// `_COV`, `_DETOUR`, `_ACC` (n counting the kinds in order); any other is cut at a character boundary
/// and numbered when that repeats another.
pub fn short_names(names: &[String]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(names.len());
    let mut stems: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let derived = DERIVED_SUFFIXES
            .iter()
            .enumerate()
            .find_map(|(j, (en, zh))| {
                let stem = name.strip_suffix(en).or_else(|| name.strip_suffix(zh))?;
                Some((stem, j))
            });
        let wanted = if name.len() <= NAME_BYTES {
            name.clone()
        } else if let Some((_, short)) = KNOWN.iter().find(|(full, _)| full == name) {
            short.to_string()
        } else if let Some((stem, j)) = derived {
            let n = match stems.iter().position(|s| *s == stem) {
                Some(n) => n,
                None => {
                    stems.push(stem);
                    stems.len() - 1
                }
            };
            format!("K{}_{}", n + 1, DERIVED_CODES[j])
        } else {
            cut(name, NAME_BYTES).to_string()
        };
        let free = |s: &str, taken: &[String]| !taken.iter().any(|t| t.eq_ignore_ascii_case(s));
        let mut short = wanted.clone();
        let mut k = 1;
        while !free(&short, &taken) {
            let tail = format!("_{k}");
            short = format!("{}{tail}", cut(&wanted, NAME_BYTES - tail.len()));
            k += 1;
        }
        taken.push(short.clone());
        out.push(short);
    }
    out
}

/// One row's values as a `.dbf` record.
struct Row<'a> {
    values: &'a [Value],
    stores: &'a [Store],
}

impl WritableRecord for Row<'_> {
    fn write_using<W: Write>(&self, w: &mut FieldWriter<'_, W>) -> Result<(), dbase::FieldError> {
        for (v, store) in self.values.iter().zip(self.stores) {
            match (store, v) {
                (Store::Number { .. }, v) => w.write_next_field_value(&v.as_f64())?,
                (Store::Logical, v) => w.write_next_field_value(&v.as_bool())?,
                (Store::Text { .. }, Value::Null) => w.write_next_field_value(&None::<String>)?,
                (Store::Text { .. }, Value::String(s)) => {
                    w.write_next_field_value(&cut(s, TEXT_BYTES))?
                }
                (Store::Text { .. }, v) => w.write_next_field_value(&v.to_string().as_str())?,
            }
        }
        Ok(())
    }
}

/// The `.fields.csv` text: each short name and the full one (UTF-8 with a BOM, for Excel).
fn fields_csv(short: &[String], full: &[String], lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    match lang {
        Lang::En => csv_row(&mut out, ["field", "name"]),
        Lang::Zh => csv_row(&mut out, ["字段", "全称"]),
    }
    for (s, f) in short.iter().zip(full) {
        csv_row(&mut out, [s.as_str(), f.as_str()]);
    }
    out
}

/// `table` as the bytes of a zip holding `{layer}.shp/.shx/.dbf/.cpg`, the `.prj` of `crs` when
/// it has one (GCJ-02 and BD-09 have none), and `{layer}.fields.csv` (its header in `lang`).
pub fn point_shapefile(
    table: &dyn PointTable,
    layer: &str,
    crs: Crs,
    lang: Lang,
) -> Result<Vec<u8>, ShapefileError> {
    let names = table.names();
    if names.len() > MAX_FIELDS {
        return Err(ShapefileError {
            en: format!(
                "{} fields are more than a Shapefile holds ({MAX_FIELDS}): export GeoJSON",
                names.len()
            ),
            zh: format!(
                "共 {} 个字段，超过 Shapefile 的上限（{MAX_FIELDS}）：请导出 GeoJSON",
                names.len()
            ),
        });
    }
    let mut seen: Vec<Seen> = names.iter().map(|_| Seen::default()).collect();
    let mut strings = vec![false; names.len()];
    let mut values = Vec::new();
    for i in 0..table.len() {
        table.row(i, &mut values);
        for ((v, s), str_seen) in values.iter().zip(&mut seen).zip(&mut strings) {
            s.add(v);
            *str_seen |= v.is_string();
        }
    }
    let stores: Vec<Store> = seen
        .iter()
        .zip(&strings)
        .map(|(s, &t)| s.store(t))
        .collect();
    let record: u64 = 1 + stores
        .iter()
        .map(|s| match s {
            Store::Text { bytes } => *bytes as u64,
            Store::Number { width, .. } => *width as u64,
            Store::Logical => 1,
        })
        .sum::<u64>();
    if record > u64::from(u16::MAX) || record * table.len() as u64 > MAX_FILE {
        return Err(ShapefileError {
            en: format!(
                "{} rows of {record} bytes are more than a Shapefile's .dbf holds (2 GB): export GeoJSON",
                table.len()
            ),
            zh: format!(
                "{} 行、每行 {record} 字节，超过 Shapefile 属性表的上限（2 GB）：请导出 GeoJSON",
                table.len()
            ),
        });
    }
    let short = short_names(names);
    let mut builder =
        TableWriterBuilder::with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::UTF_8));
    for (name, store) in short.iter().zip(&stores) {
        let name = FieldName::try_from(name.as_str()).map_err(failed)?;
        builder = match *store {
            Store::Text { bytes } => builder.add_character_field(name, bytes as u8),
            Store::Number { width, decimals } => {
                builder.add_numeric_field(name, width as u8, decimals as u8)
            }
            Store::Logical => builder.add_logical_field(name),
        };
    }
    let mut dbf = Cursor::new(Vec::new());
    let mut shp = Cursor::new(Vec::new());
    let mut shx = Cursor::new(Vec::new());
    {
        let mut rows = builder.build_with_dest(&mut dbf);
        let mut points = shapefile::ShapeWriter::with_shx(&mut shp, &mut shx);
        for i in 0..table.len() {
            let (x, y) = table.row(i, &mut values);
            points
                .write_shape(&shapefile::Point::new(x, y))
                .map_err(failed)?;
            rows.write_record(&Row {
                values: &values,
                stores: &stores,
            })
            .map_err(failed)?;
        }
        points.finalize().map_err(failed)?;
        rows.finalize().map_err(failed)?;
    }
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (format!("{layer}.shp"), shp.into_inner()),
        (format!("{layer}.shx"), shx.into_inner()),
        (format!("{layer}.dbf"), dbf.into_inner()),
        (format!("{layer}.cpg"), b"UTF-8".to_vec()),
        (
            format!("{layer}.{FIELDS_EXT}"),
            fields_csv(&short, names, lang).into_bytes(),
        ),
    ];
    if let Some(prj) = crate::crs::wkt::to_prj(crs) {
        files.push((format!("{layer}.prj"), prj.into_bytes()));
    }
    let parts = files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
    crate::import::zipped::write(parts, zip::CompressionMethod::Deflated).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_names_fit_ten_bytes_and_are_distinct() {
        let names = s(&[
            "编号",
            "名称",
            "服务人口",
            "独有服务人口",
            "红蜂驿站_最近站点",
            "红蜂驿站_距离_米",
            "商圈_已覆盖",
            "红蜂驿站_已覆盖",
            "路网可达",
            "老年人口数量统计",
            "老年人口数量合计",
            "population",
            "POPULATION",
        ]);
        let short = short_names(&names);
        assert_eq!(
            short,
            s(&[
                "编号",
                "名称",
                "served_pop",
                "only_pop",
                "K1_NEAR",
                "K1_DIST",
                "K2_COV",
                "K1_COV",
                "reachable",
                "老年人",
                "老年_1",
                "population",
                "POPULATI_1",
            ])
        );
        for n in &short {
            assert!(n.len() <= NAME_BYTES, "{n}");
        }
    }

    #[test]
    fn numbers_get_the_width_their_rounding_needs() {
        let mut seen = Seen::default();
        for x in [9.9999999, -3.25, 1200.0] {
            seen.add(&serde_json::json!(x));
        }
        assert_eq!(
            seen.store(false),
            Store::Number {
                width: 12,
                decimals: 6
            }
        );
        let mut flags = Seen::default();
        flags.add(&Value::Bool(true));
        flags.add(&Value::Null);
        assert_eq!(flags.store(false), Store::Logical);
    }
}
