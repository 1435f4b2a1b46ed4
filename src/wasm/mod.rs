//! The JavaScript API: a thin facade that converts types and errors and owns no logic.
//!
//! Every method returns `Result<_, JsError>`, so a Rust error reaches JS as a thrown `Error` whose
//! message says what and where. Bulk per-resident results are typed arrays.

use crate::crs::Crs;
use crate::demo::{generate, DemoConfig};
use crate::engine::report::{AllKindsFigures, KindFigures, StationFigures};
use crate::engine::{Planner as Engine, StationId};
use crate::export;
use crate::import::read_sites;
use crate::import::{
    read_residents, read_residents_from, read_residents_text, read_stations_with_new_kinds, text,
    ByteSource, Format, ImportOptions, DEFAULT_LEVELS, DEFAULT_PERSONS_PER_HOUSEHOLD,
};
use crate::kinds::{parse_radius, LIFE_CIRCLE_TIERS};
use crate::network;
use crate::siting;
use crate::KindTable;
use js_sys::{Float64Array, Uint32Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod report;

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_err)
}

/// Reads an options object, refusing keys it does not know (a typo would otherwise be ignored).
fn from_js<T: for<'de> Deserialize<'de> + Default>(
    v: JsValue,
    what: &str,
    keys: &[&str],
) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    check_keys(&v, what, keys)?;
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

/// Refuses keys of an options object that are not in `keys` (a typo would otherwise be ignored).
fn check_keys(v: &JsValue, what: &str, keys: &[&str]) -> Result<(), JsError> {
    if let Some(o) = v.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(o).iter().filter_map(|k| k.as_string()) {
            if !keys.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "bad {what}: unknown key '{key}'; expected one of {}",
                    keys.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// A file as the importers take it: text already known to be valid, or raw bytes to decode.
enum FileData {
    Text(String),
    Bytes(Vec<u8>),
}

/// A JS string (already valid text: no second check), or a Uint8Array/ArrayBuffer of the file's
/// bytes, decoded by the engine (UTF-8, GBK, UTF-16). Measured: checking 75 MB of UTF-8 in wasm is
/// faster than the host's `TextDecoder` plus copying the string in.
fn file_data(v: &JsValue, what: &str) -> Result<FileData, JsError> {
    if let Some(s) = v.as_string() {
        return Ok(FileData::Text(s));
    }
    if let Some(bytes) = js_bytes(v) {
        return Ok(FileData::Bytes(bytes.to_vec()));
    }
    Err(JsError::new(&format!(
        "{what}: expected the file's text (a string) or bytes (Uint8Array/ArrayBuffer)"
    )))
}

/// A Uint8Array, or a view of an ArrayBuffer (neither copies the bytes).
fn js_bytes(v: &JsValue) -> Option<Uint8Array> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        Some(a.clone())
    } else if v.is_instance_of::<js_sys::ArrayBuffer>() {
        Some(Uint8Array::new(v))
    } else {
        None
    }
}

/// Calls the JS `progress(done, total)` callback, when there is one (what it throws is ignored:
/// progress is only shown).
fn reporter(progress: &Option<js_sys::Function>) -> impl FnMut(usize, usize) + '_ {
    move |done, total| {
        if let Some(f) = progress {
            let _ = f.call2(&JsValue::NULL, &done.into(), &total.into());
        }
    }
}

/// A file's bytes left in JS memory and copied in a piece at a time.
struct JsBytes(Uint8Array);

impl ByteSource for JsBytes {
    fn len(&self) -> usize {
        self.0.length() as usize
    }
    fn read(&self, start: usize, out: &mut [u8]) {
        self.0
            .subarray(start as u32, (start + out.len()) as u32)
            .copy_to(out);
    }
}

fn crs_of(name: Option<&str>) -> Result<Crs, JsError> {
    name.map(|c| c.parse::<Crs>().map_err(js_err))
        .transpose()
        .map(Option::unwrap_or_default)
}

const LOAD_KEYS: &[&str] = &[
    "format",
    "crs",
    "persons_per_household",
    "kind",
    "source",
    "floor_area_per_person",
    "default_levels",
    "new_kind_radius_m",
];

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
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KindSpec {
    kind: String,
    label: Option<String>,
    label_en: Option<String>,
    radius_m: Option<f64>,
    /// A GB 50180-2018 tier (`5min`, `10min`, `15min`) instead of `radius_m`.
    tier: Option<String>,
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

#[derive(Serialize)]
struct StationOut {
    id: StationId,
    kind: String,
    name: String,
    lon: f64,
    lat: f64,
    served_population: f64,
    only_population: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DemoSpec {
    seed: Option<u64>,
    residents: Option<usize>,
    stations: Option<usize>,
}

#[derive(Serialize)]
struct DemoFiles {
    name: String,
    synthetic: bool,
    residents: String,
    stations: String,
    boundaries: String,
    basemap: String,
}

/// The GB 50180-2018 life-circle tiers: `[{id, label, minutes, radius_m}]`.
#[wasm_bindgen(js_name = lifeCircleTiers)]
pub fn life_circle_tiers() -> Result<JsValue, JsError> {
    to_js(&LIFE_CIRCLE_TIERS)
}

/// A geodesic circle on WGS-84 around (`lon`, `lat`): `segments` + 1 vertices (closed ring),
/// flattened `[lon0, lat0, …]`.
#[wasm_bindgen(js_name = geodesicCircle)]
pub fn geodesic_circle(
    lon: f64,
    lat: f64,
    radius_m: f64,
    segments: usize,
) -> Result<Float64Array, JsError> {
    if !(lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0) {
        return Err(JsError::new(&format!(
            "geodesicCircle: bad centre ({lon}, {lat})"
        )));
    }
    if !(radius_m.is_finite() && radius_m > 0.0) {
        return Err(JsError::new(&format!(
            "geodesicCircle: radius {radius_m} must be positive"
        )));
    }
    Ok(Float64Array::from(
        export::geodesic_circle(lon, lat, radius_m, segments.min(1024)).as_slice(),
    ))
}

/// The synthetic demo district as files: `{name, synthetic: true, residents, stations, boundaries,
/// basemap}` (CSV, CSV, GeoJSON, GeoJSON). Options: `{seed, residents, stations}`.
#[wasm_bindgen(js_name = demoFiles)]
pub fn demo_files(options: JsValue) -> Result<JsValue, JsError> {
    let spec: DemoSpec = from_js(options, "demo options", &["seed", "residents", "stations"])?;
    let base = DemoConfig::default();
    let d = generate(&DemoConfig {
        seed: spec.seed.unwrap_or(base.seed),
        residents: spec.residents.unwrap_or(base.residents).clamp(1, 2_000_000),
        stations: spec.stations,
    });
    to_js(&DemoFiles {
        name: d.name.clone(),
        synthetic: true,
        residents: d.residents_csv(),
        stations: d.stations_csv(&KindTable::default()),
        boundaries: d.boundaries_geojson(),
        basemap: d.basemap_geojson(),
    })
}

/// A coverage plan: residents, stations and kinds, with every figure kept current.
#[wasm_bindgen]
pub struct Planner {
    inner: Engine,
    estimated: usize,
    /// The street graph loaded with `loadStreets`, and the snapping distance.
    streets: Option<(network::StreetGraph, f64)>,
    /// The residents on the street network, built when first needed after residents or streets
    /// change.
    net: std::cell::RefCell<Option<network::NetworkCoverage>>,
    metric: Metric,
    /// What proposals are compared with (`setBaseline`).
    baseline: std::cell::RefCell<Option<report::Baseline>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Metric {
    Straight,
    Network,
}

impl Default for Planner {
    fn default() -> Self {
        Planner::new()
    }
}

#[wasm_bindgen]
impl Planner {
    /// An empty plan with the default kinds.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Planner {
        Planner {
            inner: Engine::new(),
            estimated: 0,
            streets: None,
            net: std::cell::RefCell::new(None),
            metric: Metric::Straight,
            baseline: std::cell::RefCell::new(None),
        }
    }

    fn kind(&self, kind: &str) -> Result<usize, JsError> {
        self.inner.kind_index(kind).map_err(js_err)
    }

    /// `[{id, label, label_en, radius_m, horizon_m}]`.
    pub fn kinds(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct K<'a> {
            id: &'a str,
            label: &'a str,
            label_en: &'a str,
            radius_m: f64,
            horizon_m: f64,
            stations: usize,
            capacity: Option<f64>,
            demand: Option<&'a str>,
        }
        let ks: Vec<K> = self
            .inner
            .kinds()
            .all()
            .iter()
            .enumerate()
            .map(|(i, k)| K {
                id: &k.id,
                label: &k.label,
                label_en: &k.label_en,
                radius_m: k.radius_m,
                horizon_m: k.horizon_m(),
                stations: self.inner.station_count(i),
                capacity: k.capacity,
                demand: k.demand.as_deref(),
            })
            .collect();
        to_js(&ks)
    }

    /// Adds a kind or changes one: `{kind, label?, label_en?, radius_m | tier, capacity?,
    /// demand?}`. `capacity` (people per station) and `demand` (a residents' weight column, see
    /// `weightColumns`) are set by a value, cleared by null and left alone when absent. Returns
    /// the kind id. Nothing changes when any part is refused.
    #[wasm_bindgen(js_name = setKind)]
    pub fn set_kind(&mut self, spec: JsValue) -> Result<String, JsError> {
        let demand = set_or_clear(
            &spec,
            "demand",
            JsValue::as_string,
            "the name of a residents' column",
        )?;
        // Checked before anything changes: a refused demand leaves the radius alone too.
        if let Some(Some(d)) = &demand {
            self.inner.check_demand(d).map_err(js_err)?;
        }
        let capacity = set_or_clear(
            &spec,
            "capacity",
            JsValue::as_f64,
            "a number of people per station",
        )?;
        let s: KindSpec = from_js(
            spec,
            "kind",
            &[
                "kind", "label", "label_en", "radius_m", "tier", "capacity", "demand",
            ],
        )?;
        let radius = match (s.radius_m, s.tier.as_deref()) {
            (Some(r), _) => r,
            (None, Some(t)) => parse_radius(t).map_err(js_err)?,
            (None, None) => match self.inner.kinds().resolve(&s.kind) {
                Some(k) => self.inner.kinds().get(k).radius_m,
                None => {
                    return Err(JsError::new(&format!(
                        "kind '{}' is new: give radius_m or tier",
                        s.kind
                    )))
                }
            },
        };
        if let Some(Some(c)) = capacity {
            if !(c.is_finite() && c > 0.0) {
                return Err(JsError::new(&format!(
                    "capacity {c} must be a positive number of people per station"
                )));
            }
        }
        let k = self
            .inner
            .set_kind(&s.kind, s.label.as_deref(), s.label_en.as_deref(), radius)
            .map_err(js_err)?;
        if let Some(c) = capacity {
            self.inner.set_capacity(k, c).map_err(js_err)?;
        }
        if let Some(d) = demand {
            self.inner.set_demand(k, d.as_deref()).map_err(js_err)?;
        }
        self.baseline_stale();
        Ok(self.inner.kinds().get(k).id.clone())
    }

    /// The residents' numeric columns besides population, usable as a kind's `demand`.
    #[wasm_bindgen(getter, js_name = weightColumns)]
    pub fn weight_columns(&self) -> Vec<String> {
        self.inner.weight_columns().map(str::to_string).collect()
    }

    /// Replaces the residents from CSV or GeoJSON text/bytes. Options `{format, crs,
    /// persons_per_household, source}`. Returns the number of residents. On error the plan is unchanged.
    /// Bytes are read a megabyte at a time; `progress(bytesRead, totalBytes)`, when given, is
    /// called after each megabyte of a large CSV.
    #[wasm_bindgen(js_name = loadResidents)]
    pub fn load_residents(
        &mut self,
        data: JsValue,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<usize, JsError> {
        let opts = from_js::<LoadOptions>(options, "options", LOAD_KEYS)?.import("residents")?;
        let table = if let Some(bytes) = js_bytes(&data) {
            // Read from JS memory a piece at a time: a large file is never copied in whole.
            read_residents_from(&JsBytes(bytes), &opts, &mut reporter(&progress))
        } else {
            match file_data(&data, "loadResidents")? {
                FileData::Text(t) => read_residents_text(&t, &opts),
                FileData::Bytes(b) => read_residents(&b, &opts),
            }
        }
        .map_err(js_err)?;
        self.estimated = table.estimated;
        self.inner.load_residents(table);
        self.net.replace(None);
        self.baseline_stale();
        Ok(self.inner.resident_count())
    }

    /// How many residents of the last load had their population estimated from building
    /// footprint × floors (option `floor_area_per_person`).
    #[wasm_bindgen(getter, js_name = residentsEstimated)]
    pub fn residents_estimated(&self) -> usize {
        self.estimated
    }

    /// Replaces the stations. Options `{format, crs, kind, source}` (`kind`: for rows without one).
    /// Returns the new ids.
    #[wasm_bindgen(js_name = loadStations)]
    pub fn load_stations(
        &mut self,
        data: JsValue,
        options: JsValue,
    ) -> Result<Uint32Array, JsError> {
        let opts = from_js::<LoadOptions>(options, "options", LOAD_KEYS)?.import("stations")?;
        let text = match file_data(&data, "loadStations")? {
            FileData::Text(t) => t,
            FileData::Bytes(b) => text::decode(&b)
                .map_err(|e| js_err(e.in_source(opts.source.as_deref().unwrap_or("stations"))))?
                .into_owned(),
        };
        let (records, kinds) =
            read_stations_with_new_kinds(&text, &opts, self.inner.kinds()).map_err(js_err)?;
        // Kinds the file introduced (option `new_kind_radius_m`) are appended in the same order
        // the records index them.
        for k in &kinds.all()[self.inner.kinds().len()..] {
            self.inner
                .set_kind(&k.id, Some(&k.label), Some(&k.label_en), k.radius_m)
                .map_err(js_err)?;
        }
        let ids = self.inner.load_stations(&records);
        self.baseline_stale();
        Ok(Uint32Array::from(ids.as_slice()))
    }

    /// Adds a station `{kind, lon, lat, name?, crs?}`; returns its id.
    #[wasm_bindgen(js_name = addStation)]
    pub fn add_station(&mut self, spec: JsValue) -> Result<u32, JsError> {
        let s: NewStation = from_js(spec, "station", &["kind", "lon", "lat", "name", "crs"])?;
        let k = self.kind(&s.kind)?;
        let (lon, lat) = match (s.lon, s.lat) {
            (Some(lon), Some(lat)) => (lon, lat),
            _ => return Err(JsError::new("addStation needs numeric lon and lat")),
        };
        let (lon, lat) = crs_of(s.crs.as_deref())?.to_wgs84(lon, lat);
        self.inner
            .add_station(k, lon, lat, s.name.as_deref().unwrap_or(""))
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
        let (lon, lat) = crs_of(crs.as_deref())?.to_wgs84(lon, lat);
        self.inner.move_station(id, lon, lat).map_err(js_err)
    }

    /// Removes a station.
    #[wasm_bindgen(js_name = removeStation)]
    pub fn remove_station(&mut self, id: u32) -> Result<(), JsError> {
        self.inner.remove_station(id).map_err(js_err)
    }

    /// Renames a station.
    #[wasm_bindgen(js_name = renameStation)]
    pub fn rename_station(&mut self, id: u32, name: &str) -> Result<(), JsError> {
        self.inner.rename_station(id, name).map_err(js_err)
    }

    /// The report: `{metric, residents, total_population, kinds, all_kinds, units, stations}`.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        let (s, extras) = self.current_summary()?;
        let v = to_js(&s)?;
        if let Some(x) = extras {
            js_sys::Reflect::set(&v, &JsValue::from_str("network"), &to_js(&x)?)
                .map_err(|_| JsError::new("summary: could not add the network figures"))?;
        }
        Ok(v)
    }

    /// Loads the street network: GeoJSON LineStrings (`format: "geojson"`, coordinates in `crs`),
    /// an OpenStreetMap XML file (`format: "osm"`), text or bytes, or an `.osm.pbf` (`format:
    /// "pbf"`, bytes). `snap_m`: how far a resident or
    /// station may be from a street (default 300). Returns `{nodes, edges, streets, walkable}`.
    #[wasm_bindgen(js_name = loadStreets)]
    pub fn load_streets(&mut self, data: JsValue, options: JsValue) -> Result<JsValue, JsError> {
        #[derive(Deserialize, Default)]
        struct O {
            format: Option<String>,
            crs: Option<String>,
            snap_m: Option<f64>,
            source: Option<String>,
        }
        let o: O = from_js(
            options,
            "loadStreets options",
            &["format", "crs", "snap_m", "source"],
        )?;
        let source = o.source.clone().unwrap_or_else(|| "streets".into());
        let at = |e: crate::ImportError| js_err(e.in_source(&source));
        let data = file_data(&data, "loadStreets")?;
        let lines: Vec<network::StreetLine> = match (o.format.as_deref(), data) {
            (Some("pbf"), FileData::Bytes(b)) => network::import_osm_pbf(&b)
                .map_err(at)?
                .streets
                .into_iter()
                .map(|s| s.line)
                .collect(),
            (Some("pbf"), FileData::Text(_)) => {
                return Err(JsError::new(
                    "loadStreets: a .osm.pbf file must be given as bytes (Uint8Array)",
                ))
            }
            (format, data) => {
                let text = match data {
                    FileData::Text(t) => t,
                    FileData::Bytes(b) => text::decode(&b).map_err(at)?.into_owned(),
                };
                let osm = match format {
                    Some("osm") => true,
                    Some("geojson") => false,
                    None => text.trim_start().starts_with('<'),
                    Some(f) => {
                        return Err(JsError::new(&format!(
                            "loadStreets: unknown format '{f}': use geojson, osm or pbf"
                        )))
                    }
                };
                if osm {
                    network::import_osm_xml(&text)
                        .map_err(at)?
                        .streets
                        .into_iter()
                        .map(|s| s.line)
                        .collect()
                } else {
                    network::read_streets_geojson(&text, crs_of(o.crs.as_deref())?).map_err(at)?
                }
            }
        };
        let snap = o.snap_m.unwrap_or(network::DEFAULT_SNAP_M);
        if !(snap.is_finite() && snap > 0.0) {
            return Err(JsError::new(&format!(
                "loadStreets: snap_m {snap} must be a positive number of metres"
            )));
        }
        let walkable = lines.iter().filter(|l| l.walkable).count();
        let g = network::StreetGraph::from_lines(&lines);
        #[derive(Serialize)]
        struct Info {
            streets: usize,
            walkable: usize,
            nodes: usize,
            edges: usize,
        }
        let info = Info {
            streets: lines.len(),
            walkable,
            nodes: g.node_count(),
            edges: g.edge_count(),
        };
        self.streets = Some((g, snap));
        self.net.replace(None);
        self.baseline_stale();
        to_js(&info)
    }

    /// `"straight"` (default) or `"network"` (walking distance over the loaded streets): which
    /// figures `summary()` and `summaryBrief()` give.
    #[wasm_bindgen(js_name = setMetric)]
    pub fn set_metric(&mut self, metric: &str) -> Result<(), JsError> {
        self.metric = match metric {
            "straight" => Metric::Straight,
            "network" if self.streets.is_some() => Metric::Network,
            "network" => return Err(JsError::new("setMetric: load streets first (loadStreets)")),
            other => {
                return Err(JsError::new(&format!(
                    "setMetric: unknown metric '{other}': use straight or network"
                )))
            }
        };
        self.baseline_stale();
        Ok(())
    }

    /// Walking distance from each resident (file order) to the nearest station of `kind` over the
    /// loaded streets, metres; `Infinity` beyond twice the radius, or when the resident or every
    /// station is too far from a street.
    #[wasm_bindgen(js_name = networkDistances)]
    pub fn network_distances(&self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let net = self.network()?;
        let net = net.as_ref().expect("built");
        Ok(Float64Array::from(&net.nearest(&self.inner, k).0[..]))
    }

    /// The streets a station reaches on foot within its kind's radius: `[lon0, lat0, lon1, lat1, …]`
    /// per piece (WGS-84), segments cut where the walk runs out; empty without streets.
    pub fn walkshed(&self, id: StationId) -> Result<Float64Array, JsError> {
        let s = self
            .inner
            .station(id)
            .ok_or_else(|| js_err(crate::engine::PlanError::UnknownStation(id)))?;
        if self.streets.is_none() {
            return Ok(Float64Array::new_with_length(0));
        }
        let r = self.inner.kinds().get(s.kind).radius_m;
        let (lon, lat) = (s.at.lon, s.at.lat);
        let net = self.network()?;
        let pieces = net.as_ref().expect("built").walkshed(lon, lat, r);
        Ok(Float64Array::from(pieces.concat().as_slice()))
    }

    /// Per resident (file order): walking ÷ straight-line distance to its nearest station of `kind`
    /// on foot (`NaN` when none is within reach).
    #[wasm_bindgen(js_name = networkDetour)]
    pub fn network_detour(&self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let net = self.network()?;
        Ok(Float64Array::from(
            &net.as_ref().expect("built").detour(&self.inner, k)[..],
        ))
    }

    /// Residents (file order indices) too far from every street to be reached on foot.
    #[wasm_bindgen(js_name = unreachableResidents)]
    pub fn unreachable_residents(&self) -> Result<Uint32Array, JsError> {
        let net = self.network()?;
        Ok(Uint32Array::from(
            &net.as_ref().expect("built").unreachable()[..],
        ))
    }

    /// The metric in use.
    #[wasm_bindgen(getter)]
    pub fn metric(&self) -> String {
        match self.metric {
            Metric::Straight => "straight".into(),
            Metric::Network => "network".into(),
        }
    }

    /// Siting suggestions for one kind, existing stations kept: `{kind, count | target_ratio,
    /// candidates?, spacing_m?, area?, crs?}`. `candidates`: `"grid"` (default, at `spacing_m`,
    /// default a quarter of the radius), `"residents"`, an array of `{lon, lat, id?, name?}`, or a
    /// CSV/GeoJSON file's text or bytes. `area`: a GeoJSON Polygon/MultiPolygon (geometry, Feature
    /// or FeatureCollection, object or text); only candidates inside it are used (a grid is then
    /// laid over the area). `crs` is that of the candidates, the area (unless `area_crs` says
    /// otherwise, e.g. an area drawn on a WGS-84 map) and the answer's coordinates.
    /// Returns `{kind, demand?, radius_m, covered_before, covered_after, upper_bound, suggestions:
    /// [{id, name, lon, lat, gain_population}], …}`; with a demand column every population figure
    /// is in its units.
    ///
    /// Under the network metric the cover sets are walks: a candidate covers the residents it
    /// reaches on foot within the radius, and "uncovered" means on foot (`metric` in the answer).
    pub fn suggest(&self, spec: JsValue) -> Result<JsValue, JsError> {
        let req = self.siting_request(&spec)?;
        let r = if self.metric == Metric::Network {
            let net = self.network()?;
            network::suggest_on_foot(
                &self.inner,
                net.as_ref().expect("built"),
                req.kind,
                &req.candidates,
                req.goal,
            )
        } else {
            siting::suggest(&self.inner, req.kind, &req.candidates, req.goal)
        }
        .map_err(js_err)?;
        siting_answer(r, req.crs)
    }

    /// What [`solveSiting`] needs to answer `suggest(spec)` away from this plan (e.g. in another
    /// worker, so that a long run can be stopped): the kind, goal, uncovered demand and candidates,
    /// with the large arrays as `Float64Array`s (transferable). Under the network metric it also
    /// carries the walking cover sets (`cover_start` Float64Array, `cover_items` Uint32Array: one
    /// bounded search per candidate, made here where the streets are).
    #[wasm_bindgen(js_name = sitingInput)]
    pub fn siting_input(&self, spec: JsValue) -> Result<JsValue, JsError> {
        let req = self.siting_request(&spec)?;
        let info = siting::KindInfo::of(&self.inner, req.kind);
        let (d, covers) = if self.metric == Metric::Network {
            let net = self.network()?;
            let net = net.as_ref().expect("built");
            let d = net.uncovered(&self.inner, req.kind);
            let c = net
                .cover_sets(&d, &req.candidates, info.radius_m, &mut |_| true)
                .map_err(js_err)?;
            (d, Some(c))
        } else {
            (siting::Demand::uncovered(&self.inner, req.kind), None)
        };
        let o = js_sys::Object::new();
        let set =
            |k: &str, v: &JsValue| js_sys::Reflect::set(&o, &JsValue::from_str(k), v).map(|_| ());
        let strings = |v: Vec<Option<String>>| -> JsValue {
            if v.iter().all(Option::is_none) {
                return JsValue::NULL;
            }
            v.into_iter()
                .map(|s| s.map_or(JsValue::NULL, |s| JsValue::from_str(&s)))
                .collect::<js_sys::Array>()
                .into()
        };
        let cand_coords: Vec<f64> = req.candidates.iter().flat_map(|c| [c.lon, c.lat]).collect();
        let (ids, names): (Vec<_>, Vec<_>) =
            req.candidates.into_iter().map(|c| (c.id, c.name)).unzip();
        let (count, target) = match req.goal {
            siting::Goal::Count(n) => (JsValue::from_f64(n as f64), JsValue::UNDEFINED),
            siting::Goal::Target(t) => (JsValue::UNDEFINED, JsValue::from_f64(t)),
        };
        (|| {
            set("kind", &JsValue::from_str(&info.id))?;
            set("label", &JsValue::from_str(&info.label))?;
            set("radius_m", &JsValue::from_f64(info.radius_m))?;
            set(
                "demand",
                &info.demand.map_or(JsValue::NULL, |d| JsValue::from_str(&d)),
            )?;
            set("count", &count)?;
            set("target_ratio", &target)?;
            set("crs", &JsValue::from_str(req.crs.name()))?;
            set("total", &JsValue::from_f64(d.total))?;
            set("covered_before", &JsValue::from_f64(d.covered_before))?;
            set("coords", &Float64Array::from(&d.coords[..]).into())?;
            set("weight", &Float64Array::from(&d.weight[..]).into())?;
            set("candidates", &Float64Array::from(&cand_coords[..]).into())?;
            set("candidate_ids", &strings(ids))?;
            if let Some(c) = &covers {
                let start: Vec<f64> = c.start.iter().map(|&x| x as f64).collect();
                set("cover_start", &Float64Array::from(&start[..]).into())?;
                set("cover_items", &Uint32Array::from(&c.items[..]).into())?;
            }
            set("candidate_names", &strings(names))
        })()
        .map_err(|_| JsError::new("sitingInput: could not build the answer"))?;
        Ok(o.into())
    }

    /// `summary()` without the per-unit figures: what a live view needs many times a second.
    #[wasm_bindgen(js_name = summaryBrief)]
    pub fn summary_brief(&self) -> Result<JsValue, JsError> {
        let s = self.current_summary()?.0;
        #[derive(Serialize)]
        struct Brief<'a> {
            metric: &'a str,
            residents: usize,
            total_population: f64,
            kinds: &'a [KindFigures],
            all_kinds: &'a AllKindsFigures,
            stations: &'a [StationFigures],
        }
        to_js(&Brief {
            metric: &s.metric,
            residents: s.residents,
            total_population: s.total_population,
            kinds: &s.kinds,
            all_kinds: &s.all_kinds,
            stations: &s.stations,
        })
    }

    /// Live stations `[{id, kind, name, lon, lat, served_population, only_population}]`, coordinates
    /// in `crs` (default WGS-84).
    pub fn stations(&self, crs: Option<String>) -> Result<JsValue, JsError> {
        let crs = crs_of(crs.as_deref())?;
        let out: Vec<StationOut> = self
            .inner
            .stations()
            .map(|(id, s)| {
                let (lon, lat) = crs.from_wgs84(s.at.lon, s.at.lat);
                StationOut {
                    id,
                    kind: self.inner.kinds().get(s.kind).id.clone(),
                    name: s.name.clone(),
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
        self.inner.resident_count()
    }

    /// Per resident (file order): id of the nearest station of `kind` within twice its radius,
    /// or 4294967295 when none (under the current metric: the nearest on foot with streets).
    #[wasm_bindgen(js_name = nearestStation)]
    pub fn nearest_station(&self, kind: &str) -> Result<Uint32Array, JsError> {
        let k = self.kind(kind)?;
        if self.metric == Metric::Network {
            let net = self.network()?;
            let r = net.as_ref().expect("built").kind_cached(&self.inner, k);
            return Ok(Uint32Array::from(r.nearest.as_slice()));
        }
        Ok(Uint32Array::from(self.inner.nearest_station(k).as_slice()))
    }

    /// Per resident: distance in metres to that station (`Infinity` when none; a walk under the
    /// network metric).
    #[wasm_bindgen(js_name = nearestDistance)]
    pub fn nearest_distance(&self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        if self.metric == Metric::Network {
            let net = self.network()?;
            let r = net.as_ref().expect("built").kind_cached(&self.inner, k);
            return Ok(Float64Array::from(r.distance_m.as_slice()));
        }
        Ok(Float64Array::from(
            self.inner.nearest_distance_m(k).as_slice(),
        ))
    }

    /// Per resident: stations of `kind` within its radius (under the current metric).
    #[wasm_bindgen(js_name = coveringCount)]
    pub fn covering_count(&self, kind: &str) -> Result<Uint32Array, JsError> {
        let k = self.kind(kind)?;
        if self.metric == Metric::Network {
            let net = self.network()?;
            return Ok(Uint32Array::from(
                net.as_ref()
                    .expect("built")
                    .kind_cached(&self.inner, k)
                    .count
                    .as_slice(),
            ));
        }
        Ok(Uint32Array::from(self.inner.covering_count(k).as_slice()))
    }

    /// Per resident: how many kinds cover it (under the current metric).
    #[wasm_bindgen(js_name = kindsCovering)]
    pub fn kinds_covering(&self) -> Result<Uint8Array, JsError> {
        if self.metric == Metric::Network {
            let net = self.network()?;
            let net = net.as_ref().expect("built");
            let mut out = vec![0u8; self.inner.resident_count()];
            for k in 0..self.inner.kinds().len() {
                let r = net.kind_cached(&self.inner, k);
                for (o, c) in out.iter_mut().zip(&r.count) {
                    *o += u8::from(*c > 0);
                }
            }
            return Ok(Uint8Array::from(out.as_slice()));
        }
        Ok(Uint8Array::from(self.inner.kinds_covering().as_slice()))
    }

    /// Per resident: `[lon0, lat0, lon1, lat1, …]` in `crs` (default WGS-84).
    #[wasm_bindgen(js_name = residentCoordinates)]
    pub fn resident_coordinates(&self, crs: Option<String>) -> Result<Float64Array, JsError> {
        let crs = crs_of(crs.as_deref())?;
        let mut c = self.inner.resident_coordinates();
        if crs != Crs::Wgs84 {
            for p in c.chunks_exact_mut(2) {
                let (lon, lat) = crs.from_wgs84(p[0], p[1]);
                p[0] = lon;
                p[1] = lat;
            }
        }
        Ok(Float64Array::from(c.as_slice()))
    }

    /// Recomputes every figure from scratch (edits never need this; for benchmarks and resets).
    pub fn recompute(&mut self) {
        self.inner.recompute();
    }

    /// Admin units `[{level, id, name}]`; `residentUnits()` indexes into this list.
    pub fn units(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.admin().all())
    }

    /// Per resident: `[street, community, grid]` unit indices (4294967295 when absent), flattened.
    #[wasm_bindgen(js_name = residentUnits)]
    pub fn resident_units(&self) -> Uint32Array {
        let mut out = Vec::with_capacity(3 * self.inner.resident_count());
        for i in 0..self.inner.resident_count() {
            out.extend_from_slice(&self.inner.resident_units(i));
        }
        Uint32Array::from(out.as_slice())
    }

    /// Per resident: name (compound, building), empty when the file had none.
    #[wasm_bindgen(js_name = residentNames)]
    pub fn resident_names(&self) -> Vec<String> {
        (0..self.inner.resident_count())
            .map(|i| self.inner.resident_name(i).to_string())
            .collect()
    }

    /// Names of the residents at `indices` (file order), for lists that show a few of many.
    #[wasm_bindgen(js_name = residentNamesAt)]
    pub fn resident_names_at(&self, indices: &[u32]) -> Result<Vec<String>, JsError> {
        let n = self.inner.resident_count();
        indices
            .iter()
            .map(|&i| {
                if (i as usize) < n {
                    Ok(self.inner.resident_name(i as usize).to_string())
                } else {
                    Err(JsError::new(&format!(
                        "residentNamesAt: index {i} is out of range (there are {n} residents)"
                    )))
                }
            })
            .collect()
    }

    /// The coverage report as CSV text with a BOM, headers in `lang` (`zh` default, or `en`);
    /// figures under the current metric.
    #[wasm_bindgen(js_name = reportCsv)]
    pub fn report_csv(&self, lang: Option<String>) -> Result<String, JsError> {
        let lang = lang.as_deref().unwrap_or("zh").parse().map_err(js_err)?;
        Ok(export::report_csv_of(&self.current_summary()?.0, lang))
    }

    /// Live stations as GeoJSON text with their coverage fields (under the current metric),
    /// coordinates in `crs`.
    #[wasm_bindgen(js_name = stationsGeoJson)]
    pub fn stations_geojson(&self, crs: Option<String>) -> Result<String, JsError> {
        let crs = crs_of(crs.as_deref())?;
        Ok(export::stations_geojson_of(
            &self.inner,
            &self.current_summary()?.0,
            crs,
        ))
    }

    /// Residents as GeoJSON text with their coverage fields, coordinates in `crs`. Under the
    /// network metric the distances are walks, each kind adds `{kind}_detour` and every resident
    /// `reachable`.
    #[wasm_bindgen(js_name = residentsGeoJson)]
    pub fn residents_geojson(&self, crs: Option<String>) -> Result<String, JsError> {
        let crs = crs_of(crs.as_deref())?;
        if self.metric == Metric::Network {
            let net = self.network()?;
            return Ok(net
                .as_ref()
                .expect("built")
                .residents_geojson(&self.inner, crs));
        }
        Ok(export::residents_geojson(&self.inner, crs))
    }

    /// Per resident: population.
    #[wasm_bindgen(js_name = residentPopulation)]
    pub fn resident_population(&self) -> Float64Array {
        Float64Array::from(self.inner.resident_population().as_slice())
    }
}

/// An optional setting of an options object: a value sets it (`Some(Some)`), null clears it
/// (`Some(None)`), absent leaves it (`None`).
#[allow(clippy::option_option)]
fn set_or_clear<T>(
    spec: &JsValue,
    key: &str,
    read: fn(&JsValue) -> Option<T>,
    expected: &str,
) -> Result<Option<Option<T>>, JsError> {
    let v = js_sys::Reflect::get(spec, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() {
        Ok(None)
    } else if v.is_null() {
        Ok(Some(None))
    } else {
        read(&v)
            .map(|x| Some(Some(x)))
            .ok_or_else(|| JsError::new(&format!("bad kind: {key} must be {expected}, or null")))
    }
}

/// A parsed `suggest` request.
struct SitingRequest {
    kind: usize,
    goal: siting::Goal,
    candidates: Vec<siting::Candidate>,
    crs: Crs,
}

fn siting_goal(count: Option<f64>, target: Option<f64>) -> Result<siting::Goal, JsError> {
    match (count, target) {
        (Some(n), None) if n.fract() == 0.0 && n >= 0.0 => Ok(siting::Goal::Count(n as usize)),
        (Some(n), None) => Err(JsError::new(&format!(
            "suggest: count {n} must be a whole number"
        ))),
        (None, Some(t)) => Ok(siting::Goal::Target(t)),
        _ => Err(JsError::new("suggest: give one of count or target_ratio")),
    }
}

/// The answer with its coordinates in the caller's system.
fn siting_answer(mut r: siting::SuggestResult, crs: Crs) -> Result<JsValue, JsError> {
    for s in &mut r.suggestions {
        (s.lon, s.lat) = crs.from_wgs84(s.lon, s.lat);
    }
    to_js(&r)
}

/// Answers a [`Planner::siting_input`] object: the same answer `suggest` gives. `progress`, when
/// given, is called with the share done (0 to 1) now and then; returning `false` stops the run
/// (the call then throws "cancelled").
#[wasm_bindgen(js_name = solveSiting)]
pub fn solve_siting(
    input: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let get =
        |k: &str| js_sys::Reflect::get(&input, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let floats = |k: &str| -> Result<Vec<f64>, JsError> {
        get(k)
            .dyn_into::<Float64Array>()
            .map(|a| a.to_vec())
            .map_err(|_| {
                JsError::new(&format!(
                    "solveSiting: '{k}' must be a Float64Array from sitingInput"
                ))
            })
    };
    let strings = |k: &str, n: usize| -> Vec<Option<String>> {
        let v = get(k);
        if !js_sys::Array::is_array(&v) {
            return vec![None; n];
        }
        let a = js_sys::Array::from(&v);
        (0..n as u32).map(|i| a.get(i).as_string()).collect()
    };
    let info = siting::KindInfo {
        id: get("kind")
            .as_string()
            .ok_or_else(|| JsError::new("solveSiting: give the object sitingInput returned"))?,
        label: get("label").as_string().unwrap_or_default(),
        radius_m: get("radius_m")
            .as_f64()
            .ok_or_else(|| JsError::new("solveSiting: radius_m missing"))?,
        demand: get("demand").as_string(),
    };
    let goal = siting_goal(get("count").as_f64(), get("target_ratio").as_f64())?;
    let crs = crs_of(get("crs").as_string().as_deref())?;
    let demand = siting::Demand {
        coords: floats("coords")?,
        weight: floats("weight")?,
        total: get("total").as_f64().unwrap_or(0.0),
        covered_before: get("covered_before").as_f64().unwrap_or(0.0),
        resident: Vec::new(),
    };
    if demand.coords.len() != 2 * demand.weight.len() {
        return Err(JsError::new("solveSiting: coords and weight do not match"));
    }
    let cc = floats("candidates")?;
    let n = cc.len() / 2;
    let candidates: Vec<siting::Candidate> = cc
        .chunks_exact(2)
        .zip(
            strings("candidate_ids", n)
                .into_iter()
                .zip(strings("candidate_names", n)),
        )
        .map(|(c, (id, name))| siting::Candidate {
            lon: c[0],
            lat: c[1],
            id,
            name,
        })
        .collect();
    let mut tick = |f: f64| match &progress {
        Some(p) => p
            .call1(&JsValue::NULL, &JsValue::from_f64(f))
            .map_or(true, |v| v != JsValue::FALSE),
        None => true,
    };
    // Walking cover sets when sitingInput made them (network metric).
    let covers = match get("cover_items").dyn_into::<Uint32Array>() {
        Ok(items) => Some(siting::CoverSets {
            start: floats("cover_start")?
                .into_iter()
                .map(|x| x as usize)
                .collect(),
            items: items.to_vec(),
        }),
        Err(_) => None,
    };
    let r = siting::solve_with_covers(
        &info,
        &demand,
        &candidates,
        covers,
        goal,
        siting::EXACT_LIMIT,
        &mut tick,
    )
    .map_err(js_err)?;
    siting_answer(r, crs)
}

impl Planner {
    /// Parses `suggest`/`sitingInput` options into a kind, goal, candidates and coordinate system.
    fn siting_request(&self, spec: &JsValue) -> Result<SitingRequest, JsError> {
        #[derive(Deserialize)]
        struct Site {
            lon: f64,
            lat: f64,
            id: Option<String>,
            name: Option<String>,
        }
        if !spec.is_object() {
            return Err(JsError::new("suggest: give an options object"));
        }
        check_keys(
            spec,
            "suggest options",
            &[
                "kind",
                "count",
                "target_ratio",
                "candidates",
                "spacing_m",
                "area",
                "area_crs",
                "crs",
            ],
        )?;
        let get = |k: &str| {
            js_sys::Reflect::get(spec, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
        };
        let kind_name = get("kind")
            .as_string()
            .ok_or_else(|| JsError::new("suggest: give kind"))?;
        let kind = self.kind(&kind_name)?;
        let crs = crs_of(get("crs").as_string().as_deref())?;
        let goal = siting_goal(get("count").as_f64(), get("target_ratio").as_f64())?;
        let area_crs = match get("area_crs").as_string() {
            Some(c) => crs_of(Some(&c))?,
            None => crs,
        };
        let area = match get("area") {
            a if a.is_undefined() || a.is_null() => None,
            a => {
                let text = match a.as_string() {
                    Some(t) => t,
                    None => js_sys::JSON::stringify(&a)
                        .ok()
                        .and_then(|t| t.as_string())
                        .ok_or_else(|| JsError::new("suggest: area must be GeoJSON"))?,
                };
                Some(crate::import::read_area(&text, area_crs).map_err(|e| {
                    JsError::new(&format!("suggest: bad area: {}", e.in_source("area")))
                })?)
            }
        };
        let c = get("candidates");
        let candidates = if c.is_undefined() || c.as_string().as_deref() == Some("grid") {
            let spacing = get("spacing_m").as_f64().unwrap_or(siting::default_spacing(
                self.inner.kinds().get(kind).radius_m,
            ));
            match &area {
                Some(a) => siting::grid_in_area(a, spacing).map_err(js_err)?,
                None => siting::grid_candidates(&self.inner, spacing).map_err(js_err)?,
            }
        } else if c.as_string().as_deref() == Some("residents") {
            siting::resident_candidates(&self.inner)
        } else if js_sys::Array::is_array(&c) {
            let sites: Vec<Site> = serde_wasm_bindgen::from_value(c)
                .map_err(|e| JsError::new(&format!("suggest: bad candidates: {e}")))?;
            sites
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    if !(s.lon.is_finite() && s.lat.is_finite() && s.lat.abs() <= 90.0) {
                        return Err(JsError::new(&format!(
                            "suggest: candidate {i} has bad coordinates ({}, {})",
                            s.lon, s.lat
                        )));
                    }
                    let (lon, lat) = crs.to_wgs84(s.lon, s.lat);
                    Ok(siting::Candidate {
                        lon,
                        lat,
                        id: s.id,
                        name: s.name,
                    })
                })
                .collect::<Result<_, _>>()?
        } else {
            let opts = ImportOptions {
                crs,
                source: Some("candidates".into()),
                ..Default::default()
            };
            let bytes = match file_data(&c, "suggest candidates")? {
                FileData::Text(t) => t.into_bytes(),
                FileData::Bytes(b) => b,
            };
            read_sites(&bytes, &opts)
                .map_err(js_err)?
                .into_iter()
                .map(siting::Candidate::from)
                .collect()
        };
        let candidates = match &area {
            Some(a) => siting::keep_inside(candidates, a),
            None => candidates,
        };
        Ok(SitingRequest {
            kind,
            goal,
            candidates,
            crs,
        })
    }
}

impl Planner {
    /// The report under the current metric, with the network-only figures when walking.
    fn current_summary(&self) -> Result<(crate::Summary, Option<network::NetworkExtras>), JsError> {
        if self.metric == Metric::Straight {
            return Ok((self.inner.summary(), None));
        }
        let net = self.network()?;
        let (s, x) = network::network_summary(&self.inner, net.as_ref().expect("built"));
        Ok((s, Some(x)))
    }

    /// The residents on the loaded streets, built on first use after residents or streets change.
    fn network(&self) -> Result<std::cell::RefMut<'_, Option<network::NetworkCoverage>>, JsError> {
        let (graph, snap) = self
            .streets
            .as_ref()
            .ok_or_else(|| JsError::new("no streets loaded: call loadStreets first"))?;
        let mut net = self.net.borrow_mut();
        if net.is_none() {
            *net = Some(network::NetworkCoverage::new(
                &self.inner,
                graph.clone(),
                *snap,
            ));
        }
        Ok(net)
    }
}

/// The default station rules of `importOsm` (`[{tag, kind}]`, first match wins) and the POI
/// categories a rule's tag may name: `{rules, categories}`.
#[wasm_bindgen(js_name = osmStationRules)]
pub fn osm_station_rules() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Out {
        rules: network::StationRules,
        categories: [&'static str; 6],
    }
    to_js(&Out {
        rules: network::StationRules::default(),
        categories: network::CATEGORIES,
    })
}

/// Reads an OpenStreetMap file (XML text or bytes, or `.osm.pbf` bytes) into the layers a plan loads:
/// `{residents, stations, pois, streets}` as GeoJSON text (residents estimated from buildings:
/// `floor_area_per_person` m², `default_levels` floors, `floor_ratio` for residential areas without
/// buildings) and `counts {streets, walkable, buildings, residents, stations, pois}`.
/// POIs become stations by `station_rules` (`[{tag, kind}]`, ahead of the defaults unless
/// `default_station_rules: false`; see `osmStationRules`). `progress(bytesRead, totalBytes)`, when
/// given, is called as the file is read.
#[wasm_bindgen(js_name = importOsm)]
pub fn import_osm(
    data: JsValue,
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    #[derive(Deserialize, Default)]
    struct O {
        floor_area_per_person: Option<f64>,
        default_levels: Option<f64>,
        floor_ratio: Option<f64>,
        #[serde(default)]
        station_rules: Vec<network::StationRule>,
        default_station_rules: Option<bool>,
    }
    let o: O = from_js(
        options,
        "importOsm options",
        &[
            "floor_area_per_person",
            "default_levels",
            "floor_ratio",
            "station_rules",
            "default_station_rules",
        ],
    )?;
    for r in &o.station_rules {
        r.check()
            .map_err(|e| JsError::new(&format!("importOsm: {e}")))?;
    }
    let rules = network::StationRules::with_defaults(
        o.station_rules,
        o.default_station_rules.unwrap_or(true),
    );
    let d = network::ResidentEstimate::default();
    let est = network::ResidentEstimate {
        floor_area_per_person: o.floor_area_per_person.unwrap_or(d.floor_area_per_person),
        default_levels: o.default_levels.unwrap_or(d.default_levels),
        area_floor_ratio: o.floor_ratio.unwrap_or(d.area_floor_ratio),
    };
    for (name, v) in [
        ("floor_area_per_person", est.floor_area_per_person),
        ("default_levels", est.default_levels),
        ("floor_ratio", est.area_floor_ratio),
    ] {
        if !(v.is_finite() && v > 0.0) {
            return Err(JsError::new(&format!(
                "importOsm: {name} {v} must be positive"
            )));
        }
    }
    let bytes = match file_data(&data, "importOsm")? {
        FileData::Text(t) => t.into_bytes(),
        FileData::Bytes(b) => b,
    };
    let imp = network::import_osm_reporting(&bytes, &rules, &mut reporter(&progress))
        .map_err(|e| js_err(e.in_source("osm")))?;
    let (residents, nr) = network::residents_geojson(&imp, &est);
    let (stations, ns) = network::pois_geojson(&imp, true);
    let (pois, np) = network::pois_geojson(&imp, false);
    #[derive(Serialize)]
    struct Counts {
        streets: usize,
        walkable: usize,
        buildings: usize,
        residents: usize,
        stations: usize,
        pois: usize,
    }
    #[derive(Serialize)]
    struct Out {
        residents: String,
        stations: String,
        pois: String,
        streets: String,
        counts: Counts,
    }
    to_js(&Out {
        counts: Counts {
            streets: imp.streets.len(),
            walkable: imp.streets.iter().filter(|s| s.line.walkable).count(),
            buildings: imp.buildings.len(),
            residents: nr,
            stations: ns,
            pois: np,
        },
        streets: network::streets_geojson(&imp),
        residents,
        stations,
        pois,
    })
}
