//! Cash, inventory and average-cost accounting.

/// Balances of one run. Starts all in quote currency.
///
/// Realised PnL uses the average-cost method and is net of fees, so at any mid price
/// `equity(mid) == initial + realised + unrealised(mid)` and `equity(mid) == cash + base * mid`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Account {
    /// Quote currency balance.
    pub cash: f64,
    /// Base currency balance (never negative: no shorting).
    pub base: f64,
    /// Average cost of the base held (0 when flat).
    pub avg_cost: f64,
    /// Realised PnL net of fees.
    pub realised: f64,
    /// Fees paid so far (negative = rebates received).
    pub fees: f64,
}

/// Inventory below this is treated as flat.
pub(crate) const DUST: f64 = 1e-12;

impl Account {
    /// A fresh account holding `capital` in quote.
    pub fn new(capital: f64) -> Self {
        Self {
            cash: capital,
            base: 0.0,
            avg_cost: 0.0,
            realised: 0.0,
            fees: 0.0,
        }
    }

    /// Buys `qty` at `price`, paying `fee_rate` of the notional. Returns the fee.
    pub fn buy(&mut self, price: f64, qty: f64, fee_rate: f64) -> f64 {
        let notional = price * qty;
        let fee = notional * fee_rate;
        let new_base = self.base + qty;
        self.avg_cost = (self.avg_cost * self.base + notional) / new_base;
        self.base = new_base;
        self.cash -= notional + fee;
        self.realised -= fee;
        self.fees += fee;
        fee
    }

    /// Sells `qty` at `price`, paying `fee_rate`. Returns (fee, realised PnL of this sale).
    pub fn sell(&mut self, price: f64, qty: f64, fee_rate: f64) -> (f64, f64) {
        let notional = price * qty;
        let fee = notional * fee_rate;
        let pnl = (price - self.avg_cost) * qty - fee;
        self.cash += notional - fee;
        self.base -= qty;
        if self.base < DUST {
            self.base = self.base.max(0.0);
            if self.base == 0.0 {
                self.avg_cost = 0.0;
            }
        }
        self.realised += pnl;
        self.fees += fee;
        (fee, pnl)
    }

    /// Largest quantity buyable at `price` with `fee_rate` without going below zero cash.
    #[inline]
    pub fn affordable(&self, price: f64, fee_rate: f64) -> f64 {
        (self.cash / (price * (1.0 + fee_rate.max(0.0)))).max(0.0)
    }

    /// Equity marked at `mid`.
    #[inline]
    pub fn equity(&self, mid: f64) -> f64 {
        self.cash + self.base * mid
    }

    /// Unrealised PnL at `mid`.
    #[inline]
    pub fn unrealised(&self, mid: f64) -> f64 {
        self.base * (mid - self.avg_cost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_books_pnl_and_fees() {
        let mut a = Account::new(1000.0);
        a.buy(100.0, 2.0, 0.001);
        assert!((a.cash - (1000.0 - 200.0 - 0.2)).abs() < 1e-12);
        assert_eq!(a.avg_cost, 100.0);
        let (fee, pnl) = a.sell(110.0, 1.0, 0.001);
        assert!((fee - 0.11).abs() < 1e-12);
        assert!((pnl - (10.0 - 0.11)).abs() < 1e-12);
        let mid = 105.0;
        let lhs = a.equity(mid);
        let rhs = 1000.0 + a.realised + a.unrealised(mid);
        assert!((lhs - rhs).abs() < 1e-9, "{lhs} vs {rhs}");
        a.sell(90.0, 1.0, 0.0);
        assert_eq!(a.base, 0.0);
        assert_eq!(a.avg_cost, 0.0);
    }

    #[test]
    fn affordable_never_overdraws() {
        let a = Account::new(100.0);
        let q = a.affordable(30.0, 0.01);
        let mut b = a;
        b.buy(30.0, q, 0.01);
        assert!(b.cash >= -1e-12);
    }
}
