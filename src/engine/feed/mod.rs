//! Market data feeds. Every feed yields [`Snapshot`](crate::engine::market::Snapshot)s:
//! - [`random_walk`]: seeded synthetic prices (GBM or mean-reverting, optional jumps);
//! - [`csv_replay`]: historical CSV files in the common formats.

pub mod csv_replay;
pub mod random_walk;

pub use csv_replay::{parse_csv, ChunkedCsv, CsvError, CsvFeed, CsvFormat, CsvOptions};
pub use random_walk::{generate, RandomWalk, RandomWalkParams, WalkKind};

use std::fmt;

/// A feed parameter out of range.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedError {
    /// Parameter name.
    pub field: &'static str,
    /// Offending value.
    pub value: f64,
    /// What is allowed.
    pub allowed: &'static str,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "feed parameter {} = {} is invalid: must be {}",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for FeedError {}
