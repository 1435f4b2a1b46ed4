//! Reads CSV/TSV rows into records: delimiter sniffing, header mapping, 1-based line numbers;
//! and small tables (census totals, standards) read whole as trimmed text cells.

use super::csv_split::Splitter;
use super::fields::{Field, FIELD_COUNT};
use super::limits::{grouped, MAX_COLUMNS, MAX_HEADER_BYTES};
use super::Record;
use crate::error::{ImportError, Location};
use std::borrow::Cow;

/// A small table read whole (thousands of rows at most): its header and its non-blank rows, every
/// cell trimmed, each row with the line it starts on.
pub(crate) struct SmallTable {
    /// Header cells.
    pub header: Vec<String>,
    /// `(line, cells)` of each row that is not blank.
    pub rows: Vec<(u64, Vec<String>)>,
}

impl SmallTable {
    /// Reads `text` (the delimiter sniffed from its first line): at most [`MAX_COLUMNS`] columns;
    /// past `max_rows` rows, `too_many(line)` is the error.
    pub fn read(
        text: &str,
        max_rows: usize,
        too_many: impl Fn(u64) -> ImportError,
    ) -> Result<SmallTable, ImportError> {
        let delim = sniff_delimiter(text.lines().next().unwrap_or(""));
        let mut split = Splitter::new(text, delim);
        let mut fields = Vec::new();
        split.next_record(&mut fields)?;
        let trimmed = |f: &[Cow<'_, str>]| f.iter().map(|c| c.trim().to_string()).collect();
        let header: Vec<String> = trimmed(&fields);
        if header.len() > MAX_COLUMNS {
            return Err(ImportError::new(
                Location::Line(1),
                None,
                format!("has {} columns, at most {MAX_COLUMNS}", header.len()),
            )
            .zh(format!("有 {} 列，最多 {MAX_COLUMNS} 列", header.len())));
        }
        let mut rows = Vec::new();
        while let Some(line) = split.next_record(&mut fields)? {
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if rows.len() >= max_rows {
                return Err(too_many(line));
            }
            rows.push((line, trimmed(&fields)));
        }
        Ok(SmallTable { header, rows })
    }

    /// Cell `c` of a row (empty where the row is short).
    pub fn cell(row: &[String], c: usize) -> &str {
        row.get(c).map(String::as_str).unwrap_or("")
    }
}

pub(crate) fn sniff_delimiter(first_line: &str) -> char {
    let count = |c: char| first_line.matches(c).count();
    let candidates = [
        (',', count(',')),
        ('\t', count('\t')),
        (';', count(';')),
        ('|', count('|')),
    ];
    candidates
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| *d)
        .unwrap_or(',')
}

/// `str::trim`, decoding only the end characters in the common case of nothing to trim.
#[inline]
fn trim(s: &str) -> &str {
    // Printable ASCII at both ends: nothing to trim (no whitespace is above b' ' and below 0x7F).
    if let (Some(&a), Some(&b)) = (s.as_bytes().first(), s.as_bytes().last()) {
        if (b'!'..0x7F).contains(&a) && (b'!'..0x7F).contains(&b) {
            return s;
        }
    }
    let t = s.trim_ascii();
    match (t.chars().next(), t.chars().next_back()) {
        (Some(a), Some(b)) if !a.is_whitespace() && !b.is_whitespace() => t,
        _ => t.trim(),
    }
}

/// A CSV file's header: the delimiter and which column holds each field.
pub struct CsvHeader {
    delim: char,
    columns: [Option<usize>; FIELD_COUNT],
    names: [Option<String>; FIELD_COUNT],
    /// Columns that are no known field (extra data such as 老年人口), by header.
    unknown: Vec<(usize, String)>,
}

/// Calls `visit` for each data row. `required` lists fields that must have a column, each as a set
/// of alternatives (e.g. population *or* households).
pub fn for_each(
    text: &str,
    required: &[&[Field]],
    visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let (header, used, line) = CsvHeader::read(text, required)?;
    header.rows(&text[used..], line, true, visit)?;
    Ok(())
}

impl CsvHeader {
    /// Reads the header row at the start of `text`. Returns it, the bytes it took and the line
    /// the data starts on.
    pub fn read(text: &str, required: &[&[Field]]) -> Result<(CsvHeader, usize, u64), ImportError> {
        let head = &text.as_bytes()[..text.len().min(MAX_HEADER_BYTES + 1)];
        let header_end = head.iter().position(|&b| b == b'\n').unwrap_or(text.len());
        if header_end > MAX_HEADER_BYTES {
            return Err(ImportError::new(
                Location::Line(1),
                None,
                format!(
                    "the header row is longer than {} MiB: is this a CSV file with a header such as 经度,纬度,人口?",
                    MAX_HEADER_BYTES >> 20
                ),
            )
            .zh(format!(
                "表头行超过 {} MiB：这是带表头（如 经度,纬度,人口）的 CSV 文件吗？",
                MAX_HEADER_BYTES >> 20
            )));
        }
        let first_line = text[..header_end].trim_end_matches('\r');
        let delim = sniff_delimiter(first_line);
        let mut split = Splitter::new(text, delim);
        let mut record: Vec<Cow<str>> = Vec::new();
        if split.next_record(&mut record)?.is_none() {
            return Err(ImportError::new(
                Location::File,
                None,
                "is empty: expected a header row such as 经度,纬度,人口",
            )
            .zh("文件为空：需要表头行，如 经度,纬度,人口"));
        }
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::new(
                Location::Line(1),
                None,
                format!(
                    "has {} columns; at most {} are read: remove the columns that are not needed",
                    grouped(record.len()),
                    grouped(MAX_COLUMNS)
                ),
            )
            .zh(format!(
                "有 {} 列，最多读取 {} 列：请删去不需要的列",
                grouped(record.len()),
                grouped(MAX_COLUMNS)
            )));
        }
        let mut columns: [Option<usize>; FIELD_COUNT] = [None; FIELD_COUNT];
        let mut names: [Option<String>; FIELD_COUNT] = Default::default();
        let mut headers = Vec::new();
        let mut unknown: Vec<(usize, String)> = Vec::new();
        for (i, raw) in record.iter().enumerate() {
            let h = raw.trim().trim_start_matches('\u{feff}').to_string();
            match Field::from_header(&h) {
                Some(f) if columns[f.index()].is_none() => {
                    columns[f.index()] = Some(i);
                    names[f.index()] = Some(h.clone());
                }
                Some(_) => {}
                None if !h.is_empty() => unknown.push((i, h.clone())),
                None => {}
            }
            headers.push(h);
        }
        for alternatives in required {
            if alternatives.iter().all(|f| columns[f.index()].is_none()) {
                let wanted: Vec<&str> = alternatives.iter().map(|f| f.display()).collect();
                let wanted_zh: Vec<&str> = alternatives.iter().map(|f| f.display_zh()).collect();
                return Err(ImportError::new(
                    Location::Line(1),
                    None,
                    format!(
                        "missing column {}; the header has: {}",
                        wanted.join(" or "),
                        headers.join(", ")
                    ),
                )
                .zh(format!(
                    "缺少「{}」列；表头为：{}",
                    wanted_zh.join("」或「"),
                    headers.join(", ")
                )));
            }
        }
        let header = CsvHeader {
            delim,
            columns,
            names,
            unknown,
        };
        Ok((header, split.offset(), split.line()))
    }

    /// Calls `visit` for each data row of `text`, which starts on line `line`. When `text` is not
    /// the `last` piece of the file (it then ends at a line end), a record it does not hold whole
    /// is left: returns the bytes read and the line the rest starts on.
    pub fn rows(
        &self,
        text: &str,
        line: u64,
        last: bool,
        visit: &mut dyn FnMut(&Record) -> Result<(), ImportError>,
    ) -> Result<(usize, u64), ImportError> {
        let mut split = Splitter::piece(text, self.delim, line, last);
        let mut record: Vec<Cow<str>> = Vec::new();
        while let Some(line) = split.next_record(&mut record)? {
            if record.iter().all(|f| trim(f).is_empty()) {
                continue;
            }
            let mut values: [Option<&str>; FIELD_COUNT] = [None; FIELD_COUNT];
            for (f, col) in self.columns.iter().enumerate() {
                if let Some(field) = col.and_then(|c| record.get(c)) {
                    let s = trim(field);
                    if !s.is_empty() {
                        values[f] = Some(s);
                    }
                }
            }
            let extra: Vec<(&str, &str)> = self
                .unknown
                .iter()
                .filter_map(|(c, h)| Some((h.as_str(), trim(record.get(*c)?))))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            visit(&Record {
                location: Location::Line(line),
                point: None,
                values,
                names: &self.names,
                extra: &extra,
            })?;
        }
        Ok((split.offset(), split.line()))
    }
}
