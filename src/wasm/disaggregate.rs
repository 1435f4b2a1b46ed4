//! Census totals onto buildings through the facade: `disaggregate(totals, buildings, options)`
//! gives the buildings as a residents file (GeoJSON or CSV text) and the report.

use super::{crs_of, file_data, from_js, js_err, to_js};
use crate::disaggregate::{run, write, Inputs, DEFAULT_FLOORS};
use crate::import::ImportOptions;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// `disaggregate`'s options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DisaggregateOptions {
    /// The totals file's name, for messages.
    totals_source: Option<String>,
    /// The Excel sheet of the totals (default: the first).
    sheet: Option<String>,
    /// The buildings file's name.
    buildings_source: Option<String>,
    /// Community polygons (GeoJSON text or bytes, or a zipped Shapefile); without them each
    /// building's own 社区 property places it.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    communities: JsValue,
    /// The polygons file's name.
    communities_source: Option<String>,
    /// The polygons' property holding the community name.
    name_field: Option<String>,
    /// Floors of a building that does not give its own (default 6).
    default_floors: Option<f64>,
    /// Coordinate system of files without their own.
    crs: Option<String>,
    /// `geojson` (default) or `csv`.
    format: Option<String>,
    /// Property names: `zh` (default) or `en`.
    lang: Option<String>,
}

/// What `disaggregate` returns.
#[derive(Serialize)]
struct Out<'a> {
    /// The buildings as a residents file.
    text: String,
    /// Buildings that received population.
    buildings: usize,
    /// What happened: communities, those without buildings, buildings outside.
    report: &'a crate::disaggregate::SpreadReport,
}

/// Spreads community totals (a CSV or Excel table: 社区, 常住人口, other numeric columns, 街道
/// optional) over buildings (GeoJSON or zipped Shapefile footprints, points with 占地面积, or an
/// OpenStreetMap file) in proportion to floor area, each community's buildings summing exactly
/// to its totals: `{text, buildings, report}`, `text` a residents file `loadResidents` reads.
/// All or nothing: an error names the file, row and column.
#[wasm_bindgen(unchecked_return_type = "Disaggregation")]
pub fn disaggregate(
    #[wasm_bindgen(unchecked_param_type = "FileInput")] totals: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FileInput")] buildings: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DisaggregateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let o: DisaggregateOptions = from_js(options, "disaggregate options")?;
    let crs = crs_of(o.crs.as_deref())?;
    let lang = super::exports::lang_of(o.lang.as_deref())?;
    let opts = |source: &Option<String>, default: &str| ImportOptions {
        crs,
        source: Some(source.clone().unwrap_or_else(|| default.to_string())),
        sheet: o.sheet.clone(),
        ..Default::default()
    };
    let totals = file_data(&totals, "disaggregate totals")?;
    let buildings = file_data(&buildings, "disaggregate buildings")?;
    let communities = if o.communities.is_undefined() || o.communities.is_null() {
        None
    } else {
        Some(file_data(&o.communities, "disaggregate communities")?)
    };
    let spread = run(&Inputs {
        totals: (totals.bytes(), opts(&o.totals_source, "totals")),
        buildings: (buildings.bytes(), opts(&o.buildings_source, "buildings")),
        communities: communities.as_ref().map(|c| {
            (
                c.bytes(),
                opts(&o.communities_source, "communities"),
                o.name_field.clone(),
            )
        }),
        default_floors: o.default_floors.unwrap_or(DEFAULT_FLOORS),
    })
    .map_err(js_err)?;
    let text = match o.format.as_deref() {
        Some("csv") => write::csv(&spread, lang),
        _ => write::geojson(&spread, lang),
    };
    to_js(&Out {
        text,
        buildings: spread.buildings.len(),
        report: &spread.report,
    })
}
