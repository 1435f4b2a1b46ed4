//! CSV cells as the exports write them: quoted when they need it (RFC 4180), with the text Excel
//! would run as a formula defused in reports.

/// Quotes a CSV field when it needs it (RFC 4180), and defuses text Excel would run as a formula.
pub fn csv_field(out: &mut String, s: &str) {
    let formula = s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err();
    if formula || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// A row of cells and a CRLF.
pub fn csv_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

/// A cell quoted only when it holds a separator, a quote or a line break (no formula defusing:
/// the command line's machine-readable tables).
pub fn plain_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut s = String::new();
        csv_row(&mut s, ["a,b", "say \"hi\"", "=SUM(A1)", "-3", "plain"]);
        assert_eq!(s, "\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",-3,plain\r\n");
    }

    #[test]
    fn plain_fields_quote_only_separators() {
        assert_eq!(plain_field("a"), "a");
        assert_eq!(plain_field("=SUM(A1)"), "=SUM(A1)");
        assert_eq!(plain_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
