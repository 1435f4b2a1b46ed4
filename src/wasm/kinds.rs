//! Kinds through the facade: `kinds` (the table with each kind's settings), `setKind` (add a
//! kind or change its radius, walking time, capacity, demand, completeness or coverage target),
//! and the facility standards table kinds are added from (`facilityStandards`,
//! `readFacilityStandards`).

use super::planner::Planner;
use super::{from_js, js_err, js_error, to_js};
use crate::kinds::{parse_radius, parse_target};
use crate::session::KindSpec;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// `setKind`'s argument. `capacity` and `demand` are kept as given: a value sets, null clears,
/// absent (or undefined) leaves alone.
#[derive(Deserialize, Default)]
#[serde(default)]
struct KindOptions {
    kind: String,
    label: Option<String>,
    label_en: Option<String>,
    radius_m: Option<f64>,
    /// A GB 50180-2018 tier (`5min`, `10min`, `15min`) instead of `radius_m`.
    tier: Option<String>,
    /// Walking minutes at `speed` instead of `radius_m` (without a speed: 5, 10 or 15 as tiers).
    minutes: Option<f64>,
    /// Metres a second, or a walking-speed profile (`elderly`, `老年人`…; see `walkingSpeeds`).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    speed: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    capacity: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    demand: JsValue,
    /// Whether life-circle completeness counts the kind.
    counted: Option<bool>,
    /// The coverage target per unit: a share (0.85) or a percentage text (`85%`); null clears.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    target: JsValue,
}

/// A setting that may be set (`Some(Some)`), cleared by null (`Some(None)`) or left (`None`).
#[allow(clippy::option_option)]
fn set_or_clear<T>(
    v: &JsValue,
    key: &str,
    read: fn(&JsValue) -> Option<T>,
    expected: &str,
) -> Result<Option<Option<T>>, JsError> {
    if v.is_undefined() {
        Ok(None)
    } else if v.is_null() {
        Ok(Some(None))
    } else {
        read(v)
            .map(|x| Some(Some(x)))
            .ok_or_else(|| js_error(&format!("bad kind: {key} must be {expected}, or null")))
    }
}

#[wasm_bindgen]
impl Planner {
    /// `[{id, label, label_en, radius_m, horizon_m, stations, capacity, demand, counted, target}]`.
    #[wasm_bindgen(unchecked_return_type = "Kind[]")]
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
            counted: bool,
            target: Option<f64>,
        }
        let plan = self.session.plan();
        let ks: Vec<K> = plan
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
                stations: plan.station_count(i),
                capacity: k.capacity,
                demand: k.demand.as_deref(),
                counted: k.counted,
                target: k.target,
            })
            .collect();
        to_js(&ks)
    }

    /// Adds a kind or changes one: `{kind, label?, label_en?, radius_m | tier | minutes (+ speed),
    /// capacity?, demand?, counted?, target?}` (`{minutes: 10, speed: 1.0}` is 600 m; `speed` may name a
    /// walking-speed profile, `elderly`/`老年人`). `capacity` (people per station) and `demand` (a residents' weight
    /// column, see `weightColumns`) are set by a value, cleared by null and left alone when
    /// absent; `counted: false` leaves the kind out of life-circle completeness; `target` (a share
    /// such as 0.85, or `"85%"`; null clears) flags the units below it. Returns
    /// the kind id. Nothing changes when any part is refused.
    #[wasm_bindgen(js_name = setKind)]
    pub fn set_kind(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "KindOptions")] spec: JsValue,
    ) -> Result<String, JsError> {
        let o: KindOptions = from_js(spec, "kind")?;
        let demand = set_or_clear(
            &o.demand,
            "demand",
            JsValue::as_string,
            "the name of a residents' column",
        )?;
        let capacity = set_or_clear(
            &o.capacity,
            "capacity",
            JsValue::as_f64,
            "a number of people per station",
        )?;
        let target = set_or_clear(
            &o.target,
            "target",
            |v| {
                v.as_f64()
                    .or_else(|| v.as_string().and_then(|t| parse_target(&t)))
            },
            "a share such as 0.85 or a percentage such as \"85%\"",
        )?;
        let speed = o
            .speed
            .as_f64()
            .map(|v| v.to_string())
            .or(o.speed.as_string());
        let walk = o.minutes.map(|m| match &speed {
            Some(s) => format!("{m}min@{s}"),
            None => format!("{m}min"),
        });
        let radius_m = match (o.radius_m, o.tier.as_deref().or(walk.as_deref())) {
            (Some(r), _) => Some(r),
            (None, Some(t)) => Some(parse_radius(t).map_err(js_err)?),
            (None, None) => None,
        };
        let k = self
            .session
            .set_kind(KindSpec {
                kind: o.kind,
                label: o.label,
                label_en: o.label_en,
                radius_m,
                capacity,
                demand,
                counted: o.counted,
                target,
            })
            .map_err(js_err)?;
        Ok(self.session.plan().kinds().get(k).id.clone())
    }
}

/// The facility standards table the repository ships (`data/facility-standards.csv`): `[{id,
/// label, label_en, level, distance_m, minutes, source, status, checked, note, radius_m}]` —
/// `radius_m` is what a kind added from the row takes (null: the planner gives it).
#[wasm_bindgen(js_name = facilityStandards, unchecked_return_type = "FacilityStandard[]")]
pub fn facility_standards() -> Result<JsValue, JsError> {
    to_js(&crate::standards::default_standards())
}

/// `readFacilityStandards`' options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StandardsOptions {
    /// The file's name, for messages.
    source: Option<String>,
    /// The Excel sheet (default: the first).
    sheet: Option<String>,
}

/// A city's own standards table (CSV or Excel, the same columns as the repository's), read as
/// `facilityStandards()` gives it; an error names the file, line and column.
#[wasm_bindgen(js_name = readFacilityStandards, unchecked_return_type = "FacilityStandard[]")]
pub fn read_facility_standards(
    #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "StandardsOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let o: StandardsOptions = from_js(options, "readFacilityStandards options")?;
    let file = super::file_data(&data, "readFacilityStandards")?;
    let opts = crate::import::ImportOptions {
        source: o.source,
        sheet: o.sheet,
        ..Default::default()
    };
    let rows = crate::standards::read_standards(file.bytes(), &opts).map_err(js_err)?;
    to_js(&rows)
}
