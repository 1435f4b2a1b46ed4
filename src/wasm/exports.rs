//! Reports and exports from JavaScript, under the current metric: the report CSV, stations and
//! residents GeoJSON, the baseline a proposal is compared with, the comparison, and the workbook.

use super::planner::Planner;
use super::{crs_of, from_js, js_err, js_error, js_message, to_js};
use crate::crs::Crs;
use crate::engine::StationId;
use crate::export::Lang;
use crate::session::{BaselineStation, CompareSpec};
use crate::workbook::ReportMeta;
use js_sys::Uint8Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(default)]
struct BaselineOptions {
    name: Option<String>,
    stations: Vec<KeyedStation>,
}

#[derive(Deserialize)]
struct KeyedStation {
    key: u32,
    kind: String,
    #[serde(default)]
    name: String,
    lon: f64,
    lat: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CompareOptions {
    /// The proposal's name.
    name: Option<String>,
    /// The baseline's name as shown (instead of the one `setBaseline` gave).
    baseline_name: Option<String>,
    /// `[engine id, key]` of the current stations.
    keys: Vec<(StationId, u32)>,
}

impl From<CompareOptions> for CompareSpec {
    fn from(o: CompareOptions) -> Self {
        CompareSpec {
            name: o.name,
            baseline_name: o.baseline_name,
            keys: o.keys,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WorkbookOptions {
    lang: Option<String>,
    title: Option<String>,
    date: Option<String>,
    sources: Vec<String>,
    crs: Option<String>,
    scenario: Option<String>,
    floor_area_per_person: Option<f64>,
    compare: Option<CompareOptions>,
    /// A siting answer (as `suggest` gave it) shown with the plan: its own sheet.
    siting: Option<crate::siting::SuggestResult>,
}

pub(super) fn lang_of(lang: Option<&str>) -> Result<Lang, JsError> {
    lang.unwrap_or("zh").parse().map_err(js_err)
}

/// A layer export's coordinate system and property-name language (English unless asked: scripts
/// read those names).
fn layer_args(crs: Option<String>, lang: Option<String>) -> Result<(Crs, Lang), JsError> {
    Ok((
        crs_of(crs.as_deref())?,
        lang_of(Some(lang.as_deref().unwrap_or("en")))?,
    ))
}

#[wasm_bindgen]
impl Planner {
    /// The coverage report as CSV text with a BOM, headers in `lang` (`zh` default, or `en`);
    /// figures under the current metric.
    #[wasm_bindgen(js_name = reportCsv)]
    pub fn report_csv(&mut self, lang: Option<String>) -> Result<String, JsError> {
        let lang = lang_of(lang.as_deref())?;
        self.session.report_csv(lang).map_err(js_err)
    }

    /// Live stations as GeoJSON text with their coverage fields (under the current metric),
    /// coordinates in `crs`, property names in `lang` (`en` default, or `zh`: 编号, 类型, 名称…).
    #[wasm_bindgen(js_name = stationsGeoJson)]
    pub fn stations_geojson(
        &mut self,
        crs: Option<String>,
        lang: Option<String>,
    ) -> Result<String, JsError> {
        let (crs, lang) = layer_args(crs, lang)?;
        self.session.stations_geojson(crs, lang).map_err(js_err)
    }

    /// Residents as GeoJSON text with their coverage fields, coordinates in `crs`. Under the
    /// network metric the distances are walks, each kind adds `{kind}_detour` and every resident
    /// `reachable`. Property names in `lang` (`en` default, or `zh`: 人口, `{类型}_已覆盖`…).
    #[wasm_bindgen(js_name = residentsGeoJson)]
    pub fn residents_geojson(
        &mut self,
        crs: Option<String>,
        lang: Option<String>,
    ) -> Result<String, JsError> {
        let (crs, lang) = layer_args(crs, lang)?;
        self.session.residents_geojson(crs, lang).map_err(js_err)
    }

    /// Live stations as a zipped point Shapefile (zip bytes): the GeoJSON's fields under short
    /// `.dbf` names (ten bytes) with their full names in `{layer}.fields.csv`, UTF-8 (`.cpg`),
    /// coordinates in `crs` with its `.prj` (none for GCJ-02/BD-09), names in `lang`.
    #[wasm_bindgen(js_name = stationsShapefile)]
    pub fn stations_shapefile(
        &mut self,
        crs: Option<String>,
        lang: Option<String>,
    ) -> Result<Vec<u8>, JsError> {
        let (crs, lang) = layer_args(crs, lang)?;
        self.session.stations_shapefile(crs, lang).map_err(js_err)
    }

    /// Residents as a zipped point Shapefile (zip bytes), as [`Planner::stations_shapefile`].
    #[wasm_bindgen(js_name = residentsShapefile)]
    pub fn residents_shapefile(
        &mut self,
        crs: Option<String>,
        lang: Option<String>,
    ) -> Result<Vec<u8>, JsError> {
        let (crs, lang) = layer_args(crs, lang)?;
        self.session.residents_shapefile(crs, lang).map_err(js_err)
    }

    /// [`Planner::residents_geojson`] in pieces of about `piece_bytes` bytes, each handed to
    /// `sink(text)` as it is made: the caller builds a file from them (a `Blob`), so that a large
    /// export is never one string in the tab.
    #[wasm_bindgen(js_name = residentsGeoJsonPieces)]
    pub fn residents_geojson_pieces(
        &mut self,
        crs: Option<String>,
        piece_bytes: usize,
        sink: &js_sys::Function,
        lang: Option<String>,
    ) -> Result<(), JsError> {
        let (crs, lang) = layer_args(crs, lang)?;
        let mut failed = None;
        self.session
            .residents_geojson_pieces(crs, lang, piece_bytes.max(1 << 16), &mut |piece| {
                if failed.is_none() {
                    if let Err(e) = sink.call1(&JsValue::NULL, &JsValue::from_str(&piece)) {
                        failed = Some(e);
                    }
                }
            })
            .map_err(js_err)?;
        match failed {
            Some(e) => Err(js_error(&format!(
                "residentsGeoJsonPieces: the sink failed: {}",
                js_message(&e)
            ))),
            None => Ok(()),
        }
    }

    /// Sets the baseline proposals are compared with: `{name, stations: [{key, kind, name, lon,
    /// lat}]}` (WGS-84; `key` is the caller's id of the station, the same in the baseline and in
    /// proposals), or `null` to clear it. Its figures are computed when first compared, with the
    /// plan's residents, kinds and metric at that time.
    #[wasm_bindgen(js_name = setBaseline)]
    pub fn set_baseline(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "BaselineSpec | null")] spec: JsValue,
    ) -> Result<(), JsError> {
        if spec.is_null() || spec.is_undefined() {
            return self.session.set_baseline(None).map_err(js_err);
        }
        let o: BaselineOptions = from_js(spec, "baseline")?;
        let stations = o
            .stations
            .into_iter()
            .map(|s| BaselineStation {
                key: s.key,
                kind: s.kind,
                name: s.name,
                lon: s.lon,
                lat: s.lat,
            })
            .collect();
        self.session
            .set_baseline(Some((o.name, stations)))
            .map_err(js_err)
    }

    /// The current stations against the baseline (`setBaseline`): `{baseline_name,
    /// proposal_name, kinds: [{kind, stations, covered_population, coverage_ratio: {baseline,
    /// proposal, change}, …}], all_kinds, units, changes: [{action, kind, name, from, to,
    /// served_before, served_after, only_after}]}`. `spec`: `{name, baseline_name?, keys:
    /// [[engineId, key], …]}` names the two and matches the current stations to the baseline's.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "CompareSpec | null")] spec: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: CompareOptions = from_js(spec, "comparison")?;
        let c = self.session.compare(&o.into()).map_err(js_err)?;
        to_js(&c)
    }

    /// The coverage workbook (.xlsx bytes): overview, by street / community / grid, stations,
    /// uncovered residences and, with `compare` (as for `compare()`) and a baseline set, the
    /// comparison and the station changes, and with `siting` (a `suggest` answer for this plan)
    /// the siting sheet. Options `{lang: "zh"|"en", title, date, sources, crs, scenario,
    /// floor_area_per_person, compare, siting}`.
    pub fn workbook(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "WorkbookOptions | null")] spec: JsValue,
    ) -> Result<Uint8Array, JsError> {
        let o: WorkbookOptions = from_js(spec, "workbook options")?;
        let lang = lang_of(o.lang.as_deref())?;
        let comparison = match o.compare {
            Some(c) => Some(self.session.compare(&c.into()).map_err(js_err)?),
            None => None,
        };
        let meta = ReportMeta {
            title: o.title.unwrap_or_else(|| "Lifecircle".into()),
            date: o.date.unwrap_or_else(today),
            sources: o.sources,
            crs: crs_of(o.crs.as_deref())?,
            scenario: o.scenario.unwrap_or_else(|| lang.baseline_name().into()),
            estimated: 0,
            floor_area_per_person: o
                .floor_area_per_person
                .unwrap_or(crate::import::DEFAULT_FLOOR_AREA_PER_PERSON),
            lang,
        };
        let bytes = self
            .session
            .workbook(meta, comparison.as_ref(), o.siting.as_ref())
            .map_err(js_err)?;
        Ok(Uint8Array::from(bytes.as_slice()))
    }
}

/// Today's date from the browser's clock, `YYYY-MM-DD` (local time).
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}
