//! Market data feeds. Every feed yields [`Snapshot`](crate::engine::market::Snapshot)s:
//! - [`random_walk`]: seeded synthetic prices (GBM or mean-reverting, optional jumps);
//! - [`csv_replay`]: historical CSV files in the common formats;
//! - [`exchange`]: the venues' trade and quote dumps and WebSocket recordings, read into a
//!   [`Recording`] (snapshots plus trade prints). Route a file with [`exchange::detect`]:
//!   `Some(_)` → [`parse_exchange_file`], `None` → [`parse_csv`]; [`data_file`] does
//!   exactly that for any file ([`load_file`], and [`load_files`] to merge several).

pub mod csv_replay;
pub mod data_file;
pub mod exchange;
pub mod random_walk;
pub mod recording;
pub mod time_order;

pub use csv_replay::{
    count_newlines, decode_text, one_after_the_other, parse_csv, read_prices_in_pieces, ChunkedCsv,
    CsvError, CsvFeed, CsvFormat, CsvOptions, Join, PriceRow, PricesFeed, PricesRead,
};
pub use data_file::{load_file, load_files, DataFile, DataFileError};
pub use exchange::{
    merge, parse_exchange_file, synthesise_book, ExchangeFileError, ExchangeFormat, MAX_EVENTS,
};
pub use random_walk::{generate, RandomWalk, RandomWalkParams, WalkKind};
pub use recording::Recording;

use std::fmt;

/// A feed parameter out of range.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedError {
    /// A parameter that is a row of the settings table.
    Setting(crate::engine::settings::SettingError),
    /// A parameter that only the engine sets.
    Param {
        /// Parameter name.
        field: &'static str,
        /// Offending value.
        value: f64,
        /// What is allowed.
        allowed: &'static str,
    },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Setting(e) => write!(f, "feed parameter {e}"),
            FeedError::Param {
                field,
                value,
                allowed,
            } => write!(
                f,
                "feed parameter {field} = {} is invalid: must be {allowed}",
                crate::engine::settings::compact(*value)
            ),
        }
    }
}

impl std::error::Error for FeedError {}
