//! Where our resting order stands in the queue at its price level, as in hftbacktest's
//! queue models (`backtest/models/queue.rs`). Only top-of-book sizes are known, so the
//! quantity ahead of us is estimated from the displayed size when we joined, then:
//!
//! - **risk-averse** (`RiskAdverseQueueModel`): only trades at our price move us forward;
//!   when the displayed size shrinks below our estimate, the estimate shrinks with it;
//! - **probabilistic** (`ProbQueueModel` with `PowerProbQueueFunc`, n = 3): a shrink of
//!   the displayed size that trades do not explain is a cancellation, ahead of us with
//!   probability f(front) / (f(front) + f(back)), f(x) = x³, so orders far back in a
//!   long queue are mostly cancelled behind us.

use serde::{Deserialize, Serialize};

/// The queue model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueueModel {
    /// Only trades advance us.
    #[default]
    RiskAverse,
    /// Cancellations advance us too, in proportion to the queue ahead (power 3).
    Probabilistic,
}

/// The power of hftbacktest's `PowerProbQueueFunc` used by [`QueueModel::Probabilistic`].
const POWER: i32 = 3;

/// Our place at one price level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueuePosition {
    /// Quantity ahead of us (infinite while our price is behind the visible touch).
    pub ahead: f64,
    /// Displayed size at our price when last seen (0 when not visible).
    pub displayed: f64,
    /// Quantity traded at our price since the displayed size was last seen.
    traded: f64,
}

impl QueuePosition {
    /// Joining a level that displays `displayed` (everything there is ahead of us);
    /// `None` when the level is not visible (behind the touch).
    pub fn join(displayed: Option<f64>) -> Self {
        QueuePosition {
            ahead: displayed.unwrap_or(f64::INFINITY),
            displayed: displayed.unwrap_or(0.0),
            traded: 0.0,
        }
    }

    /// A trade of `qty` at our price: it takes the queue ahead first; returns what is
    /// left for us (0 while the queue ahead lasts or is unknown).
    pub fn trade(&mut self, qty: f64) -> f64 {
        if !self.ahead.is_finite() {
            return 0.0;
        }
        self.traded += qty;
        let left = qty - self.ahead;
        self.ahead = (self.ahead - qty).max(0.0);
        left.max(0.0)
    }

    /// The displayed size at our price is now `now` (`None`: our price is no longer the
    /// visible touch).
    pub fn depth(&mut self, model: QueueModel, now: Option<f64>) {
        let Some(now) = now else {
            return;
        };
        if !self.ahead.is_finite() {
            // Our level just became visible: all of it counts as ahead (risk-averse start).
            self.ahead = now;
        } else {
            let change = self.displayed - now - self.traded;
            if change > 0.0 && model == QueueModel::Probabilistic {
                let front = self.ahead;
                let back = (self.displayed - front).max(0.0);
                let f = |x: f64| x.powi(POWER);
                let p_back = f(back) / (f(back) + f(front));
                let p_back = if p_back.is_finite() { p_back } else { 1.0 };
                self.ahead = front - (1.0 - p_back) * change + (back - p_back * change).min(0.0);
            }
            self.ahead = self.ahead.clamp(0.0, now.max(0.0));
        }
        self.displayed = now;
        self.traded = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// On any sequence of trades at our price and changes of the displayed size, the
        /// risk-averse queue never has less ahead of us, so it never fills earlier or more.
        #[test]
        fn risk_averse_never_fills_earlier_than_probabilistic(
            start in 0.0..50.0f64,
            visible in any::<bool>(),
            events in proptest::collection::vec((any::<bool>(), 0.0..20.0f64), 1..80),
        ) {
            let join = if visible { Some(start) } else { None };
            let (mut a, mut p) = (QueuePosition::join(join), QueuePosition::join(join));
            let (mut filled_a, mut filled_p) = (0.0, 0.0);
            for (is_trade, x) in events {
                if is_trade {
                    filled_a += a.trade(x);
                    filled_p += p.trade(x);
                } else {
                    a.depth(QueueModel::RiskAverse, Some(x));
                    p.depth(QueueModel::Probabilistic, Some(x));
                }
                prop_assert!(a.ahead >= p.ahead - 1e-9, "{} < {}", a.ahead, p.ahead);
                prop_assert!(filled_a <= filled_p + 1e-9);
            }
        }
    }

    #[test]
    fn trades_take_the_queue_ahead_first() {
        let mut q = QueuePosition::join(Some(5.0));
        assert_eq!(q.trade(3.0), 0.0);
        assert_eq!(q.ahead, 2.0);
        assert_eq!(q.trade(3.0), 1.0);
        assert_eq!(q.ahead, 0.0);
        assert_eq!(q.trade(2.0), 2.0);
    }

    #[test]
    fn behind_the_touch_nothing_fills_until_the_level_shows() {
        let mut q = QueuePosition::join(None);
        assert_eq!(q.trade(10.0), 0.0);
        q.depth(QueueModel::RiskAverse, Some(4.0));
        assert_eq!(q.ahead, 4.0);
        assert_eq!(q.trade(5.0), 1.0);
    }

    #[test]
    fn cancellations_move_only_the_probabilistic_queue() {
        // 10 displayed, 2 ahead of us, 8 behind; 6 cancelled (no trades).
        for (model, expected) in [
            (QueueModel::RiskAverse, 2.0),
            (QueueModel::Probabilistic, 2.0 - 6.0 * 8.0 / 520.0),
        ] {
            let mut q = QueuePosition::join(Some(10.0));
            q.ahead = 2.0;
            q.depth(model, Some(4.0));
            assert!((q.ahead - expected).abs() < 1e-12, "{model:?} {}", q.ahead);
        }
        // Near the front of a long queue, a cancellation is almost surely behind us...
        let mut front = QueuePosition::join(Some(100.0));
        front.ahead = 5.0;
        front.depth(QueueModel::Probabilistic, Some(90.0));
        assert!(front.ahead > 4.99, "{}", front.ahead);
        // ...and at the back, almost surely ahead.
        let mut back = QueuePosition::join(Some(100.0));
        back.ahead = 95.0;
        back.depth(QueueModel::Probabilistic, Some(90.0));
        assert!(back.ahead < 85.1, "{}", back.ahead);
        // Trades already counted are not counted again as cancellations.
        let mut t = QueuePosition::join(Some(10.0));
        t.ahead = 5.0;
        t.trade(3.0);
        t.depth(QueueModel::Probabilistic, Some(7.0));
        assert_eq!(t.ahead, 2.0);
        // A shrinking level never leaves more ahead of us than is displayed.
        let mut s = QueuePosition::join(Some(10.0));
        s.depth(QueueModel::RiskAverse, Some(3.0));
        assert_eq!(s.ahead, 3.0);
    }
}
