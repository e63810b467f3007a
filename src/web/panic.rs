//! Crashes end in a banner with a way back, never a blank or frozen page. The banner is
//! built by `www/guard.js` (plain JavaScript, so it works once the wasm instance is dead);
//! the panic hook hands it the message, and traps that skip the hook (out of memory) reach
//! its `error` listener.

use wasm_bindgen::{JsCast, JsValue};

/// Installs the hook: console message, then `window.spreadlabCrash(message)`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        let Some(window) = web_sys::window() else {
            return;
        };
        let crash = js_sys::Reflect::get(&window, &JsValue::from_str("spreadlabCrash"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match crash {
            Some(f) => {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&msg));
            }
            None => {
                if let Some(el) = window
                    .document()
                    .and_then(|d| d.get_element_by_id("panic-banner"))
                {
                    el.set_text_content(Some(&format!(
                        "spreadlab hit an internal error and stopped: {msg}. Reload the page to continue; your settings are in the URL."
                    )));
                    let _ = el.remove_attribute("hidden");
                }
            }
        }
    }));
}

/// The crash self-test (`?crash=panic` or `?crash=oom` in the address bar): shows what a
/// crash looks like, and lets the end-to-end tests check that every kind of crash ends in
/// the banner. `oom` asks for more memory than wasm32 can address, so the allocator fails
/// and the module traps without a panic (in practice, after at most 4 GiB of address space).
pub fn self_test() {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("crash=panic") {
        panic!("crash self-test (?crash=panic)");
    }
    if search.contains("crash=oom") {
        // 512 MiB at a time until wasm32's 4 GiB are gone: the allocator then aborts.
        let mut held: Vec<Vec<u8>> = Vec::new();
        for _ in 0..16 {
            held.push(Vec::with_capacity(1 << 29));
            std::hint::black_box(&held);
        }
    }
}
