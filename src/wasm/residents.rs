//! Per-resident results as typed arrays (file order, under the current metric unless the name says
//! walking), the residents' own columns, and the walkshed of a station.

use super::planner::Planner;
use super::{crs_of, js_err, js_error, to_js};
use crate::crs::Crs;
use crate::engine::StationId;
use js_sys::{Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Planner {
    /// Per resident (file order): id of the nearest station of `kind` within twice its radius,
    /// or 4294967295 when none; the smaller id when two are equally near (under the current
    /// metric: the nearest on foot with streets).
    #[wasm_bindgen(js_name = nearestStation)]
    pub fn nearest_station(&mut self, kind: &str) -> Result<Uint32Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.nearest_station(k).map_err(js_err)?;
        Ok(Uint32Array::from(v.as_slice()))
    }

    /// Per resident: distance in metres to that station (`Infinity` when none; a walk under the
    /// network metric).
    #[wasm_bindgen(js_name = nearestDistance)]
    pub fn nearest_distance(&mut self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.nearest_distance(k).map_err(js_err)?;
        Ok(Float64Array::from(v.as_slice()))
    }

    /// Per resident: the kind's Gaussian 2SFCA supply per 1,000 residents (under the current
    /// metric; see `summary()`'s `access_per_1000`).
    #[wasm_bindgen(js_name = accessPer1000)]
    pub fn access_per_1000(&mut self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.access_per_1000(k).map_err(js_err)?;
        Ok(Float64Array::from(v.as_slice()))
    }

    /// Per resident: stations of `kind` within its radius (under the current metric).
    #[wasm_bindgen(js_name = coveringCount)]
    pub fn covering_count(&mut self, kind: &str) -> Result<Uint32Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.covering_count(k).map_err(js_err)?;
        Ok(Uint32Array::from(v.as_slice()))
    }

    /// Per resident: how many counted kinds (those life-circle completeness asks for) cover it,
    /// under the current metric.
    #[wasm_bindgen(js_name = kindsCovering)]
    pub fn kinds_covering(&mut self) -> Result<Uint8Array, JsError> {
        let v = self.session.kinds_covering().map_err(js_err)?;
        Ok(Uint8Array::from(v.as_slice()))
    }

    /// The residents (file order, ascending) whose coverage may have changed since the last call,
    /// `{indices, values}`: each with 1 when it is now covered by a station of `kind` (without a
    /// kind: by every counted kind), else 0 — what the map redraws after an edit without a pass
    /// over every resident. Undefined when not known (the first call, after residents were loaded
    /// or a kind counted or not, very many changes, walking distance): then look at everyone.
    #[wasm_bindgen(js_name = coverageChanges, unchecked_return_type = "CoverageChanges | undefined")]
    pub fn coverage_changes(&mut self, kind: Option<String>) -> Result<JsValue, JsError> {
        let k = kind.map(|k| self.kind(&k)).transpose()?;
        let Some((at, covered)) = self.session.coverage_changes(k) else {
            return Ok(JsValue::UNDEFINED);
        };
        let out = js_sys::Object::new();
        let set = |key: &str, v: &JsValue| {
            js_sys::Reflect::set(&out, &JsValue::from_str(key), v)
                .map(|_| ())
                .map_err(|_| js_error("coverageChanges: could not build the result"))
        };
        set("indices", &Uint32Array::from(at.as_slice()).into())?;
        set("values", &Uint8Array::from(covered.as_slice()).into())?;
        Ok(out.into())
    }

    /// Walking distance from each resident (file order) to the nearest station of `kind` over the
    /// loaded streets, metres; `Infinity` beyond twice the radius, or when the resident or every
    /// station is too far from a street.
    #[wasm_bindgen(js_name = networkDistances)]
    pub fn network_distances(&mut self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.network_distances(k).map_err(js_err)?;
        Ok(Float64Array::from(v.as_slice()))
    }

    /// Per resident (file order): walking ÷ straight-line distance to its nearest station of `kind`
    /// on foot (`NaN` when none is within reach).
    #[wasm_bindgen(js_name = networkDetour)]
    pub fn network_detour(&mut self, kind: &str) -> Result<Float64Array, JsError> {
        let k = self.kind(kind)?;
        let v = self.session.network_detour(k).map_err(js_err)?;
        Ok(Float64Array::from(v.as_slice()))
    }

    /// Residents (file order indices) too far from every street to be reached on foot.
    #[wasm_bindgen(js_name = unreachableResidents)]
    pub fn unreachable_residents(&mut self) -> Result<Uint32Array, JsError> {
        let v = self.session.unreachable_residents().map_err(js_err)?;
        Ok(Uint32Array::from(v.as_slice()))
    }

    /// The streets a station reaches on foot within its kind's radius: `[lon0, lat0, lon1, lat1, …]`
    /// per piece (WGS-84), segments cut where the walk runs out; empty without streets.
    pub fn walkshed(&mut self, id: StationId) -> Result<Float64Array, JsError> {
        let pieces = self.session.walkshed(id).map_err(js_err)?;
        Ok(Float64Array::from(pieces.concat().as_slice()))
    }

    /// Per resident: `[lon0, lat0, lon1, lat1, …]` in `crs` (default WGS-84).
    #[wasm_bindgen(js_name = residentCoordinates)]
    pub fn resident_coordinates(&self, crs: Option<String>) -> Result<Float64Array, JsError> {
        let crs = crs_of(crs.as_deref())?;
        let mut c = self.session.plan().resident_coordinates();
        if crs != Crs::Wgs84 {
            for p in c.chunks_exact_mut(2) {
                (p[0], p[1]) = crs.from_wgs84(p[0], p[1]);
            }
        }
        Ok(Float64Array::from(c.as_slice()))
    }

    /// The residents as a compact binary block (typed columns, file order): what autosaves and
    /// project files keep. `loadResidents` reads it back exactly.
    #[wasm_bindgen(js_name = residentsBinary)]
    pub fn residents_binary(&self) -> Uint8Array {
        Uint8Array::from(self.session.residents_binary().as_slice())
    }

    /// Per resident: population.
    #[wasm_bindgen(js_name = residentPopulation)]
    pub fn resident_population(&self) -> Float64Array {
        Float64Array::from(self.session.plan().resident_population().as_slice())
    }

    /// Admin units `[{level, id, name}]`; `residentUnits()` indexes into this list.
    #[wasm_bindgen(unchecked_return_type = "AdminUnit[]")]
    pub fn units(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.plan().admin().all())
    }

    /// Per resident: `[street, community, grid]` unit indices (4294967295 when absent), flattened.
    #[wasm_bindgen(js_name = residentUnits)]
    pub fn resident_units(&self) -> Uint32Array {
        let plan = self.session.plan();
        let mut out = Vec::with_capacity(3 * plan.resident_count());
        for i in 0..plan.resident_count() {
            out.extend_from_slice(&plan.resident_units(i));
        }
        Uint32Array::from(out.as_slice())
    }

    /// Per resident: name (compound, building), empty when the file had none.
    #[wasm_bindgen(js_name = residentNames)]
    pub fn resident_names(&self) -> Vec<String> {
        let plan = self.session.plan();
        (0..plan.resident_count())
            .map(|i| plan.resident_name(i).to_string())
            .collect()
    }

    /// Names of the residents at `indices` (file order), for lists that show a few of many.
    #[wasm_bindgen(js_name = residentNamesAt)]
    pub fn resident_names_at(&self, indices: &[u32]) -> Result<Vec<String>, JsError> {
        let plan = self.session.plan();
        let n = plan.resident_count();
        indices
            .iter()
            .map(|&i| {
                if (i as usize) < n {
                    Ok(plan.resident_name(i as usize).to_string())
                } else {
                    Err(js_error(&format!(
                        "residentNamesAt: index {i} is out of range (there are {n} residents)"
                    )))
                }
            })
            .collect()
    }
}
