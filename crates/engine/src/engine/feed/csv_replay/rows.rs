//! One CSV row to a [`Snapshot`]: every cell checked, errors naming line and column.

use super::cells::Cells;
use super::layout::Layout;
use super::number::parse_number;
use super::time::parse_time;
use super::{CsvError, CsvFormat, CsvOptions};
use crate::engine::market::{Snapshot, MAX_PRICE, MIN_PRICE};
use crate::engine::settings::shortened;

/// Volume per row above this is read as this (far above any real market's, and small
/// enough that sums over millions of rows stay finite).
pub(super) const MAX_VOLUME: f64 = 1e15;

/// Whether row `rec` is a placeholder for missing data: a price cell reads `null` (Yahoo
/// Finance writes such rows for days without data). These rows are skipped and counted.
pub(super) fn is_null_row<C: Cells + ?Sized>(rec: &C, l: &Layout) -> bool {
    [l.price, l.bid, l.ask]
        .into_iter()
        .flatten()
        .any(|i| rec.cell(i).is_some_and(|c| c.eq_ignore_ascii_case("null")))
}

/// Row `rec` (line `line`, the `index`th data row) as a snapshot; the time is the row
/// index when the layout has no time column.
pub(super) fn row_to_snapshot<C: Cells + ?Sized>(
    line: u64,
    rec: &C,
    l: &Layout,
    index: usize,
    opts: &CsvOptions,
) -> Result<Snapshot, CsvError> {
    if rec.cell_count() < l.width {
        return Err(CsvError::WrongFieldCount {
            line,
            expected: l.width,
            found: rec.cell_count(),
        });
    }
    let cell = |i: usize| rec.cell(i).unwrap_or("");
    let col = |i: usize| {
        l.names
            .get(i)
            .map(|n| shortened(n))
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    let number = |i: usize| -> Result<f64, CsvError> {
        let v = cell(i);
        match parse_number(v) {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(CsvError::BadNumber {
                line,
                column: col(i),
                value: shortened(v),
            }),
        }
    };
    // A price: greater than zero and inside the range the engine works with.
    let positive = |i: usize| -> Result<f64, CsvError> {
        let x = number(i)?;
        if x <= 0.0 {
            Err(CsvError::NonPositive {
                line,
                column: col(i),
                value: shortened(cell(i)),
            })
        } else if !(MIN_PRICE..=MAX_PRICE).contains(&x) {
            Err(CsvError::OutOfRange {
                line,
                column: col(i),
                value: shortened(cell(i)),
            })
        } else {
            Ok(x)
        }
    };
    let time = match l.time {
        Some(i) => parse_time(cell(i)).ok_or_else(|| CsvError::BadTimestamp {
            line,
            column: col(i),
            value: shortened(cell(i)),
        })?,
        None => index as f64,
    };
    let volume = match l.volume {
        Some(i) if !cell(i).is_empty() => number(i)?.clamp(0.0, MAX_VOLUME),
        _ => 0.0,
    };
    match (l.bid, l.ask) {
        (Some(b), Some(a)) if l.format == CsvFormat::BidAsk => {
            let bid = positive(b)?;
            let ask = positive(a)?;
            if bid > ask {
                return Err(CsvError::CrossedBook { line });
            }
            let last = match l.price {
                Some(p) if !cell(p).is_empty() => positive(p)?,
                _ => 0.5 * (bid + ask),
            };
            Ok(Snapshot {
                time,
                bid,
                ask,
                last,
                volume,
                low: 0.0,
                high: 0.0,
                bid_size: 0.0,
                ask_size: 0.0,
            })
        }
        _ => {
            let p = positive(l.price.unwrap_or(1))?;
            let snap = Snapshot::from_price(time, p, opts.half_spread, volume);
            match l.range {
                Some((lo, hi)) if !cell(lo).is_empty() && !cell(hi).is_empty() => {
                    let (low, high) = (positive(lo)?, positive(hi)?);
                    if !(low <= p && p <= high) {
                        return Err(CsvError::BadRange { line });
                    }
                    Ok(snap.with_range(low, high))
                }
                _ => Ok(snap),
            }
        }
    }
}
