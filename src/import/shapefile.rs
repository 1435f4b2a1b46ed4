//! Shapefiles in: a `.zip` holding `.shp/.dbf` (with `.shx`, `.prj`, `.cpg`), or those files
//! together, read by the `shapefile` and `dbase` crates into GeoJSON features (points; polygons
//! with their holes) that the table readers then read as any GeoJSON. The `.dbf` text encoding
//! comes from the `.cpg`, else the language-driver byte, else UTF-8 when the bytes are UTF-8,
//! else GBK; the coordinate system from the `.prj`. Record structure is checked before the
//! readers see it, so a hostile count meets the file's size, never a huge allocation.

use super::limits::{grouped, MAX_ROWS};
use crate::crs::Crs;
use crate::error::{ImportError, Location};
use serde_json::{json, Map, Value};
use std::io::{Cursor, Read};

/// A Shapefile's parts by extension, and the layer's name (the `.shp`'s file name).
#[derive(Default)]
pub struct Parts {
    /// The `.shp` file name.
    pub name: String,
    shp: Vec<u8>,
    shx: Option<Vec<u8>>,
    dbf: Vec<u8>,
    prj: Option<String>,
    cpg: Option<String>,
    /// Lifecircle's own `{layer}.fields.csv`: the full names of the `.dbf`'s short ones.
    fields: Option<String>,
}

fn bad(en: impl Into<String>, zh: impl Into<String>) -> ImportError {
    ImportError::new(Location::File, None, en).zh(zh)
}

/// Whether `bytes` are a zip holding a `.shp`.
pub fn is_zipped_shapefile(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b".shp"))
}

/// The parts of the one Shapefile in a zip (folders ignored). A zip with several `.shp` files
/// is an error naming them.
pub fn unzip(bytes: &[u8]) -> Result<Parts, ImportError> {
    let broken = |e: zip::result::ZipError| {
        bad(
            format!("is not a zip file that can be read ({e})"),
            format!("不是可读取的 zip 文件（{e}）"),
        )
    };
    let limit = super::zipped::inflate_limit(bytes, 100, broken)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(broken)?;
        if !f.is_dir() {
            files.push((i, f.name().map_err(broken)?.to_string()));
        }
    }
    let lower = |n: &str| n.to_ascii_lowercase();
    let shps: Vec<&(usize, String)> = files
        .iter()
        .filter(|(_, n)| lower(n).ends_with(".shp"))
        .collect();
    let shp = match shps.as_slice() {
        [one] => one,
        [] => return Err(bad("holds no .shp file", "不含 .shp 文件")),
        many => {
            let names: Vec<&str> = many.iter().map(|(_, n)| n.as_str()).collect();
            return Err(bad(
                format!(
                    "holds several Shapefiles ({}): zip one layer at a time",
                    names.join(", ")
                ),
                format!(
                    "含多个 Shapefile（{}）：请每次只压缩一个图层",
                    names.join("、")
                ),
            ));
        }
    };
    let stem = shp.1[..shp.1.len() - 4].to_string();
    let mut read = |ext: &str| -> Result<Option<Vec<u8>>, ImportError> {
        let Some((i, _)) = files
            .iter()
            .find(|(_, n)| lower(n) == lower(&format!("{stem}.{ext}")))
        else {
            return Ok(None);
        };
        let mut f = zip.by_index(*i).map_err(broken)?;
        let mut out = Vec::with_capacity((f.size() as usize).min(limit as usize));
        (&mut f).take(limit).read_to_end(&mut out).map_err(|e| {
            bad(
                format!("cannot be unzipped ({e})"),
                format!("无法解压（{e}）"),
            )
        })?;
        Ok(Some(out))
    };
    let text = |b: Option<Vec<u8>>| b.map(|b| String::from_utf8_lossy(&b).into_owned());
    let name = stem.rsplit('/').next().unwrap_or(&stem).to_string();
    Ok(Parts {
        shp: read("shp")?.unwrap_or_default(),
        shx: read("shx")?,
        dbf: read("dbf")?.ok_or_else(|| {
            bad(
                format!("has {name}.shp but no {name}.dbf (the attribute table)"),
                format!("有 {name}.shp 但缺少 {name}.dbf（属性表）"),
            )
        })?,
        prj: text(read("prj")?),
        cpg: text(read("cpg")?),
        fields: text(read(super::fields::FIELDS_EXT)?),
        name: format!("{name}.shp"),
    })
}

/// The files of a Shapefile given one by one (`name`, bytes): `.shp`, `.dbf`, and any of `.shx`,
/// `.prj`, `.cpg` — as a zip that [`unzip`] reads (stored, not compressed).
pub fn pack(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ImportError> {
    let named = files.iter().map(|(name, bytes)| {
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        (name, bytes.as_slice())
    });
    super::zipped::write(named, zip::CompressionMethod::Stored).map_err(|e| {
        bad(
            format!("cannot be put together ({e})"),
            format!("无法组合（{e}）"),
        )
    })
}

/// The `.dbf`'s text encoding: the `.cpg`, else the language-driver byte (GBK codes), else UTF-8
/// when every byte of the records is UTF-8, else GBK (GB18030).
fn dbf_encoding(dbf: &[u8], cpg: Option<&str>) -> &'static encoding_rs::Encoding {
    if let Some(label) = cpg.map(str::trim).filter(|l| !l.is_empty()) {
        let l = label.to_ascii_lowercase();
        if l == "65001" || l.replace('-', "") == "utf8" {
            return encoding_rs::UTF_8;
        }
        if ["936", "cp936", "gbk", "gb2312", "gb18030", "ansi 936"].contains(&l.as_str()) {
            return encoding_rs::GB18030;
        }
        if let Some(e) = encoding_rs::Encoding::for_label(l.as_bytes()) {
            return e;
        }
    }
    if matches!(dbf.get(29), Some(0x4D | 0x7A)) {
        return encoding_rs::GB18030;
    }
    let header = dbf
        .get(8..10)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]) as usize);
    if std::str::from_utf8(dbf.get(header..).unwrap_or_default()).is_ok() {
        encoding_rs::UTF_8
    } else {
        encoding_rs::GB18030
    }
}

/// Walks the `.shp` records, refusing any whose length or point counts do not fit the file.
fn check_shp(shp: &[u8], name: &str) -> Result<usize, ImportError> {
    let be = |at: usize| {
        shp.get(at..at + 4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let le = |at: usize| {
        shp.get(at..at + 4)
            .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let damaged = |n: usize, why: &str, zh: &str| {
        ImportError::new(Location::Record(n as u64), None, format!("{name}: {why}"))
            .zh(format!("{name}：{zh}"))
    };
    if be(0) != Some(9994) || shp.len() < 100 {
        return Err(bad(
            format!("{name} is not a Shapefile (.shp)"),
            format!("{name} 不是 Shapefile（.shp）文件"),
        ));
    }
    let mut at = 100;
    let mut n = 0;
    while at + 8 <= shp.len() {
        n += 1;
        if n > MAX_ROWS {
            return Err(bad(
                format!("{name} has more than {} records", grouped(MAX_ROWS)),
                format!("{name} 超过 {} 条记录", grouped(MAX_ROWS)),
            ));
        }
        let len = be(at + 4).unwrap_or(-1);
        let bytes = usize::try_from(len).ok().and_then(|l| l.checked_mul(2));
        let Some(bytes) = bytes.filter(|&b| b >= 4 && at + 8 + b <= shp.len()) else {
            return Err(damaged(
                n,
                "the record runs past the end of the file (a damaged file?)",
                "记录超出文件末尾（文件已损坏？）",
            ));
        };
        let c = at + 8;
        let kind = le(c).unwrap_or(0);
        // Polylines, polygons (plain, M, Z), multipatch: parts and points after the bounding box;
        // multipoints: points after it.
        let counts = match kind {
            3 | 5 | 13 | 15 | 23 | 25 | 31 => Some((le(c + 36), le(c + 40), 44)),
            8 | 18 | 28 => Some((Some(0), le(c + 36), 40)),
            _ => None,
        };
        if let Some((parts, points, head)) = counts {
            let (parts, points) = (parts.unwrap_or(-1), points.unwrap_or(-1));
            let need = usize::try_from(parts)
                .ok()
                .zip(usize::try_from(points).ok())
                .and_then(|(p, q)| {
                    p.checked_mul(4)?
                        .checked_add(q.checked_mul(16)?)?
                        .checked_add(head)
                });
            if need.is_none_or(|need| need > bytes) {
                return Err(damaged(
                    n,
                    "its part and point counts do not fit the record (a damaged file?)",
                    "部件或点的数目与记录长度不符（文件已损坏？）",
                ));
            }
        }
        at = c + bytes;
    }
    Ok(n)
}

/// A `.dbf` value as JSON.
/// The full name of each short `.dbf` field name from a `.fields.csv` that Lifecircle wrote
/// (header row, then `short,full` rows); empty when there is none or it cannot be read.
fn full_names(text: Option<&str>) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let Some(text) = text else { return out };
    let mut rows = super::csv_split::Splitter::new(text.trim_start_matches('\u{feff}'), ',');
    let mut row = Vec::new();
    let mut header = true;
    while let Ok(Some(_)) = rows.next_record(&mut row) {
        if let [short, full] = row.as_slice() {
            if !header && !full.is_empty() {
                out.insert(short.to_string(), full.to_string());
            }
        }
        header = false;
    }
    out
}

fn value(v: dbase::FieldValue) -> Value {
    use dbase::FieldValue as F;
    match v {
        F::Character(Some(s)) | F::Memo(s) => json!(s.trim()),
        F::Numeric(Some(x)) | F::Double(x) | F::Currency(x) => json!(x),
        F::Float(Some(x)) => json!(f64::from(x)),
        F::Integer(i) => json!(i),
        F::Logical(Some(b)) => json!(b),
        F::Date(Some(d)) => json!(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())),
        F::DateTime(d) => {
            let day = d.date();
            json!(format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                day.month(),
                day.day()
            ))
        }
        _ => Value::Null,
    }
}

fn ring(points: &[shapefile::Point]) -> Value {
    Value::Array(points.iter().map(|p| json!([p.x, p.y])).collect())
}

/// A polygon's rings as GeoJSON: each outer ring with the holes inside it.
fn polygon(rings: &[shapefile::PolygonRing<shapefile::Point>]) -> Value {
    use shapefile::PolygonRing as R;
    // Each polygon: its outer ring as plane points (to place holes in), its rings as GeoJSON.
    let plane = |ps: &[shapefile::Point]| vec![ps.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>()];
    let mut polys: Vec<(crate::planar::Rings, Vec<Value>)> = Vec::new();
    let mut holes = Vec::new();
    for r in rings {
        match r {
            R::Outer(p) => polys.push((plane(p), vec![ring(p)])),
            R::Inner(p) => holes.push(p),
        }
    }
    for h in holes {
        let owner = polys.iter_mut().find(|(outer, _)| {
            h.first()
                .is_some_and(|p| crate::planar::inside(p.x, p.y, outer))
        });
        match owner {
            Some((_, rs)) => rs.push(ring(h)),
            // A hole in no outer ring: kept as a polygon of its own rather than lost.
            None => polys.push((plane(h), vec![ring(h)])),
        }
    }
    match polys.len() {
        1 => json!({"type": "Polygon", "coordinates": polys.remove(0).1}),
        _ => {
            json!({"type": "MultiPolygon", "coordinates": polys.into_iter().map(|(_, r)| Value::Array(r)).collect::<Vec<_>>()})
        }
    }
}

/// Rings of measured or 3-D points as plain ones.
fn flat<P>(
    rings: &[shapefile::PolygonRing<P>],
    xy: impl Fn(&P) -> (f64, f64),
) -> Vec<shapefile::PolygonRing<shapefile::Point>> {
    use shapefile::PolygonRing as R;
    let pts = |ps: &[P]| {
        ps.iter()
            .map(|q| {
                let (x, y) = xy(q);
                shapefile::Point { x, y }
            })
            .collect()
    };
    rings
        .iter()
        .map(|r| match r {
            R::Outer(p) => R::Outer(pts(p)),
            R::Inner(p) => R::Inner(pts(p)),
        })
        .collect()
}

fn geometry(shape: shapefile::Shape) -> Value {
    use shapefile::Shape as S;
    let pt = |x: f64, y: f64| json!({"type": "Point", "coordinates": [x, y]});
    let mean = |ps: &[(f64, f64)]| {
        let n = ps.len().max(1) as f64;
        pt(
            ps.iter().map(|p| p.0).sum::<f64>() / n,
            ps.iter().map(|p| p.1).sum::<f64>() / n,
        )
    };
    match shape {
        S::Point(p) => pt(p.x, p.y),
        S::PointM(p) => pt(p.x, p.y),
        S::PointZ(p) => pt(p.x, p.y),
        S::Multipoint(m) => mean(&m.points().iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        S::MultipointM(m) => mean(&m.points().iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        S::MultipointZ(m) => mean(&m.points().iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()),
        S::Polygon(p) => polygon(p.rings()),
        S::PolygonM(p) => polygon(&flat(p.rings(), |q| (q.x, q.y))),
        S::PolygonZ(p) => polygon(&flat(p.rings(), |q| (q.x, q.y))),
        _ => Value::Null,
    }
}

/// The layer as GeoJSON text (coordinates as the file has them) and its coordinate system: the
/// `.prj`'s, else `crs`.
pub fn to_geojson(parts: &Parts, crs: Crs) -> Result<(String, Crs), ImportError> {
    let name = &parts.name;
    let records = check_shp(&parts.shp, name)?;
    let crs = match &parts.prj {
        Some(wkt) if !wkt.trim().is_empty() => crate::crs::wkt::from_prj(wkt)
            .map_err(|e| ImportError::from_localized(Location::File, None, &e))?,
        _ => crs,
    };
    let encoding = dbf_encoding(&parts.dbf, parts.cpg.as_deref());
    let shapes = match &parts.shx {
        Some(shx) => {
            shapefile::ShapeReader::with_shx(Cursor::new(&parts.shp[..]), Cursor::new(&shx[..]))
        }
        None => shapefile::ShapeReader::new(Cursor::new(&parts.shp[..])),
    };
    let failed = |e: &dyn std::fmt::Display| {
        bad(
            format!("{name} cannot be read: {e}"),
            format!("{name} 无法读取：{e}"),
        )
    };
    let shapes = shapes.map_err(|e| failed(&e))?;
    let dbf = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .build(Cursor::new(&parts.dbf[..]))
        .map_err(|e| failed(&e))?;
    if dbf.header().num_records as usize != records {
        return Err(bad(
            format!("{name} has {records} shapes but its .dbf {} records: the two files are not of one layer", dbf.header().num_records),
            format!("{name} 有 {records} 个图形，但 .dbf 有 {} 条记录：两者不属于同一图层", dbf.header().num_records),
        ));
    }
    let full = full_names(parts.fields.as_deref());
    let mut reader = shapefile::Reader::new(shapes, dbf);
    let mut features = Vec::with_capacity(records);
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| {
            ImportError::new(Location::Record(i as u64 + 1), None, format!("{name}: {e}"))
                .zh(format!("{name}：{e}"))
        })?;
        let mut props = Map::new();
        for (k, v) in record {
            let k = full.get(&k).cloned().unwrap_or(k);
            props.insert(k, value(v));
        }
        features.push(json!({"type": "Feature", "geometry": geometry(shape), "properties": props}));
    }
    Ok((
        json!({"type": "FeatureCollection", "features": features}).to_string(),
        crs,
    ))
}
