//! Exports of a plan: the coverage report as CSV (Excel-ready, and the command line's flat table),
//! stations and residents as GeoJSON with their coverage fields, and geodesic radius circles.

mod circle;
mod csv;
mod geojson;
mod report_csv;
pub mod residents_binary;
mod table;

pub use circle::geodesic_circle;
pub use geojson::{residents_geojson, residents_geojson_pieces, stations_geojson};
pub use report_csv::report_csv;
pub use residents_binary::residents_binary;
pub use table::{suggestions_csv, summary_table_csv};

/// Language of headers and labels in exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default: the planners' language).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// What the baseline (the plan as imported) is called in reports: 现状 / Baseline.
    pub fn baseline_name(self) -> &'static str {
        match self {
            Lang::Zh => "现状",
            Lang::En => "Baseline",
        }
    }
}

/// A language that is neither Chinese nor English (the name, lower-cased).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl std::fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown language '{}': use zh or en", self.0)
    }
}

impl std::error::Error for UnknownLang {}

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "zh" | "zh-cn" | "cn" => Ok(Lang::Zh),
            "en" | "en-us" | "en-gb" => Ok(Lang::En),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}
