//! The "Paper experiment" page: Avellaneda & Stoikov (2008)'s simulation for γ = 0.1, 0.01
//! and 1, run in web workers, with the table and profit histograms the paper shows.

use super::canvas_backend::Canvas;
use crate::engine::as_experiment::{combine, PaperParams, PaperResult, StrategyStats};
use crate::engine::sweep::partition;
use crate::jobs::{Job, Reply};
use crate::web::workers::{cores, OnReply, Pool};
use plotters::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

/// The γ values of the paper's table.
pub const GAMMAS: [f64; 3] = [0.1, 0.01, 1.0];

/// Props.
#[derive(Properties, PartialEq, Clone)]
pub struct PaperProps {
    /// Dark theme.
    pub dark: bool,
}

#[derive(Clone, PartialEq, Default)]
struct PaperRun {
    runs: usize,
    parts: Vec<Vec<Option<PaperResult>>>, // per gamma, per worker slice
    done: usize,
    error: Option<String>,
}

enum PaperMsg {
    Start(usize, Vec<usize>),
    Reply(usize, Reply),
}

impl Reducible for PaperRun {
    type Action = PaperMsg;
    fn reduce(self: Rc<Self>, msg: PaperMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        match msg {
            PaperMsg::Start(runs, slices_per_gamma) => {
                s = PaperRun {
                    runs,
                    parts: slices_per_gamma.iter().map(|n| vec![None; *n]).collect(),
                    ..Default::default()
                };
            }
            PaperMsg::Reply(job, reply) => {
                let slices = s.parts.first().map(|v| v.len()).unwrap_or(1).max(1);
                let (g, k) = (job / slices, job % slices);
                match reply {
                    Reply::PaperDone {
                        spread,
                        inventory_profits,
                        inventory_q,
                        symmetric_profits,
                        symmetric_q,
                        ..
                    } => {
                        s.done += inventory_profits.len();
                        let stats = |profits: Vec<f64>, qs: Vec<f64>| StrategyStats {
                            spread,
                            profits,
                            final_qs: qs,
                            ..Default::default()
                        };
                        if let Some(slot) = s.parts.get_mut(g).and_then(|v| v.get_mut(k)) {
                            *slot = Some(PaperResult {
                                gamma: GAMMAS[g],
                                inventory: stats(inventory_profits, inventory_q),
                                symmetric: stats(symmetric_profits, symmetric_q),
                            });
                        }
                    }
                    Reply::Error { message } => s.error = Some(message),
                    _ => {}
                }
            }
        }
        Rc::new(s)
    }
}

impl PaperRun {
    fn results(&self) -> Option<Vec<PaperResult>> {
        if self.parts.is_empty() {
            return None;
        }
        self.parts
            .iter()
            .enumerate()
            .map(|(g, slices)| {
                let parts: Option<Vec<PaperResult>> = slices.iter().cloned().collect();
                parts.map(|p| combine(GAMMAS[g], p))
            })
            .collect()
    }
}

/// The page.
#[function_component(PaperExperiment)]
pub fn paper_experiment(p: &PaperProps) -> Html {
    let run = use_reducer(PaperRun::default);
    let pool = use_mut_ref(|| None::<Pool>);
    let canvas = use_node_ref();
    let input_error = use_state(|| None::<String>);
    let results = run.results();
    let complete = results.is_some();
    let start = {
        let run = run.clone();
        let pool = pool.clone();
        let input_error = input_error.clone();
        Callback::from(move |_: MouseEvent| {
            let text = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("paper-runs"))
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
            let runs: usize = match text.trim().parse() {
                Ok(n) if (1..=100_000).contains(&n) => n,
                _ => {
                    input_error.set(Some(format!(
                        "runs \"{text}\" must be a whole number in 1..=100000"
                    )));
                    return;
                }
            };
            input_error.set(None);
            let ranges = partition(runs, cores());
            let mut jobs = Vec::new();
            for g in GAMMAS {
                for r in &ranges {
                    jobs.push(Job::Paper {
                        params: PaperParams {
                            gamma: g,
                            runs,
                            ..Default::default()
                        },
                        start: r.start,
                        end: r.end,
                    });
                }
            }
            *pool.borrow_mut() = None;
            run.dispatch(PaperMsg::Start(runs, vec![ranges.len(); GAMMAS.len()]));
            let d = run.dispatcher();
            let on_reply: OnReply = Rc::new(move |j, r, _| d.dispatch(PaperMsg::Reply(j, r)));
            match Pool::start(jobs, &[], on_reply) {
                Ok(pl) => *pool.borrow_mut() = Some(pl),
                Err(e) => input_error.set(Some(e)),
            }
        })
    };
    {
        let canvas = canvas.clone();
        let pool = pool.clone();
        let results = results.clone();
        use_effect_with((complete, p.dark, run.runs), move |(complete, dark, _)| {
            if *complete {
                *pool.borrow_mut() = None;
                if let (Some(c), Some(r)) = (canvas.cast::<HtmlCanvasElement>(), results) {
                    if let Err(e) = draw_histograms(&c, &r, *dark) {
                        web_sys::console::warn_1(&format!("histograms: {e}").into());
                    }
                }
            }
        });
    }
    let total = run.runs * GAMMAS.len();
    let pct = (run.done * 100).checked_div(total).unwrap_or(0);
    html! {
        <section class="paper card" aria-label="Avellaneda-Stoikov paper experiment">
            <h2>{ "Paper experiment: Avellaneda & Stoikov (2008)" }</h2>
            <p class="note">{ "The paper's simulation: mid price 100 moving ±σ√dt each step (σ = 2, dt = 0.005, T = 1), k = 1.5, A = 140. The inventory strategy quotes around a reservation price that leans against its inventory; the symmetric one uses the same spread around the mid. Both see the same price paths." }</p>
            <div class="paper-form">
                <label for="paper-runs">{ "Runs per γ" }</label>
                <input type="text" id="paper-runs" value="1000" />
                <button type="button" id="paper-run" onclick={start}>{ "Run experiment" }</button>
                <progress id="paper-progress" max="100" value={pct.to_string()}></progress>
                <span class="note" id="paper-status">{ if complete { format!("Done: {} runs.", total) } else if total > 0 { format!("{} / {}", run.done, total) } else { String::new() } }</span>
            </div>
            if let Some(e) = &*input_error { <div class="error" role="alert" id="paper-error">{ e.clone() }</div> }
            if let Some(e) = &run.error { <div class="error" role="alert">{ e.clone() }</div> }
            if let Some(rs) = &results {
                <table id="paper-table">
                    <thead><tr><th>{ "γ" }</th><th>{ "strategy" }</th><th>{ "spread" }</th><th>{ "profit" }</th><th>{ "std(profit)" }</th><th>{ "final q" }</th><th>{ "std(q)" }</th></tr></thead>
                    <tbody>
                    { for rs.iter().flat_map(|r| [("inventory", r.inventory.clone(), r.gamma), ("symmetric", r.symmetric.clone(), r.gamma)]).map(|(name, st, g)| html! {
                        <tr>
                            <td>{ g }</td><td>{ name }</td><td>{ format!("{:.3}", st.spread) }</td>
                            <td>{ format!("{:.2}", st.profit_mean) }</td><td>{ format!("{:.2}", st.profit_std) }</td>
                            <td>{ format!("{:.3}", st.final_q_mean) }</td><td>{ format!("{:.2}", st.final_q_std) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            <canvas id="paper-histograms" ref={canvas} hidden={!complete} role="img" aria-label="Profit histograms"></canvas>
            <details class="explain">
                <summary>{ "What am I looking at?" }</summary>
                <p>{ "Each histogram counts the final profit of every simulated day. The inventory strategy's bars (blue) are bunched together: it gives up a little average profit to avoid ending the day with a big position. The symmetric strategy (orange) spreads wider: same average edge, much more luck involved. Higher γ means more risk aversion: narrower histogram, lower mean." }</p>
            </details>
        </section>
    }
}

fn draw_histograms(
    c: &HtmlCanvasElement,
    results: &[PaperResult],
    dark: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let (dpr, _, _) = super::charts::canvas::fit_canvas(c, 300, 150);
    let (bg, fg) = super::charts::theme::theme_colours(dark);
    let (blue, orange) = (RGBColor(9, 105, 218), RGBColor(230, 120, 20));
    let root = Canvas::area(c)?;
    root.fill(&bg)?;
    let font = (FontFamily::SansSerif, (11.0 * dpr) as i32)
        .into_font()
        .color(&fg);
    let panels = root.split_evenly((1, results.len().max(1)));
    for (area, r) in panels.iter().zip(results) {
        let all: Vec<f64> = r
            .inventory
            .profits
            .iter()
            .chain(&r.symmetric.profits)
            .copied()
            .collect();
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min).floor();
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max).ceil();
        let bins = 30usize;
        let width = ((hi - lo) / bins as f64).max(1e-9);
        let count = |xs: &[f64]| {
            let mut h = vec![0usize; bins];
            for x in xs {
                h[(((x - lo) / width) as usize).min(bins - 1)] += 1;
            }
            h
        };
        let (hi_inv, hi_sym) = (count(&r.inventory.profits), count(&r.symmetric.profits));
        let top = hi_inv.iter().chain(&hi_sym).copied().max().unwrap_or(1) as f64 * 1.1;
        let mut chart = ChartBuilder::on(area)
            .caption(format!("γ = {}", r.gamma), font.clone())
            .margin((6.0 * dpr) as u32)
            .x_label_area_size((22.0 * dpr) as u32)
            .y_label_area_size((34.0 * dpr) as u32)
            .build_cartesian_2d(lo..hi, 0f64..top)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .label_style(font.clone())
            .x_labels(4)
            .y_labels(4)
            .draw()?;
        for (h, color) in [(&hi_sym, orange), (&hi_inv, blue)] {
            chart.draw_series(h.iter().enumerate().map(|(i, n)| {
                let x0 = lo + width * i as f64;
                Rectangle::new(
                    [(x0, 0.0), (x0 + width, *n as f64)],
                    color.mix(0.55).filled(),
                )
            }))?;
        }
    }
    root.present()?;
    Ok(())
}
