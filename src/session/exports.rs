//! A session's exports under its metric: the report CSV, stations and residents as GeoJSON and as
//! zipped Shapefiles, and the coverage workbook (with a comparison and a siting suggestion when
//! given).

use super::{Session, SessionError};
use crate::crs::Crs;
use crate::export::features::{ResidentTable, StationTable};
use crate::export::shapefile::point_shapefile;
use crate::export::{self, Lang};
use crate::report::{Coverage, KindView};
use crate::scenario::Comparison;
use crate::siting::SuggestResult;
use crate::workbook::{self, ReportMeta, WorkbookInput};

impl Session {
    /// The coverage report as CSV (BOM, headers in `lang`).
    pub fn report_csv(&mut self, lang: Lang) -> Result<String, SessionError> {
        Ok(export::report_csv(&self.summary_brief()?, lang))
    }

    /// Live stations as GeoJSON with their served figures, coordinates in `crs`, property names
    /// in `lang`.
    pub fn stations_geojson(&mut self, crs: Crs, lang: Lang) -> Result<String, SessionError> {
        let summary = self.summary_brief()?;
        Ok(export::stations_geojson(&self.plan, &summary, crs, lang))
    }

    /// Residents as GeoJSON with their coverage fields (walks, detours and reachability when
    /// walking), coordinates in `crs`, property names in `lang`.
    pub fn residents_geojson(&mut self, crs: Crs, lang: Lang) -> Result<String, SessionError> {
        let view = self.view()?;
        Ok(export::residents_geojson(view.plan(), &view, crs, lang))
    }

    /// [`Session::residents_geojson`] handed to `out` in pieces of about `piece` bytes.
    pub fn residents_geojson_pieces(
        &mut self,
        crs: Crs,
        lang: Lang,
        piece: usize,
        out: &mut dyn FnMut(String),
    ) -> Result<(), SessionError> {
        let view = self.view()?;
        export::residents_geojson_pieces(view.plan(), &view, crs, lang, piece, out);
        Ok(())
    }

    /// Live stations as a zipped point Shapefile with the GeoJSON's fields (short `.dbf` names
    /// and their `.fields.csv`), coordinates in `crs` with its `.prj`, names in `lang`.
    pub fn stations_shapefile(&mut self, crs: Crs, lang: Lang) -> Result<Vec<u8>, SessionError> {
        let summary = self.summary_brief()?;
        let table = StationTable::new(&self.plan, &summary, crs, lang);
        let layer = match lang {
            Lang::En => "stations",
            Lang::Zh => "站点",
        };
        point_shapefile(&table, layer, crs, lang).map_err(SessionError::Shapefile)
    }

    /// Residents as a zipped point Shapefile with the GeoJSON's fields, as
    /// [`Session::stations_shapefile`].
    pub fn residents_shapefile(&mut self, crs: Crs, lang: Lang) -> Result<Vec<u8>, SessionError> {
        let view = self.view()?;
        let table = ResidentTable::new(view.plan(), &view, crs, lang);
        let layer = match lang {
            Lang::En => "residents",
            Lang::Zh => "居民点",
        };
        point_shapefile(&table, layer, crs, lang).map_err(SessionError::Shapefile)
    }

    /// The residents as a compact binary block (typed columns, file order; read back by
    /// [`crate::import::read_residents`]): what autosaves and project files keep.
    pub fn residents_binary(&self) -> Vec<u8> {
        export::residents_binary(&self.plan, self.estimated)
    }

    /// The coverage workbook (.xlsx bytes) of the plan, with `comparison` (made by
    /// [`Session::compare`] or [`Session::propose`]) and `siting` (a suggestion made for this
    /// plan, as its own sheet) when given. `meta.estimated` is the session's.
    pub fn workbook(
        &mut self,
        mut meta: ReportMeta,
        comparison: Option<&Comparison>,
        siting: Option<&SuggestResult>,
    ) -> Result<Vec<u8>, SessionError> {
        meta.estimated = self.estimated;
        // The JSON report's figures: distance percentiles, and the network's when walking.
        let (summary, network) = self.summary()?;
        let view = self.view()?;
        let residents: Vec<KindView> = (0..summary.kinds.len())
            .map(|k| view.kind_view(k))
            .collect();
        workbook::workbook(&WorkbookInput {
            plan: view.plan(),
            summary: &summary,
            residents: &residents,
            comparison,
            network: network.as_ref(),
            uncovered_limit: workbook::UNCOVERED_LIMIT,
            siting,
            meta: &meta,
        })
        .map_err(|e| SessionError::Workbook(e.to_string()))
    }
}
