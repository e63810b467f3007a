//! [`parse_number`]: `str::parse::<f64>` with a shortcut for the plain decimals CSV files
//! are made of (`1704067200`, `-42000.5`), bit for bit the same result.

/// Most digits taken by the shortcut: any 15-digit integer is exact in an `f64`.
const MAX_DIGITS: usize = 15;

/// Powers of ten exact in an `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `s.parse::<f64>().ok()`, faster for `[+-]digits[.digits]` with at most 15 digits.
pub(super) fn parse_number(s: &str) -> Option<f64> {
    match plain(s.as_bytes()) {
        Some(x) => Some(x),
        None => s.parse().ok(),
    }
}

/// A plain decimal as the mantissa (exact) divided by a power of ten (exact), one
/// correctly rounded operation, so the nearest `f64` as the standard parser gives it.
/// `None` for anything else.
fn plain(b: &[u8]) -> Option<f64> {
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    // At most 15 digits and a point: the mantissa cannot overflow.
    if digits.is_empty() || digits.len() > MAX_DIGITS + 1 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (i, &c) in digits.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            mantissa = mantissa * 10 + u64::from(d);
        } else if c == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let count = digits.len() - usize::from(point.is_some());
    let decimals = point.map_or(0, |p| digits.len() - 1 - p);
    let x = plain_parts(mantissa, count, decimals)?;
    Some(if negative { -x } else { x })
}

/// The value of a plain decimal of `digits` digits (1 to 15), `decimals` of them after
/// the point, whose digits read as the integer `mantissa`: `None` for no digits or too
/// many. One correctly rounded division, so the nearest `f64`.
#[inline]
pub(super) fn plain_parts(mantissa: u64, digits: usize, decimals: usize) -> Option<f64> {
    if digits == 0 || digits > MAX_DIGITS {
        return None;
    }
    // Exact in an `f64` (below 2^53), and through `i64` one instruction on x86-64, where
    // `u64` to `f64` takes a branch and several. Integers (timestamps) need no division:
    // dividing by 1 is exact.
    let m = mantissa as i64 as f64;
    Some(match decimals {
        0 => m,
        d => m / POW10[d],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(s: &str) {
        let fast = parse_number(s).map(f64::to_bits);
        let std = s.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(fast, std, "{s:?}");
    }

    #[test]
    fn edge_cases_match_the_standard_parser() {
        for s in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "0",
            "-0",
            "+0",
            "0.",
            ".5",
            "-.5",
            "1.",
            "00012",
            "1.2.3",
            "123456789012345",
            "1234567890123456",
            "0.000000000000001",
            "9.99999999999999",
            "1e5",
            "1E-3",
            "inf",
            "NaN",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "30019.32",
            "0.1",
            "0.3",
            "1704067200",
            "1704067200000000",
        ] {
            same(s);
        }
    }

    proptest! {
        #[test]
        fn plain_decimals_match_the_standard_parser(s in "[+-]?[0-9]{0,17}(\\.[0-9]{0,17})?") {
            same(&s);
        }

        #[test]
        fn any_text_matches_the_standard_parser(s in "[-+.0-9eE]{0,20}") {
            same(&s);
        }
    }
}
