//! Residents' positions as columns (longitude, latitude, half scale factors), so that the
//! coverage kernel's loops over a tile's residents vectorise.

use crate::geodesy::GeoPoint;

/// Points as four parallel columns; see [`GeoPoint`] for the meaning of each.
#[derive(Clone, Debug, Default)]
pub struct Points {
    /// Longitude, degrees.
    pub lon: Vec<f64>,
    /// Latitude, degrees.
    pub lat: Vec<f64>,
    /// Half of N·cos φ, metres per degree.
    pub hkx: Vec<f64>,
    /// Half of M, metres per degree.
    pub hky: Vec<f64>,
}

impl Points {
    /// Columns from longitudes and latitudes in degrees (kept as they are).
    pub fn from_degrees(lon: Vec<f64>, lat: Vec<f64>) -> Points {
        let (hkx, hky) = lon
            .iter()
            .zip(&lat)
            .map(|(&x, &y)| {
                let g = GeoPoint::from_degrees(x, y);
                (g.half_kx, g.half_ky)
            })
            .unzip();
        Points { lon, lat, hkx, hky }
    }

    /// The i-th point.
    #[inline]
    pub fn get(&self, i: usize) -> GeoPoint {
        GeoPoint {
            lon: self.lon[i],
            lat: self.lat[i],
            half_kx: self.hkx[i],
            half_ky: self.hky[i],
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.lon.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.lon.is_empty()
    }
}
