//! Render timings the benchmark reads from the page: `window.spreadlabDrawMs[id]` is how
//! long part `id` took to render (ms), `window.spreadlabDoneAt[id]` when it finished and
//! `window.spreadlabDrawnAt` when the last chart finished (performance.now() ms).

use wasm_bindgen::JsValue;

/// performance.now() in milliseconds (0 when unavailable).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Records that part `id` finished rendering now, having started at `started`.
pub fn record(id: &str, started: f64) {
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
