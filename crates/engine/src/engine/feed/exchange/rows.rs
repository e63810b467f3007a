//! The rows of a dump: line numbers, a UTF-8 BOM, CRLF, blank lines and the header row.

use super::detect::{split_row, MAX_CELLS};
use super::fields::FieldError;
use super::ExchangeFileError;

/// Calls `row(line, cells)` for every non-blank row of `text`, skipping the first one when
/// `has_header`, and later copies of it (daily dumps joined with `cat`). Errors from `row`
/// name their line; a row too wide to split is a [`ExchangeFileError::WrongFieldCount`]
/// against `expected`.
pub(super) fn for_each_row(
    text: &str,
    has_header: bool,
    expected: &'static str,
    mut row: impl FnMut(u64, &[&str]) -> Result<(), RowError>,
) -> Result<(), ExchangeFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header_pending = has_header;
    let mut header = "";
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if header_pending {
            header_pending = false;
            header = trimmed;
            continue;
        }
        if !header.is_empty() && trimmed == header {
            continue;
        }
        let cells = split_row(raw);
        if cells.len() == MAX_CELLS {
            return Err(ExchangeFileError::WrongFieldCount {
                line,
                expected,
                found: raw.matches(',').count() + 1,
            });
        }
        row(line, &cells).map_err(|e| match e {
            RowError::Field(f) => f.at(line),
            RowError::File(f) => f,
        })?;
    }
    Ok(())
}

/// Why a row failed: a field (placed on its line by [`for_each_row`]) or the whole file.
#[derive(Debug)]
pub(super) enum RowError {
    /// A bad field.
    Field(FieldError),
    /// A file-level error (already naming its line, or none).
    File(ExchangeFileError),
}

impl From<FieldError> for RowError {
    fn from(e: FieldError) -> Self {
        RowError::Field(e)
    }
}

impl From<ExchangeFileError> for RowError {
    fn from(e: ExchangeFileError) -> Self {
        RowError::File(e)
    }
}
