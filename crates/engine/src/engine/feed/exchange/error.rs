//! Why an exchange file could not be used, naming the line (and field) to look at.

use std::fmt;

pub(super) use crate::engine::settings::shortened as cut;

/// Why an exchange file could not be used. Lines are 1-based, as an editor shows them.
#[derive(Debug, Clone, PartialEq)]
pub enum ExchangeFileError {
    /// Nothing but whitespace.
    Empty,
    /// One of the plain CSV layouts (timestamp,price; bid,ask; OHLCV; klines): read it with
    /// [`parse_csv`](crate::engine::feed::parse_csv) instead.
    NotAnExchangeFile,
    /// A first line that matches no known exchange format.
    Unrecognised {
        /// The first non-empty line (cut to about 80 characters).
        first_line: String,
    },
    /// A row with the wrong number of fields.
    WrongFieldCount {
        /// Line number.
        line: u64,
        /// Fields expected, e.g. "6 or 7".
        expected: &'static str,
        /// Fields found.
        found: usize,
    },
    /// A field that is missing from a JSON message.
    MissingField {
        /// Line number.
        line: u64,
        /// Field name.
        field: String,
    },
    /// A field that is not what its column holds (number, id, true/false, timestamp).
    BadField {
        /// Line number.
        line: u64,
        /// Field name.
        field: String,
        /// The field's text (cut to about 80 characters).
        value: String,
        /// What was expected, e.g. "an integer id".
        expected: &'static str,
    },
    /// A price or size that is not finite and positive, or a price outside 1e-12..1e12.
    OutOfRange {
        /// Line number.
        line: u64,
        /// Field name.
        field: String,
        /// The field's text (cut to about 80 characters).
        value: String,
    },
    /// Best bid above best ask.
    CrossedBook {
        /// Line number.
        line: u64,
    },
    /// A line of a WebSocket recording that is not JSON.
    BadJson {
        /// Line number.
        line: u64,
        /// The parser's message (cut to about 80 characters).
        message: String,
    },
    /// A recording line longer than
    /// [`MAX_JSON_LINE_BYTES`](crate::engine::limits::MAX_JSON_LINE_BYTES).
    LineTooLong {
        /// Line number.
        line: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// Messages for more than one symbol in a file.
    SeveralSymbols {
        /// The symbols seen, in order of appearance (at most a few).
        symbols: Vec<String>,
    },
    /// More events than [`MAX_EVENTS`](super::MAX_EVENTS).
    TooManyEvents {
        /// The limit.
        limit: usize,
    },
    /// A header, or only ignored messages, and no quote or trade.
    NoEvents {
        /// What was skipped, e.g. "3 depth updates".
        ignored: String,
    },
}

impl fmt::Display for ExchangeFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ExchangeFileError as E;
        match self {
            E::Empty => f.write_str("the file is empty"),
            E::NotAnExchangeFile => f.write_str(
                "not an exchange trades/bookTicker dump or WebSocket recording (a plain price CSV?)",
            ),
            E::Unrecognised { first_line } => write!(
                f,
                "unrecognised first line \"{first_line}\": expected a Binance trades, aggTrades or bookTicker dump, or one JSON message per line"
            ),
            E::WrongFieldCount { line, expected, found } => {
                write!(f, "line {line}: expected {expected} fields, found {found}")
            }
            E::MissingField { line, field } => write!(f, "line {line}: missing field {field}"),
            E::BadField { line, field, value, expected } => {
                write!(f, "line {line}, field {field}: \"{value}\" is not {expected}")
            }
            E::OutOfRange { line, field, value } => write!(
                f,
                "line {line}, field {field}: {value} is out of range (prices 1e-12 to 1e12, sizes above 0)"
            ),
            E::CrossedBook { line } => write!(f, "line {line}: best bid is above best ask"),
            E::BadJson { line, message } => write!(f, "line {line}: not JSON ({message})"),
            E::LineTooLong { line, limit } => write!(
                f,
                "line {line}: longer than {} MiB; is this a recording with one message per line?",
                limit >> 20
            ),
            E::SeveralSymbols { symbols } => write!(
                f,
                "the file mixes symbols ({}); keep one market per file",
                symbols.join(", ")
            ),
            E::TooManyEvents { limit } => write!(
                f,
                "more than {limit} quotes and trades; cut the file into shorter periods"
            ),
            E::NoEvents { ignored } => {
                if ignored.is_empty() {
                    f.write_str("no quotes or trades in the file")
                } else {
                    write!(f, "no quotes or trades in the file (skipped {ignored})")
                }
            }
        }
    }
}

impl std::error::Error for ExchangeFileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut_to_about_80_characters() {
        assert_eq!(cut("abc"), "abc");
        let long = "é".repeat(200);
        let c = cut(&long);
        assert_eq!(c.chars().count(), 81);
        assert!(c.ends_with('…'));
        assert_eq!(cut(&"x".repeat(80)), "x".repeat(80));
    }
}
