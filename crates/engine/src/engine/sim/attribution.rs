//! PnL attribution: where the run's money came from.
//!
//! Valuing the books at the step's mark `m_t`, each step first moves the mark with the
//! inventory held going in, then trades at that mark. So the change of
//! `cash + base × mark` splits exactly into
//!
//! * spread: per fill, the edge against the mark, buy `(m − p) q`, sell `(p − m) q`;
//! * inventory: per step, `base_{t−1} × (m_t − m_{t−1})`;
//! * fees: per fill, minus the fee;
//!
//! and `spread + inventory − fees == final value − initial capital` (to rounding), since
//! the run starts flat.

use super::positive::positive_finite;
use super::{Kpis, Side};

/// Running spread and inventory PnL (fees are summed by the account).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Attribution {
    /// Σ over fills of the edge against the mark.
    pub spread: f64,
    /// Σ over steps of the inventory going in times the mark change.
    pub inventory: f64,
    /// Mark at the end of the last step (0 before the first valid one).
    prev_mark: f64,
    /// Inventory at the end of the last step.
    prev_base: f64,
}

impl Attribution {
    /// One fill of `qty` at `price` while inventory is marked at `mark`.
    #[inline]
    pub fn on_fill(&mut self, side: Side, price: f64, qty: f64, mark: f64) {
        self.spread += match side {
            Side::Buy => (mark - price) * qty,
            Side::Sell => (price - mark) * qty,
        };
    }

    /// The end of a step: its mark and the inventory after its fills. The mark change is
    /// charged to the inventory held at the end of the previous step; the first valid mark
    /// (and any non-positive or non-finite one) moves nothing.
    #[inline]
    pub fn on_step(&mut self, mark: f64, base: f64) {
        if positive_finite(mark) {
            if self.prev_mark > 0.0 {
                self.inventory += self.prev_base * (mark - self.prev_mark);
            }
            self.prev_mark = mark;
        }
        self.prev_base = base;
    }
}

/// One plain sentence saying where the PnL came from, amounts in `quote` with two decimals,
/// e.g. "Earned 12.34 USDT from the spread, lost 5.67 USDT holding inventory while the price
/// moved, paid 1.00 USDT in fees."
pub fn attribution_sentence(k: &Kpis, quote: &str) -> String {
    let spread = if cents(k.spread_pnl) >= 0.0 {
        format!("Earned {} {quote} from the spread", money(k.spread_pnl))
    } else {
        format!("Lost {} {quote} to the spread", money(k.spread_pnl))
    };
    let inventory = format!(
        "{} {} {quote} holding inventory while the price moved",
        if cents(k.inventory_pnl) >= 0.0 {
            "earned"
        } else {
            "lost"
        },
        money(k.inventory_pnl)
    );
    let fees = if cents(k.fees_paid) >= 0.0 {
        format!("paid {} {quote} in fees", money(k.fees_paid))
    } else {
        format!("received {} {quote} in fee rebates", money(k.fees_paid))
    };
    format!("{spread}, {inventory}, {fees}.")
}

/// The amount rounded to cents, so the sign matches what is printed (−0.001 is "0.00").
fn cents(x: f64) -> f64 {
    if x.is_finite() {
        (x * 100.0).round()
    } else {
        0.0
    }
}

/// |x| with two decimals.
fn money(x: f64) -> String {
    format!("{:.2}", (cents(x) / 100.0).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_order_mark_moves_first_then_fills_trade_at_it() {
        // Capital 1000. Step 0: mark 100, buy 2 @ 99 (fee 0.2). Step 1: mark 105, sell 1 @ 106
        // (fee 0.1). Step 2: mark 102.
        let mut a = Attribution::default();
        let mut cash = 1000.0;
        a.on_fill(Side::Buy, 99.0, 2.0, 100.0);
        cash -= 99.0 * 2.0 + 0.2;
        a.on_step(100.0, 2.0);
        a.on_fill(Side::Sell, 106.0, 1.0, 105.0);
        cash += 106.0 - 0.1;
        a.on_step(105.0, 1.0);
        a.on_step(102.0, 1.0);
        assert!((a.spread - (2.0 + 1.0)).abs() < 1e-12);
        assert!((a.inventory - (2.0 * 5.0 - 3.0)).abs() < 1e-12);
        let final_value = cash + 1.0 * 102.0;
        let fees = 0.3;
        assert!((a.spread + a.inventory - fees - (final_value - 1000.0)).abs() < 1e-9);
    }

    #[test]
    fn marks_before_the_first_valid_one_move_nothing() {
        let mut a = Attribution::default();
        a.on_step(0.0, 0.0);
        a.on_step(100.0, 1.0);
        a.on_step(f64::NAN, 1.0);
        a.on_step(110.0, 1.0);
        assert_eq!(a.inventory, 10.0);
    }

    #[test]
    fn sentence_picks_words_by_sign() {
        let k = Kpis {
            spread_pnl: 12.344,
            inventory_pnl: -5.666,
            fees_paid: 1.0,
            ..Kpis::default()
        };
        assert_eq!(
            attribution_sentence(&k, "USDT"),
            "Earned 12.34 USDT from the spread, lost 5.67 USDT holding inventory while the \
             price moved, paid 1.00 USDT in fees."
        );
        let k = Kpis {
            spread_pnl: -3.0,
            inventory_pnl: 0.5,
            fees_paid: -0.25,
            ..Kpis::default()
        };
        assert_eq!(
            attribution_sentence(&k, "EUR"),
            "Lost 3.00 EUR to the spread, earned 0.50 EUR holding inventory while the price \
             moved, received 0.25 EUR in fee rebates."
        );
        let k = Kpis {
            inventory_pnl: -0.001,
            ..Kpis::default()
        };
        assert!(attribution_sentence(&k, "USDT").contains("earned 0.00 USDT holding"));
    }
}
