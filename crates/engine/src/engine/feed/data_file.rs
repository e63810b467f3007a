//! Any market-data file, whatever its format: an exchange file (trades, aggTrades and
//! bookTicker dumps, WebSocket recordings) or a plain CSV (timestamp,price; bid/ask;
//! OHLCV; klines), routed by [`exchange::detect`](super::exchange::detect), read into one
//! [`Recording`]. Several files merge by time ([`load_files`]); a file of trades alone
//! gets a book synthesised from them. The app and the CLI both read files here.

use super::csv_replay::{parse_csv, CsvError, CsvFeed, CsvOptions};
use super::exchange::{detect, merge, parse_exchange_file, synthesise_book, ExchangeFileError};
use super::Recording;
use crate::engine::sim::Clock;
use std::fmt;

/// Why a data file could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum DataFileError {
    /// A plain CSV's problem.
    Csv(CsvError),
    /// An exchange file's problem.
    Exchange(ExchangeFileError),
    /// Several files to merge, one without times.
    MergeNeedsTimes,
}

impl fmt::Display for DataFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataFileError::Csv(e) => e.fmt(f),
            DataFileError::Exchange(e) => e.fmt(f),
            DataFileError::MergeNeedsTimes => {
                f.write_str("files merge by time, so each needs a time column")
            }
        }
    }
}

impl std::error::Error for DataFileError {}

/// A file read into a recording, and whether its times are real.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFile {
    /// Snapshots and trades, by time.
    pub recording: Recording,
    /// Row numbers instead of times (a CSV without a time column).
    pub clock: Clock,
}

impl From<CsvFeed> for DataFile {
    fn from(feed: CsvFeed) -> Self {
        DataFile {
            recording: Recording {
                format: feed.format.to_string(),
                snapshots: feed.snapshots,
                trades: Vec::new(),
                warnings: feed.warnings,
            },
            clock: feed.clock,
        }
    }
}

/// Reads one file's text (a plain CSV with `opts`).
pub fn load_file(text: &str, opts: &CsvOptions) -> Result<DataFile, DataFileError> {
    if detect(text).is_some() {
        let recording = parse_exchange_file(text).map_err(DataFileError::Exchange)?;
        Ok(DataFile {
            recording,
            clock: Clock::Timestamps,
        })
    } else {
        Ok(parse_csv(text, opts).map_err(DataFileError::Csv)?.into())
    }
}

/// Merges files read with [`load_file`] by time (quotes from one, trades from another),
/// then synthesises a book from the trades when no file had quotes.
pub fn load_files(
    files: impl IntoIterator<Item = DataFile>,
    half_spread: f64,
) -> Result<DataFile, DataFileError> {
    let mut out: Option<DataFile> = None;
    for f in files {
        out = Some(match out {
            None => f,
            Some(a) => {
                if a.clock == Clock::Steps || f.clock == Clock::Steps {
                    return Err(DataFileError::MergeNeedsTimes);
                }
                DataFile {
                    recording: merge(a.recording, f.recording),
                    clock: Clock::Timestamps,
                }
            }
        });
    }
    let mut f = out.unwrap_or(DataFile {
        recording: Recording::default(),
        clock: Clock::Timestamps,
    });
    synthesise_book(&mut f.recording, half_spread);
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_route_by_format_and_merge_by_time() {
        let opts = CsvOptions::default();
        let csv = load_file("timestamp,price\n1723100000,100\n1723100002,101\n", &opts).unwrap();
        assert!(csv.recording.trades.is_empty());
        let trades = load_file(
            "id,price,qty,quote_qty,time,is_buyer_maker\n1,100.5,2,201,1723100001000,true\n",
            &opts,
        )
        .unwrap();
        assert_eq!(trades.recording.trades.len(), 1);
        let both = load_files([csv.clone(), trades.clone()], 0.0001).unwrap();
        assert_eq!(both.recording.snapshots.len(), 2);
        assert_eq!(both.recording.trades.len(), 1);
        // Trades alone: a book from them, with a warning.
        let alone = load_files([trades], 0.0001).unwrap();
        assert_eq!(alone.recording.snapshots.len(), 1);
        assert!(alone
            .recording
            .warnings
            .iter()
            .any(|w| w.contains("synthesised")));
        // A file without times cannot be merged.
        let bare = load_file("price\n1\n2\n", &opts).unwrap();
        assert_eq!(
            load_files([bare, csv], 0.0),
            Err(DataFileError::MergeNeedsTimes)
        );
        assert!(matches!(
            load_file("timestamp,price\n1,x\n", &opts),
            Err(DataFileError::Csv(_))
        ));
    }
}
