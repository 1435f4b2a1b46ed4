//! Excel workbooks (`.xlsx`, and `.xls` by the same reader, calamine) as tables: the first sheet
//! or the one chosen, turned into CSV text that the table readers read with their usual header
//! rules (so a number stored as text reads as a number), its rows numbered as Excel numbers them.
//! An `.xlsx` sheet is streamed cell by cell, so a hostile file that names a far-away cell meets
//! the column and row limits, never a sheet-sized allocation.

use super::limits::{grouped, MAX_COLUMNS, MAX_ROWS};
use crate::error::{ImportError, Location};
use calamine::{Data, DataRef, Reader, Xls, Xlsx};
use std::io::Cursor;

/// Whether `bytes` are a workbook: a zip holding `xl/workbook.xml`, or an OLE compound file (.xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    bytes.starts_with(OLE)
        || (bytes.starts_with(b"PK\x03\x04") && contains(bytes, b"xl/workbook.xml"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn bad(en: impl Into<String>, zh: impl Into<String>) -> ImportError {
    ImportError::new(Location::File, None, en).zh(zh)
}

fn unreadable(e: impl std::fmt::Display) -> ImportError {
    bad(
        format!("is not a workbook Lifecircle can read ({e}): save it again from Excel as .xlsx"),
        format!("无法读取该工作簿（{e}）：请在 Excel 中另存为 .xlsx"),
    )
}

/// A workbook of either kind.
enum Book<'a> {
    Xlsx(Box<Xlsx<Cursor<&'a [u8]>>>),
    Xls(Box<Xls<Cursor<&'a [u8]>>>),
}

fn open(bytes: &[u8]) -> Result<Book<'_>, ImportError> {
    if bytes.starts_with(b"PK") {
        // Spreadsheet XML compresses some 10–20 times.
        super::zipped::inflate_limit(bytes, 200, unreadable)?;
        Xlsx::new(Cursor::new(bytes))
            .map(|b| Book::Xlsx(Box::new(b)))
            .map_err(unreadable)
    } else {
        Xls::new(Cursor::new(bytes))
            .map(|b| Book::Xls(Box::new(b)))
            .map_err(unreadable)
    }
}

/// The names of the workbook's sheets, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    Ok(match open(bytes)? {
        Book::Xlsx(b) => b.sheet_names(),
        Book::Xls(b) => b.sheet_names(),
    })
}

/// One cell as CSV: quoted when it holds a separator, a quote or a line break.
fn push_cell(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A number as the shortest text that reads back as the same number.
fn number(v: f64) -> String {
    format!("{v}")
}

/// Writes rows of cells given in row order as CSV, row `r` (0-based) on line `r + 1`: rows
/// missing from the sheet are empty lines, so a line number is the sheet's row number.
struct CsvOut {
    text: String,
    row: u32,
    col: u32,
    started: bool,
}

impl CsvOut {
    fn cell(&mut self, (r, c): (u32, u32), text: &str) -> Result<(), ImportError> {
        if c as usize >= MAX_COLUMNS {
            return Err(bad(
                format!(
                    "has a cell in column {} (at most {} columns are read)",
                    c + 1,
                    grouped(MAX_COLUMNS)
                ),
                format!(
                    "第 {} 列有内容（最多读取 {} 列）",
                    c + 1,
                    grouped(MAX_COLUMNS)
                ),
            ));
        }
        if r as usize > MAX_ROWS + 1 {
            return Err(bad(
                format!("has more than {} rows", grouped(MAX_ROWS)),
                format!("超过 {} 行", grouped(MAX_ROWS)),
            ));
        }
        if !self.started {
            self.started = true;
            self.row = 0;
            self.col = 0;
        }
        while self.row < r {
            self.text.push('\n');
            self.row += 1;
            self.col = 0;
        }
        while self.col < c {
            self.text.push(',');
            self.col += 1;
        }
        push_cell(&mut self.text, text);
        Ok(())
    }
}

fn data_ref_text(v: &DataRef) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        DataRef::DateTime(d) => number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Float(f) => number(*f),
        Data::DateTime(d) => number(d.as_f64()),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        other => other.to_string(),
    }
}

/// The sheet `sheet` (the first when none) as CSV text, and its name. A sheet that does not
/// exist is an error naming those that do.
pub fn sheet_as_csv(bytes: &[u8], sheet: Option<&str>) -> Result<(String, String), ImportError> {
    let mut book = open(bytes)?;
    let names = match &book {
        Book::Xlsx(b) => b.sheet_names(),
        Book::Xls(b) => b.sheet_names(),
    };
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s || n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| {
                bad(
                    format!("has no sheet '{s}'; its sheets: {}", names.join(", ")),
                    format!("没有名为“{s}”的工作表；已有工作表：{}", names.join("、")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad("has no sheet", "没有工作表"))?,
    };
    let mut out = CsvOut {
        text: String::new(),
        row: 0,
        col: 0,
        started: false,
    };
    match &mut book {
        Book::Xlsx(b) => {
            let mut cells = b.worksheet_cells_reader(&name).map_err(unreadable)?;
            while let Some(cell) = cells.next_cell().map_err(unreadable)? {
                let text = data_ref_text(cell.get_value());
                if !text.is_empty() {
                    out.cell(cell.get_position(), &text)?;
                }
            }
        }
        Book::Xls(b) => {
            // An .xls sheet holds at most 65,536 × 256 cells: read whole.
            let range = b.worksheet_range(&name).map_err(unreadable)?;
            for (r, c, v) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let text = data_text(v);
                if !text.is_empty() {
                    out.cell((r0 + r as u32, c0 + c as u32), &text)?;
                }
            }
        }
    }
    if !out.started {
        return Err(bad(
            format!("sheet '{name}' is empty"),
            format!("工作表“{name}”为空"),
        ));
    }
    out.text.push('\n');
    Ok((out.text, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_land_on_their_rows_and_columns() {
        let mut out = CsvOut {
            text: String::new(),
            row: 0,
            col: 0,
            started: false,
        };
        out.cell((0, 0), "经度").unwrap();
        out.cell((0, 2), "名称").unwrap();
        out.cell((3, 1), "a,\"b\"").unwrap();
        assert_eq!(out.text, "经度,,名称\n\n\n,\"a,\"\"b\"\"\"");
        assert!(out.cell((4, 5000), "x").is_err());
    }
}
