//! Street, community and grid boundaries in a session: polygons read from a file become the units
//! of their level (re-applied when residents change), what the summary says of them, and their
//! polygons as one GeoJSON layer for the map and the project file.

use super::{FileData, Session, SessionError};
use crate::admin::Level;
use crate::boundaries::{read_boundaries, Boundaries, Unassigned};
use crate::import::ImportOptions;
use crate::report::Summary;
use serde::Serialize;

/// What loading one level's boundaries did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BoundaryLoad {
    /// The level (`street`, `community`, `grid`).
    pub level: &'static str,
    /// The file they came from.
    pub source: String,
    /// Polygons read.
    pub polygons: usize,
    /// Residents (rows) no polygon holds, and their population.
    pub unassigned: Unassigned,
}

impl Session {
    /// Reads `level`'s boundary polygons from a GeoJSON or Shapefile file (the name from
    /// `name_field` or the level's usual names) and uses them as that level's units, as
    /// [`Session::set_boundaries`]. Nothing changes on error.
    pub fn read_boundaries(
        &mut self,
        data: &FileData,
        options: &ImportOptions,
        level: Level,
        name_field: Option<&str>,
    ) -> Result<BoundaryLoad, SessionError> {
        let b = read_boundaries(data.bytes(), options, level, name_field)?;
        let (source, polygons) = (b.source.clone(), b.index.len());
        self.set_boundaries(b);
        let unassigned = self
            .unassigned
            .iter()
            .find(|u| u.level == level.name())
            .cloned()
            .unwrap_or(Unassigned {
                level: level.name(),
                residents: 0,
                population: 0.0,
            });
        Ok(BoundaryLoad {
            level: level.name(),
            source,
            polygons,
            unassigned,
        })
    }

    /// The polygons of every level in use as one GeoJSON FeatureCollection (WGS-84; each feature
    /// `{name, id, level}`), street first: what the map draws and a project file keeps.
    pub fn boundaries_geojson(&self) -> String {
        let features: Vec<&serde_json::Value> = self
            .boundaries
            .iter()
            .filter_map(|b| b.geojson["features"].as_array())
            .flatten()
            .collect();
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string()
    }

    /// Uses `b`'s polygons as the units of its level (instead of boundaries of that level given
    /// before, and of the residents' unit column): each resident's unit there is the polygon it
    /// lies in. Returns the residents no polygon holds.
    pub fn set_boundaries(&mut self, b: Boundaries) -> usize {
        self.boundaries.retain(|x| x.level != b.level);
        self.boundaries.push(b);
        self.boundaries.sort_by_key(|x| x.level as u8);
        self.apply_boundaries();
        self.net = None;
        self.baseline_stale();
        self.unassigned.iter().map(|u| u.residents).sum()
    }

    /// The boundary polygons in use, by level.
    pub fn boundaries(&self) -> &[Boundaries] {
        &self.boundaries
    }

    /// Re-derives the residents' units at the boundary levels from the polygons.
    pub(super) fn apply_boundaries(&mut self) {
        if self.boundaries.is_empty() {
            self.unassigned.clear();
            return;
        }
        let (table, unassigned) =
            crate::boundaries::assign(&self.plan, self.estimated, &self.boundaries);
        self.plan.load_residents(table);
        self.unassigned = unassigned;
    }

    /// What the summary says of the boundaries in use.
    pub(super) fn with_boundaries(&self, mut s: Summary) -> Summary {
        s.boundaries = self
            .boundaries
            .iter()
            .map(|b| crate::report::BoundaryFigures {
                level: b.level.name(),
                units_from: "polygons",
                source: b.source.clone(),
                polygons: b.index.len(),
            })
            .collect();
        s.unassigned = self.unassigned.clone();
        s
    }
}
