//! Render timings the benchmark reads from the page: `window.spreadlabDrawMs[id]` is how
//! long part `id` took to render (ms), `window.spreadlabDoneAt[id]` when it finished and
//! `window.spreadlabDrawnAt` when the last chart finished (performance.now() ms).
//!
//! They are written only under the benchmark, i.e. when the page's URL hash or query had
//! `bench=` at start-up (the app frame the benchmark measures is loaded with
//! `?bench=frame`, see [`super::bench_slider`]); a normal page keeps no such books.

use std::cell::Cell;
use wasm_bindgen::JsValue;

thread_local! {
    static BENCH: Cell<bool> = const { Cell::new(false) };
}

pub use crate::web::now;

/// Turns the render timings on if the page's URL hash or query contains `bench=`. Called
/// once at start-up, before the app rewrites its hash.
pub fn detect_bench() {
    let location = web_sys::window().map(|w| w.location());
    let has = |part: Option<String>| part.is_some_and(|p| p.contains("bench="));
    let on = has(location.as_ref().and_then(|l| l.hash().ok()))
        || has(location.as_ref().and_then(|l| l.search().ok()));
    BENCH.with(|b| b.set(on));
}

/// Starts timing a part's render: the current time under the benchmark, else `None`.
pub fn start() -> Option<f64> {
    BENCH.with(Cell::get).then(now)
}

/// Records that part `id` finished rendering now, having started at `started` (from
/// [`start`]; nothing is recorded when it is `None`).
pub fn record(id: &str, started: Option<f64>) {
    let Some(started) = started else {
        return;
    };
    let Some(w) = web_sys::window() else {
        return;
    };
    let end = now();
    set_in(&w, "spreadlabDrawMs", id, end - started);
    set_in(&w, "spreadlabDoneAt", id, end);
    if id.starts_with("chart-") {
        let _ = js_sys::Reflect::set(&w, &"spreadlabDrawnAt".into(), &end.into());
    }
}

fn set_in(w: &web_sys::Window, map: &str, id: &str, value: f64) {
    let key: JsValue = map.into();
    let obj = js_sys::Reflect::get(w, &key)
        .ok()
        .filter(|v| v.is_object())
        .unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&obj, &id.into(), &value.into());
    let _ = js_sys::Reflect::set(w, &key, &obj);
}
