//! Putting market events into time order. Every reader sorts through [`into_time_order`],
//! so the program holds one stable sort per event type instead of one per call site (each
//! `sort_by` closure is compiled into its own copy of the sort, about 4 KB of wasm).

use crate::engine::market::{Snapshot, TradePrint};

/// A market event with a timestamp.
pub trait Timed {
    /// Seconds since the Unix epoch.
    fn time(&self) -> f64;
}

impl Timed for Snapshot {
    fn time(&self) -> f64 {
        self.time
    }
}

impl Timed for TradePrint {
    fn time(&self) -> f64 {
        self.time
    }
}

/// Sorts `events` by time unless they already are in order; the sort is stable, so events
/// at the same time keep their order. Returns whether they had to be sorted.
pub fn into_time_order<T: Timed>(events: &mut [T]) -> bool {
    if events.windows(2).all(|w| w[0].time() <= w[1].time()) {
        return false;
    }
    events.sort_by(|a, b| a.time().total_cmp(&b.time()));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(time: f64, last: f64) -> Snapshot {
        Snapshot::from_price(time, last, 0.0, 0.0)
    }

    #[test]
    fn sorts_stably_and_says_so() {
        let mut s = vec![
            snap(2.0, 1.0),
            snap(1.0, 2.0),
            snap(2.0, 3.0),
            snap(1.0, 4.0),
        ];
        assert!(into_time_order(&mut s));
        let order: Vec<(f64, f64)> = s.iter().map(|s| (s.time, s.last)).collect();
        assert_eq!(order, [(1.0, 2.0), (1.0, 4.0), (2.0, 1.0), (2.0, 3.0)]);
        assert!(!into_time_order(&mut s));
    }
}
