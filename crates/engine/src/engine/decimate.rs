//! Min/max decimation of a series to a pixel width, so a chart of a million points costs
//! the same to draw as one of a thousand while keeping every spike visible.

/// One pixel column: the x at its start and the min and max y of the points in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// x of the first point in the column.
    pub x: f64,
    /// Smallest finite y in the column.
    pub min: f64,
    /// Largest finite y in the column.
    pub max: f64,
}

/// Splits indices `0..len` into `columns` equal buckets and keeps min and max of `ys`
/// per bucket (NaN values are skipped; all-NaN buckets are dropped, leaving a gap).
/// When `len <= columns` every point is its own column.
pub fn min_max_decimate(xs: &[f64], ys: &[f64], columns: usize) -> Vec<Column> {
    let len = xs.len().min(ys.len());
    let mut cols = min_max_decimate_indexed(&ys[..len], columns, &|y| y);
    for c in &mut cols {
        c.x = xs[c.x as usize];
    }
    cols
}

/// [`min_max_decimate`] with x = the index (0, 1, 2, ...) and `map` applied to each kept
/// min/max: no x vector and no transformed copy of the series are allocated, which matters
/// for million-point runs.
// Never inlined: its hot loop keeps the engine's opt-level 3 when called from the app, which the
// web build optimises for size (`[profile.web]` in the root Cargo.toml).
#[inline(never)]
pub fn min_max_decimate_indexed(
    ys: &[f64],
    columns: usize,
    map: &dyn Fn(f64) -> f64,
) -> Vec<Column> {
    let len = ys.len();
    if len == 0 || columns == 0 {
        return Vec::new();
    }
    let columns = columns.min(len);
    let mut out = Vec::with_capacity(columns);
    for c in 0..columns {
        let start = c * len / columns;
        let end = ((c + 1) * len / columns).max(start + 1);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &y in &ys[start..end] {
            if y.is_finite() {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
        if lo <= hi {
            let (a, b) = (map(lo), map(hi));
            out.push(Column {
                x: start as f64,
                min: a.min(b),
                max: a.max(b),
            });
        }
    }
    out
}

/// The (min, max) of the finite values of several series over `range`, or None.
pub fn bounds(series: &[&[f64]], range: std::ops::Range<usize>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in series {
        let end = range.end.min(s.len());
        for &y in &s[range.start.min(end)..end] {
            if y.is_finite() {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// The (min, max) over several decimated series, or None when all are empty. Equals
/// [`bounds`] over the raw data, without a second pass over it.
pub fn column_bounds(series: &[&[Column]]) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for c in series.iter().flat_map(|s| s.iter()) {
        lo = lo.min(c.min);
        hi = hi.max(c.max);
    }
    (lo <= hi).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_extremes_and_bounds_output() {
        let xs: Vec<f64> = (0..1_000_000).map(|i| i as f64).collect();
        let mut ys = vec![0.0; 1_000_000];
        ys[123_457] = 99.0;
        ys[999_999] = -5.0;
        let cols = min_max_decimate(&xs, &ys, 800);
        assert_eq!(cols.len(), 800);
        assert!(cols.iter().any(|c| c.max == 99.0));
        assert_eq!(cols.last().unwrap().min, -5.0);
        assert_eq!(cols[0].x, 0.0);
    }

    #[test]
    fn indexed_variant_equals_explicit_x_and_maps_values() {
        let ys: Vec<f64> = (0..10_000)
            .map(|i| ((i * 37) % 101) as f64 - 50.0)
            .collect();
        let xs: Vec<f64> = (0..ys.len()).map(|i| i as f64).collect();
        assert_eq!(
            min_max_decimate_indexed(&ys, 300, &|y| y),
            min_max_decimate(&xs, &ys, 300)
        );
        let scaled: Vec<f64> = ys.iter().map(|y| -2.0 * y).collect();
        assert_eq!(
            min_max_decimate_indexed(&ys, 300, &|y| -2.0 * y),
            min_max_decimate(&xs, &scaled, 300)
        );
    }

    #[test]
    fn short_series_pass_through_and_nan_makes_gaps() {
        let cols = min_max_decimate(&[1.0, 2.0, 3.0], &[5.0, f64::NAN, 7.0], 100);
        assert_eq!(cols.len(), 2);
        assert_eq!(
            cols[1],
            Column {
                x: 3.0,
                min: 7.0,
                max: 7.0
            }
        );
        assert!(min_max_decimate(&[], &[], 10).is_empty());
        assert_eq!(
            bounds(&[&[1.0, f64::NAN, -2.0], &[4.0]], 0..3),
            Some((-2.0, 4.0))
        );
        assert_eq!(bounds(&[&[f64::NAN]], 0..1), None);
    }

    #[test]
    fn column_bounds_equal_raw_bounds() {
        let a: Vec<f64> = (0..100_003)
            .map(|i| {
                if i % 977 == 0 {
                    f64::NAN
                } else {
                    ((i * 7919) % 10_007) as f64 - 5_000.0
                }
            })
            .collect();
        let b: Vec<f64> = (0..50_000).map(|i| (i as f64).sin() * 9_000.0).collect();
        let (ca, cb) = (
            min_max_decimate_indexed(&a, 640, &|y| y),
            min_max_decimate_indexed(&b, 640, &|y| y),
        );
        assert_eq!(column_bounds(&[&ca, &cb]), bounds(&[&a, &b], 0..a.len()));
        assert_eq!(column_bounds(&[&[]]), None);
    }
}
