//! A small RFC 4180 record splitter over already-decoded text: fields borrow from the text (no
//! copy, no second UTF-8 check) unless they are quoted with `""` escapes.

use crate::error::{ImportError, Location};
use std::borrow::Cow;

/// Splits `text` into records of fields separated by `delim`, with 1-based line numbers.
pub struct Splitter<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    delim: char,
    /// False when `text` is a piece of a longer file: a quoted field still open at its end is
    /// then a record to finish with the next piece, not an error.
    last: bool,
}

impl<'a> Splitter<'a> {
    /// A splitter over the whole of `text`.
    pub fn new(text: &'a str, delim: char) -> Self {
        Splitter::piece(text, delim, 1, true)
    }

    /// A splitter over a piece of a file that starts on line `line` (`last`: the file ends with
    /// it). A piece other than the last must end at a line end.
    pub fn piece(text: &'a str, delim: char, line: u64, last: bool) -> Self {
        Splitter {
            text,
            pos: 0,
            line,
            delim,
            last,
        }
    }

    /// Byte offset just past the last record read (where an unfinished record starts).
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The line the next record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next record into `out` (cleared first). Returns the line it starts on, or `None`
    /// at the end of the text (or, in a piece that is not the last, at a record it does not
    /// hold whole).
    pub fn next_record(&mut self, out: &mut Vec<Cow<'a, str>>) -> Result<Option<u64>, ImportError> {
        out.clear();
        if self.pos >= self.text.len() {
            return Ok(None);
        }
        let start_line = self.line;
        // Fast path: one pass over the line's bytes, cutting at the (ASCII) delimiter; slicing
        // there is always at a character boundary. A quote sends the line to the full parser.
        let bytes = self.text.as_bytes();
        let delim = self.delim as u8;
        let mut field_start = self.pos;
        let mut i = self.pos;
        let mut quoted = false;
        loop {
            let Some(at) = next_special(bytes, i, delim) else {
                i = bytes.len();
                break;
            };
            i = at;
            if bytes[at] == delim {
                out.push(Cow::Borrowed(&self.text[field_start..at]));
                field_start = at + 1;
                i = at + 1;
            } else {
                quoted = bytes[at] == b'"';
                break;
            }
        }
        if !quoted {
            let last = &self.text[field_start..i];
            out.push(Cow::Borrowed(last.strip_suffix('\r').unwrap_or(last)));
            self.pos = (i + 1).min(bytes.len()).max(i);
            self.line += 1;
            return Ok(Some(start_line));
        }
        out.clear();
        let start = self.pos;
        if self.quoted_record(out, start_line)? {
            Ok(Some(start_line))
        } else {
            // Not the last piece, and a quoted field runs past its end: leave the record whole
            // for the next piece.
            self.pos = start;
            self.line = start_line;
            out.clear();
            Ok(None)
        }
    }

    /// Reads a record that has a quote somewhere; false when it is unfinished at the end of a
    /// piece that is not the last.
    fn quoted_record(
        &mut self,
        out: &mut Vec<Cow<'a, str>>,
        start_line: u64,
    ) -> Result<bool, ImportError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let delim = self.delim as u8;
        let mut i = self.pos;
        loop {
            // At the start of a field.
            if i < bytes.len() && bytes[i] == b'"' {
                let field_line = self.line;
                let mut value = String::new();
                let mut seg = i + 1;
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        None if !self.last => return Ok(false),
                        None => {
                            return Err(ImportError::new(
                                Location::Line(field_line),
                                None,
                                "malformed CSV: a quoted field is never closed (a missing \")",
                            )
                            .zh("CSV 格式有误：引号中的字段没有结束（缺少一个 \"）"))
                        }
                        Some(b'"') if bytes.get(j + 1) == Some(&b'"') => {
                            value.push_str(&text[seg..=j]);
                            j += 2;
                            seg = j;
                        }
                        Some(b'"') => {
                            value.push_str(&text[seg..j]);
                            j += 1;
                            break;
                        }
                        Some(b'\n') => {
                            self.line += 1;
                            j += 1;
                        }
                        Some(_) => j += 1,
                    }
                }
                out.push(Cow::Owned(value));
                // After the closing quote: a delimiter, the end of the record, or an error.
                match bytes.get(j) {
                    Some(&b) if b == delim => i = j + 1,
                    Some(b'\r') if bytes.get(j + 1) == Some(&b'\n') => return self.finish(j + 2),
                    Some(b'\n') => return self.finish(j + 1),
                    None => return self.finish(j),
                    Some(_) => {
                        return Err(ImportError::new(
                            Location::Line(self.line),
                            None,
                            format!("malformed CSV in the record starting at line {start_line}: text after a closing quote"),
                        )
                        .zh(format!("CSV 格式有误（从第 {start_line} 行开始的记录）：结束引号后还有文字")))
                    }
                }
            } else {
                // An unquoted field: up to the delimiter or the end of the line.
                let rest = &text[i..];
                let stop = rest.find([self.delim, '\n']).unwrap_or(rest.len());
                let field = &rest[..stop];
                if field.contains('"') {
                    return Err(ImportError::new(
                        Location::Line(self.line),
                        None,
                        format!("malformed CSV: a quote inside an unquoted field ({field:?}); quote the whole field and double the quote"),
                    )
                    .zh(format!("CSV 格式有误：未加引号的字段中有引号（{field:?}）；请给整个字段加引号，并把其中的引号写两遍")));
                }
                let field_end = i + stop;
                match bytes.get(field_end) {
                    Some(&b) if b == delim => {
                        out.push(Cow::Borrowed(field));
                        i = field_end + 1;
                    }
                    Some(b'\n') => {
                        out.push(Cow::Borrowed(field.strip_suffix('\r').unwrap_or(field)));
                        return self.finish(field_end + 1);
                    }
                    _ => {
                        out.push(Cow::Borrowed(field));
                        return self.finish(field_end);
                    }
                }
            }
        }
    }

    fn finish(&mut self, pos: usize) -> Result<bool, ImportError> {
        self.pos = pos;
        self.line += 1;
        Ok(true)
    }
}

/// The first delimiter, line feed or quote at or after `from`, eight bytes at a time: a byte of
/// a word equal to `c` is a zero byte of `word ^ c×0x01…01`, and the lowest zero byte of `v`
/// is the lowest set high bit of `(v − 0x01…01) & !v & 0x80…80` (higher ones may be false
/// alarms, never the lowest).
#[inline]
fn next_special(bytes: &[u8], from: usize, delim: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let (d, nl, q) = (
        LO * u64::from(delim),
        LO * u64::from(b'\n'),
        LO * u64::from(b'"'),
    );
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let m = zero(w ^ d) | zero(w ^ nl) | zero(w ^ q);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..bytes.len()).find(|&j| matches!(bytes[j], b'\n' | b'"') || bytes[j] == delim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_special_equals_a_byte_scan() {
        // Every position of every special byte, in texts of every length up to 40, against the
        // plain scan (also with bytes ≥ 0x80 beside them, where the word trick could misfire).
        let mut seed = 11u64;
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        [
                            b'a',
                            b',',
                            b'\n',
                            b'"',
                            0x80,
                            0xE4,
                            b'\t',
                            b'0',
                            0x2B,
                            0x0A ^ 0x80,
                        ][(seed >> 33) as usize % 10]
                    })
                    .collect();
                for from in 0..=len {
                    for delim in [b',', b'\t'] {
                        let want = (from..len)
                            .find(|&j| matches!(bytes[j], b'\n' | b'"') || bytes[j] == delim);
                        assert_eq!(
                            next_special(&bytes, from, delim),
                            want,
                            "{bytes:?} from {from}"
                        );
                    }
                }
            }
        }
    }

    fn split(text: &str) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
        let mut s = Splitter::new(text, ',');
        let mut out = Vec::new();
        let mut rec = Vec::new();
        while let Some(line) = s.next_record(&mut rec)? {
            out.push((line, rec.iter().map(|f| f.to_string()).collect()));
        }
        Ok(out)
    }

    #[test]
    fn plain_quoted_and_multiline() {
        let r = split("a,b\r\n1,\"x,y\"\n\"he said \"\"hi\"\"\",\"two\nlines\"\n3,4").unwrap();
        assert_eq!(r[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(r[1], (2, vec!["1".into(), "x,y".into()]));
        assert_eq!(
            r[2],
            (3, vec!["he said \"hi\"".into(), "two\nlines".into()])
        );
        assert_eq!(r[3], (5, vec!["3".into(), "4".into()]));
        let r = split("\"a\",b,\"\"\n").unwrap();
        assert_eq!(r[0].1, vec!["a", "b", ""]);
        let r = split("中文,\"北京,朝阳\"\r\n").unwrap();
        assert_eq!(r[0].1, vec!["中文", "北京,朝阳"]);
    }

    #[test]
    fn pieces_leave_an_unfinished_quoted_record_for_the_next() {
        let text = "a,b\n1,\"two\nlines\"\n3,4\n";
        let cut = text.find("lines").unwrap();
        let mut s = Splitter::piece(&text[..cut], ',', 1, false);
        let mut rec = Vec::new();
        assert_eq!(s.next_record(&mut rec).unwrap(), Some(1));
        assert_eq!(s.next_record(&mut rec).unwrap(), None);
        assert_eq!((s.offset(), s.line()), (4, 2));
        let mut s = Splitter::piece(&text[s.offset()..], ',', s.line(), true);
        assert_eq!(s.next_record(&mut rec).unwrap(), Some(2));
        assert_eq!(rec, vec!["1", "two\nlines"]);
        assert_eq!(s.next_record(&mut rec).unwrap(), Some(4));
        assert_eq!(s.next_record(&mut rec).unwrap(), None);
    }

    #[test]
    fn malformed() {
        let e = split("a,b\n1,\"never closed\n2,3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("never closed"), "{e}");
        let e = split("a,b\n\"x\"y,2\n").unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("after a closing quote"),
            "{e}"
        );
        let e = split("a,b\n1,x\"y\"\n").unwrap_err().to_string();
        assert!(
            e.contains("line 2") && e.contains("quote inside an unquoted field"),
            "{e}"
        );
    }
}
