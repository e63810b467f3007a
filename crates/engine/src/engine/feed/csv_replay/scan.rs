//! Byte scans over a whole text, written so the compiler vectorises them (a byte counter
//! per 128-byte block): line breaks, and whether a text holds a quote or `\r`.
//! `iter().filter(..).count()` took 7 ms for 18 MB; these take about 1 ms.

/// Bytes per block: a `u8` counter cannot overflow.
const BLOCK: usize = 128;

/// Line breaks in `s`.
pub fn count_newlines(s: &str) -> u64 {
    scan(s).0
}

/// Line breaks in `s`, and whether it holds a quote or `\r` (a text that cannot be cut
/// at any line break: a quoted field may span it, or the `csv` reader count it as one).
pub(super) fn scan(s: &str) -> (u64, bool) {
    let mut lines = 0u64;
    let mut odd = 0u8;
    for block in s.as_bytes().chunks(BLOCK) {
        let mut n = 0u8;
        for &b in block {
            n += u8::from(b == b'\n');
            odd |= u8::from(b == b'"') | u8::from(b == b'\r');
        }
        lines += u64::from(n);
    }
    (lines, odd != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_as_a_plain_loop(s in "[a\\n\"\\r,]{0,400}") {
            let lines = s.bytes().filter(|&b| b == b'\n').count() as u64;
            let odd = s.contains('"') || s.contains('\r');
            prop_assert_eq!(scan(&s), (lines, odd));
            prop_assert_eq!(count_newlines(&s), lines);
        }
    }
}
