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
    /// A Shapefile could not be written (too large, or the writer failed).
    Shapefile(crate::export::shapefile::ShapefileError),
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
            SessionError::Shapefile(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SessionError {}

impl crate::error::Localized for SessionError {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match self {
            SessionError::Plan(e) => return e.localized(lang),
            SessionError::Import(e) => return e.localized(lang),
            SessionError::Suggest(e) => return e.localized(lang),
            _ if lang == crate::lang::Lang::En => return self.to_string(),
            _ => {}
        }
        match self {
            SessionError::NoStreets => "尚未导入路网：请先导入路网".to_string(),
            SessionError::NoBaseline => "没有可比较的现状：请先设定现状".to_string(),
            SessionError::NewKindNeedsRadius(k) => format!("“{k}”是新的设施类型：请给出服务半径"),
            SessionError::BadSnap(s) => format!("接入距离 {s} 须为正的米数"),
            SessionError::BadPieceShare(p) => {
                format!("孤立路段门槛 {p} 须为 0 至 100 之间的百分比")
            }
            SessionError::UnknownStreetFormat(s) => {
                format!("未知的路网格式“{s}”：请用 geojson、osm 或 pbf")
            }
            SessionError::PbfNeedsBytes => ".osm.pbf 文件须以字节（Uint8Array）给出".to_string(),
            SessionError::BadArea(e) => format!("范围无效：{}", e.localized(lang)),
            SessionError::BadCandidate { index, lon, lat } => {
                format!("候选点 {index} 的坐标（{lon}, {lat}）无效")
            }
            SessionError::BaselineKind {
                index,
                name,
                kind,
                known,
            } => format!("现状站点 {index}（{name}）：未知的设施类型“{kind}”；已有类型：{known}"),
            SessionError::BaselineCoordinates { index, name } => {
                format!("现状站点 {index}（{name}）：坐标无效")
            }
            SessionError::Workbook(m) => format!("生成工作簿出错：{m}"),
            SessionError::Shapefile(e) => e.zh.clone(),
            SessionError::Plan(_) | SessionError::Import(_) | SessionError::Suggest(_) => {
                self.to_string()
            }
        }
    }
}

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
