//! Slider-to-redraw latency, measured by the benchmark page on the real app: the app is
//! loaded in a same-origin iframe with `?bench=frame#steps=N` (the query turns on its render
//! timings, see [`super::timing`]), its spread slider is moved by an `input` event, and the
//! iframe's own `performance.now()` times three things:
//!
//! - `redraw`: until the run is re-simulated and every chart has redrawn
//!   (`window.spreadlabDrawnAt`, set by the charts);
//! - `layout`: plus the page's style and layout for that frame, forced and timed;
//! - `settled`: plus the trade table, which updates one task after the charts, and the
//!   layout that follows (timed by a mutation observer, see [`TableWatch`]). A sample
//!   counts only if the table changed.

use js_sys::{Promise, Reflect};
use serde_json::{json, Value};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    HtmlIFrameElement, HtmlInputElement, MutationObserver, MutationObserverInit, Window,
};

/// The iframe's size: a desktop layout, as people use the app.
const VIEWPORT: (u32, u32) = (1280, 900);

/// Median, min, max and count of `xs` (ms, rounded to 0.1), or nulls when empty.
pub fn stats(mut xs: Vec<f64>) -> Value {
    xs.sort_by(f64::total_cmp);
    let r = |x: f64| (x * 10.0).round() / 10.0;
    match (xs.first(), xs.last()) {
        (Some(lo), Some(hi)) => json!({
            "median": r(xs[xs.len() / 2]), "min": r(*lo), "max": r(*hi), "samples": xs.len()
        }),
        _ => json!({ "median": null, "min": null, "max": null, "samples": 0 }),
    }
}

async fn await_promise(p: Promise) {
    let _ = JsFuture::from(p).await;
}

async fn next_frame(w: &Window) {
    await_promise(Promise::new(&mut |resolve, _| {
        let _ = w.request_animation_frame(&resolve);
    }))
    .await;
}

/// Waits `ms` milliseconds; `sleep(w, 0)` yields to the next task.
async fn sleep(w: &Window, ms: i32) {
    await_promise(Promise::new(&mut |resolve, _| {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    }))
    .await;
}

fn number(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &key.into()).ok()?.as_f64()
}

fn nested(obj: &JsValue, map: &str, key: &str) -> Option<f64> {
    let m = Reflect::get(obj, &map.into()).ok()?;
    number(&m, key)
}

/// Forces style and layout of `doc` and returns how long it took (ms).
fn forced_layout(app: &Window, doc: &web_sys::Document) -> f64 {
    let perf = app.performance();
    let t0 = perf.as_ref().map_or(0.0, |p| p.now());
    if let Some(body) = doc.body() {
        let _ = body.offset_height();
    }
    perf.map_or(0.0, |p| p.now()) - t0
}

/// Times the style and layout of the page right after the trade table changes: mutation
/// observers run as a microtask at the end of the task that changed the table, before
/// the browser can render a frame, so the layout is still pending and timed here.
struct TableWatch {
    observer: MutationObserver,
    layout: Rc<Cell<Option<f64>>>,
    _callback: Closure<dyn FnMut(JsValue, MutationObserver)>,
}

impl TableWatch {
    fn start(app: &Window, doc: &web_sys::Document) -> Result<TableWatch, String> {
        let table = doc
            .get_element_by_id("trade-table")
            .ok_or("the app has no trade table")?;
        let layout = Rc::new(Cell::new(None));
        let (out, app, doc2) = (layout.clone(), app.clone(), doc.clone());
        let callback = Closure::<dyn FnMut(JsValue, MutationObserver)>::new(
            move |_records: JsValue, observer: MutationObserver| {
                observer.disconnect();
                out.set(Some(forced_layout(&app, &doc2)));
            },
        );
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())
            .map_err(|_| "could not create a MutationObserver")?;
        let opts = MutationObserverInit::new();
        opts.set_child_list(true);
        opts.set_subtree(true);
        opts.set_character_data(true);
        observer
            .observe_with_options(&table, &opts)
            .map_err(|_| "could not observe the trade table")?;
        Ok(TableWatch {
            observer,
            layout,
            _callback: callback,
        })
    }
}

/// One timed slider change: (redraw, layout, settled if measurable).
async fn sample(
    host: &Window,
    app: &Window,
    doc: &web_sys::Document,
    value: f64,
) -> Result<(f64, f64, Option<f64>), String> {
    // The element belongs to the frame's realm, where `instanceof` against this page's
    // HTMLInputElement fails: check the tag instead.
    let input: HtmlInputElement = doc
        .get_element_by_id("spread_percentage")
        .filter(|e| e.tag_name().eq_ignore_ascii_case("input"))
        .ok_or("the app has no spread slider")?
        .unchecked_into();
    let perf = app.performance().ok_or("no performance clock")?;
    let drawn_after = |t0: f64| number(app, "spreadlabDrawnAt").is_some_and(|t| t > t0);
    let watch = TableWatch::start(app, doc)?;
    let t0 = perf.now();
    input.set_value(&value.to_string());
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .map_err(|_| "could not create an input event")?;
    input
        .dispatch_event(&event)
        .map_err(|_| "could not dispatch the input event")?;
    // The app renders and draws in microtasks after the event: wait for them without
    // letting the browser render a frame in between.
    for _ in 0..50 {
        if drawn_after(t0) {
            break;
        }
        await_promise(Promise::resolve(&JsValue::UNDEFINED)).await;
    }
    let mut frames = 0;
    while !drawn_after(t0) {
        next_frame(host).await;
        frames += 1;
        if frames > 600 {
            return Err("the charts did not redraw within 600 frames".into());
        }
    }
    let drawn = number(app, "spreadlabDrawnAt").unwrap_or(t0) - t0;
    let layout = forced_layout(app, doc);
    // The trade table updates in a later task; its layout is timed by the observer.
    let mut table_layout = None;
    for _ in 0..20 {
        sleep(host, 0).await;
        table_layout = watch.layout.get();
        if table_layout.is_some() {
            break;
        }
    }
    watch.observer.disconnect();
    let table_ms = nested(app, "spreadlabDrawMs", "trade-table")
        .filter(|_| nested(app, "spreadlabDoneAt", "trade-table").is_some_and(|t| t > t0));
    let settled = match (table_ms, table_layout) {
        (Some(ms), Some(l)) => Some(drawn + layout + ms + l),
        _ => None,
    };
    next_frame(host).await;
    next_frame(host).await;
    Ok((drawn, drawn + layout, settled))
}

/// Loads the app with `steps` steps in an iframe and times `samples` slider changes.
pub async fn measure(steps: usize, samples: usize) -> Result<Value, String> {
    let host = web_sys::window().ok_or("no window")?;
    let document = host.document().ok_or("no document")?;
    let frame: HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(|_| "could not create an iframe")?
        .dyn_into()
        .map_err(|_| "not an iframe")?;
    frame.set_width(&VIEWPORT.0.to_string());
    frame.set_height(&VIEWPORT.1.to_string());
    frame.set_title("spreadlab under benchmark");
    let path = host.location().pathname().unwrap_or_default();
    // `?bench=frame` turns on the app's render timings (see `super::timing`); the
    // settings stay in the hash.
    frame.set_src(&format!("{path}?bench=frame#steps={steps}"));
    let body = document.body().ok_or("no body")?;
    body.append_child(&frame)
        .map_err(|_| "could not add the iframe")?;
    let result = run_in(&host, &frame, steps, samples).await;
    frame.remove();
    result
}

async fn run_in(
    host: &Window,
    frame: &HtmlIFrameElement,
    steps: usize,
    samples: usize,
) -> Result<Value, String> {
    // Wait (up to two minutes) for the app's first run to be on screen.
    let mut ready = None;
    for _ in 0..1200 {
        sleep(host, 100).await;
        if let (Some(app), Some(doc)) = (frame.content_window(), frame.content_document()) {
            if doc
                .get_element_by_id("kpi-total_return_percentage")
                .is_some()
            {
                ready = Some((app, doc));
                break;
            }
        }
    }
    let (app, doc) = ready.ok_or(format!("the app with {steps} steps did not load"))?;
    sleep(host, 300).await;
    let (mut redraw, mut layout, mut settled) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..samples {
        // Alternate between three spreads so every change is a real one.
        let value = 0.001 + 0.0001 * ((i % 3) + 1) as f64;
        let (d, l, s) = sample(host, &app, &doc, value).await?;
        redraw.push(d);
        layout.push(l);
        settled.extend(s);
    }
    let per_part = Reflect::get(&app, &"spreadlabDrawMs".into())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .unwrap_or(Value::Null);
    let sim = doc
        .get_element_by_id("sim-time")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    Ok(json!({
        "redraw": stats(redraw),
        "layout": stats(layout),
        "settled": stats(settled),
        "last_draw_ms": per_part,
        "sim": sim,
    }))
}
