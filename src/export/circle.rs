//! Walking-radius circles drawn on the ellipsoid.

use geo::{Destination, Geodesic, Point};

/// A geodesic circle (Karney's direct problem on WGS-84): `segments` vertices, closed, as
/// `[lon0, lat0, lon1, lat1, …]`.
pub fn geodesic_circle(lon: f64, lat: f64, radius_m: f64, segments: usize) -> Vec<f64> {
    let n = segments.max(8);
    let centre = Point::new(lon, lat);
    let mut out = Vec::with_capacity(2 * (n + 1));
    for i in 0..=n {
        let bearing = 360.0 * (i % n) as f64 / n as f64;
        let p = Geodesic.destination(centre, bearing, radius_m);
        out.push(p.x());
        out.push(p.y());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Distance;

    #[test]
    fn circle_is_at_the_radius() {
        let c = geodesic_circle(118.8, 32.06, 1000.0, 64);
        assert_eq!(c.len(), 2 * 65);
        assert_eq!((c[0], c[1]), (c[128], c[129]));
        for p in c.chunks(2) {
            let d = Geodesic.distance(Point::new(118.8, 32.06), Point::new(p[0], p[1]));
            assert!((d - 1000.0).abs() < 1e-6, "{d}");
        }
    }
}
