//! The budgets every table importer keeps, so a hostile or absurd file is refused with a located
//! message before memory or time run away.

/// Bytes the header row of a CSV file may take (a real header is a few hundred bytes; this leaves
/// room for [`MAX_COLUMNS`] long names).
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Columns a file may have (CSV header fields, or distinct GeoJSON property names).
pub const MAX_COLUMNS: usize = 1_000;

/// Rows one residents file may hold (the browser tab and the CLI both stay within memory).
pub const MAX_ROWS: usize = 5_000_000;

/// People one row may stand for: a whole community as one row is some tens of thousands.
pub const MAX_PEOPLE_PER_ROW: f64 = 1_000_000.0;

/// The largest value a demand weight column may hold; a column with larger values (phone
/// numbers, codes) is not a demand and is left out, like a text column.
pub const MAX_WEIGHT: f64 = 1e9;

/// A count as planners read it: 1,000,000.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouped_by_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1_000), "1,000");
        assert_eq!(super::grouped(5_000_000), "5,000,000");
    }
}
