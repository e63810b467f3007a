//! Which exchange format a text is, from its first non-empty line. Plain price CSVs
//! (timestamp,price; timestamp,bid,ask; OHLCV; Binance klines) are NOT exchange files:
//! [`detect`] returns `None` for them and they go to
//! [`parse_csv`](crate::engine::feed::parse_csv).

use super::fields::{is_flag, is_integer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An exchange file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExchangeFormat {
    /// Binance `trades` dump: `id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]`.
    BinanceTrades,
    /// Binance `aggTrades` dump: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,
    /// transact_time,is_buyer_maker[,is_best_match]`.
    BinanceAggTrades,
    /// Binance futures `bookTicker` dump: `update_id,best_bid_price,best_bid_qty,
    /// best_ask_price,best_ask_qty,transaction_time,event_time`.
    BinanceBookTicker,
    /// One venue WebSocket message per line, optionally after a local timestamp and a space.
    WebSocketLines,
}

impl fmt::Display for ExchangeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExchangeFormat::BinanceTrades => "Binance trades dump",
            ExchangeFormat::BinanceAggTrades => "Binance aggTrades dump",
            ExchangeFormat::BinanceBookTicker => "Binance bookTicker dump",
            ExchangeFormat::WebSocketLines => "WebSocket recording",
        })
    }
}

const TRADES: [&str; 7] = [
    "id",
    "price",
    "qty",
    "quote_qty",
    "time",
    "is_buyer_maker",
    "is_best_match",
];
const AGG_TRADES: [&str; 8] = [
    "agg_trade_id",
    "price",
    "quantity",
    "first_trade_id",
    "last_trade_id",
    "transact_time",
    "is_buyer_maker",
    "is_best_match",
];
const BOOK_TICKER: [&str; 7] = [
    "update_id",
    "best_bid_price",
    "best_bid_qty",
    "best_ask_price",
    "best_ask_qty",
    "transaction_time",
    "event_time",
];

/// The exchange format of `text`, or `None` when it is not an exchange file (then try
/// [`parse_csv`](crate::engine::feed::parse_csv)).
pub fn detect(text: &str) -> Option<ExchangeFormat> {
    let first = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    detect_line(first).map(|(f, _)| f)
}

/// The format a first line announces, and whether that line is a header.
pub(super) fn detect_line(first: &str) -> Option<(ExchangeFormat, bool)> {
    if is_json_line(first) {
        return Some((ExchangeFormat::WebSocketLines, false));
    }
    let cells = split_row(first);
    let names: Vec<String> = cells.iter().map(|c| c.to_ascii_lowercase()).collect();
    let is_header = |cols: &[&str], optional_last: bool| {
        names.len() == cols.len() && names.iter().zip(cols).all(|(n, c)| n == c)
            || optional_last
                && names.len() + 1 == cols.len()
                && names.iter().zip(cols).all(|(n, c)| n == c)
    };
    if is_header(&TRADES, true) {
        return Some((ExchangeFormat::BinanceTrades, true));
    }
    if is_header(&AGG_TRADES, true) {
        return Some((ExchangeFormat::BinanceAggTrades, true));
    }
    if is_header(&BOOK_TICKER, false) {
        return Some((ExchangeFormat::BinanceBookTicker, true));
    }
    headerless(&cells).map(|f| (f, false))
}

/// A header-less row by shape: trades have 6 or 7 cells, an integer id first, a ms/µs time
/// in column 5 and a flag in column 6; aggTrades 7 or 8 with integer ids in columns 1, 4,
/// 5, a time in column 6 and a flag in column 7; bookTicker 7 numbers with an integer
/// first and times in columns 6 and 7. Two-column timestamp,price rows and 12-column
/// klines match none of them.
fn headerless(c: &[&str]) -> Option<ExchangeFormat> {
    let n = c.len();
    // Millisecond (13 digits today) or microsecond (16) epoch times, not seconds.
    let is_time = |x: &str| is_integer(x) && x.trim().len() >= 12;
    let num = |i: usize| c[i].parse::<f64>().is_ok_and(f64::is_finite);
    let last_flags = |from: usize| c[from..].iter().all(|x| is_flag(x));
    if !(6..=8).contains(&n) || !is_integer(c[0]) {
        return None;
    }
    if (n == 6 || n == 7) && num(1) && num(2) && num(3) && is_time(c[4]) && last_flags(5) {
        return Some(ExchangeFormat::BinanceTrades);
    }
    if (n == 7 || n == 8)
        && num(1)
        && num(2)
        && is_integer(c[3])
        && is_integer(c[4])
        && is_time(c[5])
        && last_flags(6)
    {
        return Some(ExchangeFormat::BinanceAggTrades);
    }
    if n == 7 && (1..5).all(num) && is_time(c[5]) && is_time(c[6]) {
        return Some(ExchangeFormat::BinanceBookTicker);
    }
    None
}

/// Whether a line is a JSON message, bare or after a local timestamp and a space.
pub(super) fn is_json_line(line: &str) -> bool {
    split_prefix(line).is_some()
}

/// A recording line as (local timestamp text, JSON text), or `None` when it is neither
/// `{…}` nor `<timestamp> {…}`.
pub(super) fn split_prefix(line: &str) -> Option<(Option<&str>, &str)> {
    let line = line.trim();
    if line.starts_with('{') {
        return Some((None, line));
    }
    let (prefix, rest) = line.split_once(' ')?;
    let rest = rest.trim_start();
    let numeric = !prefix.is_empty()
        && prefix.len() <= 40
        && prefix.bytes().all(|b| {
            b.is_ascii_digit()
                || b == b'.'
                || b == b'-'
                || b == b':'
                || b == b'T'
                || b == b'Z'
                || b == b'+'
        });
    (numeric && rest.starts_with('{')).then_some((Some(prefix), rest))
}

/// Most cells [`split_row`] returns: more than any dump has.
pub(super) const MAX_CELLS: usize = 16;

/// A dump row split at commas, cells trimmed and unquoted; at most [`MAX_CELLS`] cells
/// (count the commas for the true width).
pub(super) fn split_row(line: &str) -> Vec<&str> {
    line.split(',')
        .take(MAX_CELLS)
        .map(|c| {
            let c = c.trim();
            c.strip_prefix('"')
                .and_then(|c| c.strip_suffix('"'))
                .unwrap_or(c)
                .trim()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExchangeFormat as F;

    #[test]
    fn headers_and_headerless_rows() {
        let cases = [
            ("id,price,qty,quote_qty,time,is_buyer_maker\n", Some(F::BinanceTrades)),
            ("\u{feff}id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\r\n", Some(F::BinanceTrades)),
            ("1520538925,2683.8,0.002,5.3676,1723161255611,true\n", Some(F::BinanceTrades)),
            ("1520538925,2683.8,0.002,5.3676,1723161255611000,True,True\n", Some(F::BinanceTrades)),
            ("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n", Some(F::BinanceAggTrades)),
            ("26129,0.01633102,4.7,27781,27781,1498793709153,true,true\n", Some(F::BinanceAggTrades)),
            ("26129,0.01633102,4.7,27781,27781,1498793709153,false\n", Some(F::BinanceAggTrades)),
            ("update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n", Some(F::BinanceBookTicker)),
            ("1234,2683.8,3.0,2683.81,31.4,1723161255611,1723161255612\n", Some(F::BinanceBookTicker)),
            ("\n\n{\"stream\":\"ethusdt@trade\",\"data\":{}}\n", Some(F::WebSocketLines)),
            ("1723161254024619568 {\"u\":1}\n", Some(F::WebSocketLines)),
            // Plain CSVs go to csv_replay.
            ("timestamp,price\n1,2\n", None),
            ("1704067200,100\n", None),
            ("1704067200000,42000.1,42100,41900,42050.5,12.5,1704067259999,525000,100,6,250000,0\n", None),
            ("timestamp,bid,ask\n", None),
            ("Date,Open,High,Low,Close,Volume\n", None),
            ("price,qty,time\n", None),
            ("", None),
            ("1,2,3,4,5,6\n", None),
            // Seven numbers whose "times" are not ms/µs: not a bookTicker.
            ("1704067200,10,11,9,10.5,1000,2000\n", None),
            ("1,100,1,100,1704067200,true\n", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text:?}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(split_prefix("{}"), Some((None, "{}")));
        assert_eq!(split_prefix("17 {}"), Some((Some("17"), "{}")));
        assert_eq!(
            split_prefix("2024-08-08T00:00:00Z {}"),
            Some((Some("2024-08-08T00:00:00Z"), "{}"))
        );
        assert_eq!(split_prefix("abc {}"), None);
        assert_eq!(split_prefix("17,{}"), None);
    }
}
