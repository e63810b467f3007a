//! Plotting helpers shared by the charts: series decimated to the canvas width
//! ([`Line`]), their y bounds, and drawing them as gap-split min/max envelopes.

use super::super::canvas_backend::Canvas;
use super::super::legend::Entry;
use super::DrawResult;
use crate::engine::decimate::{column_bounds, min_max_decimate_indexed, Column};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// A series decimated to the canvas width, with how to draw it.
pub(super) struct Line {
    pub(super) cols: Vec<Column>,
    pub(super) style: ShapeStyle,
    pub(super) label: &'static str,
}

impl Line {
    /// Decimates `ys` (mapped by `map`) to `columns` pixel columns.
    pub(super) fn new(
        ys: &[f64],
        columns: usize,
        map: impl Fn(f64) -> f64,
        style: ShapeStyle,
        label: &'static str,
    ) -> Line {
        Line {
            cols: min_max_decimate_indexed(ys, columns, &map),
            style,
            label,
        }
    }

    /// The same line with every x moved by `by` steps (a window's first step).
    pub(super) fn shifted(mut self, by: usize) -> Line {
        for c in &mut self.cols {
            c.x += by as f64;
        }
        self
    }

    /// Its legend row, if it has a label.
    pub(super) fn entry(&self) -> Option<Entry> {
        (!self.label.is_empty()).then(|| Entry::line(self.label, self.style))
    }
}

/// The y range covered by `lines`.
pub(super) fn lines_bounds(lines: &[&Line]) -> Option<(f64, f64)> {
    let cols: Vec<&[Column]> = lines.iter().map(|l| l.cols.as_slice()).collect();
    column_bounds(&cols)
}

/// Envelope points (min then max per column), split into runs at gaps.
pub(super) fn envelope(cols: &[Column], gap: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut last_x = f64::NEG_INFINITY;
    for c in cols {
        if c.x - last_x > gap || runs.is_empty() {
            runs.push(Vec::new());
        }
        let r = runs.last_mut().expect("pushed above");
        r.push((c.x, c.min));
        if c.max != c.min {
            r.push((c.x, c.max));
        }
        last_x = c.x;
    }
    runs
}

/// A chart's primary axes.
pub(super) type Plot<'a> = ChartContext<'a, Canvas, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws a decimated line on the primary axes.
pub(super) fn plot(chart: &mut Plot, line: &Line, gap: f64) -> DrawResult {
    for run in envelope(&line.cols, gap) {
        chart.draw_series(LineSeries::new(run, line.style))?;
    }
    Ok(())
}

/// A bucket of consecutive steps of a series: its step range and the min, max and mean of
/// its finite values.
pub(super) struct Bucket {
    /// First step.
    pub(super) x0: f64,
    /// One past the last step.
    pub(super) x1: f64,
    /// Smallest value.
    pub(super) min: f64,
    /// Largest value.
    pub(super) max: f64,
    /// Mean value.
    pub(super) mean: f64,
}

/// Splits `ys` into `count` equal buckets of steps (every step its own bucket when there
/// are fewer steps) and keeps the min, max and mean of each, after `map`; buckets without a
/// finite value are dropped. `ys` starts at step `offset` (a zoomed window).
pub(super) fn buckets(
    ys: &[f64],
    offset: usize,
    count: usize,
    map: impl Fn(f64) -> f64,
) -> Vec<Bucket> {
    let len = ys.len();
    let count = count.min(len);
    let mut out = Vec::with_capacity(count);
    for c in 0..count {
        let (start, end) = (
            c * len / count,
            ((c + 1) * len / count).max(c * len / count + 1),
        );
        let (mut lo, mut hi, mut sum, mut k) = (f64::INFINITY, f64::NEG_INFINITY, 0.0, 0usize);
        for &y in ys[start..end].iter().filter(|y| y.is_finite()) {
            let y = map(y);
            (lo, hi, sum, k) = (lo.min(y), hi.max(y), sum + y, k + 1);
        }
        if k > 0 {
            out.push(Bucket {
                x0: (offset + start) as f64,
                x1: (offset + end) as f64,
                min: lo,
                max: hi,
                mean: sum / k as f64,
            });
        }
    }
    out
}

/// The y range covered by `buckets`.
pub(super) fn buckets_bounds(buckets: &[Bucket]) -> Option<(f64, f64)> {
    let lo = buckets.iter().map(|b| b.min).fold(f64::INFINITY, f64::min);
    let hi = buckets
        .iter()
        .map(|b| b.max)
        .fold(f64::NEG_INFINITY, f64::max);
    (lo <= hi).then_some((lo, hi))
}

/// Draws `buckets` as a filled min–max band (light) and a step line of their means, each
/// split where buckets are missing.
pub(super) fn plot_band(
    chart: &mut Plot,
    buckets: &[Bucket],
    colour: RGBColor,
    stroke: u32,
) -> DrawResult {
    let mut runs: Vec<&[Bucket]> = Vec::new();
    let mut start = 0;
    for i in 1..=buckets.len() {
        if i == buckets.len() || buckets[i].x0 != buckets[i - 1].x1 {
            runs.push(&buckets[start..i]);
            start = i;
        }
    }
    for run in runs.into_iter().filter(|r| !r.is_empty()) {
        let upper = run.iter().flat_map(|b| [(b.x0, b.max), (b.x1, b.max)]);
        let lower = run
            .iter()
            .rev()
            .flat_map(|b| [(b.x1, b.min), (b.x0, b.min)]);
        chart.draw_series(std::iter::once(Polygon::new(
            upper.chain(lower).collect::<Vec<_>>(),
            colour.mix(0.28).filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            run.iter().flat_map(|b| [(b.x0, b.mean), (b.x1, b.mean)]),
            colour.stroke_width(stroke),
        ))?;
    }
    Ok(())
}
