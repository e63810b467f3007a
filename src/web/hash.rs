//! Reading and writing the page's URL hash (the codec itself is
//! [`crate::engine::settings::url_hash`]).

use crate::engine::settings::url_hash::{from_hash, to_hash, Decoded, View};
use crate::engine::settings::Settings;

/// Decodes the current `location.hash`, or `location.search` when there is no hash.
pub fn read() -> Decoded {
    let loc = web_sys::window().map(|w| w.location());
    let hash = loc.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    if hash.len() > 1 {
        return from_hash(&hash);
    }
    let search = loc.and_then(|l| l.search().ok()).unwrap_or_default();
    from_hash(&search)
}

/// Replaces the hash without adding a history entry or scrolling.
pub fn write(settings: &Settings, view: &View) {
    let h = to_hash(settings, view);
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&h));
        }
    }
}
