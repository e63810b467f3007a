//! `--data FILE` (repeatable): each file is read within the byte limit, decoded, and read
//! by the engine's [`load_file_parallel`] (exchange file or plain CSV, a large CSV's halves
//! on two threads); several merge by time.

use super::read::read_limited;
use super::CliError;
use spreadlab::engine::feed::{
    decode_text, load_file_parallel, load_files, CsvError, CsvOptions, DataFile, DataFileError,
};
use spreadlab::engine::limits::{MAX_CLI_FILE_BYTES, MAX_CLI_ROWS};
use spreadlab::engine::settings::quoted;

/// Reads and merges `paths`; plain CSVs keep every `keep_every`-th row and synthesise
/// their book with `half_spread`, as does a recording of trades alone.
pub fn load(paths: &[&str], keep_every: u64, half_spread: f64) -> Result<DataFile, CliError> {
    let opts = CsvOptions {
        half_spread,
        max_rows: MAX_CLI_ROWS,
        keep_every,
    };
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let bytes = read_limited("data", path, MAX_CLI_FILE_BYTES)?;
        let text = decode_text(bytes).map_err(|e| CliError(format!("{}: {e}", quoted(path))))?;
        let join = |a: &mut (dyn FnMut() + Send), b: &mut (dyn FnMut() + Send)| {
            rayon::join(a, b);
        };
        files.push(
            load_file_parallel(&text, &opts, &join).map_err(|e| match e {
                DataFileError::Csv(CsvError::TooManyRows { every, .. }) => {
                    CliError(format!("{}: {e} (--every {every})", quoted(path)))
                }
                e => CliError(format!("{}: {e}", quoted(path))),
            })?,
        );
    }
    load_files(files, half_spread).map_err(|e| CliError(format!("--data: {e}")))
}
