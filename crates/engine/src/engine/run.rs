//! The one run path: settings → feed → simulator → result. The app, the web workers and
//! the CLI all build runs here, so they agree on defaults and on every derived parameter.
//! A data file's runs go through [`FileRun`], which can also be advanced a slice at a time.

use super::feed::{
    generate, FeedError, PriceRow, RandomWalk, RandomWalkParams, Recording, WalkKind,
};
use super::limits::MAX_STEPS;
use super::market::Snapshot;
use super::settings::{FeedKind, Settings};
use super::sim::{self, Clock, Kpis, RunResult, SimError, SimParams};
use std::fmt;

mod file_run;
mod median_tick;
mod while_parsing;
pub use file_run::{run_file, FileRun, Pinned};
pub use median_tick::median_tick;
pub use while_parsing::{summary_while_parsing, PricesSummary};

/// Why a run could not be prepared or run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// The feed is an uploaded CSV but none is loaded.
    NoCsv,
    /// The live feed streams; it cannot be prepared in advance.
    Live,
    /// A synthetic-feed parameter is out of range.
    Feed(FeedError),
    /// The simulator refused the config or parameters, or the feed is empty.
    Sim(SimError),
    /// More steps than a run that keeps its series may have.
    TooManySteps(usize),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NoCsv => f.write_str("load a CSV file first"),
            RunError::Live => f.write_str("the live feed streams; it is not prepared in advance"),
            RunError::Feed(e) => e.fmt(f),
            RunError::Sim(e) => e.fmt(f),
            RunError::TooManySteps(n) => write!(
                f,
                "{n} steps: a run with charts or a trade log keeps every step, so at most {MAX_STEPS} (KPIs alone, as `spreadlab run --json` without --trades, stream any number)"
            ),
        }
    }
}

impl std::error::Error for RunError {}

impl From<SimError> for RunError {
    fn from(e: SimError) -> Self {
        RunError::Sim(e)
    }
}

/// The market data a run uses: the seeded synthetic walk, or the given CSV snapshots.
pub fn feed(settings: &Settings, csv: Option<&[Snapshot]>) -> Result<Vec<Snapshot>, RunError> {
    match settings.feed {
        FeedKind::Csv => Ok(csv.ok_or(RunError::NoCsv)?.to_vec()),
        FeedKind::Live => Err(RunError::Live),
        FeedKind::RandomWalk | FeedKind::MeanReverting => {
            if settings.steps as u64 > MAX_STEPS {
                return Err(RunError::TooManySteps(settings.steps));
            }
            generate(&walk_params(settings), settings.steps).map_err(RunError::Feed)
        }
    }
}

/// The synthetic walk's parameters, its kind from the feed choice.
fn walk_params(settings: &Settings) -> RandomWalkParams {
    let mut p = settings.walk.clone();
    p.kind = if settings.feed == FeedKind::MeanReverting {
        WalkKind::MeanReverting
    } else {
        WalkKind::Gbm
    };
    p
}

/// KPIs only, in constant memory: a synthetic feed is generated a step at a time and never
/// stored, so any number of steps up to the table's limit runs in a few megabytes. The
/// same numbers as [`run_summary`] on [`feed`].
pub fn summary(settings: &Settings, csv: Option<&[Snapshot]>) -> Result<Kpis, RunError> {
    summary_reporting(settings, csv, &mut |_| {})
}

/// [`summary`], telling `progress` the steps done now and then (a synthetic feed only).
pub fn summary_reporting(
    settings: &Settings,
    csv: Option<&[Snapshot]>,
    progress: &mut dyn FnMut(usize),
) -> Result<Kpis, RunError> {
    if settings.feed.is_synthetic() {
        let walk = RandomWalk::new(&walk_params(settings)).map_err(RunError::Feed)?;
        let params = sim_params(settings, &[]);
        Ok(sim::run_summary_streamed(
            &settings.config,
            &params,
            walk,
            settings.steps,
            progress,
        )?)
    } else {
        run_summary(settings, &feed(settings, csv)?)
    }
}

/// The simulation parameters for `settings` on `feed`: the seed is the run's seed and the
/// tick length is the synthetic walk's, or the feed's median spacing for a CSV. Only a CSV
/// can lack real time (`settings.sim.clock`, set from [`crate::engine::feed::CsvFeed::clock`]).
pub fn sim_params(settings: &Settings, feed: &[Snapshot]) -> SimParams {
    params_with_tick(settings, || median_tick(feed))
}

/// [`sim_params`] with the feed's median spacing from `feed_tick` (called for a CSV only).
fn params_with_tick(settings: &Settings, feed_tick: impl FnOnce() -> f64) -> SimParams {
    SimParams {
        seed: settings.seed(),
        clock: if settings.feed == FeedKind::Csv {
            settings.sim.clock
        } else {
            Clock::Timestamps
        },
        tick_seconds: if settings.feed == FeedKind::Csv {
            feed_tick()
        } else {
            settings.walk.tick_seconds
        },
        ..settings.sim.clone()
    }
}

/// Feed and parameters together.
pub fn prepare(
    settings: &Settings,
    csv: Option<&[Snapshot]>,
) -> Result<(Vec<Snapshot>, SimParams), RunError> {
    let snaps = feed(settings, csv)?;
    let params = sim_params(settings, &snaps);
    Ok((snaps, params))
}

/// A whole run with per-step series and trades.
pub fn run(settings: &Settings, feed: &[Snapshot]) -> Result<RunResult, RunError> {
    Ok(sim::run(
        &settings.config,
        &sim_params(settings, feed),
        feed,
    )?)
}

/// [`run`] for a chart showing steps `from..to` (a zoom): when that window is at most
/// [`sim::ALL_ORDERS_STEPS`] long, every market order of the order-flow model in it is
/// recorded, not only those that reached our quotes. Same fills and KPIs as [`run`].
pub fn run_for_window(
    settings: &Settings,
    feed: &[Snapshot],
    window: Option<(usize, usize)>,
) -> Result<RunResult, RunError> {
    let params = sim_params(settings, feed);
    let orders = orders_steps(feed.len(), window);
    Ok(sim::run_detailed(&settings.config, &params, feed, orders)?)
}

/// The steps whose every market order a run of `steps` steps for a chart showing `window`
/// records: [`orders_window`], else the run's default ([`sim::all_orders`]).
fn orders_steps(steps: usize, window: Option<(usize, usize)>) -> std::ops::Range<usize> {
    orders_window(steps, window).unwrap_or_else(|| sim::all_orders(steps))
}

/// The steps whose every market order a run for a chart showing `window` of `steps`
/// records, when the window is short enough to show orders one by one: the window,
/// widened on both sides to [`sim::ALL_ORDERS_STEPS`] steps so the view can pan without
/// a re-run (`None`: the run's default).
pub fn orders_window(
    steps: usize,
    window: Option<(usize, usize)>,
) -> Option<std::ops::Range<usize>> {
    let (from, to) = window?;
    let len = to.saturating_sub(from);
    if steps <= sim::ALL_ORDERS_STEPS || len == 0 || len > sim::ALL_ORDERS_STEPS {
        return None;
    }
    let margin = (sim::ALL_ORDERS_STEPS - len) / 2;
    let start = from.saturating_sub(margin);
    let end = to.saturating_add(margin).min(steps);
    Some(start..end)
}

/// A whole run, KPIs only, in constant memory.
pub fn run_summary(settings: &Settings, feed: &[Snapshot]) -> Result<Kpis, RunError> {
    Ok(sim::run_summary(
        &settings.config,
        &sim_params(settings, feed),
        feed,
    )?)
}

/// [`run_summary`] over a CSV kept as [`PriceRow`]s read with `half_spread`
/// ([`read_prices_in_pieces`](super::feed::read_prices_in_pieces)): each row becomes its snapshot as
/// the run reaches it, so the same KPIs as [`run_summary`] on the snapshots, from a third
/// of the memory.
pub fn run_summary_prices(
    settings: &Settings,
    rows: &[PriceRow],
    half_spread: f64,
) -> Result<Kpis, RunError> {
    Ok(sim::run_summary_streamed(
        &settings.config,
        &params_with_tick(settings, || median_tick(rows)),
        rows.iter().map(|r| r.snapshot(half_spread)),
        rows.len(),
        &mut |_| {},
    )?)
}

/// A whole run over a recording (snapshots and the trades between them).
pub fn run_recording(settings: &Settings, rec: &Recording) -> Result<RunResult, RunError> {
    check_steps(rec)?;
    Ok(sim::run_recording(
        &settings.config,
        &sim_params(settings, &rec.snapshots),
        rec,
    )?)
}

/// A run that keeps its series may have at most [`MAX_STEPS`] steps.
fn check_steps(rec: &Recording) -> Result<(), RunError> {
    if rec.snapshots.len() as u64 > MAX_STEPS {
        return Err(RunError::TooManySteps(rec.snapshots.len()));
    }
    Ok(())
}

/// KPIs of a run over a recording.
pub fn summary_recording(settings: &Settings, rec: &Recording) -> Result<Kpis, RunError> {
    Ok(sim::run_summary_recording(
        &settings.config,
        &sim_params(settings, &rec.snapshots),
        rec,
    )?)
}

/// A/B comparison on the identical feed: B is `settings`; A keeps its own config and
/// strategy/fill/fee parameters, with the feed-derived ones taken from B ([`pinned_params`]).
/// Returns (A, B).
pub fn run_ab(
    settings: &Settings,
    a: &Pinned,
    feed: &[Snapshot],
    window: Option<(usize, usize)>,
) -> Result<(RunResult, RunResult), RunError> {
    let b = run_for_window(settings, feed, window)?;
    let b_params = sim_params(settings, feed);
    let a = sim::run(&a.0, &pinned_params(&a.1, &b_params), feed)?;
    Ok((a, b))
}

/// [`run_ab`] over a recording with trade prints.
pub fn run_ab_recording(
    settings: &Settings,
    a: &Pinned,
    rec: &Recording,
) -> Result<(RunResult, RunResult), RunError> {
    check_steps(rec)?;
    let b_params = sim_params(settings, &rec.snapshots);
    let b = sim::run_recording(&settings.config, &b_params, rec)?;
    let a = sim::run_recording(&a.0, &pinned_params(&a.1, &b_params), rec)?;
    Ok((a, b))
}

/// The parameters of a pinned run A beside run B: A's own strategy, fill and fee
/// parameters with B's feed-derived ones (seed, tick length and clock), so both run on
/// the same market in the same time.
pub fn pinned_params(a: &SimParams, b: &SimParams) -> SimParams {
    SimParams {
        tick_seconds: b.tick_seconds,
        seed: b.seed,
        clock: b.clock,
        ..a.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sim::FillModelKind;

    #[test]
    fn streamed_summaries_equal_stored_ones_and_long_recorded_runs_are_refused() {
        for feed in [FeedKind::RandomWalk, FeedKind::MeanReverting] {
            let mut s = Settings {
                feed,
                steps: 3_000,
                ..Settings::default()
            };
            s.sim.fill_model = FillModelKind::Intensity;
            let stored = run_summary(&s, &super::feed(&s, None).unwrap()).unwrap();
            assert_eq!(summary(&s, None).unwrap(), stored);
        }
        let long = Settings {
            steps: MAX_STEPS as usize + 1,
            ..Settings::default()
        };
        assert_eq!(
            super::feed(&long, None),
            Err(RunError::TooManySteps(MAX_STEPS as usize + 1))
        );
    }

    #[test]
    fn a_and_b_share_the_feed_step_for_step() {
        let mut b = Settings {
            steps: 3000,
            ..Settings::default()
        };
        let a = (b.config.clone(), b.sim.clone());
        b.config.spread_percentage = 0.003;
        b.sim.fill_model = FillModelKind::Intensity;
        let snaps = feed(&b, None).unwrap();
        let (ra, rb) = run_ab(&b, &a, &snaps, None).unwrap();
        assert_eq!(ra.series.time, rb.series.time);
        assert_eq!(ra.series.mid, rb.series.mid);
        assert_eq!(ra.series.bid, rb.series.bid);
        assert_ne!(ra.kpis.total_trades, rb.kpis.total_trades);
        // A on its own equals A in the pair.
        let alone = Settings {
            config: a.0.clone(),
            sim: a.1.clone(),
            ..b.clone()
        };
        assert_eq!(run(&alone, &snaps).unwrap().kpis, ra.kpis);
        assert_eq!(run_summary(&alone, &snaps).unwrap(), ra.kpis);
    }

    #[test]
    fn price_rows_run_as_their_snapshots() {
        let s = Settings {
            feed: FeedKind::Csv,
            ..Settings::default()
        };
        let rows: Vec<PriceRow> = (0..5000u32)
            .map(|i| PriceRow {
                time: 1.7e9 + f64::from(i * 60 + (i % 7) * (i % 3)),
                price: 100.0 + f64::from(i % 97) * 0.37,
                volume: f64::from(i % 5),
            })
            .collect();
        let snaps: Vec<Snapshot> = rows.iter().map(|r| r.snapshot(0.0003)).collect();
        assert_eq!(
            run_summary_prices(&s, &rows, 0.0003).unwrap(),
            run_summary(&s, &snaps).unwrap()
        );
        assert!(run_summary_prices(&s, &[], 0.0003).is_err());
    }

    #[test]
    fn csv_runs_take_the_tick_from_the_data() {
        let s = Settings {
            feed: FeedKind::Csv,
            ..Settings::default()
        };
        assert_eq!(feed(&s, None), Err(RunError::NoCsv));
        let snaps: Vec<Snapshot> = (0..10)
            .map(|i| Snapshot::from_price(i as f64 * 86_400.0, 100.0, 0.0001, 0.0))
            .collect();
        let p = prepare(&s, Some(&snaps)).unwrap().1;
        assert_eq!(p.tick_seconds, 86_400.0);
        assert_eq!(p.seed, s.seed());
    }
}
