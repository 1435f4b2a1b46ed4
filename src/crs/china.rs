//! China's offset coordinates: WGS-84 ↔ GCJ-02 (Amap, Tencent) ↔ BD-09 (Baidu).
//!
//! GCJ-02 is WGS-84 plus a deliberate, smoothly varying offset of a few hundred metres inside
//! China; BD-09 adds Baidu's own rotation/scale on top of GCJ-02. The forward formulas are the
//! published ones (as in gcoord and eviltransform). The inverses have no closed form, so they are
//! solved by fixed-point iteration to 1e-12° (≈ 0.1 µm), which makes every round trip exact to far
//! better than a centimetre. Outside China's bounding box GCJ-02 equals WGS-84, as in gcoord.

use std::f64::consts::PI;

/// Krasovsky 1940 semi-major axis used by the GCJ-02 formulas.
const GCJ_A: f64 = 6_378_245.0;
/// Krasovsky 1940 eccentricity squared used by the GCJ-02 formulas.
const GCJ_EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = PI * 3000.0 / 180.0;
/// Iterations stop once the residual is below this many degrees (≈ 0.1 µm).
const INVERSE_TOLERANCE_DEG: f64 = 1e-12;

/// Whether GCJ-02 applies here: the same rough bounding box of China gcoord uses.
pub fn in_china(lon: f64, lat: f64) -> bool {
    (72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn transform_lon(x: f64, y: f64) -> f64 {
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

/// WGS-84 → GCJ-02 (closed form).
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china(lon, lat) {
        return (lon, lat);
    }
    let d_lat = transform_lat(lon - 105.0, lat - 35.0);
    let d_lon = transform_lon(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - GCJ_EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (GCJ_A / sqrt_magic * rad_lat.cos() * PI);
    (lon + d_lon, lat + d_lat)
}

/// Solves `forward(x) = target` for x by fixed-point iteration `x ← x + (target − forward(x))`,
/// which converges because each forward map is a small smooth offset of the identity.
fn invert(
    target: (f64, f64),
    start: (f64, f64),
    forward: impl Fn(f64, f64) -> (f64, f64),
) -> (f64, f64) {
    let (mut lon, mut lat) = start;
    for _ in 0..50 {
        let (f_lon, f_lat) = forward(lon, lat);
        let (d_lon, d_lat) = (target.0 - f_lon, target.1 - f_lat);
        lon += d_lon;
        lat += d_lat;
        if d_lon.abs() < INVERSE_TOLERANCE_DEG && d_lat.abs() < INVERSE_TOLERANCE_DEG {
            break;
        }
    }
    (lon, lat)
}

/// GCJ-02 → WGS-84 (iterative inverse of [`wgs84_to_gcj02`]).
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china(lon, lat) {
        return (lon, lat);
    }
    invert((lon, lat), (lon, lat), wgs84_to_gcj02)
}

/// GCJ-02 → BD-09 (closed form).
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let z = (lon * lon + lat * lat).sqrt() + 0.00002 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000003 * (lon * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 → GCJ-02: the published approximate inverse, refined by iteration to be exact.
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let x = lon - 0.0065;
    let y = lat - 0.006;
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    invert(
        (lon, lat),
        (z * theta.cos(), z * theta.sin()),
        gcj02_to_bd09,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::distance_m;

    #[test]
    fn offset_is_hundreds_of_metres_in_nanjing() {
        let (lon, lat) = wgs84_to_gcj02(118.78, 32.04);
        let d = distance_m(118.78, 32.04, lon, lat);
        assert!((300.0..800.0).contains(&d), "{d}");
    }

    #[test]
    fn outside_china_gcj_is_identity() {
        assert_eq!(wgs84_to_gcj02(26.94, 60.47), (26.94, 60.47));
        assert_eq!(gcj02_to_wgs84(-75.0, 40.0), (-75.0, 40.0));
    }
}
