//! The JavaScript API: a thin facade over [`Session`](crate::Session) that converts types and
//! errors and owns no logic. One file a topic: the planner (`planner.rs`), per-resident arrays
//! (`residents.rs`), siting (`siting.rs`), OpenStreetMap (`osm.rs`), reports and exports
//! (`exports.rs`); this file holds the conversions they share and the free functions.
//!
//! Every method returns `Result<_, JsError>`, so a Rust error reaches JS as a thrown `Error` whose
//! message says what and where. Bulk per-resident results are typed arrays; options objects are
//! read into serde structs, and a key a struct does not have is refused (a typo would otherwise be
//! ignored).

// The facade never panics on what JS gives it: no unwrap or expect, only errors.
#![deny(clippy::unwrap_used, clippy::expect_used)]

mod boundaries;
mod disaggregate;
mod exports;
mod kinds;
mod osm;
mod planner;
mod residents;
mod siting;

pub use planner::Planner;

use crate::crs::Crs;
use crate::demo::{generate, DemoConfig};
use crate::error::{clip, Localized, MAX_MESSAGE_CHARS};
use crate::import::ByteSource;
use crate::kinds::KindTable;
use crate::kinds::LIFE_CIRCLE_TIERS;
use crate::lang::Lang;
use crate::session::FileData;
use js_sys::{Float64Array, Uint8Array};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The option and result types of the functions below, as TypeScript (`types.d.ts`), appended to
/// the generated declarations.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A JS `Error` with `message`, clipped to [`MAX_MESSAGE_CHARS`] (a message may quote the input).
fn js_error(message: &str) -> JsError {
    JsError::new(&clip(message, MAX_MESSAGE_CHARS))
}

/// The message of a value JS threw.
fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}

/// Runs when the module is instantiated: a Rust panic then reaches JS as a thrown `Error` whose
/// message starts `lifecircle engine panic:` and says what and where, instead of an anonymous
/// `unreachable` trap. The instance must be taken as broken after one (an edit may be half done);
/// the app replaces its engine worker and restores the last autosave.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        wasm_bindgen::throw_str(&clip(
            &format!("lifecircle engine panic: {info}"),
            MAX_MESSAGE_CHARS,
        ))
    }));
}

fn js_err(e: impl Localized) -> JsError {
    js_error(&e.localized(message_lang()))
}

/// Whether error messages are Chinese (the module's language; English until set).
static CHINESE: AtomicBool = AtomicBool::new(false);

/// The language error messages are given in.
fn message_lang() -> Lang {
    if CHINESE.load(Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Sets the language of error messages, `zh` or `en` (English until set): the same facts — file,
/// line, column — in the page's language (`第 5 行「人口」列：“约800”不是数字`).
#[wasm_bindgen(js_name = setMessageLanguage)]
pub fn set_message_language(lang: &str) -> Result<(), JsError> {
    let l: Lang = lang
        .parse()
        .map_err(|e: crate::lang::UnknownLang| js_error(&e.to_string()))?;
    CHINESE.store(l == Lang::Zh, Ordering::Relaxed);
    Ok(())
}

/// Errors from outside the crate: English only.
impl Localized for serde_wasm_bindgen::Error {}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_err)
}

/// Reads an options object into `T` (absent or null: its default), refusing keys `T` does not
/// have.
fn from_js<T: for<'de> Deserialize<'de> + Default>(v: JsValue, what: &str) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    check_keys(&v, what, field_names::<T>())?;
    serde_wasm_bindgen::from_value(v).map_err(|e| js_error(&format!("bad {what}: {e}")))
}

/// Refuses keys of an options object that are not in `keys`.
fn check_keys(v: &JsValue, what: &str, keys: &[&str]) -> Result<(), JsError> {
    if let Some(o) = v.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(o).iter().filter_map(|k| k.as_string()) {
            if !keys.contains(&key.as_str()) {
                return Err(js_error(&format!(
                    "bad {what}: unknown key '{key}'; expected one of {}",
                    keys.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// The field names of a serde struct, as its `Deserialize` implementation declares them (so the
/// keys an options object may have are written once, in the struct).
fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Capture<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Capture<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("fields captured"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut fields));
    fields
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
    Err(js_error(&format!(
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

/// A coordinate system by name (absent: WGS-84).
fn crs_of(name: Option<&str>) -> Result<Crs, JsError> {
    name.map(|c| c.parse::<Crs>().map_err(js_err))
        .transpose()
        .map(Option::unwrap_or_default)
}

/// A coordinate system's name as `crs` options take it (`epsg:4549`) and its title in the
/// message language (`EPSG:4549 CGCS2000 高斯-克吕格 3度带 中央经线 120°E…`): `{name, title,
/// projected}`; an error naming the systems there are when `crs` is none.
#[wasm_bindgen(js_name = crsInfo, unchecked_return_type = "CrsInfo")]
pub fn crs_info(crs: &str) -> Result<JsValue, JsError> {
    let c: Crs = crs.parse().map_err(js_err)?;
    #[derive(serde::Serialize)]
    struct Info {
        name: String,
        title: String,
        projected: bool,
    }
    to_js(&Info {
        name: c.name(),
        title: c.title(message_lang() == Lang::Zh),
        projected: c.is_projected(),
    })
}

/// A Shapefile's files given one by one, `[{name, bytes}]` (`.shp`, `.dbf`, and any of `.shx`,
/// `.prj`, `.cpg`), as the zip `loadResidents`/`loadStations` read.
#[wasm_bindgen(js_name = packShapefile)]
pub fn pack_shapefile(
    #[wasm_bindgen(unchecked_param_type = "ShapefilePart[]")] files: js_sys::Array,
) -> Result<Uint8Array, JsError> {
    let mut out = Vec::new();
    for f in files.iter() {
        let get =
            |k: &str| js_sys::Reflect::get(&f, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let name = get("name").as_string().unwrap_or_default();
        let bytes = get("bytes")
            .dyn_into::<Uint8Array>()
            .map_err(|_| js_error("packShapefile: bytes must be a Uint8Array"))?;
        out.push((name, bytes.to_vec()));
    }
    let zip = crate::import::shapefile::pack(&out).map_err(js_err)?;
    Ok(Uint8Array::from(&zip[..]))
}

/// The sheets of an Excel workbook (`.xlsx`, `.xls`), in order; an empty list when the bytes are
/// no workbook (a CSV or GeoJSON file).
#[wasm_bindgen(js_name = sheetNames)]
pub fn sheet_names(data: &Uint8Array) -> Result<Vec<String>, JsError> {
    let bytes = data.to_vec();
    if !crate::import::workbook::is_workbook(&bytes) {
        return Ok(Vec::new());
    }
    crate::import::workbook::sheet_names(&bytes).map_err(js_err)
}

/// The walking-speed profiles a radius may be given with (`10min@elderly`, `setKind({minutes,
/// speed: 'elderly'})`): id, names, metres a second, source, and whether it was checked.
#[wasm_bindgen(js_name = walkingSpeeds, unchecked_return_type = "SpeedProfile[]")]
pub fn walking_speeds() -> Result<JsValue, JsError> {
    to_js(&crate::speeds::speed_profiles())
}

/// The GB 50180-2018 life-circle tiers: `[{id, label, minutes, radius_m}]`.
#[wasm_bindgen(js_name = lifeCircleTiers, unchecked_return_type = "LifeCircleTier[]")]
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
        return Err(js_error(&format!(
            "geodesicCircle: bad centre ({lon}, {lat})"
        )));
    }
    if !(radius_m.is_finite() && radius_m > 0.0) {
        return Err(js_error(&format!(
            "geodesicCircle: radius {radius_m} must be positive"
        )));
    }
    Ok(Float64Array::from(
        crate::export::geodesic_circle(lon, lat, radius_m, segments.min(1024)).as_slice(),
    ))
}

#[derive(serde::Deserialize, Default)]
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

/// The synthetic demo district as files: `{name, synthetic: true, residents, stations, boundaries,
/// basemap}` (CSV, CSV, GeoJSON, GeoJSON). Options: `{seed, residents, stations}`.
#[wasm_bindgen(js_name = demoFiles, unchecked_return_type = "DemoFiles")]
pub fn demo_files(
    #[wasm_bindgen(unchecked_optional_param_type = "DemoOptions | null")] options: JsValue,
) -> Result<JsValue, JsError> {
    let spec: DemoSpec = from_js(options, "demo options")?;
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
