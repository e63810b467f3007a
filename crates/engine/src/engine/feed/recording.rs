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

impl Recording {
    /// The venue's price increment, read from the prices: the smallest gap between
    /// distinct prices (over the first 200 000), snapped to 1, 2, 2.5 or 5 × a power of
    /// ten. `None` with fewer than two distinct prices.
    pub fn price_increment(&self) -> Option<f64> {
        let mut prices: Vec<f64> = self
            .snapshots
            .iter()
            .flat_map(|s| [s.bid, s.ask])
            .chain(self.trades.iter().map(|t| t.price))
            .filter(|p| p.is_finite() && *p > 0.0)
            .take(200_000)
            .collect();
        prices.sort_by(f64::total_cmp);
        prices.dedup();
        let gap = prices
            .windows(2)
            .map(|w| w[1] - w[0])
            .filter(|g| *g > 0.0)
            .fold(f64::INFINITY, f64::min);
        if !gap.is_finite() {
            return None;
        }
        let power = libm::pow(10.0, libm::floor(libm::log10(gap)));
        let m = gap / power;
        let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .min_by(|a, b| (a - m).abs().total_cmp(&(b - m).abs()))
            .unwrap_or(1.0);
        Some(nice * power)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::Aggressor;

    #[test]
    fn the_price_increment_is_read_from_the_prices() {
        let book =
            |bid: f64, ask: f64| Snapshot::from_price(0.0, 1.0, 0.0, 0.0).with_book(bid, ask);
        let r = Recording {
            snapshots: vec![book(2650.12, 2650.13), book(2650.15, 2650.17)],
            ..Default::default()
        };
        assert!((r.price_increment().unwrap() - 0.01).abs() < 1e-12);
        let r = Recording {
            snapshots: vec![book(100.0, 100.5), book(101.0, 102.5)],
            ..Default::default()
        };
        assert_eq!(r.price_increment(), Some(0.5));
        assert_eq!(Recording::default().price_increment(), None);
    }

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
