//! The PnL chart: equity change and its exact attribution into spread earned, inventory
//! gain or loss and fees, cumulative (and a pinned A run's equity).

use super::super::legend::Entry;
use super::lines::{lines_bounds, plot, Line};
use super::{fmt_2dp, ChartProps, Frame, SummaryResult};
use plotters::prelude::*;

/// The chart's caption.
pub(super) const TITLE: &str = "PnL: equity change = spread + inventory − fees";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "Blue is total profit or loss so far, split exactly into three running sums: green is the spread earned (each fill's edge against the mid at that moment), purple is what holding inventory gained or lost while the price moved, red is minus the fees. Blue = green + purple + red at every step. A market maker's green line climbs steadily; the purple line is the risk it takes to earn it, and with informed (toxic) flow it falls as fills arrive just before the price moves against us. When an A configuration is pinned, its equity line is shown in grey.";

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let s = &p.result.0.series;
    let init = p.result.0.kpis.initial_capital;
    format!(
        "step {i} · {t} · equity PnL {} = spread {} + inventory {} − fees {}",
        fmt_2dp(s.equity[i] - init),
        fmt_2dp(s.spread_pnl[i]),
        fmt_2dp(s.inventory_pnl[i]),
        fmt_2dp(s.fees[i])
    )
}

/// Draws the chart; returns its summary.
pub(super) fn draw(f: &Frame) -> SummaryResult {
    let (s, n, pal) = (f.s, f.n, &f.pal);
    let init = f.p.result.0.kpis.initial_capital;
    // (series, scale, then subtract, style, label): y ↦ scale·y − shift.
    let pinned = f.cmp.map(|c| &c.equity[..f.cmp_n]).unwrap_or(&[]);
    let specs: [(&[f64], f64, f64, ShapeStyle, &'static str); 5] = [
        (
            pinned,
            1.0,
            init,
            f.wide(pal.muted),
            if pinned.is_empty() {
                ""
            } else {
                "A equity PnL (pinned)"
            },
        ),
        (&s.spread_pnl[..n], 1.0, 0.0, f.wide(pal.buy), "spread"),
        (&s.inventory_pnl[..n], 1.0, 0.0, f.wide(pal.c), "inventory"),
        (&s.fees[..n], -1.0, 0.0, f.wide(pal.sell), "− fees"),
        (
            &s.equity[..n],
            1.0,
            init,
            pal.a.stroke_width(f.stroke * 2),
            "equity PnL",
        ),
    ];
    let lines: Vec<Line> = specs
        .into_iter()
        .map(|(ys, scale, shift, style, label)| f.line(ys, |y| scale * y - shift, style, label))
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
        [(f.from as f64, 0.0), ((n - 1) as f64, 0.0)],
        f.thin(pal.muted),
    ))?;
    for line in &lines {
        plot(&mut chart, line, f.gap)?;
    }
    let (eq_lo, eq_hi) = lines_bounds(&[&lines[4]]).unwrap_or((lo, hi));
    Ok(format!(
        "Equity PnL ends at {} = spread {} + inventory {} − fees {}; lowest {}, highest {}.",
        fmt_2dp(s.equity[n - 1] - init),
        fmt_2dp(s.spread_pnl[n - 1]),
        fmt_2dp(s.inventory_pnl[n - 1]),
        fmt_2dp(s.fees[n - 1]),
        fmt_2dp(eq_lo),
        fmt_2dp(eq_hi)
    ))
}
