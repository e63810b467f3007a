//! Parameter sweep: two fields, their ranges, a KPI; the grid runs in web workers (one per
//! core) and is drawn as a heatmap with a colour bar. Clicking a cell loads that config.

use super::canvas_backend::Canvas;
use super::state::Action;
use crate::engine::settings::{headline, sweepable, Kind, NumberSetting};
use crate::engine::sweep::{partition, Axis, Metric, SweepSpec};
use crate::jobs::{Job, Reply};
use crate::web::workers::{cores, OnReply, Pool};
use plotters::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq, Clone)]
pub struct SweepProps {
    /// Current settings as a URL hash (the run the sweep varies).
    pub hash: String,
    /// The uploaded files, when a file was loaded: each worker reads them as its feed.
    #[prop_or_default]
    pub files: Option<super::Shared<Vec<web_sys::File>>>,
    /// Every how many of their rows the app kept.
    #[prop_or(1)]
    pub csv_every: u64,
    /// Steps of each cell's run (for the duration estimate).
    pub steps: usize,
    /// Dispatch to the app (loading a cell's config).
    pub on_action: Callback<Action>,
    /// Dark theme.
    pub dark: bool,
}

/// Progress and results of one sweep.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepRun {
    spec: Option<SweepSpec>,
    done_per_worker: Vec<usize>,
    values: Vec<f64>,
    finished_workers: usize,
    workers: usize,
    error: Option<String>,
    cancelled: bool,
    /// When it started (ms, from the action).
    started_at: f64,
}

/// Sweep updates.
pub enum SweepMsg {
    /// A new sweep started: spec, workers, and the time (ms).
    Start(SweepSpec, usize, f64),
    /// A worker replied.
    Reply(usize, Reply),
    /// The user cancelled.
    Cancel,
}

impl Reducible for SweepRun {
    type Action = SweepMsg;
    fn reduce(self: Rc<Self>, msg: SweepMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            SweepMsg::Start(spec, workers, started_at) => {
                s = SweepRun {
                    spec: Some(spec),
                    done_per_worker: vec![0; workers],
                    values: vec![f64::NAN; spec.cells()],
                    workers,
                    started_at,
                    ..Default::default()
                };
            }
            SweepMsg::Cancel => s.cancelled = true,
            SweepMsg::Reply(w, reply) => {
                if s.cancelled {
                    return self;
                }
                match reply {
                    Reply::Progress { done } => {
                        if let Some(d) = s.done_per_worker.get_mut(w) {
                            *d = done;
                        }
                    }
                    Reply::SweepDone { start, values } => {
                        let n = values.len();
                        for (k, v) in values.into_iter().enumerate() {
                            if let Some(slot) = s.values.get_mut(start + k) {
                                *slot = v;
                            }
                        }
                        if let Some(d) = s.done_per_worker.get_mut(w) {
                            *d = n;
                        }
                        s.finished_workers += 1;
                    }
                    Reply::Error { message } => s.error = Some(message),
                    Reply::Ready
                    | Reply::PaperDone { .. }
                    | Reply::Loading { .. }
                    | Reply::Loaded { .. }
                    | Reply::Rows { .. }
                    | Reply::LoadFailed { .. }
                    | Reply::Live { .. } => {}
                }
            }
        }
        Rc::new(s)
    }
}

impl SweepRun {
    fn done(&self) -> usize {
        self.done_per_worker.iter().sum()
    }
    fn complete(&self) -> bool {
        self.workers > 0 && self.finished_workers == self.workers
    }
}

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}
/// Typed text of one axis.
#[derive(Debug, Clone, PartialEq)]
struct AxisForm {
    field: NumberSetting,
    lo: String,
    hi: String,
    n: String,
}

impl AxisForm {
    fn new(field: NumberSetting) -> Self {
        let (lo, hi) = default_range(field);
        AxisForm {
            field,
            lo: lo.to_string(),
            hi: hi.to_string(),
            n: "20".into(),
        }
    }

    fn parse(&self, name: &str) -> Result<Axis, String> {
        let num = |what: &str, t: &str| -> Result<f64, String> {
            t.trim()
                .parse::<f64>()
                .map_err(|_| format!("{name} {what}: \"{t}\" is not a number"))
        };
        let axis = Axis {
            field: self.field,
            lo: num("from", &self.lo)?,
            hi: num("to", &self.hi)?,
            n: self
                .n
                .trim()
                .parse()
                .map_err(|_| format!("{name} points: \"{}\" is not a whole number", self.n))?,
        };
        axis.validate().map_err(|e| e.to_string())?;
        Ok(axis)
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// A new axis spans the setting's slider.
fn default_range(f: NumberSetting) -> (f64, f64) {
    match f.0.kind {
        Kind::Number { slider, .. } => (slider.min, slider.max),
        _ => (0.0, 0.0),
    }
}

/// The sweep panel.
#[function_component(SweepPanel)]
pub fn sweep_panel(p: &SweepProps) -> Html {
    let x_form = use_state(|| AxisForm::new(headline()[0]));
    let y_form = use_state(|| AxisForm::new(headline()[1]));
    let metric = use_state(|| Metric::TotalReturnPercentage);
    let run = use_reducer(SweepRun::default);
    let pool = use_mut_ref(|| None::<Pool>);
    let form_error = use_state(|| None::<String>);
    // A long sweep's estimate, waiting for "Run it anyway".
    let confirm = use_state(|| None::<f64>);
    let canvas = use_node_ref();

    let start = {
        let (x_form, y_form, metric) = (x_form.clone(), y_form.clone(), metric.clone());
        let run = run.clone();
        let pool = pool.clone();
        let form_error = form_error.clone();
        let hash = p.hash.clone();
        let files = p.files.clone();
        let csv_every = p.csv_every;
        let steps = p.steps;
        let confirm = confirm.clone();
        Callback::from(move |confirmed: bool| {
            let spec = match (x_form.parse("x"), y_form.parse("y")) {
                (Ok(x), Ok(y)) => SweepSpec {
                    x,
                    y,
                    metric: *metric,
                },
                (Err(e), _) | (_, Err(e)) => {
                    form_error.set(Some(e));
                    return;
                }
            };
            if let Err(e) = spec.validate() {
                form_error.set(Some(e.to_string()));
                return;
            }
            form_error.set(None);
            let estimate = estimate_seconds(spec.cells(), steps, cores());
            if estimate > CONFIRM_SECONDS && !confirmed {
                confirm.set(Some(estimate));
                return;
            }
            confirm.set(None);
            let ranges = partition(spec.cells(), cores());
            let jobs: Vec<Job> = ranges
                .iter()
                .map(|r| Job::Sweep {
                    hash: hash.clone(),
                    csv: None,
                    csv_more: vec![],
                    csv_every,
                    spec,
                    start: r.start,
                    end: r.end,
                })
                .collect();
            *pool.borrow_mut() = None;
            run.dispatch(SweepMsg::Start(spec, jobs.len(), crate::ui::timing::now()));
            let dispatcher = run.dispatcher();
            let on_reply: OnReply =
                Rc::new(move |w, r, _| dispatcher.dispatch(SweepMsg::Reply(w, r)));
            let files = files.as_ref().map_or(&[][..], |f| &f.0[..]);
            match Pool::start(jobs, files, on_reply) {
                Ok(pl) => *pool.borrow_mut() = Some(pl),
                Err(e) => form_error.set(Some(e)),
            }
        })
    };
    let cancel = {
        let run = run.clone();
        let pool = pool.clone();
        Callback::from(move |_: MouseEvent| {
            *pool.borrow_mut() = None; // terminates the workers
            run.dispatch(SweepMsg::Cancel);
        })
    };
    // Release the workers once every one has answered.
    {
        let pool = pool.clone();
        use_effect_with(run.complete(), move |complete| {
            if *complete {
                *pool.borrow_mut() = None;
            }
        });
    }
    // Draw the heatmap when the sweep completes (or the theme changes).
    {
        let canvas = canvas.clone();
        let run = run.clone();
        use_effect_with(
            (run.complete(), run.spec, p.dark),
            move |(complete, _, dark)| {
                if *complete {
                    if let (Some(c), Some(spec)) = (canvas.cast::<HtmlCanvasElement>(), run.spec) {
                        if let Err(e) = draw_heatmap(&c, &spec, &run.values, *dark) {
                            web_sys::console::warn_1(&format!("heatmap: {e}").into());
                        }
                    }
                }
            },
        );
    }
    let on_click = {
        let run = run.clone();
        let cb = p.on_action.clone();
        Callback::from(move |e: MouseEvent| {
            let (Some(spec), true) = (run.spec, run.complete()) else {
                return;
            };
            let Some(c) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
            else {
                return;
            };
            let (w, h) = (c.client_width() as f64, c.client_height() as f64);
            let fx = (e.offset_x() as f64 - HM_LEFT) / (w - HM_LEFT - HM_RIGHT);
            let fy = (e.offset_y() as f64 - HM_TOP) / (h - HM_TOP - HM_BOTTOM);
            if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
                return;
            }
            let col = (fx * spec.x.n as f64) as usize;
            let row = ((1.0 - fy) * spec.y.n as f64) as usize;
            let (xs, ys) = (spec.x.values(), spec.y.values());
            cb.emit(Action::LoadCell(vec![
                (spec.x.field, xs[col.min(spec.x.n - 1)]),
                (spec.y.field, ys[row.min(spec.y.n - 1)]),
            ]));
        })
    };

    let field_options = |selected: NumberSetting| {
        sweepable()
            .map(
                |f| html! { <option value={f.key()} selected={f == selected}>{ f.key() }</option> },
            )
            .collect::<Html>()
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            if let Some(m) = Metric::from_name(&select_value(&e)) {
                metric.set(m)
            }
        })
    };
    let axis_inputs = |prefix: &'static str, form: UseStateHandle<AxisForm>| {
        let set = |edit: fn(&mut AxisForm, String)| {
            let form = form.clone();
            Callback::from(move |e: InputEvent| {
                let mut f = (*form).clone();
                edit(&mut f, input_value(&e));
                form.set(f);
            })
        };
        let on_field = {
            let form = form.clone();
            Callback::from(move |e: Event| {
                if let Some(f) = NumberSetting::from_key(&select_value(&e)) {
                    form.set(AxisForm {
                        n: form.n.clone(),
                        ..AxisForm::new(f)
                    });
                }
            })
        };
        html! {
            <div class="axis">
                <label for={format!("{prefix}-field")}>{ if prefix == "sweep-x" { "x axis" } else { "y axis" } }</label>
                <select id={format!("{prefix}-field")} onchange={on_field}>{ field_options(form.field) }</select>
                <input type="text" id={format!("{prefix}-lo")} aria-label={format!("{prefix} from")} value={form.lo.clone()} oninput={set(|f, v| f.lo = v)} />
                <input type="text" id={format!("{prefix}-hi")} aria-label={format!("{prefix} to")} value={form.hi.clone()} oninput={set(|f, v| f.hi = v)} />
                <input type="text" id={format!("{prefix}-n")} aria-label={format!("{prefix} points")} value={form.n.clone()} oninput={set(|f, v| f.n = v)} />
            </div>
        }
    };
    let dismiss_confirm = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(None))
    };
    let cells_now = match (x_form.parse("x"), y_form.parse("y")) {
        (Ok(x), Ok(y)) => x.n * y.n,
        _ => 0,
    };
    let total = run.spec.map(|s| s.cells()).unwrap_or(0);
    let running = run.spec.is_some() && !run.complete() && !run.cancelled && run.error.is_none();
    // Time left, from the cells done so far.
    let eta = (running && run.done() > 0).then(|| {
        let elapsed = (crate::ui::timing::now() - run.started_at) / 1000.0;
        elapsed * (total - run.done()) as f64 / run.done() as f64
    });
    let status = if run.cancelled {
        format!("Cancelled at {}/{} cells.", run.done(), total)
    } else if let Some(e) = &run.error {
        format!("Sweep failed: {e}")
    } else if run.complete() {
        format!(
            "Done: {total} runs on {} workers. Click a cell to load its config.",
            run.workers
        )
    } else if running {
        format!(
            "Running {} / {} cells on {} workers{}…",
            run.done(),
            total,
            run.workers,
            eta.map(|s| format!(", about {} left", human_seconds(s)))
                .unwrap_or_default()
        )
    } else {
        "Each cell is a full run on the current feed with the two fields set to that cell's values."
            .to_string()
    };
    html! {
        <section class="sweep card" aria-label="Parameter sweep">
            <h2>{ "Parameter sweep" }</h2>
            <div class="sweep-form">
                { axis_inputs("sweep-x", x_form.clone()) }
                { axis_inputs("sweep-y", y_form.clone()) }
                <div class="axis">
                    <label for="sweep-metric">{ "colour" }</label>
                    <select id="sweep-metric" onchange={on_metric}>
                        { for Metric::ALL.iter().map(|m| html! { <option value={m.name()} selected={*m == *metric}>{ m.name() }</option> }) }
                    </select>
                    <button type="button" id="sweep-run" onclick={start.reform(|_: MouseEvent| false)} disabled={running}>{ "Run sweep" }</button>
                    <button type="button" id="sweep-cancel" onclick={cancel} disabled={!running}>{ "Cancel" }</button>
                </div>
            </div>
            if let Some(e) = &*form_error {
                <div class="error" role="alert" id="sweep-error">{ e.clone() }</div>
            }
            if let Some(est) = *confirm {
                <div class="notice" role="alert" id="sweep-confirm">
                    { format!("This sweep would take about {} on this machine ({} cells of {} steps on {} workers). ", human_seconds(est), cells_now, p.steps, cores()) }
                    <button type="button" id="sweep-confirm-run" onclick={start.reform(|_: MouseEvent| true)}>{ "Run it anyway" }</button>
                    <button type="button" id="sweep-confirm-cancel" onclick={dismiss_confirm}>{ "Don't" }</button>
                </div>
            }
            <div class="sweep-progress">
                <progress id="sweep-progress" max={total.max(1).to_string()} value={run.done().to_string()}></progress>
                <span class="note" id="sweep-status" aria-live="polite">{ status }</span>
            </div>
            <canvas id="sweep-heatmap" ref={canvas} onclick={on_click} hidden={!run.complete()}
                role="img" aria-label="Sweep heatmap"></canvas>
            <details class="explain">
                <summary>{ "What am I looking at?" }</summary>
                <p>{ "Every square is one complete simulation on the same prices. Left to right the first field grows, bottom to top the second. The colour is the KPI you chose (see the bar on the right). Bright areas are the settings that did best on this price path; a different seed may move them, which is the point: a good-looking corner can be luck." }</p>
            </details>
        </section>
    }
}

/// Sweeps estimated above this ask for confirmation first.
const CONFIRM_SECONDS: f64 = 60.0;

/// Steps a worker simulates per second with the default (order-flow) model in wasm, for the
/// estimate. Measured: `spreadlab run --steps 50000000 --json` takes 9.1 s natively
/// (5.5 M steps/s on a 2-core EPYC VM); wasm is somewhat slower.
const WORKER_STEPS_PER_SECOND: f64 = 4.0e6;

/// Estimated seconds for `cells` runs of `steps` steps on `workers` workers.
fn estimate_seconds(cells: usize, steps: usize, workers: usize) -> f64 {
    let workers = workers.clamp(1, cells.max(1));
    cells as f64 * steps as f64 / (WORKER_STEPS_PER_SECOND * workers as f64)
}

/// "42 s", "12 min", "2.5 h".
fn human_seconds(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.0} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

const HM_LEFT: f64 = 70.0;
const HM_RIGHT: f64 = 90.0;
const HM_TOP: f64 = 10.0;
const HM_BOTTOM: f64 = 40.0;

/// A compact label: 3 significant decimals for small values, fewer for large ones.
fn short_number(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// Viridis-like colour map on [0, 1].
fn colour(t: f64) -> RGBColor {
    const STOPS: [(f64, [u8; 3]); 5] = [
        (0.0, [68, 1, 84]),
        (0.25, [59, 82, 139]),
        (0.5, [33, 145, 140]),
        (0.75, [94, 201, 98]),
        (1.0, [253, 231, 37]),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    for w in STOPS.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        if t <= b {
            let u = (t - a) / (b - a);
            let mix = |i: usize| (ca[i] as f64 + (cb[i] as f64 - ca[i] as f64) * u).round() as u8;
            return RGBColor(mix(0), mix(1), mix(2));
        }
    }
    RGBColor(253, 231, 37)
}

fn draw_heatmap(
    c: &HtmlCanvasElement,
    spec: &SweepSpec,
    values: &[f64],
    dark: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let (dpr, cw, _) = super::charts::canvas::fit_canvas(c, 200, 150);
    let (bg, fg) = super::charts::theme::theme_colours(dark);
    let root = Canvas::area(c)?;
    root.fill(&bg)?;
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let font = (FontFamily::SansSerif, (11.0 * dpr) as i32)
        .into_font()
        .color(&fg);
    let (main, bar) = root.split_horizontally(((cw - HM_RIGHT + 20.0) * dpr) as u32);
    let (nx, ny) = (spec.x.n, spec.y.n);
    let (xs, ys) = (spec.x.values(), spec.y.values());
    let mut chart = ChartBuilder::on(&main)
        .margin_top((HM_TOP * dpr) as u32)
        .margin_right((20.0 * dpr) as u32)
        .x_label_area_size(((HM_BOTTOM) * dpr) as u32)
        .y_label_area_size(((HM_LEFT) * dpr) as u32)
        .build_cartesian_2d(0f64..nx as f64, 0f64..ny as f64)?;
    let fx = |v: &f64| {
        xs.get((*v as usize).min(nx - 1))
            .map(|x| format!("{x:.4}"))
            .unwrap_or_default()
    };
    let fy = |v: &f64| {
        ys.get((*v as usize).min(ny - 1))
            .map(|y| format!("{y:.4}"))
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style(font.clone())
        .x_desc(spec.x.field.key())
        .y_desc(spec.y.field.key())
        .axis_desc_style(font.clone())
        .x_labels(nx.min(6))
        .y_labels(ny.min(6))
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .draw()?;
    chart.draw_series((0..nx * ny).map(|i| {
        let (row, col) = (i / nx, i % nx);
        let t = (values[i] - lo) / span;
        Rectangle::new(
            [
                (col as f64, row as f64),
                (col as f64 + 1.0, row as f64 + 1.0),
            ],
            colour(t).filled(),
        )
    }))?;
    // Colour bar.
    let mut cb = ChartBuilder::on(&bar)
        .margin_top((HM_TOP * dpr) as u32)
        .margin_bottom((HM_BOTTOM * dpr) as u32)
        .margin_right((10.0 * dpr) as u32)
        .y_label_area_size((50.0 * dpr) as u32)
        .build_cartesian_2d(0f64..1f64, lo..(lo + span))?;
    cb.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style(font)
        .y_labels(5)
        .y_label_formatter(&|v: &f64| short_number(*v))
        .draw()?;
    cb.draw_series((0..100).map(|k| {
        let a = lo + span * k as f64 / 100.0;
        let b = lo + span * (k + 1) as f64 / 100.0;
        Rectangle::new([(0.0, a), (1.0, b)], colour(k as f64 / 99.0).filled())
    }))?;
    root.present()?;
    Ok(())
}
