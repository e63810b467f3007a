//! The PnL chart: equity change, realised and unrealised (and a pinned A run's equity).

use super::super::legend::Entry;
use super::lines::{lines_bounds, plot, Line};
use super::{fmt_2dp, ChartProps, Frame, SummaryResult};
use plotters::prelude::*;

/// The chart's caption.
pub(super) const TITLE: &str = "PnL: equity change, realised and unrealised";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "Blue is total profit or loss: realised (green, locked in by selling) plus unrealised (purple, what the inventory we still hold would fetch at mid). A market maker earns small spreads and loses when the price runs away while it holds inventory; the sentence above the KPIs splits the result exactly into spread earned, inventory gain or loss and fees. When an A configuration is pinned, its equity line is shown in grey.";

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let s = &p.result.0.series;
    let init = p.result.0.kpis.initial_capital;
    format!(
        "step {i} · {t} · equity PnL {} · realised {} · unrealised {}",
        fmt_2dp(s.equity[i] - init),
        fmt_2dp(s.realised[i]),
        fmt_2dp(s.unrealised[i])
    )
}

/// Draws the chart; returns its summary.
pub(super) fn draw(f: &Frame) -> SummaryResult {
    let (s, n, pal) = (f.s, f.n, &f.pal);
    let init = f.p.result.0.kpis.initial_capital;
    // (series, subtract the initial capital?, style, label)
    let pinned = f.cmp.map(|c| &c.equity[..f.cmp_n]).unwrap_or(&[]);
    let specs: [(&[f64], bool, ShapeStyle, &'static str); 4] = [
        (
            pinned,
            true,
            f.wide(pal.muted),
            if pinned.is_empty() {
                ""
            } else {
                "A equity PnL (pinned)"
            },
        ),
        (&s.realised[..n], false, f.wide(pal.buy), "realised"),
        (&s.unrealised[..n], false, f.wide(pal.c), "unrealised"),
        (
            &s.equity[..n],
            true,
            pal.a.stroke_width(f.stroke * 2),
            "equity PnL",
        ),
    ];
    let lines: Vec<Line> = specs
        .into_iter()
        .map(|(ys, less_init, style, label)| {
            let shift = if less_init { init } else { 0.0 };
            Line::new(ys, f.columns, |y| y - shift, style, label)
        })
        .collect();
    let all: Vec<&Line> = lines.iter().collect();
    let (lo, hi) = lines_bounds(&all).unwrap_or((-1.0, 1.0));
    let pad = ((hi - lo) * 0.08).max(1e-6);
    let legend: Vec<Entry> = lines.iter().filter_map(Line::entry).collect();
    let area = f.below_legend(&legend)?;
    let mut chart = f
        .builder(&area, true)
        .build_cartesian_2d(f.x_range(), (lo - pad)..(hi + pad))?;
    f.mesh(&mut chart, &|y: &f64| format!("{y:.2}"))?;
    chart.draw_series(LineSeries::new(
        [(0.0, 0.0), ((n - 1) as f64, 0.0)],
        f.thin(pal.muted),
    ))?;
    for line in &lines {
        plot(&mut chart, line, f.gap)?;
    }
    let (eq_lo, eq_hi) = lines_bounds(&[&lines[3]]).unwrap_or((lo, hi));
    Ok(format!(
        "Equity PnL ends at {} (realised {}, unrealised {}); lowest {}, highest {}.",
        fmt_2dp(s.equity[n - 1] - init),
        fmt_2dp(s.realised[n - 1]),
        fmt_2dp(s.unrealised[n - 1]),
        fmt_2dp(eq_lo),
        fmt_2dp(eq_hi)
    ))
}
