//! Siting requests of a session: the kind, the goal, where candidates come from and the area they
//! are limited to; answered under the session's metric, or handed over as a [`SitingInput`] to
//! be solved elsewhere (the app's siting worker).

use super::{Session, SessionError};
use crate::crs::Crs;
use crate::import::{read_area, read_sites, ImportOptions};
use crate::kinds::KindIndex;
use crate::report::Metric;
use crate::siting::{
    self, Candidate, CoverSets, Demand, Goal, KindInfo, Progress, SuggestError, SuggestResult,
};
use geo::MultiPolygon;

/// The polygon candidates are limited to: GeoJSON text (geometry, Feature or FeatureCollection)
/// in `crs`; errors name `source`.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The GeoJSON.
    pub geojson: String,
    /// Its coordinate system.
    pub crs: Crs,
    /// Its name in messages.
    pub source: String,
}

/// Where the candidate sites come from.
#[derive(Clone, Debug, PartialEq)]
pub enum CandidateSource {
    /// A square grid at this spacing in metres (default [`siting::default_spacing`] of the
    /// kind's radius), laid over the area when there is one, else over the residents.
    Grid {
        /// Spacing, metres.
        spacing_m: Option<f64>,
    },
    /// The residents' own locations.
    Residents,
    /// Sites by coordinates.
    Sites {
        /// The sites.
        sites: Vec<Candidate>,
        /// Their coordinate system.
        crs: Crs,
    },
    /// A CSV or GeoJSON candidates file.
    File {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// Its name in messages.
        source: String,
        /// Its coordinate system.
        crs: Crs,
    },
}

/// A siting question for the session's plan.
#[derive(Clone, Debug, PartialEq)]
pub struct SitingRequest {
    /// Kind id, label or alias.
    pub kind: String,
    /// How many stations, or what coverage to reach.
    pub goal: Goal,
    /// Where the candidates come from.
    pub candidates: CandidateSource,
    /// Only candidates inside this polygon.
    pub area: Option<Area>,
    /// Coordinate system of the answer's coordinates.
    pub crs: Crs,
}

/// Everything [`siting::solve_with_covers`] needs, taken from a session: the kind, the goal, the
/// demand its stations leave uncovered, the candidates, and under the walking metric the cover
/// sets (one bounded search per candidate, made where the streets are).
#[derive(Clone, Debug, PartialEq)]
pub struct SitingInput {
    /// The kind.
    pub kind: KindInfo,
    /// The goal.
    pub goal: Goal,
    /// Coordinate system of the answer.
    pub crs: Crs,
    /// The uncovered demand.
    pub demand: Demand,
    /// The candidates (WGS-84).
    pub candidates: Vec<Candidate>,
    /// Walking cover sets, when the session walks.
    pub covers: Option<CoverSets>,
}

impl SitingInput {
    /// The answer `suggest` gives, coordinates in the input's `crs`. `progress` hears how far the
    /// run is and may stop it.
    pub fn solve(self, progress: Progress) -> Result<SuggestResult, SuggestError> {
        let r = siting::solve_with_covers(
            &self.kind,
            &self.demand,
            &self.candidates,
            self.covers,
            self.goal,
            siting::EXACT_LIMIT,
            progress,
        )?;
        Ok(in_crs(r, self.crs))
    }
}

/// The answer's coordinates in `crs`.
fn in_crs(mut r: SuggestResult, crs: Crs) -> SuggestResult {
    for s in &mut r.suggestions {
        (s.lon, s.lat) = crs.from_wgs84(s.lon, s.lat);
    }
    r
}

impl Session {
    /// The kind and the candidate sites of a request (WGS-84, inside its area).
    fn siting_candidates(
        &self,
        req: &SitingRequest,
    ) -> Result<(KindIndex, Vec<Candidate>), SessionError> {
        let kind = self.kind(&req.kind)?;
        let area: Option<MultiPolygon<f64>> = match &req.area {
            Some(a) => Some(
                read_area(&a.geojson, a.crs)
                    .map_err(|e| SessionError::BadArea(e.in_source(&a.source)))?,
            ),
            None => None,
        };
        let candidates = match &req.candidates {
            CandidateSource::Grid { spacing_m } => {
                let radius = self.plan.kinds().get(kind).radius_m;
                let spacing = spacing_m.unwrap_or(siting::default_spacing(radius));
                match &area {
                    Some(a) => siting::grid_in_area(a, spacing)?,
                    None => siting::grid_candidates(&self.plan, spacing)?,
                }
            }
            CandidateSource::Residents => siting::resident_candidates(&self.plan),
            CandidateSource::Sites { sites, crs } => sites
                .iter()
                .enumerate()
                .map(|(index, s)| {
                    if !(s.lon.is_finite() && s.lat.is_finite() && s.lat.abs() <= 90.0) {
                        return Err(SessionError::BadCandidate {
                            index,
                            lon: s.lon,
                            lat: s.lat,
                        });
                    }
                    let (lon, lat) = crs.to_wgs84(s.lon, s.lat);
                    Ok(Candidate {
                        lon,
                        lat,
                        ..s.clone()
                    })
                })
                .collect::<Result<_, _>>()?,
            CandidateSource::File { bytes, source, crs } => {
                let opts = ImportOptions {
                    crs: *crs,
                    source: Some(source.clone()),
                    ..Default::default()
                };
                read_sites(bytes, &opts)?
                    .into_iter()
                    .map(Candidate::from)
                    .collect()
            }
        };
        let candidates = match &area {
            Some(a) => siting::keep_inside(candidates, a),
            None => candidates,
        };
        Ok((kind, candidates))
    }

    /// Siting suggestions for one kind, its existing stations kept, under the metric (on foot the
    /// cover sets are walks and "uncovered" means on foot). Coordinates in the request's `crs`.
    pub fn suggest(&mut self, req: &SitingRequest) -> Result<SuggestResult, SessionError> {
        let (kind, candidates) = self.siting_candidates(req)?;
        let r = match self.metric {
            Metric::Network => {
                let (plan, net) = self.walking()?;
                crate::network::suggest_on_foot(plan, net, kind, &candidates, req.goal)?
            }
            Metric::Straight => siting::suggest(&self.plan, kind, &candidates, req.goal)?,
        };
        Ok(in_crs(r, req.crs))
    }

    /// What [`SitingInput::solve`] needs to answer [`Session::suggest`] away from the session.
    pub fn siting_input(&mut self, req: &SitingRequest) -> Result<SitingInput, SessionError> {
        let (kind, candidates) = self.siting_candidates(req)?;
        let info = KindInfo::of(&self.plan, kind);
        let (demand, covers) = match self.metric {
            Metric::Network => {
                let (plan, net) = self.walking()?;
                let d = net.uncovered(plan, kind);
                let c = net.cover_sets(&d, &candidates, info.radius_m, &mut |_| true)?;
                (d, Some(c))
            }
            Metric::Straight => (Demand::uncovered(&self.plan, kind), None),
        };
        Ok(SitingInput {
            kind: info,
            goal: req.goal,
            crs: req.crs,
            demand,
            candidates,
            covers,
        })
    }
}
