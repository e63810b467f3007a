//! Bounded file reads: a path, pipe or device is read up to a byte limit, then refused, so
//! `--data /dev/zero` stops at the limit instead of eating memory.

use super::CliError;
use spreadlab::engine::settings::quoted;
use std::io::Read;

/// The bytes of `path` (named `flag` in errors), at most `limit` of them.
pub fn read_limited(flag: &str, path: &str, limit: u64) -> Result<Vec<u8>, CliError> {
    let file = std::fs::File::open(path)
        .map_err(|e| CliError(format!("--{flag}: cannot read {}: {e}", quoted(path))))?;
    // A regular file's size sizes the buffer (no doubling and copying); pipes and
    // devices report 0 and grow it as they are read.
    let size = file.metadata().map(|m| m.len()).unwrap_or(0).min(limit + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError(format!("--{flag}: cannot read {}: {e}", quoted(path))))?;
    if bytes.len() as u64 > limit {
        return Err(CliError(format!(
            "--{flag}: {} is larger than {} MiB, the limit (pipes and devices are read up to it)",
            quoted(path),
            limit >> 20
        )));
    }
    Ok(bytes)
}
