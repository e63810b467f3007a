//! Historical CSV replay: detects the file's format from its header and turns each row
//! into a [`Snapshot`]. All-or-nothing: any bad cell fails the whole file with the line
//! and column named, so no partial data ever reaches a run.
//!
//! Accepted (detected by header, case-insensitive, `,` `;` or tab separated, UTF-8 BOM ok):
//! - `timestamp,price` (synonyms: time/date/datetime; close/last);
//! - `timestamp,bid,ask[,last][,volume]`;
//! - OHLCV: `Date,Open,High,Low,Close[,Adj Close],Volume`, optionally after an unnamed
//!   index column as written by pandas;
//! - Binance kline CSV: no header, 12 numeric columns, open time in ms or µs.
//!
//! - `layout.rs`: delimiter and header/headerless layout detection;
//! - `rows.rs`: one row to a [`Snapshot`];
//! - `cells.rs`: a row's cells, from either reader;
//! - `scan.rs`: vectorised byte scans (line breaks, quotes and `\r`);
//! - `split.rs`: the fast path's allocation-free line splitter for plain lines;
//! - `quick.rs`: the fast path's shortcut for lines of plain numbers in a file of prices;
//! - `chunked.rs`: [`ChunkedCsv`], the incremental parser, and [`parse_csv`]: plain lines
//!   through the splitter, anything else (headers, quotes, `\r`, …) through the `csv` reader;
//! - `pieces.rs`: [`read_prices_in_pieces`], a file of prices handed on a piece at a time
//!   as [`PriceRow`]s, so a run can use them while the rest is read;
//! - `price_row.rs`: [`PriceRow`], a row whose snapshot comes from its price, in a third
//!   of the memory;
//! - `order.rs`: `TimeOrder`, whether the rows came sorted, tallied as read;
//! - `number.rs`: [`f64`] parsing with a shortcut for plain decimals;
//! - `time.rs`: timestamps (Unix seconds/ms/µs/ns, ISO-8601), [`parse_time`];
//! - `encoding.rs`: [`decode_text`], UTF-8 or UTF-16 (with a BOM) bytes to text;
//! - `error.rs`: [`CsvError`], why a file could not be used.
//!
//! Rows whose price reads `null` (Yahoo Finance's missing days) are skipped and counted;
//! prices must lie in [1e-12, 1e12]; at most [`CsvOptions::max_rows`] rows are kept, and
//! [`CsvOptions::keep_every`] thins a larger file.

mod cells;
mod chunked;
mod encoding;
#[cfg(test)]
mod equivalence;
mod error;
mod layout;
mod number;
mod order;
mod pieces;
mod price_row;
mod quick;
mod rows;
mod scan;
mod split;
mod time;

pub use chunked::{parse_csv, ChunkedCsv};
pub use encoding::decode_text;
pub use error::{ordinal, CsvError};
pub use pieces::{one_after_the_other, read_prices_in_pieces, Join, PricesFeed, PricesRead};
pub use price_row::PriceRow;
pub use scan::count_newlines;
pub use time::parse_time;

use crate::engine::market::Snapshot;
use crate::engine::sim::Clock;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Options for reading a CSV.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvOptions {
    /// Half-spread used to synthesise bid/ask when a file only has prices (fraction of price).
    pub half_spread: f64,
    /// Most rows kept; one more is an error ([`CsvError::TooManyRows`]) that says how much
    /// to thin the file.
    pub max_rows: usize,
    /// Keep every `keep_every`-th data row (1 = all): thins a file that is over the limit.
    pub keep_every: u64,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            half_spread: 0.0001,
            max_rows: crate::engine::limits::MAX_APP_ROWS,
            keep_every: 1,
        }
    }
}

/// The detected layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsvFormat {
    /// `timestamp,price`.
    TimestampPrice,
    /// `timestamp,bid,ask[,last][,volume]`.
    BidAsk,
    /// Date, open, high, low, close, [adj close,] volume.
    Ohlcv,
    /// Binance kline export without header.
    BinanceKline,
}

impl fmt::Display for CsvFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CsvFormat::TimestampPrice => "timestamp,price (bid/ask synthesised from the price)",
            CsvFormat::BidAsk => "timestamp,bid,ask",
            CsvFormat::Ohlcv => "OHLCV (close price; bid/ask synthesised)",
            CsvFormat::BinanceKline => "Binance klines (close price; bid/ask synthesised)",
        })
    }
}

/// A parsed file (its rows as [`Snapshot`]s, or as [`PriceRow`]s from
/// [`read_prices_in_pieces`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvFeed<R = Snapshot> {
    /// Detected layout.
    pub format: CsvFormat,
    /// One snapshot per data row, sorted by time.
    pub snapshots: Vec<R>,
    /// Things fixed up on the way (sorting, duplicates, missing times).
    pub warnings: Vec<String>,
    /// Whether the times are real ([`Clock::Timestamps`]) or row numbers ([`Clock::Steps`]).
    pub clock: Clock,
}

/// [`parse_csv`] with the default options.
#[cfg(test)]
fn parse_default(text: &str) -> Result<CsvFeed, CsvError> {
    parse_csv(text, &CsvOptions::default())
}
