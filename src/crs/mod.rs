//! The coordinate systems a planner's file may use, by name or EPSG code: WGS-84 (and CGCS2000,
//! equal to it within centimetres), China's offset systems GCJ-02 and BD-09, and projected ones
//! (Gauss-Krüger, UTM, Web Mercator). Inside the engine everything is WGS-84.

mod china;
pub mod projected;
pub mod wkt;

pub use china::{bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, in_china, wgs84_to_gcj02};
pub use projected::{looks_projected, projection, Projection};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A coordinate reference system a planner's file may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Crs {
    /// WGS-84 longitude/latitude (GPS, OpenStreetMap); also CGCS2000 (EPSG:4490, 天地图 and the
    /// national surveys), whose coordinates differ from WGS-84 by centimetres — far below what a
    /// walking radius can tell.
    #[default]
    Wgs84,
    /// GCJ-02 "Mars coordinates": Amap (高德), Tencent (腾讯) exports.
    Gcj02,
    /// BD-09: Baidu (百度) exports.
    Bd09,
    /// A projected system by EPSG code (metres): one [`projection`] knows.
    Epsg(u16),
}

impl Crs {
    /// The name used on the command line, in the JS API and in files: `wgs84`, `gcj02`, `bd09`,
    /// `epsg:4548`.
    pub fn name(self) -> String {
        match self {
            Crs::Wgs84 => "wgs84".into(),
            Crs::Gcj02 => "gcj02".into(),
            Crs::Bd09 => "bd09".into(),
            Crs::Epsg(c) => format!("epsg:{c}"),
        }
    }

    /// How reports write it: `WGS-84`, `GCJ-02`, `BD-09`, `EPSG:4548 CGCS2000 / 3-degree…`.
    pub fn title(self, zh: bool) -> String {
        match self {
            Crs::Wgs84 => "WGS-84".into(),
            Crs::Gcj02 => "GCJ-02".into(),
            Crs::Bd09 => "BD-09".into(),
            Crs::Epsg(c) => match projection(c) {
                Some(p) if zh => format!("EPSG:{c} {}", p.name_zh()),
                Some(p) => format!("EPSG:{c} {}", p.name_en()),
                None => format!("EPSG:{c}"),
            },
        }
    }

    /// Whether coordinates are projected metres (else longitude/latitude in degrees).
    pub fn is_projected(self) -> bool {
        matches!(self, Crs::Epsg(_))
    }

    /// Converts a coordinate in this system to WGS-84 longitude/latitude (a projected one is
    /// easting, northing in either order — see [`Projection::easting_northing`]; NaN when it is not
    /// on the earth).
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lon, lat),
            Crs::Gcj02 => gcj02_to_wgs84(lon, lat),
            Crs::Bd09 => {
                let (g_lon, g_lat) = bd09_to_gcj02(lon, lat);
                gcj02_to_wgs84(g_lon, g_lat)
            }
            Crs::Epsg(c) => {
                let (x, y) = projection(c).map_or((lon, lat), |p| p.easting_northing(lon, lat));
                projected::to_lonlat(c, x, y)
            }
        }
    }

    /// Converts a WGS-84 longitude/latitude to this system (easting, northing when projected).
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Wgs84 => (lon, lat),
            Crs::Gcj02 => wgs84_to_gcj02(lon, lat),
            Crs::Bd09 => {
                let (g_lon, g_lat) = wgs84_to_gcj02(lon, lat);
                gcj02_to_bd09(g_lon, g_lat)
            }
            Crs::Epsg(c) => projected::from_lonlat(c, lon, lat),
        }
    }
}

/// A coordinate that is no place in its system, said in English and Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct BadPlace {
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
}

impl Crs {
    /// A file's coordinate `(a, b)` in this system as WGS-84, checked: a longitude/latitude must
    /// be in range (numbers that look projected name the system they look like), a projected one
    /// must fall on the earth.
    pub fn place(self, a: f64, b: f64) -> Result<(f64, f64), BadPlace> {
        if !(a.is_finite() && b.is_finite()) {
            return Err(BadPlace {
                en: format!("[{a}, {b}] are not finite numbers"),
                zh: format!("[{a}, {b}] 不是有限的数"),
            });
        }
        if self.is_projected() {
            let (lon, lat) = self.to_wgs84(a, b);
            if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 {
                return Ok((lon, lat));
            }
            return Err(BadPlace {
                en: format!(
                    "[{a}, {b}] is no place in {}: is the coordinate system right?",
                    self.title(false)
                ),
                zh: format!(
                    "[{a}, {b}] 不是 {} 中的位置：坐标系选对了吗？",
                    self.title(true)
                ),
            });
        }
        if a.abs() <= 180.0 && b.abs() <= 90.0 {
            return Ok(self.to_wgs84(a, b));
        }
        Err(projected_hint(a, b).unwrap_or_else(|| BadPlace {
            en: format!("[{a}, {b}] is not a longitude/latitude"),
            zh: format!("[{a}, {b}] 不是经纬度"),
        }))
    }
}

/// When two numbers that are no longitude/latitude look like projected metres: what to choose.
pub fn projected_hint(a: f64, b: f64) -> Option<BadPlace> {
    let (code, certain) = looks_projected(a, b)?;
    Some(if certain {
        let p = projection(code)?;
        BadPlace {
            en: format!(
                "{a}, {b} look like projected coordinates in EPSG:{code} ({}): choose that coordinate system (--crs EPSG:{code}, or 坐标系 in the app)",
                p.name_en()
            ),
            zh: format!(
                "{a}、{b} 像是投影坐标 EPSG:{code}（{}）：请选择该坐标系（命令行 --crs EPSG:{code}，或在应用中选“坐标系”）",
                p.name_zh()
            ),
        }
    } else {
        BadPlace {
            en: format!(
                "{a}, {b} look like projected metres without a zone number (CGCS2000 Gauss-Kruger?): choose the coordinate system by your district's central meridian, EPSG:4534–4554 for 3° zones (e.g. 120°E → EPSG:4549), EPSG:4502–4512 for 6° zones"
            ),
            zh: format!(
                "{a}、{b} 像是不带带号的投影坐标（CGCS2000 高斯-克吕格？）：请按所在地的中央经线选择坐标系，3度带 EPSG:4534–4554（如中央经线 120°E → EPSG:4549），6度带 EPSG:4502–4512"
            ),
        }
    })
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Crs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Crs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The name given is not a coordinate system we know.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownCrs(pub String);

impl crate::error::Localized for UnknownCrs {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => format!(
                "未知的坐标系“{}”：请用 wgs84（或 cgcs2000）、gcj02（高德/腾讯）、bd09（百度），或 EPSG 代码：CGCS2000 高斯-克吕格 EPSG:4491–4554、UTM EPSG:326xx/327xx、Web 墨卡托 EPSG:3857",
                self.0
            ),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

impl fmt::Display for UnknownCrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown coordinate system '{}': use wgs84 (or cgcs2000), gcj02 (Amap/Tencent), bd09 (Baidu), or an EPSG code: CGCS2000 Gauss-Kruger EPSG:4491–4554, UTM EPSG:326xx/327xx, Web Mercator EPSG:3857",
            self.0
        )
    }
}

impl std::error::Error for UnknownCrs {}

impl FromStr for Crs {
    type Err = UnknownCrs;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        let code = k
            .strip_prefix("epsg:")
            .or(k.strip_prefix("epsg"))
            .unwrap_or(&k);
        if let Ok(c) = code.parse::<u32>() {
            return match c {
                4326 | 4490 => Ok(Crs::Wgs84),
                _ => u16::try_from(c)
                    .ok()
                    .filter(|&c| projection(c).is_some())
                    .map(Crs::Epsg)
                    .ok_or_else(|| UnknownCrs(s.to_string())),
            };
        }
        match k.as_str() {
            "wgs84" | "gps" | "osm" | "cgcs2000" => Ok(Crs::Wgs84),
            "gcj02" | "gcj" | "amap" | "gaode" | "高德" | "tencent" | "腾讯" | "火星" => {
                Ok(Crs::Gcj02)
            }
            "bd09" | "bd09ll" | "baidu" | "百度" => Ok(Crs::Bd09),
            "webmercator" | "pseudomercator" => Ok(Crs::Epsg(3857)),
            _ => Err(UnknownCrs(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_codes() {
        assert_eq!("WGS-84".parse::<Crs>().unwrap(), Crs::Wgs84);
        assert_eq!("gcj_02".parse::<Crs>().unwrap(), Crs::Gcj02);
        assert_eq!("百度".parse::<Crs>().unwrap(), Crs::Bd09);
        assert_eq!("EPSG:4490".parse::<Crs>().unwrap(), Crs::Wgs84);
        assert_eq!("epsg:4548".parse::<Crs>().unwrap(), Crs::Epsg(4548));
        assert_eq!("32650".parse::<Crs>().unwrap(), Crs::Epsg(32650));
        assert_eq!("EPSG:3857".parse::<Crs>().unwrap(), Crs::Epsg(3857));
        for bad in ["utm50", "EPSG:4214", "epsg:99999999"] {
            let e = bad.parse::<Crs>().unwrap_err().to_string();
            assert!(e.contains(bad) && e.contains("gcj02"), "{e}");
        }
        assert_eq!(
            serde_json::to_string(&Crs::Epsg(4548)).unwrap(),
            "\"epsg:4548\""
        );
        assert_eq!(
            serde_json::from_str::<Crs>("\"gcj02\"").unwrap(),
            Crs::Gcj02
        );
    }

    #[test]
    fn gauss_kruger_x_and_y_in_either_order() {
        // Nanjing in zone 40 (CM 120°E), the zone number in the easting.
        let (e, n) = Crs::Epsg(4528).from_wgs84(118.78, 32.04);
        assert!((40_000_000.0..40_500_000.0).contains(&e), "{e}");
        for (a, b) in [(e, n), (n, e)] {
            let (lon, lat) = Crs::Epsg(4528).to_wgs84(a, b);
            assert!((lon - 118.78).abs() < 1e-9 && (lat - 32.04).abs() < 1e-9);
        }
    }

    #[test]
    fn projected_looking_numbers_name_their_zone() {
        assert_eq!(
            looks_projected(39_668_136.6, 3_547_673.7),
            Some((4527, true))
        );
        assert_eq!(
            looks_projected(3_547_673.7, 20_668_136.6),
            Some((4498, true))
        );
        assert_eq!(looks_projected(385_000.0, 3_547_673.7), Some((4534, false)));
        assert_eq!(looks_projected(118.78, 32.04), None);
    }
}
