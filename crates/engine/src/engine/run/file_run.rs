//! [`FileRun`]: the runs the app shows for a loaded data file (B with the settings, and A
//! when a configuration is pinned), which can stop after any number of snapshots and go
//! on later. The app advances the first run on a new file a slice per event-loop turn and
//! every later one in one go ([`run_file`]); both equal the one-shot run path bit for bit.

use super::{check_steps, median_tick, orders_steps, params_with_tick, pinned_params, RunError};
use crate::engine::config::MarketMakingConfig;
use crate::engine::feed::Recording;
use crate::engine::settings::Settings;
use crate::engine::sim::{RecordingRun, RunResult, SimParams};

/// A configuration pinned for comparison: its config and simulation parameters.
pub type Pinned = (MarketMakingConfig, SimParams);

/// Run B (`settings`) and, when pinned, run A over one recording, in progress. Finished,
/// they equal [`run_recording`](super::run_recording) and
/// [`run_ab_recording`](super::run_ab_recording), and for a file without trade prints
/// [`run_for_window`](super::run_for_window) and [`run_ab`](super::run_ab) on its
/// snapshots. Every call must pass the same recording.
#[derive(Debug, Clone)]
pub struct FileRun {
    b: RecordingRun,
    a: Option<RecordingRun>,
}

impl FileRun {
    /// Checks the settings and the length and starts both runs, for charts showing the
    /// steps in `window` (a zoom, which may keep more of the order-flow model's orders).
    pub fn start(
        settings: &Settings,
        pinned: Option<&Pinned>,
        rec: &Recording,
        window: Option<(usize, usize)>,
    ) -> Result<FileRun, RunError> {
        Self::begin(settings, pinned, rec, window, || {
            median_tick(&rec.snapshots)
        })
    }

    /// [`FileRun::start`] with the snapshots' median spacing known already
    /// (`median_tick(&rec.snapshots)`, computed by the worker that read the file): saves
    /// the page a pass over every snapshot.
    pub fn start_with_tick(
        settings: &Settings,
        pinned: Option<&Pinned>,
        rec: &Recording,
        window: Option<(usize, usize)>,
        tick: f64,
    ) -> Result<FileRun, RunError> {
        Self::begin(settings, pinned, rec, window, || tick)
    }

    fn begin(
        settings: &Settings,
        pinned: Option<&Pinned>,
        rec: &Recording,
        window: Option<(usize, usize)>,
        tick: impl FnOnce() -> f64,
    ) -> Result<FileRun, RunError> {
        check_steps(rec)?;
        let b_params = params_with_tick(settings, tick);
        // Quotes alone run as their snapshots do; a file with trade prints keeps the
        // venue's prints, not the model's orders.
        let steps = rec.snapshots.len();
        let (b_orders, a_orders) = if rec.trades.is_empty() {
            (orders_steps(steps, window), orders_steps(steps, None))
        } else {
            (0..0, 0..0)
        };
        let b = RecordingRun::with_orders_window(&settings.config, &b_params, rec, b_orders)?;
        let a = match pinned {
            Some((config, params)) => Some(RecordingRun::with_orders_window(
                config,
                &pinned_params(params, &b_params),
                rec,
                a_orders,
            )?),
            None => None,
        };
        Ok(FileRun { b, a })
    }

    /// Steps both runs up to `steps` more snapshots; returns whether they are complete.
    pub fn advance(&mut self, rec: &Recording, steps: usize) -> bool {
        let b_done = self.b.advance(rec, steps);
        let a_done = self.a.as_mut().is_none_or(|a| a.advance(rec, steps));
        b_done && a_done
    }

    /// Snapshots stepped so far (by each run).
    pub fn steps_done(&self) -> usize {
        self.b.steps_done()
    }

    /// The finished runs, B and A (call once [`FileRun::advance`] has returned `true`).
    pub fn finish(self) -> (RunResult, Option<RunResult>) {
        (self.b.into_result(), self.a.map(RecordingRun::into_result))
    }
}

/// The runs of a data file in one go: B, and A when `pinned`.
pub fn run_file(
    settings: &Settings,
    pinned: Option<&Pinned>,
    rec: &Recording,
    window: Option<(usize, usize)>,
) -> Result<(RunResult, Option<RunResult>), RunError> {
    let mut run = FileRun::start(settings, pinned, rec, window)?;
    run.advance(rec, usize::MAX);
    Ok(run.finish())
}

#[cfg(test)]
mod tests {
    use super::super::{run_ab, run_ab_recording, run_for_window, run_recording};
    use super::*;
    use crate::engine::feed::{load_file, load_files, CsvOptions};
    use crate::engine::settings::FeedKind;
    use crate::engine::sim::{FillModelKind, StrategyKind};

    /// Debug text also compares the NaN quote gaps (NaN != NaN under PartialEq).
    fn text(r: &RunResult) -> String {
        format!("{r:?}")
    }

    type Window = Option<(usize, usize)>;

    fn in_slices(
        settings: &Settings,
        pinned: Option<&Pinned>,
        rec: &Recording,
        window: Window,
        slice: usize,
    ) -> (RunResult, Option<RunResult>) {
        // As the page starts it, with the tick the worker computed.
        let tick = median_tick(&rec.snapshots);
        let mut r = FileRun::start_with_tick(settings, pinned, rec, window, tick).unwrap();
        while !r.advance(rec, slice) {
            assert!(r.steps_done() < rec.snapshots.len());
        }
        assert_eq!(r.steps_done(), rec.snapshots.len());
        r.finish()
    }

    /// A file of quotes and one of trades, merged as the app merges them.
    fn quotes_and_trades() -> Recording {
        let mut book = String::from(
            "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n",
        );
        let mut trades = String::from("id,price,qty,quote_qty,time,is_buyer_maker\n");
        for i in 0..2_000u64 {
            let bid = 100.0 + ((i / 10) % 5) as f64 * 0.01;
            let t = 1_723_100_000_000 + i * 1000;
            book.push_str(&format!("{i},{bid:.2},3,{:.2},3,{t},{t}\n", bid + 0.01));
            trades.push_str(&format!(
                "{},{bid:.2},2,0,{},true\n{},{:.2},2,0,{},false\n",
                2 * i + 1,
                t + 400,
                2 * i + 2,
                bid + 0.01,
                t + 600
            ));
        }
        let opts = CsvOptions::default();
        let files = [
            load_file(&book, &opts).unwrap(),
            load_file(&trades, &opts).unwrap(),
        ];
        load_files(files, 0.0001).unwrap().recording
    }

    /// What the app ran for a file before runs could be sliced: a file of quotes alone as
    /// its snapshots (with the zoom's orders), one with trade prints as a recording.
    fn one_shot(
        b: &Settings,
        pinned: &Pinned,
        rec: &Recording,
        window: Window,
    ) -> (RunResult, RunResult, RunResult) {
        if rec.trades.is_empty() {
            let one = run_for_window(b, &rec.snapshots, window).unwrap();
            let (a, b2) = run_ab(b, pinned, &rec.snapshots, window).unwrap();
            (one, a, b2)
        } else {
            let (a, b2) = run_ab_recording(b, pinned, rec).unwrap();
            (run_recording(b, rec).unwrap(), a, b2)
        }
    }

    #[test]
    fn a_file_run_in_slices_equals_the_one_shot_run_path() {
        // A plain CSV of quotes alone, longer than the runs that keep every order.
        let mut csv = String::from("timestamp,bid,ask,volume\n");
        for i in 0..12_000 {
            let p = 42_000.0 * (1.0 + 0.01 * ((i as f64) * 0.05).sin());
            csv.push_str(&format!(
                "{},{:.2},{:.2},{}\n",
                1_704_067_200 + 60 * i,
                p - 0.5,
                p + 0.5,
                1 + i % 7
            ));
        }
        let plain = load_file(&csv, &CsvOptions::default()).unwrap().recording;
        let with_trades = quotes_and_trades();
        assert!(!with_trades.trades.is_empty());
        let mut b = Settings {
            feed: FeedKind::Csv,
            ..Settings::default()
        };
        // A: the seed's quoting at a 0.3 % spread; B: Avellaneda-Stoikov.
        let mut pinned: Pinned = (b.config.clone(), b.sim.clone());
        pinned.0.spread_percentage = 0.003;
        b.sim.strategy = StrategyKind::AvellanedaStoikov;
        for (rec, fill, window) in [
            (&plain, FillModelKind::Flow, None),
            (&plain, FillModelKind::Flow, Some((100, 600))),
            (&plain, FillModelKind::Intensity, None),
            (&with_trades, FillModelKind::Trades, None),
            (&with_trades, FillModelKind::Flow, Some((10, 20))),
        ] {
            b.sim.fill_model = fill;
            let (one, a_ab, b_ab) = one_shot(&b, &pinned, rec, window);
            assert_ne!(one.kpis, a_ab.kpis, "A differs from B");
            for slice in [1, 4_096, 1_000_000] {
                let at = format!("{fill:?}, {window:?}, slice {slice}");
                let (b_run, a_run) = in_slices(&b, None, rec, window, slice);
                assert_eq!(text(&b_run), text(&one), "{at}");
                assert!(a_run.is_none());
                let (b_run, a_run) = in_slices(&b, Some(&pinned), rec, window, slice);
                assert_eq!(text(&b_run), text(&b_ab), "{at}");
                assert_eq!(text(&a_run.unwrap()), text(&a_ab), "{at}");
            }
            let (b_once, _) = run_file(&b, None, rec, window).unwrap();
            assert_eq!(text(&b_once), text(&one));
        }
        // The zoom kept more orders of the model: the window mattered.
        b.sim.fill_model = FillModelKind::Flow;
        let whole = run_file(&b, None, &plain, None).unwrap().0;
        let zoomed_flow = run_file(&b, None, &plain, Some((100, 600))).unwrap().0;
        assert_eq!(whole.kpis, zoomed_flow.kpis);
        assert!(zoomed_flow.prints.len() > whole.prints.len());
    }

    #[test]
    fn an_empty_file_is_refused_as_the_run_path_refuses_it() {
        let s = Settings {
            feed: FeedKind::Csv,
            ..Settings::default()
        };
        assert_eq!(
            run_file(&s, None, &Recording::default(), None).unwrap_err(),
            run_recording(&s, &Recording::default()).unwrap_err()
        );
    }
}
