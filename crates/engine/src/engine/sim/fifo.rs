//! FIFO lot matching: buys open lots, sells close the oldest lots first. Each matched
//! chunk of quantity is one piece of a round trip, with both legs' fees apportioned to it.

use super::division::div_positive;
use super::positive::positive_finite;
use std::collections::VecDeque;

/// Open lots kept apart. Beyond this, a new buy is merged into the newest lot (quantity-
/// weighted price and fee), so memory stays bounded however long a run holds inventory;
/// FIFO order is kept, only the newest lot's buys are averaged together.
pub const MAX_OPEN_LOTS: usize = 65_536;

/// One open lot: what is left of a buy.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Lot {
    /// Base quantity still open.
    qty: f64,
    /// Buy price.
    price: f64,
    /// The buy's fee per unit of base (quote; negative = rebate).
    fee_per_unit: f64,
}

/// Open lots and the statistics of everything closed so far (`Fifo::default()` is empty).
///
/// A matched chunk of `q` base between a buy lot (price `b`, fee per unit `fb`) and a sell
/// of `qs` base at price `s` paying fee `fs` has
/// `pnl = (s - b) q - fb q - fs q / qs` and return `pnl / (b q)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fifo {
    lots: VecDeque<Lot>,
    round_trips: usize,
    closed_qty: f64,
    winning_qty: f64,
    /// Σ return_c × q_c = Σ pnl_c / b_c.
    weighted_return: f64,
}

impl Fifo {
    /// Opens a lot of `qty` bought at `price` paying `fee` (quote, for the whole buy).
    /// Non-positive or non-finite quantities are ignored.
    pub fn buy(&mut self, price: f64, qty: f64, fee: f64) {
        if !(positive_finite(qty) && price.is_finite()) {
            return;
        }
        if self.lots.len() >= MAX_OPEN_LOTS {
            if let Some(last) = self.lots.back_mut() {
                let total = last.qty + qty;
                last.price = (last.price * last.qty + price * qty) / total;
                last.fee_per_unit = (last.fee_per_unit * last.qty + fee) / total;
                last.qty = total;
                return;
            }
        }
        self.lots.push_back(Lot {
            qty,
            price,
            fee_per_unit: div_positive(fee, qty),
        });
    }

    /// Closes up to `qty` against the oldest lots at `price`, paying `fee` for the whole
    /// sell. A sell beyond the open lots closes only what is there (no shorting). Counts a
    /// round trip when any quantity closes. Returns the quantity closed.
    // Inlined into the step: a call there spills every live float register (x86-64 saves
    // none across calls), and LLVM's own choice varies with the number of callers.
    #[inline(always)]
    pub fn sell(&mut self, price: f64, qty: f64, fee: f64) -> f64 {
        if !(positive_finite(qty) && price.is_finite()) {
            return 0.0;
        }
        let sell_fee_per_unit = div_positive(fee, qty);
        let mut left = qty;
        let mut closed = 0.0;
        while left > 0.0 {
            let Some(lot) = self.lots.front_mut() else {
                break;
            };
            let q = lot.qty.min(left);
            let pnl = (price - lot.price) * q - lot.fee_per_unit * q - sell_fee_per_unit * q;
            if pnl > 0.0 {
                self.winning_qty += q;
            }
            if lot.price > 0.0 {
                self.weighted_return += pnl / lot.price;
            }
            self.closed_qty += q;
            closed += q;
            left -= q;
            if q >= lot.qty {
                self.lots.pop_front();
            } else {
                lot.qty -= q;
            }
        }
        if closed > 0.0 {
            self.round_trips += 1;
        }
        closed
    }

    /// Sell fills that closed some quantity.
    pub fn round_trips(&self) -> usize {
        self.round_trips
    }

    /// Total base quantity closed.
    #[cfg(test)]
    pub fn closed_qty(&self) -> f64 {
        self.closed_qty
    }

    /// Share of the closed quantity whose matched PnL (net of both fees) was positive;
    /// 0 when nothing closed.
    pub fn win_rate(&self) -> f64 {
        if self.closed_qty > 0.0 {
            self.winning_qty / self.closed_qty
        } else {
            0.0
        }
    }

    /// Quantity-weighted mean return of the matched chunks, net of both fees:
    /// Σ (pnl_c / (b_c q_c)) q_c / Σ q_c; 0 when nothing closed.
    pub fn average_return(&self) -> f64 {
        if self.closed_qty > 0.0 {
            self.weighted_return / self.closed_qty
        } else {
            0.0
        }
    }

    /// Base quantity still open.
    #[cfg(test)]
    pub fn open_qty(&self) -> f64 {
        self.lots.iter().map(|l| l.qty).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn open_lots_are_bounded_and_the_merged_lot_keeps_cost_and_fees() {
        let mut f = Fifo::default();
        for i in 0..MAX_OPEN_LOTS + 10 {
            f.buy(100.0 + (i % 2) as f64, 1.0, 0.1);
        }
        assert_eq!(f.lots.len(), MAX_OPEN_LOTS);
        let open: f64 = f.lots.iter().map(|l| l.qty).sum();
        assert_eq!(open, (MAX_OPEN_LOTS + 10) as f64);
        let cost: f64 = f.lots.iter().map(|l| l.qty * l.price).sum();
        let paid: f64 = (0..MAX_OPEN_LOTS + 10)
            .map(|i| 100.0 + (i % 2) as f64)
            .sum();
        assert!((cost - paid).abs() < 1e-6, "{cost} vs {paid}");
        let fees: f64 = f.lots.iter().map(|l| l.qty * l.fee_per_unit).sum();
        assert!((fees - 0.1 * (MAX_OPEN_LOTS + 10) as f64).abs() < 1e-6);
    }

    #[test]
    fn partial_lot_leaves_the_rest_open() {
        let mut f = Fifo::default();
        f.buy(100.0, 2.0, 0.0);
        assert_eq!(f.sell(110.0, 0.5, 0.0), 0.5);
        assert_eq!(f.round_trips(), 1);
        assert!(close(f.open_qty(), 1.5));
        assert!(close(f.average_return(), 0.1));
        assert_eq!(f.win_rate(), 1.0);
    }

    #[test]
    fn one_sell_spans_several_lots_oldest_first() {
        let mut f = Fifo::default();
        f.buy(100.0, 1.0, 0.0);
        f.buy(120.0, 1.0, 0.0);
        f.buy(90.0, 1.0, 0.0);
        // 1 @ 100 (+10), 0.5 @ 120 (-5): the 90 lot is untouched.
        f.sell(110.0, 1.5, 0.0);
        assert_eq!(f.round_trips(), 1);
        assert!(close(f.closed_qty(), 1.5));
        assert!(close(f.open_qty(), 1.5));
        // Winning quantity 1 of 1.5.
        assert!(close(f.win_rate(), 1.0 / 1.5));
        // (0.1 * 1 + (-10/120) * 0.5) / 1.5
        assert!(close(f.average_return(), (0.1 - 10.0 / 120.0 * 0.5) / 1.5));
        // The next sell starts with the rest of the 120 lot.
        f.sell(120.0, 0.5, 0.0);
        assert_eq!(f.round_trips(), 2);
        assert!(close(f.open_qty(), 1.0));
    }

    #[test]
    fn fees_are_apportioned_pro_rata() {
        let mut f = Fifo::default();
        // Buy fee 2 over 2 units = 1 per unit.
        f.buy(100.0, 2.0, 2.0);
        // Sell 1 at 101 paying 0.5: pnl = 1 - 1 - 0.5 = -0.5, a loss despite the price.
        f.sell(101.0, 1.0, 0.5);
        assert_eq!(f.win_rate(), 0.0);
        assert!(close(f.average_return(), -0.5 / 100.0));
        // Sell 2 (1 beyond the lots) at 103 paying 2: only 1 closes and carries half the
        // sell fee: pnl = 3 - 1 - 1 = 1.
        assert_eq!(f.sell(103.0, 2.0, 2.0), 1.0);
        assert_eq!(f.round_trips(), 2);
        assert!(close(f.win_rate(), 0.5));
        assert!(close(
            f.average_return(),
            (-0.5 / 100.0 + 1.0 / 100.0) / 2.0
        ));
    }

    #[test]
    fn win_rate_is_by_quantity_not_by_count() {
        let mut f = Fifo::default();
        f.buy(100.0, 9.0, 0.0);
        f.buy(100.0, 1.0, 0.0);
        f.sell(101.0, 9.0, 0.0); // one winning sell of 9
        f.sell(99.0, 0.5, 0.0); // two losing sells of 0.5
        f.sell(99.0, 0.5, 0.0);
        assert_eq!(f.round_trips(), 3);
        assert!(close(f.win_rate(), 0.9));
    }

    #[test]
    fn sell_with_no_lots_is_not_a_round_trip() {
        let mut f = Fifo::default();
        assert_eq!(f.sell(100.0, 1.0, 0.1), 0.0);
        f.buy(100.0, 0.0, 0.0);
        f.buy(100.0, f64::NAN, 0.0);
        assert_eq!(f.sell(100.0, 1.0, 0.1), 0.0);
        assert_eq!(f.round_trips(), 0);
        assert_eq!(f.win_rate(), 0.0);
        assert_eq!(f.average_return(), 0.0);
    }
}
