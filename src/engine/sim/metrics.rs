//! Running KPI accumulators: O(1) per step, no allocation.

use super::{Kpis, Liquidity, Side};

const SECONDS_PER_YEAR: f64 = 365.0 * 86_400.0;

/// Accumulates everything the KPIs need as the run goes.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    steps: usize,
    prev_equity: f64,
    // Welford over per-step equity returns.
    n_ret: u64,
    mean_ret: f64,
    m2_ret: f64,
    peak: f64,
    max_drawdown: f64,
    exposure_sum: f64,
    pub(crate) trades: usize,
    pub(crate) rebalances: usize,
    pub(crate) quotes_placed: u64,
    pub(crate) quotes_filled: u64,
    notional: f64,
    our_volume: f64,
    market_volume: f64,
    round_trips: usize,
    wins: usize,
    rt_return_sum: f64,
    pub(crate) asks_withheld: usize,
    pub(crate) bad_snapshots: usize,
}

impl Metrics {
    /// Starts with the initial equity.
    pub fn new(initial: f64) -> Self {
        Self {
            prev_equity: initial,
            peak: initial,
            ..Default::default()
        }
    }

    /// Records one step: equity and exposure (marked to mid), the step's market volume,
    /// the mark price inventory is valued at, and the inventory and its target (base units)
    /// at the end of the step.
    #[inline]
    pub fn on_step(
        &mut self,
        equity: f64,
        exposure: f64,
        market_volume: f64,
        _mark: f64,
        _base: f64,
        _target_base: f64,
    ) {
        self.steps += 1;
        if self.prev_equity > 0.0 {
            let r = equity / self.prev_equity - 1.0;
            self.n_ret += 1;
            let d = r - self.mean_ret;
            self.mean_ret += d / self.n_ret as f64;
            self.m2_ret += d * (r - self.mean_ret);
        }
        self.prev_equity = equity;
        if equity > self.peak {
            self.peak = equity;
        } else if self.peak > 0.0 {
            let dd = (self.peak - equity) / self.peak;
            if dd > self.max_drawdown {
                self.max_drawdown = dd;
            }
        }
        self.exposure_sum += exposure;
        if market_volume.is_finite() && market_volume > 0.0 {
            self.market_volume += market_volume;
        }
    }

    /// Records a fill of `qty` at `price` paying `fee`, while inventory is marked at `mark`.
    #[inline]
    pub fn on_fill(
        &mut self,
        _side: Side,
        _liquidity: Liquidity,
        price: f64,
        qty: f64,
        _fee: f64,
        _mark: f64,
    ) {
        self.trades += 1;
        self.notional += price * qty;
        self.our_volume += qty;
    }

    /// The KPIs given the run's starting capital, final equity parts and tick length.
    pub fn kpis(
        &self,
        initial: f64,
        final_value: f64,
        realised: f64,
        unrealised: f64,
        fees: f64,
        tick_seconds: f64,
    ) -> Kpis {
        let ratio = |a: f64, b: f64| if b > 0.0 && a.is_finite() { a / b } else { 0.0 };
        let var = if self.n_ret > 1 {
            self.m2_ret / (self.n_ret - 1) as f64
        } else {
            0.0
        };
        let std = var.max(0.0).sqrt();
        let per_year = SECONDS_PER_YEAR / tick_seconds;
        let volatility = finite(std * per_year.sqrt());
        let sharpe = if std > 1e-15 {
            finite(self.mean_ret / std * per_year.sqrt())
        } else {
            0.0
        };
        Kpis {
            initial_capital: initial,
            final_value,
            total_return_percentage: finite(ratio(final_value - initial, initial) * 100.0),
            total_trades: self.trades,
            round_trips: self.round_trips,
            average_return_per_round_trip: finite(ratio(
                self.rt_return_sum,
                self.round_trips as f64,
            )),
            win_rate: ratio(self.wins as f64, self.round_trips as f64),
            max_drawdown: finite(self.max_drawdown),
            sharpe,
            volatility,
            fill_rate: ratio(self.quotes_filled as f64, self.quotes_placed as f64),
            capital_utilisation: finite(ratio(self.exposure_sum, self.steps as f64)),
            turnover: finite(ratio(self.notional, initial)),
            market_share: (self.market_volume > 0.0)
                .then(|| finite(self.our_volume / self.market_volume)),
            realised_pnl: finite(realised),
            unrealised_pnl: finite(unrealised),
            fees_paid: finite(fees),
            rebalances: self.rebalances,
            steps: self.steps,
            asks_withheld_min_profit: self.asks_withheld,
            bad_snapshots: self.bad_snapshots,
        }
    }
}

#[inline]
fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_sharpe_and_ratios() {
        let mut m = Metrics::new(100.0);
        for e in [110.0, 99.0, 120.0, 108.0] {
            m.on_step(e, 0.5, 2.0);
        }
        m.on_fill(10.0, 1.0);
        m.on_round_trip(1.0, 10.0);
        m.on_round_trip(-1.0, 10.0);
        let k = m.kpis(100.0, 108.0, 8.0, 0.0, 0.0, 86_400.0);
        assert!((k.max_drawdown - 0.1).abs() < 1e-12);
        assert!((k.total_return_percentage - 8.0).abs() < 1e-12);
        assert_eq!(k.win_rate, 0.5);
        assert_eq!(k.average_return_per_round_trip, 0.0);
        assert_eq!(k.capital_utilisation, 0.5);
        assert_eq!(k.market_share, Some(1.0 / 8.0));
        assert!(k.volatility > 0.0 && k.sharpe.is_finite());
    }

    #[test]
    fn empty_run_has_no_nan() {
        let k = Metrics::new(100.0).kpis(100.0, 100.0, 0.0, 0.0, 0.0, 1.0);
        assert_eq!(k.sharpe, 0.0);
        assert_eq!(k.fill_rate, 0.0);
        assert_eq!(k.market_share, None);
    }
}
