//! Why a CSV could not be used, with the line and column to fix.

use crate::engine::limits::MAX_COLUMNS;
use crate::engine::settings::group_digits;
use std::fmt;

/// `n` as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 22nd.
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Why a CSV could not be used. Lines are 1-based, as an editor shows them.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvError {
    /// Nothing but whitespace.
    Empty,
    /// A header and no data rows.
    TooFewRows,
    /// No column the price could come from.
    NoPriceColumn {
        /// The header as read.
        header: String,
    },
    /// A cell that is not a finite number.
    BadNumber {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A price of zero or below.
    NonPositive {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A time cell that is not a recognised timestamp.
    BadTimestamp {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// A row with the wrong number of cells.
    WrongFieldCount {
        /// Line number.
        line: u64,
        /// Cells expected.
        expected: usize,
        /// Cells found.
        found: usize,
    },
    /// Bid above ask.
    CrossedBook {
        /// Line number.
        line: u64,
    },
    /// A bar whose low is above its high, or whose close lies outside them.
    BadRange {
        /// Line number.
        line: u64,
    },
    /// A price outside [`crate::engine::market::MIN_PRICE`], [`crate::engine::market::MAX_PRICE`].
    OutOfRange {
        /// Line number.
        line: u64,
        /// Column name.
        column: String,
        /// Cell text.
        value: String,
    },
    /// More rows than the limit; `every` is the thinning that would fit.
    TooManyRows {
        /// The limit.
        limit: usize,
        /// Rows the whole file is estimated to hold.
        estimated: u64,
        /// Keep every `every`-th row to fit.
        every: u64,
    },
    /// A row with more columns than [`MAX_COLUMNS`] (a header of millions of names).
    TooManyColumns {
        /// Line number.
        line: u64,
        /// Columns found.
        found: usize,
    },
    /// Bytes that are not text in a known encoding.
    NotText {
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// The CSV reader failed (e.g. invalid UTF-8).
    Malformed {
        /// Line number, when known.
        line: u64,
        /// Reader's message.
        message: String,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::Empty => f.write_str("the CSV file is empty"),
            CsvError::TooFewRows => f.write_str("the CSV file has a header but no data rows"),
            CsvError::NoPriceColumn { header } => write!(
                f,
                "no price column found in header \"{header}\": expected price, close, last, or bid and ask"
            ),
            CsvError::BadNumber { line, column, value } => {
                write!(f, "line {line}, column {column}: \"{value}\" is not a finite number")
            }
            CsvError::NonPositive { line, column, value } => {
                write!(f, "line {line}, column {column}: price {value} must be greater than zero")
            }
            CsvError::BadTimestamp { line, column, value } => write!(
                f,
                "line {line}, column {column}: \"{value}\" is not a timestamp (use Unix seconds/ms/µs or ISO-8601 like 2024-01-02T03:04:05Z)"
            ),
            CsvError::WrongFieldCount { line, expected, found } => {
                write!(f, "line {line}: expected {expected} fields, found {found}")
            }
            CsvError::CrossedBook { line } => write!(f, "line {line}: bid is above ask"),
            CsvError::BadRange { line } => {
                write!(f, "line {line}: the close is not between the low and the high")
            }
            CsvError::OutOfRange { line, column, value } => write!(
                f,
                "line {line}, column {column}: price {value} is outside the range spreadlab works with, [1e-12, 1e12]"
            ),
            CsvError::TooManyRows { limit, estimated, every } => write!(
                f,
                "the file has more than {} rows (about {}), the limit; keep every {} row to load it",
                group_digits(*limit as u64),
                group_digits(*estimated),
                ordinal(*every),
            ),
            CsvError::TooManyColumns { line, found } => write!(
                f,
                "line {line} has {} columns; at most {MAX_COLUMNS} are read",
                group_digits(*found as u64),
            ),
            CsvError::NotText { offset } => write!(
                f,
                "not a text file: byte {offset} is not UTF-8 (save the file as UTF-8 or UTF-16 with a byte-order mark)"
            ),
            CsvError::Malformed { line, message } => write!(f, "line {line}: unreadable CSV ({message})"),
        }
    }
}

impl std::error::Error for CsvError {}

#[cfg(test)]
mod tests {
    use super::super::parse_default as parse;
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(parse(""), Err(CsvError::Empty));
        assert_eq!(parse("  \n\n"), Err(CsvError::Empty));
        assert_eq!(parse("timestamp,price\n"), Err(CsvError::TooFewRows));
        assert!(matches!(
            parse("a,b\nx,y\n"),
            Err(CsvError::NoPriceColumn { .. })
        ));
        let e = parse("timestamp,price\n1,100\n2,abc\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column price: \"abc\" is not a finite number"
        );
        assert!(matches!(
            parse("timestamp,price\n1,NaN\n"),
            Err(CsvError::BadNumber { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,inf\n"),
            Err(CsvError::BadNumber { .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,0\n"),
            Err(CsvError::NonPositive { .. })
        ));
        assert!(matches!(
            parse("timestamp,price\n1,-5\n"),
            Err(CsvError::NonPositive { .. })
        ));
        assert!(matches!(
            parse("timestamp,bid,ask\n1,101,100\n"),
            Err(CsvError::CrossedBook { line: 2 })
        ));
        assert!(matches!(
            parse("date,open,high,low,close\n1,100,101,99,100\n2,100,99,101,100\n"),
            Err(CsvError::BadRange { line: 3 })
        ));
        assert!(matches!(
            parse("timestamp,price\nyesterday,5\n"),
            Err(CsvError::BadTimestamp { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,bid,ask\n1,100\n"),
            Err(CsvError::WrongFieldCount { line: 2, .. })
        ));
        assert!(matches!(
            parse("timestamp,price\r\n1,100\r\n2,x\r\n"),
            Err(CsvError::BadNumber { line: 3, .. })
        ));
    }
}
