//! Why a session refused a request: the plan's, the importers' and the solver's errors, and the
//! session's own (no streets, no baseline, a bad snapping distance…). The plan is unchanged when
//! one is returned.

use crate::engine::PlanError;
use crate::error::ImportError;
use crate::siting::SuggestError;
use std::fmt;

/// A request the session could not carry out.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionError {
    /// An edit or a kind setting was refused.
    Plan(PlanError),
    /// A file could not be read.
    Import(ImportError),
    /// Siting could not answer.
    Suggest(SuggestError),
    /// Walking distance was asked for with no streets loaded.
    NoStreets,
    /// A comparison was asked for with no baseline set.
    NoBaseline,
    /// A new kind was named without a radius.
    NewKindNeedsRadius(String),
    /// A snapping distance that is not a positive number of metres.
    BadSnap(f64),
    /// A piece share outside 0–100 %.
    BadPieceShare(f64),
    /// A street format name that is not geojson, osm or pbf.
    UnknownStreetFormat(String),
    /// An `.osm.pbf` given as text (it is binary).
    PbfNeedsBytes,
    /// The siting area could not be read (the error names its source).
    BadArea(ImportError),
    /// A candidate site given by coordinates has a non-finite or out-of-range position.
    BadCandidate {
        /// Its index in the list.
        index: usize,
        /// Longitude given.
        lon: f64,
        /// Latitude given.
        lat: f64,
    },
    /// A baseline station with a kind the plan does not know.
    BaselineKind {
        /// Its index in the list.
        index: usize,
        /// Its name.
        name: String,
        /// The kind given.
        kind: String,
        /// The kinds known, for the message.
        known: String,
    },
    /// A baseline station with non-finite coordinates.
    BaselineCoordinates {
        /// Its index in the list.
        index: usize,
        /// Its name.
        name: String,
    },
    /// The workbook writer failed.
    Workbook(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Plan(e) => e.fmt(f),
            SessionError::Import(e) => e.fmt(f),
            SessionError::Suggest(e) => e.fmt(f),
            SessionError::NoStreets => write!(f, "no streets loaded: call loadStreets first"),
            SessionError::NoBaseline => {
                write!(f, "no baseline to compare with: call setBaseline first")
            }
            SessionError::NewKindNeedsRadius(k) => {
                write!(f, "kind '{k}' is new: give radius_m or tier")
            }
            SessionError::BadSnap(s) => {
                write!(f, "snap_m {s} must be a positive number of metres")
            }
            SessionError::BadPieceShare(p) => {
                write!(f, "min_piece_pct {p} must be a share of the street length from 0 to 100 (percent)")
            }
            SessionError::UnknownStreetFormat(s) => {
                write!(f, "unknown format '{s}': use geojson, osm or pbf")
            }
            SessionError::PbfNeedsBytes => {
                write!(f, "a .osm.pbf file must be given as bytes (Uint8Array)")
            }
            SessionError::BadArea(e) => write!(f, "bad area: {e}"),
            SessionError::BadCandidate { index, lon, lat } => {
                write!(f, "candidate {index} has bad coordinates ({lon}, {lat})")
            }
            SessionError::BaselineKind {
                index,
                name,
                kind,
                known,
            } => write!(
                f,
                "baseline station {index} ('{name}'): unknown kind '{kind}'; known kinds: {known}"
            ),
            SessionError::BaselineCoordinates { index, name } => {
                write!(f, "baseline station {index} ('{name}'): bad coordinates")
            }
            SessionError::Workbook(m) => write!(f, "workbook: {m}"),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<PlanError> for SessionError {
    fn from(e: PlanError) -> Self {
        SessionError::Plan(e)
    }
}

impl From<ImportError> for SessionError {
    fn from(e: ImportError) -> Self {
        SessionError::Import(e)
    }
}

impl From<SuggestError> for SessionError {
    fn from(e: SuggestError) -> Self {
        SessionError::Suggest(e)
    }
}
