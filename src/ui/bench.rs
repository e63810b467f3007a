//! The in-browser benchmark (`#bench=1`): engine ticks per second for each fill model over
//! 1M ticks, feed generation, sweep throughput with 1..N web workers, and slider change to
//! redrawn charts on the real app for 10k, 100k and 1M steps ([`super::bench_slider`]),
//! all measured with `performance.now()`. The result is printed as JSON in `#bench-result`
//! for `scripts/bench` to read. `#bench=slider` measures the slider latency only.

use super::timing::now;
use crate::engine::config::MarketMakingConfig;
use crate::engine::feed::{generate, RandomWalkParams};
use crate::engine::settings::headline;
use crate::engine::settings::url_hash::{to_hash, View};
use crate::engine::settings::Settings;
use crate::engine::sim::{run, run_summary, FillModelKind, SimParams};
use crate::engine::sweep::{partition, Axis, Metric, SweepSpec};
use crate::jobs::{Job, Reply};
use crate::web::workers::{cores, OnReply, Pool};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

const TICKS: usize = 1_000_000;
/// Sweep used for worker throughput: 48 cells of 200k steps (compute dominates worker start-up).
const SWEEP_STEPS: usize = 200_000;

/// Median of repeated timings (ms) of `f`.
fn time_ms(repeats: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..repeats)
        .map(|_| {
            let t0 = now();
            f();
            now() - t0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn engine_results() -> Map<String, Value> {
    let mut out = Map::new();
    let p = RandomWalkParams::default();
    let mut snaps = Vec::new();
    let gen_ms = time_ms(3, || snaps = generate(&p, TICKS).unwrap_or_default());
    out.insert(
        "feed_random_walk_ticks_per_s".into(),
        json!(TICKS as f64 / gen_ms * 1000.0),
    );
    let cfg = MarketMakingConfig::default();
    for fill in [
        FillModelKind::SeedBacktest,
        FillModelKind::SeedLive,
        FillModelKind::Cross,
        FillModelKind::Intensity,
        FillModelKind::Flow,
    ] {
        let params = SimParams {
            fill_model: fill,
            ..SimParams::default()
        };
        let ms = time_ms(5, || {
            let _ = run_summary(&cfg, &params, &snaps);
        });
        let name = serde_json::to_value(fill)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        out.insert(
            format!("summary_{name}_ticks_per_s"),
            json!(TICKS as f64 / ms * 1000.0),
        );
    }
    // The app's run: the default (order-flow) model, every series recorded.
    let params = SimParams::default();
    let ms = time_ms(3, || {
        let _ = run(&cfg, &params, &snaps);
    });
    out.insert(
        "full_series_flow_ticks_per_s".into(),
        json!(TICKS as f64 / ms * 1000.0),
    );
    out
}

fn sweep_spec() -> SweepSpec {
    SweepSpec {
        x: Axis {
            field: headline()[0],
            lo: 0.0002,
            hi: 0.004,
            n: 8,
        },
        y: Axis {
            field: headline()[1],
            lo: 0.002,
            hi: 0.05,
            n: 6,
        },
        metric: Metric::TotalReturnPercentage,
    }
}

/// Runs the sweep on `workers` workers, then calls `done(ms)`.
fn sweep_once(workers: usize, done: Rc<dyn Fn(f64)>) -> Option<Pool> {
    let spec = sweep_spec();
    let settings = Settings {
        steps: SWEEP_STEPS,
        ..Settings::default()
    };
    let hash = to_hash(&settings, &View::default());
    let ranges = partition(spec.cells(), workers);
    let jobs: Vec<Job> = ranges
        .iter()
        .map(|r| Job::Sweep {
            hash: hash.clone(),
            csv: None,
            csv_more: vec![],
            csv_every: 1,
            spec,
            start: r.start,
            end: r.end,
        })
        .collect();
    let remaining = Rc::new(RefCell::new(jobs.len()));
    let t0 = now();
    let on_reply: OnReply = Rc::new(move |_, r, _| {
        if matches!(r, Reply::SweepDone { .. } | Reply::Error { .. }) {
            let left = {
                let mut n = remaining.borrow_mut();
                *n = n.saturating_sub(1);
                *n
            };
            if left == 0 {
                done(now() - t0);
            }
        }
    });
    Pool::start(jobs, &[], on_reply).ok()
}

/// Step counts whose slider latency is measured, and samples per count.
const SLIDER_RUNS: [usize; 3] = [10_000, 100_000, 1_000_000];
const SLIDER_SAMPLES: usize = 15;

fn slider_only() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.contains("bench=slider"))
}

/// Adds slider-to-redraw latencies to `out`, then shows the whole result.
fn finish_with_slider(
    out: Rc<RefCell<Map<String, Value>>>,
    status: UseStateHandle<String>,
    result: UseStateHandle<Option<String>>,
) {
    status.set("slider change to redrawn charts…".into());
    wasm_bindgen_futures::spawn_local(async move {
        let mut latency = Map::new();
        for steps in SLIDER_RUNS {
            let v = super::bench_slider::measure(steps, SLIDER_SAMPLES)
                .await
                .unwrap_or_else(|e| json!({ "error": e }));
            latency.insert(steps.to_string(), v);
        }
        out.borrow_mut()
            .insert("slider_to_redraw".into(), Value::Object(latency));
        result.set(Some(Value::Object(out.borrow().clone()).to_string()));
    });
}

/// The benchmark page.
#[function_component(Bench)]
pub fn bench() -> Html {
    let result = use_state(|| None::<String>);
    let status = use_state(|| "starting…".to_string());
    let pool = use_mut_ref(|| None::<Pool>);
    {
        let result = result.clone();
        let status = status.clone();
        use_effect_with((), move |_| {
            // Let the page paint first.
            let handle = gloo::timers::callback::Timeout::new(50, move || {
                if slider_only() {
                    finish_with_slider(Rc::new(RefCell::new(Map::new())), status, result);
                    return;
                }
                status.set("engine…".into());
                let mut out = engine_results();
                out.insert("cores".into(), json!(cores()));
                out.insert("ticks".into(), json!(TICKS));
                let out = Rc::new(RefCell::new(out));
                let sweeps: Rc<RefCell<Vec<Value>>> = Rc::new(RefCell::new(Vec::new()));
                // Sweep throughput for 1..=cores workers, one after another.
                fn next(
                    w: usize,
                    max: usize,
                    out: Rc<RefCell<Map<String, Value>>>,
                    sweeps: Rc<RefCell<Vec<Value>>>,
                    pool: Rc<RefCell<Option<Pool>>>,
                    status: UseStateHandle<String>,
                    result: UseStateHandle<Option<String>>,
                ) {
                    if w > max {
                        out.borrow_mut()
                            .insert("sweep".into(), Value::Array(sweeps.borrow().clone()));
                        finish_with_slider(out, status, result);
                        return;
                    }
                    let cells = sweep_spec().cells();
                    let p2 = pool.clone();
                    let done: Rc<dyn Fn(f64)> = Rc::new(move |ms| {
                        sweeps.borrow_mut().push(json!({
                            "workers": w, "cells": cells, "steps_per_cell": SWEEP_STEPS, "ms": ms,
                            "runs_per_s": cells as f64 / ms * 1000.0,
                            "ticks_per_s": (cells * SWEEP_STEPS) as f64 / ms * 1000.0,
                        }));
                        let (out, sweeps, p2, status, result) = (
                            out.clone(),
                            sweeps.clone(),
                            p2.clone(),
                            status.clone(),
                            result.clone(),
                        );
                        // Start the next size outside this worker's message handler.
                        gloo::timers::callback::Timeout::new(0, move || {
                            next(w + 1, max, out, sweeps, p2, status, result)
                        })
                        .forget();
                    });
                    *pool.borrow_mut() = sweep_once(w, done);
                }
                status.set("sweeps…".into());
                next(1, cores(), out, sweeps, pool, status.clone(), result);
            });
            move || drop(handle)
        });
    }
    html! {
        <main class="app">
            <h1>{ "spreadlab benchmark" }</h1>
            <p class="note">{ format!("1M-tick engine runs per fill model, feed generation, a 48-cell sweep on 1..{} web workers, then slider change to redrawn charts on the real app (in a frame below) for 10k, 100k and 1M steps.", cores()) }</p>
            if let Some(r) = &*result {
                <pre id="bench-result">{ r.clone() }</pre>
            } else {
                <p id="bench-status">{ (*status).clone() }</p>
            }
        </main>
    }
}
