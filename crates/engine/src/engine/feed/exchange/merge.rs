//! [`merge`]: two recordings of one market (e.g. a quotes file and a trades file) as one.

use super::events::dedup_ids;
use crate::engine::feed::time_order::into_time_order;
use crate::engine::feed::Recording;
use std::collections::HashSet;

/// Merges two recordings by time. Stable: on equal times `a`'s events come before `b`'s,
/// and each keeps its own order. A trade of `b` whose non-zero id is also in `a` is
/// dropped (the same print recorded twice). Warnings are `a`'s, then `b`'s, then one for
/// the dropped duplicates; the format names both sources.
pub fn merge(a: Recording, b: Recording) -> Recording {
    let Recording {
        snapshots: sa,
        trades: ta,
        format: fa,
        warnings: mut wa,
    } = sorted(a);
    let Recording {
        snapshots: sb,
        trades: mut tb,
        format: fb,
        warnings: wb,
    } = sorted(b);
    let ids: HashSet<u64> = ta.iter().map(|t| t.id).filter(|&id| id != 0).collect();
    let dropped = dedup_ids(&mut tb, &ids);
    wa.extend(wb);
    if dropped > 0 {
        wa.push(format!(
            "{dropped} trades were in both files (same trade id); kept once"
        ));
    }
    Recording {
        snapshots: merge_by(sa, sb, |s| s.time),
        trades: merge_by(ta, tb, |t| t.time),
        format: match (fa.is_empty(), fb.is_empty()) {
            (_, true) => fa,
            (true, false) => fb,
            (false, false) if fa == fb => fa,
            (false, false) => format!("{fa} + {fb}"),
        },
        warnings: wa,
    }
}

/// `r` with both series sorted by time (stable), as [`Recording`] promises.
fn sorted(mut r: Recording) -> Recording {
    into_time_order(&mut r.snapshots);
    into_time_order(&mut r.trades);
    r
}

/// Two time-sorted vectors as one, `a`'s first on ties.
fn merge_by<T>(a: Vec<T>, b: Vec<T>, time: impl Fn(&T) -> f64) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for x in a {
        while let Some(y) = b.next_if(|y| time(y) < time(&x)) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::market::{Aggressor, Snapshot, TradePrint};

    fn t(time: f64, id: u64, price: f64) -> TradePrint {
        TradePrint {
            time,
            price,
            qty: 1.0,
            aggressor: Aggressor::Buy,
            id,
        }
    }

    fn s(time: f64, bid: f64) -> Snapshot {
        Snapshot {
            bid_size: 1.0,
            ..Snapshot::from_price(time, bid, 0.0, 0.0)
        }
    }

    #[test]
    fn merges_by_time_stably_and_drops_repeated_ids() {
        let a = Recording {
            snapshots: vec![s(1.0, 10.0), s(2.0, 11.0)],
            trades: vec![t(1.0, 1, 1.0), t(2.0, 2, 1.0), t(2.0, 0, 1.0)],
            format: "Binance bookTicker dump".into(),
            warnings: vec!["a".into()],
        };
        let b = Recording {
            snapshots: vec![s(0.5, 20.0), s(2.0, 21.0), s(3.0, 22.0)],
            trades: vec![
                t(1.5, 0, 2.0),
                t(2.0, 2, 2.0),
                t(2.0, 0, 2.0),
                t(2.5, 3, 2.0),
            ],
            format: "Binance trades dump".into(),
            warnings: vec!["b".into()],
        };
        let m = merge(a, b);
        assert_eq!(
            m.snapshots
                .iter()
                .map(|x| (x.time, x.bid))
                .collect::<Vec<_>>(),
            [
                (0.5, 20.0),
                (1.0, 10.0),
                (2.0, 11.0),
                (2.0, 21.0),
                (3.0, 22.0)
            ]
        );
        assert_eq!(
            m.trades
                .iter()
                .map(|x| (x.time, x.id, x.price))
                .collect::<Vec<_>>(),
            [
                (1.0, 1, 1.0),
                (1.5, 0, 2.0),
                (2.0, 2, 1.0),
                (2.0, 0, 1.0),
                (2.0, 0, 2.0),
                (2.5, 3, 2.0)
            ]
        );
        assert_eq!(m.format, "Binance bookTicker dump + Binance trades dump");
        assert_eq!(m.warnings[..2], ["a".to_string(), "b".to_string()]);
        assert!(
            m.warnings[2].starts_with("1 trades were in both files"),
            "{:?}",
            m.warnings
        );
    }

    #[test]
    fn merging_with_empty_and_unsorted_inputs() {
        let a = Recording {
            trades: vec![t(2.0, 2, 1.0), t(1.0, 1, 1.0)],
            format: "x".into(),
            ..Default::default()
        };
        let m = merge(a.clone(), Recording::default());
        assert_eq!(m.trades.iter().map(|x| x.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(m.format, "x");
        let m = merge(Recording::default(), a.clone());
        assert_eq!(m.trades.len(), 2);
        // The same file twice: every trade kept once.
        assert_eq!(merge(a.clone(), a).trades.len(), 2);
    }
}
