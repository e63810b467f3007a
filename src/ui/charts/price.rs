//! The price chart: mid, the market's best bid/ask, our quotes and fills.

use super::super::legend::{Entry, MarkKind};
use super::lines::{lines_bounds, plot, Line};
use super::{fmt_2dp, ChartProps, Frame, SummaryResult};
use crate::engine::market::Aggressor;
use crate::engine::sim::Side;
use crate::ui::group_digits;
use plotters::prelude::*;

/// The chart's caption.
pub(super) const TITLE: &str = "Price: mid, market bid/ask, our quotes and fills";

/// The "What am I looking at?" text.
pub(super) const EXPLAIN: &str = "The black line is the market mid price, grey lines the market's best bid and ask. Green is where we offer to buy, red where we offer to sell. Triangles are our buys, dots our sells. Small rings are the trades the market printed (bigger for more quantity; green when a buyer took the ask, red when a seller hit the bid): a file's or a live venue's trades, or the simulated market orders. Hovering a fill names the trade that filled it. On a simulated run longer than 10 000 steps the rings are only the orders that reached our quotes until you zoom in to 10 000 steps or fewer. Market orders arrive at random and reach our quotes less often the further they sit from the price: a wider spread means fewer markers but more profit per fill. Some orders are informed: they hit us just before the price moves against us, and only a wide enough spread pays for them.";

/// The hover readout for step `i` at time `t`.
pub(super) fn readout(p: &ChartProps, i: usize, t: &str) -> String {
    let r = &p.result.0;
    let s = &r.series;
    let mut out = format!(
        "step {i} · {t} · mid {} · our bid {} · our ask {}",
        fmt_2dp(s.mid[i]),
        fmt_2dp(s.our_bid[i]),
        fmt_2dp(s.our_ask[i])
    );
    // Our fills at this step, each with the market trade that filled it.
    let from = r.trades.partition_point(|f| f.step < i);
    for fill in r.trades[from..].iter().take_while(|f| f.step == i) {
        let side = if fill.side == Side::Buy {
            "bought"
        } else {
            "sold"
        };
        out.push_str(&format!(
            " · {side} {} at {}",
            fill.amount,
            fmt_2dp(fill.price)
        ));
        let print = (fill.print_id != 0)
            .then(|| r.prints.iter().find(|m| m.print.id == fill.print_id))
            .flatten();
        if let Some(m) = print {
            let taker = match m.print.aggressor {
                Aggressor::Buy => "buyer",
                Aggressor::Sell => "seller",
            };
            out.push_str(&format!(
                " (filled by trade #{}: a {taker} for {} at {})",
                m.print.id,
                m.print.qty,
                fmt_2dp(m.print.price)
            ));
        }
    }
    out
}

/// Draws the chart; returns its summary.
pub(super) fn draw(f: &Frame) -> SummaryResult {
    let (s, n, pal) = (f.s, f.n, &f.pal);
    let pinned: [(&[f64], ShapeStyle, &'static str); 2] = match f.cmp {
        Some(c) => [
            (&c.our_bid[..f.cmp_n], f.thin(pal.c), "A quotes (pinned)"),
            (&c.our_ask[..f.cmp_n], f.thin(pal.c), ""),
        ],
        None => [(&[], f.thin(pal.c), ""), (&[], f.thin(pal.c), "")],
    };
    let current: [(&[f64], ShapeStyle, &'static str); 5] = [
        (&s.bid[..n], f.thin(pal.muted), "market bid/ask"),
        (&s.ask[..n], f.thin(pal.muted), ""),
        (&s.mid[..n], f.wide(pal.fg), "mid"),
        (&s.our_bid[..n], f.wide(pal.buy), "our bid"),
        (&s.our_ask[..n], f.wide(pal.sell), "our ask"),
    ];
    let lines: Vec<Line> = pinned
        .into_iter()
        .chain(current)
        .map(|(ys, style, label)| f.line(ys, |y| y, style, label))
        .collect();
    // The y range of the market and our quotes (mid lies between bid and ask).
    let own = &lines[lines.len() - 5..];
    let (lo, hi) = lines_bounds(&[&own[0], &own[1], &own[3], &own[4]]).ok_or("no prices")?;
    let pad = ((hi - lo) * 0.05).max(hi.abs() * 1e-6);
    let mut legend: Vec<Entry> = lines.iter().filter_map(Line::entry).collect();
    legend.push(Entry::mark(
        "buy fill",
        MarkKind::Triangle,
        pal.buy.filled(),
    ));
    legend.push(Entry::mark("sell fill", MarkKind::Dot, pal.sell.filled()));
    let prints = &f.p.result.0.prints;
    let prints_from = prints.partition_point(|m| m.step < f.from);
    let prints_shown = prints.partition_point(|m| m.step < n);
    if prints_shown > 0 {
        // Long synthetic runs keep only the orders that reached our quotes, except in a
        // zoomed window of at most ALL_ORDERS_STEPS steps.
        let every_order =
            f.p.result
                .0
                .orders_window
                .as_ref()
                .is_none_or(|w| w.start <= f.from && n <= w.end);
        legend.push(Entry::mark(
            if every_order {
                "market trade"
            } else {
                "order reaching our quotes (zoom in for all)"
            },
            MarkKind::Dot,
            f.thin(pal.muted),
        ));
    }
    let area = f.below_legend(&legend)?;
    let mut chart = f
        .builder(&area, true)
        .build_cartesian_2d(f.x_range(), (lo - pad)..(hi + pad))?;
    f.mesh(&mut chart, &|y: &f64| format!("{y:.2}"))?;
    for line in &lines {
        plot(&mut chart, line, f.gap)?;
    }
    // Fills as markers, at most one buy and one sell per bucket of pixel columns (the
    // first in each), so the marker count is bounded by the canvas width, not the run.
    let trades = &f.p.result.0.trades;
    let first = trades.partition_point(|t| t.step < f.from);
    let visible = trades.partition_point(|t| t.step < n);
    // Buckets three device pixels wide keep markers distinct and their count small.
    let per_col = (3.0 * (n - f.from) as f64 / f.columns.max(1) as f64).max(1.0);
    let mut last_col = [usize::MAX; 2];
    let shown: Vec<&crate::engine::sim::Trade> = trades[first..visible]
        .iter()
        .filter(|t| {
            let col = (t.step as f64 / per_col) as usize;
            let side = (t.side == Side::Sell) as usize;
            let keep = last_col[side] != col;
            last_col[side] = col;
            keep
        })
        .collect();
    // Market trades as rings sized by quantity: per bucket of pixel columns and side, the
    // largest, so their number is bounded by the canvas width.
    if prints_shown > 0 {
        let max_qty = prints[prints_from..prints_shown]
            .iter()
            .map(|m| m.print.qty)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE);
        // Prints are in step order, so one pass keeps the largest per bucket and side.
        let mut best: Vec<&crate::engine::sim::MarketPrint> = Vec::new();
        let mut open: [Option<(usize, usize)>; 2] = [None, None]; // (bucket, index in best)
        for m in &prints[prints_from..prints_shown] {
            let bucket = (m.step as f64 / per_col) as usize;
            let side = (m.print.aggressor == Aggressor::Buy) as usize;
            match open[side] {
                Some((b, i)) if b == bucket => {
                    if m.print.qty > best[i].print.qty {
                        best[i] = m;
                    }
                }
                _ => {
                    open[side] = Some((bucket, best.len()));
                    best.push(m);
                }
            }
        }
        chart.draw_series(best.iter().map(|m| {
            let r = ((1.5 + 4.5 * (m.print.qty / max_qty).sqrt()) * f.dpr) as i32;
            let colour = if m.print.aggressor == Aggressor::Buy {
                pal.buy
            } else {
                pal.sell
            };
            Circle::new((m.step as f64, m.print.price), r, colour.stroke_width(1))
        }))?;
    }
    let size = (3.5 * f.dpr) as i32;
    chart.draw_series(
        shown
            .iter()
            .filter(|t| t.side == Side::Buy)
            .map(|t| TriangleMarker::new((t.step as f64, t.price), size, pal.buy.filled())),
    )?;
    chart.draw_series(
        shown
            .iter()
            .filter(|t| t.side == Side::Sell)
            .map(|t| Circle::new((t.step as f64, t.price), size, pal.sell.filled())),
    )?;
    let (mid_lo, mid_hi) = lines_bounds(&[&own[2]]).unwrap_or((lo, hi));
    Ok(format!(
        "Mid price from {} to {} over {} steps (low {}, high {}); {} fills of our quotes.",
        fmt_2dp(s.mid[f.from]),
        fmt_2dp(s.mid[n - 1]),
        group_digits(n - f.from),
        fmt_2dp(mid_lo),
        fmt_2dp(mid_hi),
        group_digits(visible - first)
    ))
}
