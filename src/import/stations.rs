//! The stations reader: coordinates, kind (id, label or alias; unknown kinds added when asked)
//! and name.

use super::fields::Field;
use super::options::ImportOptions;
use super::record::{source_name, visit_records};
use super::text;
use crate::error::{ImportError, Location};
use crate::kinds::KindTable;
use crate::tables::StationRecord;

/// Reads stations: coordinates, kind (id, Chinese or English label), optional name.
pub fn read_stations(
    bytes: &[u8],
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<Vec<StationRecord>, ImportError> {
    text::read_table(bytes, options, "stations", |text, o| {
        read_stations_text(text, o, kinds)
    })
}

/// [`read_stations`] for text already decoded.
pub fn read_stations_text(
    text: &str,
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<Vec<StationRecord>, ImportError> {
    read_stations_with_new_kinds(text, options, kinds).map(|(records, _)| records)
}

/// [`read_stations_text`] that also returns the kind table the records index into: `kinds` plus,
/// when [`ImportOptions::new_kind_radius_m`] is set, the kinds the file named that it did not know
/// (appended in order of first appearance, labelled with the file's own value).
pub fn read_stations_with_new_kinds(
    text: &str,
    options: &ImportOptions,
    kinds: &KindTable,
) -> Result<(Vec<StationRecord>, KindTable), ImportError> {
    let mut table = kinds.clone();
    let source = source_name(options, "stations");
    if let Some(r) = options.new_kind_radius_m {
        crate::kinds::check_radius(r).map_err(|e| {
            ImportError::from_localized(Location::File, None, &e).in_source(&source)
        })?;
    }
    let default_kind = match &options.kind {
        Some(k) => Some(kinds.resolve(k).ok_or_else(|| {
            ImportError::new(
                Location::File,
                None,
                format!(
                    "unknown default kind '{k}'; known kinds: {}",
                    kinds.known_names()
                ),
            )
            .zh(format!(
                "未知的缺省设施类型“{k}”；已有类型：{}",
                kinds.known_names()
            ))
            .in_source(&source)
        })?),
        None => None,
    };
    let mut out = Vec::new();
    let required: &[&[Field]] = if default_kind.is_some() {
        &[&[Field::Lon], &[Field::Lat]]
    } else {
        &[&[Field::Lon], &[Field::Lat], &[Field::Kind]]
    };
    // A header with no rows is a plan with no stations yet (the first stations of a district).
    visit_records(text, options, required, &mut |r| {
        let (lon, lat) = r.point(options.crs)?;
        let mapped = r.get(Field::Kind).map(|k| options.map_kind(k));
        let kind = match (mapped, default_kind) {
            (Some(k), _) => match (table.resolve(k), options.new_kind_radius_m) {
                (Some(i), _) => i,
                (None, Some(radius)) if !table.is_full() => {
                    table.upsert(k, Some(k), Some(k), radius).map_err(|e| ImportError::from_localized(r.location.clone(), Some(&r.name(Field::Kind)), &e))?.0
                }
                (None, Some(_)) => return Err(r.error(
                    Field::Kind,
                    format!("kind '{k}' would be one too many: a plan holds at most {} kinds (too many kinds); map several tags to one kind", crate::kinds::MAX_KINDS),
                ).zh(format!("类型“{k}”超出上限：一个方案最多 {} 种设施类型；请把几种标签归为同一类型", crate::kinds::MAX_KINDS))),
                _ => return Err(r.error(
                    Field::Kind,
                    format!("unknown kind '{k}'; known kinds: {}. Add a kind first (setKind, or --radius '{k}=800' on the command line)", table.known_names()),
                ).zh(format!("未知的设施类型“{k}”；已有类型：{}。请先添加该类型（命令行用 --radius '{k}=800'）", table.known_names()))),
            },
            (None, Some(k)) => k,
            (None, None) => return Err(r.error(Field::Kind, "is empty: give the station's kind, e.g. 红蜂驿站").zh("为空：请填站点的设施类型，如 红蜂驿站")),
        };
        out.push(StationRecord { kind, lon, lat, name: r.text(Field::Name).to_string() });
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    Ok((out, table))
}

/// The kinds a stations file names, in order of first appearance, with how many stations each
/// (after [`ImportOptions::kind_map`]); coordinates are not checked here.
pub fn station_kind_names(
    text: &str,
    options: &ImportOptions,
) -> Result<Vec<(String, usize)>, ImportError> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let source = source_name(options, "stations");
    visit_records(text, options, &[&[Field::Kind]], &mut |r| {
        if let Some(k) = r.get(Field::Kind).map(|k| options.map_kind(k)) {
            match out.iter_mut().find(|(n, _)| n == k) {
                Some(e) => e.1 += 1,
                None => out.push((k.to_string(), 1)),
            }
        }
        Ok(())
    })
    .map_err(|e| e.in_source(&source))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kinds_become_new_kinds_when_asked() {
        let csv = "lon,lat,kind\n118.8,32.06,school\n118.8,32.07,红蜂驿站\n118.8,32.08,clinic\n118.8,32.09,school\n";
        let kinds = KindTable::default();
        assert!(read_stations(csv.as_bytes(), &ImportOptions::default(), &kinds).is_err());
        let opts = ImportOptions {
            new_kind_radius_m: Some(500.0),
            ..Default::default()
        };
        let (records, table) = read_stations_with_new_kinds(csv, &opts, &kinds).unwrap();
        let n = kinds.len();
        assert_eq!(table.len(), n + 2);
        assert_eq!(table.get(n).id, "school");
        assert_eq!(table.get(n + 1).id, "clinic");
        assert_eq!(table.get(n).radius_m, 500.0);
        let ks: Vec<usize> = records.iter().map(|r| r.kind).collect();
        assert_eq!(
            ks,
            vec![n, kinds.resolve("red_bee_station").unwrap(), n + 1, n]
        );
    }
}
