//! The `Planner` class: a session's kinds, residents and stations, edits, the streets and metric,
//! and the summary.

use super::{crs_of, file_data, from_js, js_bytes, js_err, js_error, reporter, to_js, JsBytes};
use crate::engine::StationId;
use crate::import::{
    read_residents_from, read_residents_text, Format, ImportOptions, DEFAULT_LEVELS,
    DEFAULT_PERSONS_PER_HOUSEHOLD,
};
use crate::network::{NetworkExtras, SnapRule, DEFAULT_MIN_PIECE_PCT, DEFAULT_SNAP_M};
use crate::report::{AllKindsFigures, KindFigures, Metric, Summary};
use crate::session::{FileData, ReportParts, Session, SessionError, StreetFormat};
use js_sys::{Float64Array, Uint32Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A coverage plan: residents, stations and kinds, with every figure kept current.
#[wasm_bindgen]
#[derive(Default)]
pub struct Planner {
    pub(super) session: Session,
}

/// How `loadResidents` and `loadStations` read a file.
#[derive(Deserialize, Default)]
#[serde(default)]
struct LoadOptions {
    format: Option<String>,
    crs: Option<String>,
    persons_per_household: Option<f64>,
    kind: Option<String>,
    source: Option<String>,
    floor_area_per_person: Option<f64>,
    default_levels: Option<f64>,
    new_kind_radius_m: Option<f64>,
    max_rows: Option<usize>,
    /// Stations: kind names of the file read as other kinds, `{小卖部: "便民商业"}`.
    kind_map: std::collections::BTreeMap<String, String>,
    /// A workbook's sheet (the first when absent).
    sheet: Option<String>,
}

impl LoadOptions {
    fn import(self, default_source: &str) -> Result<ImportOptions, JsError> {
        let format = match self.format.as_deref() {
            Some(f) => f.parse::<Format>().map_err(js_err)?,
            None => Format::Auto,
        };
        Ok(ImportOptions {
            format,
            crs: crs_of(self.crs.as_deref())?,
            persons_per_household: self
                .persons_per_household
                .unwrap_or(DEFAULT_PERSONS_PER_HOUSEHOLD),
            kind: self.kind,
            source: Some(self.source.unwrap_or_else(|| default_source.to_string())),
            floor_area_per_person: self.floor_area_per_person,
            default_levels: self.default_levels.unwrap_or(DEFAULT_LEVELS),
            new_kind_radius_m: self.new_kind_radius_m,
            max_rows: self.max_rows,
            kind_map: self.kind_map.into_iter().collect(),
            sheet: self.sheet,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewStation {
    kind: String,
    lon: Option<f64>,
    lat: Option<f64>,
    name: Option<String>,
    crs: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StreetOptions {
    format: Option<String>,
    crs: Option<String>,
    snap_m: Option<f64>,
    min_piece_pct: Option<f64>,
    source: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SnapOptions {
    snap_m: Option<f64>,
    min_piece_pct: Option<f64>,
}

#[derive(Serialize)]
struct StationOut<'a> {
    id: StationId,
    kind: &'a str,
    name: &'a str,
    lon: f64,
    lat: f64,
    served_population: f64,
    only_population: f64,
}

/// `summary`'s options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SummaryOptions {
    /// The distance percentiles (default true).
    distances: Option<bool>,
    /// The 2SFCA access (default true).
    access: Option<bool>,
}

/// The summary with the network figures beside it when walking.
#[derive(Serialize)]
struct FullSummary<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    network: Option<&'a NetworkExtras>,
}

/// `summaryBrief()` but its stations' columns.
#[derive(Serialize)]
struct Brief<'a> {
    metric: Metric,
    residents: usize,
    total_population: f64,
    kinds: &'a [KindFigures],
    all_kinds: &'a AllKindsFigures,
}

/// An error of a call, prefixed with its name when it is the session's own (not a file's or an
/// edit's, which say what and where themselves).
pub(super) fn in_call(call: &str, e: SessionError) -> JsError {
    match e {
        SessionError::Plan(_) | SessionError::Import(_) | SessionError::Suggest(_) => js_err(e),
        e => js_error(&format!(
            "{call}: {}",
            crate::error::Localized::localized(&e, super::message_lang())
        )),
    }
}

#[wasm_bindgen]
impl Planner {
    /// An empty plan with the default kinds.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Planner {
        Planner::default()
    }

    pub(super) fn kind(&self, kind: &str) -> Result<usize, JsError> {
        self.session.kind(kind).map_err(js_err)
    }

    /// The residents' numeric columns besides population, usable as a kind's `demand`.
    #[wasm_bindgen(getter, js_name = weightColumns)]
    pub fn weight_columns(&self) -> Vec<String> {
        self.session
            .plan()
            .weight_columns()
            .map(str::to_string)
            .collect()
    }

    /// Replaces the residents from CSV or GeoJSON text/bytes. Options `{format, crs,
    /// persons_per_household, source}`. Returns the number of residents. On error the plan is
    /// unchanged. Bytes are read a megabyte at a time; `progress(bytesRead, totalBytes)`, when
    /// given, is called after each megabyte of a large CSV.
    #[wasm_bindgen(js_name = loadResidents)]
    pub fn load_residents(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<usize, JsError> {
        let opts = from_js::<LoadOptions>(options, "options")?.import("residents")?;
        let table = if let Some(bytes) = js_bytes(&data) {
            // Read from JS memory a piece at a time: a large file is never copied in whole.
            read_residents_from(&JsBytes(bytes), &opts, &mut reporter(&progress))
        } else {
            match file_data(&data, "loadResidents")? {
                FileData::Text(t) => read_residents_text(&t, &opts),
                FileData::Bytes(b) => crate::import::read_residents(&b, &opts),
            }
        }
        .map_err(js_err)?;
        Ok(self.session.load_residents(table))
    }

    /// Test hook: fails as an engine bug would, in the middle of a call that holds the plan —
    /// `"panic"` (a Rust panic) or `"trap"` (a WebAssembly trap, as when memory runs out) — so that
    /// the app's recovery from a broken engine can be tested.
    #[wasm_bindgen(js_name = crashForTest)]
    pub fn crash_for_test(&mut self, how: &str) -> Result<(), JsError> {
        match how {
            "panic" => panic!(
                "crashForTest with {} residents",
                self.session.plan().resident_count()
            ),
            "trap" => core::arch::wasm32::unreachable(),
            _ => Err(js_error("crashForTest: give \"panic\" or \"trap\"")),
        }
    }

    /// How many residents of the last load had their population estimated from building
    /// footprint × floors (option `floor_area_per_person`).
    #[wasm_bindgen(getter, js_name = residentsEstimated)]
    pub fn residents_estimated(&self) -> usize {
        self.session.residents_estimated()
    }

    /// Replaces the stations. Options `{format, crs, kind, source, new_kind_radius_m}` (`kind`:
    /// for rows without one; `new_kind_radius_m`: kinds the file names that the plan does not know
    /// are added with this radius). Returns the new ids.
    #[wasm_bindgen(js_name = loadStations)]
    pub fn load_stations(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<Uint32Array, JsError> {
        let opts = from_js::<LoadOptions>(options, "options")?.import("stations")?;
        let data = file_data(&data, "loadStations")?;
        let ids = self.session.read_stations(&data, &opts).map_err(js_err)?;
        Ok(Uint32Array::from(ids.as_slice()))
    }

    /// The kinds a stations file names (same options as `loadStations`, `kind_map` applied):
    /// `[{name, stations, kind, nearest, distance}]` — `kind`: the plan's kind id it is (null when
    /// unknown), `nearest`: the known kind whose name is nearest (edit distance `distance`).
    #[wasm_bindgen(js_name = stationKinds, unchecked_return_type = "StationKindName[]")]
    pub fn station_kinds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LoadOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Named<'a> {
            name: String,
            stations: usize,
            kind: Option<&'a str>,
            nearest: Option<&'a str>,
            distance: Option<usize>,
        }
        let opts = from_js::<LoadOptions>(options, "options")?.import("stations")?;
        let data = file_data(&data, "stationKinds")?;
        let names = crate::import::read_table(data.bytes(), &opts, "stations", |t, o| {
            crate::import::station_kind_names(t, o)
        })
        .map_err(js_err)?;
        let kinds = self.session.plan().kinds();
        let out: Vec<Named> = names
            .into_iter()
            .map(|(name, stations)| {
                let kind = kinds.resolve(&name).map(|k| kinds.get(k).id.as_str());
                let near = kinds.nearest(&name);
                Named {
                    name,
                    stations,
                    kind,
                    nearest: near.map(|(k, _)| kinds.get(k).id.as_str()),
                    distance: near.map(|(_, d)| d),
                }
            })
            .collect();
        to_js(&out)
    }

    /// Adds a station `{kind, lon, lat, name?, crs?}`; returns its id. A station without a name
    /// gets its kind's next default name (`红蜂驿站7号`).
    #[wasm_bindgen(js_name = addStation)]
    pub fn add_station(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StationSpec")] spec: JsValue,
    ) -> Result<u32, JsError> {
        let s: NewStation = from_js(spec, "station")?;
        self.kind(&s.kind)?;
        let (Some(lon), Some(lat)) = (s.lon, s.lat) else {
            return Err(js_error("addStation needs numeric lon and lat"));
        };
        let crs = crs_of(s.crs.as_deref())?;
        self.session
            .add_station(&s.kind, lon, lat, crs, s.name.as_deref().unwrap_or(""))
            .map_err(js_err)
    }

    /// Moves a station; `crs` defaults to WGS-84.
    #[wasm_bindgen(js_name = moveStation)]
    pub fn move_station(
        &mut self,
        id: u32,
        lon: f64,
        lat: f64,
        crs: Option<String>,
    ) -> Result<(), JsError> {
        let crs = crs_of(crs.as_deref())?;
        self.session.move_station(id, lon, lat, crs).map_err(js_err)
    }

    /// Removes a station.
    #[wasm_bindgen(js_name = removeStation)]
    pub fn remove_station(&mut self, id: u32) -> Result<(), JsError> {
        self.session.remove_station(id).map_err(js_err)
    }

    /// Renames a station.
    #[wasm_bindgen(js_name = renameStation)]
    pub fn rename_station(&mut self, id: u32, name: &str) -> Result<(), JsError> {
        self.session.rename_station(id, name).map_err(js_err)
    }

    /// Live stations `[{id, kind, name, lon, lat, served_population, only_population}]`
    /// (straight-line figures), coordinates in `crs` (default WGS-84).
    #[wasm_bindgen(unchecked_return_type = "Station[]")]
    pub fn stations(&self, crs: Option<String>) -> Result<JsValue, JsError> {
        let crs = crs_of(crs.as_deref())?;
        let plan = self.session.plan();
        let out: Vec<StationOut> = plan
            .stations()
            .map(|(id, s)| {
                let (lon, lat) = crs.from_wgs84(s.at.lon, s.at.lat);
                StationOut {
                    id,
                    kind: &plan.kinds().get(s.kind).id,
                    name: &s.name,
                    lon,
                    lat,
                    served_population: s.served,
                    only_population: s.only,
                }
            })
            .collect();
        to_js(&out)
    }

    /// Number of residents.
    #[wasm_bindgen(getter, js_name = residentCount)]
    pub fn resident_count(&self) -> usize {
        self.session.plan().resident_count()
    }

    /// Recomputes every figure from scratch (edits never need this; for benchmarks and resets).
    pub fn recompute(&mut self) {
        self.session.recompute();
    }

    /// The report: `{metric, residents, total_population, kinds, all_kinds, units, stations}`, and
    /// `network` (graph size, unreachable residents and stations, detours) when walking. Each kind
    /// and unit carries its distance percentiles and 2SFCA access unless `{distances: false}` / `{access: false}`.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "SummaryOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: SummaryOptions = from_js(options, "summary options")?;
        let (summary, extras) = self
            .session
            .summary_with(ReportParts {
                distances: o.distances.unwrap_or(true),
                access: o.access.unwrap_or(true),
            })
            .map_err(js_err)?;
        to_js(&FullSummary {
            summary: &summary,
            network: extras.as_ref(),
        })
    }

    /// What a live view (a drag, a slider) needs many times a second: `summary()`'s kinds and
    /// `all_kinds` (the same figures), no units, and the stations' figures as typed arrays
    /// `{id, lon, lat, served, only}` (by id; names and kinds from `stations()`).
    #[wasm_bindgen(js_name = summaryBrief, unchecked_return_type = "SummaryBrief")]
    pub fn summary_brief(&mut self) -> Result<JsValue, JsError> {
        let s = self.session.live_figures().map_err(js_err)?;
        let out = to_js(&Brief {
            metric: s.metric,
            residents: s.residents,
            total_population: s.total_population,
            kinds: &s.kinds,
            all_kinds: &s.all_kinds,
        })?;
        let c = &s.stations;
        let stations = js_sys::Object::new();
        let set = |o: &JsValue, k: &str, v: &JsValue| {
            js_sys::Reflect::set(o, &JsValue::from_str(k), v)
                .map(|_| ())
                .map_err(|_| js_error("summaryBrief: could not build the result"))
        };
        set(&stations, "id", &Uint32Array::from(c.id.as_slice()).into())?;
        for (k, v) in [
            ("lon", &c.lon),
            ("lat", &c.lat),
            ("served", &c.served),
            ("only", &c.only),
        ] {
            set(&stations, k, &Float64Array::from(v.as_slice()).into())?;
        }
        set(&out, "stations", &stations)?;
        Ok(out)
    }

    /// A live step's unit colours: per unit in `summary().units`' order, `kinds + 1` ratios —
    /// completeness, then each kind in `kinds()` order — or `-1` where nobody lives.
    #[wasm_bindgen(js_name = unitRatios)]
    pub fn unit_ratios(&mut self) -> Result<Vec<f32>, JsError> {
        self.session.unit_ratios().map_err(js_err)
    }

    /// Loads the street network: GeoJSON LineStrings (`format: "geojson"`, coordinates in `crs`),
    /// an OpenStreetMap XML file (`format: "osm"`), text or bytes, or an `.osm.pbf` (`format:
    /// "pbf"`, bytes); without a format, found from `source` (a file name) and the content.
    /// `snap_m`: how far a resident or station may be from a street (default 300);
    /// `min_piece_pct`: pieces of the network cut off from the rest are joined only when they hold
    /// this share of the street length (default 5; the largest always is; 0 joins every piece).
    /// Returns `{nodes, edges, streets, walkable}`.
    #[wasm_bindgen(js_name = loadStreets, unchecked_return_type = "StreetsInfo")]
    pub fn load_streets(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "StreetOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: StreetOptions = from_js(options, "loadStreets options")?;
        let source = o.source.unwrap_or_else(|| "streets".into());
        let data = file_data(&data, "loadStreets")?;
        let format = match o.format.as_deref() {
            Some(f) => Some(
                f.parse::<StreetFormat>()
                    .map_err(|e| in_call("loadStreets", e))?,
            ),
            None => None,
        };
        let crs = crs_of(o.crs.as_deref())?;
        let rule = SnapRule {
            snap_m: o.snap_m.unwrap_or(DEFAULT_SNAP_M),
            min_piece_pct: o.min_piece_pct.unwrap_or(DEFAULT_MIN_PIECE_PCT),
        };
        let info = self
            .session
            .read_streets(&data, format, Some(&source), crs, rule)
            .map_err(|e| in_call("loadStreets", e))?;
        to_js(&info)
    }

    /// How residents and stations join the loaded streets: `{snap_m, min_piece_pct}`.
    #[wasm_bindgen(js_name = snapRule, unchecked_return_type = "SnapRule")]
    pub fn snap_rule(&self) -> Result<JsValue, JsError> {
        let r = self.session.snap_rule();
        to_js(&serde_json::json!({"snap_m": r.snap_m, "min_piece_pct": r.min_piece_pct}))
    }

    /// Changes how residents and stations join the loaded streets (`snap_m`, `min_piece_pct`;
    /// a key left out keeps its value).
    #[wasm_bindgen(js_name = setSnapRule)]
    pub fn set_snap_rule(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SnapOptions")] options: JsValue,
    ) -> Result<(), JsError> {
        let o: SnapOptions = from_js(options, "setSnapRule options")?;
        let r = self.session.snap_rule();
        let rule = SnapRule {
            snap_m: o.snap_m.unwrap_or(r.snap_m),
            min_piece_pct: o.min_piece_pct.unwrap_or(r.min_piece_pct),
        };
        self.session
            .set_snap_rule(rule)
            .map_err(|e| in_call("setSnapRule", e))
    }

    /// Forgets the streets (the metric goes back to straight lines).
    #[wasm_bindgen(js_name = clearStreets)]
    pub fn clear_streets(&mut self) {
        self.session.clear_streets();
    }

    /// `"straight"` (default) or `"network"` (walking distance over the loaded streets): which
    /// figures `summary()` and everything else gives.
    #[wasm_bindgen(js_name = setMetric)]
    pub fn set_metric(&mut self, metric: &str) -> Result<(), JsError> {
        let m: Metric = metric
            .parse()
            .map_err(|e| js_error(&format!("setMetric: {e}")))?;
        self.session.set_metric(m).map_err(|e| match e {
            SessionError::NoStreets => js_error("setMetric: load streets first (loadStreets)"),
            e => js_err(e),
        })
    }

    /// The metric in use.
    #[wasm_bindgen(getter)]
    pub fn metric(&self) -> String {
        self.session.metric().name().into()
    }
}
