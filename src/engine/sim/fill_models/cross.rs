//! Trade-through fills: a resting quote fills only when the market crosses it.

use super::FillRule;
use crate::engine::market::Snapshot;

/// Our bid fills when the market's ask falls to it or below; our ask fills when the
/// market's bid rises to it or above. Fills are complete and at our price.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cross;

impl FillRule for Cross {
    #[inline]
    fn bid_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        snap.ask <= price
    }

    #[inline]
    fn ask_fills(&mut self, price: f64, snap: &Snapshot) -> bool {
        snap.bid >= price
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
        };
        let mut m = Cross;
        assert!(!m.bid_fills(100.9, &s));
        assert!(m.bid_fills(101.0, &s));
        assert!(!m.ask_fills(99.1, &s));
        assert!(m.ask_fills(99.0, &s));
    }
}
