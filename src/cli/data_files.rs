//! `--data FILE` (repeatable): each file is read within the byte limit, decoded, and parsed
//! as an exchange file (trades, aggTrades, bookTicker dumps, WebSocket recordings) or a
//! plain CSV, whichever it is; several files merge by time (quotes plus trades).

use super::read::read_limited;
use super::CliError;
use spreadlab::engine::feed::exchange::detect;
use spreadlab::engine::feed::{
    decode_text, merge, parse_csv, parse_exchange_file, synthesise_book, CsvError, CsvOptions,
    Recording,
};
use spreadlab::engine::limits::{MAX_CLI_FILE_BYTES, MAX_CLI_ROWS};
use spreadlab::engine::settings::quoted;
use spreadlab::engine::sim::Clock;

/// The files merged into one recording, and whether their times are real.
pub struct Loaded {
    /// Snapshots and trades, by time.
    pub recording: Recording,
    /// Row numbers instead of times (a CSV without a time column).
    pub clock: Clock,
}

/// Reads and merges `paths`; plain CSVs keep every `keep_every`-th row and synthesise
/// their book with `half_spread`, as does a trades-only recording.
pub fn load(paths: &[&str], keep_every: u64, half_spread: f64) -> Result<Loaded, CliError> {
    let mut merged: Option<Recording> = None;
    let mut clock = Clock::Timestamps;
    for path in paths {
        let bytes = read_limited("data", path, MAX_CLI_FILE_BYTES)?;
        let text = decode_text(bytes).map_err(|e| CliError(format!("{}: {e}", quoted(path))))?;
        let rec = if detect(&text).is_some() {
            parse_exchange_file(&text).map_err(|e| CliError(format!("{}: {e}", quoted(path))))?
        } else {
            let opts = CsvOptions {
                half_spread,
                max_rows: MAX_CLI_ROWS,
                keep_every,
            };
            let feed = parse_csv(&text, &opts).map_err(|e| match e {
                CsvError::TooManyRows { every, .. } => {
                    CliError(format!("{}: {e} (--every {every})", quoted(path)))
                }
                e => CliError(format!("{}: {e}", quoted(path))),
            })?;
            if feed.clock == Clock::Steps {
                clock = Clock::Steps;
            }
            Recording {
                format: feed.format.to_string(),
                snapshots: feed.snapshots,
                trades: Vec::new(),
                warnings: feed.warnings,
            }
        };
        merged = Some(match merged {
            None => rec,
            Some(a) => merge(a, rec),
        });
    }
    let mut recording = merged.ok_or_else(|| CliError("--data needs a file".into()))?;
    synthesise_book(&mut recording, half_spread);
    if paths.len() > 1 && clock == Clock::Steps {
        return Err(CliError(
            "--data: files merge by time, so each needs a time column".into(),
        ));
    }
    Ok(Loaded { recording, clock })
}
