//! Reading a large residents CSV a piece at a time from a byte source, so that a browser's file
//! is never copied whole into the engine's memory.
//!
//! The result is the same as [`read_residents`] on the whole file, errors included: pieces are
//! taken as UTF-8 while they are valid UTF-8, and as soon as one is not (or when an error is found
//! and the rest of the file turns out not to be UTF-8) the file is read again whole, which then
//! decodes it as GBK. GeoJSON, UTF-16 and small files go straight to the whole-file reader.

use super::csv_records::CsvHeader;
use super::options::{Format, ImportOptions};
use super::record::{empty_file, no_rows, text_start};
use super::residents::{read_residents, read_residents_with};
use crate::error::{ImportError, Location};
use crate::tables::ResidentTable;

/// A file's bytes, readable a piece at a time.
pub trait ByteSource {
    /// Length in bytes.
    fn len(&self) -> usize;
    /// True when there are no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Copies the bytes from `start` on into `out` (which it fills).
    fn read(&self, start: usize, out: &mut [u8]);
}

impl ByteSource for &[u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn read(&self, start: usize, out: &mut [u8]) {
        out.copy_from_slice(&self[start..start + out.len()]);
    }
}

/// Bytes read at a time.
pub const PIECE: usize = 1 << 20;

/// [`read_residents`] on a source read `PIECE` (1 MiB) bytes at a time; `progress(done, total)` is called
/// with the bytes read so far after each piece.
pub fn read_residents_from(
    src: &dyn ByteSource,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ResidentTable, ImportError> {
    let total = src.len();
    let whole = || {
        let mut bytes = vec![0; total];
        src.read(0, &mut bytes);
        read_residents(&bytes, options)
    };
    if total <= 2 * PIECE || options.format == Format::Geojson {
        return whole();
    }
    let mut first = vec![0; PIECE];
    src.read(0, &mut first);
    let body = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&first);
    let utf16 = first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF");
    let json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if utf16
        || (json && options.format == Format::Auto)
        || super::is_residents_binary(&first)
        || super::workbook::is_workbook(&first)
        || super::shapefile::is_zipped_shapefile(&first)
    {
        return whole();
    }
    let mut reader = Pieces {
        src,
        total,
        buf: first,
        read: PIECE,
        not_utf8: false,
    };
    let rows = reader.estimated_rows();
    let result = read_residents_with(options, rows, &mut |required, visit| {
        let mut header: Option<CsvHeader> = None;
        let mut line = 1;
        let mut count = 0usize;
        loop {
            let (cut, last) = reader.cut();
            let Ok(text) = std::str::from_utf8(&reader.buf[..cut]) else {
                reader.not_utf8 = true;
                return Err(
                    ImportError::new(Location::File, None, "is not UTF-8").zh("不是 UTF-8 编码")
                );
            };
            let mut used = 0;
            if header.is_none() {
                let trimmed = text_start(text);
                if trimmed.is_empty() && !last {
                    reader.consume(cut);
                    reader.more();
                    continue;
                }
                if trimmed.is_empty() {
                    return Err(empty_file());
                }
                used = text.len() - trimmed.len();
                let (h, took, next) = CsvHeader::read(trimmed, required)?;
                used += took;
                line = next;
                header = Some(h);
            }
            let h = header.as_ref().expect("read above");
            let (took, next) = h.rows(&text[used..], line, last, &mut |r| {
                count += 1;
                visit(r)
            })?;
            used += took;
            line = next;
            if last {
                break;
            }
            reader.consume(used);
            progress(reader.read - reader.buf.len(), total);
            reader.more();
        }
        if count == 0 {
            return Err(no_rows());
        }
        Ok(())
    });
    match result {
        Ok(table) => {
            progress(total, total);
            Ok(table)
        }
        Err(_) if reader.not_utf8 => whole(),
        // The whole-file reader would have decoded a file that is not UTF-8 as GBK.
        Err(_) if !reader.rest_is_utf8() => whole(),
        Err(e) => Err(e),
    }
}

/// The piece-by-piece state: the unread tail of what was copied, and how far the copying got.
struct Pieces<'a> {
    src: &'a dyn ByteSource,
    total: usize,
    /// Bytes copied but not yet parsed.
    buf: Vec<u8>,
    /// Bytes copied from the source so far.
    read: usize,
    /// Set when a piece was not UTF-8.
    not_utf8: bool,
}

impl Pieces<'_> {
    /// Copies the next piece onto the end of the buffer.
    fn more(&mut self) {
        let take = PIECE.min(self.total - self.read);
        let old = self.buf.len();
        self.buf.resize(old + take, 0);
        self.src.read(self.read, &mut self.buf[old..]);
        self.read += take;
    }

    /// Where the buffer's whole lines end (copying more pieces until it holds a line end, or the
    /// file's end), and whether that is the end of the file.
    fn cut(&mut self) -> (usize, bool) {
        loop {
            if self.read == self.total {
                return (self.buf.len(), true);
            }
            if let Some(p) = self.buf.iter().rposition(|&b| b == b'\n') {
                return (p + 1, false);
            }
            self.more();
        }
    }

    /// Drops the first `n` bytes of the buffer (parsed).
    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
    }

    /// The file's rows, estimated from the lines of the first piece.
    fn estimated_rows(&self) -> usize {
        let lines = self.buf.iter().filter(|&&b| b == b'\n').count().max(1);
        let per_line = self.buf.len() as f64 / lines as f64;
        (self.total as f64 / per_line * 1.02) as usize + 16
    }

    /// Whether everything not yet parsed is UTF-8 (checked a piece at a time, each cut at a line
    /// end, which in UTF-8 is always between characters).
    fn rest_is_utf8(&mut self) -> bool {
        loop {
            let (cut, last) = self.cut();
            if std::str::from_utf8(&self.buf[..cut]).is_err() {
                return false;
            }
            if last {
                return true;
            }
            self.consume(cut);
            self.more();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::AdminUnit;
    use crate::tables::{PackedStrings, WeightColumn};

    type Columns = (
        Vec<u64>,
        Vec<u64>,
        Vec<u64>,
        Vec<[crate::admin::UnitIndex; 3]>,
        Vec<AdminUnit>,
        PackedStrings,
        Vec<WeightColumn>,
    );

    fn columns(t: ResidentTable) -> Columns {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect();
        (
            bits(&t.lon),
            bits(&t.lat),
            bits(&t.population),
            t.units,
            t.admin.all().to_vec(),
            t.names,
            t.weights,
        )
    }

    /// Reads `bytes` both ways: the same table or the same error, and progress that climbs to
    /// the total.
    fn both(bytes: &[u8]) -> Result<ResidentTable, String> {
        both_with(bytes, true)
    }

    /// [`both`]; `pieces`: whether a large file is expected to be read in pieces (with progress).
    fn both_with(bytes: &[u8], pieces: bool) -> Result<ResidentTable, String> {
        let options = ImportOptions {
            source: Some("big.csv".into()),
            ..ImportOptions::default()
        };
        let mut seen = Vec::new();
        let piecewise = read_residents_from(&bytes, &options, &mut |done, total| {
            assert_eq!(total, bytes.len());
            seen.push(done);
        });
        let whole = read_residents(bytes, &options);
        match (&piecewise, &whole) {
            (Ok(a), Ok(b)) => {
                assert_eq!(columns(a.clone()), columns(b.clone()));
                assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
                if bytes.len() > 2 * PIECE && pieces {
                    assert!(
                        seen.len() >= 2 && seen.last() == Some(&bytes.len()),
                        "{seen:?}"
                    );
                }
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!(
                "piecewise {:?} vs whole {:?}",
                piecewise.map(|t| t.len()),
                whole.map(|t| t.len())
            ),
        }
        piecewise.map_err(|e| e.to_string())
    }

    /// A file of `rows` rows (about 90 bytes each) with quoted names that hold commas, quotes
    /// and line breaks, so that records straddle the megabyte cuts.
    fn big(rows: usize, eol: &str) -> String {
        let mut s = String::from("\u{feff}经度,纬度,人口,街道,社区,网格,名称,老年人口\n");
        for i in 0..rows {
            let name = match i % 5 {
                0 => format!("\"瑞江小区{i}栋\""),
                1 => format!("\"东门, {i} 号\""),
                2 => format!("\"两行{eol}名字 {i}\""),
                3 => format!("\"说\"\"好\"\" {i}\""),
                _ => format!("楼{i}"),
            };
            s.push_str(&format!(
                "{:.6},{:.6},{},瑞坊街道,春苑社区,第{}网格,{name},{}{eol}",
                118.7 + (i % 1000) as f64 * 1e-4,
                32.0 + (i / 1000) as f64 * 1e-4,
                i % 300,
                i % 17,
                i % 11
            ));
        }
        s
    }

    #[test]
    fn a_large_file_read_in_pieces_equals_the_whole() {
        for eol in ["\n", "\r\n"] {
            let text = big(40_000, eol);
            assert!(text.len() > 3 * PIECE);
            let t = both(text.as_bytes()).unwrap();
            assert_eq!(t.len(), 40_000);
            assert_eq!(t.names.get(2), format!("两行{eol}名字 2"));
            assert_eq!(t.names.get(3), "说\"好\" 3");
            assert_eq!(t.weights[0].name, "老年人口");
        }
        // Small files go whole; the answers agree all the same.
        both(big(100, "\n").as_bytes()).unwrap();
    }

    #[test]
    fn errors_deep_in_a_large_file_name_their_line() {
        let mut text = big(40_000, "\n");
        let at = text.match_indices('\n').nth(35_000).unwrap().0 + 1;
        text.insert_str(at, "118.8,abc,5\n");
        let e = both(text.as_bytes()).unwrap_err();
        assert!(e.contains("big.csv") && e.contains("纬度"), "{e}");
        // A quoted field never closed, past the first megabyte.
        let mut text = big(40_000, "\n");
        let at = text.match_indices('\n').nth(30_000).unwrap().0 + 1;
        text.insert_str(at, "118.8,32.0,5,,,,\"never closed\n");
        let e = both(text.as_bytes()).unwrap_err();
        assert!(
            e.contains("line 3000") && e.contains("malformed CSV"),
            "{e}"
        );
    }

    #[test]
    fn gbk_anywhere_means_the_whole_file_is_gbk() {
        let text = big(40_000, "\n").replace('\u{feff}', "");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let t = both_with(&gbk, false).unwrap();
        assert_eq!(t.len(), 40_000);
        // Plain ASCII (valid UTF-8) for three megabytes, then one GBK name: the file is read again
        // whole, as GBK.
        let ascii: String = text
            .replace(
                "经度,纬度,人口,街道,社区,网格,名称,老年人口",
                "lon,lat,population,street,community,grid,name,elderly",
            )
            .chars()
            .filter(char::is_ascii)
            .collect();
        let mut mixed = ascii.into_bytes();
        let (row, _, _) = encoding_rs::GBK.encode("118.8,32.05,5,,,,测试楼,1\n");
        let at = mixed.len() - 200;
        let at = at + mixed[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        mixed.splice(at..at, row.iter().copied());
        let t = both_with(&mixed, false).unwrap();
        assert!(
            (0..t.len()).any(|i| t.names.get(i) == "测试楼"),
            "{:?}",
            (t.len() - 5..t.len())
                .map(|i| t.names.get(i))
                .collect::<Vec<_>>()
        );
        // …even when a bad row comes before it (the whole-file reader decides the encoding).
        let mut text = big(40_000, "\n");
        let at = text.match_indices('\n').nth(20).unwrap().0 + 1;
        text.insert_str(at, "118.8,abc,5\n");
        let mut bad = text.into_bytes();
        let at = bad.len() - 200;
        let at = at + bad[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bad.splice(at..at, row.iter().copied());
        both_with(&bad, false).unwrap_err();
    }

    #[test]
    fn geojson_and_utf16_go_whole() {
        let mut json = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
        for i in 0..30_000 {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&format!("{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{},32.05]}},\"properties\":{{\"population\":{}}}}}", 118.7 + i as f64 * 1e-6, i % 50));
        }
        json.push_str("]}");
        assert!(json.len() > 2 * PIECE);
        assert_eq!(both_with(json.as_bytes(), false).unwrap().len(), 30_000);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in big(20_000, "\n").encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(both_with(&utf16, false).unwrap().len(), 20_000);
    }
}
