//! A panic hook that shows the panic in a banner instead of leaving a blank page.

/// Installs the hook (console message plus the `#panic-banner` element in index.html).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.get_element_by_id("panic-banner") {
                el.set_text_content(Some(&format!(
                    "spreadlab hit an internal error and stopped: {msg}. Reload the page to continue; your settings are in the URL."
                )));
                let _ = el.remove_attribute("hidden");
            }
        }
    }));
}
