//! Where new stations could go: a grid over the residents or over a drawn area, the residents'
//! own locations, or sites from a file; and the candidates inside an area.

use super::SuggestError;
use crate::engine::Planner;
use geo::{BoundingRect, Intersects, MultiPolygon, Point};

/// A place a new station could go.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// The user's id, when the candidates came from a file.
    pub id: Option<String>,
    /// The user's name, when the candidates came from a file.
    pub name: Option<String>,
}

impl From<crate::tables::SiteRecord> for Candidate {
    /// A site from a candidates file; blank ids and names become none.
    fn from(s: crate::tables::SiteRecord) -> Self {
        Candidate {
            lon: s.lon,
            lat: s.lat,
            id: Some(s.id).filter(|x| !x.is_empty()),
            name: Some(s.name).filter(|x| !x.is_empty()),
        }
    }
}

/// Grid spacing used when none is given: a quarter of the radius, kept within 50–500 m.
pub fn default_spacing(radius_m: f64) -> f64 {
    (radius_m / 4.0).clamp(50.0, 500.0)
}

/// Candidates on a square grid at `spacing_m` over the residents' bounding box (WGS-84).
pub fn grid_candidates(plan: &Planner, spacing_m: f64) -> Result<Vec<Candidate>, SuggestError> {
    let bounds = plan.resident_bounds().ok_or(SuggestError::NoResidents)?;
    grid_over(bounds, spacing_m)
}

/// Candidates on a square grid at `spacing_m` inside an area the planner drew (WGS-84).
pub fn grid_in_area(
    area: &MultiPolygon<f64>,
    spacing_m: f64,
) -> Result<Vec<Candidate>, SuggestError> {
    let Some(r) = area.bounding_rect() else {
        return Err(SuggestError::NoCandidates);
    };
    let grid = grid_over([r.min().x, r.min().y, r.max().x, r.max().y], spacing_m)?;
    Ok(keep_inside(grid, area))
}

/// The candidates inside (or on the edge of) an area.
pub fn keep_inside(candidates: Vec<Candidate>, area: &MultiPolygon<f64>) -> Vec<Candidate> {
    candidates
        .into_iter()
        .filter(|c| area.intersects(&Point::new(c.lon, c.lat)))
        .collect()
}

/// Most sites a candidate grid may have.
const MAX_GRID_SITES: f64 = 250_000.0;

/// A grid at `spacing_m` centred on the box `[west, south, east, north]`.
fn grid_over(bbox: [f64; 4], spacing_m: f64) -> Result<Vec<Candidate>, SuggestError> {
    if !(spacing_m.is_finite() && spacing_m >= 10.0) {
        return Err(SuggestError::SpacingTooSmall(spacing_m));
    }
    let [w, s, e, n] = bbox;
    let (kx, ky) = crate::geodesy::scale_factors(((s + n) / 2.0).to_radians());
    let (dlon, dlat) = ((spacing_m / kx).to_degrees(), (spacing_m / ky).to_degrees());
    let (nx, ny) = (
        ((e - w) / dlon).floor() as usize + 1,
        ((n - s) / dlat).floor() as usize + 1,
    );
    if (nx as f64) * (ny as f64) > MAX_GRID_SITES {
        return Err(SuggestError::GridTooLarge {
            spacing_m,
            sites: nx * ny,
        });
    }
    // Centre the grid on the box so that its margins are equal.
    let (x0, y0) = (
        w + ((e - w) - (nx - 1) as f64 * dlon) / 2.0,
        s + ((n - s) - (ny - 1) as f64 * dlat) / 2.0,
    );
    let mut out = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            out.push(Candidate {
                lon: x0 + i as f64 * dlon,
                lat: y0 + j as f64 * dlat,
                id: None,
                name: None,
            });
        }
    }
    Ok(out)
}

/// The residents' own locations as candidates (one per distinct location).
pub fn resident_candidates(plan: &Planner) -> Vec<Candidate> {
    let c = plan.resident_coordinates();
    let mut pts: Vec<(f64, f64)> = c.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    pts.dedup();
    pts.into_iter()
        .map(|(lon, lat)| Candidate {
            lon,
            lat,
            id: None,
            name: None,
        })
        .collect()
}
