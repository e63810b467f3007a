//! Saving text as a file: Blob + object URL + a temporary `<a download>`.

use wasm_bindgen::{JsCast, JsValue};

/// File name for a trade log: `trades_BTC-USDT_<seed>.csv` (the seed's name contained a `/`,
/// which made the file impossible to open).
pub fn trades_file_name(pair: &str, seed: u64) -> String {
    let safe: String = pair
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("trades_{safe}_{seed}.csv")
}

/// Builds a text/csv Blob.
pub fn csv_blob(text: &str) -> Result<web_sys::Blob, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/csv;charset=utf-8");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
}

/// Offers `text` as a download named `name`.
pub fn download_text(name: &str, text: &str) -> Result<(), JsValue> {
    let blob = csv_blob(text)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
