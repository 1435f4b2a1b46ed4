//! The JavaScript API of scenarios and reports: the baseline a proposal is compared with, the
//! comparison, and the .xlsx workbook.

use super::{crs_of, from_js, js_err, to_js, Metric, Planner};
use crate::engine::StationId;
use crate::import::StationRecord;
use crate::scenario::{self, Comparison};
use crate::workbook;
use crate::Summary;
use js_sys::Uint8Array;
use serde::Deserialize;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The baseline: its stations by the caller's keys, and its figures once computed.
pub(super) struct Baseline {
    name: String,
    stations: Vec<(u32, StationRecord)>,
    figures: Option<(Summary, HashMap<StationId, u32>)>,
}

#[derive(Deserialize, Default)]
struct BaselineSpec {
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
struct CompareSpec {
    /// The proposal's name.
    name: Option<String>,
    /// The baseline's name as shown (instead of the one `setBaseline` gave).
    baseline_name: Option<String>,
    /// `[engine id, key]` of the current stations.
    keys: Vec<(StationId, u32)>,
}

#[derive(Deserialize, Default)]
struct WorkbookSpec {
    lang: Option<String>,
    title: Option<String>,
    date: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    crs: Option<String>,
    scenario: Option<String>,
    floor_area_per_person: Option<f64>,
    compare: Option<CompareSpec>,
}

#[wasm_bindgen]
impl Planner {
    /// Sets the baseline proposals are compared with: `{name, stations: [{key, kind, name, lon,
    /// lat}]}` (WGS-84; `key` is the caller's id of the station, the same in the baseline and in
    /// proposals), or `null` to clear it. Its figures are computed when first compared, with the
    /// plan's residents, kinds and metric at that time.
    #[wasm_bindgen(js_name = setBaseline)]
    pub fn set_baseline(&mut self, spec: JsValue) -> Result<(), JsError> {
        if spec.is_null() || spec.is_undefined() {
            self.baseline.replace(None);
            return Ok(());
        }
        let s: BaselineSpec = from_js(spec, "baseline", &["name", "stations"])?;
        let kinds = self.inner.kinds();
        let mut stations = Vec::with_capacity(s.stations.len());
        for (i, st) in s.stations.into_iter().enumerate() {
            let kind = kinds.resolve(&st.kind).ok_or_else(|| {
                js_err(format!(
                    "baseline station {i} ('{}'): unknown kind '{}'; known kinds: {}",
                    st.name,
                    st.kind,
                    kinds.known_names()
                ))
            })?;
            if !(st.lon.is_finite() && st.lat.is_finite()) {
                return Err(js_err(format!(
                    "baseline station {i} ('{}'): bad coordinates",
                    st.name
                )));
            }
            stations.push((
                st.key,
                StationRecord {
                    kind,
                    lon: st.lon,
                    lat: st.lat,
                    name: st.name,
                },
            ));
        }
        self.baseline.replace(Some(Baseline {
            name: s.name.unwrap_or_else(|| "现状".into()),
            stations,
            figures: None,
        }));
        Ok(())
    }

    /// The current stations against the baseline (`setBaseline`): `{baseline_name,
    /// proposal_name, kinds: [{kind, stations, covered_population, coverage_ratio: {baseline,
    /// proposal, change}, …}], all_kinds, units, changes: [{action, kind, name, from, to,
    /// served_before, served_after, only_after}]}`. `spec`: `{name, baseline_name?, keys:
    /// [[engineId, key], …]}` names the two and matches the current stations to the baseline's.
    pub fn compare(&self, spec: JsValue) -> Result<JsValue, JsError> {
        let s: CompareSpec = from_js(spec, "comparison", &["name", "baseline_name", "keys"])?;
        to_js(&self.comparison(&s)?)
    }

    /// The coverage workbook (.xlsx bytes): overview, by street / community / grid, stations,
    /// uncovered residences and, with `compare` (as for `compare()`) and a baseline set, the
    /// comparison and the station changes. Options `{lang: "zh"|"en", title, date, sources,
    /// crs, scenario, floor_area_per_person, compare}`.
    pub fn workbook(&self, spec: JsValue) -> Result<Uint8Array, JsError> {
        let s: WorkbookSpec = from_js(
            spec,
            "workbook options",
            &[
                "lang",
                "title",
                "date",
                "sources",
                "crs",
                "scenario",
                "floor_area_per_person",
                "compare",
            ],
        )?;
        let lang = s.lang.as_deref().unwrap_or("zh").parse().map_err(js_err)?;
        let comparison = match &s.compare {
            Some(c) => Some(self.comparison(c)?),
            None => None,
        };
        let (summary, _) = self.current_summary()?;
        let residents = match self.metric {
            Metric::Straight => crate::export::straight_residents(&self.inner),
            Metric::Network => {
                let net = self.network()?;
                net.as_ref().expect("built").resident_kinds(&self.inner)
            }
        };
        let meta = workbook::ReportMeta {
            title: s.title.unwrap_or_else(|| "Lifecircle".into()),
            date: s.date.unwrap_or_else(today),
            sources: s.sources,
            crs: crs_of(s.crs.as_deref())?,
            scenario: s.scenario.unwrap_or_else(|| match lang {
                crate::export::Lang::Zh => "现状".into(),
                crate::export::Lang::En => "Baseline".into(),
            }),
            estimated: self.estimated,
            floor_area_per_person: s
                .floor_area_per_person
                .unwrap_or(crate::import::DEFAULT_FLOOR_AREA_PER_PERSON),
            lang,
        };
        let bytes = workbook::workbook(&workbook::WorkbookInput {
            plan: &self.inner,
            summary: &summary,
            residents: &residents,
            comparison: comparison.as_ref(),
            uncovered_limit: workbook::UNCOVERED_LIMIT,
            meta: &meta,
        })
        .map_err(|e| js_err(format!("workbook: {e}")))?;
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

impl Planner {
    /// Forgets the baseline's figures (residents, kinds, streets or metric changed).
    pub(super) fn baseline_stale(&self) {
        if let Some(b) = self.baseline.borrow_mut().as_mut() {
            b.figures = None;
        }
    }

    fn comparison(&self, spec: &CompareSpec) -> Result<Comparison, JsError> {
        let mut guard = self.baseline.borrow_mut();
        let b = guard
            .as_mut()
            .ok_or_else(|| js_err("no baseline to compare with: call setBaseline first"))?;
        if b.figures.is_none() {
            let mut plan = self.inner.clone();
            let records: Vec<StationRecord> = b.stations.iter().map(|(_, r)| r.clone()).collect();
            let ids = plan.load_stations(&records);
            let summary = match self.metric {
                Metric::Straight => plan.summary(),
                Metric::Network => {
                    let net = self.network()?;
                    crate::network::network_summary(&plan, net.as_ref().expect("built")).0
                }
            };
            let keys = ids
                .into_iter()
                .zip(b.stations.iter().map(|(k, _)| *k))
                .collect();
            b.figures = Some((summary, keys));
        }
        let (base, base_keys) = b.figures.as_ref().expect("computed");
        let (current, _) = self.current_summary()?;
        let keys: HashMap<StationId, u32> = spec.keys.iter().copied().collect();
        let name = spec.name.clone().unwrap_or_else(|| "方案".into());
        let base_name = spec.baseline_name.as_ref().unwrap_or(&b.name);
        Ok(scenario::compare(
            (base_name, &name),
            base,
            base_keys,
            &current,
            &keys,
        ))
    }
}
