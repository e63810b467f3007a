//! [`summary_while_parsing`]: the KPIs of a run over a CSV of prices, simulated while the
//! file is still being read.
//!
//! A run's parameters depend on the whole file: the tick length is the median spacing of
//! all its rows, and the Avellaneda-Stoikov horizon counts down to its last row. Both are
//! guessed from the start (the first piece's median spacing; one row per line after the
//! header) and the run starts on the first piece of rows
//! ([`read_prices_in_pieces`]) while the rest is read. Once the file is read the guess is
//! checked: when the rows came in time order and the parameters and the number of steps
//! are those the whole file gives, the run is the one [`run_summary_prices`] makes on the
//! rows as read, bit for bit (the simulator is deterministic in its parameters and rows).
//! Otherwise it runs again on the rows as read: irregular spacing or a file out of order
//! costs a second run, never a different result.

use super::median_tick::{median_spacing, SpacingTally};
use super::{median_tick, params_with_tick, run_summary_prices, RunError};
use crate::engine::feed::{
    count_newlines, read_prices_in_pieces, CsvError, CsvOptions, Join, PriceRow, PricesFeed,
};
use crate::engine::market::Snapshot;
use crate::engine::settings::Settings;
use crate::engine::sim::{self, Clock, Kpis, SimParams};
use std::sync::mpsc::{channel, Receiver};

/// The KPIs of a run over a CSV of prices, and what reading the file found.
#[derive(Debug, Clone, PartialEq)]
pub struct PricesSummary {
    /// The run's KPIs, or why it could not run.
    pub kpis: Result<Kpis, RunError>,
    /// Things fixed up while reading (sorted rows, skipped null rows, thinning).
    pub warnings: Vec<String>,
    /// Whether the file has times ([`Clock::Timestamps`]) or row numbers.
    pub clock: Clock,
}

/// [`run_summary_prices`] over the rows of `text` read with `opts` (the first `steps`,
/// when given), the file read and the run made at the same time through `join`. The
/// settings' clock is the file's. `None` when the file's rows are not prices or it cannot
/// be read in pieces ([`read_prices_in_pieces`]); a file that cannot be read is the error
/// [`parse_csv`](crate::engine::feed::parse_csv) gives.
pub fn summary_while_parsing(
    settings: &Settings,
    text: &str,
    opts: &CsvOptions,
    steps: Option<usize>,
    join: Join<'_>,
) -> Result<Option<PricesSummary>, CsvError> {
    Ok(settle(settings, text, opts, steps, join)?.map(|(summary, _)| summary))
}

/// Which run's KPIs a [`PricesSummary`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    /// The run made while the file was read: the guess held.
    AsRead,
    /// A run after the file was read.
    Again,
}

/// [`summary_while_parsing`], and which run it took the KPIs from.
fn settle(
    settings: &Settings,
    text: &str,
    opts: &CsvOptions,
    steps: Option<usize>,
    join: Join<'_>,
) -> Result<Option<(PricesSummary, Settled)>, CsvError> {
    let (tx, rx) = channel::<Vec<PriceRow>>();
    let (mut tx, mut rx) = (Some(tx), Some(rx));
    let mut read = Ok(None);
    let mut guess = None;
    // The spacing of the rows a run uses, tallied by the reader, which has time to spare.
    let mut spacing = SpacingTally::default();
    join(
        &mut || {
            // Dropped when the file is read, which ends the run's wait for rows.
            let tx = tx.take().expect("joined once");
            let mut left = steps.unwrap_or(usize::MAX);
            read = read_prices_in_pieces(text, opts, &mut |rows| {
                let used = left.min(rows.len());
                rows[..used].iter().for_each(|r| spacing.push(r.time));
                left -= used;
                // The run has stopped listening only when it has failed; the rows are
                // not needed then.
                let _ = tx.send(rows);
            });
        },
        &mut || {
            let rx = rx.take().expect("joined once");
            guess = Some(run_as_received(
                settings,
                text,
                steps,
                opts.half_spread,
                &rx,
            ));
        },
    );
    let Some(read) = read? else {
        return Ok(None);
    };
    let Guess {
        mut pieces,
        run: guessed,
    } = guess.expect("joined");
    let (feed, rows) = match read.finish(&mut pieces)? {
        PricesFeed::InOrder(feed) => (feed, None),
        PricesFeed::Sorted(mut feed) => {
            let rows = std::mem::take(&mut feed.snapshots);
            (feed, Some(rows))
        }
    };
    let mut settings = settings.clone();
    settings.sim.clock = feed.clock;
    let hs = opts.half_spread;
    let (kpis, settled) = match rows {
        Some(mut rows) => {
            rows.truncate(steps.unwrap_or(usize::MAX));
            (run_summary_prices(&settings, &rows, hs), Settled::Again)
        }
        None => {
            let all: usize = pieces.iter().map(Vec::len).sum();
            let n = all.min(steps.unwrap_or(usize::MAX));
            let params = params_with_tick(&settings, || {
                spacing.majority().unwrap_or_else(|| {
                    median_spacing(pieces.iter().flatten().take(n).map(|r| r.time))
                })
            });
            match guessed {
                Some(run) if run.params == params && run.steps == n => (run.kpis, Settled::AsRead),
                _ => {
                    let mut rows = pieces.concat();
                    rows.truncate(n);
                    (run_summary_prices(&settings, &rows, hs), Settled::Again)
                }
            }
        }
    };
    let summary = PricesSummary {
        kpis,
        warnings: feed.warnings,
        clock: feed.clock,
    };
    Ok(Some((summary, settled)))
}

/// The rows the reader handed on, and the run made on them as they came.
struct Guess {
    pieces: Vec<Vec<PriceRow>>,
    run: Option<GuessedRun>,
}

/// A run made with guessed parameters and length.
struct GuessedRun {
    params: SimParams,
    steps: usize,
    kpis: Result<Kpis, RunError>,
}

/// Runs on the rows as they arrive from `rx` (until the reader is done), with the tick
/// length of the first rows and one step per line of `text` after its header (at most
/// `steps`), on a file with times.
fn run_as_received(
    settings: &Settings,
    text: &str,
    steps: Option<usize>,
    half_spread: f64,
    rx: &Receiver<Vec<PriceRow>>,
) -> Guess {
    let lines = count_newlines(text) as usize + usize::from(!text.ends_with('\n'));
    let guessed_steps = lines.saturating_sub(1).min(steps.unwrap_or(usize::MAX));
    let mut received = Received {
        rx,
        pieces: Vec::new(),
        next: 0,
        half_spread,
    };
    let Some(first) = received.first_rows() else {
        return received.into_guess(None);
    };
    let mut settings = settings.clone();
    settings.sim.clock = Clock::Timestamps;
    let params = params_with_tick(&settings, || median_tick(first));
    let kpis = sim::run_summary_streamed(
        &settings.config,
        &params,
        &mut received,
        guessed_steps,
        &mut |_| {},
    )
    .map_err(RunError::from);
    received.into_guess(Some(GuessedRun {
        params,
        steps: guessed_steps,
        kpis,
    }))
}

/// The rows received so far, as snapshots one at a time.
struct Received<'a> {
    rx: &'a Receiver<Vec<PriceRow>>,
    pieces: Vec<Vec<PriceRow>>,
    /// The next row of the last piece.
    next: usize,
    half_spread: f64,
}

impl Received<'_> {
    /// The first piece with rows, waiting for it (`None`: the reader handed on none).
    fn first_rows(&mut self) -> Option<&[PriceRow]> {
        while self.pieces.last().is_none_or(Vec::is_empty) {
            self.pieces.push(self.rx.recv().ok()?);
        }
        self.pieces.last().map(Vec::as_slice)
    }

    /// Every row the reader hands on (waiting for the rest), and `run`.
    fn into_guess(mut self, run: Option<GuessedRun>) -> Guess {
        self.pieces.extend(self.rx.iter());
        Guess {
            pieces: self.pieces,
            run,
        }
    }
}

impl Iterator for Received<'_> {
    type Item = Snapshot;

    #[inline]
    fn next(&mut self) -> Option<Snapshot> {
        loop {
            if let Some(row) = self.pieces.last().and_then(|p| p.get(self.next)) {
                self.next += 1;
                return Some(row.snapshot(self.half_spread));
            }
            self.pieces.push(self.rx.recv().ok()?);
            self.next = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::feed::{one_after_the_other, parse_csv};
    use crate::engine::settings::FeedKind;
    use crate::engine::sim::{FillModelKind, StrategyKind};

    /// A [`Join`] on two threads, as the CLI's.
    fn threads(a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)) {
        std::thread::scope(|s| {
            s.spawn(b);
            a();
        });
    }

    /// The run without reading and running at once: the file parsed whole, its rows
    /// (the first `steps`) run with the file's clock.
    fn reference(
        settings: &Settings,
        text: &str,
        opts: &CsvOptions,
        steps: Option<usize>,
    ) -> Result<PricesSummary, CsvError> {
        let feed = parse_csv(text, opts)?;
        let mut rows: Vec<PriceRow> = feed.snapshots.iter().map(|&s| s.into()).collect();
        rows.truncate(steps.unwrap_or(usize::MAX));
        let mut settings = settings.clone();
        settings.sim.clock = feed.clock;
        Ok(PricesSummary {
            kpis: run_summary_prices(&settings, &rows, opts.half_spread),
            warnings: feed.warnings,
            clock: feed.clock,
        })
    }

    /// `n` rows of prices a second apart (`every` seconds from row `from` on), with a
    /// header unless `headless`.
    fn prices(n: usize, from: usize, every: u64, headless: bool) -> String {
        let mut out = String::from(if headless { "" } else { "timestamp,close\n" });
        let mut t = 1_704_067_200u64;
        for i in 0..n {
            t += if i >= from { every } else { 1 };
            let cents = 30_000 + (i * 7919) % 10_000;
            out.push_str(&format!("{t},{}.{:02}\n", cents / 100, cents % 100));
        }
        out
    }

    fn settings(fill: FillModelKind, strategy: StrategyKind, adaptive: bool) -> Settings {
        let mut s = Settings {
            feed: FeedKind::Csv,
            ..Settings::default()
        };
        s.sim.fill_model = fill;
        s.sim.strategy = strategy;
        s.sim.adaptive = adaptive;
        s
    }

    #[test]
    fn the_run_made_while_reading_is_the_run_on_the_rows_read() {
        let opts = CsvOptions::default();
        let regular = prices(200_000, 0, 1, false);
        let mut unsorted = prices(20_000, 0, 1, false);
        unsorted.push_str("1704067300,300.00\n");
        let cases = [
            // The guess holds: regular spacing, a header, the whole file or a limit.
            (regular.clone(), None, Settled::AsRead),
            (regular.clone(), Some(150_000), Settled::AsRead),
            (regular.clone(), Some(300_000), Settled::AsRead),
            // Run again: the spacing changes after the first piece, no header or an empty
            // line (one row more or fewer than lines), rows out of order.
            (prices(200_000, 20_000, 60, false), None, Settled::Again),
            (prices(200_000, 0, 1, true), None, Settled::Again),
            (regular.replacen("\n", "\n\n", 2), None, Settled::Again),
            (unsorted, None, Settled::Again),
        ];
        for (text, steps, expected) in cases {
            for (fill, strategy, adaptive) in [
                (FillModelKind::SeedBacktest, StrategyKind::Seed, false),
                (
                    FillModelKind::Intensity,
                    StrategyKind::AvellanedaStoikov,
                    false,
                ),
                (FillModelKind::Cross, StrategyKind::Seed, true),
            ] {
                let s = settings(fill, strategy, adaptive);
                let want = reference(&s, &text, &opts, steps).unwrap();
                for join in [&threads as Join<'_>, &one_after_the_other] {
                    let (got, settled) = settle(&s, &text, &opts, steps, join).unwrap().unwrap();
                    assert_eq!(got, want, "{fill:?} {strategy:?} {steps:?}");
                    assert_eq!(settled, expected, "{fill:?} {strategy:?} {steps:?}");
                }
            }
        }
    }

    #[test]
    fn errors_and_files_that_are_not_prices_are_what_reading_gives() {
        let opts = CsvOptions::default();
        let s = settings(FillModelKind::SeedBacktest, StrategyKind::Seed, false);
        let text = prices(100_000, 0, 1, false);
        let bad = text.replacen("1704070000,", "1704070000,x", 1);
        for join in [&threads as Join<'_>, &one_after_the_other] {
            let err = summary_while_parsing(&s, &bad, &opts, None, join).unwrap_err();
            assert_eq!(err, parse_csv(&bad, &opts).unwrap_err());
            let bid_ask = text.replace("timestamp,close", "timestamp,bid,ask");
            assert_eq!(
                summary_while_parsing(&s, &bid_ask, &opts, None, join),
                Ok(None)
            );
            let header_only = "timestamp,close\n";
            let err = summary_while_parsing(&s, header_only, &opts, None, join).unwrap_err();
            assert_eq!(err, CsvError::TooFewRows);
            // A config the simulator refuses: the run's error, after a clean read.
            let mut refused = s.clone();
            refused.config.total_capital = -1.0;
            let got = summary_while_parsing(&refused, &text, &opts, None, join)
                .unwrap()
                .unwrap();
            assert_eq!(got, reference(&refused, &text, &opts, None).unwrap());
            assert!(got.kpis.is_err());
        }
    }
}
