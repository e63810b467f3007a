//! The three canvas charts (price, inventory, PnL), drawn with plotters-canvas at device
//! pixel resolution from min/max-decimated series, with a hover readout.

use super::canvas_backend::Canvas;
use super::legend::{self, Entry, LegendStyle, MarkKind};
use super::timing;
use super::Shared;
use crate::engine::decimate::{column_bounds, min_max_decimate_indexed, Column};
use crate::engine::sim::{iso8601, RunResult, Side};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Mid, book, our quotes and fills.
    Price,
    /// Exposure and base inventory.
    Inventory,
    /// Equity PnL, realised and unrealised.
    Pnl,
    /// The adaptive adjustment factor.
    Factor,
}

impl ChartKind {
    fn id(self) -> &'static str {
        match self {
            ChartKind::Price => "chart-price",
            ChartKind::Inventory => "chart-inventory",
            ChartKind::Pnl => "chart-pnl",
            ChartKind::Factor => "chart-factor",
        }
    }
}

/// Chart properties.
#[derive(Properties, PartialEq, Clone)]
pub struct ChartProps {
    /// Which chart.
    pub kind: ChartKind,
    /// The run.
    pub result: Shared<RunResult>,
    /// Steps revealed.
    pub cursor: usize,
    /// Max inventory exposure (line on the inventory chart).
    pub max_exposure: f64,
    /// Rebalance threshold (band around the target).
    pub rebalance: f64,
    /// Rebalance target.
    pub target: f64,
    /// Redraw trigger (resize).
    pub epoch: u32,
    /// Dark theme.
    pub dark: bool,
    /// Optional second run drawn for comparison (A/B).
    #[prop_or_default]
    pub compare: Option<Shared<RunResult>>,
}

/// Margins used both for drawing and for mapping the mouse back to a step (CSS px).
const MARGIN: f64 = 8.0;
const Y_LABELS: f64 = 62.0;
const X_LABELS: f64 = 24.0;
const Y2_LABELS: f64 = 52.0;

struct Palette {
    bg: RGBColor,
    fg: RGBColor,
    grid: RGBColor,
    a: RGBColor,
    b: RGBColor,
    c: RGBColor,
    buy: RGBColor,
    sell: RGBColor,
    muted: RGBColor,
}

fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            bg: RGBColor(22, 27, 34),
            fg: RGBColor(201, 209, 217),
            grid: RGBColor(48, 54, 61),
            a: RGBColor(88, 166, 255),
            b: RGBColor(255, 166, 87),
            c: RGBColor(188, 140, 255),
            buy: RGBColor(63, 185, 80),
            sell: RGBColor(248, 81, 73),
            muted: RGBColor(110, 118, 129),
        }
    } else {
        Palette {
            bg: RGBColor(255, 255, 255),
            fg: RGBColor(36, 41, 47),
            grid: RGBColor(234, 238, 242),
            a: RGBColor(9, 105, 218),
            b: RGBColor(188, 76, 0),
            c: RGBColor(130, 80, 223),
            buy: RGBColor(26, 127, 55),
            sell: RGBColor(207, 34, 46),
            muted: RGBColor(140, 149, 159),
        }
    }
}

/// A chart: canvas plus readout line.
#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let canvas = use_node_ref();
    let readout = use_state(String::new);
    {
        let canvas = canvas.clone();
        let p = props.clone();
        let deps = (
            props.result.clone(),
            props.cursor,
            props.epoch,
            props.dark,
            props.compare.clone(),
            (
                props.max_exposure.to_bits(),
                props.rebalance.to_bits(),
                props.target.to_bits(),
            ),
        );
        use_effect_with(deps, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let t0 = timing::now();
                if let Err(e) = draw(&c, &p) {
                    web_sys::console::warn_1(&format!("chart {}: {e}", p.kind.id()).into());
                }
                timing::record(p.kind.id(), t0);
            }
        });
    }
    let onmousemove = {
        let readout = readout.clone();
        let p = props.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
            else {
                return;
            };
            let width = target.client_width() as f64;
            let right = if p.kind == ChartKind::Inventory {
                Y2_LABELS
            } else {
                MARGIN
            };
            let left = MARGIN + Y_LABELS;
            let frac = ((e.offset_x() as f64 - left) / (width - left - right)).clamp(0.0, 1.0);
            let n = p.cursor.min(p.result.0.series.time.len());
            if n == 0 {
                return;
            }
            let i = ((frac * (n - 1) as f64).round() as usize).min(n - 1);
            readout.set(readout_text(&p, i));
        })
    };
    let onmouseleave = {
        let readout = readout.clone();
        Callback::from(move |_| readout.set(String::new()))
    };
    let title = match props.kind {
        ChartKind::Price => "Price: mid, market bid/ask, our quotes and fills",
        ChartKind::Inventory => "Inventory: exposure % (left) and base units (right)",
        ChartKind::Pnl => "PnL: equity change, realised and unrealised",
        ChartKind::Factor => "Adaptive factor applied to spread, size and exposure",
    };
    let explain = match props.kind {
        ChartKind::Price => "The black line is the market mid price, grey lines the market's best bid and ask. Green is where we offer to buy, red where we offer to sell. Triangles are our buys, dots our sells. A wider spread pushes the green and red lines away from the price, so fewer markers appear.",
        ChartKind::Inventory => "How much of our money sits in the asset rather than cash. Each buy fill raises it, each sell lowers it. The red line is the cap (max_inventory_exposure); inside the shaded band nothing happens, outside it the rebalance rule sells back to the target at market.",
        ChartKind::Pnl => "Blue is total profit or loss: realised (green, locked in by selling) plus unrealised (purple, what the inventory we still hold would fetch at mid). A market maker earns small spreads and loses when the price runs away while it holds inventory. When an A configuration is pinned, its equity line is shown in grey.",
        ChartKind::Factor => "The seed document's adaptive rule: 0.7 when measured volatility is above 15 % a year, 1.2 when the liquidity score is below 0.3, otherwise 1. Spread, order size and max exposure are multiplied by it.",
    };
    html! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{ title }</span>
                <span class="readout" id={format!("{}-readout", props.kind.id())} aria-live="polite">{ (*readout).clone() }</span>
            </figcaption>
            <canvas id={props.kind.id()} ref={canvas} {onmousemove} {onmouseleave}
                role="img" aria-label={title}></canvas>
            <details class="explain">
                <summary>{ "What am I looking at?" }</summary>
                <p>{ explain }</p>
            </details>
        </figure>
    }
}

/// Sizes a canvas to its CSS box times devicePixelRatio (at least `min_w` x `min_h` CSS
/// pixels) and returns (dpr, css width, css height).
pub(crate) fn fit_canvas(c: &HtmlCanvasElement, min_w: i32, min_h: i32) -> (f64, f64, f64) {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (cw, ch) = (
        c.client_width().max(min_w) as f64,
        c.client_height().max(min_h) as f64,
    );
    let (w, h) = ((cw * dpr).round() as u32, (ch * dpr).round() as u32);
    if c.width() != w || c.height() != h {
        c.set_width(w);
        c.set_height(h);
    }
    (dpr, cw, ch)
}

/// Background and text colours for the theme.
pub(crate) fn theme_colours(dark: bool) -> (RGBColor, RGBColor) {
    if dark {
        (RGBColor(22, 27, 34), RGBColor(201, 209, 217))
    } else {
        (RGBColor(255, 255, 255), RGBColor(36, 41, 47))
    }
}

fn readout_text(p: &ChartProps, i: usize) -> String {
    let s = &p.result.0.series;
    let t = iso8601(s.time[i])
        .replace('T', " ")
        .trim_end_matches(".000Z")
        .to_string();
    let q = |x: f64| {
        if x.is_finite() {
            format!("{x:.2}")
        } else {
            "—".into()
        }
    };
    match p.kind {
        ChartKind::Price => format!(
            "step {i} · {t} · mid {} · our bid {} · our ask {}",
            q(s.mid[i]),
            q(s.our_bid[i]),
            q(s.our_ask[i])
        ),
        ChartKind::Inventory => format!(
            "step {i} · {t} · exposure {:.2} % · base {:.6}",
            s.exposure[i] * 100.0,
            s.base[i]
        ),
        ChartKind::Factor => format!(
            "step {i} · {t} · factor {}",
            s.factor.get(i).copied().unwrap_or(1.0)
        ),
        ChartKind::Pnl => {
            let init = p.result.0.kpis.initial_capital;
            format!(
                "step {i} · {t} · equity PnL {} · realised {} · unrealised {}",
                q(s.equity[i] - init),
                q(s.realised[i]),
                q(s.unrealised[i])
            )
        }
    }
}

/// A series decimated to the canvas width, with how to draw it.
struct Line {
    cols: Vec<Column>,
    style: ShapeStyle,
    label: &'static str,
}

impl Line {
    /// Decimates `ys` (mapped by `map`) to `columns` pixel columns.
    fn new(
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
    fn entry(&self) -> Option<Entry> {
        (!self.label.is_empty()).then(|| Entry::line(self.label, self.style))
    }
}

/// The y range covered by `lines`.
fn lines_bounds(lines: &[&Line]) -> Option<(f64, f64)> {
    let cols: Vec<&[Column]> = lines.iter().map(|l| l.cols.as_slice()).collect();
    column_bounds(&cols)
}

/// Envelope points (min then max per column), split into runs at gaps.
fn envelope(cols: &[Column], gap: f64) -> Vec<Vec<(f64, f64)>> {
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

type Plot<'a> = ChartContext<'a, Canvas, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
/// What drawing a chart returns.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Draws a decimated line on the primary axes.
fn plot(chart: &mut Plot, line: &Line, gap: f64) -> DrawResult {
    for run in envelope(&line.cols, gap) {
        chart.draw_series(LineSeries::new(run, line.style))?;
    }
    Ok(())
}

macro_rules! mesh {
    ($chart:expr, $pal:expr, $font:expr, $xl:expr, $fmt_x:expr, $fmt_y:expr) => {
        $chart
            .configure_mesh()
            .label_style($font)
            .axis_style($pal.grid)
            .bold_line_style($pal.grid)
            .light_line_style($pal.bg)
            .x_labels($xl)
            .y_labels(5)
            .x_label_formatter($fmt_x)
            .y_label_formatter($fmt_y)
            .draw()?
    };
}

/// Draws chart `p.kind` of `p.result` on `canvas`, sized to its CSS box.
pub fn draw(canvas: &HtmlCanvasElement, p: &ChartProps) -> DrawResult {
    let (dpr, css_w, _) = fit_canvas(canvas, 200, 120);
    let pal = palette(p.dark);
    let root = Canvas::area(canvas)?;
    root.fill(&pal.bg)?;
    let s = &p.result.0.series;
    let n = p.cursor.min(s.time.len());
    if n < 2 {
        root.present()?;
        return Ok(());
    }
    // x is the step index; the decimation works on indices directly.
    let plot_w = (css_w - MARGIN * 2.0 - Y_LABELS).max(50.0);
    let columns = (plot_w * dpr) as usize;
    let gap = (n as f64 / columns as f64).max(1.0) * 1.5 + 1.0;
    // About one x label per 120 CSS px so labels never overlap on phones.
    let x_labels = ((css_w / 120.0) as usize).clamp(2, 8);
    let font = ("sans-serif", (11.0 * dpr) as i32)
        .into_font()
        .color(&pal.fg);
    let x_range = 0f64..(n - 1) as f64;
    let times = &s.time;
    let fmt_x = |x: &f64| {
        let i = (*x as usize).min(times.len().saturating_sub(1));
        let t = iso8601(times[i]);
        let span = times[n - 1] - times[0];
        if span > 30.0 * 86_400.0 {
            t[5..10].to_string()
        } else if span > 86_400.0 {
            format!("{} {}", &t[5..10], &t[11..16])
        } else if span > 3600.0 {
            t[11..16].to_string()
        } else {
            t[11..19].to_string()
        }
    };
    let cmp = p.compare.as_ref().map(|c| &c.0.series);
    let cmp_n = cmp.map(|c| c.time.len().min(n)).unwrap_or(0);
    let stroke = ((1.5 * dpr) as u32).max(1);
    let thin = |c: RGBColor| c.stroke_width(1);
    let wide = |c: RGBColor| c.stroke_width(stroke);
    let mut builder = ChartBuilder::on(&root);
    builder
        .margin((MARGIN * dpr) as u32)
        .x_label_area_size((X_LABELS * dpr) as u32)
        .y_label_area_size((Y_LABELS * dpr) as u32);
    if p.kind == ChartKind::Inventory {
        builder.right_y_label_area_size((Y2_LABELS * dpr) as u32);
    }
    let mut legend: Vec<Entry> = Vec::new();
    let plot_corner;
    match p.kind {
        ChartKind::Price => {
            let pinned: [(&[f64], ShapeStyle, &'static str); 2] = match cmp {
                Some(c) => [
                    (&c.our_bid[..cmp_n], thin(pal.c), "A quotes (pinned)"),
                    (&c.our_ask[..cmp_n], thin(pal.c), ""),
                ],
                None => [(&[], thin(pal.c), ""), (&[], thin(pal.c), "")],
            };
            let current: [(&[f64], ShapeStyle, &'static str); 5] = [
                (&s.bid[..n], thin(pal.muted), "market bid/ask"),
                (&s.ask[..n], thin(pal.muted), ""),
                (&s.mid[..n], wide(pal.fg), "mid"),
                (&s.our_bid[..n], wide(pal.buy), "our bid"),
                (&s.our_ask[..n], wide(pal.sell), "our ask"),
            ];
            let lines: Vec<Line> = pinned
                .into_iter()
                .chain(current)
                .map(|(ys, style, label)| Line::new(ys, columns, |y| y, style, label))
                .collect();
            // The y range of the market and our quotes (mid lies between bid and ask).
            let own = &lines[lines.len() - 5..];
            let (lo, hi) =
                lines_bounds(&[&own[0], &own[1], &own[3], &own[4]]).ok_or("no prices")?;
            let pad = ((hi - lo) * 0.05).max(hi.abs() * 1e-6);
            let mut chart = builder.build_cartesian_2d(x_range, (lo - pad)..(hi + pad))?;
            mesh!(
                chart,
                pal,
                font.clone(),
                x_labels,
                &fmt_x,
                &|y: &f64| format!("{y:.2}")
            );
            for line in &lines {
                plot(&mut chart, line, gap)?;
                legend.extend(line.entry());
            }
            // Fills as markers, at most one buy and one sell per bucket of pixel columns (the
            // first in each), so the marker count is bounded by the canvas width, not the run.
            let trades = &p.result.0.trades;
            let visible = trades.partition_point(|t| t.step < n);
            // Buckets three device pixels wide keep markers distinct and their count small.
            let per_col = (3.0 * n as f64 / columns.max(1) as f64).max(1.0);
            let mut last_col = [usize::MAX; 2];
            let shown: Vec<&crate::engine::sim::Trade> = trades[..visible]
                .iter()
                .filter(|t| {
                    let col = (t.step as f64 / per_col) as usize;
                    let side = (t.side == Side::Sell) as usize;
                    let keep = last_col[side] != col;
                    last_col[side] = col;
                    keep
                })
                .collect();
            let size = (3.5 * dpr) as i32;
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
            legend.push(Entry::mark(
                "buy fill",
                MarkKind::Triangle,
                pal.buy.filled(),
            ));
            legend.push(Entry::mark("sell fill", MarkKind::Dot, pal.sell.filled()));
            plot_corner = chart.plotting_area().get_base_pixel();
        }
        ChartKind::Inventory => {
            let band_hi = (p.target + p.rebalance) * 100.0;
            let band_lo = ((p.target - p.rebalance) * 100.0).max(0.0);
            let cap = p.max_exposure * 100.0;
            let pct = |y: f64| y * 100.0;
            let compare = cmp.map(|c| {
                Line::new(
                    &c.exposure[..cmp_n],
                    columns,
                    pct,
                    wide(pal.muted),
                    "A exposure % (pinned)",
                )
            });
            let exposure = Line::new(&s.exposure[..n], columns, pct, wide(pal.a), "exposure %");
            let base = Line::new(
                &s.base[..n],
                columns,
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
            mesh!(
                chart,
                pal,
                font.clone(),
                x_labels,
                &fmt_x,
                &|y: &f64| format!("{y:.1}%")
            );
            chart
                .configure_secondary_axes()
                .label_style(font.clone())
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
                wide(pal.sell),
            ))?;
            legend.push(Entry::line("max exposure", wide(pal.sell)));
            for line in compare.iter().chain([&exposure]) {
                plot(&mut chart, line, gap)?;
                legend.extend(line.entry());
            }
            for run in envelope(&base.cols, gap) {
                chart.draw_secondary_series(LineSeries::new(run, base.style))?;
            }
            legend.push(Entry::line(base.label, wide(pal.b)));
            plot_corner = chart.plotting_area().get_base_pixel();
        }
        ChartKind::Factor => {
            let f = &s.factor[..n.min(s.factor.len())];
            let mut chart = builder.build_cartesian_2d(x_range, 0f64..1.4)?;
            mesh!(
                chart,
                pal,
                font.clone(),
                x_labels,
                &fmt_x,
                &|y: &f64| format!("{y:.1}")
            );
            let line = Line::new(f, columns, |y| y, wide(pal.c), "factor");
            plot(&mut chart, &line, gap)?;
            legend.extend(line.entry());
            plot_corner = chart.plotting_area().get_base_pixel();
        }
        ChartKind::Pnl => {
            let init = p.result.0.kpis.initial_capital;
            // (series, subtract the initial capital?, style, label)
            let pinned = cmp.map(|c| &c.equity[..cmp_n]).unwrap_or(&[]);
            let specs: [(&[f64], bool, ShapeStyle, &'static str); 4] = [
                (
                    pinned,
                    true,
                    wide(pal.muted),
                    if pinned.is_empty() {
                        ""
                    } else {
                        "A equity PnL (pinned)"
                    },
                ),
                (&s.realised[..n], false, wide(pal.buy), "realised"),
                (&s.unrealised[..n], false, wide(pal.c), "unrealised"),
                (
                    &s.equity[..n],
                    true,
                    pal.a.stroke_width(stroke * 2),
                    "equity PnL",
                ),
            ];
            let lines: Vec<Line> = specs
                .into_iter()
                .map(|(ys, less_init, style, label)| {
                    let shift = if less_init { init } else { 0.0 };
                    Line::new(ys, columns, |y| y - shift, style, label)
                })
                .collect();
            let all: Vec<&Line> = lines.iter().collect();
            let (lo, hi) = lines_bounds(&all).unwrap_or((-1.0, 1.0));
            let pad = ((hi - lo) * 0.08).max(1e-6);
            let mut chart = builder.build_cartesian_2d(x_range, (lo - pad)..(hi + pad))?;
            mesh!(
                chart,
                pal,
                font.clone(),
                x_labels,
                &fmt_x,
                &|y: &f64| format!("{y:.2}")
            );
            chart.draw_series(LineSeries::new(
                [(0.0, 0.0), ((n - 1) as f64, 0.0)],
                thin(pal.muted),
            ))?;
            for line in &lines {
                plot(&mut chart, line, gap)?;
                legend.extend(line.entry());
            }
            plot_corner = chart.plotting_area().get_base_pixel();
        }
    }
    legend::draw(
        &root,
        plot_corner,
        &legend,
        &LegendStyle {
            font: &font,
            background: pal.bg.mix(0.85),
            border: pal.grid,
            dpr,
        },
    )?;
    root.present()?;
    Ok(())
}
