//! `--data FILE` (repeatable): each file is read within the byte limit, decoded, and read
//! by the engine's [`load_file`] (exchange file or plain CSV); several merge by time. A
//! run that only wants KPIs of a single file of prices is simulated while the file is
//! parsed, the two on two threads ([`load_for_summary`]).

use super::read::read_limited;
use super::CliError;
use spreadlab::engine::feed::{
    decode_text, exchange, load_file, load_files, CsvError, CsvOptions, DataFile, DataFileError,
};
use spreadlab::engine::limits::{MAX_CLI_FILE_BYTES, MAX_CLI_ROWS};
use spreadlab::engine::run::{summary_while_parsing, PricesSummary};
use spreadlab::engine::settings::{quoted, Settings};

/// Reads and merges `paths`; plain CSVs keep every `keep_every`-th row and synthesise
/// their book with `half_spread`, as does a recording of trades alone.
pub fn load(paths: &[&str], keep_every: u64, half_spread: f64) -> Result<DataFile, CliError> {
    let opts = options(keep_every, half_spread);
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = read_text(path)?;
        files.push(load_file(&text, &opts).map_err(|e| file_error(path, e))?);
    }
    load_files(files, half_spread).map_err(|e| CliError(format!("--data: {e}")))
}

/// One file as a run that only wants KPIs reads it.
pub enum Loaded {
    /// A CSV of prices, already run.
    Summary(PricesSummary),
    /// Anything else, as [`load`] reads it.
    File(DataFile),
}

/// [`load`] for the one file `path`, except that a CSV of prices is run with `settings`
/// (over its first `steps` rows, when given) while it is parsed ([`summary_while_parsing`]:
/// the same KPIs, warnings and errors).
pub fn load_for_summary(
    path: &str,
    keep_every: u64,
    settings: &Settings,
    steps: Option<usize>,
) -> Result<Loaded, CliError> {
    let half_spread = settings.walk.half_spread;
    let opts = options(keep_every, half_spread);
    let text = read_text(path)?;
    if exchange::detect(&text).is_none() {
        let summary = summary_while_parsing(settings, &text, &opts, steps, &join)
            .map_err(|e| file_error(path, DataFileError::Csv(e)))?;
        if let Some(summary) = summary {
            return Ok(Loaded::Summary(summary));
        }
    }
    let file = load_file(&text, &opts).map_err(|e| file_error(path, e))?;
    load_files([file], half_spread)
        .map(Loaded::File)
        .map_err(|e| CliError(format!("--data: {e}")))
}

/// How the CLI reads plain CSVs.
fn options(keep_every: u64, half_spread: f64) -> CsvOptions {
    CsvOptions {
        half_spread,
        max_rows: MAX_CLI_ROWS,
        keep_every,
    }
}

/// The text of `path`, within the byte limit.
fn read_text(path: &str) -> Result<String, CliError> {
    let bytes = read_limited("data", path, MAX_CLI_FILE_BYTES)?;
    decode_text(bytes).map_err(|e| CliError(format!("{}: {e}", quoted(path))))
}

/// Two tasks on two threads.
fn join(a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)) {
    rayon::join(a, b);
}

/// `e`, a problem with the file at `path`, as the CLI says it.
fn file_error(path: &str, e: DataFileError) -> CliError {
    match e {
        DataFileError::Csv(CsvError::TooManyRows { every, .. }) => {
            CliError(format!("{}: {e} (--every {every})", quoted(path)))
        }
        e => CliError(format!("{}: {e}", quoted(path))),
    }
}
