//! Trade-through fills: a resting quote fills only when the market crosses it.

use super::FillRule;
use crate::engine::market::Snapshot;
use crate::engine::sim::Quote;

/// Our bid fills when the market's ask falls to it or below, or a trade prints below it (an
/// OHLC bar's low); our ask fills when the market's bid rises to it or above, or a trade
/// prints above it (the bar's high). Fills are complete and at our price.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cross;

impl FillRule for Cross {
    #[inline]
    fn bid_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        if snap.sold_through(q.bid) {
            q.bid_size
        } else {
            0.0
        }
    }

    #[inline]
    fn ask_fill(&mut self, q: &Quote, snap: &Snapshot) -> f64 {
        if snap.bought_through(q.ask) {
            q.ask_size
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_only_when_traded_through() {
        let s = Snapshot {
            time: 0.0,
            bid: 99.0,
            ask: 101.0,
            last: 100.0,
            volume: 0.0,
            low: 0.0,
            high: 0.0,
            bid_size: 0.0,
            ask_size: 0.0,
        };
        let mut m = Cross;
        let q = |bid: f64, ask: f64| Quote {
            bid,
            bid_size: 1.0,
            ask,
            ask_size: 2.0,
            mid: 100.0,
        };
        assert_eq!(m.bid_fill(&q(100.9, 200.0), &s), 0.0);
        assert_eq!(m.bid_fill(&q(101.0, 200.0), &s), 1.0);
        assert_eq!(m.ask_fill(&q(1.0, 99.1), &s), 0.0);
        assert_eq!(m.ask_fill(&q(1.0, 99.0), &s), 2.0);
        // An OHLC bar whose low went below our bid and whose high went above our ask
        // traded through both; a print exactly at our price does not.
        let bar = s.with_range(98.0, 102.0);
        assert_eq!(m.bid_fill(&q(98.5, 200.0), &bar), 1.0);
        assert_eq!(m.ask_fill(&q(1.0, 101.5), &bar), 2.0);
        assert_eq!(m.bid_fill(&q(98.0, 200.0), &bar), 0.0);
        assert_eq!(m.ask_fill(&q(1.0, 102.0), &bar), 0.0);
    }
}
