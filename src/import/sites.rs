//! The candidate-sites reader: coordinates, and the file's own id and name.

use super::fields::Field;
use super::options::ImportOptions;
use super::record::{for_each_record, source_name};
use super::text;
use crate::error::ImportError;
use crate::tables::SiteRecord;

/// Reads candidate sites (e.g. vacant shop fronts): coordinates, optional id and name.
pub fn read_sites(bytes: &[u8], options: &ImportOptions) -> Result<Vec<SiteRecord>, ImportError> {
    text::read_table(bytes, options, "candidates", |text, options| {
        let source = source_name(options, "candidates");
        let mut out = Vec::new();
        for_each_record(text, options, &[&[Field::Lon], &[Field::Lat]], &mut |r| {
            let (lon, lat) = r.point(options.crs)?;
            out.push(SiteRecord {
                lon,
                lat,
                id: r.text(Field::Id).to_string(),
                name: r.text(Field::Name).to_string(),
            });
            Ok(())
        })
        .map_err(|e| e.in_source(&source))?;
        Ok(out)
    })
}
