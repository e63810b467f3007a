//! `--data FILE` (repeatable): each file is read within the byte limit, decoded, and read
//! by the engine's [`load_file`] (exchange file or plain CSV); several merge by time. A
//! run that only wants KPIs reads a single large file of prices as [`PriceRow`]s instead,
//! its two halves on two threads ([`load_for_summary`]). Snapshots are not read in halves
//! ([`parse_csv_parallel`](spreadlab::engine::feed::parse_csv_parallel)): appending the
//! second half's 36 MB to the first for a million rows cost more than the second thread
//! saved on this 2-core machine while another build ran, and added a third to the peak
//! memory.

use super::read::read_limited;
use super::CliError;
use spreadlab::engine::feed::{
    decode_text, exchange, load_file, load_files, parse_csv_prices, CsvError, CsvFeed, CsvOptions,
    DataFile, DataFileError, PriceRow,
};
use spreadlab::engine::limits::{MAX_CLI_FILE_BYTES, MAX_CLI_ROWS};
use spreadlab::engine::settings::quoted;

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
    /// A large plain CSV of prices, kept as price rows.
    Prices(CsvFeed<PriceRow>),
    /// Anything else, as [`load`] reads it.
    File(DataFile),
}

/// [`load`] for the one file `path`, keeping a large CSV of prices as [`PriceRow`]s
/// ([`parse_csv_prices`]: the same rows, warnings and errors in a third of the memory).
pub fn load_for_summary(path: &str, keep_every: u64, half_spread: f64) -> Result<Loaded, CliError> {
    let opts = options(keep_every, half_spread);
    let text = read_text(path)?;
    if exchange::detect(&text).is_none() {
        let prices = parse_csv_prices(&text, &opts, &join)
            .map_err(|e| file_error(path, DataFileError::Csv(e)))?;
        if let Some(feed) = prices {
            return Ok(Loaded::Prices(feed));
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
