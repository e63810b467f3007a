//! [`synthesise_book`]: a top of book made from trades, for files that have no quotes.

use crate::engine::feed::Recording;
use crate::engine::market::Snapshot;

/// When `rec` has trades but no snapshots, adds one snapshot per distinct trade time:
/// bid/ask = the last trade price at that time × (1 ∓ `half_spread`) (a fraction, clamped
/// to 0..=0.5; NaN counts as 0), last = that price, volume = the quantity traded at that
/// time, low/high = the lowest and highest price printed at that time; sizes unknown (0).
/// Adds a warning saying so. Does nothing when `rec` already has snapshots or has no trades.
pub fn synthesise_book(rec: &mut Recording, half_spread: f64) {
    if !rec.snapshots.is_empty() || rec.trades.is_empty() {
        return;
    }
    let h = if half_spread.is_nan() {
        0.0
    } else {
        half_spread.clamp(0.0, 0.5)
    };
    let mut out: Vec<Snapshot> = Vec::new();
    for t in &rec.trades {
        match out.last_mut() {
            Some(s) if s.time == t.time => {
                *s = Snapshot::from_price(t.time, t.price, h, s.volume + t.qty)
                    .with_range(s.low.min(t.price), s.high.max(t.price));
            }
            _ => out
                .push(Snapshot::from_price(t.time, t.price, h, t.qty).with_range(t.price, t.price)),
        }
    }
    rec.snapshots = out;
    rec.warnings.push(format!(
        "no quotes in the file: the book was synthesised from trades (bid/ask = last trade price ∓ {} %)",
        crate::engine::settings::compact(h * 100.0)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::{Aggressor, TradePrint};

    fn t(time: f64, price: f64, qty: f64) -> TradePrint {
        TradePrint {
            time,
            price,
            qty,
            aggressor: Aggressor::Sell,
            id: 0,
        }
    }

    #[test]
    fn one_snapshot_per_trade_time() {
        let mut r = Recording {
            trades: vec![
                t(1.0, 100.0, 1.0),
                t(1.0, 99.0, 2.0),
                t(1.0, 101.0, 0.5),
                t(2.0, 100.0, 1.0),
            ],
            ..Default::default()
        };
        synthesise_book(&mut r, 0.001);
        assert_eq!(r.snapshots.len(), 2);
        let s = r.snapshots[0];
        assert_eq!(
            (s.time, s.last, s.volume, s.low, s.high),
            (1.0, 101.0, 3.5, 99.0, 101.0)
        );
        assert!((s.bid - 101.0 * 0.999).abs() < 1e-9 && (s.ask - 101.0 * 1.001).abs() < 1e-9);
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.warnings[0].contains("synthesised from trades"),
            "{}",
            r.warnings[0]
        );
        assert!(r.warnings[0].contains("0.1 %"), "{}", r.warnings[0]);
        // Already has a book: untouched.
        let before = r.clone();
        synthesise_book(&mut r, 0.5);
        assert_eq!(r, before);
        let mut empty = Recording::default();
        synthesise_book(&mut empty, 0.001);
        assert!(empty.snapshots.is_empty() && empty.warnings.is_empty());
    }

    #[test]
    fn odd_half_spreads_are_clamped() {
        for h in [f64::NAN, -1.0, 7.0, f64::INFINITY] {
            let mut r = Recording {
                trades: vec![t(1.0, 100.0, 1.0)],
                ..Default::default()
            };
            synthesise_book(&mut r, h);
            let s = r.snapshots[0];
            assert!(
                s.bid > 0.0 && s.bid <= s.ask && s.ask.is_finite(),
                "{h}: {s:?}"
            );
        }
    }
}
