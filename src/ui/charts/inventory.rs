//! The inventory chart: exposure % with the cap and the rebalance band (top panel), and
//! base units held (bottom panel). Both are bucketed to a few CSS pixels per bucket and
//! drawn as a min–max band with a step line of the bucket means: inventory that swings
//! between empty and the band every few steps reads as a band with its average, not as a
//! picket fence of spikes.

use super::super::legend::{Entry, MarkKind};
use super::lines::{buckets, buckets_bounds, plot, plot_band, Line};
use super::{ChartProps, Frame, SummaryResult};
use plotters::prelude::*;

/// The chart's caption.
pub(super) const TITLE: &str = "Inventory: exposure % (top) and base units held (bottom)";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "How much of our money sits in the asset rather than cash. Each buy fill raises it, each sell lowers it. The top panel is exposure, the asset's share of our equity: the red line is the cap (max_inventory_exposure); inside the shaded band nothing happens, outside it the rebalance rule sells back to the target at market. The bottom panel is the same inventory in units of the base asset. Each few pixels stand for a group of steps: the light band spans the lowest to the highest value in the group and the line is its average.";

/// Share of the plot height given to the exposure panel.
const TOP_SHARE: f64 = 0.58;

/// CSS pixels per bucket of steps.
const BUCKET_CSS_PX: f64 = 5.0;

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let s = &p.result.0.series;
    format!(
        "step {i} · {t} · exposure {:.2} % · base {:.6}",
        s.exposure[i] * 100.0,
        s.base[i]
    )
}

/// Decimals that show `top / 4` (one axis step) with two significant digits.
fn base_decimals(top: f64) -> usize {
    if top > 0.0 && top.is_finite() {
        ((-(top / 4.0).log10()).ceil() + 1.0).clamp(0.0, 8.0) as usize
    } else {
        2
    }
}

/// Draws the chart; returns its summary.
pub(super) fn draw(f: &Frame) -> SummaryResult {
    let (p, s, n, pal) = (f.p, f.s, f.n, &f.pal);
    let x_range = f.x_range();
    let band_hi = (p.target + p.rebalance) * 100.0;
    let band_lo = ((p.target - p.rebalance) * 100.0).max(0.0);
    let cap = p.max_exposure * 100.0;
    let pct = |y: f64| y * 100.0;
    let compare = f.cmp.map(|c| {
        f.line(
            &c.exposure[..f.cmp_n],
            pct,
            f.wide(pal.muted),
            "A exposure % (pinned)",
        )
    });
    let count = ((f.columns as f64 / f.dpr / BUCKET_CSS_PX) as usize).max(1);
    let exposure = buckets(&s.exposure[f.from..n], f.from, count, pct);
    let base = buckets(&s.base[f.from..n], f.from, count, |y| y);

    let mut legend = vec![
        Entry::mark("rebalance band", MarkKind::Band, pal.a.mix(0.12).filled()),
        Entry::line("max exposure", f.wide(pal.sell)),
    ];
    legend.extend(compare.as_ref().and_then(Line::entry));
    legend.push(Entry::mark(
        "exposure % range",
        MarkKind::Band,
        pal.a.mix(0.28).filled(),
    ));
    legend.push(Entry::line("exposure % mean", f.wide(pal.a)));
    legend.push(Entry::mark(
        "base units range",
        MarkKind::Band,
        pal.b.mix(0.28).filled(),
    ));
    legend.push(Entry::line("base units mean", f.wide(pal.b)));
    let area = f.below_legend(&legend)?;
    let (_, h) = area.dim_in_pixel();
    let (upper, lower) = area.split_vertically((h as f64 * TOP_SHARE) as i32);

    let (e_lo, e_hi) = buckets_bounds(&exposure).unwrap_or((0.0, 1.0));
    let top = e_hi.max(cap).max(band_hi) * 1.1 + 0.5;
    let mut chart = f
        .builder(&upper, false)
        .build_cartesian_2d(x_range.clone(), 0f64..top)?;
    f.mesh_with(&mut chart, &|y: &f64| format!("{y:.1}%"), false)?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(f.from as f64, band_lo), ((n - 1) as f64, band_hi.min(top))],
        pal.a.mix(0.12).filled(),
    )))?;
    plot_band(&mut chart, &exposure, pal.a, f.stroke)?;
    if let Some(line) = &compare {
        plot(&mut chart, line, f.gap)?;
    }
    chart.draw_series(LineSeries::new(
        [(f.from as f64, cap), ((n - 1) as f64, cap)],
        f.wide(pal.sell),
    ))?;

    let (b_lo, b_hi) = buckets_bounds(&base).unwrap_or((0.0, 1.0));
    let b_top = if b_hi > 0.0 { b_hi * 1.15 } else { 1.0 };
    let decimals = base_decimals(b_top);
    let mut chart = f
        .builder(&lower, true)
        .build_cartesian_2d(x_range, 0f64..b_top)?;
    f.mesh(&mut chart, &|y: &f64| format!("{y:.decimals$}"))?;
    plot_band(&mut chart, &base, pal.b, f.stroke)?;

    Ok(format!(
        "Exposure ranged from {e_lo:.1} % to {e_hi:.1} % of equity (cap {cap:.1} %) and ends at {:.1} %; base units held ranged from {b_lo:.d$} to {b_hi:.d$} and end at {:.d$}.",
        s.exposure[n - 1] * 100.0,
        s.base[n - 1],
        d = decimals + 1
    ))
}
