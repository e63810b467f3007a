//! Market snapshots: what a feed yields and the engine consumes.

use serde::{Deserialize, Serialize};

/// One observation of the market.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Seconds since the Unix epoch (fractional allowed).
    pub time: f64,
    /// Best bid price.
    pub bid: f64,
    /// Best ask price.
    pub ask: f64,
    /// Last traded price (or close).
    pub last: f64,
    /// Traded volume in base units since the previous snapshot (0 when unknown).
    pub volume: f64,
}

impl Snapshot {
    /// Builds a snapshot from a single price, synthesising bid/ask as
    /// `price * (1 -/+ half_spread)` (`half_spread` is a fraction, e.g. 0.0001 = 1 bp).
    pub fn from_price(time: f64, price: f64, half_spread: f64, volume: f64) -> Self {
        Self {
            time,
            bid: price * (1.0 - half_spread),
            ask: price * (1.0 + half_spread),
            last: price,
            volume,
        }
    }

    /// Mid price, (bid + ask) / 2.
    #[inline]
    pub fn mid(&self) -> f64 {
        0.5 * (self.bid + self.ask)
    }
}
