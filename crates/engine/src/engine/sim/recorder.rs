//! What the simulator hands out each step, and who keeps it (as in hftbacktest's
//! recorders): [`SeriesRecorder`] keeps every step for the charts, [`NoRecorder`] keeps
//! nothing (sweeps, summaries: constant memory), and the live run keeps a bounded history
//! (`crate::live::run::BoundedRecorder`).

use super::{MarketPrint, Series, Trade};
use crate::engine::market::TradePrint;

/// One step's chart values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepRecord {
    /// Snapshot time.
    pub time: f64,
    /// Mid price.
    pub mid: f64,
    /// Market best bid.
    pub bid: f64,
    /// Market best ask.
    pub ask: f64,
    /// Our resting bid (NaN when none).
    pub our_bid: f64,
    /// Our resting ask (NaN when none).
    pub our_ask: f64,
    /// Base inventory.
    pub base: f64,
    /// Inventory value / equity.
    pub exposure: f64,
    /// Quote (cash) balance.
    pub cash: f64,
    /// Equity = cash + base * mid.
    pub equity: f64,
    /// Spread PnL so far: the edge of every fill against the mark.
    pub spread_pnl: f64,
    /// Inventory PnL so far: inventory held × mark change, summed over steps.
    pub inventory_pnl: f64,
    /// Fees paid so far (negative = rebates earned).
    pub fees: f64,
    /// Adaptive factor in force.
    pub factor: f64,
}

/// Receives each step's record and each fill.
pub trait Recorder {
    /// One step was simulated.
    fn step(&mut self, r: &StepRecord);
    /// A fill happened (before the step's record).
    fn trade(&mut self, t: &Trade);
    /// A market trade print arrived with step `step` (before the step's record); `filled`
    /// when one of our quotes filled from it.
    fn print(&mut self, _step: usize, _p: &TradePrint, _filled: bool) {}
    /// Whether it wants every market order of step `step`, also those that cannot fill
    /// us (the order-flow model then draws them; they never change the run).
    #[inline]
    fn all_orders(&self, _step: usize) -> bool {
        false
    }
}

/// Keeps nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRecorder;

impl Recorder for NoRecorder {
    #[inline]
    fn step(&mut self, _: &StepRecord) {}
    #[inline]
    fn trade(&mut self, _: &Trade) {}
}

/// Keeps every step's record as columns, and every fill.
#[derive(Debug, Clone)]
pub struct SeriesRecorder {
    /// Per-step series.
    pub series: Series,
    /// Every fill.
    pub trades: Vec<Trade>,
    /// The market's trade prints outside [`SeriesRecorder::orders_window`]: every one up
    /// to [`MAX_PRINTS`], then thinned (every second kept, then every fourth, …); a print
    /// that fills us is always recorded.
    pub prints: Vec<MarketPrint>,
    /// Keep one print in `stride` (prints that filled us always).
    stride: usize,
    seen: usize,
    /// Steps whose every market order is recorded, unthinned (a chart's detail).
    pub orders_window: std::ops::Range<usize>,
    /// Their prints: at most [`MAX_PRINTS`], beyond that only those that filled us.
    window_prints: Vec<MarketPrint>,
}

/// Market prints a recorder keeps before thinning them (12 MB; a chart shows far fewer).
pub const MAX_PRINTS: usize = 250_000;

/// Runs of at most this many steps record every market order of every step; longer runs
/// record them for a window of at most this many steps ([`SeriesRecorder::with_orders_window`]).
pub const ALL_ORDERS_STEPS: usize = 10_000;

impl Default for SeriesRecorder {
    fn default() -> Self {
        SeriesRecorder {
            series: Series::default(),
            trades: Vec::new(),
            prints: Vec::new(),
            stride: 1,
            seen: 0,
            orders_window: 0..0,
            window_prints: Vec::new(),
        }
    }
}

impl SeriesRecorder {
    /// The finished run: what was kept, with its KPIs.
    pub fn into_run(mut self, kpis: super::Kpis) -> super::RunResult {
        if !self.window_prints.is_empty() {
            // The window's prints go between the thinned ones before and after it.
            let at = self
                .prints
                .partition_point(|m| m.step < self.orders_window.start);
            self.prints.splice(at..at, self.window_prints);
        }
        super::RunResult {
            series: self.series,
            trades: self.trades,
            prints: self.prints,
            orders_window: None,
            kpis,
        }
    }

    /// A recorder with room for `steps` steps.
    pub fn with_capacity(steps: usize) -> Self {
        Self::with_orders_window(steps, 0..0)
    }

    /// A recorder with room for `steps` steps that records every market order of the
    /// steps in `window` (cut to [`ALL_ORDERS_STEPS`] steps from its start) and only
    /// those that can fill us elsewhere.
    pub fn with_orders_window(steps: usize, window: std::ops::Range<usize>) -> Self {
        let mut series = Series::default();
        series.reserve(steps);
        let end = window
            .end
            .min(window.start.saturating_add(ALL_ORDERS_STEPS));
        SeriesRecorder {
            series,
            trades: Vec::with_capacity(Self::trades_for(steps)),
            orders_window: window.start..end.max(window.start),
            ..Default::default()
        }
    }

    /// Fills reserved for a run of `steps` steps.
    fn trades_for(steps: usize) -> usize {
        steps / 2
    }

    /// The bytes [`SeriesRecorder::with_capacity`] reserves for `steps` steps.
    pub fn bytes_for(steps: usize) -> usize {
        steps * SERIES_COLUMNS * std::mem::size_of::<f64>()
            + Self::trades_for(steps) * std::mem::size_of::<Trade>()
    }
}

/// Columns of [`Series`] ([`Series::push`] lists them).
pub const SERIES_COLUMNS: usize = 14;

impl Recorder for SeriesRecorder {
    #[inline]
    fn step(&mut self, r: &StepRecord) {
        self.series.push(r);
    }
    #[inline]
    fn trade(&mut self, t: &Trade) {
        self.trades.push(*t);
    }
    #[inline]
    fn print(&mut self, step: usize, p: &TradePrint, filled: bool) {
        if self.orders_window.contains(&step) {
            if filled || self.window_prints.len() < MAX_PRINTS {
                self.window_prints.push(MarketPrint { step, print: *p });
            }
            return;
        }
        self.seen += 1;
        if !filled && !self.seen.is_multiple_of(self.stride) {
            return;
        }
        self.prints.push(MarketPrint { step, print: *p });
        if self.prints.len() >= MAX_PRINTS {
            // Halve: keep every second print (a fill's own print may go with it; the
            // hover then names no trade for that old fill).
            let mut i = 0;
            self.prints.retain(|_| {
                i += 1;
                i % 2 == 0
            });
            self.stride = self.stride.saturating_mul(2);
        }
    }
    #[inline]
    fn all_orders(&self, step: usize) -> bool {
        self.orders_window.contains(&step)
    }
}

impl Series {
    /// The one list of chart columns: appends a record.
    #[inline]
    pub fn push(&mut self, r: &StepRecord) {
        self.time.push(r.time);
        self.mid.push(r.mid);
        self.bid.push(r.bid);
        self.ask.push(r.ask);
        self.our_bid.push(r.our_bid);
        self.our_ask.push(r.our_ask);
        self.base.push(r.base);
        self.exposure.push(r.exposure);
        self.cash.push(r.cash);
        self.equity.push(r.equity);
        self.spread_pnl.push(r.spread_pnl);
        self.inventory_pnl.push(r.inventory_pnl);
        self.fees.push(r.fees);
        self.factor.push(r.factor);
    }

    /// Reserves room for `n` more records in every column.
    pub fn reserve(&mut self, n: usize) {
        self.time.reserve_exact(n);
        self.mid.reserve_exact(n);
        self.bid.reserve_exact(n);
        self.ask.reserve_exact(n);
        self.our_bid.reserve_exact(n);
        self.our_ask.reserve_exact(n);
        self.base.reserve_exact(n);
        self.exposure.reserve_exact(n);
        self.cash.reserve_exact(n);
        self.equity.reserve_exact(n);
        self.spread_pnl.reserve_exact(n);
        self.inventory_pnl.reserve_exact(n);
        self.fees.reserve_exact(n);
        self.factor.reserve_exact(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reserved_bytes_count_every_column() {
        let mut r = SeriesRecorder::default();
        r.step(&StepRecord {
            time: 1.0,
            mid: 1.0,
            bid: 1.0,
            ask: 1.0,
            our_bid: 1.0,
            our_ask: 1.0,
            base: 1.0,
            exposure: 1.0,
            cash: 1.0,
            equity: 1.0,
            spread_pnl: 1.0,
            inventory_pnl: 1.0,
            fees: 1.0,
            factor: 1.0,
        });
        let columns = serde_json::to_value(&r.series).unwrap();
        let columns = columns.as_object().unwrap();
        assert_eq!(columns.len(), SERIES_COLUMNS);
        assert!(columns.values().all(|c| c.as_array().unwrap().len() == 1));
        let with = SeriesRecorder::with_capacity(800);
        let reserved = with.series.time.capacity() * SERIES_COLUMNS * 8
            + with.trades.capacity() * std::mem::size_of::<Trade>();
        assert_eq!(SeriesRecorder::bytes_for(800), reserved);
    }
    use crate::engine::market::Aggressor;
    use crate::engine::sim::{Liquidity, Side};

    #[test]
    fn prints_are_bounded_and_the_ones_that_filled_us_kept() {
        let mut r = SeriesRecorder::default();
        let print = |id: u64| TradePrint {
            time: 0.0,
            price: 1.0,
            qty: 1.0,
            aggressor: Aggressor::Sell,
            id,
        };
        r.trade(&Trade {
            step: 0,
            time: 0.0,
            side: Side::Buy,
            liquidity: Liquidity::Maker,
            price: 1.0,
            amount: 1.0,
            fee: 0.0,
            base_after: 1.0,
            quote_after: 0.0,
            equity_after: 1.0,
            print_id: 7,
        });
        let n = 3 * MAX_PRINTS as u64;
        for id in 1..=n {
            r.print(0, &print(id), id == 7);
        }
        assert!(r.prints.len() < MAX_PRINTS, "{}", r.prints.len());
        assert!(r.prints.len() > MAX_PRINTS / 4, "{}", r.prints.len());
        // Every print that fills us is recorded, even between the kept ones.
        let mut r2 = SeriesRecorder::default();
        for id in 1..=n {
            r2.print(0, &print(id), id == n - 1);
        }
        assert!(r2.prints.iter().any(|m| m.print.id == n - 1));
        // Even if every print fills us, the log stays bounded.
        let mut all = SeriesRecorder::default();
        for id in 1..=n {
            all.print(0, &print(id), true);
        }
        assert!(all.prints.len() <= MAX_PRINTS);
        assert!(
            r.prints.iter().any(|m| m.print.id > n - 100),
            "recent prints kept"
        );
    }
}
