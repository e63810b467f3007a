//! [`RecordingRun`]: a run over a recording that can stop after any number of snapshots
//! and go on later, so a caller can spread a million-step run over several event-loop
//! turns. [`run_recording`](super::run_recording) is this run advanced in one go, so the
//! two agree bit for bit by construction.

use super::recorder::{Recorder, SeriesRecorder};
use super::simulator::Simulator;
use super::{Kpis, RunResult, SimError, SimParams};
use crate::engine::config::MarketMakingConfig;
use crate::engine::feed::Recording;
use std::ops::Range;

/// A run over one recording, in progress: each snapshot is stepped with the trades the
/// venue printed since the previous one (those before the first snapshot go with it;
/// those after the last are unused). Every call must pass the same recording.
#[derive(Debug, Clone)]
pub struct RecordingRun<R: Recorder = SeriesRecorder> {
    sim: Simulator<R>,
    /// Snapshots stepped so far.
    done: usize,
    /// The first trade not yet handed to the simulator.
    next_trade: usize,
}

impl RecordingRun<SeriesRecorder> {
    /// Starts a run that keeps every step's series, every fill and the market prints.
    pub fn new(
        config: &MarketMakingConfig,
        params: &SimParams,
        rec: &Recording,
    ) -> Result<Self, SimError> {
        Self::with_orders_window(config, params, rec, 0..0)
    }

    /// [`RecordingRun::new`], also keeping every market order of the order-flow model for
    /// the steps in `window` ([`SeriesRecorder::with_orders_window`]).
    pub fn with_orders_window(
        config: &MarketMakingConfig,
        params: &SimParams,
        rec: &Recording,
        window: Range<usize>,
    ) -> Result<Self, SimError> {
        let recorder = SeriesRecorder::with_orders_window(rec.snapshots.len(), window);
        Self::with_recorder(config, params, rec, recorder)
    }

    /// The finished run (call once [`RecordingRun::advance`] has returned `true`).
    pub fn into_result(self) -> RunResult {
        self.sim.into_run()
    }
}

impl<R: Recorder> RecordingRun<R> {
    /// Starts a run that hands its steps and fills to `recorder`. Refuses an empty recording.
    pub fn with_recorder(
        config: &MarketMakingConfig,
        params: &SimParams,
        rec: &Recording,
        recorder: R,
    ) -> Result<Self, SimError> {
        if rec.snapshots.is_empty() {
            return Err(SimError::EmptyFeed);
        }
        Ok(RecordingRun {
            sim: Simulator::build(config, params, recorder, Some(rec.snapshots.len()))?,
            done: 0,
            next_trade: 0,
        })
    }

    /// Steps up to `steps` more snapshots of `rec`; returns whether the run is complete.
    // Never inlined: its hot loop keeps the engine's opt-level 3 when called from the app,
    // which the web build optimises for size (`[profile.web]` in the root Cargo.toml).
    #[inline(never)]
    pub fn advance(&mut self, rec: &Recording, steps: usize) -> bool {
        let end = self.done.saturating_add(steps).min(rec.snapshots.len());
        for s in &rec.snapshots[self.done..end] {
            let (trades, next) = rec.trades_until(self.next_trade, s.time);
            self.next_trade = next;
            self.sim.step_with(s, trades);
        }
        self.done = end;
        self.done == rec.snapshots.len()
    }

    /// Snapshots stepped so far.
    pub fn steps_done(&self) -> usize {
        self.done
    }

    /// KPIs so far.
    pub fn kpis(&self) -> Kpis {
        self.sim.kpis()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::feed::{generate, RandomWalkParams};
    use crate::engine::market::{Aggressor, TradePrint};
    use crate::engine::sim::{run, run_detailed, run_recording, FillModelKind, StrategyKind};

    fn recording(trades: bool) -> Recording {
        let snapshots = generate(&RandomWalkParams::default(), 3_000).unwrap();
        let trades = if trades {
            snapshots
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 3 == 0)
                .map(|(i, s)| TradePrint {
                    time: s.time - 1.0,
                    price: if i % 2 == 0 { s.bid } else { s.ask },
                    qty: 0.5,
                    aggressor: if i % 2 == 0 {
                        Aggressor::Sell
                    } else {
                        Aggressor::Buy
                    },
                    id: i as u64 + 1,
                })
                .collect()
        } else {
            Vec::new()
        };
        Recording {
            snapshots,
            trades,
            ..Default::default()
        }
    }

    /// Debug text also compares the NaN quote gaps (NaN != NaN under PartialEq).
    fn same(a: &RunResult, b: &RunResult) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn a_run_in_slices_equals_the_run_in_one_go() {
        let cfg = MarketMakingConfig::default();
        for (with_trades, fill) in [
            (false, FillModelKind::Flow),
            (false, FillModelKind::Intensity),
            (true, FillModelKind::Trades),
        ] {
            let rec = recording(with_trades);
            let p = SimParams {
                fill_model: fill,
                strategy: StrategyKind::AvellanedaStoikov,
                ..SimParams::default()
            };
            let whole = run_recording(&cfg, &p, &rec).unwrap();
            if !with_trades {
                // Without trade prints, a run of the snapshots with the same orders kept.
                let mut all = RecordingRun::with_orders_window(&cfg, &p, &rec, 0..3000).unwrap();
                all.advance(&rec, usize::MAX);
                assert!(same(
                    &all.into_result(),
                    &run(&cfg, &p, &rec.snapshots).unwrap()
                ));
                let mut some = RecordingRun::with_orders_window(&cfg, &p, &rec, 10..90).unwrap();
                for _ in 0..30 {
                    some.advance(&rec, 100);
                }
                let detailed = run_detailed(&cfg, &p, &rec.snapshots, 10..90).unwrap();
                assert!(same(&some.into_result(), &detailed));
            } else {
                assert!(!whole.prints.is_empty());
            }
            for slice in [1, 7, 1000, 2999, 3000, usize::MAX] {
                let mut r = RecordingRun::new(&cfg, &p, &rec).unwrap();
                let mut turns = 0;
                while !r.advance(&rec, slice) {
                    turns += 1;
                    assert!(r.steps_done() < rec.snapshots.len());
                }
                assert_eq!(turns, rec.snapshots.len().div_ceil(slice.min(3000)) - 1);
                assert!(same(&r.into_result(), &whole), "slice {slice}, {fill:?}");
            }
        }
    }

    #[test]
    fn an_empty_recording_is_refused() {
        assert!(matches!(
            RecordingRun::new(
                &MarketMakingConfig::default(),
                &SimParams::default(),
                &Recording::default()
            ),
            Err(SimError::EmptyFeed)
        ));
    }
}
