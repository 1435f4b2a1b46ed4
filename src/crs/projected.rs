//! Projected coordinate systems of planners' files, by EPSG code: CGCS2000 Gauss-Krüger 3° and 6°
//! zones (with and without the zone number in the easting), WGS-84 UTM, Web Mercator. The maths is
//! proj4rs's (PROJ's transverse Mercator, the Poder/Engsager series): it matches PROJ 9 to
//! micrometres on the reference points in `tests/data/crs_points.csv`.

use proj4rs::proj::Proj;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The families of projected systems we know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// CGCS2000 Gauss-Krüger, `degrees` 3 or 6 wide; `zone` when the easting carries its number.
    GaussKruger {
        /// Zone width in degrees (3 or 6).
        degrees: u8,
        /// The zone number in the easting (39 500 000 m at the central meridian of zone 39).
        zone: Option<u8>,
    },
    /// WGS-84 UTM zone, north or south.
    Utm {
        /// Zone 1–60.
        zone: u8,
        /// Southern hemisphere (false northing 10 000 km).
        south: bool,
    },
    /// Web Mercator (EPSG:3857), as web maps' tiles.
    WebMercator,
}

/// An EPSG code we know, and what it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// The EPSG code.
    pub code: u16,
    /// Its family.
    pub family: Family,
    /// Central meridian (degrees east).
    pub central_meridian: f64,
    /// False easting (metres).
    pub false_easting: f64,
}

/// The projection of `code`, if it is one we know.
pub fn projection(code: u16) -> Option<Projection> {
    let gk = |degrees, zone: Option<u16>, cm: u16, fe: f64| Projection {
        code,
        family: Family::GaussKruger {
            degrees,
            zone: zone.map(|z| z as u8),
        },
        central_meridian: f64::from(cm),
        false_easting: fe,
    };
    let with_zone = |z: u16| f64::from(z) * 1e6 + 500_000.0;
    Some(match code {
        // 6° zones 13–23 (central meridians 75°–135°E), the zone number in the easting.
        4491..=4501 => {
            let z = code - 4491 + 13;
            gk(6, Some(z), 6 * z - 3, with_zone(z))
        }
        4502..=4512 => gk(6, None, 75 + 6 * (code - 4502), 500_000.0),
        // 3° zones 25–45 (central meridians 75°–135°E).
        4513..=4533 => {
            let z = code - 4513 + 25;
            gk(3, Some(z), 3 * z, with_zone(z))
        }
        4534..=4554 => gk(3, None, 75 + 3 * (code - 4534), 500_000.0),
        32601..=32660 | 32701..=32760 => {
            let zone = (code % 100) as u8;
            Projection {
                code,
                family: Family::Utm {
                    zone,
                    south: code > 32700,
                },
                central_meridian: 6.0 * f64::from(zone) - 183.0,
                false_easting: 500_000.0,
            }
        }
        3857 => Projection {
            code,
            family: Family::WebMercator,
            central_meridian: 0.0,
            false_easting: 0.0,
        },
        _ => return None,
    })
}

impl Projection {
    /// The PROJ string of the projection and of its geographic system (same ellipsoid).
    fn proj_strings(&self) -> (String, &'static str) {
        match self.family {
            Family::GaussKruger { .. } => (
                format!(
                    "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={} +y_0=0 +ellps=GRS80 +units=m +no_defs",
                    self.central_meridian, self.false_easting
                ),
                "+proj=longlat +ellps=GRS80 +no_defs",
            ),
            Family::Utm { south, .. } => (
                format!(
                    "+proj=tmerc +lat_0=0 +lon_0={} +k=0.9996 +x_0=500000 +y_0={} +ellps=WGS84 +units=m +no_defs",
                    self.central_meridian,
                    if south { 10_000_000 } else { 0 }
                ),
                "+proj=longlat +ellps=WGS84 +no_defs",
            ),
            Family::WebMercator => (
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs".into(),
                "+proj=longlat +a=6378137 +b=6378137 +no_defs",
            ),
        }
    }

    /// Its name in English: `CGCS2000 / 3-degree Gauss-Kruger zone 39`.
    pub fn name_en(&self) -> String {
        let cm = self.central_meridian;
        match self.family {
            // As EPSG names them: 6° zones plain, 3° zones "3-degree".
            Family::GaussKruger {
                degrees: 6,
                zone: Some(z),
            } => {
                format!("CGCS2000 / Gauss-Kruger zone {z}")
            }
            Family::GaussKruger {
                degrees: 6,
                zone: None,
            } => {
                format!("CGCS2000 / Gauss-Kruger CM {cm}E")
            }
            Family::GaussKruger { zone: Some(z), .. } => {
                format!("CGCS2000 / 3-degree Gauss-Kruger zone {z}")
            }
            Family::GaussKruger { zone: None, .. } => {
                format!("CGCS2000 / 3-degree Gauss-Kruger CM {cm}E")
            }
            Family::Utm { zone, south } => {
                format!("WGS 84 / UTM zone {zone}{}", if south { 'S' } else { 'N' })
            }
            Family::WebMercator => "WGS 84 / Pseudo-Mercator (Web Mercator)".into(),
        }
    }

    /// Its name in Chinese: `CGCS2000 高斯-克吕格 3度带 第39带`.
    pub fn name_zh(&self) -> String {
        let cm = self.central_meridian;
        match self.family {
            Family::GaussKruger {
                degrees,
                zone: Some(z),
            } => {
                format!(
                    "CGCS2000 高斯-克吕格 {degrees}度带 第{z}带（中央经线 {cm}°E，带号在横坐标中）"
                )
            }
            Family::GaussKruger {
                degrees,
                zone: None,
            } => {
                format!("CGCS2000 高斯-克吕格 {degrees}度带 中央经线 {cm}°E（横坐标无带号）")
            }
            Family::Utm { zone, south } => {
                format!("WGS-84 UTM {zone}{} 带", if south { 'S' } else { 'N' })
            }
            Family::WebMercator => "Web 墨卡托（EPSG:3857）".into(),
        }
    }

    /// Easting and northing from a file's two numbers in either order: Chinese survey tables call
    /// the northing X. Swapped when the first can only be a northing and the second only an
    /// easting of this projection.
    pub fn easting_northing(&self, a: f64, b: f64) -> (f64, f64) {
        let easting = |v: f64| match self.family {
            Family::WebMercator => true,
            _ => (self.false_easting - 500_000.0..self.false_easting + 500_000.0).contains(&v),
        };
        if !easting(a) && easting(b) {
            (b, a)
        } else {
            (a, b)
        }
    }
}

/// The two PROJ objects of a code (projected, geographic), made once per thread.
type Pair = Rc<(Proj, Proj)>;

thread_local! {
    static PROJS: RefCell<HashMap<u16, Option<Pair>>> = RefCell::new(HashMap::new());
}

fn projs(code: u16) -> Option<Pair> {
    PROJS.with(|m| {
        m.borrow_mut()
            .entry(code)
            .or_insert_with(|| {
                let p = projection(code)?;
                let (proj, geo) = p.proj_strings();
                Some(Rc::new((
                    Proj::from_proj_string(&proj).ok()?,
                    Proj::from_proj_string(geo).ok()?,
                )))
            })
            .clone()
    })
}

/// Projected (easting, northing) of `code` → longitude/latitude in degrees; NaN when the code is
/// unknown or the point is not on the earth.
pub fn to_lonlat(code: u16, x: f64, y: f64) -> (f64, f64) {
    let Some(p) = projs(code) else {
        return (f64::NAN, f64::NAN);
    };
    let mut pt = (x, y, 0.0);
    match proj4rs::transform::transform(&p.0, &p.1, &mut pt) {
        Ok(()) => (pt.0.to_degrees(), pt.1.to_degrees()),
        Err(_) => (f64::NAN, f64::NAN),
    }
}

/// Longitude/latitude in degrees → projected (easting, northing) of `code`; NaN when the code is
/// unknown or the point cannot be projected.
pub fn from_lonlat(code: u16, lon: f64, lat: f64) -> (f64, f64) {
    let Some(p) = projs(code) else {
        return (f64::NAN, f64::NAN);
    };
    let mut pt = (lon.to_radians(), lat.to_radians(), 0.0);
    match proj4rs::transform::transform(&p.1, &p.0, &mut pt) {
        Ok(()) => (pt.0, pt.1),
        Err(_) => (f64::NAN, f64::NAN),
    }
}

/// What two numbers that are no longitude/latitude may be: the projected system they look like,
/// as `(EPSG code, certain)` — certain when the easting carries a Gauss-Krüger zone number (the
/// zone then names the code), else a 3° zone without its number whose central meridian the
/// planner must choose (`code` is then the first of 4534–4554).
pub fn looks_projected(a: f64, b: f64) -> Option<(u16, bool)> {
    if !(a.is_finite() && b.is_finite()) || a.abs().max(b.abs()) < 1_000.0 {
        return None;
    }
    for v in [a, b] {
        let zone = (v / 1e6).floor();
        if (13.0..=23.0).contains(&zone)
            && (zone * 1e6 + 100_000.0..zone * 1e6 + 900_000.0).contains(&v)
        {
            return Some((4491 + (zone as u16 - 13), true));
        }
        if (25.0..=45.0).contains(&zone)
            && (zone * 1e6 + 100_000.0..zone * 1e6 + 900_000.0).contains(&v)
        {
            return Some((4513 + (zone as u16 - 25), true));
        }
    }
    let (lo, hi) = (a.min(b), a.max(b));
    ((100_000.0..900_000.0).contains(&lo) && (1_000_000.0..7_000_000.0).contains(&hi))
        .then_some((4534, false))
}
