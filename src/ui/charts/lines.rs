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
            cols: min_max_decimate_indexed(ys, columns, map),
            style,
            label,
        }
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
