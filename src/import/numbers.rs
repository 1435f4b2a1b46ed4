//! Numbers as planners type them (thousands separators, full-width commas), with a fast path for
//! plain decimals.

/// Parses a number as planners type it: spaces and thousands separators (`1,234`, `1，234`) allowed.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(v) = plain_decimal(t) {
        return Some(v);
    }
    // Rust accepts "NaN" and "inf"; those are not numbers a planner means.
    if let Ok(v) = t.parse::<f64>() {
        return Some(v).filter(|v| v.is_finite());
    }
    let cleaned: std::borrow::Cow<str> = if t.contains([',', '，', ' ', '_']) {
        t.chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '_'))
            .collect::<String>()
            .into()
    } else {
        t.into()
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A plain decimal such as `118.992675` or `-21` (at most 15 digits, no exponent), exactly as
/// `str::parse` reads it but faster: the digits make an integer below 2⁵³ and the point a power of
/// ten up to 10¹⁵, both exact in `f64`, so their quotient is the correctly rounded value
/// (Clinger's fast path). `None` for anything else.
#[inline]
fn plain_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let b = t.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let (mut mantissa, mut digits, mut point) = (0u64, 0usize, None);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                digits += 1;
                if digits > 15 {
                    return None;
                }
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let decimals = point.map_or(0, |p| b.len() - p - 1);
    let v = mantissa as f64 / POW10[decimals];
    Some(if negative { -v } else { v })
}
/// How many times `needle` occurs in `bytes`.
pub(crate) fn memchr_count(bytes: &[u8], needle: u8) -> usize {
    bytes.iter().filter(|&&b| b == needle).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_read_exactly_as_str_parse() {
        for t in [
            "0",
            "-0",
            "+5",
            "5.",
            ".5",
            "118.992675",
            "31.965543",
            "-21",
            "0.1",
            "0.3",
            "999999999999999",
            "9007199254740993",
            "1234567890.12345",
            "1.7976931348623157",
            "00012.500",
            "-.25",
        ] {
            let want = t.parse::<f64>().ok();
            let got = plain_decimal(t);
            if let Some(g) = got {
                assert_eq!(Some(g.to_bits()), want.map(f64::to_bits), "{t}");
            }
        }
        for t in [
            "", ".", "-", "1e5", "1.2.3", "inf", "NaN", "1,234", " 1", "1 ",
        ] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
        // Random decimals of up to 15 digits with the point anywhere.
        let mut seed = 5u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for _ in 0..200_000 {
            let digits = 1 + next() as usize % 15;
            let mut t: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let point = next() as usize % (digits + 1);
            if point < digits {
                t.insert(point, '.');
            }
            if next() % 2 == 0 {
                t.insert(0, '-');
            }
            let want = t.parse::<f64>().unwrap();
            assert_eq!(
                plain_decimal(&t).map(f64::to_bits),
                Some(want.to_bits()),
                "{t}"
            );
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 1,234 "), Some(1234.0));
        assert_eq!(parse_number("1，234.5"), Some(1234.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("-3"), Some(-3.0));
    }
}
