//! Siting from JavaScript: `suggest` on the plan, `sitingInput` to solve elsewhere, and the free
//! `solveSiting` that answers it (in the app, in a worker of its own so that a run can be stopped).

use super::planner::{in_call, Planner};
use super::{check_keys, crs_of, field_names, file_data, js_err, js_error, to_js};
use crate::session::{Area, CandidateSource, SitingInput, SitingRequest};
use crate::siting::{Candidate, CoverSets, Demand, Goal, KindInfo};
use js_sys::{Float64Array, Uint32Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `suggest` / `sitingInput` options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SuggestOptions {
    kind: Option<String>,
    count: Option<f64>,
    target_ratio: Option<f64>,
    /// `"grid"`, `"residents"`, an array of sites, or a file's text or bytes.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    candidates: JsValue,
    spacing_m: Option<f64>,
    /// Coordinate system of the candidates given as sites or a file (default: `crs`).
    candidates_crs: Option<String>,
    /// GeoJSON, as an object or text.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    area: JsValue,
    area_crs: Option<String>,
    crs: Option<String>,
}

/// A candidate site given by coordinates.
#[derive(Deserialize)]
struct Site {
    lon: f64,
    lat: f64,
    id: Option<String>,
    name: Option<String>,
}

fn siting_goal(count: Option<f64>, target: Option<f64>) -> Result<Goal, JsError> {
    match (count, target) {
        (Some(n), None) if n.fract() == 0.0 && n >= 0.0 => Ok(Goal::Count(n as usize)),
        (Some(n), None) => Err(js_error(&format!(
            "suggest: count {n} must be a whole number"
        ))),
        (None, Some(t)) => Ok(Goal::Target(t)),
        _ => Err(js_error("suggest: give one of count or target_ratio")),
    }
}

/// The request of a `suggest` options object.
fn request(planner: &Planner, spec: JsValue) -> Result<SitingRequest, JsError> {
    if !spec.is_object() {
        return Err(js_error("suggest: give an options object"));
    }
    check_keys(&spec, "suggest options", field_names::<SuggestOptions>())?;
    let o: SuggestOptions = serde_wasm_bindgen::from_value(spec)
        .map_err(|e| js_error(&format!("bad suggest options: {e}")))?;
    let kind = o.kind.ok_or_else(|| js_error("suggest: give kind"))?;
    planner.kind(&kind)?;
    let crs = crs_of(o.crs.as_deref())?;
    let goal = siting_goal(o.count, o.target_ratio)?;
    let area = if o.area.is_undefined() || o.area.is_null() {
        None
    } else {
        let geojson = match o.area.as_string() {
            Some(t) => t,
            None => js_sys::JSON::stringify(&o.area)
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| js_error("suggest: area must be GeoJSON"))?,
        };
        let area_crs = match o.area_crs.as_deref() {
            Some(c) => crs_of(Some(c))?,
            None => crs,
        };
        Some(Area {
            geojson,
            crs: area_crs,
            source: "area".into(),
        })
    };
    let candidates_crs = match o.candidates_crs.as_deref() {
        Some(c) => crs_of(Some(c))?,
        None => crs,
    };
    let c = o.candidates;
    let candidates = match c.as_string().as_deref() {
        _ if c.is_undefined() => CandidateSource::Grid {
            spacing_m: o.spacing_m,
        },
        Some("grid") => CandidateSource::Grid {
            spacing_m: o.spacing_m,
        },
        Some("residents") => CandidateSource::Residents,
        _ if js_sys::Array::is_array(&c) => {
            let sites: Vec<Site> = serde_wasm_bindgen::from_value(c)
                .map_err(|e| js_error(&format!("suggest: bad candidates: {e}")))?;
            CandidateSource::Sites {
                sites: sites
                    .into_iter()
                    .map(|s| Candidate {
                        lon: s.lon,
                        lat: s.lat,
                        id: s.id,
                        name: s.name,
                    })
                    .collect(),
                crs: candidates_crs,
            }
        }
        _ => CandidateSource::File {
            bytes: file_data(&c, "suggest candidates")?.bytes().to_vec(),
            source: "candidates".into(),
            crs: candidates_crs,
        },
    };
    Ok(SitingRequest {
        kind,
        goal,
        candidates,
        area,
        crs,
    })
}

/// The object `sitingInput` hands over: plain figures, and the large arrays as typed arrays (so
/// that they can be transferred to another worker).
#[derive(Serialize)]
struct InputOut {
    kind: String,
    label: String,
    radius_m: f64,
    demand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_ratio: Option<f64>,
    crs: String,
    total: f64,
    covered_before: f64,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    coords: Float64Array,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    weight: Float64Array,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    candidates: Float64Array,
    candidate_ids: Option<Vec<Option<String>>>,
    candidate_names: Option<Vec<Option<String>>>,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    cover_start: JsValue,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    cover_items: JsValue,
}

/// `None` when every entry is.
fn strings(v: Vec<Option<String>>) -> Option<Vec<Option<String>>> {
    v.iter().any(Option::is_some).then_some(v)
}

#[wasm_bindgen]
impl Planner {
    /// Siting suggestions for one kind, existing stations kept: `{kind, count | target_ratio,
    /// candidates?, spacing_m?, area?, crs?}`. `candidates`: `"grid"` (default, at `spacing_m`,
    /// default a quarter of the radius), `"residents"`, an array of `{lon, lat, id?, name?}`, or a
    /// CSV/GeoJSON file's text or bytes. `area`: a GeoJSON Polygon/MultiPolygon (geometry, Feature
    /// or FeatureCollection, object or text); only candidates inside it are used (a grid is then
    /// laid over the area). `crs` is that of the answer's coordinates, and of the candidates and
    /// the area unless `candidates_crs` / `area_crs` say otherwise (e.g. a GCJ-02 candidates file
    /// with an area drawn on a WGS-84 map and the answer wanted on that map).
    /// Returns `{kind, demand?, radius_m, covered_before, covered_after, upper_bound, suggestions:
    /// [{id, name, lon, lat, gain_population}], …}`; with a demand column every population figure
    /// is in its units.
    ///
    /// Under the network metric the cover sets are walks: a candidate covers the residents it
    /// reaches on foot within the radius, and "uncovered" means on foot (`metric` in the answer).
    #[wasm_bindgen(unchecked_return_type = "SuggestResult")]
    pub fn suggest(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SitingRequest")] spec: JsValue,
    ) -> Result<JsValue, JsError> {
        let req = request(self, spec)?;
        let r = self
            .session
            .suggest(&req)
            .map_err(|e| in_call("suggest", e))?;
        to_js(&r)
    }

    /// What [`solveSiting`] needs to answer `suggest(spec)` away from this plan (e.g. in another
    /// worker, so that a long run can be stopped): the kind, goal, uncovered demand and candidates,
    /// with the large arrays as `Float64Array`s (transferable). Under the network metric it also
    /// carries the walking cover sets (`cover_start` Float64Array, `cover_items` Uint32Array: one
    /// bounded search per candidate, made here where the streets are).
    #[wasm_bindgen(js_name = sitingInput, unchecked_return_type = "SitingInput")]
    pub fn siting_input(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SitingRequest")] spec: JsValue,
    ) -> Result<JsValue, JsError> {
        let req = request(self, spec)?;
        let input = self
            .session
            .siting_input(&req)
            .map_err(|e| in_call("suggest", e))?;
        let coords: Vec<f64> = input
            .candidates
            .iter()
            .flat_map(|c| [c.lon, c.lat])
            .collect();
        let (ids, names): (Vec<_>, Vec<_>) =
            input.candidates.into_iter().map(|c| (c.id, c.name)).unzip();
        let (count, target_ratio) = match input.goal {
            Goal::Count(n) => (Some(n as f64), None),
            Goal::Target(t) => (None, Some(t)),
        };
        let (cover_start, cover_items) = match &input.covers {
            Some(c) => {
                let start: Vec<f64> = c.start.iter().map(|&x| x as f64).collect();
                (
                    Float64Array::from(&start[..]).into(),
                    Uint32Array::from(&c.items[..]).into(),
                )
            }
            None => (JsValue::UNDEFINED, JsValue::UNDEFINED),
        };
        to_js(&InputOut {
            kind: input.kind.id,
            label: input.kind.label,
            radius_m: input.kind.radius_m,
            demand: input.kind.demand,
            count,
            target_ratio,
            crs: input.crs.name(),
            total: input.demand.total,
            covered_before: input.demand.covered_before,
            coords: Float64Array::from(&input.demand.coords[..]),
            weight: Float64Array::from(&input.demand.weight[..]),
            candidates: Float64Array::from(&coords[..]),
            candidate_ids: strings(ids),
            candidate_names: strings(names),
            cover_start,
            cover_items,
        })
    }
}

/// The object `sitingInput` made, as `solveSiting` reads it back.
#[derive(Deserialize, Default)]
#[serde(default)]
struct InputIn {
    kind: Option<String>,
    label: Option<String>,
    radius_m: Option<f64>,
    demand: Option<String>,
    count: Option<f64>,
    target_ratio: Option<f64>,
    crs: Option<String>,
    total: Option<f64>,
    covered_before: Option<f64>,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    coords: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    weight: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    candidates: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    candidate_ids: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    candidate_names: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    cover_start: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    cover_items: JsValue,
}

/// A `Float64Array` field of the input.
fn floats(v: &JsValue, key: &str) -> Result<Vec<f64>, JsError> {
    v.dyn_ref::<Float64Array>()
        .map(Float64Array::to_vec)
        .ok_or_else(|| {
            js_error(&format!(
                "solveSiting: '{key}' must be a Float64Array from sitingInput"
            ))
        })
}

/// An array of names (or none), `n` long; what is not a string is none.
fn names(v: &JsValue, n: usize) -> Vec<Option<String>> {
    if !js_sys::Array::is_array(v) {
        return vec![None; n];
    }
    let a = js_sys::Array::from(v);
    (0..n as u32).map(|i| a.get(i).as_string()).collect()
}

/// Answers a [`Planner::siting_input`] object: the same answer `suggest` gives. `progress`, when
/// given, is called with the share done (0 to 1) now and then; returning `false` stops the run
/// (the call then throws "cancelled").
#[wasm_bindgen(js_name = solveSiting, unchecked_return_type = "SuggestResult")]
pub fn solve_siting(
    #[wasm_bindgen(unchecked_param_type = "SitingInput")] input: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let o: InputIn = serde_wasm_bindgen::from_value(input)
        .map_err(|_| js_error("solveSiting: give the object sitingInput returned"))?;
    let kind = KindInfo {
        id: o
            .kind
            .ok_or_else(|| js_error("solveSiting: give the object sitingInput returned"))?,
        label: o.label.unwrap_or_default(),
        radius_m: o
            .radius_m
            .ok_or_else(|| js_error("solveSiting: radius_m missing"))?,
        demand: o.demand,
    };
    let goal = siting_goal(o.count, o.target_ratio)?;
    let crs = crs_of(o.crs.as_deref())?;
    let demand = Demand {
        coords: floats(&o.coords, "coords")?,
        weight: floats(&o.weight, "weight")?,
        total: o.total.unwrap_or(0.0),
        covered_before: o.covered_before.unwrap_or(0.0),
        resident: Vec::new(),
    };
    if demand.coords.len() != 2 * demand.weight.len() {
        return Err(js_error("solveSiting: coords and weight do not match"));
    }
    let cc = floats(&o.candidates, "candidates")?;
    let n = cc.len() / 2;
    let candidates: Vec<Candidate> = cc
        .chunks_exact(2)
        .zip(
            names(&o.candidate_ids, n)
                .into_iter()
                .zip(names(&o.candidate_names, n)),
        )
        .map(|(c, (id, name))| Candidate {
            lon: c[0],
            lat: c[1],
            id,
            name,
        })
        .collect();
    // Walking cover sets when sitingInput made them (network metric).
    let covers = match o.cover_items.dyn_ref::<Uint32Array>() {
        Some(items) => Some(CoverSets {
            start: floats(&o.cover_start, "cover_start")?
                .into_iter()
                .map(|x| x as usize)
                .collect(),
            items: items.to_vec(),
        }),
        None => None,
    };
    let mut tick = |f: f64| match &progress {
        Some(p) => p
            .call1(&JsValue::NULL, &JsValue::from_f64(f))
            .map_or(true, |v| v != JsValue::FALSE),
        None => true,
    };
    let input = SitingInput {
        kind,
        goal,
        crs,
        demand,
        candidates,
        covers,
    };
    let r = input.solve(&mut tick).map_err(js_err)?;
    to_js(&r)
}
