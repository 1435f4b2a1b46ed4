//! The planar frame the R-trees live in, and how far it may stretch true ellipsoidal distances.
//!
//! Trees store points as `(lon·kx0, lat·ky0)` (degrees times metres per degree): an equirectangular projection in metres at a reference
//! latitude φ0. Exact distances are always computed on the ellipsoid ([`crate::geodesy`]); the
//! frame only finds candidates. For two points whose latitudes lie in a band, the projected
//! distance D and the true distance d satisfy `D ≤ ρ·d`, with ρ the largest ratio of the frame's
//! scale to the local one over the band ([`Frame::stretch`]). Queries widen by ρ, so no candidate
//! is ever missed, whatever φ0 is; a φ0 near the data only keeps ρ close to 1.

use crate::geodesy::{scale_factors, GeoPoint};

/// Minimum radius of curvature of the meridian on WGS-84 (at the equator) is 6,335,439 m; a
/// rounder, smaller figure turns a reach in metres into a generous latitude band in radians.
const METRES_PER_RADIAN_LOWER_BOUND: f64 = 6_300_000.0;

/// An equirectangular frame in metres at a reference latitude.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    kx0: f64,
    ky0: f64,
}

impl Frame {
    /// A frame whose scale is true at latitude `phi0` (radians).
    pub fn at(phi0: f64) -> Frame {
        let (kx0, ky0) = scale_factors(phi0);
        let per_degree = std::f64::consts::PI / 180.0;
        Frame {
            kx0: kx0 * per_degree,
            ky0: ky0 * per_degree,
        }
    }

    /// A frame at the mean of `latitudes` (degrees; the equator when there are none).
    pub fn for_latitudes(latitudes: impl Iterator<Item = f64>) -> Frame {
        let (mut sum, mut n) = (0.0, 0usize);
        for lat in latitudes {
            sum += lat;
            n += 1;
        }
        Frame::at(if n == 0 {
            0.0
        } else {
            (sum / n as f64).to_radians()
        })
    }

    /// Projected position in metres.
    #[inline]
    pub fn project(&self, p: &GeoPoint) -> [f64; 2] {
        self.project_degrees(p.lon, p.lat)
    }

    /// Projected position in metres of a longitude/latitude in degrees.
    #[inline]
    pub fn project_degrees(&self, lon: f64, lat: f64) -> [f64; 2] {
        [lon * self.kx0, lat * self.ky0]
    }

    /// ρ ≥ 1 such that `D ≤ ρ·d` for any two points with latitudes in `[phi_lo, phi_hi]` widened
    /// by `reach_m` metres on both sides.
    pub fn stretch(&self, phi_lo: f64, phi_hi: f64, reach_m: f64) -> f64 {
        let pad = reach_m / METRES_PER_RADIAN_LOWER_BOUND;
        let lo = (phi_lo - pad).max(-std::f64::consts::FRAC_PI_2);
        let hi = (phi_hi + pad).min(std::f64::consts::FRAC_PI_2);
        // N·cos φ shrinks as |φ| grows; M grows as |φ| grows.
        let far = lo.abs().max(hi.abs());
        let near = if lo <= 0.0 && hi >= 0.0 {
            0.0
        } else {
            lo.abs().min(hi.abs())
        };
        let per_degree = std::f64::consts::PI / 180.0;
        let (kx_min, _) = scale_factors(far);
        let (_, ky_min) = scale_factors(near);
        let (kx_min, ky_min) = (kx_min * per_degree, ky_min * per_degree);
        let rho = (self.kx0 / kx_min.max(1e-9))
            .max(self.ky0 / ky_min)
            .max(1.0);
        // A hair more than the analytic bound, for the rounding of the products above.
        rho * (1.0 + 1e-9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_distance_never_exceeds_stretch_times_true() {
        let frame = Frame::at(31f64.to_radians());
        let mut seed = 7u64;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..10_000 {
            let a = GeoPoint::from_degrees(118.0 + rnd(), 30.0 + 4.0 * rnd());
            let b =
                GeoPoint::from_degrees(a.lon + 0.05 * (rnd() - 0.5), a.lat + 0.05 * (rnd() - 0.5));
            let (pa, pb) = (frame.project(&a), frame.project(&b));
            let big_d = ((pa[0] - pb[0]).powi(2) + (pa[1] - pb[1]).powi(2)).sqrt();
            let d = a.distance_m(&b);
            let rho = frame.stretch(a.phi().min(b.phi()), a.phi().max(b.phi()), 0.0);
            assert!(big_d <= rho * d * (1.0 + 1e-12) + 1e-9, "{big_d} {rho} {d}");
        }
    }
}
