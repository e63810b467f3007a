//! The four canvas charts (price, inventory, PnL, adaptive factor), drawn with
//! plotters-canvas at device pixel resolution from min/max-decimated series, with a hover
//! readout.
//!
//! This module holds the [`Chart`] component and the drawing common to every chart (canvas,
//! axes, legend); each chart's own series live in `price.rs`, `inventory.rs`, `pnl.rs` and
//! `factor.rs`. Shared: `canvas.rs` (sizing to the device pixel ratio), `theme.rs` (colours)
//! and `lines.rs` (decimated lines and their plotting).

pub(crate) mod canvas;
mod factor;
mod inventory;
mod lines;
mod pnl;
mod price;
pub(crate) mod theme;
mod zoom;

use super::canvas_backend::Canvas;
use super::legend::{self, Entry, LegendStyle};
use super::timing;
use super::Shared;
use crate::engine::sim::{iso8601, RunResult, Series};
use canvas::fit_canvas;
use lines::Plot;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;
use theme::{palette, Palette};
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
    /// The steps shown, `from..to` (None: the whole run); shared by every chart.
    #[prop_or_default]
    pub zoom: Option<(u64, u64)>,
    /// Zooming or panning asks for a new window.
    #[prop_or_default]
    pub on_zoom: Callback<Option<(u64, u64)>>,
}

/// The step under CSS x position `x` on a canvas `width` CSS px wide showing `[from, n)`.
fn step_at(x: f64, width: f64, from: usize, n: usize) -> f64 {
    let left = MARGIN + Y_LABELS;
    let frac = ((x - left) / (width - left - MARGIN)).clamp(0.0, 1.0);
    from as f64 + frac * (n - 1 - from) as f64
}

/// Margins used both for drawing and for mapping the mouse back to a step (CSS px).
const MARGIN: f64 = 8.0;
const Y_LABELS: f64 = 62.0;
const X_LABELS: f64 = 24.0;

/// Runs of more steps than this draw a chart per task (5–20 ms each at a million steps).
const DRAW_APART_FROM: usize = 100_000;

/// A chart: canvas plus readout line.
#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let canvas = use_node_ref();
    // A drag in progress: where it started (CSS px) and the window then.
    let drag = use_mut_ref(|| None::<(f64, Option<(u64, u64)>)>);
    let readout = use_state(String::new);
    let summary = use_state(String::new);
    // Steps of the run last drawn.
    {
        let canvas = canvas.clone();
        let summary = summary.clone();
        let p = props.clone();
        let deps = (
            props.result.clone(),
            props.cursor,
            props.epoch,
            props.dark,
            props.compare.clone(),
            props.zoom,
            (
                props.max_exposure.to_bits(),
                props.rebalance.to_bits(),
                props.target.to_bits(),
            ),
        );
        use_effect_with(deps, move |_| {
            let steps = p.result.0.series.time.len();
            let paint = move || {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    let t0 = timing::start();
                    match draw(&c, &p) {
                        // Set only when it changed: an unchanged summary costs no re-render.
                        Ok(text) if text != *summary => summary.set(text),
                        Ok(_) => {}
                        Err(e) => {
                            web_sys::console::warn_1(&format!("chart {}: {e}", p.kind.id()).into())
                        }
                    }
                    timing::record(p.kind.id(), t0);
                }
            };
            // A long run draws each chart in a task of its own, so the page answers between
            // them (its result arrives a few frames after the change anyway, as it is
            // simulated in slices: `use_sliced_run`); a short one draws them together, in
            // the frame of the change.
            let later = if steps > DRAW_APART_FROM {
                Some(gloo::timers::callback::Timeout::new(0, paint))
            } else {
                paint();
                None
            };
            move || drop(later)
        });
    }
    let onmousemove = {
        let readout = readout.clone();
        let drag = drag.clone();
        let p = props.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
            else {
                return;
            };
            let width = target.client_width() as f64;
            let len = p.cursor.min(p.result.0.series.time.len());
            if len < 2 {
                return;
            }
            let (from, n) = zoom::window(p.zoom, len);
            // Dragging pans: the step under the pointer stays under it.
            if let Some((x0, z0)) = *drag.borrow() {
                let (f0, n0) = zoom::window(z0, len);
                let per_px = (n0 - 1 - f0) as f64 / (width - MARGIN * 2.0 - Y_LABELS).max(1.0);
                let moved = zoom::panned(z0, len, -(e.offset_x() as f64 - x0) * per_px);
                if moved != p.zoom {
                    p.on_zoom.emit(moved);
                }
                return;
            }
            let i = (step_at(e.offset_x() as f64, width, from, n).round() as usize).min(n - 1);
            readout.set(readout_text(&p, i));
        })
    };
    let onmousedown = {
        let (drag, p) = (drag.clone(), props.clone());
        Callback::from(move |e: MouseEvent| {
            if p.zoom.is_some() && e.button() == 0 {
                *drag.borrow_mut() = Some((e.offset_x() as f64, p.zoom));
            }
        })
    };
    let onmouseup = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    // The wheel zooms around the step under the pointer.
    let onwheel = {
        let p = props.clone();
        Callback::from(move |e: WheelEvent| {
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
            else {
                return;
            };
            let len = p.cursor.min(p.result.0.series.time.len());
            if len < 2 {
                return;
            }
            e.prevent_default();
            let (from, n) = zoom::window(p.zoom, len);
            let at = step_at(e.offset_x() as f64, target.client_width() as f64, from, n);
            let factor = if e.delta_y() < 0.0 { 0.8 } else { 1.25 };
            p.on_zoom.emit(zoom::zoomed(p.zoom, len, at, factor));
        })
    };
    let ondblclick = {
        let p = props.clone();
        Callback::from(move |_: MouseEvent| p.on_zoom.emit(None))
    };
    // Keyboard: + and - zoom around the middle, arrows pan by a fifth, 0 resets.
    let onkeydown = {
        let p = props.clone();
        Callback::from(move |e: KeyboardEvent| {
            let len = p.cursor.min(p.result.0.series.time.len());
            if len < 2 {
                return;
            }
            let (from, n) = zoom::window(p.zoom, len);
            let mid = (from + n) as f64 / 2.0;
            let fifth = (n - from) as f64 / 5.0;
            let next = match e.key().as_str() {
                "+" | "=" => zoom::zoomed(p.zoom, len, mid, 0.5),
                "-" | "_" => zoom::zoomed(p.zoom, len, mid, 2.0),
                "ArrowLeft" => zoom::panned(p.zoom, len, -fifth),
                "ArrowRight" => zoom::panned(p.zoom, len, fifth),
                "0" => None,
                _ => return,
            };
            e.prevent_default();
            p.on_zoom.emit(next);
        })
    };
    let onmouseleave = {
        let (readout, drag) = (readout.clone(), drag.clone());
        Callback::from(move |_| {
            readout.set(String::new());
            *drag.borrow_mut() = None;
        })
    };
    let (title, explain) = match props.kind {
        ChartKind::Price => (price::TITLE, price::EXPLAIN),
        ChartKind::Inventory => (inventory::TITLE, inventory::EXPLAIN),
        ChartKind::Pnl => (pnl::TITLE, pnl::EXPLAIN),
        ChartKind::Factor => (factor::TITLE, factor::EXPLAIN),
    };
    let summary_id = format!("{}-summary", props.kind.id());
    html! {
        <figure class="chart">
            <figcaption>
                <span class="chart-title">{ title }</span>
                <span class="readout" id={format!("{}-readout", props.kind.id())} aria-live="polite">{ (*readout).clone() }</span>
            </figcaption>
            <canvas id={props.kind.id()} ref={canvas} {onmousemove} {onmouseleave} {onmousedown}
                {onmouseup} {onwheel} {ondblclick} {onkeydown} tabindex="0"
                role="img" aria-label={format!("{title}. Wheel or + and − zoom the time axis, drag or arrows pan, double-click or 0 resets.")}
                aria-describedby={summary_id.clone()}></canvas>
            <p class="chart-summary" id={summary_id}>{ (*summary).clone() }</p>
            <details class="explain">
                <summary>{ "What am I looking at?" }</summary>
                <p>{ explain }</p>
            </details>
        </figure>
    }
}

fn readout_text(p: &ChartProps, i: usize) -> String {
    let s = &p.result.0.series;
    let t = iso8601(s.time[i])
        .replace('T', " ")
        .trim_end_matches(".000Z")
        .to_string();
    match p.kind {
        ChartKind::Price => price::readout(p, i, &t),
        ChartKind::Inventory => inventory::readout(p, i, &t),
        ChartKind::Factor => factor::readout(p, i, &t),
        ChartKind::Pnl => pnl::readout(p, i, &t),
    }
}

/// A readout value to two decimals, or a dash when not finite.
fn fmt_2dp(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "—".into()
    }
}

/// What drawing a chart returns.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// What drawing one chart returns: a one-sentence summary of what it shows, with
/// numbers from the run (the canvas's text alternative).
pub type SummaryResult = Result<String, Box<dyn std::error::Error>>;

/// A part of the canvas.
type Area = DrawingArea<Canvas, Shift>;

/// Everything a chart's series drawing needs, computed once per draw.
struct Frame<'a> {
    /// The whole canvas.
    root: &'a Area,
    /// The chart's properties.
    p: &'a ChartProps,
    /// The run's series.
    s: &'a Series,
    /// First step shown (0 unless zoomed in).
    from: usize,
    /// One past the last step shown (at least `from + 2`).
    n: usize,
    /// The pinned A run's series, if any.
    cmp: Option<&'a Series>,
    /// Steps of the pinned run shown.
    cmp_n: usize,
    /// Theme colours.
    pal: Palette,
    /// Axis label font.
    font: TextStyle<'a>,
    /// Device pixel ratio.
    dpr: f64,
    /// Device-pixel columns the series are decimated to.
    columns: usize,
    /// An x distance (steps) beyond which a line breaks.
    gap: f64,
    /// Wide stroke width (device px).
    stroke: u32,
    /// Number of x labels.
    x_labels: usize,
}

impl Frame<'_> {
    /// x is the step index.
    fn x_range(&self) -> Range<f64> {
        self.from as f64..(self.n - 1) as f64
    }

    /// `ys` over the window, decimated to the canvas and placed at its steps.
    fn line(
        &self,
        ys: &[f64],
        map: impl Fn(f64) -> f64,
        style: ShapeStyle,
        label: &'static str,
    ) -> lines::Line {
        let end = self.n.min(ys.len());
        let from = self.from.min(end);
        lines::Line::new(&ys[from..end], self.columns, map, style, label).shifted(from)
    }

    /// The x-axis label of step `x`, as precise as the run's time span needs.
    fn fmt_x(&self, x: &f64) -> String {
        let times = &self.s.time;
        let n = self.n;
        let i = (*x as usize).min(times.len().saturating_sub(1));
        let t = iso8601(times[i]);
        let span = times[n - 1] - times[self.from.min(n - 1)];
        if span > 30.0 * 86_400.0 {
            t[5..10].to_string()
        } else if span > 86_400.0 {
            format!("{} {}", &t[5..10], &t[11..16])
        } else if span > 3600.0 {
            t[11..16].to_string()
        } else {
            t[11..19].to_string()
        }
    }

    /// Device pixels of `css` CSS pixels.
    fn px(&self, css: f64) -> i32 {
        (css * self.dpr).round() as i32
    }

    /// Draws the legend strip at the top of the canvas, aligned with the plot, and
    /// returns the area below it for the plot.
    fn below_legend(&self, entries: &[Entry]) -> Result<Area, Box<dyn std::error::Error>> {
        let (w, _) = self.root.dim_in_pixel();
        let left = self.px(MARGIN + Y_LABELS);
        let top = self.px(MARGIN / 2.0);
        let style = LegendStyle {
            font: &self.font,
            dpr: self.dpr,
        };
        let h = legend::draw(
            self.root,
            (left, top),
            w as i32 - left - self.px(MARGIN),
            entries,
            &style,
        )?;
        Ok(self.root.clone().split_vertically(top + h).1)
    }

    /// A chart builder on `area` with the margins and label areas every chart uses (the
    /// x labels only when `x_labels`).
    fn builder<'b>(&self, area: &'b Area, x_labels: bool) -> ChartBuilder<'b, 'b, Canvas> {
        let mut b = ChartBuilder::on(area);
        b.margin_left(self.px(MARGIN))
            .margin_right(self.px(MARGIN))
            .margin_top(self.px(MARGIN / 2.0))
            .margin_bottom(self.px(if x_labels { MARGIN / 2.0 } else { 0.0 }))
            .x_label_area_size(if x_labels { self.px(X_LABELS) } else { 0 })
            .y_label_area_size(self.px(Y_LABELS));
        b
    }

    /// A one-pixel line style.
    fn thin(&self, c: RGBColor) -> ShapeStyle {
        c.stroke_width(1)
    }

    /// A wide line style.
    fn wide(&self, c: RGBColor) -> ShapeStyle {
        c.stroke_width(self.stroke)
    }

    /// Draws the grid and the axes' labels (y labels formatted by `fmt_y`).
    fn mesh(&self, chart: &mut Plot, fmt_y: &dyn Fn(&f64) -> String) -> DrawResult {
        self.mesh_with(chart, fmt_y, true)
    }

    /// [`Frame::mesh`], with or without x labels (a panel above another one has none).
    fn mesh_with(
        &self,
        chart: &mut Plot,
        fmt_y: &dyn Fn(&f64) -> String,
        x_labels: bool,
    ) -> DrawResult {
        let fmt_x = |x: &f64| self.fmt_x(x);
        let fmt_none = |_: &f64| String::new();
        chart
            .configure_mesh()
            .label_style(self.font.clone())
            .axis_style(self.pal.grid)
            .bold_line_style(self.pal.grid)
            .light_line_style(self.pal.bg)
            .x_labels(self.x_labels)
            .y_labels(5)
            .x_label_formatter(if x_labels { &fmt_x } else { &fmt_none })
            .y_label_formatter(fmt_y)
            .draw()?;
        Ok(())
    }
}

/// Draws chart `p.kind` of `p.result` on `canvas`, sized to its CSS box, and returns a
/// one-sentence summary of what it shows (empty before two steps are revealed).
pub fn draw(canvas: &HtmlCanvasElement, p: &ChartProps) -> SummaryResult {
    let (dpr, css_w, _) = fit_canvas(canvas, 200, 120);
    let pal = palette(p.dark);
    let root = Canvas::area(canvas)?;
    root.fill(&pal.bg)?;
    let s = &p.result.0.series;
    let n_all = p.cursor.min(s.time.len());
    if n_all < 2 {
        root.present()?;
        return Ok(String::new());
    }
    let (from, n) = zoom::window(p.zoom, n_all);
    // x is the step index; the decimation works on indices directly.
    let plot_w = (css_w - MARGIN * 2.0 - Y_LABELS).max(50.0);
    let columns = (plot_w * dpr) as usize;
    let gap = ((n - from) as f64 / columns as f64).max(1.0) * 1.5 + 1.0;
    // About one x label per 120 CSS px so labels never overlap, and at least three: with
    // two, plotters' round values leave a phone-width chart with a single time label.
    let x_labels = ((css_w / 120.0) as usize).clamp(3, 8);
    let font = (FontFamily::SansSerif, (11.0 * dpr) as i32)
        .into_font()
        .color(&pal.fg);
    let cmp = p.compare.as_ref().map(|c| &c.0.series);
    let cmp_n = cmp.map(|c| c.time.len().min(n)).unwrap_or(0);
    let stroke = ((1.5 * dpr) as u32).max(1);
    let frame = Frame {
        root: &root,
        p,
        s,
        from,
        n,
        cmp,
        cmp_n,
        pal,
        font,
        dpr,
        columns,
        gap,
        stroke,
        x_labels,
    };
    let summary = match p.kind {
        ChartKind::Price => price::draw(&frame)?,
        ChartKind::Inventory => inventory::draw(&frame)?,
        ChartKind::Factor => factor::draw(&frame)?,
        ChartKind::Pnl => pnl::draw(&frame)?,
    };
    root.present()?;
    Ok(summary)
}
