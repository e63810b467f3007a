//! Work sent to background workers (web workers in the browser, a stdin/stdout process
//! natively): sweep cells, Avellaneda-Stoikov paper runs and loading uploaded files. Pure
//! Rust; the worker binaries only move these messages. Bulk data never goes through the
//! JSON: files travel beside a job ([`attach`]) and a loaded recording comes back beside
//! its reply as columns ([`columns`]).

pub mod columns;
pub mod load;
pub mod wire;

use crate::engine::as_experiment::{simulate_runs, PaperParams};
use crate::engine::feed::{decode_text, load_file, load_files, CsvOptions};
use crate::engine::run;
use crate::engine::settings::shortened;
use crate::engine::settings::url_hash::from_hash;
use crate::engine::settings::FeedKind;
use crate::engine::sweep::{run_cell, SweepSpec};
use crate::live::session::{LiveConfig, Market, Status};
use load::{LoadFailure, SentFile};
use serde::{Deserialize, Serialize};

/// A job for one worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Job {
    /// Sweep cells `start..end` of `spec`, on the run defined by `hash` (URL-hash settings)
    /// and, for a CSV feed, the CSV text.
    Sweep {
        /// Settings as a URL hash.
        hash: String,
        /// CSV text when the feed is an uploaded file (the app sends the file itself
        /// beside the job instead, and [`attach`] puts its text here).
        csv: Option<String>,
        /// Other files merged with it by time.
        #[serde(default)]
        csv_more: Vec<String>,
        /// Keep every `csv_every`-th row of it, as the app did.
        #[serde(default = "one")]
        csv_every: u64,
        /// The sweep.
        spec: SweepSpec,
        /// First cell.
        start: usize,
        /// One past the last cell.
        end: usize,
    },
    /// Paper runs `start..end`.
    Paper {
        /// Experiment parameters.
        params: PaperParams,
        /// First run.
        start: usize,
        /// One past the last run.
        end: usize,
    },
    /// Read the files sent with the job into one recording ([`load::load`]).
    Load {
        /// Half-spread of the book given to a plain CSV's prices (and to trades alone).
        half_spread: f64,
        /// Keep every `every`-th row of a plain CSV.
        every: u64,
        /// The files: never in the JSON, given to the job by [`attach`].
        #[serde(skip)]
        files: Vec<SentFile>,
    },
    /// Follow a live public ticker and send its quotes back as they arrive
    /// ([`Reply::Live`]). Only a browser worker can open the connections, so
    /// [`execute`] refuses it; the worker stops when the page terminates it.
    Live {
        /// How to connect.
        config: LiveConfig,
    },
}

fn one() -> u64 {
    1
}

/// A message back from a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    /// The worker is listening.
    Ready,
    /// `done` items of the job finished.
    Progress {
        /// Items done so far.
        done: usize,
    },
    /// Sweep values for cells `start..start + values.len()`.
    SweepDone {
        /// First cell.
        start: usize,
        /// Metric per cell.
        values: Vec<f64>,
    },
    /// Paper results for runs `start..`.
    PaperDone {
        /// First run.
        start: usize,
        /// Average total spread.
        spread: f64,
        /// Terminal profits, inventory strategy.
        inventory_profits: Vec<f64>,
        /// Terminal inventories, inventory strategy.
        inventory_q: Vec<f64>,
        /// Terminal profits, symmetric strategy.
        symmetric_profits: Vec<f64>,
        /// Terminal inventories, symmetric strategy.
        symmetric_q: Vec<f64>,
    },
    /// A load job has read this share of the files' bytes.
    Loading {
        /// Between 0 and 1.
        fraction: f64,
    },
    /// A load job's recording is read: its metadata; its numbers follow in [`Reply::Rows`].
    Loaded {
        /// Everything but the numbers.
        meta: columns::Meta,
    },
    /// The next rows of the loaded recording, beside the JSON (the last reply of a load).
    Rows {
        /// The numbers: never in the JSON (the worker sends them as transferred arrays).
        #[serde(skip)]
        columns: columns::Columns,
    },
    /// A load job's files could not be used.
    LoadFailed {
        /// Why, as the page shows it.
        failure: LoadFailure,
    },
    /// Quotes from a live job, oldest first, each with the trades printed before it, and
    /// the feed's status after them (the worker batches what arrives within a few ms).
    Live {
        /// New quotes.
        quotes: Vec<Market>,
        /// The status line now.
        status: Option<Status>,
    },
    /// The job failed.
    Error {
        /// Why.
        message: String,
    },
}

/// Gives `job` the files sent beside it: a load reads them; a sweep replays them (decoded)
/// as its feed, the first as `csv` and the others as `csv_more`. A paper job takes none.
pub fn attach(job: &mut Job, sent: Vec<SentFile>) -> Result<(), String> {
    if sent.is_empty() {
        return Ok(());
    }
    match job {
        Job::Load { files, .. } => {
            *files = sent;
            Ok(())
        }
        Job::Sweep { csv, csv_more, .. } => {
            let mut texts = Vec::with_capacity(sent.len());
            for f in sent {
                let text = f
                    .bytes
                    .and_then(|b| decode_text(b).map_err(|e| e.to_string()))
                    .map_err(|e| format!("{}: {e}", shortened(&f.name)))?;
                texts.push(text);
            }
            let mut texts = texts.into_iter();
            *csv = texts.next();
            *csv_more = texts.collect();
            Ok(())
        }
        Job::Paper { .. } => Err("a paper job takes no files".into()),
        Job::Live { .. } => Err("a live job takes no files".into()),
    }
}

/// Runs a job, calling `progress` after each item (at most every `every` items), and
/// returns the final reply.
pub fn execute(job: Job, every: usize, mut progress: impl FnMut(Reply)) -> Reply {
    match job {
        Job::Sweep {
            hash,
            csv,
            csv_more,
            csv_every,
            spec,
            start,
            end,
        } => {
            let decoded = from_hash(&hash);
            let settings = decoded.settings;
            // A CSV, when sent, is the feed (links cannot carry the file itself).
            let opts = CsvOptions {
                half_spread: settings.walk.half_spread,
                keep_every: csv_every,
                ..Default::default()
            };
            let csv_snaps = match csv {
                Some(text) => {
                    let files = std::iter::once(&text)
                        .chain(&csv_more)
                        .map(|t| load_file(t, &opts))
                        .collect::<Result<Vec<_>, _>>()
                        .and_then(|f| load_files(f, opts.half_spread));
                    match files {
                        Ok(f) if !f.recording.trades.is_empty() => {
                            return Reply::Error {
                                message: "sweeps replay quotes only, not trade prints".into(),
                            }
                        }
                        Ok(f) => Some(f),
                        Err(e) => {
                            return Reply::Error {
                                message: e.to_string(),
                            }
                        }
                    }
                }
                None => None,
            };
            let mut settings = settings;
            if let Some(f) = &csv_snaps {
                settings.feed = FeedKind::Csv;
                settings.sim.clock = f.clock;
            }
            let csv_snaps = csv_snaps.map(|f| f.recording.snapshots);
            let snaps = match run::feed(&settings, csv_snaps.as_deref()) {
                Ok(x) => x,
                Err(e) => {
                    return Reply::Error {
                        message: e.to_string(),
                    }
                }
            };
            let mut values = Vec::with_capacity(end.saturating_sub(start));
            for (k, i) in (start..end).enumerate() {
                match run_cell(&spec, &settings, &snaps, i) {
                    Ok(v) => values.push(v),
                    Err(e) => {
                        return Reply::Error {
                            message: e.to_string(),
                        }
                    }
                }
                if (k + 1) % every.max(1) == 0 {
                    progress(Reply::Progress { done: k + 1 });
                }
            }
            Reply::SweepDone { start, values }
        }
        Job::Paper { params, start, end } => match simulate_runs(&params, start..end) {
            Ok(r) => Reply::PaperDone {
                start,
                spread: r.inventory.spread,
                inventory_profits: r.inventory.profits,
                inventory_q: r.inventory.final_qs,
                symmetric_profits: r.symmetric.profits,
                symmetric_q: r.symmetric.final_qs,
            },
            Err(message) => Reply::Error { message },
        },
        Job::Load {
            half_spread,
            every,
            files,
        } => match load::load(files, half_spread, every, &mut |fraction| {
            progress(Reply::Loading { fraction })
        }) {
            Ok(file) => {
                let (meta, mut pieces) = columns::split(file);
                progress(Reply::Loaded { meta });
                // The last piece is the final reply.
                let last = pieces.pop().unwrap_or_default();
                for columns in pieces {
                    progress(Reply::Rows { columns });
                }
                Reply::Rows { columns: last }
            }
            Err(e) => Reply::LoadFailed { failure: e.into() },
        },
        Job::Live { .. } => Reply::Error {
            message: "a live feed runs only in the browser's worker".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::url_hash::{to_hash, View};
    use crate::engine::settings::{NumberSetting, Settings};
    use crate::engine::sweep::{run_cells, Axis, Metric};

    fn key(k: &str) -> NumberSetting {
        NumberSetting::from_key(k).unwrap()
    }

    #[test]
    fn sweep_job_matches_a_direct_sweep_and_reports_progress() {
        let settings = Settings {
            steps: 1500,
            ..Settings::default()
        };
        let spec = SweepSpec {
            x: Axis {
                field: key("spread_percentage"),
                lo: 0.0005,
                hi: 0.003,
                n: 3,
            },
            y: Axis {
                field: key("order_size_percentage"),
                lo: 0.005,
                hi: 0.02,
                n: 2,
            },
            metric: Metric::Sharpe,
        };
        let job = Job::Sweep {
            hash: to_hash(&settings, &View::default()),
            csv: None,
            csv_more: vec![],
            csv_every: 1,
            spec,
            start: 2,
            end: 6,
        };
        // Through JSON, as the worker sees it.
        let job: Job = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
        let mut ticks = Vec::new();
        let reply = execute(job, 1, |r| ticks.push(r));
        let snaps = run::feed(&settings, None).unwrap();
        let direct = run_cells(&spec, &settings, &snaps, 2..6).unwrap();
        assert_eq!(
            reply,
            Reply::SweepDone {
                start: 2,
                values: direct
            }
        );
        assert_eq!(ticks.len(), 4);
    }

    #[test]
    fn paper_job_and_errors() {
        let job = Job::Paper {
            params: PaperParams {
                runs: 10,
                ..Default::default()
            },
            start: 0,
            end: 10,
        };
        match execute(job, 1, |_| {}) {
            Reply::PaperDone {
                inventory_profits, ..
            } => assert_eq!(inventory_profits.len(), 10),
            other => panic!("{other:?}"),
        }
        let bad = Job::Paper {
            params: PaperParams {
                gamma: -1.0,
                ..Default::default()
            },
            start: 0,
            end: 1,
        };
        assert!(matches!(execute(bad, 1, |_| {}), Reply::Error { .. }));
        let csv = Job::Sweep {
            hash: "#feed=random-walk".into(),
            csv: Some("timestamp,price\n1,abc\n".into()),
            csv_more: vec![],
            csv_every: 1,
            spec: SweepSpec {
                x: Axis {
                    field: key("spread_percentage"),
                    lo: 0.001,
                    hi: 0.002,
                    n: 2,
                },
                y: Axis {
                    field: key("total_capital"),
                    lo: 100.0,
                    hi: 200.0,
                    n: 2,
                },
                metric: Metric::Sharpe,
            },
            start: 0,
            end: 4,
        };
        match execute(csv, 1, |_| {}) {
            Reply::Error { message } => assert!(message.contains("line 2"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    fn sent(name: &str, text: &str) -> SentFile {
        SentFile {
            name: name.into(),
            bytes: Ok(text.as_bytes().to_vec()),
        }
    }

    fn prices(n: usize) -> String {
        let mut t = String::from("timestamp,price\n");
        for i in 0..n {
            t.push_str(&format!(
                "{},{}\n",
                1_704_067_200 + 60 * i,
                100.0 + (i % 13) as f64
            ));
        }
        t
    }

    #[test]
    fn a_load_job_replies_with_columns_that_rebuild_the_file() {
        use crate::engine::feed::{load_file, load_files, CsvOptions};
        let job = Job::Load {
            half_spread: 0.0002,
            every: 2,
            files: vec![],
        };
        // The JSON has no files; they are attached beside it.
        let json = serde_json::to_string(&job).unwrap();
        assert_eq!(json, r#"{"load":{"half_spread":0.0002,"every":2}}"#);
        let mut job: Job = serde_json::from_str(&json).unwrap();
        let text = prices(1000);
        attach(&mut job, vec![sent("p.csv", &text)]).unwrap();
        let mut replies = Vec::new();
        let last = execute(job, 1, |r| replies.push(r));
        replies.push(last);
        let [Reply::Loading { fraction }, Reply::Loaded { meta }, Reply::Rows { columns }] =
            &replies[..]
        else {
            panic!("{replies:?}");
        };
        assert_eq!(*fraction, 1.0);
        // The reply's JSON carries no numbers.
        assert_eq!(
            serde_json::to_string(&replies[2]).unwrap(),
            r#"{"rows":{}}"#
        );
        let mut r = columns::Rebuild::new(meta.clone());
        assert!(r.push(&columns.snapshots[..], &columns.trades[..]).unwrap());
        let opts = CsvOptions {
            half_spread: 0.0002,
            keep_every: 2,
            ..Default::default()
        };
        let direct = load_files([load_file(&text, &opts).unwrap()], 0.0002).unwrap();
        assert_eq!(r.finish().unwrap(), direct);
        // A bad file is a load failure, not a protocol error.
        let mut job: Job =
            serde_json::from_str(r#"{"load":{"half_spread":0.0,"every":1}}"#).unwrap();
        attach(&mut job, vec![sent("x.csv", "timestamp,price\n1,x\n")]).unwrap();
        assert!(matches!(
            execute(job, 1, |_| {}),
            Reply::LoadFailed {
                failure: LoadFailure::Unusable { .. }
            }
        ));
    }

    #[test]
    fn a_sweep_replays_the_files_sent_beside_it_as_it_replays_their_texts() {
        let spec = SweepSpec {
            x: Axis {
                field: key("spread_percentage"),
                lo: 0.001,
                hi: 0.002,
                n: 2,
            },
            y: Axis {
                field: key("order_size_percentage"),
                lo: 0.005,
                hi: 0.01,
                n: 2,
            },
            metric: Metric::TotalTrades,
        };
        let sweep = |csv: Option<String>| Job::Sweep {
            hash: to_hash(&Settings::default(), &View::default()),
            csv,
            csv_more: vec![],
            csv_every: 3,
            spec,
            start: 0,
            end: 4,
        };
        let text = prices(2000);
        let mut sent_job = sweep(None);
        attach(&mut sent_job, vec![sent("p.csv", &text)]).unwrap();
        let by_file = execute(sent_job, 1, |_| {});
        assert!(matches!(by_file, Reply::SweepDone { .. }), "{by_file:?}");
        assert_eq!(by_file, execute(sweep(Some(text)), 1, |_| {}));
        let mut bad = sweep(None);
        let not_text = SentFile {
            name: "b.csv".into(),
            bytes: Ok(vec![0xC3]),
        };
        assert!(attach(&mut bad, vec![not_text])
            .unwrap_err()
            .starts_with("b.csv: not a text file"));
    }
}
