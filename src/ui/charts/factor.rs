//! The adaptive-factor chart: the seed document's factor applied to spread, size and
//! exposure.

use super::lines::{lines_bounds, plot};
use super::{fmt_2dp, ChartProps, Frame, SummaryResult};

/// The chart's caption.
pub(super) const TITLE: &str = "Adaptive factor applied to spread, size and exposure";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "The seed document's adaptive rule: 0.7 when measured volatility is above 15 % a year, 1.2 when the liquidity score is below 0.3, otherwise 1. Spread, order size and max exposure are multiplied by it.";

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let s = &p.result.0.series;
    format!(
        "step {i} · {t} · factor {}",
        s.factor.get(i).copied().unwrap_or(1.0)
    )
}

/// Draws the chart; returns its summary.
pub(super) fn draw(f: &Frame) -> SummaryResult {
    let s = f.s;
    let factor = &s.factor[..f.n.min(s.factor.len())];
    let line = f.line(factor, |y| y, f.wide(f.pal.c), "factor");
    let area = f.below_legend(&Vec::from_iter(line.entry()))?;
    let mut chart = f
        .builder(&area, true)
        .build_cartesian_2d(f.x_range(), 0f64..1.4)?;
    f.mesh(&mut chart, &|y: &f64| format!("{y:.1}"))?;
    plot(&mut chart, &line, f.gap)?;
    let Some((lo, hi)) = lines_bounds(&[&line]) else {
        return Ok("No adaptive factor recorded.".into());
    };
    Ok(format!(
        "The factor ranges from {} to {} and ends at {}.",
        fmt_2dp(lo),
        fmt_2dp(hi),
        fmt_2dp(factor[factor.len() - 1])
    ))
}
