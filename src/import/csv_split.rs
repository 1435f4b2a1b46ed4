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
}

impl<'a> Splitter<'a> {
    /// A splitter over `text`.
    pub fn new(text: &'a str, delim: char) -> Self {
        Splitter {
            text,
            pos: 0,
            line: 1,
            delim,
        }
    }

    /// Reads the next record into `out` (cleared first). Returns the line it starts on, or `None`
    /// at the end of the text.
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
        while i < bytes.len() {
            let b = bytes[i];
            if b == delim {
                out.push(Cow::Borrowed(&self.text[field_start..i]));
                field_start = i + 1;
            } else if b == b'\n' {
                break;
            } else if b == b'"' {
                quoted = true;
                break;
            }
            i += 1;
        }
        if !quoted {
            let last = &self.text[field_start..i];
            out.push(Cow::Borrowed(last.strip_suffix('\r').unwrap_or(last)));
            self.pos = (i + 1).min(bytes.len()).max(i);
            self.line += 1;
            return Ok(Some(start_line));
        }
        out.clear();
        self.quoted_record(out, start_line)?;
        Ok(Some(start_line))
    }

    fn quoted_record(
        &mut self,
        out: &mut Vec<Cow<'a, str>>,
        start_line: u64,
    ) -> Result<(), ImportError> {
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
                        None => {
                            return Err(ImportError::new(
                                Location::Line(field_line),
                                None,
                                "malformed CSV: a quoted field is never closed (a missing \")",
                            ))
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
                        ))
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
                    ));
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

    fn finish(&mut self, pos: usize) -> Result<(), ImportError> {
        self.pos = pos;
        self.line += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
