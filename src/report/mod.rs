//! The coverage report, one builder for both metrics: the figures ([`Summary`] and its parts), the
//! per-kind view of coverage the builder reads ([`Coverage`], [`KindView`]), and the straight-line
//! view of a [`Planner`](crate::engine::Planner). The walking network provides its own view (`crate::network`).

pub mod access;
mod build;
mod distances;
mod figures;
mod view;

pub use access::{add_access, gaussian_weight, kind_access, two_step, Access, EachCatchment};
pub use build::{build, build_live, capacity_split, demand_split, ratio, shortfall, unit_ratios};
pub use distances::add_distances;
pub use figures::{
    AllKindsFigures, BoundaryFigures, CapacityFigures, DemandFigures, DistanceFigures, KindFigures,
    LiveFigures, StationColumns, StationFigures, Summary, UnitAllKinds, UnitFigures,
    UnitKindFigures, UnitsBelow,
};
pub use view::{Coverage, KindView};

use serde::{Deserialize, Serialize};
use std::fmt;

/// How distance is measured: ellipsoidal straight line, or walking over the loaded streets.
/// Serialised as `"straight"` / `"network"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Straight-line distance on the WGS-84 ellipsoid.
    #[default]
    Straight,
    /// Walking distance over the street network.
    Network,
}

impl Metric {
    /// `straight` or `network`.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Straight => "straight",
            Metric::Network => "network",
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A metric name that is neither `straight` nor `network` (the name as given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMetric(pub String);

impl crate::error::Localized for UnknownMetric {
    fn localized(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => format!(
                "未知的距离方式“{}”：请用 straight（直线）或 network（步行路网）",
                self.0
            ),
            crate::lang::Lang::En => self.to_string(),
        }
    }
}

impl fmt::Display for UnknownMetric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown metric '{}': use straight or network", self.0)
    }
}

impl std::error::Error for UnknownMetric {}

impl std::str::FromStr for Metric {
    type Err = UnknownMetric;
    fn from_str(s: &str) -> Result<Self, UnknownMetric> {
        match s {
            "straight" => Ok(Metric::Straight),
            "network" => Ok(Metric::Network),
            other => Err(UnknownMetric(other.to_string())),
        }
    }
}

impl PartialEq<&str> for Metric {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}
