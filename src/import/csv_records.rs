//! Reads CSV/TSV rows into records: delimiter sniffing, header mapping, 1-based line numbers.

use super::fields::{Field, FIELD_COUNT};
use super::Record;
use crate::error::{ImportError, Location};

fn sniff_delimiter(first_line: &str) -> u8 {
    let count = |c: char| first_line.matches(c).count();
    let candidates = [
        (b',', count(',')),
        (b'\t', count('\t')),
        (b';', count(';')),
        (b'|', count('|')),
    ];
    candidates
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

/// Calls `visit` for each data row. `required` lists fields that must have a column, each as a set
/// of alternatives (e.g. population *or* households).
pub fn for_each(
    text: &str,
    required: &[&[Field]],
    visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let first_line = text.lines().next().unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(first_line))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let header_error = |e: csv::Error| {
        ImportError::new(
            Location::Line(1),
            None,
            format!("cannot read the header row: {e}"),
        )
    };
    if !reader.read_byte_record(&mut record).map_err(header_error)? {
        return Err(ImportError::new(
            Location::File,
            None,
            "is empty: expected a header row such as 经度,纬度,人口",
        ));
    }
    let mut columns: [Option<usize>; FIELD_COUNT] = [None; FIELD_COUNT];
    let mut names: [Option<String>; FIELD_COUNT] = Default::default();
    let mut headers = Vec::new();
    for (i, raw) in record.iter().enumerate() {
        let h = String::from_utf8_lossy(raw).trim().to_string();
        if let Some(f) = Field::from_header(&h) {
            if columns[f.index()].is_none() {
                columns[f.index()] = Some(i);
                names[f.index()] = Some(h.clone());
            }
        }
        headers.push(h);
    }
    for alternatives in required {
        if alternatives.iter().all(|f| columns[f.index()].is_none()) {
            let wanted: Vec<&str> = alternatives.iter().map(|f| f.display()).collect();
            return Err(ImportError::new(
                Location::Line(1),
                None,
                format!(
                    "missing column {}; the header has: {}",
                    wanted.join(" or "),
                    headers.join(", ")
                ),
            ));
        }
    }
    let mut values: [Option<&str>; FIELD_COUNT];
    let mut line = 1;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map(|p| p.line()).unwrap_or(line + 1);
                return Err(ImportError::new(
                    Location::Line(at),
                    None,
                    format!("malformed CSV: {e}"),
                ));
            }
        }
        line = record.position().map(|p| p.line()).unwrap_or(line + 1);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        values = [None; FIELD_COUNT];
        for (f, col) in columns.iter().enumerate() {
            if let Some(c) = col {
                if let Some(raw) = record.get(*c) {
                    // The text was decoded to UTF-8 already and the delimiter is ASCII, so each field
                    // is valid UTF-8; the check is cheap and keeps this code free of `unsafe`.
                    let s = std::str::from_utf8(raw).map_err(|_| {
                        ImportError::new(
                            Location::Line(line),
                            names[f].as_deref(),
                            "is not valid text",
                        )
                    })?;
                    let s = s.trim();
                    if !s.is_empty() {
                        values[f] = Some(s);
                    }
                }
            }
        }
        visit(&Record {
            location: Location::Line(line),
            point: None,
            values,
            names: &names,
        })?;
    }
    Ok(())
}
