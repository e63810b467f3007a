//! A recorded market: top-of-book snapshots and the trades printed between them, merged
//! by time. What exchange files and live sessions with a trade channel produce.

use crate::engine::market::{Snapshot, TradePrint};

/// Snapshots and trades of one market, each sorted by time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recording {
    /// Top-of-book snapshots, sorted by time.
    pub snapshots: Vec<Snapshot>,
    /// Trade prints, sorted by time (ties keep the source's order).
    pub trades: Vec<TradePrint>,
    /// What the source was, for the status line (e.g. "Binance trades dump").
    pub format: String,
    /// Things fixed up on the way (sorting, duplicates, a book synthesised from trades).
    pub warnings: Vec<String>,
}

impl Recording {
    /// The trades that printed after snapshot `i − 1` and up to snapshot `i`'s time, given
    /// the index `from` of the first trade not yet consumed; returns the slice and the next
    /// `from`. Trades before the first snapshot belong to it.
    pub fn trades_until(&self, from: usize, time: f64) -> (&[TradePrint], usize) {
        let end = from + self.trades[from..].partition_point(|t| t.time <= time);
        (&self.trades[from..end], end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::Aggressor;

    #[test]
    fn trades_are_handed_out_between_snapshots() {
        let t = |time: f64| TradePrint {
            time,
            price: 100.0,
            qty: 1.0,
            aggressor: Aggressor::Buy,
            id: 0,
        };
        let r = Recording {
            trades: vec![t(0.5), t(1.0), t(1.5), t(3.0)],
            ..Default::default()
        };
        let (a, next) = r.trades_until(0, 1.0);
        assert_eq!(a.len(), 2);
        let (b, next) = r.trades_until(next, 2.0);
        assert_eq!((b.len(), b[0].time), (1, 1.5));
        let (c, next) = r.trades_until(next, 2.5);
        assert!(c.is_empty());
        assert_eq!(r.trades_until(next, 9.0).0.len(), 1);
    }
}
