//! Timestamps: Unix seconds/ms/µs/ns by magnitude, or ISO-8601 dates and times.

/// Parses Unix seconds/ms/µs/ns (by magnitude) or ISO-8601 / `YYYY-MM-DD[ HH:MM[:SS[.fff]]]`
/// with an optional `Z` or `±HH:MM` offset. Returns Unix seconds.
pub fn parse_time(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match super::number::parse_number(s) {
        Some(x) => unix_seconds(x),
        None => parse_iso(s),
    }
}

/// A number read from a time cell as Unix seconds: seconds, ms, µs or ns by magnitude
/// (`None` when not finite).
#[inline]
pub(super) fn unix_seconds(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    let a = x.abs();
    Some(if a >= 1e17 {
        x / 1e9
    } else if a >= 1e14 {
        x / 1e6
    } else if a >= 1e11 {
        x / 1e3
    } else {
        x
    })
}

/// Days in month `m` (1–12) of year `y`, leap years included: 2024-02-29 exists,
/// 2023-02-29 and 2024-02-31 do not.
fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) as f64 * 86_400.0;
    let mut rest = &s[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    if !(rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    rest = &rest[1..];
    let hh: i64 = rest.get(0..2)?.parse().ok()?;
    if rest.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let mm: i64 = rest.get(3..5)?.parse().ok()?;
    rest = &rest[5..];
    let mut ss = 0.0;
    if let Some(r) = rest.strip_prefix(':') {
        let end = r
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(r.len());
        ss = r[..end].parse().ok()?;
        rest = &r[end..];
    }
    if hh > 23 || mm > 59 || !(0.0..61.0).contains(&ss) {
        return None;
    }
    secs += (hh * 3600 + mm * 60) as f64 + ss;
    match rest {
        "" | "Z" | "z" => Some(secs),
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => -1.0,
                b'-' => 1.0,
                _ => return None,
            };
            let off = rest[1..].replace(':', "");
            if off.len() != 4 || !off.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let oh: f64 = off[0..2].parse().ok()?;
            let om: f64 = off[2..4].parse().ok()?;
            Some(secs + sign * (oh * 3600.0 + om * 60.0))
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_offsets() {
        assert_eq!(
            parse_time("2024-01-01T01:00:00+01:00"),
            Some(1_704_067_200.0)
        );
        assert_eq!(
            parse_time("2024-01-01T00:00:00-0030"),
            Some(1_704_069_000.0)
        );
        assert_eq!(parse_time("2024-13-01"), None);
        assert_eq!(parse_time("2024-02-31"), None);
        assert_eq!(parse_time("2023-02-29"), None);
        assert_eq!(parse_time("1900-02-29"), None);
        assert_eq!(parse_time("2024-04-31T00:00:00Z"), None);
        assert!(parse_time("2024-02-29").is_some());
        assert!(parse_time("2000-02-29").is_some());
        assert_eq!(parse_time("2024-01-01X"), None);
    }
}
