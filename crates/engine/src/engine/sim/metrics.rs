//! Running KPI accumulators: O(1) per step and per fill (the FIFO lot book grows with the
//! number of open buys, amortised O(1) per fill).

use super::annualisation::{Clock, TimeSpan, YearBasis};
use super::attribution::Attribution;
use super::fifo::Fifo;
use super::positive::positive_finite;
use super::running_stats::RunningStats;
use super::{FillCause, Kpis, Liquidity, Side};

/// Accumulates everything the KPIs need as the run goes.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    steps: usize,
    prev_equity: f64,
    /// Per-step equity returns.
    returns: RunningStats,
    /// The snapshots' timestamps, for annualisation.
    span: TimeSpan,
    peak: f64,
    max_drawdown: f64,
    exposure_sum: f64,
    pub(crate) trades: usize,
    pub(crate) quotes_placed: u64,
    pub(crate) quotes_filled: u64,
    notional: f64,
    our_volume: f64,
    market_volume: f64,
    /// Round trips by FIFO lot matching.
    fifo: Fifo,
    /// Rebalancing fills (forced trades at market).
    forced_exits: usize,
    /// Inventory minus its target, base units, per step.
    inventory_gap: RunningStats,
    /// Inventory at the end of the last step.
    final_inventory: f64,
    /// Spread and inventory PnL.
    attribution: Attribution,
    /// Fills by cause: at our price after the queue, trade through, book cross, model.
    fills_by_cause: [usize; 4],
    pub(crate) asks_withheld: usize,
    pub(crate) quotes_clamped: usize,
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

    /// Records one step at `time`: equity and exposure (marked to mid), the step's market
    /// volume, the mark price inventory is valued at, and the inventory and its target (base
    /// units) at the end of the step.
    #[allow(clippy::too_many_arguments)]
    // Inlined into the step: a call there spills every live float register (x86-64 saves
    // none across calls), and LLVM's own choice varies with the number of callers.
    #[inline(always)]
    pub fn on_step(
        &mut self,
        time: f64,
        equity: f64,
        exposure: f64,
        market_volume: f64,
        mark: f64,
        base: f64,
        target_base: f64,
    ) {
        self.steps += 1;
        self.span.on_time(time);
        if self.prev_equity > 0.0 {
            self.returns.push(equity / self.prev_equity - 1.0);
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
        if positive_finite(market_volume) {
            self.market_volume += market_volume;
        }
        let gap = base - target_base;
        if gap.is_finite() {
            self.inventory_gap.push(gap);
        }
        self.final_inventory = base;
        self.attribution.on_step(mark, base);
    }

    /// A maker fill happened for `cause`.
    #[inline]
    pub fn on_fill_cause(&mut self, cause: FillCause) {
        self.fills_by_cause[match cause {
            FillCause::Queue => 0,
            FillCause::TradeThrough => 1,
            FillCause::BookCross => 2,
            FillCause::Model => 3,
        }] += 1;
    }

    /// The spread and inventory PnL so far.
    #[inline]
    pub(crate) fn attribution(&self) -> &Attribution {
        &self.attribution
    }

    /// Records a fill of `qty` at `price` paying `fee` (quote, negative = rebate), while
    /// inventory is marked at `mark`. Call it before the step's [`Metrics::on_step`].
    // Inlined into the step: a call there spills every live float register (x86-64 saves
    // none across calls), and LLVM's own choice varies with the number of callers.
    #[inline(always)]
    pub fn on_fill(
        &mut self,
        side: Side,
        liquidity: Liquidity,
        price: f64,
        qty: f64,
        fee: f64,
        mark: f64,
    ) {
        self.trades += 1;
        self.notional += price * qty;
        self.our_volume += qty;
        if liquidity == Liquidity::Rebalance {
            self.forced_exits += 1;
        }
        match side {
            Side::Buy => self.fifo.buy(price, qty, fee),
            Side::Sell => {
                self.fifo.sell(price, qty, fee);
            }
        }
        self.attribution.on_fill(side, price, qty, mark);
    }

    /// The KPIs given the run's starting capital and final equity parts; Sharpe and
    /// volatility are scaled by `clock` and `basis` (see [`super::annualisation`]).
    #[allow(clippy::too_many_arguments)]
    pub fn kpis(
        &self,
        initial: f64,
        final_value: f64,
        realised: f64,
        unrealised: f64,
        fees: f64,
        clock: Clock,
        basis: YearBasis,
    ) -> Kpis {
        let ratio = |a: f64, b: f64| if b > 0.0 && a.is_finite() { a / b } else { 0.0 };
        let std = self.returns.sample_variance().sqrt();
        let per_year = self.span.steps_per_year(clock, basis).unwrap_or(1.0);
        let volatility = finite(std * per_year.sqrt());
        let sharpe = if std > 1e-15 {
            finite(self.returns.mean() / std * per_year.sqrt())
        } else {
            0.0
        };
        Kpis {
            initial_capital: initial,
            final_value,
            total_return_percentage: finite(ratio(final_value - initial, initial) * 100.0),
            total_trades: self.trades,
            round_trips: self.fifo.round_trips(),
            average_return_per_round_trip: finite(self.fifo.average_return()),
            win_rate: finite(self.fifo.win_rate()),
            max_drawdown: finite(self.max_drawdown),
            sharpe,
            volatility,
            time_basis: self.span.basis(clock, basis),
            fill_rate: ratio(self.quotes_filled as f64, self.quotes_placed as f64),
            capital_utilisation: finite(ratio(self.exposure_sum, self.steps as f64)),
            turnover: finite(ratio(self.notional, initial)),
            market_share: (self.market_volume > 0.0)
                .then(|| finite(self.our_volume / self.market_volume)),
            realised_pnl: finite(realised),
            unrealised_pnl: finite(unrealised),
            fees_paid: finite(fees),
            rebalances: self.forced_exits,
            forced_exits: self.forced_exits,
            inventory_std: finite(self.inventory_gap.population_variance().sqrt()),
            final_inventory: finite(self.final_inventory),
            spread_pnl: finite(self.attribution.spread),
            inventory_pnl: finite(self.attribution.inventory),
            steps: self.steps,
            fills_at_queue: self.fills_by_cause[0],
            fills_trade_through: self.fills_by_cause[1],
            fills_book_cross: self.fills_by_cause[2],
            fills_model: self.fills_by_cause[3],
            asks_withheld_min_profit: self.asks_withheld,
            quotes_clamped: self.quotes_clamped,
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
        for (i, e) in [110.0, 99.0, 120.0, 108.0].into_iter().enumerate() {
            m.on_step(86_400.0 * i as f64, e, 0.5, 2.0, 0.0, 0.0, 0.0);
        }
        m.on_fill(Side::Buy, Liquidity::Maker, 10.0, 1.0, 0.0, 10.0);
        let k = m.kpis(
            100.0,
            108.0,
            8.0,
            0.0,
            0.0,
            Clock::Timestamps,
            YearBasis::Calendar,
        );
        assert!((k.max_drawdown - 0.1).abs() < 1e-12);
        assert!((k.total_return_percentage - 8.0).abs() < 1e-12);
        assert_eq!(k.capital_utilisation, 0.5);
        assert_eq!(k.market_share, Some(1.0 / 8.0));
        assert!(k.volatility > 0.0 && k.sharpe.is_finite());
        // Daily steps: a 365-day year scales the per-step figures by sqrt(365).
        let per_step = m.kpis(
            100.0,
            108.0,
            8.0,
            0.0,
            0.0,
            Clock::Steps,
            YearBasis::Calendar,
        );
        assert_eq!(per_step.time_basis, crate::engine::sim::TimeBasis::PerStep);
        assert!((k.volatility / per_step.volatility - 365f64.sqrt()).abs() < 1e-9);
        assert!((k.sharpe / per_step.sharpe - 365f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn round_trips_by_fifo_with_rebalances_counted() {
        let mut m = Metrics::new(1000.0);
        m.on_fill(Side::Buy, Liquidity::Maker, 100.0, 1.0, 0.1, 100.0);
        m.on_fill(Side::Buy, Liquidity::Maker, 100.0, 1.0, 0.1, 100.0);
        m.on_step(0.0, 1000.0, 0.2, 0.0, 100.0, 2.0, 0.0);
        // Win: (102 - 100) - 0.1 - 0.1 = 1.8 on 1 unit.
        m.on_fill(Side::Sell, Liquidity::Maker, 102.0, 1.0, 0.1, 101.0);
        // Forced loss: (95 - 100) - 0.1 - 0.2 on 1 unit.
        m.on_fill(Side::Sell, Liquidity::Rebalance, 95.0, 1.0, 0.2, 96.0);
        m.on_step(0.0, 996.5, 0.0, 0.0, 96.0, 0.0, 0.0);
        let k = m.kpis(
            1000.0,
            996.5,
            0.0,
            0.0,
            0.5,
            Clock::Timestamps,
            YearBasis::Calendar,
        );
        assert_eq!(k.round_trips, 2);
        assert_eq!(k.forced_exits, 1);
        assert_eq!(k.rebalances, 1);
        assert_eq!(k.win_rate, 0.5);
        let expected = (1.8 / 100.0 - 5.3 / 100.0) / 2.0;
        assert!((k.average_return_per_round_trip - expected).abs() < 1e-12);
        assert_eq!(k.final_inventory, 0.0);
    }

    #[test]
    fn inventory_std_is_over_steps_of_the_gap_to_target() {
        let mut m = Metrics::new(100.0);
        // Gaps 1, 3 (population std 1), whatever the target.
        m.on_step(0.0, 100.0, 0.0, 0.0, 10.0, 1.0, 0.0);
        m.on_step(0.0, 100.0, 0.0, 0.0, 10.0, 5.0, 2.0);
        let k = m.kpis(
            100.0,
            100.0,
            0.0,
            0.0,
            0.0,
            Clock::Timestamps,
            YearBasis::Calendar,
        );
        assert!((k.inventory_std - 1.0).abs() < 1e-12);
        assert_eq!(k.final_inventory, 5.0);
    }

    #[test]
    fn attribution_adds_up_on_a_hand_made_run() {
        // Capital 1000, fees 0.1 per fill, marks 100, 98, 103, 101.
        let fee = 0.1;
        let mut m = Metrics::new(1000.0);
        let (mut cash, mut base) = (1000.0, 0.0);
        let mut fill = |m: &mut Metrics, side, price: f64, qty: f64, mark| {
            m.on_fill(side, Liquidity::Maker, price, qty, fee, mark);
            match side {
                Side::Buy => {
                    cash -= price * qty + fee;
                    base += qty;
                }
                Side::Sell => {
                    cash += price * qty - fee;
                    base -= qty;
                }
            }
            (cash, base)
        };
        fill(&mut m, Side::Buy, 99.5, 2.0, 100.0);
        m.on_step(0.0, 0.0, 0.0, 0.0, 100.0, 2.0, 0.0);
        fill(&mut m, Side::Buy, 97.0, 1.0, 98.0);
        m.on_step(0.0, 0.0, 0.0, 0.0, 98.0, 3.0, 0.0);
        fill(&mut m, Side::Sell, 104.0, 2.5, 103.0);
        m.on_step(0.0, 0.0, 0.0, 0.0, 103.0, 0.5, 0.0);
        let (cash, base) = fill(&mut m, Side::Sell, 101.5, 0.5, 101.0);
        m.on_step(0.0, 0.0, 0.0, 0.0, 101.0, 0.0, 0.0);
        let final_value = cash + base * 101.0;
        let k = m.kpis(
            1000.0,
            final_value,
            0.0,
            0.0,
            4.0 * fee,
            Clock::Timestamps,
            YearBasis::Calendar,
        );
        // Spread: 0.5*2 + 1*1 + 1*2.5 + 0.5*0.5; inventory: 2*(-2) + 3*5 + 0.5*(-2).
        assert!((k.spread_pnl - 4.75).abs() < 1e-12);
        assert!((k.inventory_pnl - 10.0).abs() < 1e-12);
        let pnl = k.spread_pnl + k.inventory_pnl - k.fees_paid;
        assert!((pnl - (final_value - 1000.0)).abs() < 1e-9);
    }

    #[test]
    fn empty_run_has_no_nan() {
        let k = Metrics::new(100.0).kpis(
            100.0,
            100.0,
            0.0,
            0.0,
            0.0,
            Clock::Timestamps,
            YearBasis::Calendar,
        );
        assert_eq!(k.sharpe, 0.0);
        assert_eq!(k.fill_rate, 0.0);
        assert_eq!(k.market_share, None);
    }
}
