//! Loads the benchmark page's own wasm in place of the app: appends `www/bench_loader.js`,
//! which starts `spreadlab-bench` (built by trunk as a no-modules script next to index.html).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The loader script, relative to index.html.
pub const LOADER: &str = "./bench_loader.js";

/// Appends the loader to the page. A loader that fails to load ends in the crash banner.
pub fn load() -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let script = document.create_element("script")?;
    script.set_attribute("src", LOADER)?;
    let onerror =
        Closure::once_into_js(|| -> () { panic!("cannot load the benchmark ({LOADER})") });
    script.add_event_listener_with_callback("error", onerror.unchecked_ref())?;
    document.body().ok_or("no body")?.append_child(&script)?;
    Ok(())
}
