//! Boundary polygons through the facade: `loadBoundaries` (a level's units from a GeoJSON or
//! Shapefile file) and `boundariesGeoJson` (every level's polygons, for the map and projects).

use super::planner::Planner;
use super::{crs_of, file_data, from_js, js_err, js_error, to_js};
use crate::admin::Level;
use crate::import::ImportOptions;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// `loadBoundaries`' options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct BoundaryOptions {
    /// `street`, `community` or `grid` (or 街道, 社区, 网格).
    level: String,
    /// The property holding each polygon's name (else name, 名称, 社区…).
    name_field: Option<String>,
    /// Coordinate system of a GeoJSON file or of a Shapefile without `.prj`.
    crs: Option<String>,
    /// The file's name, for messages.
    source: Option<String>,
}

#[wasm_bindgen]
impl Planner {
    /// Uses a file's polygons (GeoJSON text/bytes or a zipped Shapefile) as the units of a level,
    /// instead of the residents' unit column and of boundaries of that level loaded before:
    /// `{level, name_field, crs, source}`. Returns `{level, source, polygons, unassigned:
    /// {level, residents, population}}` (the residents no polygon holds). On error the plan is
    /// unchanged.
    #[wasm_bindgen(js_name = loadBoundaries, unchecked_return_type = "BoundaryLoad")]
    pub fn load_boundaries(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "FileInput")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BoundaryOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o: BoundaryOptions = from_js(options, "boundary options")?;
        let level = Level::from_name(&o.level).ok_or_else(|| {
            js_error(&format!(
                "loadBoundaries: level '{}' is not street, community or grid",
                o.level
            ))
        })?;
        let options = ImportOptions {
            crs: crs_of(o.crs.as_deref())?,
            source: Some(o.source.unwrap_or_else(|| "boundaries".into())),
            ..Default::default()
        };
        let data = file_data(&data, "loadBoundaries")?;
        let load = self
            .session
            .read_boundaries(&data, &options, level, o.name_field.as_deref())
            .map_err(js_err)?;
        to_js(&load)
    }

    /// The polygons of every boundary level in use as GeoJSON text (WGS-84; features `{name,
    /// id, level}`).
    #[wasm_bindgen(js_name = boundariesGeoJson)]
    pub fn boundaries_geojson(&self) -> String {
        self.session.boundaries_geojson()
    }
}
