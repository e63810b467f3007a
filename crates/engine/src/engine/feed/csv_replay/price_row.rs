//! [`PriceRow`]: a row of a file whose snapshots all come from a price (`timestamp,price`,
//! OHLCV without low/high), kept as its time, price and volume: 24 bytes instead of a
//! [`Snapshot`]'s 72, which for a million rows is 48 MB less memory to fault in. A run
//! that only wants KPIs turns each back into its snapshot as it goes
//! ([`PriceRow::snapshot`]), bit for bit the one [`parse_csv`](super::parse_csv) keeps.
//! [`Row`] is what a parser can keep.

use crate::engine::feed::time_order::Timed;
use crate::engine::market::Snapshot;

/// A row's time, price and volume; its snapshot is [`Snapshot::from_price`] of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceRow {
    /// Seconds since the Unix epoch (or the row index, for a file without times).
    pub time: f64,
    /// The price (close, last).
    pub price: f64,
    /// Volume, base units (0 when unknown).
    pub volume: f64,
}

impl PriceRow {
    /// The row's snapshot, the book synthesised with the `half_spread` it was read with.
    #[inline]
    pub fn snapshot(&self, half_spread: f64) -> Snapshot {
        Snapshot::from_price(self.time, self.price, half_spread, self.volume)
    }
}

impl Timed for PriceRow {
    fn time(&self) -> f64 {
        self.time
    }
}

/// What a parser keeps of a row's snapshot.
pub trait Row: From<Snapshot> + Timed + Copy + Send {
    /// The row whose snapshot is [`Snapshot::from_price`] of these: `Self::from` that
    /// snapshot, without building it when `Self` does not keep it.
    fn from_price(time: f64, price: f64, half_spread: f64, volume: f64) -> Self;
}

impl Row for Snapshot {
    #[inline]
    fn from_price(time: f64, price: f64, half_spread: f64, volume: f64) -> Self {
        Snapshot::from_price(time, price, half_spread, volume)
    }
}

impl Row for PriceRow {
    #[inline]
    fn from_price(time: f64, price: f64, _half_spread: f64, volume: f64) -> Self {
        PriceRow {
            time,
            price,
            volume,
        }
    }
}

/// Only for snapshots of a layout whose rows are prices (`Layout::prices_only`).
impl From<Snapshot> for PriceRow {
    fn from(s: Snapshot) -> Self {
        PriceRow {
            time: s.time,
            price: s.last,
            volume: s.volume,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_price_snapshot_round_trips_bit_for_bit(
            time in -1e12f64..1e12, price in 1e-12f64..1e12, volume in 0.0f64..1e15,
            half_spread in 0.0f64..0.5,
        ) {
            let s = Snapshot::from_price(time, price, half_spread, volume);
            let back = PriceRow::from(s).snapshot(half_spread);
            prop_assert_eq!(format!("{back:?}"), format!("{s:?}"));
        }
    }
}
