//! The inventory chart: exposure % (left axis) with the cap and the rebalance band, and
//! base units (right axis).

use super::super::canvas_backend::Canvas;
use super::super::legend::{Entry, MarkKind};
use super::lines::{envelope, lines_bounds, plot, Line};
use super::{ChartProps, CornerResult, Frame};
use plotters::prelude::*;

/// The chart's caption.
pub(super) const TITLE: &str = "Inventory: exposure % (left) and base units (right)";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "How much of our money sits in the asset rather than cash. Each buy fill raises it, each sell lowers it. The red line is the cap (max_inventory_exposure); inside the shaded band nothing happens, outside it the rebalance rule sells back to the target at market.";

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let s = &p.result.0.series;
    format!(
        "step {i} · {t} · exposure {:.2} % · base {:.6}",
        s.exposure[i] * 100.0,
        s.base[i]
    )
}

/// Draws the chart; returns the plot's upper-left corner (for the legend).
pub(super) fn draw(
    f: &Frame,
    builder: &mut ChartBuilder<Canvas>,
    legend: &mut Vec<Entry>,
) -> CornerResult {
    let (p, s, n, pal) = (f.p, f.s, f.n, &f.pal);
    let x_range = f.x_range();
    let band_hi = (p.target + p.rebalance) * 100.0;
    let band_lo = ((p.target - p.rebalance) * 100.0).max(0.0);
    let cap = p.max_exposure * 100.0;
    let pct = |y: f64| y * 100.0;
    let compare = f.cmp.map(|c| {
        Line::new(
            &c.exposure[..f.cmp_n],
            f.columns,
            pct,
            f.wide(pal.muted),
            "A exposure % (pinned)",
        )
    });
    let exposure = Line::new(
        &s.exposure[..n],
        f.columns,
        pct,
        f.wide(pal.a),
        "exposure %",
    );
    let base = Line::new(
        &s.base[..n],
        f.columns,
        |y| y,
        pal.b.mix(0.55).stroke_width(1),
        "base units (right axis)",
    );
    let e_hi = lines_bounds(&[&exposure]).map_or(1.0, |(_, hi)| hi);
    let top = e_hi.max(cap).max(band_hi) * 1.1 + 0.5;
    let (b_lo, b_hi) = lines_bounds(&[&base]).unwrap_or((0.0, 1.0));
    let b_top = if b_hi > b_lo {
        b_hi * 1.1
    } else {
        b_lo.abs() + 1.0
    };
    let mut chart = builder
        .build_cartesian_2d(x_range.clone(), 0f64..top)?
        .set_secondary_coord(x_range.clone(), 0f64..b_top);
    f.mesh(&mut chart, &|y: &f64| format!("{y:.1}%"))?;
    chart
        .configure_secondary_axes()
        .label_style(f.font.clone())
        .axis_style(pal.grid)
        .y_label_formatter(&|y: &f64| format!("{y:.4}"))
        .draw()?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, band_lo), ((n - 1) as f64, band_hi.min(top))],
        pal.a.mix(0.08).filled(),
    )))?;
    legend.push(Entry::mark(
        "rebalance band",
        MarkKind::Band,
        pal.a.mix(0.25).filled(),
    ));
    chart.draw_series(LineSeries::new(
        [(0.0, cap), ((n - 1) as f64, cap)],
        f.wide(pal.sell),
    ))?;
    legend.push(Entry::line("max exposure", f.wide(pal.sell)));
    for line in compare.iter().chain([&exposure]) {
        plot(&mut chart, line, f.gap)?;
        legend.extend(line.entry());
    }
    for run in envelope(&base.cols, f.gap) {
        chart.draw_secondary_series(LineSeries::new(run, base.style))?;
    }
    legend.push(Entry::line(base.label, f.wide(pal.b)));
    Ok(chart.plotting_area().get_base_pixel())
}
