//! OpenStreetMap from JavaScript: the default station rules, and a whole file read into the
//! layers a plan loads.

use super::{file_data, from_js, js_err, js_error, message_lang, reporter, to_js};
use crate::error::Localized;
use crate::osm::{self, OsmCounts, ResidentEstimate, StationRule, StationRules, CATEGORIES};
use crate::osm::{describe, RuleTake};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The default station rules of `importOsm` (`[{tag, kind}]`, first match wins) and the POI
/// categories a rule's tag may name: `{rules, categories: [{id, zh, en, matches}]}` (`matches`:
/// the tags, `shop = mall, department_store; amenity = marketplace`).
#[wasm_bindgen(js_name = osmStationRules, unchecked_return_type = "OsmStationRules")]
pub fn osm_station_rules() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Cat {
        id: &'static str,
        zh: &'static str,
        en: &'static str,
        matches: String,
    }
    #[derive(Serialize)]
    struct Out {
        rules: StationRules,
        categories: Vec<Cat>,
    }
    to_js(&Out {
        rules: StationRules::default(),
        categories: CATEGORIES
            .iter()
            .map(|c| Cat {
                id: c.id,
                zh: c.zh,
                en: c.en,
                matches: describe(c),
            })
            .collect(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RuleCountsOptions {
    rules: Vec<StationRule>,
}

/// How many points of interest of an OpenStreetMap file each of `rules` (`{rules: [{tag,
/// kind}]}`, in order, first match wins, no defaults added) would take: `[{taken, examples}]`, one
/// per rule (`examples`: up to three names). For the rule editor, before the import.
#[wasm_bindgen(js_name = osmRuleCounts, unchecked_return_type = "RuleTake[]")]
pub fn osm_rule_counts(
    #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RuleCountsOptions")] options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let rules = from_js::<RuleCountsOptions>(options, "osmRuleCounts options")?.rules;
    for r in &rules {
        r.check()
            .map_err(|e| js_error(&format!("osmRuleCounts: {}", e.localized(message_lang()))))?;
    }
    let n = rules.len();
    let rules = StationRules(rules);
    let data = file_data(&data, "osmRuleCounts")?;
    let imp = osm::import_osm_reporting(data.bytes(), &rules, &mut reporter(&progress))
        .map_err(|e| js_err(e.in_source("osm")))?;
    let takes: Vec<RuleTake> = imp.rule_takes(n);
    to_js(&takes)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ImportOsmOptions {
    floor_area_per_person: Option<f64>,
    default_levels: Option<f64>,
    floor_ratio: Option<f64>,
    station_rules: Vec<StationRule>,
    default_station_rules: Option<bool>,
}

#[derive(Serialize)]
struct Layers<'a> {
    residents: &'a str,
    stations: &'a str,
    pois: &'a str,
    streets: &'a str,
    counts: OsmCounts,
}

/// Reads an OpenStreetMap file (XML text or bytes, or `.osm.pbf` bytes) into the layers a plan loads:
/// `{residents, stations, pois, streets}` as GeoJSON text (residents estimated from buildings:
/// `floor_area_per_person` m², `default_levels` floors, `floor_ratio` for residential areas without
/// buildings) and `counts {streets, walkable, buildings, residents, stations, pois}`.
/// POIs become stations by `station_rules` (`[{tag, kind}]`, ahead of the defaults unless
/// `default_station_rules: false`; see `osmStationRules`). `progress(bytesRead, totalBytes)`, when
/// given, is called as the file is read.
#[wasm_bindgen(js_name = importOsm, unchecked_return_type = "OsmLayers")]
pub fn import_osm(
    #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImportOsmOptions | null | undefined")] options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsError> {
    let o: ImportOsmOptions = from_js(options, "importOsm options")?;
    for r in &o.station_rules {
        r.check()
            .map_err(|e| js_error(&format!("importOsm: {}", e.localized(message_lang()))))?;
    }
    let rules =
        StationRules::with_defaults(o.station_rules, o.default_station_rules.unwrap_or(true));
    let d = ResidentEstimate::default();
    let est = ResidentEstimate {
        floor_area_per_person: o.floor_area_per_person.unwrap_or(d.floor_area_per_person),
        default_levels: o.default_levels.unwrap_or(d.default_levels),
        area_floor_ratio: o.floor_ratio.unwrap_or(d.area_floor_ratio),
    };
    est.check()
        .map_err(|e| js_error(&format!("importOsm: {e}")))?;
    let data = file_data(&data, "importOsm")?;
    let imp = osm::import_osm_reporting(data.bytes(), &rules, &mut reporter(&progress))
        .map_err(|e| js_err(e.in_source("osm")))?;
    let l = osm::layers(&imp, &est);
    to_js(&Layers {
        residents: &l.residents,
        stations: &l.stations,
        pois: &l.pois,
        streets: &l.streets,
        counts: l.counts,
    })
}
