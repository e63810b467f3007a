//! A live paper-trading run: the engine stepped on every quote, with bounded history.

use super::history::History;
use crate::engine::config::MarketMakingConfig;
use crate::engine::market::Snapshot;
use crate::engine::sim::{Kpis, RunResult, Series, SimError, SimParams, Simulator, Trade};
use std::collections::VecDeque;

/// One step's chart values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    time: f64,
    mid: f64,
    bid: f64,
    ask: f64,
    our_bid: f64,
    our_ask: f64,
    base: f64,
    exposure: f64,
    cash: f64,
    equity: f64,
    realised: f64,
    unrealised: f64,
    factor: f64,
    step: u64,
}

/// Trades kept for the log and markers.
pub const MAX_TRADES: usize = 2000;

/// The engine plus bounded memory: full resolution for the newest points, thinned past.
#[derive(Debug, Clone)]
pub struct LiveRun {
    sim: Simulator,
    history: History<Record>,
    trades: VecDeque<Trade>,
    steps: u64,
}

impl LiveRun {
    /// Starts a run; keeps `recent` full-resolution points and up to `older` thinned ones.
    pub fn new(
        config: &MarketMakingConfig,
        params: &SimParams,
        recent: usize,
        older: usize,
    ) -> Result<Self, SimError> {
        Ok(Self {
            sim: Simulator::new(config, params)?,
            history: History::new(recent, older),
            trades: VecDeque::new(),
            steps: 0,
        })
    }

    /// Steps the engine on a new quote.
    pub fn step(&mut self, s: &Snapshot) {
        self.sim.step(s);
        let series = self.sim.take_series();
        let i = 0;
        if let Some(&time) = series.time.get(i) {
            self.history.push(Record {
                time,
                mid: series.mid[i],
                bid: series.bid[i],
                ask: series.ask[i],
                our_bid: series.our_bid[i],
                our_ask: series.our_ask[i],
                base: series.base[i],
                exposure: series.exposure[i],
                cash: series.cash[i],
                equity: series.equity[i],
                realised: series.realised[i],
                unrealised: series.unrealised[i],
                factor: series.factor[i],
                step: self.steps,
            });
        }
        for t in self.sim.take_trades() {
            self.trades.push_back(t);
            if self.trades.len() > MAX_TRADES {
                self.trades.pop_front();
            }
        }
        self.steps += 1;
    }

    /// Snapshots processed.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Points held in memory.
    pub fn points(&self) -> usize {
        self.history.len()
    }

    /// KPIs over the whole session.
    pub fn kpis(&self) -> Kpis {
        self.sim.kpis()
    }

    /// The kept history as a chartable run: series over the kept points, trades re-indexed
    /// to those points (trades older than the kept points are dropped from the view).
    pub fn view(&self) -> RunResult {
        let mut s = Series::default();
        let mut steps = Vec::with_capacity(self.history.len());
        for r in self.history.iter() {
            s.time.push(r.time);
            s.mid.push(r.mid);
            s.bid.push(r.bid);
            s.ask.push(r.ask);
            s.our_bid.push(r.our_bid);
            s.our_ask.push(r.our_ask);
            s.base.push(r.base);
            s.exposure.push(r.exposure);
            s.cash.push(r.cash);
            s.equity.push(r.equity);
            s.realised.push(r.realised);
            s.unrealised.push(r.unrealised);
            s.factor.push(r.factor);
            steps.push(r.step);
        }
        let trades = self
            .trades
            .iter()
            .filter_map(|t| {
                let idx = steps.partition_point(|&k| k < t.step as u64);
                (idx < steps.len()).then_some(Trade { step: idx, ..*t })
            })
            .collect();
        RunResult {
            series: s,
            trades,
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
