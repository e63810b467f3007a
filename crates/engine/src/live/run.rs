//! A live paper-trading run: the engine stepped on every quote, with bounded history.

use super::history::History;
use crate::engine::config::MarketMakingConfig;
use crate::engine::market::{Snapshot, TradePrint};
use crate::engine::sim::{
    Kpis, MarketPrint, Recorder, RunResult, Series, SimError, SimParams, Simulator, StepRecord,
    Trade,
};
use std::collections::VecDeque;

/// Trades kept for the log and markers.
pub const MAX_TRADES: usize = 2000;

/// The live run's recorder: the newest steps at full resolution and older ones thinned
/// ([`History`]), and the latest [`MAX_TRADES`] fills.
#[derive(Debug, Clone)]
pub struct BoundedRecorder {
    history: History<(StepRecord, u64)>,
    trades: VecDeque<Trade>,
    /// The latest [`MAX_TRADES`] market prints, with the step they arrived at.
    prints: VecDeque<(u64, TradePrint)>,
    steps: u64,
}

impl Recorder for BoundedRecorder {
    fn step(&mut self, r: &StepRecord) {
        self.history.push((*r, self.steps));
        self.steps += 1;
    }

    fn trade(&mut self, t: &Trade) {
        self.trades.push_back(*t);
        if self.trades.len() > MAX_TRADES {
            self.trades.pop_front();
        }
    }

    fn print(&mut self, _step: usize, p: &TradePrint, _filled: bool) {
        self.prints.push_back((self.steps, *p));
        if self.prints.len() > MAX_TRADES {
            self.prints.pop_front();
        }
    }
}

/// The engine plus bounded memory: full resolution for the newest points, thinned past.
#[derive(Debug, Clone)]
pub struct LiveRun {
    sim: Simulator<BoundedRecorder>,
}

impl LiveRun {
    /// Starts a run; keeps `recent` full-resolution points and up to `older` thinned ones.
    pub fn new(
        config: &MarketMakingConfig,
        params: &SimParams,
        recent: usize,
        older: usize,
    ) -> Result<Self, SimError> {
        let recorder = BoundedRecorder {
            history: History::new(recent, older),
            trades: VecDeque::new(),
            prints: VecDeque::new(),
            steps: 0,
        };
        Ok(Self {
            sim: Simulator::new(config, params, recorder)?,
        })
    }

    /// Steps the engine on a new quote.
    pub fn step(&mut self, s: &Snapshot) {
        self.sim.step(s);
    }

    /// Steps the engine on a new quote and the trades printed since the previous one.
    pub fn step_with(&mut self, s: &Snapshot, trades: &[TradePrint]) {
        self.sim.step_with(s, trades);
    }

    /// Snapshots processed.
    pub fn steps(&self) -> u64 {
        self.sim.recorder().steps
    }

    /// Points held in memory.
    pub fn points(&self) -> usize {
        self.sim.recorder().history.len()
    }

    /// KPIs over the whole session.
    pub fn kpis(&self) -> Kpis {
        self.sim.kpis()
    }

    /// The kept history as a chartable run: series over the kept points, trades re-indexed
    /// to those points (trades older than the kept points are dropped from the view).
    pub fn view(&self) -> RunResult {
        let rec = self.sim.recorder();
        let mut s = Series::default();
        s.reserve(rec.history.len());
        let mut steps = Vec::with_capacity(rec.history.len());
        for (r, step) in rec.history.iter() {
            s.push(r);
            steps.push(*step);
        }
        let trades = rec
            .trades
            .iter()
            .filter_map(|t| {
                let idx = steps.partition_point(|&k| k < t.step as u64);
                (idx < steps.len()).then_some(Trade { step: idx, ..*t })
            })
            .collect();
        let prints = rec
            .prints
            .iter()
            .filter_map(|(step, p)| {
                let idx = steps.partition_point(|&k| k < *step);
                (idx < steps.len()).then_some(MarketPrint {
                    step: idx,
                    print: *p,
                })
            })
            .collect();
        RunResult {
            series: s,
            trades,
            prints,
            orders_window: None,
            kpis: self.kpis(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::feed::{generate, RandomWalkParams};

    #[test]
    fn live_run_matches_a_batch_run_and_stays_bounded() {
        let snaps = generate(&RandomWalkParams::default(), 20_000).unwrap();
        let cfg = MarketMakingConfig::default();
        let p = SimParams::default();
        let mut live = LiveRun::new(&cfg, &p, 1000, 1000).unwrap();
        for s in &snaps {
            live.step(s);
            assert!(live.points() <= 2000);
        }
        let batch = crate::engine::sim::run(&cfg, &p, &snaps).unwrap();
        // Same engine, same numbers (the batch run knows its length only for AS horizons).
        assert_eq!(live.kpis(), batch.kpis);
        let v = live.view();
        assert_eq!(v.series.time.last(), batch.series.time.last());
        assert_eq!(v.series.equity.last(), batch.series.equity.last());
        assert!(v.trades.iter().all(|t| t.step < v.series.time.len()));
        assert_eq!(live.steps(), 20_000);
    }
}
