//! Bounded file reads: a path, pipe or device is read up to a byte limit, then refused, so
//! `--data /dev/zero` stops at the limit instead of eating memory. A large regular file is
//! read in two halves on two threads (copying and faulting in the buffer take as long as
//! parsing a fifth of it).

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
    if size <= limit {
        if let Some(bytes) = read_halves(&file, size) {
            return Ok(bytes);
        }
    }
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

/// Files smaller than this are read in one go.
const HALVES_MIN_BYTES: u64 = 4 << 20;

/// A regular file of `size` bytes read in two halves at once, if it is large enough and
/// still `size` bytes long (`None`: read it in one go).
#[cfg(unix)]
fn read_halves(file: &std::fs::File, size: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    if size < HALVES_MIN_BYTES {
        return None;
    }
    let size = usize::try_from(size).ok()?;
    // Zeroed by the allocator (pages the kernel zeroes as they are first written).
    let mut bytes = vec![0u8; size];
    let (a, b) = bytes.split_at_mut(size / 2);
    let (ra, rb) = rayon::join(
        || file.read_exact_at(a, 0),
        || file.read_exact_at(b, (size / 2) as u64),
    );
    // Shorter than it was (an error), or longer (a byte past the end): read it in one go.
    let longer = file
        .read_at(&mut [0u8], size as u64)
        .map_or(true, |n| n > 0);
    (ra.is_ok() && rb.is_ok() && !longer).then_some(bytes)
}

/// Elsewhere every file is read in one go.
#[cfg(not(unix))]
fn read_halves(_file: &std::fs::File, _size: u64) -> Option<Vec<u8>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_files_read_whole_and_over_the_limit_are_refused() {
        let dir = std::env::temp_dir().join(format!("spreadlab-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for size in [0, 10, HALVES_MIN_BYTES as usize + 7] {
            let path = dir.join(format!("{size}.bin"));
            let data: Vec<u8> = (0..size).map(|i| (i * 7919 % 251) as u8).collect();
            std::fs::write(&path, &data).unwrap();
            let p = path.to_str().unwrap();
            assert_eq!(read_limited("data", p, 1 << 30).unwrap(), data);
            if size > 0 {
                let e = read_limited("data", p, size as u64 - 1).unwrap_err();
                assert!(e.0.contains("is larger than"), "{}", e.0);
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
