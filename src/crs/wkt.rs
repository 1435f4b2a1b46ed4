//! The coordinate system of a Shapefile's `.prj` (WKT 1, as ArcGIS and QGIS write it): an EPSG
//! code the WKT names, else one found from its datum, projection and parameters.

use super::{projection, Crs};
use std::fmt;

/// A `.prj` whose system we cannot use, with what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsupportedPrj {
    /// The system's name as the WKT gives it.
    pub name: String,
    /// Why (English, Chinese).
    pub why: (&'static str, &'static str),
}

impl fmt::Display for UnsupportedPrj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the .prj names '{}', which Lifecircle cannot convert: {}",
            self.name, self.why.0
        )
    }
}

impl std::error::Error for UnsupportedPrj {}

impl crate::error::Localized for UnsupportedPrj {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => {
                format!(".prj 中的坐标系为“{}”，无法转换：{}", self.name, self.why.1)
            }
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

/// The quoted name after `key[` (e.g. `PROJCS["…"`), if any.
fn named(wkt: &str, key: &str) -> Option<String> {
    let at = wkt.find(&format!("{key}[\""))? + key.len() + 2;
    let end = wkt[at..].find('"')?;
    Some(wkt[at..at + end].to_string())
}

/// The value of `PARAMETER["name", value]` (name case-insensitive, `_` and spaces alike).
fn parameter(wkt: &str, name: &str) -> Option<f64> {
    let norm = |s: &str| s.to_ascii_lowercase().replace([' ', '_'], "");
    let want = norm(name);
    let mut rest = wkt;
    while let Some(i) = rest.find("PARAMETER[\"") {
        rest = &rest[i + 11..];
        let end = rest.find('"')?;
        if norm(&rest[..end]) == want {
            let after = rest[end + 1..].trim_start().strip_prefix(',')?;
            let stop = after.find([']', ','])?;
            return after[..stop].trim().parse().ok();
        }
    }
    None
}

/// The last `AUTHORITY["EPSG","code"]` (WKT 1 puts the whole system's last) or WKT 2's
/// `ID["EPSG",code]`.
fn epsg(wkt: &str) -> Option<u32> {
    let a = wkt.rfind("AUTHORITY[\"EPSG\",\"").map(|i| &wkt[i + 18..]);
    let b = wkt.rfind("ID[\"EPSG\",").map(|i| &wkt[i + 10..]);
    let s = a.or(b)?;
    let end = s.find(['"', ']'])?;
    s[..end].trim().parse().ok()
}

/// The coordinate system a `.prj` describes.
pub fn from_prj(wkt: &str) -> Result<Crs, UnsupportedPrj> {
    let wkt = wkt.trim_start_matches('\u{feff}').trim();
    let projcs = named(wkt, "PROJCS").or_else(|| named(wkt, "PROJCRS"));
    let geogcs = named(wkt, "GEOGCS")
        .or_else(|| named(wkt, "GEOGCRS"))
        .or_else(|| named(wkt, "BASEGEOGCRS"))
        .unwrap_or_default();
    let datum = named(wkt, "DATUM").unwrap_or_default().to_ascii_lowercase();
    let name = projcs.clone().unwrap_or_else(|| geogcs.clone());
    let bad = |why| UnsupportedPrj {
        name: name.clone(),
        why,
    };
    // A datum other than CGCS2000/WGS-84 needs a shift with parameters only its survey office has.
    let lower = format!("{} {datum}", geogcs.to_ascii_lowercase());
    if lower.contains("beijing")
        || lower.contains("1954")
        || lower.contains("xian")
        || lower.contains("1980")
    {
        return Err(bad((
            "Beijing 1954 and Xi'an 1980 differ from WGS-84 by up to 100 m and need the local survey's conversion parameters: convert the file to CGCS2000 first (ArcGIS Project tool)",
            "北京54、西安80 与 WGS-84 相差可达百米，须用当地测绘部门的转换参数：请先在 ArcGIS 等软件中转换为 CGCS2000",
        )));
    }
    let known_datum = lower.contains("2000")
        || lower.contains("cgcs")
        || lower.contains("wgs")
        || lower.contains("84");
    if !known_datum {
        return Err(bad((
            "its datum is neither CGCS2000 nor WGS-84",
            "其基准既不是 CGCS2000 也不是 WGS-84",
        )));
    }
    if let Some(code) = epsg(wkt) {
        match code {
            4326 | 4490 if projcs.is_none() => return Ok(Crs::Wgs84),
            c if projcs.is_some() && u16::try_from(c).ok().and_then(projection).is_some() => {
                return Ok(Crs::Epsg(c as u16))
            }
            _ => {}
        }
    }
    let Some(projcs) = projcs else {
        return Ok(Crs::Wgs84);
    };
    let lower_name = projcs.to_ascii_lowercase();
    let method = named(wkt, "PROJECTION")
        .or_else(|| named(wkt, "METHOD"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if method.contains("mercator_auxiliary")
        || method.contains("popular visualisation")
        || lower_name.contains("pseudo")
        || lower_name.contains("web_mercator")
        || lower_name.contains("web mercator")
    {
        return Ok(Crs::Epsg(3857));
    }
    if !(method.contains("transverse") || method.contains("gauss")) {
        return Err(bad((
            "only Gauss-Kruger / transverse Mercator (and Web Mercator) projections are supported",
            "只支持高斯-克吕格（横轴墨卡托）与 Web 墨卡托投影",
        )));
    }
    let cm = parameter(wkt, "central_meridian")
        .or_else(|| parameter(wkt, "longitude of natural origin"))
        .unwrap_or(f64::NAN);
    let fe = parameter(wkt, "false_easting").unwrap_or(0.0);
    let fn_ = parameter(wkt, "false_northing").unwrap_or(0.0);
    let k = parameter(wkt, "scale_factor")
        .or_else(|| parameter(wkt, "scale factor at natural origin"))
        .unwrap_or(1.0);
    let lat0 = parameter(wkt, "latitude_of_origin")
        .or_else(|| parameter(wkt, "latitude of natural origin"))
        .unwrap_or(0.0);
    let wgs = !lower.contains("2000") && !lower.contains("cgcs");
    let found = if wgs && (k - 0.9996).abs() < 1e-9 && fe == 500_000.0 && lat0 == 0.0 {
        let zone = (cm + 183.0) / 6.0;
        (zone.fract() == 0.0 && (1.0..=60.0).contains(&zone)).then(|| {
            let south = fn_ == 10_000_000.0;
            32600 + if south { 100 } else { 0 } + zone as u16
        })
    } else if !wgs && (k - 1.0).abs() < 1e-9 && fn_ == 0.0 && lat0 == 0.0 {
        let six = lower_name.contains("6_degree")
            || lower_name.contains("6-degree")
            || (lower_name.contains("gauss_kruger_zone") && !lower_name.contains("3_degree"));
        gauss_kruger_code(cm, fe, six)
    } else {
        None
    };
    found.map(Crs::Epsg).ok_or_else(|| {
        bad((
            "its parameters match no CGCS2000 Gauss-Kruger zone or WGS-84 UTM zone",
            "其参数不符合任何 CGCS2000 高斯-克吕格带或 WGS-84 UTM 带",
        ))
    })
}

/// The `.prj` (Esri WKT 1, as ArcGIS writes it, with the EPSG code added so that GDAL and we read
/// the exact system back) of `crs`; `None` for GCJ-02 and BD-09, which no WKT names.
pub fn to_prj(crs: Crs) -> Option<String> {
    const DEGREE: &str = r#"PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]"#;
    let wgs84 = format!(
        r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],{DEGREE}]"#
    );
    let cgcs = format!(
        r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],{DEGREE}]"#
    );
    let code = match crs {
        Crs::Wgs84 => {
            return Some(format!(
                r#"{},AUTHORITY["EPSG","4326"]]"#,
                &wgs84[..wgs84.len() - 1]
            ))
        }
        Crs::Gcj02 | Crs::Bd09 => return None,
        Crs::Epsg(code) => code,
    };
    let p = projection(code)?;
    let params = |method: &str, fe: f64, fn_: f64, k: f64| {
        format!(
            r#"PROJECTION["{method}"],PARAMETER["False_Easting",{fe:.1}],PARAMETER["False_Northing",{fn_:.1}],PARAMETER["Central_Meridian",{:.1}],PARAMETER["Scale_Factor",{k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]"#,
            p.central_meridian
        )
    };
    use super::projected::Family;
    let cm = p.central_meridian;
    let (name, geog, body) = match p.family {
        Family::GaussKruger { degrees, zone } => {
            let width = if degrees == 3 { "3_Degree_" } else { "" };
            let name = match zone {
                Some(z) => format!("CGCS2000_{width}GK_Zone_{z}"),
                None => format!("CGCS2000_{width}GK_CM_{cm}E"),
            };
            (name, &cgcs, params("Gauss_Kruger", p.false_easting, 0.0, 1.0))
        }
        Family::Utm { zone, south } => (
            format!("WGS_1984_UTM_Zone_{zone}{}", if south { 'S' } else { 'N' }),
            &wgs84,
            params(
                "Transverse_Mercator",
                500_000.0,
                if south { 10_000_000.0 } else { 0.0 },
                0.9996,
            ),
        ),
        Family::WebMercator => (
            "WGS_1984_Web_Mercator_Auxiliary_Sphere".to_string(),
            &wgs84,
            r#"PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]"#.to_string(),
        ),
    };
    Some(format!(
        r#"PROJCS["{name}",{geog},{body},AUTHORITY["EPSG","{code}"]]"#
    ))
}

/// The EPSG code of a CGCS2000 Gauss-Krüger zone from its central meridian and false easting
/// (`six`: a 6° zone where the numbers alone would also fit a 3° one).
fn gauss_kruger_code(cm: f64, fe: f64, six: bool) -> Option<u16> {
    let whole = |v: f64| (v.fract() == 0.0).then_some(v as i64);
    let cm = whole(cm)?;
    if fe == 500_000.0 {
        if six && (75..=135).contains(&cm) && (cm - 75) % 6 == 0 {
            return Some(4502 + ((cm - 75) / 6) as u16);
        }
        if (75..=135).contains(&cm) && cm % 3 == 0 {
            return Some(4534 + ((cm - 75) / 3) as u16);
        }
        return None;
    }
    let zone = whole((fe - 500_000.0) / 1e6)?;
    match zone {
        13..=23 if cm == 6 * zone - 3 => Some(4491 + (zone - 13) as u16),
        25..=45 if cm == 3 * zone => Some(4513 + (zone - 25) as u16),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_system_written_reads_back_as_itself() {
        let mut all = vec![Crs::Wgs84];
        all.extend((4491..=4554).map(Crs::Epsg));
        all.extend((32601..=32660).chain(32701..=32760).map(Crs::Epsg));
        all.push(Crs::Epsg(3857));
        for crs in all {
            let prj = to_prj(crs).expect("a WKT");
            assert_eq!(from_prj(&prj), Ok(crs), "{prj}");
        }
        assert_eq!(to_prj(Crs::Gcj02), None);
        assert_eq!(to_prj(Crs::Bd09), None);
    }

    const GK39: &str = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn esri_gauss_kruger_prj_is_found_from_its_parameters() {
        assert_eq!(from_prj(GK39), Ok(Crs::Epsg(4527)));
        let cm = GK39
            .replace("Zone_39", "CM_120E")
            .replace("39500000.0", "500000.0")
            .replace("117.0", "120.0");
        assert_eq!(from_prj(&cm), Ok(Crs::Epsg(4549)));
        let six = GK39
            .replace("3_Degree_GK_Zone_39", "6_Degree_GK_Zone_20")
            .replace("39500000.0", "20500000.0");
        assert_eq!(from_prj(&six), Ok(Crs::Epsg(4498)));
    }

    #[test]
    fn epsg_authority_geographic_utm_and_old_datums() {
        let utm = r#"PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],AUTHORITY["EPSG","32650"]]"#;
        assert_eq!(from_prj(utm), Ok(Crs::Epsg(32650)));
        let no_code = utm.replace(r#",AUTHORITY["EPSG","32650"]"#, "");
        assert_eq!(from_prj(&no_code), Ok(Crs::Epsg(32650)));
        let geo = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(from_prj(geo), Ok(Crs::Wgs84));
        let merc = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"]]"#;
        assert_eq!(from_prj(merc), Ok(Crs::Epsg(3857)));
        let xian = GK39
            .replace("China_Geodetic_Coordinate_System_2000", "Xian_1980")
            .replace("D_China_2000", "D_Xian_1980");
        let e = from_prj(&xian).unwrap_err();
        assert!(e.to_string().contains("Xi'an 1980"), "{e}");
    }
}
