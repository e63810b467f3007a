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
    /// A market trade print arrived with step `step` (before the step's record).
    fn print(&mut self, _step: usize, _p: &TradePrint) {}
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
#[derive(Debug, Clone, Default)]
pub struct SeriesRecorder {
    /// Per-step series.
    pub series: Series,
    /// Every fill.
    pub trades: Vec<Trade>,
    /// Every market trade print.
    pub prints: Vec<MarketPrint>,
}

impl SeriesRecorder {
    /// A recorder with room for `steps` steps.
    pub fn with_capacity(steps: usize) -> Self {
        let mut series = Series::default();
        series.reserve(steps);
        SeriesRecorder {
            series,
            trades: Vec::with_capacity(steps / 8),
            prints: Vec::new(),
        }
    }
}

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
    fn print(&mut self, step: usize, p: &TradePrint) {
        self.prints.push(MarketPrint { step, print: *p });
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
